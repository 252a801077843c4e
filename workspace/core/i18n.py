"""Language choice: ``?lang=`` on the request, then the session, the user's setting, the browser; Dutch first.

A ``?lang=`` choice is stored (session, and the user's setting) only when it is a language we have and the
answer is an HTML page shown by a GET: a static file, a JSON download or a form post with ``?lang=`` in its
address changes nothing.
"""

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


def remember_language(response):
    """after_request: a ``?lang=`` choice sticks, for the session and (logged in) for the user."""
    asked = request.args.get("lang")
    if (asked not in current_app.config["LANGUAGES"] or request.method not in ("GET", "HEAD")
            or response.mimetype != "text/html" or request.endpoint in (None, "static")):
        return response
    session["lang"] = asked
    if current_user.is_authenticated and current_user.locale != asked:
        current_user.locale = asked
        db.session.commit()
    return response
