"""The activity feed (workspace tab) and the site admins' audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories_people import activity, as_user_fixture  # noqa: F401
from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.extensions import db


def _feed(cast, query=""):
    return f"/w/{cast.workspace.id}/activity/{query}"


def test_feed_reads_like_a_sentence(make, as_user):
    cast = make.workspace()
    activity(cast.workspace, "task.ticked", "Find a contact person", user=cast.partner_member,
             organisation_id=cast.partner_org.id, created_at=utcnow() - timedelta(minutes=2))
    page = as_user(cast.observer).get(_feed(cast, "?lang=en")).get_data(as_text=True)
    assert f"<strong>{cast.partner_member.name}</strong> <span class=\"muted\">({cast.partner_org.name})</span>" in page
    assert "ticked “Find a contact person”" in page
    assert "2 minutes ago" in page
    nl = as_user(cast.observer).get(_feed(cast, "?lang=nl")).get_data(as_text=True)
    assert "2 minuten geleden" in nl


def test_feed_is_a_tab_of_the_workspace(make, as_user):
    cast = make.workspace()
    page = as_user(cast.mentor_member).get(f"/w/{cast.workspace.id}/?lang=en").get_data(as_text=True)
    assert f'href="/w/{cast.workspace.id}/activity/"' in page
    assert f'href="/w/{cast.workspace.id}/people/"' in page


def test_internal_rows_of_the_other_organisation_never_show(make, as_user):
    cast = make.workspace()
    activity(cast.workspace, "note.created", "Partner internal", user=cast.partner_member,
             visible_to_org_id=cast.partner_org.id)
    activity(cast.workspace, "note.created", "Mentor internal", user=cast.mentor_member,
             visible_to_org_id=cast.mentor_org.id)
    activity(cast.workspace, "note.created", "Shared note", user=cast.mentor_member)
    mentor = as_user(cast.mentor_member).get(_feed(cast)).get_data(as_text=True)
    assert "Mentor internal" in mentor and "Shared note" in mentor and "Partner internal" not in mentor
    partner = as_user(cast.partner_lead).get(_feed(cast)).get_data(as_text=True)
    assert "Partner internal" in partner and "Mentor internal" not in partner
    observer = as_user(cast.observer).get(_feed(cast)).get_data(as_text=True)
    assert "Shared note" in observer and "internal" not in observer
    # ... not through a person filter either
    filtered = as_user(cast.mentor_member).get(_feed(cast, f"?person={cast.partner_member.id}")).get_data(as_text=True)
    assert "Partner internal" not in filtered


def test_feed_never_shows_other_workspaces_or_account_rows(make, as_user):
    cast = make.workspace()
    other = make.workspace()
    activity(other.workspace, "note.created", "Elsewhere", user=other.mentor_member)
    activity(None, "login.failed", "failed login (account fingerprint abc)", stage=None)
    page = as_user(cast.mentor_lead).get(_feed(cast)).get_data(as_text=True)
    assert "Elsewhere" not in page and "fingerprint" not in page


def test_filter_by_stage_and_person(make, as_user):
    cast = make.workspace()
    activity(cast.workspace, "task.ticked", "Explore thing", user=cast.mentor_member, stage="explore")
    activity(cast.workspace, "task.ticked", "Network thing", user=cast.partner_member, stage="network")
    browser = as_user(cast.mentor_lead)
    by_stage = browser.get(_feed(cast, "?stage=network")).get_data(as_text=True)
    assert "Network thing" in by_stage and "Explore thing" not in by_stage
    by_person = browser.get(_feed(cast, f"?person={cast.mentor_member.id}")).get_data(as_text=True)
    assert "Explore thing" in by_person and "Network thing" not in by_person
    both = browser.get(_feed(cast, f"?person={cast.mentor_member.id}&stage=network")).get_data(as_text=True)
    assert "Explore thing" not in both and "Network thing" not in both


@pytest.mark.parametrize("query", ["?stage=nonsense", "?person=abc", "?person=999999", "?person=-1",
                                   "?page=abc", "?page=-5", "?page=0", "?page=99999999999999999999"])
def test_bad_filters_and_page_numbers_fall_back(make, as_user, query):
    cast = make.workspace()
    activity(cast.workspace, "task.ticked", "Still shown", user=cast.mentor_member)
    response = as_user(cast.mentor_lead).get(_feed(cast, query))
    assert response.status_code == 200
    assert "Still shown" in response.get_data(as_text=True)


def test_a_control_character_in_a_filter_is_a_400(make, as_user):
    """Was a fall-back to the whole feed; every query parameter now refuses control characters (#16)."""
    cast = make.workspace()
    assert as_user(cast.mentor_lead).get(_feed(cast, "?stage=%00")).status_code == 400


def test_paging(make, as_user):
    cast = make.workspace()
    start = utcnow() - timedelta(hours=2)
    for n in range(30):
        activity(cast.workspace, "task.created", f"Task number {n:02d}", user=cast.mentor_member,
                 created_at=start + timedelta(minutes=n))
    browser = as_user(cast.mentor_lead)
    first = browser.get(_feed(cast, "?lang=en")).get_data(as_text=True)
    assert "Task number 29" in first and "Task number 05" in first and "Task number 04" not in first
    assert "Page 1 of 2" in first and "page=2" in first
    second = browser.get(_feed(cast, "?page=2&lang=en")).get_data(as_text=True)
    assert "Task number 04" in second and "Task number 29" not in second
    beyond = browser.get(_feed(cast, "?page=7&lang=en")).get_data(as_text=True)
    assert "Page 2 of 2" in beyond


def test_htmx_gets_the_feed_fragment(make, as_user):
    cast = make.workspace()
    response = as_user(cast.mentor_lead).get(_feed(cast, "?stage=explore"), headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="activity-feed"')
    assert "HX-Request" in response.headers.get("Vary", "")


def test_strangers_get_404(make, as_user):
    cast = make.workspace()
    other = make.workspace()
    assert as_user(other.mentor_lead).get(_feed(cast)).status_code == 404
    assert as_user(other.mentor_member).get(_feed(cast)).status_code == 404


def test_people_changes_show_in_the_feed(make, as_user):
    """Invitation created / resent / revoked / accepted, role change, removal: one row each, readable."""
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    people = f"/w/{cast.workspace.id}/people/"
    lead.post(people + "invite", data={"email": "first@example.org", "role": "member"})
    lead.post(people + "invite", data={"email": "second@example.org", "role": "observer"})
    from workspace.invitations.models import Invitation

    first, second = db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
    lead.post(people + f"invitations/{first.id}/resend")
    lead.post(people + f"invitations/{second.id}/revoke")
    from workspace.tenancy.models import Membership

    mm = db.session.scalar(select(Membership).where(Membership.user_id == cast.mentor_member.id))
    lead.post(people + f"members/{mm.id}/role", data={f"m{mm.id}-role": "lead"})
    obs = db.session.scalar(select(Membership).where(Membership.user_id == cast.observer.id))
    lead.post(people + f"members/{obs.id}/remove")
    page = lead.get(_feed(cast, "?lang=en")).get_data(as_text=True)
    assert "invited first@example.org as member" in page
    assert "invited second@example.org as observer" in page
    assert "sent a new invitation link to first@example.org" in page
    assert "withdrew the invitation for second@example.org" in page
    assert f"made {cast.mentor_member.name} lead" in page
    assert f"removed {cast.observer.name} from the workspace" in page
    rows = db.session.scalars(select(Activity).where(Activity.workspace_id == cast.workspace.id)).all()
    assert all(r.user_id == cast.mentor_lead.id and r.organisation_id == cast.mentor_org.id for r in rows)


def test_site_admin_sees_the_account_audit_trail(make, as_user, app):
    admin = make.user(is_site_admin=True)
    somebody = make.user()
    app.test_client().post("/login", data={"email": somebody.email, "password": "wrong password"})
    cast = make.workspace()
    as_user(cast.mentor_lead).get(f"/w/{make.workspace().workspace.id}/")  # an access denial
    browser = as_user(admin)
    page = browser.get("/admin/audit?lang=en").get_data(as_text=True)
    assert "failed login" in page and "was refused: 404" in page and "logged in" in page
    assert somebody.email not in page
    logins = browser.get("/admin/audit?kind=login&lang=en").get_data(as_text=True)
    assert "failed login" in logins and "was refused" not in logins
    assert browser.get("/admin/audit?kind=bogus&page=x").status_code == 200


def test_the_audit_trail_is_hidden_from_everyone_else(make, as_user, client):
    cast = make.workspace()
    for person in (cast.mentor_lead, cast.observer):
        assert as_user(person).get("/admin/audit").status_code == 404
    assert client.get("/admin/audit").status_code == 302


def _verbs_in_the_code() -> set[str]:
    """Every verb any area writes: string literals on lines that call record() or pick a verb."""
    import pathlib
    import re

    from workflows import TRIGGER_LABELS

    root = pathlib.Path(__file__).resolve().parent.parent / "workspace"
    verbs = {f"stage.{trigger}" for trigger in TRIGGER_LABELS} | {"account.digest_on", "account.digest_off"}
    for path in root.rglob("*.py"):
        for line in path.read_text().splitlines():
            if "record(" in line or "verb" in line:
                verbs |= set(re.findall(r'"([a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)"', line))
    return verbs


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_kind_of_change_reads_as_a_sentence(app, lang):
    """Each verb written anywhere has words in the feed (word yours in your area's Area.feed_labels)."""
    from flask_babel import force_locale

    from workspace.activity.labels import describe
    from workspace.core.area import installed

    verbs = _verbs_in_the_code()
    assert len(verbs) > 40
    missing = sorted(verbs - set(installed().feed_labels))
    assert not missing, f"verbs without words in the feed: {missing}"
    with app.test_request_context("/"), force_locale(lang):
        for verb in verbs:
            text = describe(Activity(verb=verb, summary="mentor: yes", object_type="", stage="explore"), "Sanne")
            assert text and verb not in text and "%(" not in text, (verb, text)


def test_one_change_of_each_kind_through_the_app_shows_in_the_feed(make, as_user, app):
    """Tasks, notes, groundwork, people, decision, pilot plan, indicator, evaluation comment, stage transition,
    export: made through the real pages, then read back in the feed (English and Dutch)."""
    from tests.factories_pilot import evaluation_ready, ind
    from tests.factories_workflow import fire
    from workspace.stages.models import StageTask
    from workspace.tenancy.models import Membership, Workspace

    cast = make.workspace()
    ws = cast.workspace
    base = f"/w/{ws.id}"
    lead, member, observer = as_user(cast.mentor_lead), as_user(cast.mentor_member), as_user(cast.observer)

    def ok(response):
        assert response.status_code in (200, 302), response.get_data(as_text=True)[:3000]

    # workflow: a task added and ticked
    ok(member.post(f"{base}/workflow/tasks", data={"title": "Bel de wijkcoach"}))
    task = db.session.scalar(select(StageTask).where(StageTask.workspace_id == ws.id, StageTask.title == "Bel de wijkcoach"))
    ok(member.post(f"{base}/workflow/tasks/{task.id}/done", data={"done": "1"}))
    # notes and groundwork
    ok(member.post(f"{base}/notes/new", data={"title": "Kennismaking", "body": "Wat we afspraken.", "stage": ""}))
    ok(member.post(f"{base}/groundwork/network/contacts", data={"contact-name": "Wijkagent Oost"}))
    # people: invite, resend, revoke, accept, role change, removal
    people = f"{base}/people/"
    ok(lead.post(people + "invite", data={"email": "nieuw@example.org", "role": "member"}))
    ok(lead.post(people + "invite", data={"email": "weg@example.org", "role": "observer"}))
    from workspace.invitations.models import Invitation

    first, second = db.session.scalars(select(Invitation).where(Invitation.workspace_id == ws.id)
                                       .order_by(Invitation.id)).all()
    ok(lead.post(people + f"invitations/{first.id}/resend"))
    ok(lead.post(people + f"invitations/{second.id}/revoke"))
    from tests.factories_people import link_token

    token = link_token(lead.get(people).get_data(as_text=True))
    newcomer = make.user(email="nieuw@example.org", name="Nina Nieuw")
    ok(as_user(newcomer).post(f"/invitations/{token}", data={}))
    nina = db.session.scalar(select(Membership).where(Membership.user_id == newcomer.id))
    ok(lead.post(people + f"members/{nina.id}/role", data={f"m{nina.id}-role": "lead"}))
    mm = db.session.scalar(select(Membership).where(Membership.user_id == cast.mentor_member.id))
    # export
    ok(member.post(f"{base}/export/json"))
    # decide: a decision by the mentor lead
    db.session.execute(Workspace.__table__.update().where(Workspace.id == ws.id).values(stage="decide"))
    db.session.commit()
    ok(lead.post(f"{base}/decide/mentor", data={"answer": "yes", "reasons": "Het past bij ons."}))
    # pilot: construction and an indicator
    db.session.execute(Workspace.__table__.update().where(Workspace.id == ws.id).values(stage="pilot"))
    db.session.commit()
    ok(member.post(f"{base}/pilot/plan/start", data={}))
    ok(member.post(f"{base}/pilot/plan/construction", data={"construction": "coproduction"}))
    ok(member.post(f"{base}/pilot/indicators", data=ind({
        "name": "Lopende matches", "success": "Zes van de acht lopen nog", "failure": "Minder dan vier",
        "unit": "number", "target": "6", "how_measured": "Matchregistratie", "measured_by": "Coordinator"})))
    # evaluate: the observer comments
    db.session.execute(Workspace.__table__.update().where(Workspace.id == ws.id).values(stage="evaluate"))
    db.session.commit()
    evaluation_ready(cast, shared=True)
    ok(observer.post(f"{base}/evaluation/1/comments", data={"body": "Mooi resultaat."}))
    # a removal, and a stage transition to end with
    ok(lead.post(people + f"members/{mm.id}/remove"))
    ok(fire(lead, ws, "close", reason="We stoppen na de evaluatie.", outcome="stopped"))

    page = lead.get(f"{base}/activity/?lang=en").get_data(as_text=True)
    page += lead.get(f"{base}/activity/?lang=en&page=2").get_data(as_text=True)
    expected = [
        "added the task “Bel de wijkcoach”", "ticked “Bel de wijkcoach”", "wrote the note “Kennismaking”",
        "logged a conversation with Wijkagent Oost", "invited nieuw@example.org as member",
        "sent a new invitation link to nieuw@example.org", "withdrew the invitation for weg@example.org",
        "joined the workspace as member", "made Nina Nieuw lead", "downloaded the workspace as a JSON export",
        "closed the workspace: Evaluate → Closed",
        "recorded a decision: mentor project: yes", "started the pilot plan: round 1", "chose the form of the collaboration: co-production",
        "added the indicator “Lopende matches”", "commented on the evaluation",
        f"removed {cast.mentor_member.name} from the workspace",
    ]
    missing = [line for line in expected if line not in page]
    assert not missing, missing
    assert f"<strong>{cast.observer.name}</strong>" in page
    nl = lead.get(f"{base}/activity/?lang=nl").get_data(as_text=True)
    for words in ("vinkte ‘Bel de wijkcoach’ af", "maakte Nina Nieuw projectleider",
                  "legde een besluit vast: mentorproject: ja", "sloot de werkruimte: Evalueren → Afgesloten"):
        assert words in nl, words


def test_the_feed_costs_the_same_queries_for_5_or_25_rows(make, as_user):
    """No query per row: people and organisations are loaded with the rows."""
    from sqlalchemy import event

    cast = make.workspace()
    browser = as_user(cast.mentor_lead)

    def count() -> int:
        browser.get(_feed(cast))  # warm up
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            assert browser.get(_feed(cast)).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return len(statements)

    people = [cast.mentor_member, cast.partner_member, cast.observer, cast.partner_lead, cast.mentor_lead]
    for person in people:
        activity(cast.workspace, "task.ticked", "A task", user=person, organisation_id=cast.mentor_org.id)
    few = count()
    for n in range(20):
        extra = make.user(org=cast.partner_org)
        activity(cast.workspace, "task.ticked", f"Task {n}", user=extra, organisation_id=cast.partner_org.id)
    assert count() == few
