"""Tables of the evaluation area: the evaluation of a pilot round with a measured value per indicator and
a comment thread, and the exit plan of the continue stage (leaflet tips 11, 12)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db
from ..pilot.models import Indicator

# --- evaluation (tips 11, 12) -----------------------------------------------------------------------------


class Evaluation(db.Model):
    """The evaluation of one pilot round. Once a lead shares it (``shared_at``) it is read-only; only the
    comment thread under it keeps growing."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("workspace_id", "round", name="uq_evaluations_workspace_round"),
                      CheckConstraint("shared_by_id IS NULL OR shared_at IS NOT NULL", name="shared_by_with_time"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    process: Mapped[str | None] = mapped_column(String(4000))
    effects: Mapped[str | None] = mapped_column(String(4000))
    mentor_views: Mapped[str | None] = mapped_column(String(4000))
    mentee_views: Mapped[str | None] = mapped_column(String(4000))
    professional_views: Mapped[str | None] = mapped_column(String(4000))
    strengths: Mapped[str | None] = mapped_column(String(4000))
    lessons_mentor: Mapped[str | None] = mapped_column(String(4000))
    lessons_partner: Mapped[str | None] = mapped_column(String(4000))
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    shared_by = relationship("User", foreign_keys=[shared_by_id])
    results = relationship("IndicatorResult", back_populates="evaluation", cascade="all, delete-orphan")
    comments = relationship("EvaluationComment", back_populates="evaluation", order_by="EvaluationComment.id",
                            cascade="all, delete-orphan")

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class IndicatorResult(db.Model):
    """The measured value of one indicator in the evaluation of its round, with a comment."""

    __tablename__ = "indicator_results"
    __table_args__ = (UniqueConstraint("indicator_id", name="uq_indicator_results_indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    measured_value: Mapped[str | None] = mapped_column(String(60))
    comment: Mapped[str | None] = mapped_column(String(1000))

    evaluation: Mapped[Evaluation] = relationship(back_populates="results")
    indicator: Mapped[Indicator] = relationship()


class EvaluationComment(db.Model):
    """A comment in the thread under an evaluation; leads, members and observers write them."""

    __tablename__ = "evaluation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    evaluation: Mapped[Evaluation] = relationship(back_populates="comments")
    author = relationship("User")
    organisation = relationship("Organisation")


# --- continue: stopping well (tips 11, 12) ----------------------------------------------------------------


class ExitPlan(db.Model):
    """How the matches that still run end well when the organisations stop. Needed to close as "stopped"."""

    __tablename__ = "exit_plans"
    __table_args__ = (UniqueConstraint("workspace_id", "round", name="uq_exit_plans_workspace_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    approach: Mapped[str] = mapped_column(String(2000))
    no_running_matches: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    matches = relationship("ExitMatch", back_populates="plan", order_by="ExitMatch.id",
                           cascade="all, delete-orphan")

    @property
    def complete(self) -> bool:
        return bool((self.approach or "").strip()) and (self.no_running_matches or bool(self.matches))


class ExitMatch(db.Model):
    """One running match in the exit plan: a neutral label (never a young person's name), how it ends, by when."""

    __tablename__ = "exit_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("exit_plans.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    how: Mapped[str] = mapped_column(String(500))
    end_by: Mapped[date] = mapped_column(Date)

    plan: Mapped[ExitPlan] = relationship(back_populates="matches")
