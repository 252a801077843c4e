"""The workflow on the web: a lead of each organisation in turn walks one workspace through every stage,
and every refusal (role, stale form, unknown or impossible trigger, missing reason) changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import areas_changed
from tests.factories_workflow import (  # noqa: F401
    FULL_CONTENT,
    changes,
    content_fixture,
    current_tasks,
    fire,
    switch_to,
    tick_required,
)
from workspace.activity.models import Activity
from workspace.core.area import installed
from workspace.extensions import db
from workspace.stages.models import StageChange, StageTask


def stage_changes_count(workspace) -> int:
    return db.session.scalar(select(func.count(StageChange.id)).where(StageChange.workspace_id == workspace.id))


def test_new_workspace_starts_with_explore_tasks_and_a_history_row(make):
    cast = make.workspace()
    rows = changes(cast.workspace)
    assert [(c.trigger, c.from_stage, c.to_stage) for c in rows] == [("created", None, "explore")]
    tasks = current_tasks(cast.workspace)
    assert {t.template_key for t in tasks} >= {"explore.capacity", "explore.domain"}
    assert all(t.stage == "explore" and t.round == 1 for t in tasks)


def test_walk_every_stage_as_leads_of_both_organisations_in_turn(make, login_as, client, content):
    cast = make.workspace()
    ws = cast.workspace
    leads = [cast.mentor_lead, cast.partner_lead]
    path = ["network", "values_check", "decide", "pilot", "evaluate", "continue"]
    for number, dest in enumerate(path):
        lead = leads[number % 2]
        switch_to(login_as, client, lead)
        tick_required(ws)
        response = fire(client, ws, "advance")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        db.session.refresh(ws)
        assert ws.stage == dest
        last = changes(ws)[-1]
        assert (last.trigger, last.to_stage, last.actor_id) == ("advance", dest, lead.id)
        assert last.organisation_id == (cast.mentor_org.id if lead is cast.mentor_lead else cast.partner_org.id)
        # The new stage got its own checklist, once.
        keys = [t.template_key for t in current_tasks(ws)]
        assert keys and all(k.startswith(f"{dest}.") for k in keys) and len(keys) == len(set(keys))
        page = client.get(f"/w/{ws.id}/").get_data(as_text=True)
        assert 'aria-current="step"' in page

    # new_round: back to pilot, round 2, fresh pilot tasks (round 1's stay).
    switch_to(login_as, client, cast.mentor_lead)
    tick_required(ws)
    response = fire(client, ws, "new_round", reason="Nog een ronde in wijk Noord")
    assert response.status_code == 302
    db.session.refresh(ws)
    assert (ws.stage, ws.round) == ("pilot", 2)
    pilot_rounds = db.session.scalars(select(StageTask.round).where(
        StageTask.workspace_id == ws.id, StageTask.stage == "pilot", StageTask.template_key == "pilot.construction"))
    assert sorted(pilot_rounds) == [1, 2]
    assert all(not t.done for t in current_tasks(ws))

    # close (reason required), with the default outcome "stopped".
    switch_to(login_as, client, cast.partner_lead)
    response = fire(client, ws, "close", reason="De financiering stopt")
    assert response.status_code == 302
    db.session.refresh(ws)
    assert (ws.stage, ws.outcome) == ("closed", "stopped")
    assert changes(ws)[-1].reason == "De financiering stopt"
    page = client.get(f"/w/{ws.id}/").get_data(as_text=True)
    assert "De financiering stopt" in page

    # reopen: back to explore, outcome cleared.
    switch_to(login_as, client, cast.mentor_lead)
    response = fire(client, ws, "reopen")
    assert response.status_code == 302
    db.session.refresh(ws)
    assert (ws.stage, ws.outcome) == ("explore", None)

    history = [(c.trigger, c.from_stage, c.to_stage) for c in changes(ws)]
    assert history == [("created", None, "explore")] + [
        ("advance", a, b) for a, b in zip(["explore"] + path, path, strict=False)
    ] + [("new_round", "continue", "pilot"), ("close", "pilot", "closed"), ("reopen", "closed", "explore")]
    verbs = db.session.scalars(select(Activity.verb).where(Activity.workspace_id == ws.id,
                                                           Activity.verb.like("stage.%")).order_by(Activity.id))
    assert list(verbs) == [f"stage.{t}" for t, _f, _t in history[1:]]

    response = client.get(f"/w/{ws.id}/workflow/history")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "De financiering stopt" in text and cast.partner_lead.name in text


def test_step_back_needs_a_reason_and_records_it(make, login_as, client, content):
    cast = make.workspace(stage="network")
    login_as(cast.partner_lead)
    response = fire(client, cast.workspace, "step_back", reason="   ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="step_back-reason-error"' in page
    assert stage_changes_count(cast.workspace) == 1
    response = fire(client, cast.workspace, "step_back", reason="We willen de doelgroep opnieuw bekijken")
    assert response.status_code == 302
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "explore"
    assert changes(cast.workspace)[-1].reason == "We willen de doelgroep opnieuw bekijken"


def test_close_needs_a_reason_htmx_gets_the_actions_fragment_with_the_error(make, login_as, client, content):
    cast = make.workspace(stage="pilot")
    login_as(cast.mentor_lead)
    response = fire(client, cast.workspace, "close", htmx=True)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert text.lstrip().startswith('<section id="stage-actions"')
    assert 'id="close-reason-error"' in text and "<html" not in text
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "pilot"


def test_reason_longer_than_1000_characters_is_refused(make, login_as, client, content):
    cast = make.workspace(stage="network")
    login_as(cast.mentor_lead)
    response = fire(client, cast.workspace, "step_back", reason="x" * 1001)
    assert response.status_code == 422
    assert stage_changes_count(cast.workspace) == 1


def test_close_with_outcome_structural_only_from_continue(make, login_as, client, content):
    cast = make.workspace(stage="pilot")
    login_as(cast.mentor_lead)
    response = fire(client, cast.workspace, "close", reason="Klaar", outcome="structural")
    assert response.status_code == 422
    assert "close-outcome-error" in response.get_data(as_text=True)
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "pilot"

    cast2 = make.workspace(stage="continue", title="Tweede")
    switch_to(login_as, client, cast2.partner_lead)
    page = client.get(f"/w/{cast2.workspace.id}/").get_data(as_text=True)
    assert 'name="outcome"' in page and 'value="structural"' in page
    response = fire(client, cast2.workspace, "close", reason="We gaan structureel verder", outcome="structural")
    assert response.status_code == 302
    db.session.refresh(cast2.workspace)
    assert (cast2.workspace.stage, cast2.workspace.outcome) == ("closed", "structural")


def test_decline_closes_with_outcome_declined_only_after_a_no(make, login_as, client, content):
    cast = make.workspace(stage="decide")
    login_as(cast.partner_lead)
    response = fire(client, cast.workspace, "decline", reason="Past nu niet")
    assert response.status_code == 409
    assert "nee" in response.get_data(as_text=True)  # the machine's reason, in Dutch
    content["decision_partner"] = "no"
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    assert "trigger-decline" in page
    response = fire(client, cast.workspace, "decline", reason="Past nu niet")
    assert response.status_code == 302
    db.session.refresh(cast.workspace)
    assert (cast.workspace.stage, cast.workspace.outcome) == ("closed", "declined")


def test_advance_refused_lists_the_reasons_from_the_machine(make, login_as, client, content):
    cast = make.workspace()
    content["has_relations_person"] = False
    login_as(cast.mentor_lead)
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    assert 'id="advance-reasons"' in page and "disabled" in page
    assert "Eerst moeten deze verplichte taken af zijn" in page
    assert "Wijs eerst iemand aan die de contacten met partners onderhoudt." in page
    response = fire(client, cast.workspace, "advance")
    assert response.status_code == 409
    assert "Wijs eerst iemand aan" in response.get_data(as_text=True)
    response = fire(client, cast.workspace, "advance", htmx=True)
    assert response.status_code == 409
    assert response.get_data(as_text=True).lstrip().startswith('<section id="stage-progress"')
    assert stage_changes_count(cast.workspace) == 1


def test_reasons_are_shown_in_english_for_english_readers(make, login_as, client, content):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    page = client.get(f"/w/{cast.workspace.id}/?lang=en").get_data(as_text=True)
    assert "These required tasks must be done first" in page
    assert "Decide how much time and how many people the project can set aside" in page
    assert "Move to the next stage" in page


def test_progress_counts_done_and_required_left(make, login_as, client, content):
    cast = make.workspace()
    tasks = current_tasks(cast.workspace)
    tick_required(cast.workspace)
    total, required = len(tasks), sum(t.required for t in tasks)
    login_as(cast.mentor_member)
    page = client.get(f"/w/{cast.workspace.id}/?lang=en").get_data(as_text=True)
    assert f"{required} of {total} done" in page and "0 required left" in page
    assert "Only a lead can move the workspace" in page
    assert f'action="/w/{cast.workspace.id}/workflow/fire/advance"' not in page


def test_progress_region_refreshes_for_htmx_only(make, login_as, client, content):
    cast = make.workspace()
    login_as(cast.observer)
    response = client.get(f"/w/{cast.workspace.id}/workflow/progress", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<section id="stage-progress"')
    assert client.get(f"/w/{cast.workspace.id}/workflow/progress").status_code == 302


@pytest.mark.parametrize("who", ["mentor_member", "partner_member", "observer"])
def test_only_leads_fire(make, login_as, client, content, who):
    cast = make.workspace()
    tick_required(cast.workspace)
    login_as(getattr(cast, who))
    for htmx in (False, True):
        response = fire(client, cast.workspace, "advance", htmx=htmx)
        assert response.status_code == 403
    response = fire(client, cast.workspace, "close", reason="Weg ermee")
    assert response.status_code == 403
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "explore"
    assert stage_changes_count(cast.workspace) == 1


def test_admin_viewer_cannot_fire(make, login_as, client, content):
    from workspace.orgs.models import OrgRole

    cast = make.workspace()
    admin = make.user(org=cast.partner_org, org_role=OrgRole.ADMIN)
    tick_required(cast.workspace)
    login_as(admin)
    assert client.get(f"/w/{cast.workspace.id}/").status_code == 200
    assert fire(client, cast.workspace, "advance").status_code == 403


def test_stranger_gets_404(make, login_as, client, content):
    cast = make.workspace()
    stranger = make.user(org=make.org())
    login_as(stranger)
    assert fire(client, cast.workspace, "advance").status_code == 404
    assert client.get(f"/w/{cast.workspace.id}/workflow/history").status_code == 404


def test_stale_form_is_refused(make, login_as, client, content):
    cast = make.workspace()
    tick_required(cast.workspace)
    login_as(cast.mentor_lead)
    assert fire(client, cast.workspace, "advance").status_code == 302
    # The partner lead's page still showed explore.
    switch_to(login_as, client, cast.partner_lead)
    for htmx in (False, True):
        response = fire(client, cast.workspace, "advance", stage="explore", htmx=htmx)
        assert response.status_code == 409
        text = response.get_data(as_text=True)
        assert "The stage moved meanwhile" in text or "De fase is intussen veranderd" in text
    # Same stage, but an old round (a new pilot round started meanwhile) is stale too.
    response = fire(client, cast.workspace, "step_back", reason="x", round_=7)
    assert response.status_code == 409
    # A form without stage and round is treated as stale, not as "whatever it is now".
    response = client.post(f"/w/{cast.workspace.id}/workflow/fire/step_back", data={"reason": "x", "confirmed": "1"})
    assert response.status_code == 409
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "network"
    assert stage_changes_count(cast.workspace) == 2


@pytest.mark.parametrize("trigger", ["jump", "auto_advance", "to_pilot", "ADVANCE"])
def test_unknown_trigger_is_409_with_what_to_do(make, login_as, client, content, trigger):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = fire(client, cast.workspace, trigger)
    assert response.status_code == 409
    assert "Onbekende stap" in response.get_data(as_text=True)
    assert stage_changes_count(cast.workspace) == 1


@pytest.mark.parametrize("stage,trigger", [("explore", "reopen"), ("explore", "step_back"), ("pilot", "new_round"),
                                           ("closed", "advance"), ("network", "decline"), ("closed", "close")])
def test_trigger_not_allowed_in_this_stage_is_409(make, login_as, client, content, stage, trigger):
    cast = make.workspace(stage=stage)
    login_as(cast.partner_lead)
    response = fire(client, cast.workspace, trigger, reason="omdat")
    assert response.status_code == 409
    assert "is niet mogelijk in de fase" in response.get_data(as_text=True)
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == stage
    assert stage_changes_count(cast.workspace) == 1


def test_without_javascript_a_confirmation_page_comes_first(make, login_as, client, content):
    cast = make.workspace(stage="evaluate")
    login_as(cast.mentor_lead)
    response = fire(client, cast.workspace, "step_back", confirmed=False, reason="Meer meetpunten nodig")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="confirmed" value="1"' in page and "Meer meetpunten nodig" in page
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "evaluate"
    # The confirmation page itself refuses what the machine refuses: no confirming an impossible step.
    response = fire(client, cast.workspace, "step_back", confirmed=False, reason="")
    assert response.status_code == 422
    response = fire(client, cast.workspace, "step_back", reason="Meer meetpunten nodig")
    assert response.status_code == 302
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "pilot"


def test_htmx_success_redirects_the_browser_to_the_workspace(make, login_as, client, content):
    cast = make.workspace()
    tick_required(cast.workspace)
    login_as(cast.partner_lead)
    response = fire(client, cast.workspace, "advance", htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/w/{cast.workspace.id}/"


def test_the_page_offers_each_lead_the_triggers_the_stage_has(make, login_as, client, content):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_lead)
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    for trigger in ("advance", "step_back", "decline", "close"):
        assert f"/workflow/fire/{trigger}" in page
    assert "/workflow/fire/new_round" not in page and "/workflow/fire/reopen" not in page
    assert 'hx-confirm=' in page
    stages = re.findall(r'<input[^>]*name="expected_stage"[^>]*>', page)
    rounds = re.findall(r'<input[^>]*name="expected_round"[^>]*>', page)
    assert len(stages) == len(rounds) == 4
    assert all('value="decide"' in tag for tag in stages) and all('value="1"' in tag for tag in rounds)


def test_stepper_marks_finished_stages_with_date_and_who(make, login_as, client, content):
    cast = make.workspace()
    tick_required(cast.workspace)
    login_as(cast.partner_lead)
    fire(client, cast.workspace, "advance")
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    stepper = page[page.index('<ol class="stepper">'):page.index("</ol>")]
    assert stepper.count('aria-current="step"') == 1
    done = stepper[stepper.index("step-done"):stepper.index("step-current")]
    assert cast.partner_lead.name in done
    current = stepper[stepper.index("step-current"):]
    assert "Netwerken" in current[:200]
    # Explore's tasks stay readable under "Tasks of other stages".
    assert "Tasks of other stages" in page or "Taken van andere fasen" in page


def test_snapshot_contributors_feed_the_guards(app, make, content):
    from workspace.stages.services import build_snapshot

    cast = make.workspace(stage="pilot")
    content["indicators"] = 0
    snapshot = build_snapshot(cast.workspace)
    assert snapshot.stage == "pilot" and snapshot.indicators == 0 and snapshot.construction == "co-production"
    assert len(snapshot.open_required_tasks) == sum(t.required for t in current_tasks(cast.workspace))
    assert FULL_CONTENT.keys() <= set(snapshot.__dataclass_fields__)


def test_on_transition_hooks_are_called_once(make, login_as, client, content):
    seen = []

    def hook(workspace, transition):
        seen.append((workspace.id, transition.trigger, transition.dest.value))

    with areas_changed(on_transition=(*installed().on_transition, hook)):
        cast = make.workspace()
        tick_required(cast.workspace)
        login_as(cast.mentor_lead)
        fire(client, cast.workspace, "advance")
    assert seen == [(cast.workspace.id, "advance", "network")]


def test_unknown_trigger_wins_over_a_bad_form(make, login_as, client, content):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = fire(client, cast.workspace, "teleport", reason="x" * 5000)
    assert response.status_code == 409


def test_a_reason_that_looks_like_a_bsn_is_held_back_until_confirmed(make, login_as, client, content):
    cast = make.workspace(stage="network")
    login_as(cast.mentor_lead)
    reason = "Dossier 111222333 hoort hier niet"
    response = fire(client, cast.workspace, "step_back", reason=reason)
    assert response.status_code == 422
    assert 'name="confirm_not_bsn"' in response.get_data(as_text=True)
    assert len(changes(cast.workspace)) == 1
    # Without JavaScript the confirmation page carries the "not a BSN" answer along.
    page = fire(client, cast.workspace, "step_back", confirmed=False, reason=reason, confirm_not_bsn="y")
    assert page.status_code == 200 and 'name="confirm_not_bsn" value="y"' in page.get_data(as_text=True)
    response = fire(client, cast.workspace, "step_back", reason=reason, confirm_not_bsn="y")
    assert response.status_code == 302
    assert changes(cast.workspace)[-1].reason == reason
