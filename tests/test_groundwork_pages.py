"""The groundwork pages open for everyone in the workspace and offer forms only to those who may edit."""

import pytest

from tests.factories_notes import ws_url

PAGES = ["/groundwork/explore", "/groundwork/network", "/groundwork/values"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["mentor_lead", "mentor_member", "partner_lead", "partner_member", "observer"])
def test_pages_open_for_everyone_in_the_workspace(make, client, login_as, path, who):
    cast = make.workspace()
    login_as(getattr(cast, who))
    response = client.get(ws_url(cast, path))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="why"' in html and 'id="stage-notes-' in html


@pytest.mark.parametrize("path", PAGES)
def test_strangers_get_404(make, client, login_as, path):
    cast = make.workspace()
    other = make.workspace(title="Elders")
    login_as(other.partner_lead)
    assert client.get(ws_url(cast, path)).status_code == 404


def test_observer_sees_no_forms(make, client, login_as):
    cast = make.workspace()
    login_as(cast.observer)
    for path in PAGES:
        assert 'method="post"' not in client.get(ws_url(cast, path)).get_data(as_text=True).split("</header>", 2)[-1] \
            .replace('action="/logout"', "")


def test_groundwork_tab_in_the_header(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_member)
    assert f'href="/w/{cast.workspace.id}/groundwork/explore"' in client.get(ws_url(cast, "/")).get_data(as_text=True)


@pytest.mark.parametrize("stage, path", [("explore", "/groundwork/explore"), ("network", "/groundwork/network"),
                                         ("values_check", "/groundwork/values")])
def test_the_workspace_page_links_the_current_stages_content(make, client, login_as, stage, path):
    cast = make.workspace(stage=stage)
    login_as(cast.partner_member)
    page = client.get(ws_url(cast, "/")).get_data(as_text=True)
    assert f'href="/w/{cast.workspace.id}{path}" role="button"' in page


def test_an_org_admin_outside_the_workspace_reads_but_does_not_edit(make, client, login_as):
    from workspace.orgs.models import OrgRole

    cast = make.workspace()
    admin = make.user(org=cast.mentor_org, org_role=OrgRole.ADMIN)
    login_as(admin)
    for path in PAGES:
        assert client.get(ws_url(cast, path)).status_code == 200
    assert client.post(ws_url(cast, "/groundwork/explore"), data={"relations_person": "x"}).status_code == 403
    assert client.post(ws_url(cast, "/groundwork/values/core"), data={"values-text": "x"}).status_code == 403
    assert client.post(ws_url(cast, "/groundwork/network/layers"), data={"layers-reason": "x"}).status_code == 403
    assert client.post(ws_url(cast, "/notes/new"), data={"title": "x", "body": "y"}).status_code == 403
