"""The client-data guard through the note form: BSN-like numbers warn, other numbers pass."""

import pytest
from sqlalchemy import select

from tests.factories_notes import note, ws_url
from workspace.extensions import db
from workspace.notes.models import Note


@pytest.mark.parametrize("number", ["123456782", "1234.56.782"])
@pytest.mark.parametrize("field", ["title", "body"])
def test_bsn_like_numbers_warn_and_are_not_saved(make, client, login_as, number, field):
    cast = make.workspace()
    login_as(cast.mentor_member)
    data = {"title": "Overleg", "body": "Tekst", "stage": ""}
    data[field] = f"Jongere met nummer {number}"
    response = client.post(ws_url(cast, "/notes/new"), data=data, htmx=True)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "burgerservicenummer" in html and 'name="confirm_not_bsn"' in html
    assert db.session.scalar(select(Note)) is None
    # confirming it is no BSN saves it
    data["confirm_not_bsn"] = "y"
    assert client.post(ws_url(cast, "/notes/new"), data=data).status_code == 302
    assert number in getattr(db.session.scalar(select(Note)), field)


@pytest.mark.parametrize("number", ["123456789", "06-12345678"])
def test_other_numbers_do_not_warn(make, client, login_as, number):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/notes/new"), data={"title": "Bel", "body": f"Bel {number}", "stage": ""})
    assert response.status_code == 302
    assert number in db.session.scalar(select(Note)).body


def test_the_guard_also_applies_to_edits(make, client, login_as):
    cast = make.workspace()
    note_id = note(cast, body="schoon").id
    login_as(cast.partner_member)
    p = f"note-{note_id}-"
    response = client.post(ws_url(cast, f"/notes/{note_id}/edit"),
                           data={p + "title": "t", p + "body": "BSN 1234 56 782", p + "stage": "", p + "version": "1"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Note, note_id).body == "schoon"
