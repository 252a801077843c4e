"""Users and their server-side sessions."""

from __future__ import annotations

from datetime import datetime

from flask import has_request_context
from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The column is "name"; the attribute ``name`` (below) shows "Former member" once the account is deleted.
    stored_name: Mapped[str] = mapped_column("name", String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # The daily digest e-mail (dashboard area) is on unless the person switches it off.
    digest_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the person deleted their account (AVG): the row stays, pseudonymised, so that past
    # contributions and audit rows keep pointing somewhere; it can no longer log in.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_memberships = relationship("OrgMembership", back_populates="user", cascade="all, delete-orphan")

    # Set by the session loader: Flask-Login stores this token, not the user id, in the cookies,
    # so ending the server-side session row invalidates every copy of the cookie.
    session_token = None  # str | None; not a column

    @hybrid_property
    def name(self) -> str:
        """The person's name, or "Former member" (in the reader's language) after account deletion.

        Every template that shows ``user.name`` thus shows deleted people as former members without
        knowing about deletion. In queries ``User.name`` is the plain column."""
        if self.deleted_at is not None:
            # Outside a request (CLI jobs, mail digests) there is no reader's language: English.
            return gettext("Former member") if has_request_context() else "Former member"
        return self.stored_name

    @name.inplace.setter
    def _name_setter(self, value: str) -> None:
        self.stored_name = value

    @name.inplace.expression
    @classmethod
    def _name_expression(cls):
        return cls.stored_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserSession(db.Model):
    """One login. The cookie holds a random token; the table keeps only its SHA-256."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class AccountToken(db.Model):
    """A single-use link for an account: a password reset, or the confirmation of a new e-mail address.
    Only the SHA-256 of the token is stored; ``used_at`` is set by a conditional UPDATE, so of two uses at
    once exactly one wins."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint("purpose IN ('reset','email_change')", name="purpose_known"),
        CheckConstraint("purpose <> 'email_change' OR new_email <> ''", name="email_change_has_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[str] = mapped_column(String(254), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
