"""Indicators (tip 11): agreed during the pilot, frozen when the workspace enters `evaluate`, afterwards only
changed by a lead with a reason, shown as changed after the fact."""

import pytest
from sqlalchemy import func, select

from tests.factories_pilot import decide, ind, indicator, move, plan_ready, url
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.models import Indicator, PilotPlan

GOOD = {"name": "Matches lasting four months", "success": "Six of eight still run", "failure": "Fewer than four",
        "unit": "number", "target": "6", "how_measured": "Match records", "measured_by": "Coordinator"}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Indicator))


@pytest.fixture
def pilot(make):
    cast = make.workspace(stage="pilot")
    svc.ensure_plan(cast.workspace, 1)
    db.session.commit()
    return cast


def test_an_indicator_is_agreed_and_read_back(client, pilot, login_as):
    login_as(pilot.partner_member)
    response = client.post(url(pilot, "pilot/indicators"), data=ind(GOOD), htmx=True)
    assert response.status_code == 200
    assert 'id="indicators"' in response.get_data(as_text=True)
    assert client.post(url(pilot, "pilot/indicators"), data=ind({**GOOD, "name": "Young people who value their mentor",
                                                        "unit": "percentage", "target": "75,5"})).status_code == 302
    assert client.post(url(pilot, "pilot/indicators"), data=ind({**GOOD, "name": "Cooperation", "unit": "text",
                                                        "target": "Clear agreements that work"})).status_code == 302
    page = client.get(url(pilot, "pilot/indicators")).get_data(as_text=True)
    for text in ("Matches lasting four months", "Six of eight still run", "Fewer than four", "Match records",
                 "Coordinator", "75,5", "Clear agreements that work"):
        assert text in page


@pytest.mark.parametrize("unit, target", [("number", "six"), ("number", "6 matches"), ("percentage", "many"),
                                          ("percentage", "120"), ("number", "")])
def test_a_target_that_does_not_fit_the_unit_is_refused(client, pilot, login_as, unit, target):
    login_as(pilot.mentor_member)
    response = client.post(url(pilot, "pilot/indicators?lang=en"), data=ind({**GOOD, "unit": unit, "target": target}))
    assert response.status_code == 422
    if target and unit == "number":
        assert "enter a number here" in response.get_data(as_text=True)
    assert _count() == 0


@pytest.mark.parametrize("missing", ["name", "success", "failure", "how_measured", "measured_by"])
def test_every_part_of_an_indicator_is_needed(client, pilot, login_as, missing):
    login_as(pilot.mentor_member)
    assert client.post(url(pilot, "pilot/indicators"), data=ind({**GOOD, missing: ""})).status_code == 422
    assert _count() == 0


def test_indicators_are_editable_during_the_pilot(client, pilot, login_as):
    row = indicator(pilot)
    login_as(pilot.mentor_member)
    assert client.get(url(pilot, f"pilot/indicators/{row.id}/edit")).status_code == 200
    assert client.post(url(pilot, f"pilot/indicators/{row.id}/edit"), data=ind({**GOOD, "target": "x"})).status_code == 422
    assert client.post(url(pilot, f"pilot/indicators/{row.id}/edit"), data=ind({**GOOD, "target": "7"})).status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, row.id).target == "7"
    assert db.session.get(Indicator, row.id).changed_after_fact_at is None
    assert client.post(url(pilot, f"pilot/indicators/{row.id}/delete")).status_code == 302
    assert _count() == 0


def test_entering_evaluate_freezes_the_indicators(client, make, login_as):
    cast = make.workspace(stage="decide")
    decide(cast, "mentor", "yes")
    decide(cast, "partner", "yes")
    move(cast, "advance")
    plan_ready(cast)
    move(cast, "advance")
    assert cast.workspace.stage == "evaluate"
    plan = db.session.scalar(select(PilotPlan))
    assert plan.indicators_frozen_at is not None
    row = db.session.scalar(select(Indicator))

    login_as(cast.mentor_member)
    page = client.get(url(cast, "pilot/indicators?lang=en")).get_data(as_text=True)
    assert "are frozen since" in page and "Matches lasting four months" in page
    assert client.post(url(cast, "pilot/indicators"), data=ind(GOOD)).status_code == 409
    assert client.post(url(cast, f"pilot/indicators/{row.id}/edit"), data=ind({**GOOD, "target": "5"})).status_code == 403
    assert client.post(url(cast, f"pilot/indicators/{row.id}/delete")).status_code == 409
    client.post("/logout")

    login_as(cast.partner_lead)
    response = client.post(url(cast, f"pilot/indicators/{row.id}/edit"), data=ind({**GOOD, "target": "5", "reason": ""}))
    assert response.status_code == 422
    assert client.post(url(cast, f"pilot/indicators/{row.id}/edit"),
                       data=ind({**GOOD, "target": "five", "reason": "One match moved away"})).status_code == 422
    db.session.expire_all()
    assert db.session.get(Indicator, row.id).target == "6"
    response = client.post(url(cast, f"pilot/indicators/{row.id}/edit"),
                           data=ind({**GOOD, "target": "5", "reason": "Two matches moved out of the area"}))
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Indicator, row.id)
    assert (changed.target, changed.change_reason) == ("5", "Two matches moved out of the area")
    assert changed.changed_after_fact_by_id == cast.partner_lead.id
    page = client.get(url(cast, "pilot/indicators?lang=en")).get_data(as_text=True)
    assert "changed after the fact" in page and "Two matches moved out of the area" in page
    assert _count() == 1


def test_frozen_indicators_cannot_change_once_the_workspace_is_closed(client, make, login_as):
    cast = make.workspace(stage="closed")
    plan = svc.ensure_plan(cast.workspace, 1)
    plan.indicators_frozen_at = utcnow()
    db.session.commit()
    row = indicator(cast)
    login_as(cast.mentor_lead)
    assert client.post(url(cast, f"pilot/indicators/{row.id}/edit"),
                       data=ind({**GOOD, "target": "5", "reason": "late"})).status_code == 409
    assert client.get(url(cast, f"pilot/indicators/{row.id}/edit")).status_code == 409


def test_observer_cannot_touch_indicators(client, pilot, login_as):
    row = indicator(pilot)
    login_as(pilot.observer)
    assert client.post(url(pilot, "pilot/indicators"), data=ind(GOOD)).status_code == 403
    assert client.get(url(pilot, f"pilot/indicators/{row.id}/edit")).status_code == 403
    assert client.post(url(pilot, f"pilot/indicators/{row.id}/edit"), data=ind({**GOOD, "target": "1"})).status_code == 403
    assert client.post(url(pilot, f"pilot/indicators/{row.id}/delete")).status_code == 403
    assert _count() == 1
    assert client.get(url(pilot, "pilot/indicators")).status_code == 200
