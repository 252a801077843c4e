"""Tables of the pilot area, each row belonging to one pilot round (``round``): the plan (construction and
scope), the responsibility matrix, practical needs, check-ins and the indicators (leaflet tips 8-11)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


def _in(column: str, values) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


# --- pilot plan (tips 8-10) -------------------------------------------------------------------------------


class Construction(enum.StrEnum):
    EMBEDDED = "embedded"  # inkwartieren
    SUBCONTRACTING = "subcontracting"  # onderaanneming
    COPRODUCTION = "coproduction"
    JOINT_SERVICE = "joint_service"


CONSTRUCTION_LABELS = {
    Construction.EMBEDDED: _l("Embedded in the partner's work (inkwartieren)"),
    Construction.SUBCONTRACTING: _l("Subcontracting (onderaanneming)"),
    Construction.COPRODUCTION: _l("Co-production"),
    Construction.JOINT_SERVICE: _l("A new joint service for the municipality"),
}
CONSTRUCTION_EXPLANATIONS = {
    Construction.EMBEDDED: _l(
        "Mentoring becomes part of how the partner itself works with young people. Consequence: the mentor "
        "project is less visible as a project of its own, and the tasks of mentors and professionals need a "
        "tighter division inside the partner organisation."),
    Construction.SUBCONTRACTING: _l(
        "The mentor project delivers a clearly described service within the partner's work. Consequence: who "
        "is responsible for what is clear from the start; what the project delivers, and on which terms, must "
        "be written down."),
    Construction.COPRODUCTION: _l(
        "Both organisations work side by side towards shared goals, each in its own role. Consequence: each "
        "keeps its own identity, but it takes regular joint time to stay attuned."),
    Construction.JOINT_SERVICE: _l(
        "Together you build a new service and offer it to the municipality. Consequence: it can bring new "
        "funding and visibility, but it needs a joint proposal and a clear answer to who is accountable."),
}


class PilotPlan(db.Model):
    """The plan of one pilot round: construction and scope. Rows (responsibilities, needs, check-ins,
    indicators) hang off the same (workspace, round). ``indicators_frozen_at`` is set when the workspace
    enters `evaluate`; from then on an indicator change needs a lead and a reason."""

    __tablename__ = "pilot_plans"
    __table_args__ = (
        UniqueConstraint("workspace_id", "round", name="uq_pilot_plans_workspace_round"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("construction IS NULL OR " + _in("construction", [c.value for c in Construction]),
                        name="construction_known"),
        CheckConstraint("matches IS NULL OR matches >= 1", name="matches_positive"),
        CheckConstraint("start_date IS NULL OR end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    construction: Mapped[str | None] = mapped_column(String(20))
    construction_note: Mapped[str | None] = mapped_column(String(1000))
    target_group: Mapped[str | None] = mapped_column(String(300))
    place: Mapped[str | None] = mapped_column(String(200))
    matches: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    phase_before: Mapped[bool] = mapped_column(Boolean, default=False)
    phase_during: Mapped[bool] = mapped_column(Boolean, default=False)
    phase_after: Mapped[bool] = mapped_column(Boolean, default=False)
    copied_from_round: Mapped[int | None] = mapped_column(Integer)
    indicators_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def construction_label(self):
        return CONSTRUCTION_LABELS[Construction(self.construction)] if self.construction else None

    @property
    def phases(self) -> list[str]:
        return [code for code, on in (("before", self.phase_before), ("during", self.phase_during),
                                      ("after", self.phase_after)) if on]


PHASE_LABELS = {
    "before": _l("Before treatment (prevention)"),
    "during": _l("During treatment"),
    "after": _l("After treatment (aftercare)"),
}


class Holder(enum.StrEnum):
    PROFESSIONAL = "professional"
    MENTOR = "mentor"
    BOTH = "both"
    NOBODY = "nobody"


HOLDER_LABELS = {
    Holder.PROFESSIONAL: _l("Professional"),
    Holder.MENTOR: _l("Mentor"),
    Holder.BOTH: _l("Both"),
    Holder.NOBODY: _l("Nobody"),
}


class ResponsibilityRow(db.Model):
    """One topic of the responsibility matrix and who carries it. ``holder`` is NULL until agreed.
    A professional-only topic rests with the professional side only, from the moment it exists: never with a
    mentor, with "both" or with nobody (leaflet tip 9; database check too)."""

    __tablename__ = "responsibility_rows"
    __table_args__ = (
        CheckConstraint("holder IS NULL OR " + _in("holder", [h.value for h in Holder]), name="holder_known"),
        CheckConstraint("NOT professional_only OR holder IS NULL OR holder = 'professional'",
                        name="professional_topic_stays_professional"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[str] = mapped_column(String(120))
    template_key: Mapped[str | None] = mapped_column(String(40))
    professional_only: Mapped[bool] = mapped_column(Boolean, default=False)
    holder: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))

    @property
    def holder_label(self):
        return HOLDER_LABELS[Holder(self.holder)] if self.holder else None


class NeedKind(enum.StrEnum):
    MONEY = "money"
    CONTACTS = "contacts"
    TIME = "time"
    ROLES = "roles"
    CULTURE = "culture"
    EXPERTISE = "expertise"
    INTERVISION = "intervision"
    MEETINGS = "meetings"
    OTHER = "other"


NEED_LABELS = {
    NeedKind.MONEY: _l("Money"),
    NeedKind.CONTACTS: _l("Contacts"),
    NeedKind.TIME: _l("Time"),
    NeedKind.ROLES: _l("New roles or positions"),
    NeedKind.CULTURE: _l("A change of culture"),
    NeedKind.EXPERTISE: _l("Mentor expertise and training"),
    NeedKind.INTERVISION: _l("Intervision"),
    NeedKind.MEETINGS: _l("Joint meetings of mentors and professionals"),
    NeedKind.OTHER: _l("Other"),
}


class NeedStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ARRANGED = "arranged"
    NOT_NEEDED = "not_needed"


NEED_STATUS_LABELS = {
    NeedStatus.OPEN: _l("To be arranged"),
    NeedStatus.IN_PROGRESS: _l("Being arranged"),
    NeedStatus.ARRANGED: _l("Arranged"),
    NeedStatus.NOT_NEEDED: _l("Not needed"),
}


class PracticalNeed(db.Model):
    """Something the pilot needs in practice (tip 10), who sees to it, and how far it is."""

    __tablename__ = "practical_needs"
    __table_args__ = (
        CheckConstraint(_in("kind", [k.value for k in NeedKind]), name="kind_known"),
        CheckConstraint(_in("status", [s.value for s in NeedStatus]), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(120))  # for kind "other"
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=NeedStatus.OPEN)
    note: Mapped[str | None] = mapped_column(String(500))

    owner = relationship("User")

    @property
    def label(self):
        return self.title if self.kind == NeedKind.OTHER and self.title else NEED_LABELS[NeedKind(self.kind)]

    @property
    def status_label(self):
        return NEED_STATUS_LABELS[NeedStatus(self.status)]


class CheckIn(db.Model):
    """A planned moment where both organisations look at how the pilot goes. Suggested ones carry the
    ``template_key`` of their topic, so each reader sees the topic in their own language."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    on_date: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(200))
    template_key: Mapped[str | None] = mapped_column(String(40))


# --- indicators (tip 11) ----------------------------------------------------------------------------------


class Unit(enum.StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    TEXT = "text"


UNIT_LABELS = {Unit.NUMBER: _l("Number"), Unit.PERCENTAGE: _l("Percentage"), Unit.TEXT: _l("Text")}


class Indicator(db.Model):
    """What the organisations look at to call the pilot a success or a failure. Agreed during the pilot;
    once frozen a change is marked ``changed_after_fact_at`` with who and why."""

    __tablename__ = "indicators"
    __table_args__ = (CheckConstraint(_in("unit", [u.value for u in Unit]), name="unit_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    success: Mapped[str] = mapped_column(String(500))
    failure: Mapped[str] = mapped_column(String(500))
    target: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(12))
    how_measured: Mapped[str] = mapped_column(String(300))
    measured_by: Mapped[str] = mapped_column(String(120))
    changed_after_fact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_after_fact_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    change_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_after_fact_by = relationship("User")

    @property
    def unit_label(self):
        return UNIT_LABELS[Unit(self.unit)]
