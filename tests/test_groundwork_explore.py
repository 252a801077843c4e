"""Explore (tips 1-2): the mentor project's capacity, choices and the named person for partner relations."""

import pytest
from sqlalchemy import select

from tests.factories_notes import ws_url
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.groundwork.models import ExploreProfile

GOOD = {
    "current_matches": "40", "match_capacity": "55", "management_ready": "yes", "mentors_ready": "partly",
    "domain": "Jeugdhulp", "target_group": "Jongeren op de wachtlijst", "domain_reason": "Omdat ze lang wachten.",
    "search_mode": "active", "search_reason": "Een vergeten groep.", "relations_person": "Sanne de Vries",
    "relations_person_kind": "paid", "match_coordinator": "Joris Bakker",
}


def _profile():
    db.session.expire_all()
    return db.session.scalar(select(ExploreProfile))


def test_mentor_member_fills_in_explore(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD))
    assert response.status_code == 302
    profile = _profile()
    assert (profile.current_matches, profile.match_capacity, profile.relations_person, profile.relations_person_kind) \
        == (40, 55, "Sanne de Vries", "paid")
    page = client.get(ws_url(cast, "/groundwork/explore")).get_data(as_text=True)
    assert "Ruimte voor nog 15 koppelingen" in page and 'value="Sanne de Vries"' in page
    assert db.session.scalar(select(Activity.verb).where(Activity.object_type == "ExploreProfile")) == "explore.updated"


def test_htmx_save_swaps_only_the_section(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD), htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="explore-profile"') and "<html" not in html
    assert response.headers["HX-Trigger"] == "workspace-changed"


def test_saving_twice_without_changes_writes_no_second_activity(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD))
    client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD))
    assert len(db.session.scalars(select(Activity).where(Activity.verb == "explore.updated")).all()) == 1


@pytest.mark.parametrize("who", ["partner_lead", "partner_member", "observer"])
def test_only_the_mentor_project_edits(make, client, login_as, who):
    cast = make.workspace()
    login_as(getattr(cast, who))
    assert client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD)).status_code == 403
    assert _profile() is None
    page = client.get(ws_url(cast, "/groundwork/explore")).get_data(as_text=True)
    assert "nog niet ingevuld" in page and 'name="relations_person"' not in page


def test_partner_reads_the_answers(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD))
    client.post("/logout")
    login_as(cast.partner_member)
    page = client.get(ws_url(cast, "/groundwork/explore")).get_data(as_text=True)
    assert "Sanne de Vries" in page and "Betaalde kracht" in page and "Deels" in page


@pytest.mark.parametrize("field, value", [
    ("current_matches", "-5"),
    ("match_capacity", "-5"),
    ("match_capacity", "10001"),
    ("current_matches", "veel"),
    ("current_matches", "99999999999999999999999"),
    ("management_ready", "misschien"),
    ("search_mode", "<script>"),
    ("relations_person_kind", "intern"),
    ("domain", "x" * 201),
    ("target_group", "x" * 201),
    ("domain_reason", "x" * 2001),
    ("search_reason", "x" * 2001),
    ("relations_person", "x" * 121),
    ("match_coordinator", "x" * 121),
    ("domain", "a\x07b"),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_gives_a_field_error_and_saves_nothing(make, client, login_as, field, value, htmx):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/explore"), data={**GOOD, field: value}, htmx=htmx)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html or ('aria-invalid="true"' in html and "field-error" in html)
    assert _profile() is None


def test_nothing_half_saved_on_a_second_bad_save(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD))
    response = client.post(ws_url(cast, "/groundwork/explore"),
                           data={**GOOD, "relations_person": "Iemand anders", "match_capacity": "-5"})
    assert response.status_code == 422
    assert _profile().relations_person == "Sanne de Vries" and _profile().match_capacity == 55


def test_a_named_person_needs_paid_or_volunteer(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/explore"), data={**GOOD, "relations_person_kind": ""})
    assert response.status_code == 422
    assert "betaald is of vrijwilliger" in response.get_data(as_text=True)


def test_same_person_as_match_coordinator_is_allowed_with_a_warning(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/explore"),
                           data={**GOOD, "relations_person": "Joris Bakker", "match_coordinator": "  joris   BAKKER "},
                           htmx=True)
    assert response.status_code == 200
    assert "ook de koppelcoördinator" in response.get_data(as_text=True)
    assert _profile().relations_person == "Joris Bakker"
    response = client.post(ws_url(cast, "/groundwork/explore"), data=dict(GOOD), htmx=True)
    assert "ook de koppelcoördinator" not in response.get_data(as_text=True)


def test_empty_form_is_fine(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    assert client.post(ws_url(cast, "/groundwork/explore"), data={}).status_code == 302
    profile = _profile()
    assert profile.current_matches is None and profile.relations_person == "" and profile.search_mode is None


def test_bsn_in_a_free_text_field_is_held_back(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/explore"), data={**GOOD, "domain_reason": "jongere 123456782"})
    assert response.status_code == 422 and 'name="confirm_not_bsn"' in response.get_data(as_text=True)
    assert _profile() is None
