"""The append-only activity row: the workspace feed and the audit trail in one table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class Activity(db.Model):
    """One change or security event. Never updated, never deleted (account deletion pseudonymises ``user_id``).

    ``summary`` is a short plain description without note text or secrets (for the audit trail and the personal
    data download); ``details`` the same facts as a dict (``{"title": ...}``, ``{"from": "explore", "to":
    "network"}``), which the owning area's ``feed_labels`` word in the reader's language. ``workspace_id`` is
    NULL for account events (logins, failed logins, access denials), which only site admins see.
    """

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(40))  # e.g. task.ticked, note.created, stage.advance, login.failed
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[dict | None] = mapped_column(JSON)
    stage: Mapped[str | None] = mapped_column(String(20))
    # Only internal notes' activity is private to one organisation: NULL means both organisations see it.
    visible_to_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))

    user = relationship("User")
    organisation = relationship("Organisation", foreign_keys=[organisation_id])
