"""Changing the evaluation area's content: the evaluation of a round with its measured values, the comment
thread under it, and the exit plan at the continue stage. Views call these after checking the role; nothing
here commits.

Every change writes exactly one activity row. A change that the current stage does not allow raises
``Refused(409, message)``; a caller that is not allowed raises ``Refused(403, message)``; the views turn
both into a friendly page (or an htmx fragment) with the message.
"""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workflows import Stage

from ..activity.services import record
from ..dbtypes import utcnow
from ..decide.services import current_cycle
from ..extensions import db
from ..stages.content import Refused, require_stage
from ..tenancy.models import Workspace
from .models import Evaluation, EvaluationComment, ExitMatch, ExitPlan, IndicatorResult

log = logging.getLogger(__name__)


# --- evaluation (tip 11) ----------------------------------------------------------------------------------

EVALUATION_TEXT_FIELDS = ("process", "effects", "mentor_views", "mentee_views", "professional_views",
                          "strengths", "lessons_mentor", "lessons_partner")


def evaluation_for(workspace_id: int, round_: int) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.workspace_id == workspace_id,
                                                      Evaluation.round == round_))


def results_by_indicator(evaluation: Evaluation | None) -> dict[int, IndicatorResult]:
    return {r.indicator_id: r for r in evaluation.results} if evaluation else {}


def _editable_evaluation(workspace: Workspace) -> tuple[int, Evaluation | None]:
    round_ = require_stage(workspace, (Stage.EVALUATE,), _l("The evaluation is written at the evaluate stage."))
    evaluation = evaluation_for(workspace.id, round_)
    if evaluation is not None and evaluation.is_shared:
        raise Refused(409, _("This evaluation has been shared and is now read-only. You can still comment on "
                             "it below."))
    return round_, evaluation


def save_evaluation(workspace: Workspace, *, user, texts: dict, results: dict[int, tuple[str, str]]) -> Evaluation:
    """A lead or member writes the current round's evaluation (a draft until shared)."""
    round_, evaluation = _editable_evaluation(workspace)
    if evaluation is None:
        evaluation = Evaluation(workspace_id=workspace.id, round=round_)
        db.session.add(evaluation)
        db.session.flush()
    for key in EVALUATION_TEXT_FIELDS:
        setattr(evaluation, key, texts.get(key) or None)
    evaluation.updated_by_id = user.id
    existing = results_by_indicator(evaluation)
    for indicator_id, (value, comment) in results.items():
        result = existing.get(indicator_id)
        if result is None:
            if not value and not comment:
                continue
            result = IndicatorResult(workspace_id=workspace.id, evaluation=evaluation, indicator_id=indicator_id)
            db.session.add(result)
        result.measured_value = value or None
        result.comment = comment or None
    evaluation.updated_at = utcnow()
    db.session.flush()
    record("evaluation.saved", evaluation, f"round {round_}", details={"round": round_})
    return evaluation


def share_problems(evaluation: Evaluation | None) -> list[str]:
    """What has to be in the evaluation before it can be shared (the next stage needs these views)."""
    problems = []
    if evaluation is None or not (evaluation.mentor_views or "").strip():
        problems.append(_("Write down the mentors' views first."))
    if evaluation is None or not (evaluation.mentee_views or "").strip():
        problems.append(_("Write down the young people's views first."))
    return problems


def share_evaluation(workspace: Workspace, *, user) -> Evaluation:
    """A lead shares the evaluation with both organisations; from then on it is read-only."""
    _round, evaluation = _editable_evaluation(workspace)
    problems = share_problems(evaluation)
    if problems:
        raise Refused(409, " ".join(problems))
    evaluation.shared_at = utcnow()
    evaluation.shared_by_id = user.id
    record("evaluation.shared", evaluation, f"round {evaluation.round}", details={"round": evaluation.round})
    return evaluation


def add_comment(workspace: Workspace, evaluation: Evaluation, *, body: str, user, organisation_id) -> EvaluationComment:
    comment = EvaluationComment(workspace_id=workspace.id, evaluation_id=evaluation.id, author_id=user.id,
                                organisation_id=organisation_id, body=body)
    db.session.add(comment)
    db.session.flush()
    record("comment.added", comment, f"evaluation round {evaluation.round}", details={"round": evaluation.round})
    return comment


def edit_comment(comment: EvaluationComment, *, body: str, user) -> EvaluationComment:
    if comment.author_id != user.id:
        raise Refused(403, _("You can only change your own comments."))
    comment.body = body
    comment.edited_at = utcnow()
    record("comment.edited", comment, "comment", details={})
    return comment


def delete_comment(comment: EvaluationComment, *, user) -> None:
    if comment.author_id != user.id:
        raise Refused(403, _("You can only delete your own comments."))
    record("comment.deleted", comment, "comment", details={})
    db.session.delete(comment)
    db.session.flush()


# --- continue: stopping well ------------------------------------------------------------------------------

NOT_CONTINUE = _l("The exit plan is written at the next-steps stage.")


def exit_plan_for(workspace_id: int, round_: int) -> ExitPlan | None:
    return db.session.scalar(select(ExitPlan).where(ExitPlan.workspace_id == workspace_id,
                                                    ExitPlan.round == round_))


def save_exit_plan(workspace: Workspace, *, approach: str, no_running_matches: bool, user) -> ExitPlan:
    round_ = require_stage(workspace, (Stage.CONTINUING,), NOT_CONTINUE)
    plan = exit_plan_for(workspace.id, round_)
    if plan is None:
        plan = ExitPlan(workspace_id=workspace.id, round=round_, approach=approach)
        db.session.add(plan)
    if no_running_matches and plan.matches:
        raise Refused(409, _("The plan lists running matches; remove them before saying there are none."))
    plan.approach = approach
    plan.no_running_matches = no_running_matches
    plan.updated_by_id = user.id
    db.session.flush()
    record("exit_plan.saved", plan, f"round {round_}", details={"round": round_})
    return plan


def add_exit_match(workspace: Workspace, *, label: str, how: str, end_by: date) -> ExitMatch:
    round_ = require_stage(workspace, (Stage.CONTINUING,), NOT_CONTINUE)
    plan = exit_plan_for(workspace.id, round_)
    if plan is None:
        raise Refused(409, _("Describe the general approach of the exit plan first."))
    if plan.no_running_matches:
        plan.no_running_matches = False
    match = ExitMatch(workspace_id=workspace.id, plan_id=plan.id, label=label, how=how, end_by=end_by)
    db.session.add(match)
    db.session.flush()
    record("exit_match.added", match, label, details={"label": label})
    return match


def delete_exit_match(workspace: Workspace, match: ExitMatch) -> None:
    round_ = require_stage(workspace, (Stage.CONTINUING,), NOT_CONTINUE)
    if match.plan.round != round_:
        raise Refused(409, _("This belongs to an earlier pilot round and can no longer be changed."))
    record("exit_match.deleted", match, match.label, details={"label": match.label})
    db.session.delete(match)
    db.session.flush()


# --- hooks ------------------------------------------------------------------------------------------------

def closing_summary(workspace: Workspace) -> dict | None:
    """For a closed workspace: the referral agreement (declined) or the exit plan (stopped) that stays visible."""
    if workspace.stage != Stage.CLOSED:
        return None
    if workspace.outcome == "declined":
        cycle = current_cycle(workspace)
        text = cycle.referral_agreement if cycle else None
        return {"referral_agreement": text, "exit_plan": None} if text else None
    if workspace.outcome == "stopped":
        plan = exit_plan_for(workspace.id, workspace.round)
        return {"referral_agreement": None, "exit_plan": plan} if plan else None
    return None


SNAPSHOT_DEFAULTS = {"evaluation_shared": False, "evaluation_has_mentor_views": False,
                     "evaluation_has_mentee_views": False, "has_exit_plan": False}


def snapshot_part(workspace: Workspace) -> dict:
    """``Area.snapshot``: the evaluation (at `evaluate`) or the exit plan (at `continue`) of the
    current round, one query, read only at the stage whose guards look at it; elsewhere the defaults."""
    part = dict(SNAPSHOT_DEFAULTS)
    stage, round_ = workspace.stage, workspace.round
    if stage == Stage.EVALUATE:
        row = db.session.execute(
            select(Evaluation.shared_at, Evaluation.mentor_views, Evaluation.mentee_views)
            .where(Evaluation.workspace_id == workspace.id, Evaluation.round == round_)).first()
        if row is not None:
            part.update(evaluation_shared=row[0] is not None,
                        evaluation_has_mentor_views=bool((row[1] or "").strip()),
                        evaluation_has_mentee_views=bool((row[2] or "").strip()))
    elif stage == Stage.CONTINUING:
        matches = (select(func.count()).select_from(ExitMatch).where(ExitMatch.plan_id == ExitPlan.id)
                   .scalar_subquery())
        row = db.session.execute(
            select(ExitPlan.approach, ExitPlan.no_running_matches, matches)
            .where(ExitPlan.workspace_id == workspace.id, ExitPlan.round == round_)).first()
        if row is not None:
            part["has_exit_plan"] = bool((row[0] or "").strip()) and (bool(row[1]) or bool(row[2]))
    return part
