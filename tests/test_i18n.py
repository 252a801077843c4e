"""Dutch first, English on request; the choice sticks per session and per user."""

from sqlalchemy import select

from workspace.accounts.models import User
from workspace.extensions import db


def test_dutch_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Inloggen" in page


def test_lang_parameter_works_before_login_and_sticks(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page
    page = client.get("/privacy").get_data(as_text=True)
    assert '<html lang="en">' in page  # remembered in the session
    page = client.get("/privacy?lang=nl").get_data(as_text=True)
    assert '<html lang="nl">' in page


def test_unknown_language_is_ignored(client):
    page = client.get("/login?lang=xx").get_data(as_text=True)
    assert '<html lang="nl">' in page


def test_language_is_stored_per_user(app, client, make, login_as):
    user = make.user()
    login_as(user)
    client.get("/dashboard/workspaces/?lang=en")
    assert db.session.scalar(select(User.locale).where(User.id == user.id)) == "en"
    # a new browser (fresh session) gets the user's language after logging in
    other = app.test_client()
    login = other.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'"X-CSRFToken": "([^"]+)"', login).group(1)
    other.post("/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": token})
    assert '<html lang="en">' in other.get("/dashboard/workspaces/").get_data(as_text=True)


def test_every_page_offers_the_other_language(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'hreflang="en"' in page and "lang=en" in page
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert 'hreflang="nl"' in page


def test_error_pages_are_translated(client):
    assert "Pagina niet gevonden" in client.get("/does-not-exist").get_data(as_text=True)
    assert "Page not found" in client.get("/does-not-exist?lang=en").get_data(as_text=True)


def test_catalogues_are_complete():
    """Every string in the code has a Dutch translation (the same check `make test` runs first)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("i18n", Path(__file__).parent.parent / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.problems() == []
