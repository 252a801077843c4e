"""The daily digest: who gets what, once per day, opt-out, and the send-digests command."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories_dashboard as fd
from workspace.dashboard.digests import collect
from workspace.dashboard.digests import send_digests as queue_digests
from workspace.dashboard.figures import local_today
from workspace.dashboard.models import DigestLog
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.mail import deliver_due, outbox
from workspace.orgs.models import OrgKind
from workspace.tenancy.models import Role


@pytest.fixture
def world(make):
    now, today = utcnow(), local_today()
    mentor = make.org("Samen Verder", kind=OrgKind.MENTOR_PROJECT)
    wijkteam = make.org("Wijkteam Oost", kind=OrgKind.WIJKTEAM)
    lead = make.user(name="Lea Lead", email="lea@example.org", org=mentor)
    member = make.user(name="Mo Member", email="mo@example.org", org=mentor, locale="en")
    partner_lead = make.user(name="Pia Partner", email="pia@example.org", org=wijkteam)
    observer = make.user(name="Olga Observer", email="olga@example.org", org=make.org(kind=OrgKind.OTHER))
    idle = make.user(name="Ida Idle", email="ida@example.org", org=mentor)
    everyone = [(lead, Role.LEAD, mentor), (member, Role.MEMBER, mentor), (partner_lead, Role.LEAD, wijkteam),
                (observer, Role.OBSERVER, None), (idle, Role.MEMBER, mentor)]
    stuck = fd.workspace_between(mentor, wijkteam, "Vastgelopen samenwerking", stage="network",
                                 entered=now - timedelta(days=75), people=everyone)
    fd.clear_tasks(stuck)
    fd.task(stuck, "Bel de wijkcoach", assignee=member, due=today - timedelta(days=3))
    fd.task(stuck, "Verslag delen", assignee=member, due=today + timedelta(days=5), position=1)
    fd.task(stuck, "Al gedaan", assignee=member, done=True)
    fd.task(stuck, "Taak van de waarnemer", assignee=observer)  # observers get no tasks in their digest
    deciding = fd.workspace_between(mentor, wijkteam, "Besluit nodig", stage="decide",
                                    entered=now - timedelta(days=2), people=everyone[:3])
    fd.clear_tasks(deciding)
    calm = fd.workspace_between(mentor, wijkteam, "Rustig", stage="explore", entered=now - timedelta(days=1),
                                people=everyone)
    fd.clear_tasks(calm)
    closed = fd.workspace_between(mentor, wijkteam, "Afgesloten", stage="closed", entered=now - timedelta(days=300),
                                  people=everyone)
    fd.task(closed, "Vergeten taak", stage="explore", assignee=member, due=today - timedelta(days=100))
    return dict(today=today, lead=lead, member=member, partner_lead=partner_lead, observer=observer, idle=idle,
                stuck=stuck, deciding=deciding, calm=calm, closed=closed)


def send_digests(day):
    """Queue the day's digests and run the sender, as the command does."""
    outcome = queue_digests(day)
    deliver_due()
    return outcome


def mails_to(address: str):
    return [m for m in outbox if m["To"] == address]


def test_who_gets_what(app, world):
    digests = collect(world["today"])
    lead = digests[world["lead"].id]
    assert [w.title for w, _days, _late in lead.stalled] == ["Vastgelopen samenwerking"]
    assert lead.stalled[0][1:] == (75, 1)
    assert [w.title for w in lead.decisions] == ["Besluit nodig"]
    assert lead.tasks == []

    member = digests[world["member"].id]
    assert [(t.title("nl"), t.overdue) for t in member.tasks] == [("Bel de wijkcoach", True), ("Verslag delen", False)]
    assert member.stalled == [] and member.decisions == []  # members do not lead

    partner = digests[world["partner_lead"].id]
    assert [w.title for w, *_ in partner.stalled] == ["Vastgelopen samenwerking"]
    assert [w.title for w in partner.decisions] == ["Besluit nodig"]

    assert world["observer"].id not in digests  # nothing to act on
    assert world["idle"].id not in digests


def test_a_decided_side_is_not_asked_again(app, world):
    pytest.importorskip("workspace.pilot.models")
    fd.decision(world["deciding"], "partner", "yes")
    digests = collect(world["today"])
    assert digests[world["partner_lead"].id].decisions == []
    assert [w.title for w in digests[world["lead"].id].decisions] == ["Besluit nodig"]


def test_one_mail_per_person_per_day(app, world):
    outcome = send_digests(world["today"])
    assert outcome.queued == 3
    assert len(mails_to("lea@example.org")) == 1  # one mail, however many items
    assert len(mails_to("mo@example.org")) == 1
    assert len(mails_to("pia@example.org")) == 1
    assert not mails_to("olga@example.org") and not mails_to("ida@example.org")
    assert db.session.scalar(select(func.count()).select_from(DigestLog)) == 3

    again = send_digests(world["today"])
    assert again.queued == 0 and again.skipped_already_sent == 3
    assert len(outbox) == 3

    tomorrow = send_digests(world["today"] + timedelta(days=1))
    assert tomorrow.queued == 3 and len(outbox) == 6


def test_the_mail_says_what_to_do_in_the_persons_language(app, world):
    send_digests(world["today"])
    [to_member] = mails_to("mo@example.org")  # Mo reads English
    body = to_member.get_content()
    assert "Bel de wijkcoach" in body and "overdue since" in body
    assert "Verslag delen" in body and "due " in body
    assert "Al gedaan" not in body and "Vergeten taak" not in body
    assert f"/w/{world['stuck'].id}/" in body
    assert "/dashboard/digest" in body  # how to switch it off
    assert to_member["Subject"] == "Mentorbrug: 2 things need your action"

    [to_lead] = mails_to("lea@example.org")  # Dutch by default
    body = to_lead.get_content()
    assert "Vastgelopen samenwerking" in body and "Besluit nodig" in body
    assert "75 dagen" in body


def test_opt_out(client, login_as, world):
    login_as(world["member"])
    page = client.get("/account").get_data(as_text=True)
    assert 'id="digest-setting"' in page and 'name="wants_digest"' in page and "checked" in page
    response = client.post("/dashboard/digest", data={})  # the box unticked
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    db.session.refresh(world["member"])
    assert world["member"].digest_opt_out is True
    send_digests(world["today"])
    assert not mails_to("mo@example.org")
    assert mails_to("lea@example.org")

    client.post("/dashboard/digest", data={"wants_digest": "y"})
    db.session.refresh(world["member"])
    assert world["member"].digest_opt_out is False


def test_opt_out_needs_a_csrf_token_and_a_login(client, login_as, world):
    assert client.post("/dashboard/digest", data={}, csrf=False).status_code in (302, 400)
    login_as(world["member"])
    assert client.post("/dashboard/digest", data={}, csrf=False).status_code == 400
    db.session.refresh(world["member"])
    assert world["member"].digest_opt_out is False


def test_the_digest_settings_page(client, login_as, world):
    login_as(world["member"])
    response = client.get("/dashboard/digest?lang=en")
    assert response.status_code == 200 and "Daily digest" in response.get_data(as_text=True)


def test_checklist_tasks_are_named_in_the_readers_language(app, world):
    from workflows import tasks_for

    template = tasks_for("network")[0]
    fd.task(world["stuck"], template.title.nl, template_key=template.key, assignee=world["member"], position=5)
    send_digests(world["today"])
    [to_member] = mails_to("mo@example.org")  # Mo reads English
    assert template.title.en in to_member.get_content()


def test_inactive_people_get_nothing(app, world):
    world["member"].active = False
    db.session.commit()
    send_digests(world["today"])
    assert not mails_to("mo@example.org")


def test_removed_people_are_not_reminded_of_tasks(app, world):
    from sqlalchemy import delete

    from workspace.tenancy.models import Membership

    db.session.execute(delete(Membership).where(Membership.user_id == world["member"].id))
    db.session.commit()
    assert world["member"].id not in collect(world["today"])


def test_the_command(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-digests", "--base-url", "https://mentorbrug.example"])
    assert result.exit_code == 0, result.output
    assert "3 queued" in result.output and "mail: 3 sent, 0 waiting to retry, 0 failed" in result.output
    assert "https://mentorbrug.example/w/" in mails_to("lea@example.org")[0].get_content()
    result = runner.invoke(args=["send-digests"])
    assert "0 queued, 3 already queued or sent today" in result.output
    assert len(outbox) == 3


def test_the_command_dry_run_and_bad_day(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-digests", "--dry-run"])
    assert result.exit_code == 0 and "3 queued" in result.output
    assert len(outbox) == 0 and db.session.scalar(select(func.count()).select_from(DigestLog)) == 0
    result = runner.invoke(args=["send-digests", "--day", "yesterday"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
