"""Guessable passwords are refused: zxcvbn estimates how many guesses a password takes, with the person's
name and e-mail address as extra words to guess from. Length stays the first rule (12 characters or more);
passphrases of a few ordinary words pass easily."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError
from zxcvbn import zxcvbn

#: zxcvbn's score 0..4; 3 means "safely unguessable: moderate protection from offline slow-hash attacks"
MIN_SCORE = 3
#: zxcvbn's running time grows with length; beyond this many characters the rest is not looked at
CHECKED_LENGTH = 100


def personal_words(*values: str) -> list[str]:
    """Words from a name and an e-mail address that a guesser would try (the address, its local part, parts)."""
    words: list[str] = []
    for value in values:
        value = (value or "").strip().lower()
        if not value:
            continue
        words.append(value)
        local = value.split("@", 1)[0]
        words.append(local)
        parts = [part for part in re.split(r"[^\w]+", local) if part]
        words.append("".join(parts))  # "Nina Nieuw" is guessed as "ninanieuw" too
        words += [part for part in re.split(r"[^\w]+", value) if len(part) >= 3]
    words.append("mentorbrug")
    return list(dict.fromkeys(words))


def is_guessable(password: str, words: list[str]) -> bool:
    return zxcvbn(password[:CHECKED_LENGTH], user_inputs=words)["score"] < MIN_SCORE


class StrongPassword:
    """Form validator. The form names the fields holding the person's name and address (or gives the words
    through ``form.password_words()``)."""

    def __call__(self, form, field):
        if not field.data:
            return
        words_of = getattr(form, "password_words", None)
        words = words_of() if callable(words_of) else personal_words()
        if is_guessable(field.data, words):
            raise ValidationError(_l(
                "This password is too easy to guess: it is a common password, or close to your name or e-mail "
                "address. Try a few unrelated words in a row, like a short sentence only you would think of."))
