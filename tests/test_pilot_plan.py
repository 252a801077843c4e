"""The pilot plan (tips 8-10): construction, scope, responsibility matrix, practical needs, check-ins; and the
pilot → evaluate refusals that disappear as the plan is filled in."""

import pytest
from sqlalchemy import func, select

from tests.factories_pilot import indicator, refusal_codes, scope, url
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.models import CheckIn, PilotPlan, PracticalNeed, ResponsibilityRow


@pytest.fixture
def pilot(make):
    cast = make.workspace(stage="pilot")
    svc.ensure_plan(cast.workspace, 1)
    db.session.commit()
    return cast


def _plan() -> PilotPlan:
    db.session.expire_all()
    return db.session.scalar(select(PilotPlan))


def _row(key: str) -> ResponsibilityRow:
    return db.session.scalar(select(ResponsibilityRow).where(ResponsibilityRow.template_key == key))


def test_starting_a_plan_fills_in_the_usual_topics_and_needs(client, make, login_as):
    cast = make.workspace(stage="pilot")
    login_as(cast.mentor_member)
    page = client.get(url(cast, "pilot/plan")).get_data(as_text=True)
    assert "plan/start" in page
    assert client.post(url(cast, "pilot/plan/start")).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ResponsibilityRow)) == 8
    assert db.session.scalar(select(func.count()).select_from(PracticalNeed)) == 8
    for key in ("treatment_plan", "unsafety", "reporting", "referral_decisions", "youth_protection"):
        assert _row(key).professional_only, key
    assert client.post(url(cast, "pilot/plan/start")).status_code == 409  # only once per round
    page = client.get(url(cast, "pilot/plan?lang=en")).get_data(as_text=True)
    for text in ("Contact with the young person", "Contact with parents", "Treatment plan", "signals of unsafety",
                 "Reporting", "Communication between mentor and professional", "Intervision", "Money"):
        assert text in page


def test_each_construction_is_explained_with_its_consequence(client, pilot, login_as):
    login_as(pilot.partner_member)
    page = client.get(url(pilot, "pilot/plan?lang=en")).get_data(as_text=True)
    for name in ("inkwartieren", "onderaanneming", "Co-production", "joint service"):
        assert name in page
    assert page.count("Consequence:") == 4


def test_construction_is_saved_and_refused_when_unknown(client, pilot, login_as):
    login_as(pilot.mentor_member)
    assert client.post(url(pilot, "pilot/plan/construction"), data={"construction": "merger"}).status_code == 422
    assert client.post(url(pilot, "pilot/plan/construction"), data={}).status_code == 422
    assert _plan().construction is None
    response = client.post(url(pilot, "pilot/plan/construction"), data={"construction": "subcontracting"}, htmx=True)
    assert response.status_code == 200 and 'id="plan-construction"' in response.get_data(as_text=True)
    assert _plan().construction == "subcontracting"


def test_scope_saves_dates_matches_and_several_phases(client, pilot, login_as):
    login_as(pilot.mentor_member)
    response = client.post(url(pilot, "pilot/plan/scope"), data=scope({
        "target_group": "12 to 16 year olds on the waiting list", "place": "Oost", "matches": "8",
        "start_date": "2026-02-01", "end_date": "2026-07-31", "phases": ["before", "after"]}))
    assert response.status_code == 302
    plan = _plan()
    assert (plan.matches, plan.start_date.isoformat(), plan.end_date.isoformat()) == (8, "2026-02-01", "2026-07-31")
    assert plan.phases == ["before", "after"]


@pytest.mark.parametrize("data", [
    {"start_date": "2026-07-31", "end_date": "2026-02-01"},   # end before start
    {"matches": "0"},
    {"matches": "eight"},
    {"start_date": "31-07-2026"},
    {"phases": ["sometimes"]},
])
def test_bad_scope_is_refused_and_nothing_saved(client, pilot, login_as, data):
    login_as(pilot.mentor_member)
    response = client.post(url(pilot, "pilot/plan/scope"), data=scope({"target_group": "x", **data}), htmx=True)
    assert response.status_code == 422
    assert 'id="plan-scope"' in response.get_data(as_text=True)
    plan = _plan()
    assert plan.target_group is None and plan.start_date is None and plan.matches is None


def test_end_before_start_says_so(client, pilot, login_as):
    login_as(pilot.mentor_member)
    response = client.post(url(pilot, "pilot/plan/scope?lang=en"),
                           data=scope({"start_date": "2026-07-31", "end_date": "2026-02-01"}))
    assert response.status_code == 422
    assert "The end date cannot be before the start date." in response.get_data(as_text=True)


@pytest.mark.parametrize("holder", ["mentor", "nobody", "both"])
def test_a_professional_only_topic_rests_with_the_professional_side_only(client, pilot, login_as, holder):
    login_as(pilot.mentor_lead)
    row = _row("treatment_plan")
    response = client.post(url(pilot, f"pilot/plan/responsibilities/{row.id}?lang=en"),
                           data={f"r{row.id}-holder": holder})
    assert response.status_code == 422
    assert "Mentors are volunteers and never carry it" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _row("treatment_plan").holder is None
    assert not db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.verb == "responsibility.updated"))


def test_matrix_rows_are_agreed_added_and_removed(client, pilot, login_as):
    login_as(pilot.partner_member)
    row = _row("unsafety")
    response = client.post(url(pilot, f"pilot/plan/responsibilities/{row.id}"),
                           data={f"r{row.id}-holder": "professional", f"r{row.id}-note": "The mentor tells the coordinator."},
                           htmx=True)
    assert response.status_code == 200 and 'id="plan-matrix"' in response.get_data(as_text=True)
    other = _row("contact_young_person")
    assert client.post(url(pilot, f"pilot/plan/responsibilities/{other.id}"),
                       data={f"r{other.id}-holder": "mentor"}).status_code == 302
    # a new topic, marked professional only, cannot be given to the mentor either
    assert client.post(url(pilot, "pilot/plan/responsibilities"), data={
        "new-topic": "Diagnosis", "new-professional_only_box": "y", "new-holder": "mentor"}).status_code == 422
    assert client.post(url(pilot, "pilot/plan/responsibilities"), data={
        "new-topic": "Leisure activities", "new-holder": "mentor"}).status_code == 302
    added = db.session.scalar(select(ResponsibilityRow).where(ResponsibilityRow.topic == "Leisure activities"))
    assert added.holder == "mentor" and added.position == 8
    added_id = added.id
    assert client.post(url(pilot, f"pilot/plan/responsibilities/{added_id}/delete")).status_code == 302
    assert db.session.scalar(select(ResponsibilityRow.id).where(ResponsibilityRow.id == added_id)) is None
    page = client.get(url(pilot, "pilot/plan")).get_data(as_text=True)
    assert "The mentor tells the coordinator." in page


def test_practical_needs_get_an_owner_status_and_note(client, pilot, login_as):
    login_as(pilot.mentor_member)
    need = db.session.scalar(select(PracticalNeed).where(PracticalNeed.kind == "intervision"))
    response = client.post(url(pilot, f"pilot/plan/needs/{need.id}"), data={
        f"n{need.id}-owner": str(pilot.partner_lead.id), f"n{need.id}-status": "in_progress",
        f"n{need.id}-note": "Monthly, with the wijkteam"})
    assert response.status_code == 302
    db.session.expire_all()
    need = db.session.get(PracticalNeed, need.id)
    assert (need.owner_id, need.status, need.note) == (pilot.partner_lead.id, "in_progress", "Monthly, with the wijkteam")
    # an observer or a stranger cannot be made the owner; an unknown status is refused
    for data in ({f"n{need.id}-owner": str(pilot.observer.id), f"n{need.id}-status": "open"},
                 {f"n{need.id}-owner": "", f"n{need.id}-status": "done-ish"}):
        assert client.post(url(pilot, f"pilot/plan/needs/{need.id}"), data=data).status_code == 422
    assert client.post(url(pilot, "pilot/plan/needs"), data={"newneed-title": "A room at the wijkteam office",
                                                       "newneed-status": "open"}).status_code == 302
    assert db.session.scalar(select(PracticalNeed).where(PracticalNeed.kind == "other")).title == \
        "A room at the wijkteam office"


def test_check_ins_are_planned_and_suggested_more_at_the_start(client, pilot, login_as):
    login_as(pilot.mentor_member)
    assert client.post(url(pilot, "pilot/plan/check-ins/suggest")).status_code == 409  # no start date yet
    assert client.post(url(pilot, "pilot/plan/check-ins"), data={"on_date": "", "topic": "Kick-off"}).status_code == 422
    assert client.post(url(pilot, "pilot/plan/check-ins"), data={"on_date": "2026-02-01", "topic": "Kick-off"}).status_code == 302
    client.post(url(pilot, "pilot/plan/scope"), data=scope({"start_date": "2026-02-01", "end_date": "2027-01-31"}))
    assert client.post(url(pilot, "pilot/plan/check-ins/suggest")).status_code == 302
    dates = sorted(c.on_date for c in db.session.scalars(select(CheckIn)))
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    assert len(dates) >= 6
    assert gaps[0] < gaps[-2]  # closer together at the start than later
    # suggested topics read in each reader's language
    assert "First experiences of mentors and professionals" in client.get(url(pilot, "pilot/plan?lang=en")).get_data(as_text=True)
    assert "Eerste ervaringen van mentoren en professionals" in client.get(url(pilot, "pilot/plan?lang=nl")).get_data(as_text=True)
    first = db.session.scalar(select(CheckIn).where(CheckIn.topic == "Kick-off"))
    first_id = first.id
    assert client.post(url(pilot, f"pilot/plan/check-ins/{first_id}/delete")).status_code == 302
    assert db.session.scalar(select(CheckIn.id).where(CheckIn.id == first_id)) is None


def test_the_plan_is_read_only_outside_the_pilot_stage(client, make, login_as):
    cast = make.workspace(stage="evaluate")
    svc.ensure_plan(cast.workspace, 1)
    db.session.commit()
    login_as(cast.mentor_lead)
    row = _row("reporting")
    for path, data in (("pilot/plan/construction", {"construction": "embedded"}),
                       ("pilot/plan/scope", scope({"matches": "3"})),
                       (f"pilot/plan/responsibilities/{row.id}", {f"r{row.id}-holder": "professional"}),
                       ("pilot/plan/check-ins", {"on_date": "2026-01-01", "topic": "x"})):
        assert client.post(url(cast, path), data=data).status_code == 409, path
    assert _plan().construction is None and _plan().matches is None
    page = client.get(url(cast, "pilot/plan")).get_data(as_text=True)
    assert 'action="' + url(cast, "pilot/plan/scope") not in page


@pytest.mark.parametrize("who", ["observer"])
def test_observers_change_nothing_in_the_plan(client, pilot, login_as, who):
    login_as(getattr(pilot, who))
    row = _row("reporting")
    need = db.session.scalar(select(PracticalNeed))
    for path, data in (("pilot/plan/start", {}), ("pilot/plan/construction", {"construction": "embedded"}),
                       ("pilot/plan/scope", scope({"matches": "3"})),
                       (f"pilot/plan/responsibilities/{row.id}", {f"r{row.id}-holder": "both"}),
                       ("pilot/plan/responsibilities", {"new-topic": "x"}),
                       (f"pilot/plan/responsibilities/{row.id}/delete", {}),
                       (f"pilot/plan/needs/{need.id}", {f"n{need.id}-status": "arranged"}),
                       ("pilot/plan/needs", {"newneed-title": "x", "newneed-status": "open"}),
                       ("pilot/plan/check-ins", {"on_date": "2026-01-01", "topic": "x"}),
                       ("pilot/plan/check-ins/suggest", {})):
        assert client.post(url(pilot, path), data=data).status_code == 403, path
    plan = _plan()
    assert plan.construction is None and plan.matches is None
    assert _row("reporting").holder is None


def test_a_row_of_another_workspace_is_not_found(client, pilot, make, login_as):
    other = make.workspace(stage="pilot")
    svc.ensure_plan(other.workspace, 1)
    db.session.commit()
    foreign = db.session.scalar(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == other.workspace.id))
    login_as(pilot.mentor_lead)
    assert client.post(url(pilot, f"pilot/plan/responsibilities/{foreign.id}"),
                       data={f"r{foreign.id}-holder": "both"}).status_code == 404


def test_pilot_refusals_disappear_as_the_plan_is_filled_in(client, pilot, login_as):
    codes = refusal_codes(pilot)
    assert {"construction_missing", "scope_dates_missing", "responsibilities_too_few", "indicators_missing"} <= codes
    login_as(pilot.mentor_member)
    client.post(url(pilot, "pilot/plan/construction"), data={"construction": "coproduction"})
    assert "construction_missing" not in refusal_codes(pilot)
    client.post(url(pilot, "pilot/plan/scope"), data=scope({"start_date": "2026-02-01"}))
    assert "scope_dates_missing" in refusal_codes(pilot)  # both dates are needed
    client.post(url(pilot, "pilot/plan/scope"), data=scope({"start_date": "2026-02-01", "end_date": "2026-07-31"}))
    assert "scope_dates_missing" not in refusal_codes(pilot)
    for n, key in enumerate(("contact_young_person", "treatment_plan", "unsafety")):
        row = _row(key)
        client.post(url(pilot, f"pilot/plan/responsibilities/{row.id}"), data={f"r{row.id}-holder": "professional"})
        assert ("responsibilities_too_few" in refusal_codes(pilot)) == (n < 2)
    indicator(pilot)
    assert not {"construction_missing", "scope_dates_missing", "responsibilities_too_few",
                "indicators_missing"} & refusal_codes(pilot)
    page = client.get(url(pilot, "pilot/plan")).get_data(as_text=True)
    assert 'id="readiness"' in page


def test_professional_only_rows_cannot_be_removed(client, pilot, login_as):
    login_as(pilot.mentor_lead)
    row = _row("unsafety")
    response = client.post(url(pilot, f"pilot/plan/responsibilities/{row.id}/delete?lang=en"))
    assert response.status_code == 409
    db.session.expire_all()
    assert _row("unsafety") is not None
    page = client.get(url(pilot, "pilot/plan")).get_data(as_text=True)
    assert f"responsibilities/{row.id}/delete" not in page  # no remove button for such a row


@pytest.mark.parametrize("topic", ["Behandelplan bijstellen", "Contact met Veilig Thuis", "Adjusting the treatment"])
@pytest.mark.parametrize("holder", ["mentor", "both", "nobody"])
def test_a_new_topic_named_like_a_professional_one_counts_as_professional(client, pilot, login_as, topic, holder):
    login_as(pilot.partner_lead)
    before = db.session.scalar(select(func.count()).select_from(ResponsibilityRow))
    response = client.post(url(pilot, "pilot/plan/responsibilities"),
                           data={"new-topic": topic, "new-holder": holder})  # the box is not ticked
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ResponsibilityRow)) == before
    assert client.post(url(pilot, "pilot/plan/responsibilities"),
                       data={"new-topic": topic, "new-holder": "professional"}).status_code == 302
    added = db.session.scalar(select(ResponsibilityRow).where(ResponsibilityRow.topic == topic))
    assert added.professional_only and added.holder == "professional"


def test_the_service_refuses_what_the_form_would_refuse(pilot):
    """A call that skips the form (an import, a script) meets the same rule, and so does the database."""
    from workspace.stages.content import Refused

    row = _row("reporting")
    with pytest.raises(Refused):
        svc.update_responsibility(pilot.workspace, row, holder="both", note=None)
    with pytest.raises(Refused):
        svc.add_responsibility(pilot.workspace, topic="Dossiervorming", professional_only=False, holder="mentor",
                               note=None)
    db.session.rollback()
    from sqlalchemy.exc import IntegrityError

    row = _row("reporting")
    row.holder = "both"
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
