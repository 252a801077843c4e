"""Decide (tip 7): each organisation's lead says yes or no with reasons; both yes → pilot, a no → declined with
a referral agreement that stays visible."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories_pilot import decide, move, refusal_codes, url
from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.decide import services as decide_svc
from workspace.decide.models import Decision, DecisionCycle
from workspace.extensions import db
from workspace.mail import outbox
from workspace.pilot.models import PilotPlan, ResponsibilityRow
from workspace.tenancy.models import Workspace


def _decisions() -> int:
    return db.session.scalar(select(func.count()).select_from(Decision))


def _post_decision(client, cast, side, answer="yes", reasons="We have room for ten matches.", seen="0", **kw):
    return client.post(url(cast, f"decide/{side}"), data={"answer": answer, "reasons": reasons, "seen_seq": seen},
                       **kw)


def test_page_shows_both_sides_and_who_has_not_decided(client, make, login_as):
    cast = make.workspace(stage="decide")
    decide(cast, "mentor", "yes", "Room for ten matches.")
    login_as(cast.observer)
    page = client.get(url(cast, "decide/")).get_data(as_text=True)
    assert cast.mentor_org.name in page and cast.partner_org.name in page
    assert "Room for ten matches." in page
    assert "Heeft nog niet besloten" in page  # Dutch by default
    assert 'name="answer"' not in page  # observers record nothing
    page = client.get(url(cast, "decide/?lang=en")).get_data(as_text=True)
    assert page.count("Has not decided yet") == 1


def test_both_yes_lets_the_workspace_move_to_the_pilot(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_lead)
    response = _post_decision(client, cast, "mentor")
    assert response.status_code == 302
    assert refusal_codes(cast) >= {"decision_partner_missing"}
    client.post("/logout")
    login_as(cast.partner_lead)
    response = _post_decision(client, cast, "partner", htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "workspace-changed"
    assert 'id="decide-panel"' in response.get_data(as_text=True)
    assert not {"decision_mentor_missing", "decision_partner_missing"} & refusal_codes(cast)

    move(cast, "advance")
    assert cast.workspace.stage == "pilot"
    # entering the pilot made the round's plan with the usual matrix topics
    plan = db.session.scalar(select(PilotPlan).where(PilotPlan.workspace_id == cast.workspace.id))
    assert plan.round == 1
    assert db.session.scalar(select(func.count()).select_from(ResponsibilityRow)) == 8


def test_a_no_needs_the_referral_agreement_then_declines_and_keeps_it_visible(client, make, login_as):
    cast = make.workspace(stage="decide")
    decide(cast, "mentor", "yes")
    login_as(cast.partner_lead)
    response = _post_decision(client, cast, "partner", answer="no", reasons="No room this year.")
    assert response.status_code == 302
    page = client.get(url(cast, "decide/")).get_data(as_text=True)
    assert 'name="referral_agreement"' in page  # the page now asks for it
    codes = refusal_codes(cast, "decline")
    assert codes == {"referral_agreement_missing"}

    response = client.post(url(cast, "decide/referral"), data={"referral_agreement": ""})
    assert response.status_code == 422
    response = client.post(url(cast, "decide/referral"),
                           data={"referral_agreement": "The wijkteam calls the coordinator for each young person."})
    assert response.status_code == 302
    assert refusal_codes(cast, "decline") == set()

    move(cast, "decline", by=cast.partner_lead)
    workspace = db.session.get(Workspace, cast.workspace.id)
    assert (workspace.stage, workspace.outcome) == ("closed", "declined")
    for path in ("decide/", "pilot/"):
        assert "The wijkteam calls the coordinator" in client.get(url(cast, path)).get_data(as_text=True)
    # the workspace page itself shows it too (through the closing summary fragment)
    overview = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    if "closing-agreements" in overview:
        assert "The wijkteam calls the coordinator" in overview
    # nothing can be decided any more
    assert _post_decision(client, cast, "partner", answer="yes", seen="1").status_code == 409


@pytest.mark.parametrize("who", ["mentor_member", "partner_member", "observer"])
def test_members_and_observers_cannot_decide(client, make, login_as, who):
    cast = make.workspace(stage="decide")
    login_as(getattr(cast, who))
    for side in ("mentor", "partner"):
        assert _post_decision(client, cast, side).status_code == 403
    assert _decisions() == 0


def test_a_lead_cannot_decide_for_the_other_organisation(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.partner_lead)
    response = _post_decision(client, cast, "mentor")
    assert response.status_code == 403
    assert _decisions() == 0
    assert _post_decision(client, cast, "nobody").status_code == 404


def test_a_lead_of_a_third_organisation_cannot_decide(client, make, login_as):
    cast = make.workspace(stage="decide")
    other = make.org()
    outsider = make.user(org=other)
    from tests.factories import member

    member(cast.workspace, outsider, "lead", other)
    login_as(outsider)
    assert _post_decision(client, cast, "mentor").status_code == 403
    assert _post_decision(client, cast, "partner").status_code == 403
    assert _decisions() == 0


def test_the_same_decision_twice_is_refused(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_lead)
    assert _post_decision(client, cast, "mentor").status_code == 302
    response = _post_decision(client, cast, "mentor", seen="1")
    assert response.status_code == 409
    assert "Dit besluit is al vastgelegd" in response.get_data(as_text=True)
    # a double submit of the first form (seen 0) is refused as well
    assert _post_decision(client, cast, "mentor", reasons="Other words", seen="0").status_code == 409
    assert _decisions() == 1


def test_a_decision_can_change_until_the_stage_moves_and_the_history_keeps_every_version(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_lead)
    assert _post_decision(client, cast, "mentor", answer="no", reasons="Not enough mentors.").status_code == 302
    assert _post_decision(client, cast, "mentor", answer="yes", reasons="Two new mentors joined.",
                          seen="1").status_code == 302
    page = client.get(url(cast, "decide/")).get_data(as_text=True)
    assert "Not enough mentors." in page and "Two new mentors joined." in page
    assert refusal_codes(cast) >= {"decision_partner_missing"}
    assert "decision_mentor_no" not in refusal_codes(cast)
    verbs = db.session.scalars(select(Activity.verb).where(Activity.workspace_id == cast.workspace.id,
                                                           Activity.verb.like("decision.%"))).all()
    assert sorted(verbs) == ["decision.changed", "decision.recorded"]

    decide(cast, "partner", "yes")
    move(cast, "advance")
    assert _post_decision(client, cast, "mentor", answer="no", reasons="Changed our mind.", seen="2").status_code == 409
    assert _decisions() == 3


def test_decision_needs_reasons_and_a_choice(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_lead)
    response = _post_decision(client, cast, "mentor", reasons="   ")
    assert response.status_code == 422
    response = _post_decision(client, cast, "mentor", answer="maybe", htmx=True)
    assert response.status_code == 422
    assert 'id="decide-panel"' in response.get_data(as_text=True)
    assert _decisions() == 0


def test_deciding_outside_the_decide_stage_is_refused(client, make, login_as):
    cast = make.workspace(stage="values_check")
    login_as(cast.mentor_lead)
    response = _post_decision(client, cast, "mentor")
    assert response.status_code == 409
    assert _decisions() == 0


def test_remind_mails_the_other_organisations_leads_once_an_hour(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_member)
    response = client.post(url(cast, "decide/remind"))
    assert response.status_code == 302
    assert [m["To"] for m in outbox] == [cast.partner_lead.email]
    assert f"/w/{cast.workspace.id}/decide/" in outbox[0].get_content()
    assert db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.verb == "decision.reminded")) == 1
    assert client.post(url(cast, "decide/remind")).status_code == 409
    assert len(outbox) == 1


def test_remind_is_refused_when_the_other_side_decided_and_for_observers(client, make, login_as):
    cast = make.workspace(stage="decide")
    decide(cast, "partner", "yes")
    login_as(cast.mentor_lead)
    assert client.post(url(cast, "decide/remind")).status_code == 409
    client.post("/logout")
    login_as(cast.observer)
    assert client.post(url(cast, "decide/remind")).status_code == 403
    assert outbox == []


def test_deadline_is_set_by_a_lead(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.partner_lead)
    when = (utcnow() + timedelta(days=10)).date()
    assert client.post(url(cast, "decide/deadline"), data={"deadline": "31-12-2026"}).status_code == 422
    assert client.post(url(cast, "decide/deadline"), data={"deadline": when.isoformat()}).status_code == 302
    cycle = db.session.scalar(select(DecisionCycle))
    assert cycle.deadline == when
    client.post("/logout")
    login_as(cast.mentor_member)
    assert client.post(url(cast, "decide/deadline"), data={"deadline": ""}).status_code == 403
    db.session.expire_all()
    assert db.session.scalar(select(DecisionCycle)).deadline == when


def test_referral_agreement_only_after_a_no_and_only_by_a_lead(client, make, login_as):
    cast = make.workspace(stage="decide")
    decide(cast, "mentor", "yes")
    login_as(cast.mentor_lead)
    assert client.post(url(cast, "decide/referral"), data={"referral_agreement": "x"}).status_code == 409
    decide(cast, "partner", "no")
    client.post("/logout")
    login_as(cast.partner_member)
    assert client.post(url(cast, "decide/referral"), data={"referral_agreement": "x"}).status_code == 403
    assert db.session.scalar(select(DecisionCycle.referral_agreement)) is None


def test_reopening_starts_the_decisions_afresh(client, make, login_as):
    cast = make.workspace(stage="decide")
    decide(cast, "mentor", "no")
    move(cast, "close", reason="Not now", outcome="stopped")
    move(cast, "reopen")
    assert cast.workspace.stage == "explore"
    codes = refusal_codes(cast)
    assert "decision_mentor_no" not in codes  # explore has its own guards; the old no no longer counts
    assert decide_svc.snapshot_part(cast.workspace)["decision_mentor"] is None
    assert db.session.scalar(select(func.count()).select_from(DecisionCycle)) == 2
