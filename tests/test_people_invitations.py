"""Workspace invitations by leads: invite, accept (log in or sign up), pending list, revoke, resend, bad links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD
from tests.factories_people import as_user_fixture, invitation, link_token  # noqa: F401
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.invitations.models import Invitation
from workspace.invitations.services import digest
from workspace.mail import outbox
from workspace.orgs.models import OrgMembership
from workspace.tenancy.models import Membership


def _people(ws):
    return f"/w/{ws.id}/people/"


def _invitations(ws):
    return db.session.scalars(select(Invitation).where(Invitation.workspace_id == ws.id).order_by(Invitation.id)).all()


def _membership(ws, user):
    return db.session.scalar(select(Membership).where(Membership.workspace_id == ws.id, Membership.user_id == user.id))


def test_lead_invites_a_colleague_who_signs_up_and_joins_for_the_leads_organisation(make, as_user, app, client):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    response = lead.post(_people(cast.workspace) + "invite", data={"email": "Nieuw@Example.org", "role": "member"})
    assert response.status_code == 302
    page = lead.get(_people(cast.workspace)).get_data(as_text=True)
    # No mail server: the lead sees the link to pass on, once.
    assert "nieuw@example.org" in page
    token = link_token(page)
    assert token not in lead.get(_people(cast.workspace)).get_data(as_text=True)
    (invite,) = _invitations(cast.workspace)
    assert invite.token_hash == digest(token) and token not in invite.token_hash
    assert invite.role == "member" and invite.organisation_id == cast.mentor_org.id
    assert (invite.expires_at - invite.created_at) == timedelta(days=14)
    assert outbox[-1]["To"] == "nieuw@example.org" and token in outbox[-1].get_content()

    # The invitee signs up through the link and accepts.
    newcomer = app.test_client()
    assert newcomer.get(f"/invitations/{token}").status_code == 200
    response = newcomer.post(f"/signup?invite={token}", data={
        "name": "Nina Nieuw", "email": "nieuw@example.org", "password": PASSWORD, "password_again": PASSWORD,
        "org_kind": "other",
    })
    assert response.status_code == 302 and f"/invitations/{token}" in response.headers["Location"]
    response = newcomer.post(f"/invitations/{token}", data={})
    assert response.status_code == 302
    assert newcomer.get(f"/w/{cast.workspace.id}/").status_code == 200
    membership = db.session.scalar(select(Membership).where(Membership.workspace_id == cast.workspace.id,
                                                            Membership.role == "member").order_by(Membership.id.desc()))
    assert membership.user.email == "nieuw@example.org"
    assert membership.organisation_id == cast.mentor_org.id
    assert db.session.scalar(select(OrgMembership).where(OrgMembership.user_id == membership.user_id,
                                                         OrgMembership.organisation_id == cast.mentor_org.id))
    verbs = [a.verb for a in db.session.scalars(select(Activity).where(Activity.workspace_id == cast.workspace.id))]
    assert "invitation.created" in verbs and "invitation.accepted" in verbs
    # Single use: the link is dead now.
    again = app.test_client().get(f"/invitations/{token}?lang=en")
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)


def test_existing_user_logs_in_and_accepts(make, as_user):
    cast = make.workspace()
    colleague = make.user(org=cast.partner_org)
    _invite, token = invitation(cast.workspace, email=colleague.email, role="lead",
                                organisation_id=cast.partner_org.id, created_by=cast.partner_lead)
    browser = as_user(colleague)
    page = browser.get(f"/invitations/{token}?lang=en").get_data(as_text=True)
    assert "You join on behalf of" in page
    assert browser.post(f"/invitations/{token}", data={}).status_code == 302
    membership = _membership(cast.workspace, colleague)
    assert membership.role == "lead" and membership.organisation_id == cast.partner_org.id


def test_observer_invitation_lets_them_join_for_their_own_organisation(make, as_user):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    adviser_org = make.org(kind="other")
    adviser = make.user(org=adviser_org)
    lead.post(_people(cast.workspace) + "invite", data={"email": adviser.email, "role": "observer"})
    token = link_token(lead.get(_people(cast.workspace)).get_data(as_text=True))
    browser = as_user(adviser)
    assert browser.post(f"/invitations/{token}", data={"choice": str(adviser_org.id)}).status_code == 302
    membership = _membership(cast.workspace, adviser)
    assert membership.role == "observer" and membership.organisation_id == adviser_org.id


def test_partner_lead_invitation_only_while_the_partner_has_no_lead(make, as_user):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    page = lead.get(_people(cast.workspace) + "?lang=en").get_data(as_text=True)
    assert 'value="partner_lead"' not in page
    response = lead.post(_people(cast.workspace) + "invite", data={"email": "x@example.org", "role": "partner_lead"})
    assert response.status_code == 422
    assert _invitations(cast.workspace) == []


def test_partner_lead_invitation_for_a_new_partner(make, as_user, app):
    from workspace.tenancy.models import Workspace

    mentor_org = make.org(kind="mentor_project")
    lead_user = make.user(org=mentor_org, org_role="admin")
    space = Workspace(title="Nieuw", mentor_org_id=mentor_org.id)
    db.session.add(space)
    db.session.commit()
    make.member(space, lead_user, "lead", mentor_org)
    lead = as_user(lead_user)
    assert 'value="partner_lead"' in lead.get(_people(space)).get_data(as_text=True)
    assert lead.post(_people(space) + "invite", data={"email": "chef@wijkteam.example", "role": "partner_lead"}).status_code == 302
    (invite,) = _invitations(space)
    assert invite.for_partner_lead and invite.role == "lead" and invite.organisation_id is None
    token = link_token(lead.get(_people(space)).get_data(as_text=True))
    partner = app.test_client()
    partner.post(f"/signup?invite={token}", data={"name": "Chef", "email": "chef@wijkteam.example",
                                                   "password": PASSWORD, "password_again": PASSWORD, "org_kind": "other"})
    response = partner.post(f"/invitations/{token}", data={"choice": "new", "org_name": "Wijkteam Oost",
                                                            "org_kind": "wijkteam", "org_place": "Rivierstad"})
    assert response.status_code == 302
    db.session.refresh(space)
    assert space.partner_org.name == "Wijkteam Oost"
    assert lead.get(_people(space)).get_data(as_text=True).count('value="partner_lead"') == 0


def test_lead_sees_pending_invitations_members_and_observers_do_not(make, as_user):
    cast = make.workspace()
    invitation(cast.workspace, email="pending@example.org", organisation_id=cast.mentor_org.id)
    assert "pending@example.org" in as_user(cast.mentor_lead).get(_people(cast.workspace)).get_data(as_text=True)
    for person in (cast.mentor_member, cast.observer):
        page = as_user(person).get(_people(cast.workspace)).get_data(as_text=True)
        assert "pending@example.org" not in page
        assert f'action="/w/{cast.workspace.id}/people/invite"' not in page


@pytest.mark.parametrize("who", ["mentor_member", "observer", "partner_member"])
def test_only_leads_invite(make, as_user, who):
    cast = make.workspace()
    response = as_user(getattr(cast, who)).post(_people(cast.workspace) + "invite",
                                                 data={"email": "x@example.org", "role": "member"})
    assert response.status_code == 403
    assert _invitations(cast.workspace) == []


@pytest.mark.parametrize("data, message", [
    ({"email": "", "role": "member"}, "Please fill in this field"),
    ({"email": "not-an-address", "role": "member"}, "valid e-mail address"),
    ({"email": "ok@example.org", "role": "admin"}, "Not a valid choice"),
    ({"email": "ok@example.org"}, "Not a valid choice"),
])
def test_invite_form_bad_input(make, as_user, data, message):
    cast = make.workspace()
    response = as_user(cast.mentor_lead).post(_people(cast.workspace) + "invite?lang=en", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _invitations(cast.workspace) == []


def test_inviting_someone_already_in_the_workspace_is_refused(make, as_user):
    cast = make.workspace()
    response = as_user(cast.mentor_lead).post(_people(cast.workspace) + "invite?lang=en",
                                              data={"email": cast.partner_member.email.upper(), "role": "member"})
    assert response.status_code == 422
    assert "already in this workspace" in response.get_data(as_text=True)
    assert _invitations(cast.workspace) == []


def test_a_second_open_invitation_for_the_same_address_is_refused(make, as_user):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    assert lead.post(_people(cast.workspace) + "invite", data={"email": "a@example.org", "role": "member"}).status_code == 302
    response = lead.post(_people(cast.workspace) + "invite?lang=en", data={"email": "a@example.org", "role": "lead"})
    assert response.status_code == 422 and "already an open invitation" in response.get_data(as_text=True)
    assert len(_invitations(cast.workspace)) == 1


def test_invite_with_htmx_returns_the_region_with_the_link(make, as_user):
    cast = make.workspace()
    response = as_user(cast.mentor_lead).post(_people(cast.workspace) + "invite",
                                              data={"email": "h@example.org", "role": "member"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="people"')
    assert response.headers["HX-Trigger"] == "workspace-changed"
    assert link_token(body)
    bad = as_user(cast.mentor_lead).post(_people(cast.workspace) + "invite", data={"email": "", "role": "member"},
                                         htmx=True)
    assert bad.status_code == 422 and bad.get_data(as_text=True).lstrip().startswith('<section id="people"')


def test_with_a_mail_server_the_link_is_mailed_not_shown(make, as_user, smtp_server):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    lead.post(_people(cast.workspace) + "invite?lang=en", data={"email": "m@example.org", "role": "member"})
    page = lead.get(_people(cast.workspace) + "?lang=en").get_data(as_text=True)
    assert "Invitation sent to m@example.org" in page
    assert "invite-link-value" not in page
    [sent] = smtp_server.messages
    assert sent["To"] == "m@example.org" and "/invitations/" in sent.get_content()


def test_revoke_kills_the_link(make, as_user, app):
    cast = make.workspace()
    invite, token = invitation(cast.workspace, organisation_id=cast.mentor_org.id)
    response = as_user(cast.mentor_lead).post(_people(cast.workspace) + f"invitations/{invite.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(invite)
    assert invite.revoked_at is not None
    page = app.test_client().get(f"/invitations/{token}?lang=en")
    assert page.status_code == 410 and "withdrawn" in page.get_data(as_text=True)
    assert db.session.scalar(select(Activity).where(Activity.verb == "invitation.revoked"))


def test_resend_makes_a_new_link_and_kills_the_old(make, as_user, app):
    cast = make.workspace()
    invite, old_token = invitation(cast.workspace, email="again@example.org", organisation_id=cast.mentor_org.id,
                                   expires_in=timedelta(days=-1))
    lead = as_user(cast.mentor_lead)
    assert "expired" in lead.get(_people(cast.workspace) + "?lang=en").get_data(as_text=True)
    assert lead.post(_people(cast.workspace) + f"invitations/{invite.id}/resend").status_code == 302
    new_token = link_token(lead.get(_people(cast.workspace)).get_data(as_text=True))
    assert new_token != old_token
    assert app.test_client().get(f"/invitations/{old_token}").status_code == 410
    assert app.test_client().get(f"/invitations/{new_token}").status_code == 200
    old, fresh = _invitations(cast.workspace)
    assert old.revoked_at is not None and fresh.email == "again@example.org" and fresh.role == old.role
    assert fresh.organisation_id == old.organisation_id and fresh.is_usable(fresh.created_at)
    assert db.session.scalar(select(Activity).where(Activity.verb == "invitation.resent"))
    # An invitation that is no longer open cannot be revoked or resent again: 409, nothing changes.
    assert lead.post(_people(cast.workspace) + f"invitations/{old.id}/resend").status_code == 409
    assert len(_invitations(cast.workspace)) == 2


def test_a_lead_cannot_touch_the_other_organisations_invitations(make, as_user):
    cast = make.workspace()
    invite, _token = invitation(cast.workspace, organisation_id=cast.partner_org.id, created_by=cast.partner_lead)
    response = as_user(cast.mentor_lead).post(_people(cast.workspace) + f"invitations/{invite.id}/revoke")
    assert response.status_code == 403
    db.session.refresh(invite)
    assert invite.revoked_at is None


def test_invitation_of_another_workspace_is_404(make, as_user):
    cast = make.workspace()
    other = make.workspace()
    invite, _token = invitation(other.workspace, organisation_id=other.mentor_org.id)
    response = as_user(cast.mentor_lead).post(_people(cast.workspace) + f"invitations/{invite.id}/revoke")
    assert response.status_code == 404
    db.session.refresh(invite)
    assert invite.revoked_at is None


@pytest.mark.parametrize("case", ["expired", "used", "revoked", "forged", "overlong"])
def test_bad_links_get_a_clear_message_and_change_nothing(make, as_user, case):
    cast = make.workspace()
    outsider = make.user(org=make.org(kind="other"))
    invite, token = invitation(cast.workspace, organisation_id=cast.mentor_org.id,
                               expires_in=timedelta(seconds=-1) if case == "expired" else None)
    if case == "used":
        invite.accepted_at = invite.created_at
        db.session.commit()
    if case == "revoked":
        invite.revoked_at = invite.created_at
        db.session.commit()
    if case == "forged":
        token = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    if case == "overlong":
        token = "x" * 300
    browser = as_user(outsider)
    expected = {"expired": "has expired", "used": "already been used", "revoked": "withdrawn",
                "forged": "not valid", "overlong": "not valid"}[case]
    for response in (browser.get(f"/invitations/{token}?lang=en"), browser.post(f"/invitations/{token}?lang=en", data={})):
        assert response.status_code in (404, 410)
        assert expected in response.get_data(as_text=True)
    assert _membership(cast.workspace, outsider) is None


def test_accepting_when_already_in_the_workspace_changes_nothing(make, as_user):
    cast = make.workspace()
    invite, token = invitation(cast.workspace, email=cast.mentor_member.email, organisation_id=cast.mentor_org.id,
                               role="lead")
    response = as_user(cast.mentor_member).post(f"/invitations/{token}?lang=en", data={})
    assert response.status_code == 422 and "already in this workspace" in response.get_data(as_text=True)
    assert _membership(cast.workspace, cast.mentor_member).role == "member"
    db.session.refresh(invite)
    assert invite.accepted_at is None


def test_a_link_accepted_twice_counts_once(make, as_user):
    cast = make.workspace()
    first = make.user(org=cast.mentor_org)
    second = make.user(org=cast.mentor_org)
    # A link without an address (anyone who has it may use it, once).
    _invite, token = invitation(cast.workspace, email="", organisation_id=cast.mentor_org.id)
    one, two = as_user(first), as_user(second)
    assert one.get(f"/invitations/{token}").status_code == 200
    assert two.get(f"/invitations/{token}").status_code == 200
    assert one.post(f"/invitations/{token}", data={}).status_code == 302
    assert two.post(f"/invitations/{token}", data={}).status_code == 410
    assert _membership(cast.workspace, first) is not None
    assert _membership(cast.workspace, second) is None


def test_a_forwarded_link_does_not_let_someone_else_in(make, as_user):
    cast = make.workspace()
    intruder = make.user(org=cast.mentor_org)
    invite, token = invitation(cast.workspace, email="Right.Person@example.org", organisation_id=cast.mentor_org.id)
    browser = as_user(intruder)
    for response in (browser.get(f"/invitations/{token}?lang=en"), browser.post(f"/invitations/{token}?lang=en")):
        assert response.status_code == 403
        assert "sent to another e-mail address" in response.get_data(as_text=True)
    assert _membership(cast.workspace, intruder) is None
    db.session.refresh(invite)
    assert invite.accepted_at is None
    # The right person, whatever the capitals of their address, gets in.
    right = make.user(email="right.person@example.org")
    assert as_user(right).post(f"/invitations/{token}", data={"choice": "new", "org_name": "X",
                                                              "org_kind": "other"}).status_code == 302
    assert _membership(cast.workspace, right).organisation_id == cast.mentor_org.id
