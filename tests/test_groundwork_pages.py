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
