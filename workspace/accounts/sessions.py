"""Server-side login sessions.

Flask-Login keeps a random token in the signed cookie (``User.get_id``); this module maps it to a
``UserSession`` row. Ending the row (logout, password change, deactivation) makes every copy of the
cookie worthless on its next request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, make_response, redirect, request, session, url_for
from flask_login import login_url, login_user, logout_user
from sqlalchemy import select, update

from ..dbtypes import utcnow
from ..extensions import db, login_manager
from .models import User, UserSession

TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, remember: bool = False) -> None:
    """Log ``user`` in with a fresh session id (the old cookie session is cleared first)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    token = secrets.token_urlsafe(32)
    now = utcnow()
    lifetime = (
        current_app.config["REMEMBER_COOKIE_DURATION"] if remember else current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    )
    db.session.add(
        UserSession(
            user_id=user.id, token_hash=_digest(token), created_at=now, last_seen_at=now,
            expires_at=now + lifetime, remember=remember,
        )
    )
    user.session_token = token
    login_user(user, remember=remember)
    session.permanent = remember


def end_session(user: User) -> None:
    """Log the current session out for good."""
    token = user.session_token
    if token:
        db.session.execute(
            update(UserSession).where(UserSession.token_hash == _digest(token)).values(ended_at=utcnow())
        )
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang  # the "logged out" page stays in the language the person chose
    # logout_user asked Flask-Login to delete the remember cookie ("_remember": "clear"); clearing the
    # session took that request away with everything else, so ask again.
    session["_remember"] = "clear"


def end_other_sessions(user: User) -> None:
    """End every session of ``user`` but the current one (after a password change)."""
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if user.session_token:
        stmt = stmt.where(UserSession.token_hash != _digest(user.session_token))
    db.session.execute(stmt.values(ended_at=utcnow()))


def end_all_sessions(user_id: int) -> None:
    """End every session of a user (deactivation, account deletion)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the live session for ``token``; refuse it when ended, expired or idle too long."""
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id).where(
            UserSession.token_hash == _digest(token), UserSession.ended_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    if user_session.expires_at <= now or (not user_session.remember and now - user_session.last_seen_at > idle):
        user_session.ended_at = now
        db.session.commit()
        return None
    if not user.active:
        return None
    if now - user_session.last_seen_at > TOUCH_EVERY:
        user_session.last_seen_at = now
        db.session.commit()
    user.session_token = token
    return user


def _same_site_path(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if parts.netloc == request.host and parts.path:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


def page_url_for_login() -> str:
    """The page to come back to after logging in: for htmx the page the person was on (``HX-Current-URL``),
    not the fragment's URL, which would show a bare fragment after login; for a plain post the page the
    form was on."""
    if request.headers.get("HX-Request"):
        return _same_site_path(request.headers.get("HX-Current-URL")) or url_for("core.home")
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return _same_site_path(request.referrer) or url_for("core.home")


@login_manager.unauthorized_handler
def unauthorized():
    """Anyone not (or no longer) logged in, on a page that needs it: to the login page, with ``next`` the page
    they were on. An htmx request gets ``HX-Redirect`` (status 401), so the whole page goes to the login page
    instead of a login page being swapped into a fragment."""
    target = login_url(login_manager.login_view, next_url=page_url_for_login())
    if request.headers.get("HX-Request"):
        response = make_response("", 401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)

