"""What the two organisations work out in the first three stages. One row per workspace (or per side)
unless said otherwise; rows are created on the first save."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db
from .content import LAYER_CODES, THEME_CODES

SHORT = 120
MEDIUM = 200
LONG = 2000
CASE_MAX = 3000
MAX_COUNT = 10000  # matches, capacity, mentors: anything above is a typo
AGE_MIN, AGE_MAX = 0, 27  # youth policy in the Netherlands reaches up to 27


def _in(column: str, values) -> str:
    return f"{column} IN ('" + "','".join(values) + "')"


def _nullable_in(column: str, values) -> str:
    return f"{column} IS NULL OR " + _in(column, values)


class _Edited:
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ExploreProfile(_Edited, db.Model):
    """Tips 1-2, filled in by the mentor project: capacity, readiness, choices and the relations person."""

    __tablename__ = "explore_profiles"
    __table_args__ = (
        CheckConstraint(f"current_matches IS NULL OR current_matches BETWEEN 0 AND {MAX_COUNT}",
                        name="current_matches_range"),
        CheckConstraint(f"match_capacity IS NULL OR match_capacity BETWEEN 0 AND {MAX_COUNT}",
                        name="match_capacity_range"),
        CheckConstraint(_nullable_in("management_ready", ("yes", "partly", "no")), name="management_ready_known"),
        CheckConstraint(_nullable_in("mentors_ready", ("yes", "partly", "no")), name="mentors_ready_known"),
        CheckConstraint(_nullable_in("search_mode", ("active", "passive")), name="search_mode_known"),
        CheckConstraint(_nullable_in("relations_person_kind", ("paid", "volunteer")), name="person_kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    current_matches: Mapped[int | None] = mapped_column(Integer)
    match_capacity: Mapped[int | None] = mapped_column(Integer)
    management_ready: Mapped[str | None] = mapped_column(String(10))
    mentors_ready: Mapped[str | None] = mapped_column(String(10))
    domain: Mapped[str] = mapped_column(String(MEDIUM), default="")
    target_group: Mapped[str] = mapped_column(String(MEDIUM), default="")
    domain_reason: Mapped[str] = mapped_column(String(LONG), default="")
    search_mode: Mapped[str | None] = mapped_column(String(10))
    search_reason: Mapped[str] = mapped_column(String(LONG), default="")
    relations_person: Mapped[str] = mapped_column(String(SHORT), default="")
    relations_person_kind: Mapped[str | None] = mapped_column(String(10))
    match_coordinator: Mapped[str] = mapped_column(String(SHORT), default="")

    @property
    def same_person(self) -> bool:
        """The relations person is also the match coordinator (allowed, but the tips advise against it)."""
        a, b = _person_key(self.relations_person), _person_key(self.match_coordinator)
        return bool(a) and a == b


def _person_key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


class NetworkPlan(_Edited, db.Model):
    """Tip 3: the layers of the intervention pyramid the workspace wants to work in."""

    __tablename__ = "network_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    layer_climate: Mapped[bool] = mapped_column(Boolean, default=False)
    layer_prevention: Mapped[bool] = mapped_column(Boolean, default=False)
    layer_problems: Mapped[bool] = mapped_column(Boolean, default=False)
    layer_interventions: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(LONG), default="")

    def has_layer(self, code: str) -> bool:
        return code in LAYER_CODES and bool(getattr(self, f"layer_{code}"))


class NetworkContact(db.Model):
    """Tips 3-4: one conversation with a local player, and the next step that follows from it."""

    __tablename__ = "network_contacts"
    __table_args__ = (
        CheckConstraint("due_on IS NULL OR met_on IS NULL OR due_on >= met_on", name="due_after_meeting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(SHORT))
    organisation: Mapped[str] = mapped_column(String(SHORT), default="")
    role: Mapped[str] = mapped_column(String(SHORT), default="")
    met_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(LONG), default="")
    next_step: Mapped[str] = mapped_column(String(MEDIUM), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    next_step_done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner = relationship("User", foreign_keys=[owner_id])


class CoreValues(_Edited, db.Model):
    """Tip 5: one organisation's core values, written by that organisation."""

    __tablename__ = "core_values"
    __table_args__ = (
        UniqueConstraint("workspace_id", "side", name="uq_core_values_workspace_side"),
        CheckConstraint(_in("side", ("mentor", "partner")), name="side_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(LONG), default="")


class FeasibilityLimits(_Edited, db.Model):
    """Tip 5: what the mentor project can and cannot offer."""

    __tablename__ = "feasibility_limits"
    __table_args__ = (
        CheckConstraint(f"age_min IS NULL OR age_min BETWEEN {AGE_MIN} AND {AGE_MAX}", name="age_min_range"),
        CheckConstraint(f"age_max IS NULL OR age_max BETWEEN {AGE_MIN} AND {AGE_MAX}", name="age_max_range"),
        CheckConstraint("age_min IS NULL OR age_max IS NULL OR age_min <= age_max", name="age_order"),
        CheckConstraint(f"mentors_available IS NULL OR mentors_available BETWEEN 0 AND {MAX_COUNT}",
                        name="mentors_available_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    target_groups: Mapped[str] = mapped_column(String(LONG), default="")
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    mentors_available: Mapped[int | None] = mapped_column(Integer)
    not_suitable: Mapped[str] = mapped_column(String(LONG), default="")


class SensitiveTheme(_Edited, db.Model):
    """Tip 6: one sensitive theme, each side's view and the agreement reached. ``version`` guards the
    jointly edited agreement against silent overwrites."""

    __tablename__ = "sensitive_themes"
    __table_args__ = (
        UniqueConstraint("workspace_id", "theme", name="uq_sensitive_themes_workspace_theme"),
        CheckConstraint(_in("theme", THEME_CODES), name="theme_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(30))
    mentor_view: Mapped[str] = mapped_column(String(LONG), default="")
    partner_view: Mapped[str] = mapped_column(String(LONG), default="")
    agreement: Mapped[str] = mapped_column(String(LONG), default="")
    vog: Mapped[bool] = mapped_column(Boolean, default=False)
    code_of_conduct: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential_person: Mapped[bool] = mapped_column(Boolean, default=False)
    four_eyes: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)


class HypotheticalCase(_Edited, db.Model):
    """Tip 6: one invented case, written by one organisation (``author_side``), and the agreements both
    draw from it."""

    __tablename__ = "hypothetical_cases"
    __table_args__ = (
        CheckConstraint(_in("author_side", ("mentor", "partner")), name="author_side_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    author_side: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(SHORT), default="")
    description: Mapped[str] = mapped_column(String(CASE_MAX), default="")
    agreements: Mapped[str] = mapped_column(String(CASE_MAX), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class CaseAnswer(_Edited, db.Model):
    """One organisation's answers to the same three questions about the hypothetical case."""

    __tablename__ = "case_answers"
    __table_args__ = (
        UniqueConstraint("workspace_id", "side", name="uq_case_answers_workspace_side"),
        CheckConstraint(_in("side", ("mentor", "partner")), name="side_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))
    who_does_what: Mapped[str] = mapped_column(String(LONG), default="")
    what_is_shared: Mapped[str] = mapped_column(String(LONG), default="")
    escalation: Mapped[str] = mapped_column(String(LONG), default="")

    @property
    def complete(self) -> bool:
        """All three questions answered."""
        return all((getattr(self, f) or "").strip() for f in ("who_does_what", "what_is_shared", "escalation"))
