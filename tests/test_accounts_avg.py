"""AVG: download your own data, delete your account (contributions stay as "Former member", audit rows
pseudonymised), refused while you are the last lead of your organisation somewhere."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.factories import PASSWORD, areas_changed
from tests.factories_people import activity, as_user_fixture, invitation  # noqa: F401
from workspace.accounts.models import User, UserSession
from workspace.activity.audit import login_fingerprint
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.invitations.models import Invitation
from workspace.orgs.models import OrgMembership
from workspace.tenancy.models import Membership


def test_download_own_data_as_json(make, as_user, monkeypatch):
    cast = make.workspace(title="Samen verder")
    user = cast.mentor_member
    activity(cast.workspace, "task.ticked", "Find a contact", user=user)
    invitation(cast.workspace, email="friend@example.org", created_by=user, organisation_id=cast.mentor_org.id)
    browser = as_user(user)
    with areas_changed(personal_data=(lambda u: {"notes": [{"title": "Mine", "by": u.id}]},)):
        response = browser.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email and data["account"]["name"] == user.name
    assert "password_hash" not in json.dumps(data) and user.password_hash not in json.dumps(data)
    assert [w["title"] for w in data["workspaces"]] == ["Samen verder"]
    assert data["organisations"][0]["name"] == cast.mentor_org.name
    assert any(a["verb"] == "task.ticked" for a in data["activity"])
    assert data["invitations_sent"][0]["email"] == "friend@example.org"
    assert data["sessions"] and "token_hash" not in json.dumps(data["sessions"])
    assert data["contributions"] == {"notes": [{"title": "Mine", "by": user.id}]}
    # Nobody else's data: the other people's rows are not in it.
    others = {cast.mentor_lead.id, cast.partner_lead.id}
    assert not [a for a in data["activity"] if a["object_type"] == "User" and a["object_id"] in others]
    assert db.session.scalar(select(Activity).where(Activity.verb == "account.data_exported",
                                                    Activity.user_id == user.id))


def test_download_needs_login(client):
    response = client.get("/account/data.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_delete_account_keeps_contributions_as_former_member(make, as_user, app):
    cast = make.workspace()
    user = cast.mentor_member
    name, email = user.name, user.email
    row = activity(cast.workspace, "task.ticked", "Find a contact", user=user)
    mention = activity(cast.workspace, "task.assigned", f"Call the school (for {name})", user=cast.mentor_lead)
    invite, _token = invitation(cast.workspace, email=email, organisation_id=cast.mentor_org.id)
    invite.accepted_at = invite.created_at
    db.session.commit()
    fail_client = app.test_client()
    fail_client.post("/login", data={"email": email, "password": "wrong password here"})
    browser = as_user(user)
    other_device = as_user(user)
    page = browser.get("/account/delete?lang=en")
    assert page.status_code == 200 and "cannot be undone" in page.get_data(as_text=True)
    response = browser.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    assert response.status_code == 302
    # Logged out everywhere, and the login is gone.
    assert browser.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302
    deleted = db.session.get(User, user.id)
    assert deleted.deleted_at is not None and deleted.active is False
    assert deleted.email != email and name not in deleted.email and deleted.stored_name == ""
    assert db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all() == []
    assert db.session.scalars(select(Membership).where(Membership.user_id == user.id)).all() == []
    assert db.session.scalars(select(OrgMembership).where(OrgMembership.user_id == user.id)).all() == []
    # Contributions stay, shown as written by a former member; the audit rows lose the name and address.
    db.session.refresh(row)
    assert row.user_id == user.id
    db.session.refresh(mention)
    assert name not in mention.summary and "former member" in mention.summary
    assert db.session.get(Invitation, invite.id).email == ""
    assert all(login_fingerprint(email) not in a.summary for a in db.session.scalars(select(Activity)))
    assert all(email not in a.summary and name not in a.summary for a in db.session.scalars(select(Activity)))
    details = [json.dumps(a.details) for a in db.session.scalars(select(Activity))]
    assert all(login_fingerprint(email) not in d and email not in d and name not in d for d in details)
    relogin = app.test_client().post("/login", data={"email": email, "password": PASSWORD})
    assert relogin.status_code == 422
    feed = as_user(cast.mentor_lead).get(f"/w/{cast.workspace.id}/activity/?lang=en").get_data(as_text=True)
    assert "Former member" in feed and name not in feed
    nl = as_user(cast.partner_lead).get(f"/w/{cast.workspace.id}/activity/?lang=nl").get_data(as_text=True)
    assert "Voormalig lid" in nl
    verbs = set(db.session.scalars(select(Activity.verb).where(Activity.user_id == user.id)))
    assert {"account.deleted", "member.left"} <= verbs


def test_delete_account_needs_the_password_and_the_confirmation(make, as_user):
    user = make.user(org=make.org())
    browser = as_user(user)
    wrong = browser.post("/account/delete?lang=en", data={"password": "not my password", "understood": "y"})
    assert wrong.status_code == 422 and "not your password" in wrong.get_data(as_text=True)
    unticked = browser.post("/account/delete?lang=en", data={"password": PASSWORD})
    assert unticked.status_code == 422 and "Tick this box" in unticked.get_data(as_text=True)
    no_csrf = browser.post("/account/delete", data={"password": PASSWORD, "understood": "y"}, csrf=False)
    assert no_csrf.status_code == 400
    assert db.session.get(User, user.id).deleted_at is None
    assert browser.get("/account").status_code == 200


def test_the_last_lead_of_an_organisation_cannot_delete_their_account(make, as_user):
    cast = make.workspace(title="Oost")
    browser = as_user(cast.partner_lead)
    page = browser.get("/account/delete?lang=en").get_data(as_text=True)
    assert "only lead of" in page and "Oost" in page
    response = browser.post("/account/delete?lang=en", data={"password": PASSWORD, "understood": "y"})
    assert response.status_code == 409
    assert db.session.get(User, cast.partner_lead.id).deleted_at is None
    # With a second lead of the same organisation it works (they are also the only org admin with colleagues:
    # make the colleague admin too).
    make.member(cast.workspace, make.user(org=cast.partner_org, org_role="admin"), "lead", cast.partner_org)
    assert browser.post("/account/delete", data={"password": PASSWORD, "understood": "y"}).status_code == 302
    assert db.session.get(User, cast.partner_lead.id).deleted_at is not None


def test_the_only_admin_of_an_organisation_with_colleagues_cannot_delete(make, as_user):
    org = make.org()
    admin = make.user(org=org, org_role="admin")
    make.user(org=org)
    response = as_user(admin).post("/account/delete?lang=en", data={"password": PASSWORD, "understood": "y"})
    assert response.status_code == 409 and "only admin of" in response.get_data(as_text=True)


def test_a_deleted_persons_name_reads_former_member_everywhere(make, as_user):
    cast = make.workspace()
    user = cast.observer
    as_user(user).post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    deleted = db.session.get(User, user.id)
    assert deleted.name == "Former member" or deleted.name == "Voormalig lid"
    assert db.session.scalar(select(User).where(User.name == "")).id == user.id  # the column is blank
