"""The access choke point: members see a workspace, strangers get the same 404 as a missing id."""

import re

import pytest

from workspace.orgs.models import OrgKind, OrgRole


def test_anonymous_is_sent_to_login(client, make):
    cast = make.workspace()
    response = client.get(f"/w/{cast.workspace.id}/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("who", ["mentor_lead", "mentor_member", "partner_lead", "partner_member", "observer"])
def test_every_member_sees_the_workspace(client, make, login_as, who):
    cast = make.workspace(title="Samen met het wijkteam")
    login_as(getattr(cast, who))
    response = client.get(f"/w/{cast.workspace.id}/")
    assert response.status_code == 200
    assert "Samen met het wijkteam" in response.get_data(as_text=True)

CSRF_TOKEN = re.compile(r'[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}')


def test_stranger_gets_the_same_404_as_a_missing_id(client, make, login_as):
    cast = make.workspace(title="Geheime samenwerking")
    other = make.workspace(title="Andere werkruimte")
    login_as(other.mentor_lead)
    client.get("/dashboard/workspaces/")  # shows (and so clears) the welcome message
    foreign = client.get(f"/w/{cast.workspace.id}/")
    missing = client.get("/w/999999/")
    assert foreign.status_code == missing.status_code == 404
    # identical but for the page's own address (in the language switch) and the CSRF token, which carries the
    # second it was signed in (two requests can straddle a second)
    def normalised(response, path):
        return CSRF_TOKEN.sub("TOKEN", response.get_data(as_text=True).replace(path, "/w/X/"))

    assert normalised(foreign, f"/w/{cast.workspace.id}/") == normalised(missing, "/w/999999/")
    assert "Geheime samenwerking" not in foreign.get_data(as_text=True)


def test_org_admin_sees_their_organisations_workspaces_read_only(client, make, login_as):
    cast = make.workspace()
    admin = make.user(org=cast.partner_org, org_role=OrgRole.ADMIN)
    login_as(admin)
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    assert "administrator" in page or "beheerder" in page


def test_plain_org_member_without_membership_gets_404(client, make, login_as):
    cast = make.workspace()
    colleague = make.user(org=cast.partner_org, org_role=OrgRole.MEMBER)
    login_as(colleague)
    assert client.get(f"/w/{cast.workspace.id}/").status_code == 404


def test_my_workspaces_lists_exactly_what_the_user_can_see(client, make, login_as):
    mine = make.workspace(title="Mijn samenwerking")
    make.workspace(title="Die van een ander")
    login_as(mine.observer)
    page = client.get("/dashboard/workspaces/").get_data(as_text=True)
    assert "Mijn samenwerking" in page
    assert "Die van een ander" not in page


def test_a_mentor_project_member_creates_a_workspace_and_becomes_lead(client, make, login_as):
    from sqlalchemy import select

    from workspace.extensions import db
    from workspace.invitations.models import Invitation
    from workspace.tenancy.models import Membership, Workspace

    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    user = make.user(org=org)
    login_as(user)
    response = client.post("/dashboard/workspaces/new?lang=en", data={
        "title": "Mentoren voor de wachtlijst", "mentor_org": str(org.id), "partner": "new",
        "partner_lead_email": "Lead@Wijkteam.example",
    })
    assert response.status_code == 302
    workspace = db.session.scalar(select(Workspace).where(Workspace.title == "Mentoren voor de wachtlijst"))
    assert workspace.partner_org_id is None and workspace.stage == "explore"
    membership = db.session.scalar(select(Membership).where(Membership.workspace_id == workspace.id))
    assert membership.user_id == user.id and membership.role == "lead"
    invitation = db.session.scalar(select(Invitation).where(Invitation.workspace_id == workspace.id))
    assert invitation.email == "lead@wijkteam.example" and invitation.for_partner_lead
    # without SMTP the link is shown to the inviter
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/invitations/" in page


def test_a_new_partner_needs_an_email_for_its_lead(client, make, login_as):
    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    login_as(make.user(org=org))
    response = client.post("/dashboard/workspaces/new?lang=en", data={"title": "Zonder partner", "mentor_org": str(org.id),
                                                            "partner": "new", "partner_lead_email": ""})
    assert response.status_code == 422
    assert "e-mail address of their lead" in response.get_data(as_text=True)


def test_partner_lead_accepts_and_names_the_organisation(app, client, make, login_as):
    import re

    from sqlalchemy import select

    from workspace.extensions import db
    from workspace.orgs.models import Organisation
    from workspace.tenancy.models import Membership, Workspace

    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    login_as(make.user(org=org))
    client.post("/dashboard/workspaces/new", data={"title": "Met het wijkteam", "mentor_org": str(org.id), "partner": "new",
                                         "partner_lead_email": "fatima@wijkteam.example"})
    page = client.get("/dashboard/workspaces/").get_data(as_text=True)
    link = re.search(r"/invitations/[A-Za-z0-9_-]+", page)
    if link is None:  # the flash was already shown on the redirect target; look it up there
        workspace = db.session.scalar(select(Workspace))
        page = client.get(f"/w/{workspace.id}/").get_data(as_text=True)
        link = re.search(r"/invitations/[A-Za-z0-9_-]+", page)
    assert link, "the invitation link is shown to the inviter"
    client.post("/logout")

    partner = make.user(email="fatima@wijkteam.example")
    login_as(partner)
    response = client.post(link.group(0), data={"choice": "new", "org_name": "Wijkteam Noord",
                                                 "org_kind": "wijkteam", "org_place": "Rivierstad"})
    assert response.status_code == 302
    workspace = db.session.scalar(select(Workspace).where(Workspace.title == "Met het wijkteam"))
    partner_org = db.session.scalar(select(Organisation).where(Organisation.name == "Wijkteam Noord"))
    assert workspace.partner_org_id == partner_org.id
    membership = db.session.scalar(select(Membership).where(Membership.user_id == partner.id))
    assert membership.role == "lead" and membership.organisation_id == partner_org.id
    # single use
    assert client.post(link.group(0), data={"choice": "new", "org_name": "Nog een"}).status_code == 410


def test_people_outside_a_mentor_project_cannot_start_a_workspace(client, make, login_as):
    org = make.org(kind=OrgKind.WIJKTEAM)
    login_as(make.user(org=org))
    response = client.get("/dashboard/workspaces/new")
    assert response.status_code == 302
