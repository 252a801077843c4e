"""Language choice: ``?lang=`` on any page, then the session, the user's setting, the browser; Dutch first."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from ..extensions import db


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI, the digest, a test calling a service: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language() -> None:
    """before_request: a ``?lang=`` choice sticks, for the session and (logged in) for the user."""
    asked = request.args.get("lang")
    if asked not in current_app.config["LANGUAGES"]:
        return
    session["lang"] = asked
    if current_user.is_authenticated and current_user.locale != asked:
        current_user.locale = asked
        db.session.commit()
