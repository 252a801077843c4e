"""Shared fixtures: a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL) whose schema
comes from the Alembic migrations, a test client that sends CSRF tokens like a browser, and factories.
"""

from __future__ import annotations

import contextvars
import os
import re

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import text

from tests import (
    factories,
    property_support,  # noqa: F401  (the Hypothesis profiles, before pytest picks one)
)
from workspace import create_app
from workspace.extensions import db, limiter
from workspace.mail import outbox

CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _drop_everything() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """One app for the whole run; the schema is built by the real migrations, dropped at the end."""
    from flask_migrate import upgrade

    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
                              "SERVER_NAME": "localhost"})
    with application.app_context():
        _drop_everything()
        upgrade(revision="heads")
    yield application
    with application.app_context():
        db.session.remove()
        _drop_everything()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean(request):
    """Every test starts with empty tables, a fresh rate limiter and an empty outbox."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        yield
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    limiter.reset()
    outbox.clear()


class BrowserLikeClient(FlaskClient):
    """Adds the CSRF token to every POST (as a browser with the page open would); pass csrf=False to omit it.

    Each request runs in its own application context, as in production: the test's app context (held by
    the ``_clean`` fixture for the factories) would otherwise be reused, sharing ``g`` — and with it the
    logged-in user, the locale and ``g.workspace`` — between requests. After each request the test's own
    database session is expired, so that what the test reads reflects what the request committed.
    """

    def open(self, *args, **kwargs):
        def in_fresh_context():
            _cv_app.set(None)
            return FlaskClient.open(self, *args, **kwargs)

        response = contextvars.copy_context().run(in_fresh_context)
        db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        page = self.get("/privacy").get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post(self, *args, csrf: bool = True, htmx: bool = False, **kwargs):
        if csrf:
            data = kwargs.setdefault("data", {})
            if isinstance(data, dict) and "csrf_token" not in data:
                data["csrf_token"] = self.csrf_token()
        if htmx:
            kwargs.setdefault("headers", {})["HX-Request"] = "true"
        return super().post(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = BrowserLikeClient
    return app.test_client()


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server (aiosmtpd) on a local port, with the app's MAIL_SERVER pointing at it."""
    from tests.smtp_server import SMTPServer

    server = SMTPServer()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make(app):
    """Factories bound to the test database: make.user(), make.org(), make.workspace(), ..."""
    return factories


@pytest.fixture
def login_as(client):
    """Log the test client in as a user (created by the factories with their default password)."""

    def _login(user, password: str = factories.PASSWORD, remember: bool = False):
        client.post("/logout")  # switching users: whoever was logged in leaves first
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.post("/login", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return client

    return _login
