"""Pages of the evaluation area, under ``/w/<workspace_id>/evaluation/``: the evaluation of a round with its
measured values and comment thread, and the next-steps page with the exit plan.

Access: the workspace scope has loaded ``g.workspace`` and ``g.access`` (strangers got 404). Everyone who can
see the workspace reads these pages; each POST checks its role first (403), then the stage (409, via
``Refused``), then the input (422). htmx posts get the re-rendered section back; without JavaScript the view
redirects with a flash, or re-renders the whole page with the errors.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from workflows import Stage

from ..core.errors import render_error
from ..extensions import db
from ..forms import CONFIRM_NOT_BSN
from ..pilot import services as pilot_svc
from ..pilot.indicators import number_problem
from ..privacy import find_bsn_like
from ..stages.content_views import content_blueprint, done, invalid, readiness, round_arg
from ..tenancy.access import can_comment, can_edit, can_lead, get_child_or_404, is_htmx, require
from . import services as svc
from .forms import (
    CommentForm,
    EvaluationForm,
    ExitMatchForm,
    ExitPlanForm,
    evaluation_form_for,
    evaluation_texts,
)
from .models import EvaluationComment, ExitMatch

bp = content_blueprint("evaluation", __name__, "/evaluation")


# --- evaluation -------------------------------------------------------------------------------------------

def _evaluation_context(round_: int | None = None, **overrides) -> dict:
    round_ = round_ or g.workspace.round
    evaluation = svc.evaluation_for(g.workspace.id, round_)
    indicator_rows = pilot_svc.indicators(g.workspace.id, round_)
    results = svc.results_by_indicator(evaluation)
    editable = (can_edit(g.access) and g.workspace.stage == Stage.EVALUATE and round_ == g.workspace.round
                and not (evaluation and evaluation.is_shared))
    values = overrides.pop("values", None)
    if values is None:
        values = {i.id: ((results[i.id].measured_value or "") if i.id in results else "",
                         (results[i.id].comment or "") if i.id in results else "") for i in indicator_rows}
    context = {
        "round": round_, "evaluation": evaluation, "indicators": indicator_rows, "results": results,
        "editable": editable, "values": values, "value_errors": overrides.pop("value_errors", {}),
        "bsn_warning": overrides.pop("bsn_warning", False),
        "evaluation_form": evaluation_form_for(evaluation),
        "comment_form": CommentForm(formdata=None),
        "comments": evaluation.comments if evaluation else [],
        "share_problems": svc.share_problems(evaluation),
        "can_share": (can_lead(g.access) and g.workspace.stage == Stage.EVALUATE and round_ == g.workspace.round
                      and evaluation is not None and not evaluation.is_shared),
        "all_rounds": pilot_svc.rounds_with_content(g.workspace),
        "frozen": pilot_svc.is_frozen(g.workspace.id, round_),
        "readiness": readiness(Stage.EVALUATE), "page_stage": Stage.EVALUATE.value,
    }
    context.update(overrides)
    return context


@bp.route("/")
def evaluation():
    """Anyone who reads the workspace: the evaluation of the current round (or ``?round=N``) and its comments."""
    round_ = round_arg(g.workspace.round)
    return render_template("evaluation/evaluation.html", **_evaluation_context(round_))


@bp.route("/", methods=["POST"])
def save_evaluation():
    """A lead or member, at the evaluate stage, before sharing: write the evaluation and the measured values."""
    require(can_edit)
    form = EvaluationForm()
    indicator_rows = pilot_svc.indicators(g.workspace.id, g.workspace.round)
    values, value_errors = {}, {}
    bsn_warning = False
    for indicator in indicator_rows:
        value = (request.form.get(f"value_{indicator.id}") or "").strip()
        comment = (request.form.get(f"comment_{indicator.id}") or "").strip()
        values[indicator.id] = (value, comment)
        problems = []
        if len(value) > 60:
            problems.append(_("Keep the measured value under 60 characters."))
        elif value:
            problem = number_problem(indicator.unit, value)
            if problem:
                problems.append(problem)
        if len(comment) > 1000:
            problems.append(_("Keep the comment under 1000 characters."))
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value + comment):
            problems.append(_("This field contains invisible control characters. Please remove them."))
        # The same client-data guard BaseForm runs on its own fields: these inputs are read by hand.
        if (find_bsn_like(value) or find_bsn_like(comment)) and request.form.get(CONFIRM_NOT_BSN) != "y":
            problems.append(_("This looks like a citizen service number (BSN). Personal data of young people "
                              "does not belong in Mentorbrug: remove it, or confirm below that it is not a BSN."))
            bsn_warning = True
        if problems:
            value_errors[indicator.id] = problems
    valid = form.validate()
    if not valid or value_errors:
        return invalid("evaluation/_evaluation.html", "evaluation/evaluation.html",
                        _evaluation_context(evaluation_form=form, values=values, value_errors=value_errors,
                                            bsn_warning=bsn_warning))
    svc.save_evaluation(g.workspace, user=current_user,
                        texts=evaluation_texts(form), results=values)
    return done(_("The evaluation is saved as a draft."), "ws.evaluation.evaluation", "evaluation",
                 "evaluation/_evaluation.html", _evaluation_context)


@bp.route("/share", methods=["POST"])
def share_evaluation():
    """A lead, at the evaluate stage: share the evaluation with both organisations; it becomes read-only."""
    require(can_lead)
    svc.share_evaluation(g.workspace, user=current_user)
    return done(_("The evaluation is shared with both organisations."), "ws.evaluation.evaluation", "evaluation",
                 "evaluation/_evaluation.html", _evaluation_context)


def _comments_done(message: str, round_: int):
    db.session.commit()
    if is_htmx():
        return render_template("evaluation/_comments.html", **_evaluation_context(round_))
    flash(message, "success")
    return redirect(url_for("ws.evaluation.evaluation", round=round_) + "#comments")


@bp.route("/<int:round_>/comments", methods=["POST"])
def add_comment(round_: int):
    """A lead, member or observer: comment on the evaluation of a round."""
    require(can_comment)
    evaluation_row = svc.evaluation_for(g.workspace.id, round_)
    if evaluation_row is None:
        abort(404)
    form = CommentForm()
    if not form.validate():
        return invalid("evaluation/_comments.html", "evaluation/evaluation.html",
                        _evaluation_context(round_, comment_form=form))
    svc.add_comment(g.workspace, evaluation_row, body=form.body.data, user=current_user,
                    organisation_id=g.access.organisation_id)
    return _comments_done(_("Your comment is posted."), round_)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
def edit_comment(comment_id: int):
    """The comment's author (lead, member or observer): change their own comment."""
    require(can_comment)
    comment = get_child_or_404(EvaluationComment, comment_id)
    if comment.author_id != current_user.id:
        return render_error(403, detail=_("You can only change your own comments."))
    form = CommentForm(obj=comment) if request.method == "GET" else CommentForm()
    if request.method == "POST":
        if form.validate():
            svc.edit_comment(comment, body=form.body.data, user=current_user)
            return _comments_done(_("Your comment is changed."), comment.evaluation.round)
        db.session.rollback()
        return render_template("evaluation/comment_edit.html", form=form, comment=comment), 422
    return render_template("evaluation/comment_edit.html", form=form, comment=comment)


@bp.route("/comments/<int:comment_id>/delete", methods=["POST"])
def delete_comment(comment_id: int):
    """The comment's author (lead, member or observer): delete their own comment."""
    require(can_comment)
    comment = get_child_or_404(EvaluationComment, comment_id)
    if comment.author_id != current_user.id:
        return render_error(403, detail=_("You can only delete your own comments."))
    round_ = comment.evaluation.round
    svc.delete_comment(comment, user=current_user)
    return _comments_done(_("Your comment is deleted."), round_)


# --- next steps -------------------------------------------------------------------------------------------

def _continue_context(**overrides) -> dict:
    round_ = g.workspace.round
    exit_plan = svc.exit_plan_for(g.workspace.id, round_)
    context = {
        "round": round_, "exit_plan": exit_plan, "evaluation": svc.evaluation_for(g.workspace.id, round_),
        "editable": can_edit(g.access) and g.workspace.stage == Stage.CONTINUING,
        "exit_form": ExitPlanForm(formdata=None, obj=exit_plan),
        "match_form": ExitMatchForm(formdata=None),
        "readiness": readiness(Stage.CONTINUING), "page_stage": Stage.CONTINUING.value,
    }
    context.update(overrides)
    return context


@bp.route("/next-steps")
def continue_page():
    """Anyone who reads the workspace: the three ways to go on, and the exit plan for stopping."""
    return render_template("evaluation/continue.html", **_continue_context())


def _exit_done(message: str):
    return done(message, "ws.evaluation.continue_page", "exit-plan", "evaluation/_exit_plan.html", _continue_context)


@bp.route("/exit-plan", methods=["POST"])
def save_exit_plan():
    """A lead or member, at the next-steps stage: how running matches end well if the organisations stop."""
    require(can_edit)
    form = ExitPlanForm()
    if not form.validate():
        return invalid("evaluation/_exit_plan.html", "evaluation/continue.html", _continue_context(exit_form=form))
    svc.save_exit_plan(g.workspace, approach=form.approach.data, no_running_matches=bool(form.no_running_matches.data),
                       user=current_user)
    return _exit_done(_("The exit plan is saved."))


@bp.route("/exit-plan/matches", methods=["POST"])
def add_exit_match():
    """A lead or member, at the next-steps stage: add a running match, how and by when it ends."""
    require(can_edit)
    form = ExitMatchForm()
    if not form.validate():
        return invalid("evaluation/_exit_plan.html", "evaluation/continue.html", _continue_context(match_form=form))
    svc.add_exit_match(g.workspace, label=form.label.data, how=form.how.data, end_by=form.end_by.data)
    return _exit_done(_("The match is added to the exit plan."))


@bp.route("/exit-plan/matches/<int:match_id>/delete", methods=["POST"])
def delete_exit_match(match_id: int):
    """A lead or member, at the next-steps stage: remove a match from the exit plan."""
    require(can_edit)
    match = get_child_or_404(ExitMatch, match_id)
    svc.delete_exit_match(g.workspace, match)
    return _exit_done(_("The match is removed from the exit plan."))


# --- wiring -----------------------------------------------------------------------------------------------

STAGE_PAGES = (
    ("evaluate", "ws.evaluation.evaluation", _l("Evaluation and comments")),
    ("evaluate", "ws.pilot.indicators", _l("Indicators")),
    ("continue", "ws.evaluation.continue_page", _l("Choose how to go on")),
    ("continue", "ws.evaluation.evaluation", _l("Evaluation and comments")),
)


def personal_data(user) -> dict:
    """For a person's own data download: their comments on evaluations."""
    comments = db.session.scalars(select(EvaluationComment).where(EvaluationComment.author_id == user.id)
                                  .order_by(EvaluationComment.id)).all()
    return {"evaluation_comments": [{"workspace_id": c.workspace_id, "body": c.body,
                                     "created_at": c.created_at.isoformat()} for c in comments]}
