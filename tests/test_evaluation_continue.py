"""Next steps (tips 11-12): structural, a new pilot round with the previous plan as a starting point, or stop
with an exit plan for the running matches."""

from datetime import date

from sqlalchemy import select

from tests.factories_pilot import evaluation_ready, ind, indicator, move, plan_ready, refusal_codes, url
from workspace.evaluation.models import ExitMatch, ExitPlan
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.models import CheckIn, Indicator, PilotPlan
from workspace.tenancy.models import Workspace


def _at_continue(make):
    cast = make.workspace(stage="evaluate")
    plan_ready(cast)
    evaluation_ready(cast, shared=True)
    move(cast, "advance")
    assert cast.workspace.stage == "continue"
    return cast


def test_the_page_explains_the_three_choices(client, make, login_as):
    cast = _at_continue(make)
    login_as(cast.observer)
    page = client.get(url(cast, "evaluation/next-steps?lang=en")).get_data(as_text=True)
    for text in ("Carry on for good", "Another pilot round", "Stop", "exit plan"):
        assert text in page
    assert 'action="' + url(cast, "evaluation/exit-plan") not in page  # observers get no form


def test_stopping_needs_an_exit_plan(client, make, login_as):
    cast = _at_continue(make)
    assert "exit_plan_missing" in refusal_codes(cast, "close", reason="We stop", outcome="stopped")
    login_as(cast.mentor_member)
    assert client.post(url(cast, "evaluation/exit-plan/matches"),
                       data={"label": "match 1", "how": "Goodbye talk", "end_by": "2026-09-01"}).status_code == 409
    assert client.post(url(cast, "evaluation/exit-plan"), data={"approach": ""}).status_code == 422
    response = client.post(url(cast, "evaluation/exit-plan"), data={
        "approach": "Each mentor and young person get six more weeks and a goodbye meeting."}, htmx=True)
    assert response.status_code == 200 and 'id="exit-plan"' in response.get_data(as_text=True)
    # the running matches are still to be listed
    assert "exit_plan_missing" in refusal_codes(cast, "close", reason="We stop", outcome="stopped")
    assert client.post(url(cast, "evaluation/exit-plan/matches"),
                       data={"label": "match 1", "how": "Goodbye talk", "end_by": "01-09-2026"}).status_code == 422
    assert client.post(url(cast, "evaluation/exit-plan/matches"),
                       data={"label": "match 1", "how": "Goodbye talk at the wijkteam office",
                             "end_by": "2026-09-01"}).status_code == 302
    assert refusal_codes(cast, "close", reason="We stop", outcome="stopped") == set()
    match = db.session.scalar(select(ExitMatch))
    assert (match.label, match.end_by) == ("match 1", date(2026, 9, 1))

    move(cast, "close", reason="The municipality stops the funding.", outcome="stopped")
    workspace = db.session.get(Workspace, cast.workspace.id)
    assert (workspace.stage, workspace.outcome) == ("closed", "stopped")
    page = client.get(url(cast, "pilot/")).get_data(as_text=True)
    assert "Goodbye talk at the wijkteam office" in page
    assert client.post(url(cast, "evaluation/exit-plan"), data={"approach": "Changed"}).status_code == 409


def test_no_running_matches_is_a_complete_exit_plan(client, make, login_as):
    cast = _at_continue(make)
    login_as(cast.partner_lead)
    client.post(url(cast, "evaluation/exit-plan"), data={"approach": "Nothing runs any more.", "no_running_matches": "y"})
    assert refusal_codes(cast, "close", reason="Done", outcome="stopped") == set()


def test_structural_needs_no_exit_plan(client, make, login_as):
    cast = _at_continue(make)
    assert refusal_codes(cast, "close", reason="It works", outcome="structural") == set()
    move(cast, "close", reason="It works", outcome="structural")
    assert db.session.get(Workspace, cast.workspace.id).outcome == "structural"


def test_a_new_round_starts_from_the_previous_plan(client, make, login_as):
    cast = _at_continue(make)
    db.session.add(CheckIn(workspace_id=cast.workspace.id, round=1, on_date=date(2026, 2, 1), topic="Kick-off"))
    db.session.commit()
    move(cast, "new_round")
    assert (cast.workspace.stage, cast.workspace.round) == ("pilot", 2)
    plans = {p.round: p for p in db.session.scalars(select(PilotPlan))}
    assert set(plans) == {1, 2}
    second = plans[2]
    assert second.copied_from_round == 1
    assert second.construction == "coproduction" and second.matches == 8
    assert second.start_date is None and second.end_date is None  # new dates for a new round
    assert second.indicators_frozen_at is None
    assert [i.name for i in db.session.scalars(select(Indicator).where(Indicator.round == 2))] == \
        ["Matches lasting four months"]
    assert not db.session.scalars(select(CheckIn).where(CheckIn.round == 2)).all()
    codes = refusal_codes(cast)
    assert "scope_dates_missing" in codes and "construction_missing" not in codes

    login_as(cast.mentor_member)
    page = client.get(url(cast, "pilot/plan?lang=en")).get_data(as_text=True)
    assert "started as a copy of round 1" in page
    # round 1 stays readable, and read-only
    page = client.get(url(cast, "pilot/plan?round=1")).get_data(as_text=True)
    assert 'action="' + url(cast, "pilot/plan/scope") not in page
    row1 = db.session.scalar(select(Indicator).where(Indicator.round == 1))
    assert client.post(url(cast, f"pilot/indicators/{row1.id}/edit"),
                       data=ind({"name": "x", "success": "x", "failure": "x", "unit": "text", "target": "x",
                                 "how_measured": "x", "measured_by": "x"})).status_code == 409
    assert client.get(url(cast, "evaluation/?round=1")).status_code == 200
    assert client.get(url(cast, "evaluation/?round=3")).status_code == 404


def test_a_new_round_without_previous_plan_gets_a_fresh_one(make):
    cast = make.workspace(stage="continue")
    move(cast, "new_round")
    plan = db.session.scalar(select(PilotPlan).where(PilotPlan.round == 2))
    assert plan is not None and plan.copied_from_round is None


def test_start_plan_from_an_earlier_round_by_hand(client, make, login_as):
    cast = make.workspace(stage="pilot", round=2)
    plan_ready(cast, 1)
    login_as(cast.partner_member)
    page = client.get(url(cast, "pilot/plan")).get_data(as_text=True)
    assert 'name="copy_from" value="1"' in page
    assert client.post(url(cast, "pilot/plan/start"), data={"copy_from": "5"}).status_code == 409
    assert client.post(url(cast, "pilot/plan/start"), data={"copy_from": "1"}).status_code == 302
    assert svc.plan_for(cast.workspace.id, 2).construction == "coproduction"


def test_observers_cannot_write_the_exit_plan(client, make, login_as):
    cast = _at_continue(make)
    login_as(cast.mentor_member)
    client.post(url(cast, "evaluation/exit-plan"), data={"approach": "Six more weeks."})
    client.post(url(cast, "evaluation/exit-plan/matches"), data={"label": "match 1", "how": "Talk", "end_by": "2026-09-01"})
    match = db.session.scalar(select(ExitMatch))
    client.post("/logout")
    login_as(cast.observer)
    assert client.post(url(cast, "evaluation/exit-plan"), data={"approach": "x"}).status_code == 403
    assert client.post(url(cast, "evaluation/exit-plan/matches"),
                       data={"label": "m", "how": "x", "end_by": "2026-09-01"}).status_code == 403
    assert client.post(url(cast, f"evaluation/exit-plan/matches/{match.id}/delete")).status_code == 403
    assert db.session.scalar(select(ExitPlan.approach)) == "Six more weeks."


def test_indicator_helper_is_per_round(make):
    cast = make.workspace(stage="pilot")
    indicator(cast, 1)
    assert svc.snapshot_part(cast.workspace)["indicators"] == 1
