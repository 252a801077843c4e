"""Joint notes: add, read, edit, pin, delete, with per-field errors and the right roles."""

import pytest
from sqlalchemy import select

from tests.factories_notes import note, ws_url
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.notes.models import Note


def _notes():
    db.session.expire_all()
    return db.session.scalars(select(Note).order_by(Note.id)).all()


def test_member_adds_a_joint_note_plain_post(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_member)
    response = client.post(ws_url(cast, "/notes/new"), data={"title": "Eerste overleg", "body": "- punt **een**",
                                                            "stage": "explore"})
    assert response.status_code == 302
    [saved] = _notes()
    assert (saved.title, saved.stage, saved.internal_org_id, saved.version) == ("Eerste overleg", "explore", None, 1)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert "Eerste overleg" in page and "<strong>een</strong>" in page
    row = db.session.scalar(select(Activity).where(Activity.verb == "note.created"))
    assert row.object_id == saved.id and row.visible_to_org_id is None and "punt" not in row.summary


def test_member_adds_a_note_with_htmx_gets_a_fresh_form_and_a_refresh_event(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, "/notes/new"), data={"title": "Via htmx", "body": "tekst", "stage": ""},
                           htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "workspace-changed"
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="note-new"') and "<html" not in html
    assert len(_notes()) == 1
    listing = client.get(ws_url(cast, "/notes/"), headers={"HX-Request": "true"}).get_data(as_text=True)
    assert listing.lstrip().startswith('<section id="notes-list"') and "Via htmx" in listing


@pytest.mark.parametrize("data, field", [
    ({"title": "", "body": "tekst"}, "title"),
    ({"title": "   ", "body": "tekst"}, "title"),
    ({"title": "x" * 121, "body": "tekst"}, "title"),
    ({"title": "Titel", "body": ""}, "body"),
    ({"title": "Titel", "body": "x" * 20001}, "body"),
    ({"title": "Titel", "body": "tekst", "stage": "nonsense"}, "stage"),
    ({"title": "Ti\x00tel", "body": "tekst"}, "title"),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_note_input_gives_a_field_error_and_saves_nothing(make, client, login_as, data, field, htmx):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post(ws_url(cast, "/notes/new"), data={"stage": "", **data}, htmx=htmx)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert ("<html" in html) is (not htmx)
    assert _notes() == []


def test_edit_saves_and_raises_the_version(make, client, login_as):
    cast = make.workspace()
    row = note(cast)
    login_as(cast.partner_lead)
    form = client.get(ws_url(cast, f"/notes/{row.id}/edit")).get_data(as_text=True)
    assert f'name="note-{row.id}-version"' in form and 'value="1"' in form
    response = client.post(ws_url(cast, f"/notes/{row.id}/edit"), data={
        f"note-{row.id}-title": "Nieuwe titel", f"note-{row.id}-body": "Nieuwe tekst", f"note-{row.id}-stage": "network",
        f"note-{row.id}-version": "1"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<article id="note-{row.id}"') and "Nieuwe tekst" in html
    [saved] = _notes()
    assert (saved.title, saved.body, saved.stage, saved.version, saved.updated_by_id) == (
        "Nieuwe titel", "Nieuwe tekst", "network", 2, cast.partner_lead.id)


def test_invalid_edit_keeps_the_old_text(make, client, login_as):
    cast = make.workspace()
    row = note(cast, body="origineel")
    login_as(cast.mentor_member)
    p = f"note-{row.id}-"
    response = client.post(ws_url(cast, f"/notes/{row.id}/edit"), data={
        p + "title": "x" * 500, p + "body": "nieuw", p + "stage": "", p + "version": "1"})
    assert response.status_code == 422
    assert f'id="{p}title-error"' in response.get_data(as_text=True)
    assert _notes()[0].body == "origineel" and _notes()[0].version == 1


def test_pin_and_unpin_do_not_change_the_version(make, client, login_as):
    cast = make.workspace()
    older = note(cast, title="Ouder")
    newer = note(cast, title="Nieuwer")
    login_as(cast.mentor_member)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert page.index("Nieuwer") < page.index("Ouder")
    response = client.post(ws_url(cast, f"/notes/{older.id}/pin"), data={"pinned": "1"}, htmx=True)
    assert response.status_code == 200 and "Vastgezet" in response.get_data(as_text=True)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert page.index("Ouder") < page.index("Nieuwer")
    assert client.post(ws_url(cast, f"/notes/{older.id}/pin"), data={"pinned": "0"}).status_code == 302
    saved = {n.title: n for n in _notes()}
    assert not saved["Ouder"].pinned and saved["Ouder"].version == 1 and newer.id
    verbs = db.session.scalars(select(Activity.verb).where(Activity.object_type == "Note")).all()
    assert verbs == ["note.pinned", "note.unpinned"]


def test_delete_asks_for_confirmation_without_javascript(make, client, login_as):
    cast = make.workspace()
    row = note(cast, title="Weg ermee")
    login_as(cast.mentor_member)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert "hx-confirm=" in page and f'href="/w/{cast.workspace.id}/notes/{row.id}/delete"' in page
    confirm = client.get(ws_url(cast, f"/notes/{row.id}/delete"))
    assert confirm.status_code == 200 and "Weg ermee" in confirm.get_data(as_text=True)
    assert len(_notes()) == 1  # looking at the question deletes nothing
    assert client.post(ws_url(cast, f"/notes/{row.id}/delete")).status_code == 302
    assert _notes() == []


def test_delete_with_htmx_removes_the_article(make, client, login_as):
    cast = make.workspace()
    note_id = note(cast).id
    login_as(cast.partner_member)
    response = client.post(ws_url(cast, f"/notes/{note_id}/delete"), htmx=True)
    assert response.status_code == 200 and response.get_data(as_text=True) == ""
    assert response.headers["HX-Trigger"] == "workspace-changed"
    assert _notes() == []
    assert client.get(ws_url(cast, f"/notes/{note_id}")).status_code == 404


@pytest.mark.parametrize("method, path", [
    ("post", "/notes/new"), ("get", "/notes/new"), ("get", "/notes/{id}/edit"), ("post", "/notes/{id}/edit"),
    ("post", "/notes/{id}/pin"), ("get", "/notes/{id}/delete"), ("post", "/notes/{id}/delete"),
])
def test_observers_read_but_do_not_write(make, client, login_as, method, path):
    cast = make.workspace()
    row = note(cast, title="Leesbaar")
    login_as(cast.observer)
    assert "Leesbaar" in client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert client.get(ws_url(cast, f"/notes/{row.id}")).status_code == 200
    response = getattr(client, method)(ws_url(cast, path.format(id=row.id)),
                                       **({"data": {"title": "x", "body": "y"}} if method == "post" else {}))
    assert response.status_code == 403
    assert _notes()[0].title == "Leesbaar"


def test_observer_page_offers_no_edit_buttons(make, client, login_as):
    cast = make.workspace()
    row = note(cast)
    login_as(cast.observer)
    page = client.get(ws_url(cast, "/notes/")).get_data(as_text=True)
    assert f"/notes/{row.id}/edit" not in page and "/notes/new" not in page


def test_strangers_get_404(make, client, login_as):
    cast = make.workspace()
    row = note(cast)
    other = make.workspace(title="Andere")
    login_as(other.mentor_lead)
    for path in ("/notes/", f"/notes/{row.id}", f"/notes/{row.id}/edit"):
        assert client.get(ws_url(cast, path)).status_code == 404
    # a note of another workspace is not found through one's own workspace either
    assert client.get(ws_url(other, f"/notes/{row.id}")).status_code == 404
    assert client.post(ws_url(other, f"/notes/{row.id}/delete")).status_code == 404
    assert len(_notes()) == 1


def test_filter_by_stage_and_search(make, client, login_as):
    cast = make.workspace()
    note(cast, title="Over de piramide", body="preventie", stage="network")
    note(cast, title="Over waarden", body="kernwaarden", stage="values_check")
    login_as(cast.mentor_member)
    page = client.get(ws_url(cast, "/notes/?stage=network")).get_data(as_text=True)
    assert "Over de piramide" in page and "Over waarden" not in page
    page = client.get(ws_url(cast, "/notes/?q=KERNWAARDEN")).get_data(as_text=True)
    assert "Over waarden" in page and "Over de piramide" not in page
    page = client.get(ws_url(cast, "/notes/?q=100%25")).get_data(as_text=True)
    assert "Over waarden" not in page and "Over de piramide" not in page


def test_stage_notes_fragment_lists_only_that_stage(make, client, login_as):
    cast = make.workspace()
    note(cast, title="Piramide", stage="network")
    note(cast, title="Los")
    login_as(cast.observer)
    html = client.get(ws_url(cast, "/notes/stage/network"), headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="stage-notes-network"' in html and "Piramide" in html and "Los" not in html
    assert client.get(ws_url(cast, "/notes/stage/nonsense")).status_code == 404


def test_notes_tab_is_in_the_workspace_header(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    page = client.get(ws_url(cast, "/")).get_data(as_text=True)
    assert f'href="/w/{cast.workspace.id}/notes/"' in page
