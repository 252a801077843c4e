"""The client-data guard: spot what looks like a citizen service number (BSN) in free text.

A BSN is 9 digits (written plainly or with dots/spaces, e.g. ``1234.56.782``) that pass the 11-test:
9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11. Phone numbers and numbers failing the test pass.
"""

from __future__ import annotations

import re

# nine digits, optionally separated by single dots or spaces, not part of a longer number
_CANDIDATE = re.compile(r"(?<![\d.])(\d(?:[ .]?\d){8})(?![\d]|\.\d)")


def passes_eleven_test(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def find_bsn_like(text: str | None) -> list[str]:
    """Every substring of ``text`` that looks like a BSN, as written."""
    if not text:
        return []
    found = []
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ .]", "", match.group(1))
        if passes_eleven_test(digits):
            found.append(match.group(1))
    return found
