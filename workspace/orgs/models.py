"""Organisations (the tenant) and who belongs to them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class OrgKind(enum.StrEnum):
    MENTOR_PROJECT = "mentor_project"
    MUNICIPALITY = "municipality"
    WIJKTEAM = "wijkteam"
    YOUTH_CARE = "youth_care"
    WELFARE = "welfare"
    SCHOOL = "school"
    OTHER = "other"

    @property
    def label(self):
        return ORG_KIND_LABELS[self]


ORG_KIND_LABELS = {
    OrgKind.MENTOR_PROJECT: _l("Mentor project"),
    OrgKind.MUNICIPALITY: _l("Municipality"),
    OrgKind.WIJKTEAM: _l("Neighbourhood team (wijkteam)"),
    OrgKind.YOUTH_CARE: _l("Youth care"),
    OrgKind.WELFARE: _l("Welfare"),
    OrgKind.SCHOOL: _l("School"),
    OrgKind.OTHER: _l("Other"),
}


class OrgRole(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('mentor_project','municipality','wijkteam','youth_care','welfare','school','other')",
            name="kind_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships = relationship("OrgMembership", back_populates="organisation", cascade="all, delete-orphan")

    @property
    def kind_label(self):
        return OrgKind(self.kind).label

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class OrgMembership(db.Model):
    __tablename__ = "org_memberships"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id", name="uq_org_memberships_org_user"),
        CheckConstraint("role IN ('admin','member')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=OrgRole.MEMBER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user = relationship("User", back_populates="org_memberships")
