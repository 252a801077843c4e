"""Notes in a workspace: joint (both organisations) or internal to one organisation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows import WORKING_STAGE_CODES

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

NOTE_STAGES = WORKING_STAGE_CODES  # a note belongs to a working stage, or to none
TITLE_MAX = 120
BODY_MAX = 20000


class Note(db.Model):
    """A Markdown note. ``internal_org_id`` NULL makes it a joint note; otherwise only members of that
    organisation ever see it (see ``services.visible_notes_query``). ``version`` grows by one with every
    saved edit, so an edit based on an older version is detected instead of overwriting someone's work."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("stage IS NULL OR stage IN ('" + "','".join(NOTE_STAGES) + "')", name="stage_known"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_notes_workspace_listing", "workspace_id", "pinned", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    stage: Mapped[str | None] = mapped_column(String(20))
    internal_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(String(BODY_MAX), default="")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    internal_org = relationship("Organisation")

    @property
    def is_internal(self) -> bool:
        return self.internal_org_id is not None

    def __repr__(self) -> str:
        return f"<Note {self.id} v{self.version} {'internal' if self.is_internal else 'joint'}>"
