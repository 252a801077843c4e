"""Demo data for the workflow: the four demo workspaces end up in different stages, as if worked through.

``Area.demo`` of the stages area, run after the content areas'; called once per newly created demo workspace (``seed_demo``
skips workspaces that exist, and ``bring_to_stage`` skips a workspace whose history already moved), so
running ``seed-demo`` twice changes nothing. The content of the stages (values, decisions, pilot plan,
evaluation) belongs to other areas and is added by their own ``Area.demo`` functions.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, select

from workflows import STAGE_ORDER, Outcome, Stage, Transition

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from . import services
from .models import StageChange, StageTask

log = logging.getLogger(__name__)

#: index of the demo workspace -> (stage it ends in, outcome when closed)
TARGETS = {0: Stage.EXPLORE, 1: Stage.DECIDE, 2: Stage.EVALUATE, 3: Stage.CLOSED}
DECLINE_REASON = (
    "Het jeugdteam kiest dit jaar voor een ander aanbod voor deze groep. Jongeren kunnen wel via de "
    "vaste contactpersoon van het wijkteam naar het mentorproject worden verwezen."
)
DAYS_PER_STAGE = 12


def bring_to_stage(workspace, index: int, users: dict) -> None:
    """Move demo workspace ``index`` to its stage, writing history, activity and ticked tasks on the way."""
    target = TARGETS.get(index)
    if target is None:
        return
    moved = db.session.scalar(select(func.count(StageChange.id)).where(
        StageChange.workspace_id == workspace.id, StageChange.trigger != "created"))
    if moved:
        return
    leads = [(users["lead@mentor.example"], workspace.mentor_org_id),
             (users["lead@partner.example"], workspace.partner_org_id)]
    member = users["member@mentor.example"]
    path = list(STAGE_ORDER[: STAGE_ORDER.index(Stage.DECIDE if target is Stage.CLOSED else target) + 1])
    steps = len(path) - 1 + (1 if target is Stage.CLOSED else 0)
    start = utcnow() - timedelta(days=DAYS_PER_STAGE * steps + 3)
    _backdate_start(workspace, start)

    when = start
    for number, (source, dest) in enumerate(zip(path, path[1:], strict=False)):
        when += timedelta(days=DAYS_PER_STAGE)
        _work_through(workspace, source.value, when, leads[number % 2][0], member)
        _move(workspace, Transition("advance", source, dest, 1, None, None), leads[number % 2], when)
        services.ensure_stage_tasks(workspace, dest.value, 1, created_by_id=leads[number % 2][0].id)

    if target is Stage.CLOSED:
        when += timedelta(days=DAYS_PER_STAGE)
        _work_through(workspace, Stage.DECIDE.value, when, leads[1][0], member, required_only=True)
        _move(workspace, Transition("decline", Stage.DECIDE, Stage.CLOSED, 1, Outcome.DECLINED, DECLINE_REASON),
              leads[1], when)
    elif target is Stage.EXPLORE:
        # Started, not finished: two tasks ticked, one assigned.
        tasks = services.current_tasks(workspace)
        for task in tasks[:2]:
            task.done_at, task.done_by_id = utcnow() - timedelta(days=1), member.id
        if len(tasks) > 2:
            tasks[2].assignee_id = leads[0][0].id
    db.session.flush()
    log.info("demo workspace %s brought to %s", workspace.id, target.value)


def _backdate_start(workspace, start) -> None:
    workspace.created_at = start
    workspace.stage_entered_at = start
    for change in db.session.scalars(select(StageChange).where(StageChange.workspace_id == workspace.id)):
        change.created_at = start
    for task in db.session.scalars(select(StageTask).where(StageTask.workspace_id == workspace.id)):
        task.created_at = task.updated_at = start


def _work_through(workspace, stage: str, when, lead, member, *, required_only: bool = False) -> None:
    """Tick the stage's tasks (all required ones, and every other optional one) shortly before ``when``."""
    tasks = db.session.scalars(select(StageTask).where(
        StageTask.workspace_id == workspace.id, StageTask.stage == stage, StageTask.round == 1
    ).order_by(StageTask.position)).all()
    for number, task in enumerate(tasks):
        if task.required or (not required_only and number % 2 == 0):
            task.done_at = when - timedelta(days=1 + number % 3)
            task.done_by_id = (lead if number % 2 else member).id


def _move(workspace, transition: Transition, actor_and_org, when) -> None:
    actor, organisation_id = actor_and_org
    workspace.stage = transition.dest.value
    workspace.round = transition.round
    workspace.outcome = transition.outcome.value if transition.outcome else None
    workspace.stage_entered_at = when
    db.session.flush()
    change = services.record_change(workspace, transition, actor_id=actor.id, organisation_id=organisation_id,
                                    created_at=when)
    row = record(f"stage.{transition.trigger}", change, f"{transition.source.value} → {transition.dest.value}",
                 details={"from": transition.source.value, "to": transition.dest.value},
                 workspace=workspace, user=actor, organisation_id=organisation_id)
    row.created_at = when
