"""What every answer carries: security headers (errors included), Vary for htmx, no caching of pages;
history restore gets the whole page; ``?lang=`` is stored only from an HTML page; logout deletes the
remember cookie."""

from __future__ import annotations

from werkzeug.test import Client

from tests.factories_notes import note, ws_url
from workspace import create_app
from workspace.core.security import HTMX_VARY, SECURITY_HEADERS, HeaderGuard
from workspace.extensions import db


def _assert_security_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_every_kind_of_answer_carries_the_headers_and_is_not_cached(client, make, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    answers = {
        "page": client.get(ws_url(cast, "/")),
        "fragment": client.get(ws_url(cast, "/activity/"), headers={"HX-Request": "true"}),
        "redirect": client.get("/"),
        "json": client.get("/account/data.json"),
        "404": client.get(ws_url(cast, "/notes/999999")),
        "400": client.get("/dashboard/?q=%00"),
        "405": client.put("/dashboard/"),
        "post": client.post(ws_url(cast, "/notes/new"), data={"title": "T", "body": "b", "stage": ""}),
    }
    for kind, response in answers.items():
        assert response.status_code != 500, kind
        _assert_security_headers(response)
        for name in HTMX_VARY:
            assert name in response.headers.get("Vary", ""), (kind, name)
        assert "no-store" in response.headers.get("Cache-Control", ""), kind


def test_static_files_stay_cacheable(client):
    with client.get("/static/app.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")
        _assert_security_headers(response)


def test_back_into_a_filtered_activity_feed_gets_the_whole_page(client, make, login_as):
    """Issue #16: a history restore after filtering showed the bare fragment (no header, no navigation)."""
    cast = make.workspace()
    note(cast)
    login_as(cast.mentor_lead)
    url = ws_url(cast, "/activity/?page=1")
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.get_data(as_text=True) and "<nav" in restored.get_data(as_text=True)
    boosted = client.get(url, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_lang_is_stored_only_from_an_html_page_and_only_when_known(client, make, login_as):
    user = make.user(locale="nl")
    login_as(user)
    client.get("/static/app.css?lang=en").close()
    client.get("/account/data.json?lang=en")
    client.get("/dashboard/?lang=xx")
    client.post("/logout?lang=en")  # a post changes nothing either (and logs out: log in again)
    login_as(user)
    db.session.refresh(user)
    assert user.locale == "nl"
    assert '<html lang="nl">' in client.get("/dashboard/").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/dashboard/?lang=en").get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"
    assert '<html lang="en">' in client.get("/dashboard/").get_data(as_text=True)


def test_logout_deletes_the_remember_cookie(client, make, login_as):
    user = make.user()
    login_as(user, remember=True)
    assert client.get_cookie("remember_token") is not None
    response = client.post("/logout")
    deleted = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert deleted and ("Max-Age=0" in deleted[0] or "1970" in deleted[0])
    assert client.get_cookie("remember_token") is None


def test_an_error_that_escapes_flask_still_gets_a_safe_page_with_the_headers(app):
    """When an error handler itself fails, the WSGI guard answers (before: the server's bare page)."""
    broken = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "k" * 40})
    assert isinstance(broken.wsgi_app, HeaderGuard)

    def failing_handler(error):
        raise RuntimeError("the error page itself fails")

    @broken.get("/explode")
    def explode():
        raise ValueError("boom")

    broken.register_error_handler(Exception, failing_handler)
    broken.register_error_handler(500, failing_handler)
    response = Client(broken).get("/explode")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.get_data(as_text=True)
    _assert_security_headers(response)
    with broken.app_context():
        db.engine.dispose()


def test_the_guard_adds_missing_headers_and_keeps_present_ones():
    def plain(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-Frame-Options", "SAMEORIGIN")])
        return [b"ok"]

    response = Client(HeaderGuard(plain)).get("/")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
