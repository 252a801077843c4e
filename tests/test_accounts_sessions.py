"""Server-side sessions: a new id at login, timeouts, ending other sessions, deactivation, cookie flags.
(Logout and password change: tests/test_accounts.py.)"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.factories import PASSWORD
from tests.factories_people import as_user_fixture  # noqa: F401
from workspace import create_app
from workspace.accounts.models import UserSession
from workspace.accounts.sessions import end_all_sessions
from workspace.dbtypes import utcnow
from workspace.extensions import db


def _cookie_session(app, browser) -> dict:
    cookie = browser.get_cookie("session")
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def _sessions(user):
    return db.session.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)).all()


def test_the_session_id_changes_at_login(app, client, make):
    user = make.user()
    client.get("/login")
    before = client.get_cookie("session").value
    pre_login = _cookie_session(app, client)
    assert "_user_id" not in pre_login
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    first = _cookie_session(app, client)["_user_id"]
    assert first and first != str(user.id)  # a random token, not the user id
    assert _cookie_session(app, client).get("csrf_token") != pre_login.get("csrf_token")
    # The cookie from before the login does not carry the login (no session fixation).
    client.set_cookie("session", before)
    assert client.get("/account").status_code == 302
    # A second login gets another id.
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    second = _cookie_session(app, client)["_user_id"]
    assert second != first
    # Only the SHA-256 of the token is stored.
    assert all(len(s.token_hash) == 64 and s.token_hash not in (first, second) for s in _sessions(user))


def test_idle_timeout(app, make, as_user):
    user = make.user()
    browser = as_user(user)
    (row,) = _sessions(user)
    row.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)
    db.session.commit()
    assert browser.get("/account").status_code == 302
    db.session.refresh(row)
    assert row.ended_at is not None


def test_activity_keeps_a_session_alive(app, make, as_user):
    user = make.user()
    browser = as_user(user)
    (row,) = _sessions(user)
    row.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=5)
    db.session.commit()
    assert browser.get("/account").status_code == 200
    db.session.refresh(row)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_absolute_timeout_even_when_active(make, as_user):
    user = make.user()
    browser = as_user(user)
    (row,) = _sessions(user)
    row.expires_at = utcnow() - timedelta(seconds=1)
    row.last_seen_at = utcnow()
    db.session.commit()
    assert browser.get("/account").status_code == 302


def test_remembered_session_ignores_the_idle_timeout_but_not_its_end(app, client, make):
    user = make.user()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    (row,) = _sessions(user)
    assert row.remember and row.expires_at - row.created_at == app.config["REMEMBER_COOKIE_DURATION"]
    row.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(hours=1)
    db.session.commit()
    assert client.get("/account").status_code == 200
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_timeouts_are_configurable_with_an_8_hour_idle_default(app):
    assert app.config["SESSION_IDLE_TIMEOUT"] == timedelta(hours=8)
    assert app.config["SESSION_ABSOLUTE_TIMEOUT"] >= app.config["SESSION_IDLE_TIMEOUT"]


def test_log_out_other_devices(make, as_user):
    user = make.user()
    laptop, phone = as_user(user), as_user(user)
    page = laptop.get("/account/privacy?lang=en").get_data(as_text=True)
    assert "this device" in page and "Log out all other devices" in page
    assert laptop.post("/account/sessions/end-others").status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302


def test_ending_all_sessions_of_a_user_bites_on_the_next_request(make, as_user):
    user = make.user()
    browser = as_user(user)
    end_all_sessions(user.id)
    db.session.commit()
    assert browser.get("/account").status_code == 302


def test_a_deactivated_user_is_out_even_if_a_session_row_survived(make, as_user):
    user = make.user()
    browser = as_user(user)
    user.active = False
    db.session.commit()
    assert browser.get("/account").status_code == 302


def test_cookies_are_httponly_lax_and_secure_in_production(app, client, make, monkeypatch):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in session_cookie  # tests run over plain http
    monkeypatch.setenv("MENTORBRUG_ENV", "production")
    production = create_app({"SECRET_KEY": "p" * 40, "BASE_URL": "https://mentorbrug.example.org",
                             "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_HTTPONLY"):
        assert production.config[key] is True, key
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax" == production.config["REMEMBER_COOKIE_SAMESITE"]


def test_logging_out_ends_every_session_of_the_user(make, as_user):
    user = make.user()
    other = make.user()
    laptop, phone, someone_else = as_user(user), as_user(user), as_user(other)
    assert laptop.post("/logout").status_code == 302
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 302  # the other device is out on its next request
    assert someone_else.get("/account").status_code == 200  # other people are not touched
    assert all(s.ended_at is not None for s in _sessions(user))
