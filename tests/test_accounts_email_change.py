"""Changing one's e-mail address (real SMTP server): a link to the new address, a notice to the old one,
single use, a taken address refused, and an invitation to the old address still lets the person in."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import PASSWORD
from workspace.accounts.models import User
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.invitations.services import create_invitation

LINK = re.compile(r"https?://[^\s]+/account/email/confirm/[\w-]+")


def _ask(client, new="nieuw@example.org", password=PASSWORD):
    return client.post("/account/email", data={"new_email": new, "password": password})


def _link(smtp_server, to="nieuw@example.org") -> str:
    [mail] = smtp_server.to(to)
    return LINK.search(mail.get_content()).group(0).split("localhost", 1)[1]


def test_change_is_confirmed_by_the_new_address_and_told_to_the_old(app, client, make, login_as, smtp_server):
    user = make.user(email="oud@example.org", locale="en")
    login_as(user)
    assert 'href="/account/email"' in client.get("/account").get_data(as_text=True)
    assert _ask(client).status_code == 302
    [notice] = smtp_server.to("oud@example.org")
    assert "nieuw@example.org" in notice.get_content() and "/account/email/confirm/" not in notice.get_content()
    link = _link(smtp_server)
    db.session.refresh(user)
    assert user.email == "oud@example.org"  # nothing changes before the confirmation

    page = app.test_client().get(link)
    assert page.status_code == 200 and "nieuw@example.org" in page.get_data(as_text=True)
    assert client.post(link).status_code == 302
    db.session.refresh(user)
    assert user.email == "nieuw@example.org"
    assert db.session.scalar(select(Activity).where(Activity.verb == "account.email_changed"))
    assert client.post(link).status_code == 410  # once
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "nieuw@example.org", "password": PASSWORD}).status_code == 302


def test_the_wrong_password_or_the_same_address_is_refused(client, make, login_as, smtp_server):
    user = make.user(email="oud@example.org")
    login_as(user)
    assert _ask(client, password="not my password at all").status_code == 422
    assert _ask(client, new="OUD@example.org").status_code == 422
    assert smtp_server.messages == []


def test_an_address_taken_meanwhile_is_refused_on_confirmation(client, make, login_as, smtp_server):
    user = make.user(email="oud@example.org")
    login_as(user)
    _ask(client)
    link = _link(smtp_server)
    make.user(email="nieuw@example.org")
    assert client.post(link).status_code == 409
    db.session.refresh(user)
    assert user.email == "oud@example.org"


def test_an_invitation_to_the_old_address_still_lets_them_in(app, client, make, login_as, smtp_server):
    cast = make.workspace()
    user = make.user(email="oud@example.org")
    invitation, token = create_invitation(created_by=cast.mentor_lead, email="oud@example.org",
                                          workspace_id=cast.workspace.id, role="observer")
    db.session.commit()
    login_as(user)
    _ask(client)
    client.post(_link(smtp_server))
    assert db.session.get(User, user.id).email == "nieuw@example.org"
    response = client.post(f"/invitations/{token}", data={"choice": "new", "org_name": "Advies & Co",
                                                         "org_kind": "other"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
