"""Tables of the decide area: one decision cycle per pass through the decide stage, and each organisation's
append-only yes or no in it (leaflet tip 7)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

SIDES = ("mentor", "partner")
SIDE_LABELS = {"mentor": _l("Mentor project"), "partner": _l("Partner")}


def _in(column: str, values) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


# --- decide (tip 7) ---------------------------------------------------------------------------------------


class DecisionCycle(db.Model):
    """One pass through the decide stage. A reopened workspace starts a new cycle, so old decisions and an old
    referral agreement no longer count, but stay on record. Holds the optional deadline and, after a no,
    the agreement on how the organisations keep referring young people to each other."""

    __tablename__ = "decision_cycles"
    __table_args__ = (UniqueConstraint("workspace_id", "number", name="uq_decision_cycles_workspace_number"),
                      CheckConstraint("number >= 1", name="number_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    deadline: Mapped[date | None] = mapped_column(Date)
    referral_agreement: Mapped[str | None] = mapped_column(String(2000))
    referral_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    referral_updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    referral_updated_by = relationship("User")
    decisions = relationship("Decision", back_populates="cycle", order_by="Decision.id",
                             cascade="all, delete-orphan")


class Decision(db.Model):
    """One recorded yes or no of one organisation. Append-only: a change is a new row with ``seq`` + 1,
    so the whole history stays; the current decision of a side is its row with the highest ``seq``.
    The unique (cycle, side, seq) makes two leads who change the decision at once give one change."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("cycle_id", "side", "seq", name="uq_decisions_cycle_side_seq"),
        CheckConstraint(_in("side", SIDES), name="side_known"),
        CheckConstraint("answer IN ('yes','no')", name="answer_known"),
        CheckConstraint("seq >= 1", name="seq_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("decision_cycles.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    seq: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str] = mapped_column(String(3))
    reasons: Mapped[str] = mapped_column(String(2000))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle: Mapped[DecisionCycle] = relationship(back_populates="decisions")
    decided_by = relationship("User")
    organisation = relationship("Organisation")
