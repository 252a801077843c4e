"""Roles in a workspace: leads change roles and remove people; each organisation keeps a lead; changes bite on
the very next request."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories_people import as_user_fixture  # noqa: F401
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.tenancy.models import Membership


def _m(cast, who) -> Membership:
    user = getattr(cast, who)
    return db.session.scalar(select(Membership).where(Membership.workspace_id == cast.workspace.id,
                                                      Membership.user_id == user.id))


def _role_url(cast, membership):
    return f"/w/{cast.workspace.id}/people/members/{membership.id}/role"


def _remove_url(cast, membership):
    return f"/w/{cast.workspace.id}/people/members/{membership.id}/remove"


def _set_role(browser, cast, membership, role, **kwargs):
    return browser.post(_role_url(cast, membership) + "?lang=en", data={f"m{membership.id}-role": role}, **kwargs)


def test_people_page_lists_everyone_by_organisation(make, as_user):
    cast = make.workspace()
    page = as_user(cast.observer).get(f"/w/{cast.workspace.id}/people/?lang=en").get_data(as_text=True)
    for person in (cast.mentor_lead, cast.mentor_member, cast.partner_lead, cast.partner_member, cast.observer):
        assert person.name in page
    assert cast.mentor_org.name in page and cast.partner_org.name in page
    assert "Change role" not in page  # observers manage nothing


def test_lead_promotes_and_downgrades_a_colleague(make, as_user):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    member = _m(cast, "mentor_member")
    assert _set_role(lead, cast, member, "lead").status_code == 302
    db.session.refresh(member)
    assert member.role == "lead"
    # Now the original lead may step down: another lead of the organisation remains.
    own = _m(cast, "mentor_lead")
    assert _set_role(lead, cast, own, "member").status_code == 302
    db.session.refresh(own)
    assert own.role == "member"
    rows = db.session.scalars(select(Activity).where(Activity.verb == "member.role_changed")).all()
    assert [(r.object_type, r.object_id, r.summary) for r in rows] == [
        ("User", cast.mentor_member.id, "lead"), ("User", cast.mentor_lead.id, "member")]


@pytest.mark.parametrize("side", ["mentor", "partner"])
def test_the_last_lead_of_an_organisation_cannot_step_down_or_be_removed(make, as_user, side):
    cast = make.workspace()
    lead_user = getattr(cast, f"{side}_lead")
    browser = as_user(lead_user)
    own = _m(cast, f"{side}_lead")
    for response in (_set_role(browser, cast, own, "member"), _set_role(browser, cast, own, "observer"),
                     browser.post(_remove_url(cast, own) + "?lang=en")):
        assert response.status_code == 409
        assert "only lead of" in response.get_data(as_text=True)
    db.session.refresh(own)
    assert own.role == "lead"
    assert not db.session.scalar(select(Activity).where(Activity.verb.in_(["member.role_changed", "member.removed"])))


def test_the_refusal_reaches_htmx_as_a_409_fragment(make, as_user):
    cast = make.workspace()
    own = _m(cast, "mentor_lead")
    response = _set_role(as_user(cast.mentor_lead), cast, own, "member", htmx=True)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="people"') and "only lead of" in body


def test_lead_cannot_manage_the_other_organisations_people(make, as_user):
    cast = make.workspace()
    lead = as_user(cast.mentor_lead)
    partner_member = _m(cast, "partner_member")
    assert _set_role(lead, cast, partner_member, "observer").status_code == 403
    assert lead.post(_remove_url(cast, partner_member)).status_code == 403
    db.session.refresh(partner_member)
    assert partner_member.role == "member"


def test_either_lead_manages_observers_but_an_observer_cannot_become_member(make, as_user):
    cast = make.workspace()
    observer = _m(cast, "observer")
    browser = as_user(cast.partner_lead)
    response = _set_role(browser, cast, observer, "member")
    assert response.status_code == 409 and "observer" in response.get_data(as_text=True)
    assert browser.post(_remove_url(cast, observer)).status_code == 302
    assert _m(cast, "observer") is None


@pytest.mark.parametrize("who", ["mentor_member", "observer"])
def test_non_leads_cannot_change_roles_or_remove(make, as_user, who):
    cast = make.workspace()
    browser = as_user(getattr(cast, who))
    target = _m(cast, "mentor_member") if who == "observer" else _m(cast, "observer")
    assert _set_role(browser, cast, target, "lead").status_code == 403
    assert browser.post(_remove_url(cast, target)).status_code == 403
    db.session.refresh(target)
    assert target.role in ("member", "observer")


def test_bad_role_value_is_refused(make, as_user):
    cast = make.workspace()
    member = _m(cast, "mentor_member")
    response = _set_role(as_user(cast.mentor_lead), cast, member, "admin")
    assert response.status_code == 422
    db.session.refresh(member)
    assert member.role == "member"


def test_membership_of_another_workspace_is_404(make, as_user):
    cast = make.workspace()
    other = make.workspace()
    foreign = _m(other, "mentor_member")
    browser = as_user(cast.mentor_lead)
    assert browser.post(f"/w/{cast.workspace.id}/people/members/{foreign.id}/remove").status_code == 404
    assert browser.post(f"/w/{cast.workspace.id}/people/members/{foreign.id}/role",
                        data={f"m{foreign.id}-role": "lead"}).status_code == 404
    assert _m(other, "mentor_member") is not None


def test_removal_bites_on_the_next_request_and_old_forms_replayed_change_nothing(make, as_user):
    cast = make.workspace()
    member_browser = as_user(cast.mentor_member)
    people_url = f"/w/{cast.workspace.id}/people/"
    assert member_browser.get(people_url).status_code == 200
    membership = _m(cast, "mentor_member")
    assert as_user(cast.mentor_lead).post(_remove_url(cast, membership)).status_code == 302
    assert _m(cast, "mentor_member") is None
    assert db.session.scalar(select(Activity).where(Activity.verb == "member.removed")).object_id == cast.mentor_member.id
    # Same session, next request: the workspace no longer exists for them.
    assert member_browser.get(people_url).status_code == 404
    assert member_browser.get(f"/w/{cast.workspace.id}/").status_code == 404
    before = db.session.scalar(select(db.func.count()).select_from(Activity))
    replay = member_browser.post(f"/w/{cast.workspace.id}/people/invite", data={"email": "x@example.org", "role": "member"})
    assert replay.status_code == 404
    assert member_browser.post(_role_url(cast, _m(cast, "observer")), data={"role": "lead"}).status_code == 404
    assert _m(cast, "observer").role == "observer"
    # Only the access denials were written.
    verbs = db.session.scalars(select(Activity.verb).where(Activity.id > 0).order_by(Activity.id.desc()).limit(2)).all()
    assert set(verbs) == {"access.denied"}
    assert db.session.scalar(select(db.func.count()).select_from(Activity)) == before + 2


def test_a_downgrade_bites_on_the_next_request(make, as_user):
    cast = make.workspace()
    second = make.user(org=cast.mentor_org)
    make.member(cast.workspace, second, "lead", cast.mentor_org)
    second_browser = as_user(second)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == second.id))
    invite_url = f"/w/{cast.workspace.id}/people/invite"
    assert _set_role(as_user(cast.mentor_lead), cast, membership, "observer").status_code == 302
    response = second_browser.post(invite_url, data={"email": "late@example.org", "role": "member"})
    assert response.status_code == 403
    assert second_browser.get(f"/w/{cast.workspace.id}/people/").status_code == 200


def test_org_admin_who_is_no_member_reads_but_cannot_change(make, as_user):
    cast = make.workspace()
    admin = make.user(org=cast.mentor_org, org_role="admin")
    browser = as_user(admin)
    page = browser.get(f"/w/{cast.workspace.id}/people/?lang=en")
    assert page.status_code == 200 and "Change role" not in page.get_data(as_text=True)
    assert browser.post(_remove_url(cast, _m(cast, "mentor_member"))).status_code == 403
    assert browser.post(f"/w/{cast.workspace.id}/people/invite", data={"email": "a@example.org",
                                                                       "role": "member"}).status_code == 403


def test_posted_hostile_fields_change_nothing(make, as_user):
    """An invite form with workspace_id / organisation / author fields added by hand: only the lead's own
    workspace and organisation are used."""
    cast = make.workspace()
    other = make.workspace()
    response = as_user(cast.mentor_lead).post(f"/w/{cast.workspace.id}/people/invite", data={
        "email": "h@example.org", "role": "member", "workspace_id": other.workspace.id,
        "organisation_id": other.mentor_org.id, "author_id": other.mentor_lead.id, "created_by_id": other.mentor_lead.id,
        "stage": "closed", "for_partner_lead": "y",
    })
    assert response.status_code == 302
    from workspace.invitations.models import Invitation

    (invite,) = db.session.scalars(select(Invitation)).all()
    assert invite.workspace_id == cast.workspace.id and invite.organisation_id == cast.mentor_org.id
    assert invite.created_by_id == cast.mentor_lead.id and not invite.for_partner_lead
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "explore"
