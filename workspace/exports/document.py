"""Building the export document ``mentorbrug-workspace/1`` (documented in docs/export-format.md).

The document carries no database ids: people and organisations appear by name, rows by their content.
Each section is read with one or two queries, whatever the size of the workspace. Every section is always
present (an empty list when the workspace has nothing of that kind), so a reader can rely on every key.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workflows import WORKING_STAGE_CODES

from ..activity.models import Activity
from ..dbtypes import utcnow
from ..decide.models import Decision, DecisionCycle
from ..evaluation.models import Evaluation, EvaluationComment, IndicatorResult
from ..extensions import db
from ..notes.models import Note
from ..notes.services import visible_notes_query
from ..pilot.models import CheckIn, Indicator, PilotPlan, PracticalNeed, ResponsibilityRow
from ..stages.models import StageChange, StageTask
from ..tenancy.access import Access, internal_visible
from ..tenancy.models import Membership, Workspace

FORMAT = "mentorbrug-workspace/1"


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _name(user) -> str | None:
    return user.name if user is not None else None


def _org_name(org) -> str | None:
    return org.name if org is not None else None


def build_export(workspace: Workspace, access: Access, user) -> dict:
    """Anyone who can read the workspace: the whole document for ``access`` (nothing is changed)."""
    return {
        "format": FORMAT,
        "exported_at": _iso(utcnow()),
        "exported_by": {"name": user.name, "organisation": _org_name(_organisation(workspace, access)),
                        "role": access.role},
        "language": str(get_locale() or "nl"),
        "workspace": {
            "title": workspace.title,
            "stage": workspace.stage,
            "round": workspace.round,
            "outcome": workspace.outcome,
            "stage_entered_at": _iso(workspace.stage_entered_at),
            "created_at": _iso(workspace.created_at),
        },
        "organisations": {
            "mentor": {"name": workspace.mentor_org.name},
            "partner": {"name": workspace.partner_org.name} if workspace.partner_org else None,
        },
        "members": members(workspace),
        "stage_history": stage_history(workspace),
        "tasks": tasks(workspace),
        "notes": notes(workspace, access),
        "decisions": decisions(workspace),
        "pilot_plan": pilot_plans(workspace),
        "indicators": indicators(workspace),
        "evaluations": evaluations(workspace),
        "comments": comments(workspace),
        "activity": activity(workspace, access),
    }


def _organisation(workspace: Workspace, access: Access):
    if access.organisation_id == workspace.mentor_org_id:
        return workspace.mentor_org
    if access.organisation_id is not None and access.organisation_id == workspace.partner_org_id:
        return workspace.partner_org
    if access.membership is not None:
        return access.membership.organisation
    return None


def members(workspace: Workspace) -> list[dict]:
    rows = db.session.scalars(
        select(Membership).options(joinedload(Membership.user), joinedload(Membership.organisation))
        .where(Membership.workspace_id == workspace.id).order_by(Membership.role, Membership.id)
    )
    return [{"name": m.user.name, "organisation": m.organisation.name, "side": workspace.side_of(m.organisation_id),
             "role": m.role} for m in rows]


def stage_history(workspace: Workspace) -> list[dict]:
    rows = db.session.scalars(
        select(StageChange).options(joinedload(StageChange.actor), joinedload(StageChange.organisation))
        .where(StageChange.workspace_id == workspace.id).order_by(StageChange.created_at, StageChange.id)
    )
    return [{"at": _iso(c.created_at), "from_stage": c.from_stage, "to_stage": c.to_stage, "trigger": c.trigger,
             "round": c.round, "outcome": c.outcome, "reason": c.reason, "by": _name(c.actor),
             "organisation": _org_name(c.organisation)} for c in rows]


def tasks(workspace: Workspace) -> list[dict]:
    order = {stage: i for i, stage in enumerate(WORKING_STAGE_CODES)}
    rows = list(db.session.scalars(
        select(StageTask).options(joinedload(StageTask.assignee), joinedload(StageTask.done_by))
        .where(StageTask.workspace_id == workspace.id)
    ))
    rows.sort(key=lambda t: (order.get(t.stage, 99), t.round, t.position, t.id))
    return [{"stage": t.stage, "round": t.round, "position": t.position, "template_key": t.template_key,
             "title": t.title, "description": t.description, "required": bool(t.required),
             "assignee": _name(t.assignee), "due_date": _iso(t.due_date), "done_at": _iso(t.done_at),
             "done_by": _name(t.done_by)} for t in rows]


def notes(workspace: Workspace, access: Access) -> list[dict]:
    """Joint notes, plus the exporter's own organisation's internal notes, exactly as the notes area lets
    ``access`` see them (``visible_notes_query``): never another organisation's internal notes."""
    rows = db.session.scalars(
        visible_notes_query(workspace, access)
        .options(joinedload(Note.created_by), joinedload(Note.updated_by))
        .order_by(Note.created_at, Note.id)
    )
    return [{"title": n.title, "body": n.body, "stage": n.stage, "internal": n.internal_org_id is not None,
             "pinned": bool(n.pinned), "created_at": _iso(n.created_at), "created_by": _name(n.created_by),
             "updated_at": _iso(n.updated_at), "updated_by": _name(n.updated_by)} for n in rows]


def decisions(workspace: Workspace) -> list[dict]:
    """Every decision cycle with its full decision history (changes included), oldest first."""
    cycles = db.session.scalars(
        select(DecisionCycle).options(
            joinedload(DecisionCycle.decisions).joinedload(Decision.decided_by),
            joinedload(DecisionCycle.decisions).joinedload(Decision.organisation),
        ).where(DecisionCycle.workspace_id == workspace.id).order_by(DecisionCycle.number)
    ).unique()
    return [{
        "cycle": c.number, "deadline": _iso(c.deadline), "referral_agreement": c.referral_agreement,
        "decisions": [{"side": d.side, "seq": d.seq, "answer": d.answer, "reasons": d.reasons,
                       "organisation": _org_name(d.organisation), "by": _name(d.decided_by),
                       "at": _iso(d.created_at)} for d in c.decisions],
    } for c in cycles]


def pilot_plans(workspace: Workspace) -> list[dict]:
    """One plan per pilot round: construction, scope, responsibility matrix, practical needs, check-ins."""
    wid = workspace.id
    plans = list(db.session.scalars(select(PilotPlan).where(PilotPlan.workspace_id == wid)
                                    .order_by(PilotPlan.round)))
    by_round: dict[int, dict] = {}
    for p in plans:
        by_round[p.round] = {
            "round": p.round, "construction": p.construction, "construction_note": p.construction_note,
            "target_group": p.target_group, "place": p.place, "matches": p.matches,
            "start_date": _iso(p.start_date), "end_date": _iso(p.end_date),
            "phases": p.phases, "indicators_frozen_at": _iso(p.indicators_frozen_at),
            "responsibilities": [], "practical_needs": [], "check_ins": [],
        }

    def plan(round_: int) -> dict:
        return by_round.setdefault(round_, {"round": round_, "responsibilities": [], "practical_needs": [],
                                            "check_ins": []})

    for r in db.session.scalars(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == wid)
                                .order_by(ResponsibilityRow.round, ResponsibilityRow.position,
                                          ResponsibilityRow.id)):
        plan(r.round)["responsibilities"].append({
            "position": r.position, "topic": r.topic, "template_key": r.template_key,
            "professional_only": bool(r.professional_only), "holder": r.holder, "note": r.note})
    for n in db.session.scalars(select(PracticalNeed).options(joinedload(PracticalNeed.owner))
                                .where(PracticalNeed.workspace_id == wid)
                                .order_by(PracticalNeed.round, PracticalNeed.position, PracticalNeed.id)):
        plan(n.round)["practical_needs"].append({
            "position": n.position, "kind": n.kind, "title": n.title, "owner": _name(n.owner),
            "status": n.status, "note": n.note})
    for c in db.session.scalars(select(CheckIn).where(CheckIn.workspace_id == wid)
                                .order_by(CheckIn.round, CheckIn.on_date, CheckIn.id)):
        plan(c.round)["check_ins"].append({"on_date": _iso(c.on_date), "topic": c.topic})
    return [by_round[k] for k in sorted(by_round)]


def indicators(workspace: Workspace) -> list[dict]:
    rows = db.session.scalars(
        select(Indicator).options(joinedload(Indicator.changed_after_fact_by))
        .where(Indicator.workspace_id == workspace.id).order_by(Indicator.round, Indicator.position, Indicator.id)
    )
    return [{"round": i.round, "position": i.position, "name": i.name, "success": i.success,
             "failure": i.failure, "target": i.target, "unit": i.unit, "how_measured": i.how_measured,
             "measured_by": i.measured_by, "changed_after_fact_at": _iso(i.changed_after_fact_at),
             "changed_after_fact_by": _name(i.changed_after_fact_by), "change_reason": i.change_reason}
            for i in rows]


def evaluations(workspace: Workspace) -> list[dict]:
    rows = db.session.scalars(
        select(Evaluation).options(
            joinedload(Evaluation.shared_by),
            joinedload(Evaluation.results).joinedload(IndicatorResult.indicator),
        ).where(Evaluation.workspace_id == workspace.id).order_by(Evaluation.round)
    ).unique()
    fields = ("process", "effects", "mentor_views", "mentee_views", "professional_views", "strengths",
              "lessons_mentor", "lessons_partner")
    return [{
        "round": e.round, **{f: getattr(e, f) for f in fields},
        "shared_at": _iso(e.shared_at), "shared_by": _name(e.shared_by),
        "results": [{"indicator": r.indicator.name, "measured_value": r.measured_value, "comment": r.comment}
                    for r in sorted(e.results, key=lambda r: (r.indicator.position, r.indicator_id))],
    } for e in rows]


def comments(workspace: Workspace) -> list[dict]:
    rows = db.session.execute(
        select(EvaluationComment, Evaluation.round)
        .join(Evaluation, Evaluation.id == EvaluationComment.evaluation_id)
        .options(joinedload(EvaluationComment.author), joinedload(EvaluationComment.organisation))
        .where(EvaluationComment.workspace_id == workspace.id)
        .order_by(EvaluationComment.created_at, EvaluationComment.id)
    )
    return [{"round": round_, "by": _name(c.author), "organisation": _org_name(c.organisation), "body": c.body,
             "created_at": _iso(c.created_at), "edited_at": _iso(c.edited_at)} for c, round_ in rows]


def activity(workspace: Workspace, access: Access) -> list[dict]:
    """The feed as ``access`` may see it: rows about another organisation's internal things are left out."""
    visible = internal_visible(Activity.visible_to_org_id, workspace, access)
    rows = db.session.scalars(
        select(Activity).options(joinedload(Activity.user), joinedload(Activity.organisation))
        .where(Activity.workspace_id == workspace.id, visible).order_by(Activity.created_at, Activity.id)
    )
    return [{"at": _iso(a.created_at), "verb": a.verb, "summary": a.summary, "stage": a.stage,
             "by": _name(a.user), "organisation": _org_name(a.organisation)} for a in rows]
