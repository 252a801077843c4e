"""Dashboard filters, sorting and paging: in the URL, htmx swaps only the list, bad values never break the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests import factories_dashboard as fd
from workspace.dashboard.figures import local_today
from workspace.dashboard.filters import PAGE_SIZE
from workspace.dbtypes import utcnow
from workspace.orgs.models import OrgKind
from workspace.tenancy.models import Role


def shown(page: str) -> list[str]:
    return re.findall(r'<h3 class="dash-title"><a href="[^"]+">([^<]+)</a>', page)


@pytest.fixture
def lead_world(make):
    now, today = utcnow(), local_today()
    mentor = make.org("Samen Verder", kind=OrgKind.MENTOR_PROJECT)
    wijkteam = make.org("Wijkteam Oost", kind=OrgKind.WIJKTEAM)
    school = make.org("Het Lyceum", kind=OrgKind.SCHOOL)
    lead = make.user(org=mentor)
    colleague = make.user(org=mentor)
    alpha = fd.workspace_between(mentor, wijkteam, "Alpha", stage="network", entered=now - timedelta(days=3),
                                 people=[(lead, Role.LEAD, mentor), (colleague, Role.MEMBER, mentor)])
    fd.task(alpha, "Te laat", due=today - timedelta(days=2))
    beta = fd.workspace_between(mentor, school, "Beta", stage="decide", entered=now - timedelta(days=1),
                                people=[(lead, Role.MEMBER, mentor)])
    gamma = fd.workspace_between(mentor, school, "Gamma", stage="pilot", entered=now - timedelta(days=1),
                                 people=[(lead, Role.OBSERVER, mentor)])
    foreign = make.workspace(title="Foreign")
    return dict(lead=lead, colleague=colleague, alpha=alpha, beta=beta, gamma=gamma, wijkteam=wijkteam,
                school=school, foreign=foreign)


@pytest.fixture
def as_lead(client, login_as, lead_world):
    login_as(lead_world["lead"])
    client.get("/dashboard/?lang=en")
    return client


def test_no_filter_shows_everything(as_lead):
    assert sorted(shown(as_lead.get("/dashboard/").get_data(as_text=True))) == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize("query, expected", [
    ("stage=decide", ["Beta"]),
    ("stage=open", ["Alpha", "Beta", "Gamma"]),
    ("stage=closed", []),
    ("overdue=1", ["Alpha"]),
    ("mine=1", ["Alpha"]),  # lead of Alpha, which is stalled by its overdue task
    ("stage=pilot&overdue=1", []),
])
def test_filters(as_lead, query, expected):
    page = as_lead.get(f"/dashboard/?{query}").get_data(as_text=True)
    assert sorted(shown(page)) == expected
    if not expected:
        assert "No workspace matches these filters" in page and "Clear filters" in page


def test_partner_filter(as_lead, lead_world):
    page = as_lead.get(f"/dashboard/?partner={lead_world['school'].id}").get_data(as_text=True)
    assert sorted(shown(page)) == ["Beta", "Gamma"]
    # the options are the partners of the visible workspaces only
    assert "Wijkteam Oost" in page and lead_world["foreign"].partner_org.name not in page


def test_filters_are_kept_in_the_form(as_lead, lead_world):
    page = as_lead.get(f"/dashboard/?stage=decide&partner={lead_world['school'].id}&overdue=1&sort=title") \
        .get_data(as_text=True)
    assert '<option value="decide" selected>' in page
    assert f'<option value="{lead_world["school"].id}" selected>' in page
    assert re.search(r'name="overdue" value="1" checked', page)
    assert '<option value="title" selected>' in page


@pytest.mark.parametrize("query, message", [
    ("stage=nonsense", "There is no stage called “nonsense”"),
    ("stage=<script>", "There is no stage called “&lt;script&gt;”"),
    ("partner=abc", "The partner filter was not understood"),
    ("page=-1", "Page “-1” does not exist"),
    ("page=0", "Page “0” does not exist"),
    ("page=abc", "Page “abc” does not exist"),
    ("page=99999999999999999999", "does not exist"),
    ("sort=sideways", "This sort order is not known"),
    ("mine=maybe", "only takes yes or no"),
])
def test_bad_values_are_named_and_ignored(as_lead, query, message):
    response = as_lead.get(f"/dashboard/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert sorted(shown(page)) == ["Alpha", "Beta", "Gamma"]  # as if the bad value was not there


def test_a_partner_of_another_tenant_is_not_revealed(as_lead, lead_world):
    """Filtering on an organisation the person has no workspace with says the same as a missing id."""
    foreign_partner = lead_world["foreign"].partner_org.id
    a = as_lead.get(f"/dashboard/?partner={foreign_partner}").get_data(as_text=True)
    b = as_lead.get("/dashboard/?partner=987654").get_data(as_text=True)
    message = "That partner organisation is not among your workspaces"
    assert message in a and message in b
    assert "Foreign" not in a
    assert sorted(shown(a)) == ["Alpha", "Beta", "Gamma"]


def test_sorting(as_lead):
    assert shown(as_lead.get("/dashboard/?sort=title").get_data(as_text=True)) == ["Alpha", "Beta", "Gamma"]
    assert shown(as_lead.get("/dashboard/?sort=stage").get_data(as_text=True)) == ["Alpha", "Beta", "Gamma"]
    assert shown(as_lead.get("/dashboard/?sort=days").get_data(as_text=True))[0] == "Alpha"


def test_htmx_gets_only_the_list(as_lead):
    response = as_lead.get("/dashboard/?stage=decide", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page
    assert page.strip().startswith('<section id="dashboard-list"')
    assert shown(page) == ["Beta"]
    assert "HX-Request" in response.headers.get("Vary", "")


def test_boosted_and_history_restore_requests_get_the_whole_page(as_lead):
    for headers in ({"HX-Request": "true", "HX-Boosted": "true"},
                    {"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        page = as_lead.get("/dashboard/?stage=decide", headers=headers).get_data(as_text=True)
        assert "<html" in page and 'id="dashboard-list"' in page


def test_the_filter_form_works_without_and_with_javascript(as_lead):
    page = as_lead.get("/dashboard/").get_data(as_text=True)
    form = page.split('class="dash-filters"', 1)[0].rsplit("<form", 1)[1] + page.split('class="dash-filters"', 1)[1]
    form = form.split("</form>", 1)[0]
    assert 'method="get"' in form and 'action="/dashboard/"' in form  # plain submit without JS
    assert 'hx-get="/dashboard/"' in form and 'hx-target="#dashboard-list"' in form
    assert 'hx-push-url="true"' in form  # the URL keeps the filters: bookmarkable
    assert 'type="submit"' in form


def test_paging(client, make, login_as):
    mentor = make.org(kind=OrgKind.MENTOR_PROJECT)
    lead = make.user(org=mentor)
    fd.bulk_workspaces(lead, mentor, PAGE_SIZE + 5, history=False, activity_each=0)
    login_as(lead)
    client.get("/dashboard/?lang=en")
    first = client.get("/dashboard/?sort=title").get_data(as_text=True)
    assert len(shown(first)) == PAGE_SIZE and "Page 1 of 2" in first
    assert "page=2" in first and 'rel="next"' in first
    second = client.get("/dashboard/?sort=title&page=2").get_data(as_text=True)
    assert len(shown(second)) == 5 and "Page 2 of 2" in second and 'rel="prev"' in second
    assert shown(second)[0] == f"Werkruimte {PAGE_SIZE:04d}"
    beyond = client.get("/dashboard/?sort=title&page=40")
    assert beyond.status_code == 200 and "Page 2 of 2" in beyond.get_data(as_text=True)
    paged = client.get("/dashboard/?sort=title&page=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in paged and len(shown(paged)) == 5
