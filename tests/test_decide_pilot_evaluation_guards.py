"""The snapshot contributors of the decide, pilot and evaluation areas against the pure workflow: each guard's
refusal goes away when the content it asks for is there (CollaborationFlow over a WorkspaceSnapshot built from
their ``snapshot_part``)."""

from datetime import date

from sqlalchemy import select

from tests.factories_pilot import decide, evaluation_ready, indicator, plan_ready, snapshot_parts, url
from workflows import CollaborationFlow, Stage, WorkspaceSnapshot
from workspace.core.area import installed
from workspace.dbtypes import utcnow
from workspace.decide import services as decide_svc
from workspace.evaluation import services as evaluation_svc
from workspace.evaluation.models import Evaluation, ExitMatch, ExitPlan
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.models import ResponsibilityRow

KEYS = {"decision_mentor", "decision_partner", "has_referral_agreement", "construction", "has_scope_dates",
        "responsibility_rows", "indicators", "evaluation_shared", "evaluation_has_mentor_views",
        "evaluation_has_mentee_views", "has_exit_plan"}


def _codes(cast, stage: str, trigger: str = "advance", **kwargs) -> set[str]:
    db.session.expire_all()
    snapshot = WorkspaceSnapshot(stage=Stage(stage), round=cast.workspace.round, **snapshot_parts(cast.workspace))
    return {r.code for r in CollaborationFlow(snapshot).refusals(trigger, **kwargs)}


def test_the_contributor_is_registered_and_gives_exactly_its_fields(make):
    areas = (decide_svc, svc, evaluation_svc)
    assert all(area.snapshot_part in installed().snapshot_contributors for area in areas)
    assert decide_svc.on_transition in installed().on_transition and svc.on_transition in installed().on_transition
    cast = make.workspace(stage="decide")
    fields = [set(area.snapshot_part(cast.workspace)) for area in areas]
    assert sum(len(f) for f in fields) == len(KEYS)  # no field comes from two areas
    part = snapshot_parts(cast.workspace)
    assert set(part) == KEYS
    assert part == {"decision_mentor": None, "decision_partner": None, "has_referral_agreement": False,
                    "construction": None, "has_scope_dates": False, "responsibility_rows": 0, "indicators": 0,
                    "evaluation_shared": False, "evaluation_has_mentor_views": False,
                    "evaluation_has_mentee_views": False, "has_exit_plan": False}
    assert {"decide", "pilot", "evaluate", "continue", "closed"} <= set(installed().stage_pages)


def test_decide_guards(make):
    cast = make.workspace(stage="decide")
    assert _codes(cast, "decide") == {"decision_mentor_missing", "decision_partner_missing"}
    decide(cast, "mentor", "yes")
    assert _codes(cast, "decide") == {"decision_partner_missing"}
    decide(cast, "partner", "no")
    assert _codes(cast, "decide") == {"decision_partner_no"}
    assert _codes(cast, "decide", "decline") == {"referral_agreement_missing"}
    cycle = decide_svc.current_cycle(cast.workspace)
    cycle.referral_agreement = "Contact person at the wijkteam."
    db.session.commit()
    assert _codes(cast, "decide", "decline") == set()
    decide(cast, "partner", "yes")
    assert _codes(cast, "decide") == set()
    assert _codes(cast, "decide", "decline") == {"no_decision_no"}


def test_pilot_guards_count_only_agreed_rows_of_the_current_round(make):
    cast = make.workspace(stage="pilot", round=2)
    plan_ready(cast, 1)  # an earlier round's content does not count
    assert _codes(cast, "pilot") == {"construction_missing", "scope_dates_missing", "responsibilities_too_few",
                                     "indicators_missing"}
    plan = svc.ensure_plan(cast.workspace, 2)
    plan.construction = "joint_service"
    plan.start_date = date(2026, 1, 1)
    db.session.commit()
    assert _codes(cast, "pilot") == {"scope_dates_missing", "responsibilities_too_few", "indicators_missing"}
    plan.end_date = date(2026, 3, 1)
    rows = db.session.scalars(select(ResponsibilityRow).where(ResponsibilityRow.round == 2)).all()
    for row in rows[:2]:
        row.holder = "professional"
    db.session.commit()
    assert _codes(cast, "pilot") == {"responsibilities_too_few", "indicators_missing"}
    rows[2].holder = "professional"
    db.session.commit()
    indicator(cast, 2)
    assert _codes(cast, "pilot") == set()


def test_evaluate_guards(make):
    cast = make.workspace(stage="evaluate")
    assert _codes(cast, "evaluate") == {"evaluation_not_shared", "evaluation_mentor_views_missing",
                                        "evaluation_mentee_views_missing"}
    evaluation = evaluation_ready(cast)
    assert _codes(cast, "evaluate") == {"evaluation_not_shared"}
    evaluation.shared_at, evaluation.shared_by_id = utcnow(), cast.mentor_lead.id
    db.session.commit()
    assert _codes(cast, "evaluate") == set()
    assert db.session.scalar(select(Evaluation.round)) == 1


def test_close_stopped_needs_a_complete_exit_plan(make):
    cast = make.workspace(stage="continue")
    kwargs = {"reason": "Funding ends", "outcome": "stopped"}
    assert _codes(cast, "continue", "close", **kwargs) == {"exit_plan_missing"}
    plan = ExitPlan(workspace_id=cast.workspace.id, round=1, approach="Six more weeks.")
    db.session.add(plan)
    db.session.commit()
    assert _codes(cast, "continue", "close", **kwargs) == {"exit_plan_missing"}  # matches not listed yet
    db.session.add(ExitMatch(workspace_id=cast.workspace.id, plan_id=plan.id, label="match 1", how="Goodbye walk",
                             end_by=date(2026, 9, 1)))
    db.session.commit()
    assert _codes(cast, "continue", "close", **kwargs) == set()


def test_bsn_in_hand_read_fields_is_held_back(client, make, login_as):
    cast = make.workspace(stage="evaluate")
    row = indicator(cast, unit="text", target="x")
    login_as(cast.mentor_member)
    data = {"mentor_views": "Fine.", f"comment_{row.id}": "BSN 111222333 of the young person"}
    response = client.post(url(cast, "evaluation/"), data=dict(data))
    assert response.status_code == 422
    assert 'name="confirm_not_bsn"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Evaluation)) is None
    assert client.post(url(cast, "evaluation/"), data={**data, "confirm_not_bsn": "y"}).status_code == 302


def test_bsn_in_a_matrix_note_is_held_back(client, make, login_as):
    cast = make.workspace(stage="pilot")
    svc.ensure_plan(cast.workspace, 1)
    db.session.commit()
    row = db.session.scalar(select(ResponsibilityRow))
    login_as(cast.partner_member)
    data = {f"r{row.id}-holder": "both", f"r{row.id}-note": "about 1234.56.782"}
    response = client.post(url(cast, f"pilot/plan/responsibilities/{row.id}"), data=dict(data))
    assert response.status_code == 422
    assert f'form="resp-form-{row.id}"> ' in response.get_data(as_text=True)
    assert client.post(url(cast, f"pilot/plan/responsibilities/{row.id}"),
                       data={**data, "confirm_not_bsn": "y"}).status_code == 302
