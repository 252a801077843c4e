"""What the workspace page (``ws.show``) shows: stepper, current stage, tasks, what may happen next.

Also used to re-render the page or one of its regions after a refused form, so the user sees the latest
state next to the problem. A page needs a fixed number of queries: tasks, history and people are each
loaded once with their users (no query per row).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workflows import STAGE_ORDER, STAGES, TRIGGER_LABELS, CollaborationFlow, Refusal, Stage

from ..core.area import installed
from ..core.refusal import Refused
from ..extensions import db
from ..tenancy.members import assignable_people, load_members
from . import services
from .forms import TaskForm, TriggerForm
from .models import StageChange, StageTask

#: Triggers that ask for a confirmation (and offer a reason field); advance is undone with step_back.
CONFIRMED_TRIGGERS = ("step_back", "decline", "new_round", "close", "reopen")


def lang() -> str:
    return str(get_locale() or "nl")


@dataclass
class StepInfo:
    stage: Stage
    label: str
    state: str  # done / current / upcoming
    change: StageChange | None = None  # for done steps: the transition that finished the stage


def load_tasks(workspace) -> list[StageTask]:
    """Every task of the workspace with assignee and ticker, one query."""
    return list(db.session.scalars(
        select(StageTask).options(joinedload(StageTask.assignee), joinedload(StageTask.done_by))
        .where(StageTask.workspace_id == workspace.id).order_by(StageTask.position, StageTask.id)
    ))


def stepper(workspace, changes: list[StageChange]) -> list[StepInfo]:
    """All stages in order; done ones carry the transition that finished them since the last (re)start."""
    current = Stage(workspace.stage)
    since = 0
    for i, change in enumerate(changes):
        if change.trigger in ("created", "reopen"):
            since = i
    finished: dict[str, StageChange] = {}
    for change in changes[since:]:
        if change.trigger in ("advance", "decline", "close") and change.from_stage:
            finished[change.from_stage] = change
    steps = []
    current_index = STAGE_ORDER.index(current) if current in STAGE_ORDER else len(STAGE_ORDER)
    for index, stage in enumerate(STAGE_ORDER):
        if stage is current:
            state = "current"
        elif index < current_index and (current is not Stage.CLOSED or stage.value in finished):
            state = "done"
        else:
            state = "upcoming"
        steps.append(StepInfo(stage, STAGES[stage].label.get(lang()), state,
                              finished.get(stage.value) if state == "done" else None))
    if current is Stage.CLOSED:
        steps.append(StepInfo(current, STAGES[current].label.get(lang()), "current"))
    return steps


def trigger_form(workspace, trigger: str, formdata=None) -> TriggerForm:
    form = TriggerForm(formdata=formdata) if formdata is not None else TriggerForm(formdata=None)
    form.use_ids_of(trigger)
    if formdata is None:
        form.expected_stage.data = workspace.stage
        form.expected_round.data = str(workspace.round)
    return form


def progress(tasks: list[StageTask]) -> dict:
    done = sum(1 for t in tasks if t.done)
    required_left = sum(1 for t in tasks if t.required and not t.done)
    return {"total": len(tasks), "done": done, "required_left": required_left}


def stage_context(workspace, tasks: list[StageTask] | None = None) -> dict:
    """What the progress/advance region needs (also alone, for its htmx refresh)."""
    if tasks is None:
        tasks = services.current_tasks(workspace)
    current = [t for t in tasks if services.is_current(workspace, t)]
    flow = CollaborationFlow(services.build_snapshot(workspace, tasks=current, lang=lang()))
    available = flow.available()
    advance_refusals: list[Refusal] | None = flow.refusals("advance") if "advance" in available else None
    # What no form input can fix (someone still has to say no, ...) is shown before submitting.
    blocked = {trigger: flow.waiting_for(trigger) for trigger in available if trigger != "advance"}
    return {
        "stage": Stage(workspace.stage),
        "info": STAGES[Stage(workspace.stage)],
        "current_tasks": current,
        "progress": progress(current),
        "available": available,
        "advance_refusals": advance_refusals,
        "advance_form": trigger_form(workspace, "advance"),
        "blocked": blocked,
        "needs_reason": {trigger: flow.needs_reason(trigger) for trigger in blocked},
        "trigger_labels": TRIGGER_LABELS,
        "next_stage": _next_stage(Stage(workspace.stage)),
        "stage_pages": installed().stage_pages.get(workspace.stage, ()),
    }


def _next_stage(stage: Stage) -> Stage | None:
    if stage in STAGE_ORDER and stage is not STAGE_ORDER[-1]:
        return STAGE_ORDER[STAGE_ORDER.index(stage) + 1]
    return None


def earlier_groups(workspace, tasks: list[StageTask]) -> list[tuple[Stage, int, list[StageTask]]]:
    """Tasks of every other (stage, round), read-only, in round then stage order."""
    groups: dict[tuple[int, int], list[StageTask]] = {}
    for task in tasks:
        if services.is_current(workspace, task):
            continue
        groups.setdefault((task.round, STAGE_ORDER.index(Stage(task.stage))), []).append(task)
    return [(STAGE_ORDER[i], r, rows) for (r, i), rows in sorted(groups.items())]


def overview_context(*, problem: Refused | None = None, problem_region: str | None = None,
                     forms: dict | None = None, open_trigger: str | None = None,
                     add_form: TaskForm | None = None) -> dict:
    """Everything ``workspaces/show.html`` renders. ``forms`` replaces the blank trigger forms (with errors)."""
    workspace = g.workspace
    tasks = load_tasks(workspace)
    members = load_members(workspace)
    changes = services.history(workspace)
    ctx = stage_context(workspace, tasks)
    people = assignable_people(workspace, members)
    trigger_forms = {t: trigger_form(workspace, t) for t in ctx["available"] if t != "advance"}
    trigger_forms.update(forms or {})
    if "advance" in (forms or {}):
        ctx["advance_form"] = forms["advance"]
    ctx.update(
        members=members,
        steps=stepper(workspace, changes),
        last_change=changes[-1] if changes else None,
        earlier=earlier_groups(workspace, tasks),
        trigger_forms=trigger_forms,
        open_trigger=open_trigger,
        problem=problem,
        problem_region=problem_region,
        add_form=add_form or TaskForm(formdata=None).set_people(people).ids("new-task"),
    )
    return ctx
