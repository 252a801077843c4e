"""Network (tips 3-4): the intervention pyramid and the contact log with its next steps."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories_notes import ws_url
from workspace.extensions import db
from workspace.groundwork.models import NetworkContact, NetworkPlan


def _contacts():
    db.session.expire_all()
    return db.session.scalars(select(NetworkContact).order_by(NetworkContact.id)).all()


def _contact_data(**fields):
    data = {"name": "Ilse Verbeek", "organisation": "Gemeente", "role": "Beleidsadviseur jeugd",
            "met_on": "2026-03-02", "outcome": "Positief", "next_step": "Cijfers opvragen", "owner": "",
            "due_on": "2026-03-20"}
    data.update(fields)
    return {f"contact-{key}": value for key, value in data.items()}


def test_the_pyramid_has_four_layers_with_local_players(make, client, login_as):
    cast = make.workspace()
    login_as(cast.observer)
    html = client.get(ws_url(cast, "/groundwork/network")).get_data(as_text=True)
    assert html.count('class="pyramid-layer') == 4
    for words in ("Preventie", "Problemen aanpakken", "Juridische en klinische interventies",
                  "Een positief klimaat om in op te groeien", "wijkteam", "sportclubs"):
        assert words in html
    assert "style=" not in html and "<img" not in html


def test_marking_layers(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_member)
    response = client.post(ws_url(cast, "/groundwork/network/layers"),
                           data={"layers-layer_prevention": "y", "layers-layer_problems": "y",
                                 "layers-reason": "Naast de jeugdhulp"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="network-layers"') and html.count("is-chosen") == 2
    plan = db.session.scalar(select(NetworkPlan))
    assert (plan.layer_prevention, plan.layer_problems, plan.layer_climate, plan.layer_interventions) == (
        True, True, False, False)


def test_layers_reason_too_long(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/network/layers"),
                           data={"layers-layer_prevention": "y", "layers-reason": "x" * 2001})
    assert response.status_code == 422 and 'id="layers-reason-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(NetworkPlan)) is None


def test_observer_cannot_change_the_network(make, client, login_as):
    cast = make.workspace()
    login_as(cast.observer)
    assert client.post(ws_url(cast, "/groundwork/network/layers"), data={"layers-layer_prevention": "y"}).status_code == 403
    assert client.post(ws_url(cast, "/groundwork/network/contacts"), data=_contact_data()).status_code == 403
    assert db.session.scalar(select(NetworkPlan)) is None and _contacts() == []


def test_logging_a_conversation_and_the_next_steps_due(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    today = date.today()
    for name, due in (("Later", today + timedelta(days=30)), ("Te laat", today - timedelta(days=2)),
                      ("Zonder datum", None)):
        response = client.post(ws_url(cast, "/groundwork/network/contacts"), data=_contact_data(
            name=name, met_on=(today - timedelta(days=10)).isoformat(), due_on=due.isoformat() if due else "",
            owner=str(cast.partner_lead.id)))
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    html = client.get(ws_url(cast, "/groundwork/network")).get_data(as_text=True)
    due_list = html.split('class="due-steps"')[1].split("</ul>")[0]
    assert due_list.index("Te laat") < due_list.index("Later") < due_list.index("Zonder datum")
    assert 'class="overdue"' in due_list and "te laat" in due_list
    assert cast.partner_lead.name in due_list
    # ticking a step off takes it off the list
    late = next(c for c in _contacts() if c.name == "Te laat")
    response = client.post(ws_url(cast, f"/groundwork/network/contacts/{late.id}/done"), data={"done": "1"}, htmx=True)
    assert response.status_code == 200
    due_list = response.get_data(as_text=True).split('class="due-steps"')[1].split("</ul>")[0]
    assert "Te laat" not in due_list


@pytest.mark.parametrize("fields, error_field", [
    ({"met_on": "2026-03-20", "due_on": "2026-03-02"}, "due_on"),
    ({"met_on": "2026-02-30"}, "met_on"),
    ({"due_on": "morgen"}, "due_on"),
    ({"met_on": "1850-01-01"}, "met_on"),
    ({"due_on": "9999-12-31", "met_on": ""}, "due_on"),
    ({"name": ""}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"organisation": "x" * 121}, "organisation"),
    ({"role": "x" * 121}, "role"),
    ({"outcome": "x" * 2001}, "outcome"),
    ({"next_step": "x" * 201}, "next_step"),
    ({"next_step": ""}, "next_step"),
    ({"owner": "999999"}, "owner"),
    ({"owner": "abc"}, "owner"),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_contact_input(make, client, login_as, fields, error_field, htmx):
    cast = make.workspace()
    login_as(cast.partner_member)
    response = client.post(ws_url(cast, "/groundwork/network/contacts"), data=_contact_data(**fields), htmx=htmx)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="contact-{error_field}-error"' in html
    assert ("<html" in html) is (not htmx)
    assert _contacts() == []


def test_owner_must_be_someone_in_this_workspace(make, client, login_as):
    cast = make.workspace()
    other = make.workspace(title="Elders")
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/groundwork/network/contacts"),
                           data=_contact_data(owner=str(other.mentor_lead.id)))
    assert response.status_code == 422 and _contacts() == []


def test_editing_a_contact(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    client.post(ws_url(cast, "/groundwork/network/contacts"), data=_contact_data())
    contact = _contacts()[0]
    form = client.get(ws_url(cast, f"/groundwork/network/contacts/{contact.id}/edit"), headers={"HX-Request": "true"})
    html = form.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="network-contacts"') and 'value="Ilse Verbeek"' in html
    response = client.post(ws_url(cast, f"/groundwork/network/contacts/{contact.id}/edit"),
                           data=_contact_data(outcome="Toch twijfel"), htmx=True)
    assert response.status_code == 200
    assert _contacts()[0].outcome == "Toch twijfel"
    bad = client.post(ws_url(cast, f"/groundwork/network/contacts/{contact.id}/edit"),
                      data=_contact_data(met_on="2026-05-01", due_on="2026-04-01"))
    assert bad.status_code == 422 and _contacts()[0].due_on == date(2026, 3, 20)


def test_deleting_a_contact_with_and_without_javascript(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_lead)
    client.post(ws_url(cast, "/groundwork/network/contacts"), data=_contact_data(name="Een"))
    client.post(ws_url(cast, "/groundwork/network/contacts"), data=_contact_data(name="Twee"))
    first, second = _contacts()
    page = client.get(ws_url(cast, "/groundwork/network")).get_data(as_text=True)
    assert "hx-confirm=" in page
    confirm = client.get(ws_url(cast, f"/groundwork/network/contacts/{first.id}/delete"))
    assert confirm.status_code == 200 and "Een" in confirm.get_data(as_text=True) and len(_contacts()) == 2
    assert client.post(ws_url(cast, f"/groundwork/network/contacts/{first.id}/delete")).status_code == 302
    response = client.post(ws_url(cast, f"/groundwork/network/contacts/{second.id}/delete"), htmx=True)
    assert response.status_code == 200 and _contacts() == []


def test_contacts_of_another_workspace_are_404(make, client, login_as):
    cast = make.workspace()
    other = make.workspace(title="Elders")
    login_as(other.mentor_lead)
    client.post(ws_url(other, "/groundwork/network/contacts"), data=_contact_data())
    contact = _contacts()[0]
    client.post("/logout")
    login_as(cast.mentor_lead)
    for method, path in (("get", "edit"), ("post", "edit"), ("post", "done"), ("get", "delete"), ("post", "delete")):
        url = ws_url(cast, f"/groundwork/network/contacts/{contact.id}/{path}")
        response = client.get(url) if method == "get" else client.post(url, data=_contact_data(name="Gekaapt"))
        assert response.status_code == 404, path
    assert _contacts()[0].name == "Ilse Verbeek"
