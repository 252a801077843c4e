"""Static files: gzip twins for browsers that accept gzip, a year of caching only for fingerprinted URLs."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from workspace import create_app
from workspace.core.static import fingerprint
from workspace.extensions import db

STATIC = Path(__file__).resolve().parent.parent / "workspace" / "static"

pytestmark = pytest.mark.skipif(not (STATIC / "htmx.min.js.gz").exists(),
                                reason="run scripts/assets.py first (make setup does)")


@pytest.fixture(scope="module")
def static_app():
    """No database needed: static files only (/healthz opens an in-memory one)."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    yield application
    with application.app_context():
        db.engine.dispose()  # else the connection is closed by the garbage collector (ResourceWarning on 3.13)


class _Client:
    """GETs whose responses are read and closed at once (a file response left open warns)."""

    def __init__(self, app):
        self.test_client = app.test_client()

    def get(self, path, headers=None):
        response = self.test_client.get(path, headers=headers or {})
        response.body = response.get_data()
        response.close()
        return response


@pytest.fixture
def client(static_app):
    return _Client(static_app)


def _versioned(app, name: str) -> str:
    with app.test_request_context():
        return f"/static/{name}?v={fingerprint(name)}"


def test_fingerprinted_url_is_gzipped_and_cached_for_a_year(static_app, client):
    response = client.get(_versioned(static_app, "htmx.min.js"), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/javascript"
    assert "Accept-Encoding" in response.headers["Vary"]
    cache = response.cache_control
    assert cache.max_age == 365 * 24 * 3600 and cache.public and cache.immutable
    assert gzip.decompress(response.body) == (STATIC / "htmx.min.js").read_bytes()


def test_without_gzip_the_plain_file_is_served(static_app, client):
    response = client.get(_versioned(static_app, "app.css"), headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.mimetype == "text/css"
    assert response.body == (STATIC / "app.css").read_bytes()


def test_gzip_refused_with_q0_gets_the_plain_file(static_app, client):
    response = client.get(_versioned(static_app, "app.css"), headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("query", ["", "?v=0123456789", "?v="])
def test_unversioned_or_stale_url_must_be_revalidated(client, query):
    response = client.get("/static/pico.min.css" + query, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.cache_control.no_cache
    assert not response.cache_control.immutable
    assert not response.cache_control.max_age


def test_etag_gives_304(client):
    first = client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    again = client.get("/static/app.css", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/static/nothing.js", "/static/../wsgi.py", "/static/%2e%2e/wsgi.py",
                                  "/static/..%2fwsgi.py"])
def test_missing_or_outside_files_are_404(client, path):
    assert client.get(path, headers={"Accept-Encoding": "gzip"}).status_code == 404


def test_pages_use_fingerprinted_urls(client):
    page = client.get("/login").get_data(as_text=True)
    assert "/static/htmx.min.js?v=" in page and "/static/pico.min.css?v=" in page


def test_pages_are_gzipped_for_browsers_that_accept_it(client):
    response = client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"] and "HX-Request" in response.headers["Vary"]
    page = gzip.decompress(response.body).decode()
    assert "<!doctype html>" in page
    assert int(response.headers["Content-Length"]) == len(response.body)


def test_pages_stay_plain_without_gzip(client):
    for headers in ({}, {"Accept-Encoding": "identity"}, {"Accept-Encoding": "gzip;q=0"}):
        response = client.get("/login", headers=headers)
        assert "Content-Encoding" not in response.headers
        assert b"<!doctype html>" in response.body
        assert "Accept-Encoding" in response.headers["Vary"]


def test_small_and_non_html_responses_are_not_compressed(client):
    health = client.get("/healthz", headers={"Accept-Encoding": "gzip"})  # JSON
    assert "Content-Encoding" not in health.headers
    redirect = client.get("/", headers={"Accept-Encoding": "gzip"})  # a short redirect body
    assert redirect.status_code in (200, 302)
    if redirect.status_code == 302:
        assert "Content-Encoding" not in redirect.headers
