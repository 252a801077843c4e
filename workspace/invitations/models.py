"""Invitation links: to join an organisation, or a workspace with a role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class Invitation(db.Model):
    """A single-use link. Only the SHA-256 of the token is stored.

    Either ``organisation_id`` is set (join that organisation with ``org_role``), or ``workspace_id``
    (join the workspace with ``role``; ``for_partner_lead`` lets the invitee create or choose the
    partner organisation on acceptance).
    """

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("organisation_id IS NOT NULL OR workspace_id IS NOT NULL", name="has_target"),
        CheckConstraint("role IS NULL OR role IN ('lead','member','observer')", name="role_known"),
        CheckConstraint("org_role IS NULL OR org_role IN ('admin','member')", name="org_role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    org_role: Mapped[str | None] = mapped_column(String(10))
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(10))
    for_partner_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    workspace = relationship("Workspace")
    created_by = relationship("User", foreign_keys=[created_by_id])

    def is_usable(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
