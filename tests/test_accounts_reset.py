"""Password reset end to end against a real SMTP server: the same answer for known and unknown addresses,
a single-use link valid for an hour, every session ended, the audit trail, rate limits, the admin's link,
and guessable passwords refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.factories import PASSWORD
from workspace.accounts.models import AccountToken
from workspace.accounts.passwords import verify_password
from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.orgs.models import OrgRole

NEW = "zeven blauwe fietsen bij het station"
LINK = re.compile(r"https?://[^\s]+/password/reset/[\w-]+")


def _link(message) -> str:
    [link] = LINK.findall(message.get_content())
    return link.split("localhost", 1)[1]


def _page_text(response) -> str:
    """The page without what differs per session (the CSRF token)."""
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))


def test_the_login_page_offers_a_reset(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Wachtwoord vergeten?" in page


def test_known_and_unknown_addresses_get_the_same_answer(client, make, smtp_server):
    make.user(email="lea@example.org")
    known = client.post("/password/forgot", data={"email": "lea@example.org"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert _page_text(known).replace("lea@example.org", "X") == _page_text(unknown).replace("nobody@example.org", "X")
    assert [m["To"] for m in smtp_server.messages] == ["lea@example.org"]
    rows = db.session.scalars(select(Activity).where(Activity.verb.like("account.reset_%"))).all()
    assert sorted(r.verb for r in rows) == ["account.reset_requested", "account.reset_unknown_address"]
    assert not any("nobody@example.org" in r.summary for r in rows)  # no address in the trail


def test_the_reset_flow_end_to_end(app, client, make, smtp_server):
    user = make.user(email="lea@example.org", name="Lea Lead", locale="en")
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/account").status_code == 200

    client.post("/password/forgot", data={"email": "LEA@example.org"})
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Mentorbrug: set a new password" and mail["Content-Language"] == "en"
    link = _link(mail)
    assert client.get(link).status_code == 200
    row = db.session.scalar(select(AccountToken))
    assert link.rsplit("/", 1)[1] not in row.token_hash  # only the hash is stored
    assert row.expires_at - row.created_at == timedelta(hours=1)

    response = client.post(link, data={"new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert client.get("/account").status_code == 200  # logged in fresh
    assert other_device.get("/account").status_code == 302  # every other session ended
    assert db.session.scalar(select(Activity).where(Activity.verb == "account.password_reset", Activity.user_id == user.id))
    notice = smtp_server.messages[-1]
    assert notice["Subject"] == "Mentorbrug: your password was changed"

    # The link works once.
    assert client.get(link).status_code == 410
    assert app.test_client().post(link, data={"new_password": "nog een andere zin om te typen",
                                              "new_password_again": "nog een andere zin om te typen"}).status_code == 410
    db.session.refresh(row)
    assert row.used_at is not None


def test_an_expired_or_newer_link_replaces_the_old(client, make, smtp_server):
    make.user(email="lea@example.org")
    client.post("/password/forgot", data={"email": "lea@example.org"})
    first = _link(smtp_server.messages[0])
    client.post("/password/forgot", data={"email": "lea@example.org"})
    second = _link(smtp_server.messages[1])
    assert client.get(first).status_code == 410  # a newer link replaces the older one
    assert client.get(second).status_code == 200
    db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get(second).status_code == 410


def test_a_guessable_new_password_is_refused(client, make, smtp_server):
    make.user(email="lea.lead@example.org", name="Lea Lead")
    client.post("/password/forgot", data={"email": "lea.lead@example.org"})
    link = _link(smtp_server.messages[0])
    for weak in ("password1234", "lea.lead@example.org", "LeaLead12345"):
        response = client.post(link + "?lang=en", data={"new_password": weak, "new_password_again": weak})
        assert response.status_code == 422 and "too easy to guess" in response.get_data(as_text=True), weak
    assert client.get(link).status_code == 200  # refused tries do not use the link up


def test_the_request_is_rate_limited_per_address_whether_known_or_not(app, client, make, smtp_server):
    make.user(email="lea@example.org")
    for address in ("lea@example.org", "nobody@example.org"):
        codes = [client.post("/password/forgot", data={"email": address}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429], address
    assert len(smtp_server.messages) == 3


def test_deactivated_accounts_get_no_link(client, make, smtp_server):
    make.user(email="weg@example.org", active=False)
    assert client.post("/password/forgot", data={"email": "weg@example.org"}).status_code == 200
    assert smtp_server.messages == []


def test_an_org_admin_sends_a_colleague_a_link(client, make, login_as, smtp_server):
    org = make.org("Samen Verder")
    admin = make.user(name="Ada Admin", org=org, org_role=OrgRole.ADMIN)
    colleague = make.user(email="col@example.org", org=org)
    login_as(admin)
    page = client.get(f"/organisation/{org.id}/people/?lang=en").get_data(as_text=True)
    assert f"/organisation/{org.id}/people/{colleague.id}/reset-link" in page
    response = client.post(f"/organisation/{org.id}/people/{colleague.id}/reset-link")
    assert response.status_code == 302
    [mail] = smtp_server.messages
    assert mail["To"] == "col@example.org" and "Ada Admin" in mail.get_content()
    assert "/password/reset/" not in client.get(f"/organisation/{org.id}/people/").get_data(as_text=True)
    login_as(colleague)
    assert client.post(f"/organisation/{org.id}/people/{admin.id}/reset-link").status_code == 403


@pytest.mark.parametrize("weak", ["password1234", "qwertyuiop123", "welkomwelkom", "nina.nieuw@example.org",
                                  "NinaNieuw2026"])
def test_sign_up_refuses_guessable_passwords(client, weak):
    response = client.post("/signup?lang=en", data={
        "name": "Nina Nieuw", "email": "nina.nieuw@example.org", "password": weak, "password_again": weak,
        "org_name": "Samen Verder", "org_kind": "mentor_project"})
    assert response.status_code == 422 and "too easy to guess" in response.get_data(as_text=True)


def test_a_passphrase_is_welcome(client):
    response = client.post("/signup", data={
        "name": "Nina Nieuw", "email": "nina@example.org", "password": NEW, "password_again": NEW,
        "org_name": "Samen Verder", "org_kind": "mentor_project"})
    assert response.status_code == 302
