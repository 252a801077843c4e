"""The outbox against a real SMTP server (aiosmtpd): delivery, retry after the server was down (nothing lost,
nothing sent twice), giving up, hostile header values, the admin and development pages, ``flask mail send``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories_dashboard as fd
from workspace.dashboard.digests import send_digests
from workspace.dashboard.figures import local_today
from workspace.dashboard.models import DigestLog
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.mail import UnsafeHeader, deliver_due, outbox, queue
from workspace.mail.models import MailStatus, OutboxMail
from workspace.mail.sender import _claim, backoff
from workspace.orgs.models import OrgKind
from workspace.tenancy.models import Role


def mails(status=None) -> list[OutboxMail]:
    query = select(OutboxMail).order_by(OutboxMail.id)
    if status:
        query = query.where(OutboxMail.status == status)
    return list(db.session.scalars(query))


def test_a_rolled_back_change_sends_nothing(app, smtp_server):
    queue(to="a@example.org", subject="Hallo", text="Tekst")
    db.session.rollback()
    assert deliver_due().sent == 0
    assert smtp_server.messages == [] and mails() == []


def test_delivery_has_a_text_and_an_html_part_and_safe_headers(app, smtp_server):
    queue(to="a@example.org", subject="Welkom bij ‘Samen & Co’", language="nl", sensitive=True,
          text="Hallo <Lea>,\n\nOpen https://mentorbrug.example/reset/abc om verder te gaan.")
    db.session.commit()
    report = deliver_due()
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    [message] = smtp_server.messages
    assert message["Subject"] == "Welkom bij ‘Samen & Co’" and message["To"] == "a@example.org"
    assert message["Content-Language"] == "nl" and message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert "Open https://mentorbrug.example/reset/abc" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert '<a href="https://mentorbrug.example/reset/abc">' in html and "&lt;Lea&gt;" in html
    [mail] = mails()
    assert mail.status == MailStatus.SENT and mail.attempts == 1 and mail.transport == "smtp"
    assert message["Message-ID"] == mail.message_id
    assert mail.text_body == "" and mail.html_body == ""  # a delivered reset link does not stay in the database
    assert deliver_due().sent == 0 and len(smtp_server.messages) == 1


@pytest.mark.parametrize("subject", ["Werkruimte\r\nBcc: iedereen@example.org", "Titel\nmet regel", "Nul\x00teken",
                                     "Unicode\u2028regel"])
def test_header_values_with_line_breaks_are_refused(app, subject):
    with pytest.raises(UnsafeHeader):
        queue(to="a@example.org", subject=subject, text="x")
    with pytest.raises(UnsafeHeader):
        queue(to="a@example.org\r\nBcc: b@example.org", subject="Hallo", text="x")


def test_a_hostile_workspace_title_is_refused_by_the_form_and_no_header_is_injected(client, make, login_as,
                                                                                    smtp_server):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post("/dashboard/workspaces/new?lang=en", data={
        "title": "Samen\r\nBcc: iedereen@example.org", "partner_choice": "new", "partner_lead_email": "p@example.org",
    })
    assert response.status_code == 422 and "single line" in response.get_data(as_text=True)
    assert mails() == [] and smtp_server.messages == []


@pytest.fixture
def world(make):
    now, today = utcnow(), local_today()
    mentor = make.org("Samen Verder", kind=OrgKind.MENTOR_PROJECT)
    wijkteam = make.org("Wijkteam Oost", kind=OrgKind.WIJKTEAM)
    lead = make.user(name="Lea Lead", email="lea@example.org", org=mentor)
    member = make.user(name="Mo Member", email="mo@example.org", org=mentor, locale="en")
    partner = make.user(name="Pia Partner", email="pia@example.org", org=wijkteam)
    stuck = fd.workspace_between(mentor, wijkteam, "Vastgelopen", stage="network", entered=now - timedelta(days=75),
                                 people=[(lead, Role.LEAD, mentor), (member, Role.MEMBER, mentor),
                                         (partner, Role.LEAD, wijkteam)])
    fd.clear_tasks(stuck)
    fd.task(stuck, "Bel de wijkcoach", assignee=member, due=today - timedelta(days=3))
    return dict(today=today, people=[lead, member, partner])


def test_digests_while_the_server_is_down_then_up_are_delivered_exactly_once(app, smtp_server, world):
    smtp_server.stop()
    assert send_digests(world["today"]).queued == 3
    down = deliver_due()
    assert (down.sent, down.retrying, down.failed) == (0, 3, 0)
    assert all(m.attempts == 1 and "cannot reach" in m.last_error and m.status == MailStatus.QUEUED for m in mails())
    # Nothing is due before the backoff has passed; a second run of the day queues nobody again.
    assert deliver_due().sent == 0
    again = send_digests(world["today"])
    assert again.queued == 0 and again.skipped_already_sent == 3
    still_down = deliver_due(now=utcnow() + backoff(1) + timedelta(seconds=1))
    assert still_down.retrying == 3 and {m.attempts for m in mails()} == {2}

    smtp_server.start()
    up = deliver_due(now=utcnow() + timedelta(hours=1))
    assert (up.sent, up.retrying, up.failed) == (3, 0, 0)
    assert deliver_due(now=utcnow() + timedelta(days=1)).sent == 0
    assert sorted(m["To"] for m in smtp_server.messages) == ["lea@example.org", "mo@example.org", "pia@example.org"]
    assert {m.status for m in mails()} == {MailStatus.SENT} and {m.attempts for m in mails()} == {3}
    [to_mo] = smtp_server.to("mo@example.org")
    assert to_mo["Content-Language"] == "en" and "Tasks assigned to you" in to_mo.get_content()
    assert to_mo["List-Unsubscribe"].startswith("<http") and "/dashboard/digest" in to_mo["List-Unsubscribe"]
    [to_lea] = smtp_server.to("lea@example.org")
    assert to_lea["Content-Language"] == "nl" and "Hallo Lea Lead" in to_lea.get_content()


def test_a_given_up_digest_leaves_the_day_open_for_that_person(app, smtp_server, world):
    smtp_server.stop()
    send_digests(world["today"])
    late = utcnow() + timedelta(hours=app.config["MAIL_GIVE_UP_HOURS"], minutes=1)
    report = deliver_due(now=late)
    assert report.failed == 3 and {m.status for m in mails()} == {MailStatus.FAILED}
    smtp_server.start()
    retry = send_digests(world["today"])
    assert retry.queued == 3 and db.session.scalar(select(func.count()).select_from(DigestLog)) == 3
    assert deliver_due().sent == 3 and len(smtp_server.messages) == 3


def test_a_permanent_refusal_fails_at_once(app, smtp_server):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 No such user here"

    smtp_server.recorder.handle_RCPT = refuse
    queue(to="nobody@example.org", subject="Hallo", text="x")
    db.session.commit()
    report = deliver_due()
    assert report.failed == 1
    [mail] = mails()
    assert mail.status == MailStatus.FAILED and "550" in mail.last_error and mail.attempts == 1


def test_a_mail_is_claimed_by_one_sender_only(app):
    mail = queue(to="a@example.org", subject="Hallo", text="x")
    db.session.commit()
    now = utcnow()
    assert _claim(mail.id, now) is True
    assert _claim(mail.id, now) is False  # the second sender finds it taken
    # A claim of a crashed sender lapses.
    later = now + timedelta(seconds=app.config["MAIL_CLAIM_SECONDS"] + 1)
    assert _claim(mail.id, later) is True


def test_without_a_mail_server_mails_go_to_the_log_and_the_development_page(client, app, caplog):
    queue(to="a@example.org", subject="Je uitnodiging", text="Open https://mentorbrug.example/invitations/xyz")
    db.session.commit()
    with caplog.at_level("INFO", logger="mentorbrug.mail"):
        assert deliver_due().sent == 1
    assert "https://mentorbrug.example/invitations/xyz" in caplog.text
    assert len(outbox) == 1 and mails()[0].transport == "log"
    page = client.get("/dev/mail")
    assert page.status_code == 200
    assert '<a href="https://mentorbrug.example/invitations/xyz">' in page.get_data(as_text=True)


def test_the_development_page_does_not_exist_with_a_mail_server_or_in_production(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    assert client.get("/dev/mail").status_code == 404
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    assert client.get("/dev/mail").status_code == 404


def test_site_admins_see_the_outbox(client, make, login_as, smtp_server):
    admin = make.user(is_site_admin=True)
    someone = make.user()
    queue(to="ok@example.org", subject="Aangekomen", text="x")
    db.session.commit()
    deliver_due()
    smtp_server.stop()
    queue(to="wacht@example.org", subject="Wacht nog", text="x")
    db.session.commit()
    deliver_due()
    login_as(someone)
    assert client.get("/admin/mail").status_code == 404
    login_as(admin)
    page = client.get("/admin/mail?lang=en").get_data(as_text=True)
    assert "ok@example.org" in page and "wacht@example.org" in page and "cannot reach" in page
    assert "Sent (1)" in page and "Waiting (1)" in page
    waiting = client.get("/admin/mail?status=queued").get_data(as_text=True)
    assert "wacht@example.org" in waiting and "ok@example.org" not in waiting


def test_the_command(app, smtp_server):
    queue(to="a@example.org", subject="Hallo", text="x")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "1 sent, 0 waiting to retry, 0 failed" in result.output
    assert len(smtp_server.messages) == 1
    result = runner.invoke(args=["mail", "status"])
    assert "0 queued, 0 sending, 1 sent, 0 failed" in result.output


def test_a_request_that_queues_mail_delivers_it_after_the_response(client, make, login_as, smtp_server):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    client.post(f"/w/{cast.workspace.id}/people/invite", data={"email": "nieuw@example.org", "role": "member"})
    [message] = smtp_server.messages
    assert message["To"] == "nieuw@example.org"
    assert mails()[0].status == MailStatus.SENT
