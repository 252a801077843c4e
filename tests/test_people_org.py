"""Organisation admins manage their organisation's people: org role, removal, deactivation."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories_people import as_user_fixture  # noqa: F401
from workspace.accounts.models import User, UserSession
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.orgs.models import OrgMembership
from workspace.tenancy.models import Membership


def _url(org, user=None, action=""):
    base = f"/organisation/{org.id}/people/"
    return base if user is None else f"{base}{user.id}/{action}"


def _org_role(org, user):
    m = db.session.scalar(select(OrgMembership).where(OrgMembership.organisation_id == org.id,
                                                      OrgMembership.user_id == user.id))
    return m.role if m else None


def test_admin_sees_the_people_and_their_workspaces(make, as_user):
    cast = make.workspace(title="Samen sterk")
    page = as_user(cast.mentor_lead).get(_url(cast.mentor_org) + "?lang=en").get_data(as_text=True)
    assert cast.mentor_member.name in page and cast.mentor_member.email in page
    assert "Samen sterk" in page
    assert cast.partner_member.name not in page


def test_members_get_403_and_outsiders_404(make, as_user):
    cast = make.workspace()
    assert as_user(cast.mentor_member).get(_url(cast.mentor_org)).status_code == 403
    assert as_user(cast.partner_lead).get(_url(cast.mentor_org)).status_code == 404
    assert as_user(cast.partner_lead).post(_url(cast.mentor_org, cast.mentor_member, "deactivate")).status_code == 404
    assert as_user(cast.mentor_member).post(_url(cast.mentor_org, cast.mentor_member, "remove")).status_code == 403
    assert _org_role(cast.mentor_org, cast.mentor_member) == "member"


def test_admin_changes_org_roles_but_an_organisation_keeps_an_admin(make, as_user):
    cast = make.workspace()
    admin = as_user(cast.mentor_lead)
    response = admin.post(_url(cast.mentor_org, cast.mentor_lead, "role") + "?lang=en",
                          data={f"u{cast.mentor_lead.id}-org_role": "member"})
    assert response.status_code == 409 and "at least one admin" in response.get_data(as_text=True)
    assert admin.post(_url(cast.mentor_org, cast.mentor_member, "role"),
                      data={f"u{cast.mentor_member.id}-org_role": "admin"}).status_code == 302
    assert _org_role(cast.mentor_org, cast.mentor_member) == "admin"
    assert admin.post(_url(cast.mentor_org, cast.mentor_lead, "role"),
                      data={f"u{cast.mentor_lead.id}-org_role": "member"}).status_code == 302
    assert _org_role(cast.mentor_org, cast.mentor_lead) == "member"
    assert db.session.scalar(select(Activity).where(Activity.verb == "org.role_changed")) is not None
    bad = as_user(cast.mentor_member).post(_url(cast.mentor_org, cast.mentor_lead, "role"),
                                           data={f"u{cast.mentor_lead.id}-org_role": "owner"})
    assert bad.status_code == 422


def test_removing_someone_from_the_org_takes_them_out_of_its_workspaces(make, as_user):
    cast = make.workspace()
    member_browser = as_user(cast.mentor_member)
    response = as_user(cast.mentor_lead).post(_url(cast.mentor_org, cast.mentor_member, "remove"))
    assert response.status_code == 302
    assert _org_role(cast.mentor_org, cast.mentor_member) is None
    assert db.session.scalar(select(Membership).where(Membership.user_id == cast.mentor_member.id)) is None
    assert member_browser.get(f"/w/{cast.workspace.id}/").status_code == 404
    verbs = set(db.session.scalars(select(Activity.verb)))
    assert {"org.member_removed", "member.removed"} <= verbs


def test_the_last_lead_of_the_org_in_a_workspace_cannot_be_removed_from_the_org(make, as_user):
    cast = make.workspace(title="Oost")
    second_admin = make.user(org=cast.mentor_org, org_role="admin")
    response = as_user(second_admin).post(_url(cast.mentor_org, cast.mentor_lead, "remove") + "?lang=en")
    assert response.status_code == 409
    assert "only lead of" in response.get_data(as_text=True) and "Oost" in response.get_data(as_text=True)
    assert _org_role(cast.mentor_org, cast.mentor_lead) == "admin"


def test_deactivation_ends_every_session_on_the_next_request(make, as_user):
    cast = make.workspace()
    victim = as_user(cast.mentor_member)
    assert victim.get("/account").status_code == 200
    response = as_user(cast.mentor_lead).post(_url(cast.mentor_org, cast.mentor_member, "deactivate"))
    assert response.status_code == 302
    user = db.session.get(User, cast.mentor_member.id)
    assert user.active is False
    assert all(s.ended_at is not None for s in db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id)))
    assert victim.get("/account").status_code == 302  # to the login page
    assert victim.get(f"/w/{cast.workspace.id}/").status_code == 302
    # They cannot log in again ...
    relogin = victim.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert relogin.status_code == 422
    # ... until reactivated.
    assert as_user(cast.mentor_lead).post(_url(cast.mentor_org, cast.mentor_member, "reactivate")).status_code == 302
    assert as_user(cast.mentor_member).get("/account").status_code == 200
    verbs = set(db.session.scalars(select(Activity.verb)))
    assert {"account.deactivated", "account.reactivated"} <= verbs


def test_someone_who_also_works_elsewhere_cannot_be_deactivated_by_one_org(make, as_user):
    cast = make.workspace()
    db.session.add(OrgMembership(organisation_id=cast.partner_org.id, user_id=cast.mentor_member.id, role="member"))
    db.session.commit()
    response = as_user(cast.mentor_lead).post(_url(cast.mentor_org, cast.mentor_member, "deactivate") + "?lang=en")
    assert response.status_code == 409 and "another organisation" in response.get_data(as_text=True)
    assert db.session.get(User, cast.mentor_member.id).active is True


def test_an_admin_cannot_deactivate_themselves(make, as_user):
    cast = make.workspace()
    response = as_user(cast.mentor_lead).post(_url(cast.mentor_org, cast.mentor_lead, "deactivate"))
    assert response.status_code == 409
    assert db.session.get(User, cast.mentor_lead.id).active is True


def test_unknown_person_is_404(make, as_user):
    cast = make.workspace()
    browser = as_user(cast.mentor_lead)
    assert browser.post(_url(cast.mentor_org, cast.partner_member, "deactivate")).status_code == 404
    assert browser.post(f"/organisation/{cast.mentor_org.id}/people/999999/remove").status_code == 404
    assert db.session.get(User, cast.partner_member.id).active is True
