"""The printable report: everything of the decide, pilot and evaluation areas on one page, per pilot round,
in a fixed number of queries whatever the number of rounds."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from workflows import Stage

from ..decide.models import Decision, DecisionCycle
from ..evaluation.models import Evaluation, EvaluationComment, ExitPlan
from ..evaluation.services import results_by_indicator
from ..extensions import db
from ..pilot.models import CheckIn, Indicator, PilotPlan, PracticalNeed, ResponsibilityRow
from ..tenancy.models import Workspace


def report_rounds(workspace: Workspace, only_round: int | None = None) -> list[dict]:
    """Everything the printable report shows per pilot round, in a fixed number of queries whatever the number
    of rounds (one per kind of row; the rows are grouped by round here, not fetched per round)."""
    wid = workspace.id
    plans = {p.round: p for p in db.session.scalars(select(PilotPlan).where(PilotPlan.workspace_id == wid))}
    rounds = set(plans)
    if workspace.stage in (Stage.PILOT, Stage.EVALUATE, Stage.CONTINUING):
        rounds.add(workspace.round)
    if only_round is not None:
        rounds = {only_round}
    rounds = sorted(rounds)

    def grouped(stmt) -> dict[int, list]:
        found: dict[int, list] = {r: [] for r in rounds}
        for row in db.session.scalars(stmt):
            if row.round in found:
                found[row.round].append(row)
        return found

    rows = grouped(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == wid)
                   .order_by(ResponsibilityRow.position, ResponsibilityRow.id))
    needs_ = grouped(select(PracticalNeed).options(joinedload(PracticalNeed.owner))
                     .where(PracticalNeed.workspace_id == wid).order_by(PracticalNeed.position, PracticalNeed.id))
    check_ins_ = grouped(select(CheckIn).where(CheckIn.workspace_id == wid).order_by(CheckIn.on_date, CheckIn.id))
    indicators_ = grouped(select(Indicator).options(joinedload(Indicator.changed_after_fact_by))
                          .where(Indicator.workspace_id == wid).order_by(Indicator.position, Indicator.id))
    evaluations = {e.round: e for e in db.session.scalars(
        select(Evaluation).options(
            joinedload(Evaluation.shared_by),
            selectinload(Evaluation.results),
            selectinload(Evaluation.comments).joinedload(EvaluationComment.author),
            selectinload(Evaluation.comments).joinedload(EvaluationComment.organisation),
        ).where(Evaluation.workspace_id == wid)
    )}
    exit_plans = {e.round: e for e in db.session.scalars(
        select(ExitPlan).options(selectinload(ExitPlan.matches)).where(ExitPlan.workspace_id == wid)
    )}
    return [
        {"round": r, "plan": plans.get(r), "rows": rows[r], "needs": needs_[r], "check_ins": check_ins_[r],
         "indicators": indicators_[r], "evaluation": evaluations.get(r),
         "results": results_by_indicator(evaluations.get(r)), "exit_plan": exit_plans.get(r)}
        for r in rounds
    ]


def cycle_with_history(workspace: Workspace) -> tuple[DecisionCycle | None, list[Decision]]:
    """The current decision cycle and its decisions (newest first, with who and which organisation), in one
    query: the printable report's need."""
    cycle = db.session.scalars(
        select(DecisionCycle).options(
            joinedload(DecisionCycle.decisions).joinedload(Decision.decided_by),
            joinedload(DecisionCycle.decisions).joinedload(Decision.organisation),
        ).where(DecisionCycle.workspace_id == workspace.id).order_by(DecisionCycle.number.desc()).limit(1)
    ).unique().first()
    if cycle is None:
        return None, []
    return cycle, sorted(cycle.decisions, key=lambda d: (d.created_at, d.id), reverse=True)
