"""The status text of each htmx action, for the page's one live region (``#flashes`` in base.html).

A view (or the respond helper) says what happened with ``announce()`` or, as for a plain post, with
``flash()``. For an htmx request ``send_status`` (after_request) moves that text into the
``HX-Trigger-After-Settle`` header as the ``mb:status`` event (after the swap, so it is said about the new
content; the areas' own ``HX-Trigger`` events stay untouched), which app.js writes into the live region; a plain request keeps its
flash for the next page. An htmx post that announced nothing still gets a status from its outcome
(saved, refused, conflict, check the form), so no action goes unannounced.
"""

from __future__ import annotations

import json

from flask import Response, g, request, session
from flask_babel import gettext as _

TRIGGER = "HX-Trigger"
AFTER_SETTLE = "HX-Trigger-After-Settle"
NAVIGATES = ("HX-Redirect", "HX-Location", "HX-Refresh")


def is_htmx_request() -> bool:
    """An htmx request that swaps a fragment (core.respond.wants_fragment, the app's one test)."""
    from .respond import wants_fragment

    return wants_fragment()


def announce(text: str, level: str = "success") -> None:
    """Any view: ``text`` goes to the live region when this is an htmx request (ignored otherwise)."""
    g.setdefault("mb_status", []).append((level, str(text)))


def add_trigger(response: Response, event: str, detail, header: str = TRIGGER) -> None:
    """Add one client event to ``header`` (``HX-Trigger``), keeping the events already there (names or JSON)."""
    current = response.headers.get(header, "").strip()
    events: dict = {}
    if current.startswith("{"):
        events = json.loads(current)
    elif current:
        events = {name.strip(): None for name in current.split(",") if name.strip()}
    events[event] = detail
    # ASCII-only JSON: a header is latin-1; htmx parses the \\u escapes back.
    response.headers[header] = json.dumps(events, ensure_ascii=True)


def _default_text(status: int) -> tuple[str, str] | None:
    if 200 <= status < 300:
        return "success", _("Saved.")
    if status == 422:
        return "error", _("Not saved: some fields need attention.")
    if status == 409:
        return "error", _("Not saved: something changed meanwhile. The latest state is shown.")
    if status == 403:
        return "error", _("Not saved: your role does not allow this.")
    if status == 404:
        return "error", _("Not found: it may have been deleted meanwhile.")
    return None


def send_status(response: Response) -> Response:
    """after_request: an htmx response carries its status text as the ``mb:status`` event."""
    if not is_htmx_request() or any(name in response.headers for name in NAVIGATES):
        return response  # a plain request, or the page goes elsewhere: flashes wait for the next page
    if response.headers.get("HX-Retarget") == "#flashes":
        return response  # the response itself goes into the live region
    messages = list(g.pop("mb_status", []))
    # Flashes of this request would only show on the next full page: say them now instead.
    messages += [(level, str(text)) for level, text in session.pop("_flashes", [])]
    if not messages and request.method != "GET":
        default = _default_text(response.status_code)
        if default:
            messages.append(default)
    if messages:
        level = "error" if any(lvl == "error" for lvl, _text in messages) else messages[-1][0]
        add_trigger(response, "mb:status", {"level": level, "text": " ".join(text for _lvl, text in messages)},
                    header=AFTER_SETTLE)
    return response
