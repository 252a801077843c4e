"""Response headers: a strict Content-Security-Policy (no inline script or style), and friends.

Two layers put them on: ``add_headers`` (after every request Flask answers, error pages included), and
``HeaderGuard``, a WSGI middleware around the whole app, for a response that does not come from a Flask
handler: when an error handler itself fails, the guard answers a plain 500 page of its own, with the headers.
(gunicorn's own answers to requests it cannot parse never reach the app; see docs/security.md.)
"""

from __future__ import annotations

import logging
import sys

from flask import request

log = logging.getLogger(__name__)

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])


SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
#: the request headers an answer of ours may depend on: htmx gets a fragment (or an HX-Redirect instead of a
#: 302), a boosted request and a history restore (Back after a filtered list) the whole page
HTMX_VARY = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")


def add_headers(response):
    """after_request, every response: the security headers; and for everything but static files (which are
    the same for everyone and cached on purpose, see core/static.py) the htmx request headers in ``Vary`` and
    ``Cache-Control: no-store``: pages show what one person may see, and Back must not show another
    person's page from the browser's cache after a logout."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        response.vary.update(HTMX_VARY)
        response.headers.setdefault("Cache-Control", "no-store")
    return response


#: No app, no translations when this is sent: both languages, Dutch first.
FALLBACK_500 = (
    b"<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Mentorbrug</title></head><body>"
    b"<h1>Er ging iets mis bij ons</h1><p>Het lag niet aan jou. Probeer het zo nog eens.</p>"
    b"<h1 lang=\"en\">Something went wrong on our side</h1><p lang=\"en\">Nothing you did caused this. "
    b"Try again in a moment.</p></body></html>"
)


class HeaderGuard:
    """WSGI middleware: every response leaves with the security headers (added where missing), and an
    exception that escapes Flask becomes a plain 500 page with them, instead of the server's bare one."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = []

        def start(status, headers, exc_info=None):
            started.append(status)
            present = {name.lower() for name, _value in headers}
            headers = list(headers) + [(name, value) for name, value in SECURITY_HEADERS.items()
                                       if name.lower() not in present]
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, start)
        except Exception:  # noqa: BLE001 - the last line: whatever failed, the browser gets a safe page
            log.exception("error escaped the app")
            start("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                ("Content-Length", str(len(FALLBACK_500))),
                                                ("Cache-Control", "no-store")],
                  sys.exc_info() if started else None)  # exc_info only to replace headers already begun
            return [FALLBACK_500]
