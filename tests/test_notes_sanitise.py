"""Markdown is rendered through an allow-list: XSS and htmx payloads stay inert, in the page and in fragments."""

import pytest
from sqlalchemy import select

from tests.factories_notes import XSS_CORPUS, assert_note_bodies_clean, assert_page_inert, note, ws_url
from workspace.extensions import db
from workspace.notes.models import Note
from workspace.notes.rendering import render_markdown


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_renderer_keeps_only_the_allow_list(payload):
    html = str(render_markdown(payload))
    assert_note_bodies_clean(f'<div class="note-body" data-hx-disable>{html}</div>')
    assert_page_inert(html)


def test_ordinary_markdown_still_works():
    html = str(render_markdown("# Kop\n\n*schuin* **vet** `code`\n\n- een\n- twee\n\n1. a\n\n> citaat\n\n"
                               "[site](https://example.org) <https://example.org/auto> [mail](mailto:a@example.org)"))
    for fragment in ("<h3>Kop</h3>", "<em>schuin</em>", "<strong>vet</strong>", "<code>code</code>", "<li>een</li>",
                     "<ol>", "<blockquote>", 'href="https://example.org"', 'href="mailto:a@example.org"',
                     'rel="noopener noreferrer nofollow"'):
        assert fragment in html, fragment


def test_relative_and_protocol_relative_links_lose_their_target():
    html = str(render_markdown("[a](/w/1/notes/2/delete) [b](//evil.example/x)"))
    assert "href" not in html


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_payload_in_title_and_body_is_inert_in_page_and_fragments(make, client, login_as, payload):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/notes/new"),
                           # the title is a single line (forms.BaseForm refuses line breaks there)
                           data={"title": payload[:120].replace("\n", " "), "body": payload, "stage": "explore"},
                           htmx=True)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    row = db.session.scalar(select(Note))
    assert row.body == payload.strip()  # stored as typed; made safe when shown
    pages = [
        client.get(ws_url(cast, "/notes/")),
        client.get(ws_url(cast, "/notes/"), headers={"HX-Request": "true"}),
        client.get(ws_url(cast, f"/notes/{row.id}")),
        client.get(ws_url(cast, f"/notes/{row.id}"), headers={"HX-Request": "true"}),
        client.get(ws_url(cast, f"/notes/{row.id}/edit")),
        client.get(ws_url(cast, f"/notes/{row.id}/delete")),
        client.get(ws_url(cast, "/notes/stage/explore")),
        client.get(ws_url(cast, "/groundwork/explore")),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert_page_inert(html)
    assert assert_note_bodies_clean(pages[0].get_data(as_text=True)) == 1
    assert assert_note_bodies_clean(pages[3].get_data(as_text=True)) == 1


def test_note_bodies_sit_inside_hx_disable(make, client, login_as):
    cast = make.workspace()
    note(cast, body="gewone tekst")
    login_as(cast.partner_member)
    html = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert '<div class="note-body" data-hx-disable><p>gewone tekst</p>' in html


def test_payload_in_the_conflict_view_is_inert(make, client, login_as):
    cast = make.workspace()
    row = note(cast, body="<script>alert(1)</script>")
    row.version = 2
    db.session.commit()
    login_as(cast.partner_lead)
    p = f"note-{row.id}-"
    payload = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) <div hx-get="/evil" hx-trigger="load">'
    response = client.post(ws_url(cast, f"/notes/{row.id}/edit"),
                           data={p + "title": '"><script>alert(2)</script>', p + "body": payload, p + "stage": "",
                                 p + "version": "1"}, htmx=True)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert_page_inert(html)
    assert assert_note_bodies_clean(html) == 2
