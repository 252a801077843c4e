"""Workflow pages under ``/w/<id>/workflow/``: firing triggers, the stage tasks, the stage history.

Every view: load (the scope already loaded ``g.workspace``/``g.access``) → check access → act through
``services`` (a refusal is ``core.refusal.Refused``) → ``core.respond.done`` commits once. htmx requests get
the changed fragment, with the progress/advance region as an out-of-band swap in the same response; plain
form posts get a redirect with a flash message.
"""

from __future__ import annotations

import logging
from datetime import date

import click
from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workflows import STAGES, TRIGGER_LABELS, TRIGGERS, Outcome, Stage, mermaid_diagram

from ..core.refusal import Refused
from ..core.respond import done, invalid, oob, page_or_fragment, shows_refusals, wants_fragment
from ..tenancy.access import can_edit, can_lead, get_child_or_404, require
from ..tenancy.members import assignable_people
from . import content_views, page, services
from .forms import TaskForm
from .models import StageTask

log = logging.getLogger(__name__)

bp = Blueprint("stages", __name__, url_prefix="/workflow", cli_group="workflow")



# --- the workspace overview (``ws.show`` at /w/<id>/, mounted on the scope by this area) -------------

def show():
    """Anyone who can see the workspace: its overview (stage stepper, current stage, tasks, people)."""
    return render_overview()


def render_overview(status: int = 200, **kwargs):
    return render_template("tenancy/show.html", **page.overview_context(**kwargs)), status


# --- firing triggers -------------------------------------------------------------------------------------

def _region_of(trigger: str) -> str:
    return "progress" if trigger == "advance" else "actions"


def _fire_refused(refused: Refused):
    """A refused trigger: the region it came from (htmx) or the whole page, with the problem in place; input
    problems (422) go on the trigger's form, opened."""
    trigger = (request.view_args or {}).get("trigger", "")
    region = _region_of(trigger)
    with_form = trigger in TRIGGERS and refused.code in ("input", "guards")
    form = refused.form
    if form is None and with_form:
        form = page.trigger_form(g.workspace, trigger, formdata=request.form)
        if refused.status == 422:
            refused.put_on(form)
    ctx = page.overview_context(problem=refused if refused.status != 422 else None, problem_region=region,
                                forms={trigger: form} if form is not None else None,
                                open_trigger=trigger if form is not None else None)
    if wants_fragment():
        return render_template("stages/_progress.html" if region == "progress" else "stages/_actions.html", **ctx)
    return render_template("tenancy/show.html", **ctx)


@bp.route("/fire/<trigger>", methods=["POST"])
@shows_refusals(_fire_refused)
def fire(trigger: str):
    """Leads: move the workspace with ``trigger`` (advance, step_back, decline, new_round, close, reopen).

    Without JavaScript the triggers that need a confirmation first get a confirmation page; with htmx
    the browser's confirm dialog did that (``confirmed`` comes along through hx-vals).
    """
    require(can_lead)
    if trigger not in TRIGGERS:
        raise services.unknown(trigger, page.lang())
    form = page.trigger_form(g.workspace, trigger, formdata=request.form)
    if not form.validate():
        raise invalid(form)
    kwargs = dict(expected_stage=form.expected_stage.data or None, expected_round=form.expected_round_number(),
                  reason=form.reason.data or None, outcome=request.form.get("outcome") or None,
                  actor=current_user, access=g.access, lang=page.lang())
    if form.expected_round_number() is None:
        kwargs["expected_stage"] = None  # a form without its round is treated as stale
    if trigger in page.CONFIRMED_TRIGGERS and form.confirmed.data != "1":
        services.check(g.workspace, trigger, **kwargs)
        return render_template("stages/confirm.html", trigger=trigger, form=form,
                               label=TRIGGER_LABELS[trigger].get(page.lang()),
                               destination=services.destination(g.workspace, trigger))
    change = services.fire(g.workspace, trigger, **kwargs)
    return done(_("The workspace is now at the stage %(stage)s.",
                  stage=STAGES[Stage(change.to_stage)].label.get(page.lang())),
                url_for("ws.show"), htmx_redirect=True)


@bp.route("/progress")
def progress():
    """Anyone in the workspace: the progress and advance region (refreshed by htmx on workspace-changed)."""
    if not wants_fragment():
        return redirect(url_for("ws.show"))
    return render_template("stages/_progress.html", **page.stage_context(g.workspace))


@bp.route("/readiness/<stage>")
def readiness(stage: str):
    """Anyone who reads the workspace: the box on the decide, pilot, evaluation and next-steps pages that says
    what moving on still waits for (htmx refreshes it)."""
    if stage not in {s.value for s in content_views.PAGE_TRIGGERS}:
        abort(404)
    return render_template("stages/_readiness.html", readiness=content_views.readiness(stage), page_stage=stage)


@bp.route("/history")
def history():
    """Anyone in the workspace: every stage change, newest first."""
    changes = list(reversed(services.history(g.workspace)))
    return render_template("stages/history.html", changes=changes)


# --- tasks -----------------------------------------------------------------------------------------------
#
# Every change view: the role (403, recorded) → the task's stage and round (409, the service's check) → the
# input (422) → the service → ``done``: htmx gets the changed row or list with the progress region as an
# out-of-band swap (one interaction, one request: the page-weight budget); changes that other areas' regions
# depend on go through the stage machine, not through tasks.

def _task(task_id: int) -> StageTask:
    return get_child_or_404(StageTask, task_id)


def _editable(task: StageTask | None = None, *, deleting: bool = False) -> StageTask | None:
    """Leads and members only (403, recorded); then the service's own check (``Refused`` 409)."""
    require(can_edit)
    if deleting:
        services.check_deletable(g.workspace, task, g.access)
    else:
        services.check_editable(g.workspace, task, g.access)
    return task


def _people():
    return assignable_people(g.workspace)


def _back_to(task: StageTask | None = None) -> str:
    return url_for("ws.show") + (f"#task-{task.id}" if task is not None else "#stage-tasks")


def _progress_oob() -> str:
    return oob("stages/_progress.html", **page.stage_context(g.workspace))


def _row(task: StageTask):
    return lambda: render_template("stages/_task.html", task=task, editable=True)


def _tasks_section(add_form: TaskForm | None = None) -> str:
    people = _people()
    tasks = [t for t in page.load_tasks(g.workspace) if services.is_current(g.workspace, t)]
    return render_template("stages/_tasks.html", current_tasks=tasks,
                           add_form=add_form or TaskForm(formdata=None).set_people(people).ids("new-task"))


@bp.route("/tasks", methods=["POST"])
def add_task():
    """Leads and members: add an own task to the current stage."""
    _editable()
    form = TaskForm().set_people(_people()).ids("new-task")
    if not form.validate():
        if wants_fragment():
            return _tasks_section(add_form=form), 422
        return render_overview(422, add_form=form)
    task = services.add_task(g.workspace, title=form.title.data, description=form.description.data or "",
                             assignee_id=form.assignee_id(), due_date=form.due_date.data,
                             actor=current_user, access=g.access)
    return done(_("Task added."), _back_to(task), fragment=_tasks_section, oob=[_progress_oob])


@bp.route("/tasks/<int:task_id>")
def show_task(task_id: int):
    """Anyone in the workspace: one task row (htmx uses it to cancel an edit)."""
    task = _task(task_id)
    if not wants_fragment():
        return redirect(_back_to(task))
    return render_template("stages/_task.html", task=task,
                           editable=can_edit(g.access) and services.is_current(g.workspace, task))


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
def edit_task(task_id: int):
    """Leads and members: change a current task's title, description, assignee and due date."""
    task = _editable(_task(task_id))
    people = _people()
    if request.method == "GET":
        form = TaskForm(formdata=None, obj=task).set_people(people).ids(f"task-{task.id}")
        form.title.data = services.task_title(task, page.lang())
        form.description.data = services.task_description(task, page.lang())
        form.assignee.data = str(task.assignee_id) if task.assignee_id else ""
        status = 200
    else:
        form = TaskForm().set_people(people).ids(f"task-{task.id}")
        if form.validate():
            title, description = form.title.data, form.description.data or ""
            # Unchanged template text stays the template's own (so it keeps following the reader's language).
            if title == services.task_title(task, page.lang()):
                title = task.title
            if description == services.task_description(task, page.lang()):
                description = task.description
            services.update_task(g.workspace, task, title=title, description=description,
                                 assignee_id=form.assignee_id(), due_date=form.due_date.data,
                                 actor=current_user, access=g.access)
            return done(_("Task saved."), _back_to(task), fragment=_row(task), oob=[_progress_oob])
        status = 422
    template = page_or_fragment("stages/edit_task.html", "stages/_task_form.html")
    return render_template(template, task=task, form=form), status


@bp.route("/tasks/<int:task_id>/done", methods=["POST"])
def tick_task(task_id: int):
    """Leads and members: mark a current task done (``done=1``) or not done (``done=0``)."""
    task = _editable(_task(task_id))
    done_value = request.form.get("done")
    if done_value not in ("0", "1"):
        abort(400)
    services.set_done(g.workspace, task, done_value == "1", actor=current_user, access=g.access)
    return done(_("Task marked as done.") if done_value == "1" else _("Task marked as not done."), _back_to(task),
                fragment=_row(task), oob=[_progress_oob])


@bp.route("/tasks/<int:task_id>/move", methods=["POST"])
def move_task(task_id: int):
    """Leads and members: move a current task one place up or down."""
    task = _editable(_task(task_id))
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    services.move_task(g.workspace, task, direction, actor=current_user, access=g.access)
    return done(None, _back_to(task), fragment=_tasks_section, oob=[_progress_oob])


@bp.route("/tasks/<int:task_id>/delete", methods=["GET", "POST"])
def delete_task(task_id: int):
    """Leads and members: delete an own or optional task of the current stage (GET asks to confirm)."""
    task = _editable(_task(task_id), deleting=True)
    if request.method == "GET":
        return render_template("stages/delete_task.html", task=task)
    services.delete_task(g.workspace, task, actor=current_user, access=g.access)
    return done(_("Task deleted."), _back_to(), oob=[_progress_oob])


def _trigger_help(trigger: str) -> str:
    texts = {
        "step_back": _("Go back one stage when something there has to be done again. Tasks and history stay."),
        "decline": _("When an organisation said no: the workspace closes with the outcome “declined”. "
                     "The agreement on referring young people stays on record."),
        "new_round": _("Run another pilot round: back to the Pilot stage, with a fresh pilot checklist."),
        "close": _("End the collaboration in this workspace. Everything stays readable, and a lead can "
                   "reopen it later."),
        "reopen": _("Start again at the Explore stage. Earlier tasks and the history stay readable."),
    }
    return texts.get(trigger, "")


def _history_step_label(trigger: str) -> str:
    if trigger == "created":
        return _("Workspace started")
    label = TRIGGER_LABELS.get(trigger)
    return label.get(page.lang()) if label else trigger


def _outcome_label(code: str | None) -> str:
    try:
        return Outcome(code).label.get(page.lang())
    except ValueError:
        return code or ""


def template_helpers() -> dict:
    """Functions the workflow templates call (``Area.template_globals`` of the stages area)."""
    return {
        "task_title": lambda t: services.task_title(t, page.lang()),
        "task_description": lambda t: services.task_description(t, page.lang()),
        "task_tips": services.task_tips,
        "destination": lambda trigger: services.destination(g.workspace, trigger),
        "trigger_help": _trigger_help,
        "history_step_label": _history_step_label,
        "outcome_label": _outcome_label,
        "today": date.today,
    }


README_START = "<!-- workflow-diagram:start -->"
README_END = "<!-- workflow-diagram:end -->"


def readme_block(lang: str = "nl") -> str:
    """What sits between the README markers: the diagram as a fenced Mermaid block."""
    return f"{README_START}\n```mermaid\n{mermaid_diagram(lang)}```\n{README_END}"


@bp.cli.command("diagram")
@click.option("--lang", default="nl", type=click.Choice(["nl", "en"]), help="Language of the stage names.")
@click.option("--readme", type=click.Path(exists=True, dir_okay=False),
              help="Instead of printing, rewrite the block between the workflow-diagram markers in this file.")
def diagram_command(lang: str, readme: str | None):
    """Print the workflow as a Mermaid stateDiagram-v2 (the README embeds this output)."""
    if not readme:
        click.echo(mermaid_diagram(lang), nl=False)
        return
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise click.ClickException(f"{readme} has no {README_START} … {README_END} block")
    text = text[:start] + readme_block(lang) + text[end + len(README_END):]
    with open(readme, "w", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(f"updated the workflow diagram in {readme}")
