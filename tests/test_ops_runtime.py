"""Running it for real (issue #13): SQLite pragmas and foreign keys, the remember cookie's expiry, /healthz,
a friendly 503 when the database is down, proxies, BASE_URL links, HSTS and the start-up checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask import request
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workspace import create_app
from workspace.accounts.models import UserSession
from workspace.extensions import db
from workspace.urls import external_url

# MAIL_DELIVERY=cron: no background sender thread outliving the test's app (it would hold a connection).
PROD = {"SECRET_KEY": "p" * 40, "BASE_URL": "https://mentorbrug.example.org", "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "MAIL_DELIVERY": "cron"}
DOWN_URL = "postgresql+psycopg://postgres@127.0.0.1:1/unreachable"  # nothing listens on port 1


def _dispose(application) -> None:
    with application.app_context():
        db.engine.dispose()


def test_sqlite_connections_get_wal_foreign_keys_busy_timeout_and_normal_sync(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as conn:
        read = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")}
    assert read == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 1}


def test_a_row_pointing_at_a_missing_user_is_refused(app):
    """On SQLite as on PostgreSQL: the database keeps the foreign key even when the code forgets."""
    now = datetime.now(UTC)
    db.session.add(UserSession(user_id=987654, token_hash="0" * 64, created_at=now, last_seen_at=now,
                               expires_at=now + timedelta(hours=1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_remember_cookie_expires_after_the_configured_days(app, client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                           "remember": "y"})
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    lifetime = expires - datetime.now(UTC)
    assert app.config["REMEMBER_COOKIE_DURATION"] - timedelta(minutes=5) < lifetime
    assert lifetime <= app.config["REMEMBER_COOKIE_DURATION"]


def test_healthz_reports_database_and_redis_without_versions(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok", "redis": "off"}


def test_healthz_says_redis_down_but_stays_200(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "db": "ok", "redis": "down"}


@pytest.fixture
def down_app():
    """An app whose database does not answer, and a client that carries a logged-in session cookie."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": DOWN_URL})
    yield application
    _dispose(application)


@pytest.mark.parametrize("lang, words", [("nl", "even niet bereikbaar"), ("en", "briefly unavailable")])
@pytest.mark.parametrize("path", ["/dashboard/workspaces/", "/", "/login", "/w/1/"])
def test_database_down_gives_a_friendly_503_with_the_usual_headers(down_app, path, lang, words):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"
        session["_fresh"] = True
        session["lang"] = lang
    response = client.get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    assert words in page and f'lang="{lang}"' in page


def test_database_down_htmx_gets_a_fragment_and_healthz_a_503(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"
    response = client.get("/dashboard/workspaces/", headers={"HX-Request": "true"})
    assert response.status_code == 503 and "<html" not in response.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json() == {"status": "unavailable", "db": "down", "redis": "off"}


def _proxied_app(app, proxies: int):
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                              "TRUSTED_PROXIES": proxies})

    @application.get("/_seen")
    def seen():
        return f"{request.remote_addr} {request.scheme} {request.host}"

    return application


@pytest.mark.parametrize("proxies, seen", [
    (0, "127.0.0.1 http localhost"),
    (1, "198.51.100.7 https mentorbrug.example.org"),
    (2, "203.0.113.9 https mentorbrug.example.org"),
])
def test_trusted_proxies_decide_which_forwarded_values_count(app, proxies, seen):
    application = _proxied_app(app, proxies)
    headers = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https, https",
               "X-Forwarded-Host": "mentorbrug.example.org, mentorbrug.example.org"}
    response = application.test_client().get("/_seen", headers=headers, base_url="http://localhost")
    assert response.get_data(as_text=True) == seen
    _dispose(application)


def test_links_in_mails_come_from_base_url_not_the_request_host(app):
    app_with_base = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                "BASE_URL": "https://mentorbrug.example.org/mb"})
    with app_with_base.test_request_context("/", base_url="http://attacker.example"):
        assert external_url("invitations.accept", token="abc") == "https://mentorbrug.example.org/mb/invitations/abc"
        assert external_url("ws.show", workspace_id=7) == "https://mentorbrug.example.org/mb/w/7/"
    with app_with_base.app_context():  # no request at all (the digest command)
        assert external_url("ws.show", workspace_id=7) == "https://mentorbrug.example.org/mb/w/7/"
    _dispose(app_with_base)


def test_without_base_url_development_links_follow_the_request(app):
    development = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with development.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert external_url("ws.show", workspace_id=7) == "http://127.0.0.1:5000/w/7/"
    _dispose(development)


def test_mistyped_environment_refuses_to_start(monkeypatch):
    monkeypatch.setenv("MENTORBRUG_ENV", "prodution")
    with pytest.raises(RuntimeError, match="MENTORBRUG_ENV='prodution'"):
        create_app({"SECRET_KEY": "p" * 40})


def test_production_refuses_to_start_without_base_url_or_database_url(monkeypatch):
    monkeypatch.setenv("MENTORBRUG_ENV", "production")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app({**PROD, "BASE_URL": ""})
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app({key: value for key, value in PROD.items() if key != "SQLALCHEMY_DATABASE_URI"})


def test_production_sends_hsts(monkeypatch):
    monkeypatch.setenv("MENTORBRUG_ENV", "production")
    production = create_app(PROD)
    response = production.test_client().get("/privacy")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    _dispose(production)


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers


def test_the_request_session_has_foreign_keys_on(app):
    """Foreign keys really are on for the app's own connections (not just in a fresh one)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1

