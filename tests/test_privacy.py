"""The BSN detector behind the client-data guard."""

import pytest

from workspace.privacy import find_bsn_like, passes_eleven_test


@pytest.mark.parametrize("text", ["123456782", "1234.56.782", "BSN 111 222 333 van de jongere", "1234 56 782"])
def test_bsn_like_numbers_are_found(text):
    assert find_bsn_like(text)


@pytest.mark.parametrize("text", [
    "123456789",            # nine digits, fails the 11-test
    "06-12345678",          # a mobile number
    "0612345678",           # ten digits
    "1234567820",           # a valid BSN inside a longer number is not a BSN
    "IBAN NL91ABNA0417164300",
    "",
    None,
    "000000000",
])
def test_other_numbers_are_not(text):
    assert find_bsn_like(text) == []


def test_eleven_test():
    assert passes_eleven_test("111222333")
    assert not passes_eleven_test("111222334")
    assert not passes_eleven_test("12345678")
