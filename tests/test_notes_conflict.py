"""Two people edit the same note: the second save never silently overwrites the first."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from tests.factories_notes import note, switch_user, ws_url
from workspace.core.refusal import Refused
from workspace.extensions import db
from workspace.notes import services
from workspace.notes.models import Note


def _saved(note_id):
    db.session.expire_all()
    return db.session.get(Note, note_id)


def _edit(client, cast, note_id, version, title, body, htmx=False, **extra):
    p = f"note-{note_id}-"
    data = {p + "title": title, p + "body": body, p + "stage": "", p + "version": str(version), **extra}
    return client.post(ws_url(cast, f"/notes/{note_id}/edit"), data=data, htmx=htmx)


def _conflict_setup(make, client, login_as):
    """The partner member opens the editor at version 1; the mentor lead saves version 2 meanwhile."""
    cast = make.workspace()
    note_id = note(cast, title="Afspraken", body="Versie een").id
    login_as(cast.mentor_lead)
    assert _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de mentor").status_code == 302
    switch_user(client, login_as, cast.partner_member)
    return cast, note_id


def test_stale_edit_shows_both_versions_and_changes_nothing(make, client, login_as):
    cast, note_id = _conflict_setup(make, client, login_as)
    response = _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de partner")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Tekst van de mentor" in html and "Tekst van de partner" in html
    assert "Houd de mijne" in html and "Neem hun versie" in html and "Samenvoegen" in html
    assert 'value="2"' in html  # the choices build on the version now saved
    saved = _saved(note_id)
    assert (saved.body, saved.version, saved.updated_by_id) == ("Tekst van de mentor", 2, cast.mentor_lead.id)


def test_stale_edit_with_htmx_swaps_the_conflict_into_the_note(make, client, login_as):
    cast, note_id = _conflict_setup(make, client, login_as)
    response = _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de partner", htmx=True)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<article id="note-{note_id}" class="note note-conflict">')
    assert "<html" not in html


def test_keep_mine_replaces_theirs_deliberately(make, client, login_as):
    cast, note_id = _conflict_setup(make, client, login_as)
    _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de partner")
    # "Keep mine" posts my text again, now based on the version I have seen
    assert _edit(client, cast, note_id, 2, "Afspraken", "Tekst van de partner").status_code == 302
    saved = _saved(note_id)
    assert (saved.body, saved.version, saved.updated_by_id) == ("Tekst van de partner", 3, cast.partner_member.id)


def test_take_theirs_leaves_their_version(make, client, login_as):
    cast, note_id = _conflict_setup(make, client, login_as)
    html = _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de partner").get_data(as_text=True)
    assert f'href="/w/{cast.workspace.id}/notes/{note_id}"' in html
    page = client.get(ws_url(cast, f"/notes/{note_id}")).get_data(as_text=True)
    assert "Tekst van de mentor" in page
    assert _saved(note_id).version == 2


def test_merge_by_editing(make, client, login_as):
    cast, note_id = _conflict_setup(make, client, login_as)
    _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de partner")
    merged = "Tekst van de mentor\n\nTekst van de partner"
    assert _edit(client, cast, note_id, 2, "Afspraken", merged, htmx=True).status_code == 200
    assert _saved(note_id).body == merged


def test_a_second_stale_save_is_caught_again(make, client, login_as):
    cast, note_id = _conflict_setup(make, client, login_as)
    _edit(client, cast, note_id, 1, "Afspraken", "Tekst van de partner")
    switch_user(client, login_as, cast.mentor_lead)
    assert _edit(client, cast, note_id, 2, "Afspraken", "Derde versie").status_code == 302
    switch_user(client, login_as, cast.partner_member)
    assert _edit(client, cast, note_id, 2, "Afspraken", "Tekst van de partner").status_code == 409
    assert _saved(note_id).body == "Derde versie"


def test_missing_or_forged_version_is_a_conflict_not_an_overwrite(make, client, login_as):
    cast = make.workspace()
    note_id = note(cast, body="Origineel").id
    login_as(cast.mentor_member)
    for version in ("", "abc", "99", "-1"):
        assert _edit(client, cast, note_id, version, "Titel", "Overschreven?").status_code == 409
    assert _saved(note_id).body == "Origineel"


def test_the_update_itself_only_lands_on_the_version_it_started_from(make, app):
    """Two saves that both passed the check in their request: the conditional UPDATE lets only one win."""
    cast = make.workspace()
    row = note(cast, body="v1")
    services.update_note(row, cast.mentor_lead, base_version=1, title="t", body="eerste", stage=None)
    db.session.commit()
    set_committed_value(row, "version", 1)  # the second request had read version 1 too, before the first saved
    with pytest.raises(Refused) as refused:
        services.update_note(row, cast.partner_lead, base_version=1, title="t", body="tweede", stage=None)
    assert (refused.value.status, refused.value.code) == (409, "conflict")
    db.session.rollback()
    assert _saved(row.id).body == "eerste"
    assert db.session.scalar(select(Note.version).where(Note.id == row.id)) == 2


def test_a_note_deleted_meanwhile_answers_404(make, client, login_as):
    cast = make.workspace()
    note_id = note(cast).id
    login_as(cast.mentor_lead)
    assert client.post(ws_url(cast, f"/notes/{note_id}/delete")).status_code == 302
    assert _edit(client, cast, note_id, 1, "Titel", "Tekst").status_code == 404
