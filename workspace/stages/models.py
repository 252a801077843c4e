"""Stage tasks (the per-stage checklist) and stage changes (the stage history)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows import OUTCOME_CODES, STAGE_CODES, TRIGGERS, WORKING_STAGE_CODES

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

#: "created" marks the first row of a workspace's history (no from_stage); the rest are workflows.TRIGGERS.
HISTORY_TRIGGERS = ("created", *TRIGGERS)

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
REASON_MAX = 1000


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ('" + "','".join(values) + "')"


class StageTask(db.Model):
    """One task of a stage's checklist, in one pilot round.

    Rows made from a ``workflows.TaskTemplate`` carry its ``template_key``; the unique constraint on
    (workspace, stage, round, template_key) makes "create the stage's tasks once" hold in the database.
    Own tasks have ``template_key`` NULL (NULLs never collide).
    """

    __tablename__ = "stage_tasks"
    __table_args__ = (
        CheckConstraint(_in("stage", WORKING_STAGE_CODES), name="stage_known"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("done_by_id IS NULL OR done_at IS NOT NULL", name="done_by_only_when_done"),
        UniqueConstraint("workspace_id", "stage", "round", "template_key", name="uq_stage_tasks_template_once"),
        Index("ix_stage_tasks_workspace_stage_round", "workspace_id", "stage", "round", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer, default=1)
    template_key: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(String(DESCRIPTION_MAX), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assignee = relationship("User", foreign_keys=[assignee_id])
    done_by = relationship("User", foreign_keys=[done_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def __repr__(self) -> str:
        return f"<StageTask {self.id} {self.stage}/{self.round} {self.title!r}>"


class StageChange(db.Model):
    """One row of a workspace's stage history; append-only.

    Written by ``stages.services.fire`` in the same transaction as the guarded UPDATE of
    ``workspaces.stage``, and once with trigger "created" when the workspace is made.
    ``round`` and ``outcome`` are the workspace's values after the change.
    """

    __tablename__ = "stage_changes"
    __table_args__ = (
        CheckConstraint("from_stage IS NULL OR " + _in("from_stage", STAGE_CODES), name="from_stage_known"),
        CheckConstraint(_in("to_stage", STAGE_CODES), name="to_stage_known"),
        CheckConstraint(_in("trigger", HISTORY_TRIGGERS), name="trigger_known"),
        CheckConstraint("outcome IS NULL OR " + _in("outcome", OUTCOME_CODES), name="outcome_known"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("(trigger = 'created') = (from_stage IS NULL)", name="from_stage_unless_created"),
        Index("ix_stage_changes_workspace_created", "workspace_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    round: Mapped[int] = mapped_column(Integer, default=1)
    outcome: Mapped[str | None] = mapped_column(String(20))

    actor = relationship("User")
    organisation = relationship("Organisation")

    def __repr__(self) -> str:
        return f"<StageChange {self.id} {self.from_stage}->{self.to_stage} {self.trigger}>"
