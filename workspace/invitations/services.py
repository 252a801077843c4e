"""Creating, finding and accepting invitation links. Services change state; callers commit."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..dbtypes import utcnow
from ..extensions import db
from ..urls import external_url
from .models import Invitation

log = logging.getLogger(__name__)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(*, created_by, email: str = "", **target) -> tuple[Invitation, str]:
    """Make a single-use invitation; returns it with the clear-text token (shown or mailed once)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = Invitation(
        token_hash=digest(token), email=(email or "").lower(), created_by_id=created_by.id if created_by else None,
        created_at=now, expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]), **target,
    )
    db.session.add(invitation)
    return invitation, token


def invitation_url(token: str) -> str:
    return external_url("invitations.accept", token=token)


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))


def find_usable_invitation(token: str) -> Invitation | None:
    invitation = find_invitation(token)
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation
