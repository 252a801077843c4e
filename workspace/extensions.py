"""The Flask extensions, created unbound here and bound in create_app."""

import sqlite3
from datetime import UTC, datetime, timedelta

import flask_login
from flask import current_app, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)

# Every SQLite connection: foreign keys enforced as on PostgreSQL, readers not blocked by the writer (WAL),
# a writer waits up to 5 s for another instead of failing at once, and fsync only at checkpoints (safe with
# WAL). journal_mode persists in the file; the others are per connection. (An in-memory database answers
# "memory" for the journal mode.) tests/test_ops_runtime.py reads them back.
SQLITE_PRAGMAS = (
    ("journal_mode", "WAL"),
    ("foreign_keys", "ON"),
    ("busy_timeout", "5000"),
    ("synchronous", "NORMAL"),
)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        for name, value in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {name} = {value}")
    finally:
        cursor.close()


def _render_item(type_, obj, autogen_context):
    """Autogenerate writes our UTCDateTime as a plain DateTime, so revisions never import app code."""
    from .dbtypes import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


migrate = Migrate(render_as_batch=True, compare_type=True, render_item=_render_item)
class LoginManager(flask_login.LoginManager):
    """Flask-Login 0.6.3 computes the remember cookie's expiry with ``datetime.utcnow()``, deprecated since
    Python 3.12. This writes the same cookie (same settings, same signed value) with an aware UTC expiry.
    Flask-Login is pinned to 0.6.3 in pyproject.toml; tests/test_accounts.py checks the cookie's lifetime."""

    def _set_cookie(self, response):
        config = current_app.config
        if "_remember_seconds" in session:
            duration = timedelta(seconds=session["_remember_seconds"])
        else:
            duration = config.get("REMEMBER_COOKIE_DURATION", flask_login.config.COOKIE_DURATION)
        if isinstance(duration, int):
            duration = timedelta(seconds=duration)
        response.set_cookie(
            config.get("REMEMBER_COOKIE_NAME", flask_login.config.COOKIE_NAME),
            value=flask_login.utils.encode_cookie(str(session["_user_id"])),
            expires=datetime.now(UTC) + duration,
            domain=config.get("REMEMBER_COOKIE_DOMAIN"),
            path=config.get("REMEMBER_COOKIE_PATH", "/"),
            secure=config.get("REMEMBER_COOKIE_SECURE", flask_login.config.COOKIE_SECURE),
            httponly=config.get("REMEMBER_COOKIE_HTTPONLY", flask_login.config.COOKIE_HTTPONLY),
            samesite=config.get("REMEMBER_COOKIE_SAMESITE", flask_login.config.COOKIE_SAMESITE),
        )


login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
htmx = Htmx()
