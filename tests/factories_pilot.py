"""Test helpers of the decide, pilot and evaluation areas: content made straight in the database, and stage
moves through the workflow's own service (so the areas' hooks run as in production)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from workspace.dbtypes import utcnow
from workspace.decide import services as decide_svc
from workspace.decide.models import Decision
from workspace.evaluation import services as evaluation_svc
from workspace.evaluation.models import Evaluation
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.models import Indicator, ResponsibilityRow
from workspace.stages import services as workflow
from workspace.stages.models import StageTask
from workspace.tenancy.access import Access
from workspace.tenancy.models import Membership, Role


def ind(data: dict) -> dict:
    """Indicator form fields carry the prefix "ind-"."""
    return {f"ind-{k}": v for k, v in data.items()}


def scope(data: dict) -> dict:
    """Scope form fields carry the prefix "scope-"."""
    return {f"scope-{k}": v for k, v in data.items()}


def url(cast, path: str) -> str:
    """``path`` under the workspace: ``decide/mentor``, ``pilot/plan``, ``evaluation/share``, ``export/report``."""
    return f"/w/{cast.workspace.id}/{path}"


def snapshot_parts(workspace) -> dict:
    """The WorkspaceSnapshot fields of the decide, pilot and evaluation areas together."""
    return {**decide_svc.snapshot_part(workspace), **svc.snapshot_part(workspace),
            **evaluation_svc.snapshot_part(workspace)}


def decide(cast, side: str, answer: str, reasons: str = "Our reasons.") -> Decision:
    cycle = decide_svc.ensure_cycle(cast.workspace)
    current = decide_svc.current_decisions(cycle)[side]
    lead = cast.mentor_lead if side == "mentor" else cast.partner_lead
    org = cast.mentor_org if side == "mentor" else cast.partner_org
    decision = Decision(workspace_id=cast.workspace.id, cycle_id=cycle.id, side=side,
                        seq=(current.seq if current else 0) + 1, answer=answer, reasons=reasons,
                        organisation_id=org.id, decided_by_id=lead.id)
    db.session.add(decision)
    db.session.commit()
    return decision


def indicator(cast, round_: int = 1, **fields) -> Indicator:
    values = dict(name="Matches lasting four months", success="Six of eight still run", failure="Fewer than four",
                  target="6", unit="number", how_measured="Match records", measured_by="Coordinator")
    values.update(fields)
    row = Indicator(workspace_id=cast.workspace.id, round=round_, **values)
    db.session.add(row)
    db.session.commit()
    return row


def plan_ready(cast, round_: int = 1, *, with_indicator: bool = True):
    """A plan that satisfies every pilot → evaluate guard of the pilot area."""
    plan = svc.ensure_plan(cast.workspace, round_)
    plan.construction = "coproduction"
    plan.start_date, plan.end_date = date(2026, 1, 1), date(2026, 6, 30)
    plan.target_group, plan.place, plan.matches = "Young people aged 12 to 16", "Oost", 8
    rows = db.session.scalars(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == cast.workspace.id,
                                                              ResponsibilityRow.round == round_)).all()
    for row in rows[:4]:
        row.holder = "professional" if row.professional_only else "both"
    db.session.commit()
    if with_indicator:
        indicator(cast, round_)
    return plan


def evaluation_ready(cast, round_: int = 1, *, shared: bool = False) -> Evaluation:
    evaluation = Evaluation(workspace_id=cast.workspace.id, round=round_, process="It went well after week six.",
                            mentor_views="Mentors liked the clear contact person.",
                            mentee_views="Young people want to keep their mentor.")
    if shared:
        evaluation.shared_at = utcnow()
        evaluation.shared_by_id = cast.mentor_lead.id
    db.session.add(evaluation)
    db.session.commit()
    return evaluation


def tick_tasks(workspace) -> None:
    """Mark every task of the current stage and round done (the workflow's own guard)."""
    for task in db.session.scalars(select(StageTask).where(StageTask.workspace_id == workspace.id,
                                                           StageTask.stage == workspace.stage,
                                                           StageTask.round == workspace.round)):
        task.done_at = utcnow()
    db.session.commit()


def move(cast, trigger: str, *, reason: str | None = None, outcome: str | None = None, by=None):
    """Fire ``trigger`` as a lead through the workflow service (hooks included) and commit."""
    lead = by or cast.mentor_lead
    membership = db.session.scalar(select(Membership).where(Membership.workspace_id == cast.workspace.id,
                                                            Membership.user_id == lead.id))
    assert membership.role == Role.LEAD
    tick_tasks(cast.workspace)
    access = Access(lead.id, membership.role, membership, membership.organisation_id)
    # A request context, as in production: some snapshot contributors translate their texts.
    with current_app.test_request_context("/"):
        change = workflow.fire(cast.workspace, trigger, expected_stage=cast.workspace.stage,
                               expected_round=cast.workspace.round, reason=reason, outcome=outcome, actor=lead,
                               access=access)
    db.session.commit()
    return change


def refusal_codes(cast, trigger: str = "advance", **kwargs) -> set[str]:
    """The workflow's refusal codes for ``trigger`` now, from the real snapshot (every contributor)."""
    db.session.expire_all()
    with current_app.test_request_context("/"):
        flow = workflow.flow_for(cast.workspace)
        return {r.code for r in flow.refusals(trigger, **kwargs)}
