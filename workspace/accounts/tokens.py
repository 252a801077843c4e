"""Single-use account links (password reset, e-mail confirmation). Services: they change rows, never commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from ..dbtypes import utcnow
from ..extensions import db
from .models import AccountToken, User

RESET = "reset"
EMAIL_CHANGE = "email_change"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its digest (also made for unknown addresses, so both paths cost the same)."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def issue(user: User, purpose: str, token_hash: str, lifetime: timedelta, *, new_email: str = "",
          created_by: User | None = None) -> AccountToken:
    """Store a link for ``user``; earlier unused links of the same purpose stop working."""
    now = utcnow()
    revoke(user, purpose)
    row = AccountToken(user_id=user.id, purpose=purpose, token_hash=token_hash, new_email=new_email,
                       created_by_id=getattr(created_by, "id", None), created_at=now, expires_at=now + lifetime)
    db.session.add(row)
    return row


def find_usable(token: str, purpose: str) -> AccountToken | None:
    """The unused, unexpired link for ``token`` of an active account, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == digest(token),
                                                       AccountToken.purpose == purpose))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    if not row.user.active or row.user.is_deleted:
        return None
    return row


def use(row: AccountToken) -> bool:
    """Mark the link used, atomically: of two uses at once exactly one gets True."""
    result = db.session.execute(
        update(AccountToken).where(AccountToken.id == row.id, AccountToken.used_at.is_(None),
                                   AccountToken.expires_at > utcnow())
        .values(used_at=utcnow()).execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def revoke(user: User, purpose: str) -> None:
    db.session.execute(
        update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
                                   AccountToken.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)
    )
