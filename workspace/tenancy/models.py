"""Workspaces (one mentor project + one partner organisation) and their memberships."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows import STAGE_CODES

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class Role(enum.StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    OBSERVER = "observer"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.LEAD: _l("Lead"), Role.MEMBER: _l("Member"), Role.OBSERVER: _l("Observer")}


class Workspace(db.Model):
    __tablename__ = "workspaces"
    __table_args__ = (
        CheckConstraint("stage IN ('" + "','".join(STAGE_CODES) + "')", name="stage_known"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('declined','stopped','structural')", name="outcome_known"
        ),
        CheckConstraint("(stage = 'closed') = (outcome IS NOT NULL)", name="outcome_iff_closed"),
        CheckConstraint("partner_org_id IS NULL OR partner_org_id <> mentor_org_id", name="two_orgs"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    mentor_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # NULL until the invited lead of a new partner organisation accepts and names it.
    partner_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20), default="explore")
    round: Mapped[int] = mapped_column(Integer, default=1)
    outcome: Mapped[str | None] = mapped_column(String(20))
    stage_entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    mentor_org = relationship("Organisation", foreign_keys=[mentor_org_id])
    partner_org = relationship("Organisation", foreign_keys=[partner_org_id])
    memberships = relationship("Membership", back_populates="workspace", cascade="all, delete-orphan")

    def side_of(self, organisation_id: int | None) -> str | None:
        """'mentor' or 'partner' for one of the two organisations, None for any other."""
        if organisation_id is None:
            return None
        if organisation_id == self.mentor_org_id:
            return "mentor"
        if organisation_id == self.partner_org_id:
            return "partner"
        return None

    def __repr__(self) -> str:
        return f"<Workspace {self.id} {self.title!r} {self.stage}>"


class Membership(db.Model):
    """A person in a workspace, on behalf of one organisation, with one role."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id", name="uq_memberships_workspace_user"),
        CheckConstraint("role IN ('lead','member','observer')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workspace: Mapped[Workspace] = relationship(back_populates="memberships")
    user = relationship("User")
    organisation = relationship("Organisation")

    @property
    def side(self) -> str | None:
        return self.workspace.side_of(self.organisation_id)

    @property
    def role_label(self):
        return Role(self.role).label
