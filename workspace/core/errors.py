"""Friendly error pages in the user's language; htmx requests get a small fragment instead."""

from __future__ import annotations

import logging

from flask import g, make_response, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db, login_manager
from .refusal import Refused
from .respond import answer_refused, into_flash_area, wants_fragment
from .status import add_trigger

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something in the request was not right"), _l("Go back, check what you entered and try again.")),
    403: (_l("You may not do this"), _l("Your role in this workspace does not allow it. A lead can change your role.")),
    404: (_l("Page not found"), _l("This page does not exist, or you have no access to it.")),
    405: (_l("Not possible this way"), _l("This address does not accept this kind of request.")),
    409: (_l("Something changed meanwhile"), _l("Reload the page to see the latest state, then try again.")),
    410: (_l("No longer available"), _l("This link is no longer valid.")),
    413: (_l("That is too much at once"), _l("What you sent is larger than Mentorbrug accepts. Send less, or a smaller file.")),
    422: (_l("Please check what you entered"), _l("Some fields need attention.")),
    429: (_l("Too many attempts"), _l("Wait a minute and try again.")),
    500: (_l("Something went wrong on our side"), _l("Nothing you did caused this. Try again in a moment.")),
    503: (_l("Mentorbrug is briefly unavailable"),
          _l("Your work is safe. We cannot reach the stored data right now; try again in a few minutes.")),
}
CSRF_RENEWED = _l("Not saved: the page had been open too long. It is renewed now: press the button again, "
                  "what you typed is still there.")
CSRF_MESSAGE = (
    _l("Your form has expired"),
    _l("For your safety forms are valid for one session. Reload the page and submit again; what you typed may need to be entered once more."),
)


def render_error(status: int, title=None, detail=None):
    default_title, default_detail = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    template = "errors/_error.html" if wants_fragment() else "errors/error.html"
    response = render_template(template, status=status, title=title or default_title,
                               detail=detail or default_detail)
    return response, status


def register(app) -> None:
    app.register_error_handler(Refused, answer_refused)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """An expired or missing CSRF token. A plain post gets the error page; an htmx post swaps nothing (what
        was typed stays), gets a fresh token for the page (the ``mb:csrf`` event, app.js puts it in place) and
        a message for the live region, so pressing the button again works."""
        if not wants_fragment():
            return render_error(400, *CSRF_MESSAGE)
        response = make_response("", 403)
        response.headers["HX-Reswap"] = "none"
        add_trigger(response, "mb:csrf", {"token": generate_csrf(), "text": str(CSRF_RENEWED)})
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        db.session.rollback()  # a refused request changes nothing (and a refused flush must not block the page)
        detail = error.description if getattr(error, "_mentorbrug_detail", False) else None
        response, status = render_error(error.code, detail=detail)
        headers = {}
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 429:
            headers["Retry-After"] = "60"
        answer = make_response(response, status, headers)
        return into_flash_area(answer) if error.code in (403, 409) else answer

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: DBAPIError):
        """The database does not answer (down, restarting, locked too long): a 503 page that needs no
        database. The caller is shown as logged out for this one response (loading them needs the database);
        their session is untouched and works again once the database is back."""
        log.error("database unavailable: %s", getattr(error, "orig", error))
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection may be gone altogether
            log.warning("rollback failed", exc_info=True)
        g._login_user = login_manager.anonymous_user()
        response, status = render_error(503)
        return response, status, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return database_unavailable(error)
        log.exception("unhandled error", exc_info=error)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the page must still render
            log.exception("rollback failed")
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def internal(error):
        return render_error(500)
