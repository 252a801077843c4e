"""Password hashing with argon2id, at the cost set in the configuration (OWASP minimum by default)."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 1024  # long enough for any passphrase; stops hashing megabytes. Never truncated.


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_KIB"],
        parallelism=cfg["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


_DUMMY: dict[str, str] = {}


def burn_time(password: str) -> None:
    """Verify against a dummy hash so that an unknown e-mail costs as much time as a wrong password."""
    key = f"{current_app.config['ARGON2_MEMORY_KIB']}:{current_app.config['ARGON2_TIME_COST']}"
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password-just-timing")
    verify_password(_DUMMY[key], password)
