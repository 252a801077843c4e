"""Account and security events on the audit trail (activity rows without a workspace; site admins see them)."""

from __future__ import annotations

import hashlib
import logging

from .services import record

log = logging.getLogger("mentorbrug.audit")


def record_login(user) -> None:
    record("login.succeeded", user, "login", details={}, user=user, workspace=None)


def login_fingerprint(email: str) -> str:
    """A short hash of an address: failed logins per account can be told apart without storing the address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]


def record_login_failure(email: str) -> None:
    # The address is hashed: a typo in a login form should not put someone's e-mail in the trail.
    fingerprint = login_fingerprint(email)
    record("login.failed", None, f"failed login (account fingerprint {fingerprint})",
           details={"fingerprint": fingerprint}, object_type="account", workspace=None)


def record_signup(user) -> None:
    record("account.created", user, "account created", details={}, user=user, workspace=None)


def record_password_change(user) -> None:
    record("account.password_changed", user, "password changed", details={}, user=user, workspace=None)


def record_access_denied(path: str, status: int) -> None:
    record("access.denied", None, f"{status} {path[:200]}", details={"status": status, "path": path[:200]},
           object_type="request", workspace=None)
