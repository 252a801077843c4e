"""Sign-up, log-in, log-out, remember me, password change, rate limiting, CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.accounts.models import User, UserSession
from workspace.extensions import db
from workspace.orgs.models import Organisation, OrgMembership

GOOD = {
    "name": "Anna Visser",
    "email": "Anna@Example.org",
    "password": "een lang wachtwoord",
    "password_again": "een lang wachtwoord",
    "org_name": "Mentorproject Oost",
    "org_kind": "mentor_project",
    "org_place": "Rivierstad",
}


def test_signup_creates_user_and_organisation_with_admin(client):
    response = client.post("/signup", data=dict(GOOD))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "anna@example.org"))
    assert user is not None and user.name == "Anna Visser"
    assert user.password_hash.startswith("$argon2id$")
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Mentorproject Oost"))
    membership = db.session.scalar(select(OrgMembership).where(OrgMembership.user_id == user.id))
    assert membership.organisation_id == org.id and membership.role == "admin"
    # signed in straight away
    assert client.get("/dashboard/workspaces/").status_code == 200


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-address", "valid e-mail"),
    ("password", "short", "at least 12"),
    ("password_again", "something else entirely", "differ"),
    ("name", "", "fill in"),
    ("name", "x" * 121, "120"),
    ("org_name", "", "Name the organisation"),
    ("name", "Anna\x00Visser", "control characters"),
])
def test_signup_refuses_bad_input_and_saves_nothing(client, field, value, message):
    data = dict(GOOD, **{field: value})
    if field == "password":
        data["password_again"] = value
    response = client.post("/signup?lang=en", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
    assert db.session.scalar(select(Organisation)) is None


def test_signup_with_existing_email_is_refused(client, make):
    make.user(email="anna@example.org")
    response = client.post("/signup?lang=en", data=dict(GOOD))
    assert response.status_code == 422
    assert "already an account" in response.get_data(as_text=True)


def test_long_passwords_are_not_truncated(client, make):
    long_password = "woord " * 40  # 240 characters
    user = make.user(password=long_password)
    assert client.post("/login", data={"email": user.email, "password": long_password[:-1]}).status_code == 422
    assert client.post("/login", data={"email": user.email, "password": long_password}).status_code == 302


def test_login_and_wrong_password(client, make):
    user = make.user(email="piet@example.org")
    response = client.post("/login?lang=en", data={"email": "PIET@example.org", "password": "wrong password!"})
    assert response.status_code == 422
    assert "not right" in response.get_data(as_text=True)
    response = client.post("/login", data={"email": "piet@example.org", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/dashboard/workspaces/").status_code == 200
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == user.id)) is not None


def test_unknown_email_gives_the_same_answer_as_a_wrong_password(client, make):
    make.user(email="piet@example.org")
    a = client.post("/login?lang=en", data={"email": "nobody@example.org", "password": "whatever whatever"})
    b = client.post("/login?lang=en", data={"email": "piet@example.org", "password": "whatever whatever"})
    assert a.status_code == b.status_code == 422
    assert "not right" in a.get_data(as_text=True) and "not right" in b.get_data(as_text=True)


def test_open_redirect_after_login_is_refused(client, make):
    user = make.user()
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/organisation/", data={"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/organisation/"


def test_logout_makes_the_old_cookie_worthless(client, make, login_as):
    user = make.user()
    login_as(user)
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    assert client.get("/dashboard/workspaces/").status_code == 302  # logged out
    client.set_cookie("session", stolen)
    response = client.get("/dashboard/workspaces/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_remember_me_survives_the_browser_session_but_not_logout(client, make, login_as):
    user = make.user()
    login_as(user, remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    remember_value = remember.value
    client.delete_cookie("session")
    assert client.get("/dashboard/workspaces/").status_code == 200  # restored from the remember cookie
    client.post("/logout")
    client.delete_cookie("session")
    client.set_cookie("remember_token", remember_value)
    assert client.get("/dashboard/workspaces/").status_code == 302


def test_change_password_ends_other_sessions(app, client, make, login_as):
    user = make.user()
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": "correct horse battery",
                               "csrf_token": _token(other)})
    assert other.get("/dashboard/workspaces/").status_code == 200
    login_as(user)
    response = client.post("/account/password", data={
        "pw-current_password": "correct horse battery",
        "pw-new_password": "a brand new passphrase",
        "pw-new_password_again": "a brand new passphrase",
    })
    assert response.status_code == 302
    assert client.get("/dashboard/workspaces/").status_code == 200  # this session lives on
    assert other.get("/dashboard/workspaces/").status_code == 302  # the other one ended
    client.post("/logout")
    login_as(user, password="a brand new passphrase")


def test_change_password_needs_the_current_one(client, make, login_as):
    user = make.user()
    login_as(user)
    response = client.post("/account/password?lang=en", data={
        "pw-current_password": "not my password",
        "pw-new_password": "a brand new passphrase",
        "pw-new_password_again": "a brand new passphrase",
    })
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)


def test_login_is_rate_limited_per_account(client, make):
    user = make.user()
    for _ in range(5):
        assert client.post("/login", data={"email": user.email, "password": "wrong password!!"}).status_code == 422
    response = client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_login_is_rate_limited_per_ip(client, make):
    for n in range(20):
        response = client.post("/login", data={"email": f"someone{n}@example.org", "password": "wrong password!!"})
        assert response.status_code == 422
    assert client.post("/login", data={"email": "another@example.org", "password": "x" * 12}).status_code == 429


def test_post_without_csrf_token_is_refused(client, make):
    user = make.user()
    response = client.post("/login?lang=en", data={"email": user.email, "password": "correct horse battery"},
                           csrf=False)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/dashboard/workspaces/").status_code == 302


def test_production_password_cost_meets_owasp(app):
    from argon2 import extract_parameters

    from workspace.config import Config

    assert Config.ARGON2_MEMORY_KIB >= 19456 and Config.ARGON2_TIME_COST >= 2
    with app.test_request_context():
        app.config.update(ARGON2_MEMORY_KIB=Config.ARGON2_MEMORY_KIB, ARGON2_TIME_COST=Config.ARGON2_TIME_COST)
        try:
            from workspace.accounts.passwords import hash_password

            params = extract_parameters(hash_password("een lang wachtwoord"))
        finally:
            app.config.update(ARGON2_MEMORY_KIB=1024, ARGON2_TIME_COST=1)
    assert params.type.name == "ID" and params.memory_cost == 19456 and params.time_cost == 2


def _token(test_client) -> str:
    import re

    page = test_client.get("/privacy").get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
