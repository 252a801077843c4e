"""Hostile input answers 400 or 422 and changes nothing, on SQLite and PostgreSQL (workspace/core/input_guard.py).

Before this guard: a NUL byte in the notes search was a 500 on PostgreSQL (the driver refuses the statement),
and a huge hidden ``version`` in a values-theme form a 500 on both databases (an overflow in the driver).
"""

from __future__ import annotations

import pytest
from flask import request
from sqlalchemy import func, select

from tests.factories_notes import note, ws_url
from workspace import create_app
from workspace.extensions import db
from workspace.groundwork.content import THEME_CODES
from workspace.groundwork.models import SensitiveTheme
from workspace.notes.models import Note


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _get_urls(app, cast) -> list[str]:
    """One URL for every GET route, with the workspace's id for every integer and a word for every string."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {}
        for name in rule.arguments:
            converter = type(rule._converters[name]).__name__
            values[name] = cast.workspace.id if converter == "IntegerConverter" else "x"
        urls.append(rule.build(values, append_unknown=False)[1])
    return sorted(set(urls))


@pytest.mark.parametrize("query", ["q=a%00b", "q=%01", "%00=1", "page=%7f", "lang=nl%0a"])
def test_a_control_character_in_any_query_parameter_is_a_400_on_every_page(app, client, make, login_as, query):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    for url in _get_urls(app, cast):
        response = client.get(f"{url}?lang=en&{query}")
        assert response.status_code == 400, url
        assert "invisible control characters" in response.get_data(as_text=True), url


def test_a_control_character_in_the_path_is_a_400(client, make, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    for path in ("/invite/abc%00def", ws_url(cast, "/notes/stage/explore%00"), "/static/app%01.css"):
        assert client.get(path).status_code == 400, path


def test_nul_in_the_notes_search_is_a_400_not_a_500(client, make, login_as):
    """The defect of issue #16 on PostgreSQL: a 500 before, a 400 now (on SQLite it was a 200)."""
    cast = make.workspace()
    note(cast, title="Afspraken")
    login_as(cast.mentor_member)
    response = client.get(ws_url(cast, "/notes/?q=Afspr%00aken"), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert client.get(ws_url(cast, "/notes/?q=Afspr")).status_code == 200


@pytest.mark.parametrize("version", ["99999999999999999999", "9223372036854775808", "2147483647", "-2147483649",
                                     "1" * 5000])
def test_a_huge_version_in_a_values_theme_form_is_a_422(client, make, login_as, version):
    """A 500 before on both databases (OverflowError in SQLite, integer out of range in PostgreSQL)."""
    cast = make.workspace()
    login_as(cast.mentor_lead)
    code = THEME_CODES[0]
    response = client.post(ws_url(cast, f"/groundwork/values/themes/{code}?lang=en"), htmx=True,
                           data={f"theme-{code}-version": version, f"theme-{code}-view": "Onze kijk"})
    assert response.status_code == 422
    assert "out of range" in response.get_data(as_text=True)
    assert _count(SensitiveTheme) == 0


def test_a_stale_but_possible_version_is_still_a_conflict(client, make, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    code = THEME_CODES[0]
    response = client.post(ws_url(cast, f"/groundwork/values/themes/{code}"),
                           data={f"theme-{code}-version": "2147483646", f"theme-{code}-view": "Onze kijk"})
    assert response.status_code == 409


def test_huge_numbers_in_the_notes_edit_and_a_trigger_form_are_refused(client, make, login_as):
    cast = make.workspace()
    row = note(cast, title="Oud")
    login_as(cast.mentor_lead)
    response = client.post(ws_url(cast, f"/notes/{row.id}/edit"), data={
        f"note-{row.id}-title": "Nieuw", f"note-{row.id}-body": "tekst", f"note-{row.id}-stage": "",
        f"note-{row.id}-version": "9" * 40})
    assert response.status_code in (409, 422)
    db.session.refresh(row)
    assert row.title == "Oud"
    response = client.post(ws_url(cast, "/workflow/fire/advance"),
                           data={"expected_stage": "explore", "expected_round": "9" * 30, "confirmed": "1"})
    assert response.status_code in (409, 422)
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "explore"


def test_control_characters_in_a_form_field_get_the_message_next_to_the_field(client, make, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    for bad in ("Ti\x00tel", "Ti\x0btel", "Ti\x7ftel"):
        response = client.post(ws_url(cast, "/notes/new?lang=en"), data={"title": bad, "body": "tekst", "stage": ""})
        assert response.status_code == 422, repr(bad)
        html = response.get_data(as_text=True)
        assert 'id="title-error"' in html and "control characters" in html
    assert _count(Note) == 0


def test_text_areas_keep_their_line_breaks_and_tabs(client, make, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post(ws_url(cast, "/notes/new"), data={"title": "Regels", "body": "een\r\ntwee\tdrie",
                                                             "stage": ""})
    assert response.status_code == 302
    body = db.session.scalar(select(Note.body))
    assert "een" in body and "\n" in body and "twee\tdrie" in body


def test_a_view_that_reads_the_form_by_hand_cannot_store_a_control_character(app):
    """The last layer: a string parameter with a control character never reaches the database, whatever the
    view did with it. A second app (same database) with a careless view shows it: 422, nothing stored."""
    careless = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SERVER_NAME": "localhost",
                           "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @careless.post("/careless")
    def careless_view():
        from workspace.orgs.models import Organisation

        db.session.add(Organisation(name=request.form["name"], kind="other", place="Rivierstad"))
        db.session.commit()
        return "stored"

    from workspace.orgs.models import Organisation

    with careless.app_context():
        before = _count(Organisation)
        for name in ("Stichting\x00", "Stichting\x1b[31m"):
            response = careless.test_client().post("/careless?lang=en", data={"name": name})
            assert response.status_code == 422, name
            assert "invisible control characters" in response.get_data(as_text=True)
        assert careless.test_client().post("/careless", data={"name": "Stichting\tgewoon"}).status_code == 200
        assert _count(Organisation) == before + 1
        db.session.remove()
        db.engine.dispose()  # its own connection pool: closed here, not by the garbage collector
