"""Markup and script typed into any groundwork text field are shown as text: inert in the page and in fragments."""

import re

import pytest
from sqlalchemy import select

from tests.factories_notes import XSS_CORPUS, assert_page_inert, switch_user, ws_url
from workspace.extensions import db
from workspace.groundwork.models import NetworkContact

PAYLOADS = [p for p in XSS_CORPUS if len(p) <= 120]


def _fill_everything(client, cast, payload, htmx):
    """Post ``payload`` into every free-text field of every groundwork form; return the responses."""
    out = []

    def post(path, data):
        response = client.post(ws_url(cast, path), data=data, htmx=htmx)
        if response.status_code == 422 and "\n" in payload:
            # Single-line fields refuse line breaks (forms.BaseForm); the multi-line fields keep the payload.
            page = response.get_data(as_text=True)
            refused = {m.group(1) for tag in re.findall(r"<input[^>]*>", page) if 'aria-invalid="true"' in tag
                       for m in [re.search(r'name="([^"]+)"', tag)] if m}
            assert refused and "regel" in page, (path, page[:800])
            data = {k: v.replace("\n", " ") if k in refused else v for k, v in data.items()}
            response = client.post(ws_url(cast, path), data=data, htmx=htmx)
        assert response.status_code in (200, 302), (path, response.status_code, response.get_data(as_text=True)[:800])
        out.append(response)

    post("/groundwork/explore", {k: payload for k in ("domain", "target_group", "domain_reason", "search_reason",
                                                      "relations_person", "match_coordinator")}
         | {"relations_person_kind": "paid"})
    post("/groundwork/network/layers", {"layers-layer_climate": "y", "layers-reason": payload})
    post("/groundwork/network/contacts", {f"contact-{k}": payload for k in ("name", "organisation", "role", "outcome",
                                                                           "next_step")})
    post("/groundwork/values/core", {"values-text": payload})
    post("/groundwork/values/feasibility", {"feasibility-target_groups": payload, "feasibility-not_suitable": payload})
    for code in ("transparency", "abuse_prevention", "cooperation"):
        post(f"/groundwork/values/themes/{code}", {f"theme-{code}-version": "1", f"theme-{code}-view": payload,
                                                   f"theme-{code}-agreement": payload})
    post("/groundwork/values/case", {"case-version": "1", "case-title": payload, "case-description": payload})
    post("/groundwork/values/case/answer", {f"answer-{k}": payload for k in ("who_does_what", "what_is_shared",
                                                                             "escalation")})
    post("/groundwork/values/case/agreements", {"case-agreements-version": "1", "case-agreements-agreements": payload})
    return out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_text_field_is_inert(make, client, login_as, payload):
    cast = make.workspace()
    login_as(cast.mentor_member)
    fragments = _fill_everything(client, cast, payload, htmx=True)
    for fragment in fragments:
        assert_page_inert(fragment.get_data(as_text=True))
    switch_user(client, login_as, cast.partner_member)  # the other side reads it in read-only form
    for path in ("/groundwork/explore", "/groundwork/network", "/groundwork/values"):
        response = client.get(ws_url(cast, path))
        assert response.status_code == 200
        assert_page_inert(response.get_data(as_text=True))
    contact_id = db.session.scalar(select(NetworkContact.id))
    for action in ("edit", "delete"):
        response = client.get(ws_url(cast, f"/groundwork/network/contacts/{contact_id}/{action}"))
        assert response.status_code == 200
        assert_page_inert(response.get_data(as_text=True))


def test_plain_posts_work_too_and_the_text_is_escaped(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    _fill_everything(client, cast, "<b>vet?</b>", htmx=False)
    for path in ("/groundwork/explore", "/groundwork/network", "/groundwork/values"):
        html = client.get(ws_url(cast, path)).get_data(as_text=True)
        assert "&lt;b&gt;vet?&lt;/b&gt;" in html and "<b>vet?</b>" not in html
