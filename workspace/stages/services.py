"""Firing workflow transitions against the database, and the stage tasks they bring.

Who calls what:
- views (``stages.views``) call ``fire`` for a lead's button press and ``build_snapshot`` to show what
  may happen; the task views call the ``*_task`` functions;
- ``tenancy.events.workspace_created`` calls ``on_workspace_created`` (first tasks + history row);
- the demo seeder calls ``ensure_stage_tasks`` and writes history through ``record_change``.

No function here commits: the request (or the seeder, or the test) does, once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from workflows import (
    INPUT_OF_REFUSAL,
    RULES,
    TRIGGERS,
    CollaborationFlow,
    Outcome,
    Refusal,
    Stage,
    Text,
    Transition,
    WorkspaceSnapshot,
    tasks_for,
)
from workflows.guards import unknown_trigger

from ..activity.services import record
from ..core.area import installed
from ..core.refusal import Refused
from ..dbtypes import utcnow
from ..extensions import db
from ..tenancy.access import can_edit, can_lead
from ..tenancy.models import Workspace
from .models import StageChange, StageTask

log = logging.getLogger(__name__)

_SNAPSHOT_FIELDS = {f.name for f in dataclasses.fields(WorkspaceSnapshot)}
#: Fields that only this area fills in; contributors may not override them.
_OWN_FIELDS = {"stage", "round", "open_required_tasks"}



# --- refusals ---------------------------------------------------------------------------------------------

def _texts(refusals: Iterable[Refusal], lang: str) -> list[str]:
    return [r.text.get(lang) for r in refusals]


def guards_refused(refusals: list[Refusal], lang: str) -> Refused:
    """The machine's guards said no: 422 when only the form input is at fault (the messages go on the fields
    of ``INPUT_OF_REFUSAL``), else 409 with every reason listed."""
    fields: dict[str, list[str]] = {}
    for refusal in refusals:
        if refusal.code in INPUT_OF_REFUSAL:
            fields.setdefault(INPUT_OF_REFUSAL[refusal.code], []).append(refusal.text.get(lang))
    if all(r.code in INPUT_OF_REFUSAL for r in refusals):
        return Refused(422, _("Please check what you entered"), fields=fields, code="input")
    return Refused(409, _("First take care of the following:"), title=_("This step is not possible yet"),
                   reasons=_texts(refusals, lang), fields=fields, code="guards")


def stale(lang: str) -> Refused:
    """The form was made for another stage or round than the workspace has now (or a concurrent fire won)."""
    return Refused(409, _("Reload the page to see where the workspace is now."), title=_("The stage moved meanwhile"),
                   reasons=_texts([_STALE], lang), code="stale")


def unknown(trigger: str, lang: str) -> Refused:
    return Refused(409, _("Use one of the buttons on the workspace page."), title=_("This step does not exist"),
                   reasons=_texts([unknown_trigger(trigger)], lang), code="unknown_trigger")


def _task_locked(workspace: Workspace) -> Refused:
    if workspace.stage == Stage.CLOSED:
        detail = _("The workspace is closed, so its tasks can only be read. A lead can reopen it.")
    else:
        detail = _("This task belongs to another stage or pilot round; it stays as it was and can only be read.")
    return Refused(409, detail, title=_("This task can no longer be changed"), code="task_locked")


_STALE = Refusal(
    "stale",
    Text(
        "De fase is intussen veranderd. Laad de pagina opnieuw en kijk of de stap nog nodig is.",
        "The stage moved meanwhile. Reload the page and check whether the step is still needed.",
    ),
)
_NOT_A_LEAD = Refusal(
    "not_a_lead",
    Text(
        "Alleen een projectleider kan de werkruimte naar een andere fase brengen. Vraag een projectleider van "
        "jouw organisatie.",
        "Only a lead can move the workspace to another stage. Ask a lead of your organisation.",
    ),
)


# --- reading --------------------------------------------------------------------------------------------

def current_tasks(workspace: Workspace) -> list[StageTask]:
    """The current stage's tasks of the current round, in their order (empty when closed)."""
    if workspace.stage == Stage.CLOSED:
        return []
    return list(db.session.scalars(
        select(StageTask).where(StageTask.workspace_id == workspace.id, StageTask.stage == workspace.stage,
                                StageTask.round == workspace.round)
        .order_by(StageTask.position, StageTask.id)
    ))


def task_title(task: StageTask, lang: str = "nl") -> str:
    """A template task's title in ``lang`` as long as nobody edited it; otherwise what was written."""
    template = _template(task)
    if template is not None and task.title == template.title.nl:
        return template.title.get(lang)
    return task.title


def task_description(task: StageTask, lang: str = "nl") -> str:
    template = _template(task)
    if template is not None and task.description == template.description.nl:
        return template.description.get(lang)
    return task.description


def task_tips(task: StageTask) -> tuple[int, ...]:
    template = _template(task)
    return template.tips if template is not None else ()


def _template(task: StageTask):
    if not task.template_key:
        return None
    for template in tasks_for(task.stage):
        if template.key == task.template_key:
            return template
    return None


def build_snapshot(workspace: Workspace, *, tasks: Iterable[StageTask] | None = None,
                   lang: str = "nl") -> WorkspaceSnapshot:
    """What the guards look at: the open required tasks of the current stage and round (from ``tasks`` if the
    caller already loaded them, else one query) plus every installed area's ``snapshot`` dict.

    Anyone may call it; it changes nothing. ``lang`` only picks the language of the task titles that
    appear in refusal texts.
    """
    if tasks is None:
        tasks = current_tasks(workspace)
    stage = Stage(workspace.stage)
    open_required = tuple(
        task_title(t, lang) for t in tasks
        if t.required and t.done_at is None and t.stage == stage.value and t.round == workspace.round
    )
    values: dict = {}
    for contributor in installed().snapshot_contributors:
        part = contributor(workspace) or {}
        unknown = set(part) - _SNAPSHOT_FIELDS
        if unknown:
            log.warning("snapshot contributor %r gave unknown fields %s", contributor, sorted(unknown))
        values.update({k: v for k, v in part.items() if k in _SNAPSHOT_FIELDS and k not in _OWN_FIELDS})
    return WorkspaceSnapshot(stage=stage, round=workspace.round, open_required_tasks=open_required, **values)


def flow_for(workspace: Workspace, *, tasks: Iterable[StageTask] | None = None, lang: str = "nl"):
    return CollaborationFlow(build_snapshot(workspace, tasks=tasks, lang=lang))


# --- firing ---------------------------------------------------------------------------------------------

def check(workspace: Workspace, trigger: str, *, expected_stage: str | None, expected_round: int | None = None,
          reason: str | None = None, outcome: str | None = None, actor=None, access, lang: str = "nl",
          ) -> Transition:
    """Everything ``fire`` checks, without changing anything: returns the Transition it would store.

    Raises ``Refused``, in this order and changing nothing: 403 unless ``access`` is a lead, 409 for an
    unknown trigger, 409 (code "stale") when the form was made for another stage or round than the workspace
    is in, then 422 when only the form input is at fault, else 409, with every failing guard.
    """
    if not can_lead(access):
        raise Refused(403, "", title=_("You may not do this"), reasons=_texts([_NOT_A_LEAD], lang),
                      code="not_a_lead")
    if trigger not in TRIGGERS:
        raise unknown(trigger, lang)
    expected_round = workspace.round if expected_round is None else expected_round
    if expected_stage != workspace.stage or expected_round != workspace.round:
        raise stale(lang)
    flow = flow_for(workspace, lang=lang)
    refusals = flow.refusals(trigger, reason=reason, outcome=outcome or None)
    if refusals:
        raise guards_refused(refusals, lang)
    return flow.fire(trigger, reason=reason, outcome=outcome or None)


def destination(workspace: Workspace, trigger: str) -> Stage | None:
    """Where ``trigger`` leads from the workspace's stage (None if it leads nowhere)."""
    for rule in RULES:
        if rule.trigger == trigger and rule.source == workspace.stage:
            return rule.dest
    return None


def fire(workspace: Workspace, trigger: str, *, expected_stage: str | None, expected_round: int | None = None,
         reason: str | None = None, outcome: str | None = None, actor, access, lang: str = "nl") -> StageChange:
    """A lead moves ``workspace`` with ``trigger``; returns the stored StageChange (not committed).

    First every check of ``check`` (same errors, nothing changed). Then one conditional UPDATE moves the
    row only if it is still at ``expected_stage`` and the same round; if another request won meanwhile,
    ``Refused`` 409 (code "stale"). On success it writes the history row, one activity row, the new stage's
    tasks (once per stage and round; a new pilot round gets fresh pilot tasks), and calls every installed
    area's ``on_transition``.
    Leaving ``closed`` (reopen) clears the outcome.
    """
    transition = check(workspace, trigger, expected_stage=expected_stage, expected_round=expected_round,
                       reason=reason, outcome=outcome, access=access, lang=lang)
    expected_round = workspace.round if expected_round is None else expected_round

    now = utcnow()
    result = db.session.execute(
        update(Workspace)
        .where(Workspace.id == workspace.id, Workspace.stage == expected_stage, Workspace.round == expected_round)
        .values(stage=transition.dest.value, round=transition.round,
                outcome=transition.outcome.value if transition.outcome else None, stage_entered_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        log.info("workspace %s: %s lost the race (expected %s/%s)", workspace.id, trigger, expected_stage,
                 expected_round)
        raise stale(lang)
    # Bring the loaded object in line with the row without issuing a second UPDATE.
    for key, value in (("stage", transition.dest.value), ("round", transition.round),
                       ("outcome", transition.outcome.value if transition.outcome else None),
                       ("stage_entered_at", now)):
        set_committed_value(workspace, key, value)

    change = record_change(workspace, transition, actor_id=actor.id, organisation_id=access.organisation_id,
                           created_at=now)
    record(f"stage.{trigger}", change, f"{transition.source.value} → {transition.dest.value}",
           details={"from": transition.source.value, "to": transition.dest.value},
           workspace=workspace, user=actor, organisation_id=access.organisation_id)
    if transition.dest is not Stage.CLOSED:
        ensure_stage_tasks(workspace, transition.dest.value, transition.round, created_by_id=actor.id)
    for hook in installed().on_transition:
        hook(workspace, transition)
    return change


def record_change(workspace: Workspace, transition: Transition, *, actor_id: int | None,
                  organisation_id: int | None, created_at=None) -> StageChange:
    """Append the history row for ``transition`` (the service and the demo seeder call this)."""
    change = StageChange(
        workspace_id=workspace.id, from_stage=transition.source.value, to_stage=transition.dest.value,
        trigger=transition.trigger, actor_id=actor_id, organisation_id=organisation_id,
        reason=(transition.reason or None) and transition.reason[:1000], round=transition.round,
        outcome=transition.outcome.value if transition.outcome else None,
    )
    if created_at is not None:
        change.created_at = created_at
    db.session.add(change)
    db.session.flush()
    return change


def ensure_stage_tasks(workspace: Workspace, stage: str, round_: int, *, created_by_id: int | None = None,
                       ) -> list[StageTask]:
    """Copy ``workflows.tasks_for(stage)`` into the workspace for ``round_``, once per (stage, round): a stage
    that already has tasks in this round (entered before, then left with step_back or close) keeps the list
    the team left, edits and deletions included. Returns the new rows.
    """
    if _next_position(workspace.id, stage, round_) != 0:
        return []
    created = []
    for position, template in enumerate(tasks_for(stage)):
        task = StageTask(
            workspace_id=workspace.id, stage=stage, round=round_, template_key=template.key,
            title=template.title.nl, description=template.description.nl, required=template.required,
            position=position, created_by_id=created_by_id,
        )
        db.session.add(task)
        created.append(task)
    db.session.flush()
    return created


def on_workspace_created(workspace: Workspace) -> None:
    """Hook for a new workspace: the first history row ("created") and the tasks of its first stage."""
    stage = workspace.stage or Stage.EXPLORE.value
    round_ = workspace.round or 1
    db.session.add(StageChange(workspace_id=workspace.id, from_stage=None, to_stage=stage, trigger="created",
                               actor_id=workspace.created_by_id, organisation_id=workspace.mentor_org_id,
                               round=round_, outcome=workspace.outcome))
    db.session.flush()
    if stage != Stage.CLOSED:
        ensure_stage_tasks(workspace, stage, round_, created_by_id=workspace.created_by_id)


def personal_data(user) -> dict:
    """For a person's own data download: the tasks assigned to them or ticked by them."""
    tasks = db.session.scalars(select(StageTask).where(
        or_(StageTask.assignee_id == user.id, StageTask.done_by_id == user.id)).order_by(StageTask.id)).all()
    return {"tasks": [
        {"workspace_id": t.workspace_id, "stage": t.stage, "round": t.round, "title": t.title,
         "assigned_to_me": t.assignee_id == user.id, "ticked_by_me": t.done_by_id == user.id,
         "due_date": t.due_date.isoformat() if t.due_date else None} for t in tasks
    ]}


def history(workspace: Workspace) -> list[StageChange]:
    """The whole stage history, oldest first, with actor and organisation loaded (one query)."""
    return list(db.session.scalars(
        select(StageChange).options(joinedload(StageChange.actor), joinedload(StageChange.organisation))
        .where(StageChange.workspace_id == workspace.id).order_by(StageChange.created_at, StageChange.id)
    ))


# --- tasks ----------------------------------------------------------------------------------------------

def is_current(workspace: Workspace, task: StageTask) -> bool:
    return workspace.stage != Stage.CLOSED and task.stage == workspace.stage and task.round == workspace.round


def check_editable(workspace: Workspace, task: StageTask | None, access) -> None:
    """``Refused`` unless ``access`` may change ``task`` (or add one, when None): 403 for readers, 409 for a
    task of another stage or round, or any task of a closed workspace. Views call it before reading a form."""
    if not can_edit(access):
        raise Refused(403, _("Only leads and members change tasks."), code="not_an_editor")
    if task is not None and not is_current(workspace, task):
        raise _task_locked(workspace)
    if task is None and workspace.stage == Stage.CLOSED:
        raise _task_locked(workspace)


def check_deletable(workspace: Workspace, task: StageTask, access) -> None:
    """``check_editable``, and 409 for a required task: the stage waits for it."""
    check_editable(workspace, task, access)
    if task.required:
        raise Refused(409, _("The stage waits for this task. Tick it when it is done, or edit it to fit."),
                      title=_("Required tasks cannot be deleted"), code="task_required")


def _next_position(workspace_id: int, stage: str, round_: int) -> int:
    highest = db.session.scalar(
        select(func.max(StageTask.position)).where(StageTask.workspace_id == workspace_id,
                                                   StageTask.stage == stage, StageTask.round == round_)
    )
    return 0 if highest is None else highest + 1


def add_task(workspace: Workspace, *, title: str, description: str = "", assignee_id: int | None = None,
             due_date: date | None = None, actor, access) -> StageTask:
    """A lead or member adds an own task to the current stage (at the end of the list)."""
    check_editable(workspace, None, access)
    task = StageTask(
        workspace_id=workspace.id, stage=workspace.stage, round=workspace.round, template_key=None, title=title,
        description=description or "", required=False, assignee_id=assignee_id, due_date=due_date,
        position=_next_position(workspace.id, workspace.stage, workspace.round), created_by_id=actor.id,
    )
    db.session.add(task)
    db.session.flush()
    record("task.created", task, task.title, details={"title": task.title}, workspace=workspace, user=actor)
    return task


def update_task(workspace: Workspace, task: StageTask, *, title: str, description: str,
                assignee_id: int | None, due_date: date | None, actor, access) -> bool:
    """A lead or member changes a current task's text, assignee or due date. Returns whether anything changed."""
    check_editable(workspace, task, access)
    changes = {"title": title, "description": description or "", "assignee_id": assignee_id, "due_date": due_date}
    changed = [k for k, v in changes.items() if getattr(task, k) != v]
    if not changed:
        return False
    for key in changed:
        setattr(task, key, changes[key])
    db.session.flush()
    verb = "task.assigned" if changed == ["assignee_id"] else "task.updated"
    record(verb, task, task.title, details={"title": task.title}, workspace=workspace, user=actor)
    return True


def set_done(workspace: Workspace, task: StageTask, done: bool, *, actor, access) -> bool:
    """Tick (done=True) or untick a current task; idempotent. Returns whether the state changed."""
    check_editable(workspace, task, access)
    if task.done == done:
        return False
    task.done_at = utcnow() if done else None
    task.done_by_id = actor.id if done else None
    db.session.flush()
    record("task.ticked" if done else "task.unticked", task, task.title, details={"title": task.title}, workspace=workspace, user=actor)
    return True


def move_task(workspace: Workspace, task: StageTask, direction: str, *, actor, access) -> bool:
    """Swap a current task with its neighbour above ("up") or below ("down"). False at either end."""
    check_editable(workspace, task, access)
    tasks = current_tasks(workspace)
    index = next(i for i, t in enumerate(tasks) if t.id == task.id)
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(tasks):
        return False
    # Renumber the whole list so that equal positions (from concurrent adds) cannot keep two rows stuck.
    tasks[index], tasks[other_index] = tasks[other_index], tasks[index]
    for position, row in enumerate(tasks):
        row.position = position
    db.session.flush()
    record("task.moved", task, task.title, details={"title": task.title}, workspace=workspace, user=actor)
    return True


def delete_task(workspace: Workspace, task: StageTask, *, actor, access) -> None:
    """A lead or member deletes a current, non-required task."""
    check_deletable(workspace, task, access)
    record("task.deleted", task, task.title, details={"title": task.title}, workspace=workspace, user=actor)
    db.session.delete(task)
    db.session.flush()


__all__ = [
    "Outcome", "add_task", "check_deletable", "check_editable", "guards_refused", "build_snapshot", "check", "destination", "current_tasks",
    "delete_task", "ensure_stage_tasks", "fire", "flow_for", "history", "is_current", "move_task",
    "on_workspace_created", "personal_data", "record_change", "set_done", "stale", "task_description", "task_tips",
    "task_title", "unknown", "update_task",
]
