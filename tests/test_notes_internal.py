"""Internal notes: the other organisation never sees them — not in lists, counts, search, feed, exports or by id."""

import pytest
from sqlalchemy import func, select

from tests.factories_notes import note, switch_user, ws_url
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.notes import services
from workspace.notes.models import Note
from workspace.orgs.models import OrgRole
from workspace.tenancy.access import (
    internal_org_of,
    internal_visible,
    internal_visible_to_user,
    resolve_access,
)
from workspace.tenancy.models import Role

SECRET = "Geheim-intern-7Q"


@pytest.fixture
def cast(make):
    cast = make.workspace()
    note(cast, title="Gezamenlijk overleg", body="voor iedereen", stage="explore")
    cast.internal = note(cast, title=f"{SECRET} titel", body=f"{SECRET} tekst", stage="explore",
                         internal_org=cast.mentor_org, author=cast.mentor_member)
    return cast


def test_own_organisation_sees_its_internal_note(cast, client, login_as):
    login_as(cast.mentor_lead)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert SECRET in page and "Intern: alleen" in page
    assert client.get(ws_url(cast, f"/notes/{cast.internal.id}")).status_code == 200


@pytest.mark.parametrize("who", ["partner_lead", "partner_member", "observer"])
def test_others_never_see_it_in_lists_counts_search_or_stage_pages(cast, client, login_as, who):
    login_as(getattr(cast, who))
    for path in ("/notes/", "/notes/?q=Geheim", "/notes/?stage=explore", "/notes/?kind=internal",
                 "/notes/stage/explore", "/groundwork/explore", "/"):
        html = client.get(ws_url(cast, path)).get_data(as_text=True)
        assert SECRET not in html, path
    listing = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert "(1)" in listing and "1 notitie" in listing  # the count leaves it out too
    stage_list = client.get(ws_url(cast, "/notes/stage/explore")).get_data(as_text=True)
    assert "(1)" in stage_list


@pytest.mark.parametrize("who", ["partner_lead", "partner_member", "observer"])
@pytest.mark.parametrize("method, path", [
    ("get", "/notes/{id}"), ("get", "/notes/{id}/edit"), ("post", "/notes/{id}/edit"),
    ("post", "/notes/{id}/pin"), ("get", "/notes/{id}/delete"), ("post", "/notes/{id}/delete"),
])
def test_others_get_404_by_id(cast, client, login_as, who, method, path):
    login_as(getattr(cast, who))
    url = ws_url(cast, path.format(id=cast.internal.id))
    response = client.get(url) if method == "get" else client.post(url, data={"pinned": "1"})
    assert response.status_code == 404
    assert SECRET not in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Note, cast.internal.id)
    assert saved is not None and not saved.pinned


def test_the_feed_rows_are_private_to_the_owning_organisation(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/notes/new"), data={"title": f"{SECRET} nieuw", "body": "x", "stage": "",
                                                            "internal": "y"})
    assert response.status_code == 302
    internal = db.session.scalar(select(Note))
    assert internal.internal_org_id == cast.mentor_org.id
    row = db.session.scalar(select(Activity).where(Activity.verb == "note.created"))
    assert row.visible_to_org_id == cast.mentor_org.id
    switch_user(client, login_as, cast.partner_lead)
    feed = client.get(ws_url(cast, "/activity/"))
    if feed.status_code == 200:  # the feed belongs to the activity area; check it when it is there
        assert SECRET not in feed.get_data(as_text=True)


def test_visible_notes_query_is_the_one_rule_for_exports(cast, app):
    workspace = cast.workspace
    mentor = resolve_access(workspace, cast.mentor_member)
    partner = resolve_access(workspace, cast.partner_member)
    observer = resolve_access(workspace, cast.observer)

    def titles(access):
        return sorted(n.title for n in db.session.scalars(services.visible_notes_query(workspace, access)))

    assert titles(mentor) == sorted(["Gezamenlijk overleg", f"{SECRET} titel"])
    assert titles(partner) == titles(observer) == ["Gezamenlijk overleg"]
    assert titles(None) == ["Gezamenlijk overleg"]
    count = db.session.scalar(select(func.count()).select_from(
        services.visible_notes_query(workspace, partner).subquery()))
    assert count == services.count_notes(workspace, partner) == 1


def test_the_partner_has_its_own_internal_notes(cast, client, login_as):
    login_as(cast.partner_member)
    client.post(ws_url(cast, "/notes/new"), data={"title": "Partner intern", "body": "x", "stage": "", "internal": "y"})
    switch_user(client, login_as, cast.mentor_lead)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert "Partner intern" not in page and SECRET in page


def test_observers_cannot_write_internal_notes(cast, client, login_as):
    login_as(cast.observer)
    response = client.post(ws_url(cast, "/notes/new"), data={"title": "x", "body": "y", "internal": "y"})
    assert response.status_code == 403


def test_the_internal_checkbox_is_offered_only_to_the_two_organisations(cast, client, login_as):
    login_as(cast.partner_member)
    assert 'name="internal"' in client.get(ws_url(cast, "/notes/new")).get_data(as_text=True)


def test_a_note_of_another_workspace_is_404_even_for_the_same_organisation(make, cast, client, login_as):
    other = make.workspace(title="Tweede werkruimte")
    login_as(other.mentor_lead)
    assert client.get(ws_url(other, f"/notes/{cast.internal.id}")).status_code == 404


@pytest.mark.parametrize("who, sees", [("mentor_member", True), ("partner_lead", False), ("observer", False)])
def test_the_json_export_holds_only_what_the_exporter_may_read(cast, client, login_as, who, sees):
    login_as(getattr(cast, who))
    response = client.post(ws_url(cast, "/export/json"))
    if response.status_code == 404:
        pytest.skip("the export area is not wired in")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Gezamenlijk overleg" in body
    assert (SECRET in body) is sees


def _insider_observer(make, cast):
    """Someone of the mentor project who takes part as an observer (acting for the writing organisation)."""
    person = make.user(org=cast.mentor_org)
    make.member(cast.workspace, person, Role.OBSERVER, cast.mentor_org)
    return person


def test_an_observer_of_the_writing_organisation_does_not_see_it_in_the_feed(make, client, login_as):
    """The feed used to compare the caller's organisation only, so an observer acting for the writing
    organisation read the internal note's title there. Observers read no internal rows, wherever they come from."""
    cast = make.workspace()
    insider = _insider_observer(make, cast)
    login_as(cast.mentor_member)
    assert client.post(ws_url(cast, "/notes/new"), data={"title": f"{SECRET} nieuw", "body": "x", "stage": "",
                                                         "internal": "y"}).status_code == 302
    assert SECRET in client.get(ws_url(cast, "/activity/")).get_data(as_text=True)  # the writer's side reads it
    switch_user(client, login_as, insider)
    for path in ("/activity/", "/notes/", "/notes/?q=Geheim"):
        response = client.get(ws_url(cast, path))
        assert response.status_code == 200 and SECRET not in response.get_data(as_text=True), path
    export = client.post(ws_url(cast, "/export/json"))
    assert export.status_code == 200 and SECRET not in export.get_data(as_text=True)


def test_one_rule_for_one_workspace_and_for_the_dashboard(make, cast):
    """``internal_visible`` (one workspace, a known caller) and ``internal_visible_to_user`` (the dashboard's
    and the digest's statement over many workspaces) let every kind of person read the same rows."""
    workspace = cast.workspace
    rows = [Activity(workspace_id=workspace.id, verb="note.created", visible_to_org_id=org_id)
            for org_id in (cast.mentor_org.id, cast.partner_org.id, None)]
    db.session.add_all(rows)
    db.session.commit()
    ours = Activity.id.in_([row.id for row in rows])
    admin_viewer = make.user(org=cast.mentor_org, org_role=OrgRole.ADMIN)
    people = [cast.mentor_lead, cast.mentor_member, cast.partner_lead, cast.partner_member, cast.observer,
              _insider_observer(make, cast), admin_viewer]
    for person in people:
        access = resolve_access(workspace, person)
        one = set(db.session.scalars(select(Activity.id).where(
            ours, internal_visible(Activity.visible_to_org_id, workspace, access))))
        many = set(db.session.scalars(select(Activity.id).where(
            ours, internal_visible_to_user(Activity.visible_to_org_id, Activity.workspace_id, person.id))))
        assert one == many, person.name
        assert len(one) == (1 if internal_org_of(workspace, access) is None else 2), person.name  # shared (+ own)
    insider_access = resolve_access(workspace, people[5])
    assert internal_org_of(workspace, insider_access) is None
    assert internal_org_of(workspace, resolve_access(workspace, admin_viewer)) == cast.mentor_org.id
