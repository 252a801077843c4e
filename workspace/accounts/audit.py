"""Hooks where account events reach the audit trail.

The activity/audit area (issue 6) fills these in; until then they only log.
"""

from __future__ import annotations

import logging

log = logging.getLogger("mentorbrug.audit")


def record_login(user) -> None:
    log.info("login user=%s", user.id)


def record_login_failure(email: str) -> None:
    log.info("login failed")


def record_signup(user) -> None:
    log.info("signup user=%s", user.id)


def record_password_change(user) -> None:
    log.info("password changed user=%s", user.id)


def record_access_denied(path: str, status: int) -> None:
    log.info("access denied status=%s path=%s", status, path)
