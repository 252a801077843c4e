"""How a view answers: after a change (``done``), and when a service refused (``answer_refused``).

Load → check → act → respond. The scope loads, a predicate checks, a service acts (or raises ``Refused``),
and one of these helpers answers:

- ``done``: commits once, then gives htmx the changed fragment plus the out-of-band regions that depend on
  it (one interaction, one request), and a plain form post a flash and a redirect.
- ``answer_refused``: the app's one error handler for ``Refused``. It rolls back, then answers with the
  region the view declared with ``@shows_refusals`` (the form again with per-field errors, or the section
  with the problem in place), or else with the message alone: into the flash area for htmx, as an error
  page otherwise. The status is always the refusal's.

``wants_fragment`` is the one test for "answer with a fragment": an htmx request (htmx-flask's
``request.htmx``) that is neither a boosted navigation nor a history restore; those get the whole page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app, flash, make_response, redirect, render_template, request
from flask_babel import gettext as _
from htmx_flask import make_response as htmx_response

from ..extensions import db
from .refusal import Refused
from .status import announce

#: The event that tells other areas' regions (progress, stepper, readiness) to refresh themselves.
CHANGED = "workspace-changed"
#: Where a refusal without a region of its own goes in an htmx page (see templates/_flashes.html).
FLASH_AREA = "#flashes"


def wants_fragment() -> bool:
    """True for an htmx request that swaps part of a page; boosted requests and history restores get the page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def page_or_fragment(page: str, fragment: str) -> str:
    """The template to render: ``fragment`` for an htmx swap, ``page`` for everything else."""
    return fragment if wants_fragment() else page


# --- after a change -------------------------------------------------------------------------------------

Part = str | Callable[[], str] | None


def _text(part: Part) -> str:
    return part() if callable(part) else (part or "")


def done(message: str | None, redirect_to: str | Callable[[], str], *, fragment: Part = None,
         oob: Iterable[Part] = (), event: str | None = None, status: int = 200, htmx_redirect: bool = False):
    """Commit the request's one transaction, then answer the change.

    htmx: ``fragment`` (the changed region) followed by every ``oob`` region (rendered with
    ``hx-swap-oob``), with ``HX-Trigger: event`` when other areas' regions depend on the change. With
    ``htmx_redirect`` the browser goes to ``redirect_to`` instead (the flash waits there). The ``message``
    goes to the page's live region with the fragment (core.status). Plain post: the
    flash ``message`` and a redirect to ``redirect_to``. Fragments are callables so that they render after
    the commit, with what was stored.
    """
    db.session.commit()
    target = redirect_to() if callable(redirect_to) else redirect_to
    if wants_fragment() and not htmx_redirect:
        if message:
            announce(message)
        body = _text(fragment) + "".join(_text(part) for part in oob)
        return htmx_response(body, status, trigger=event)
    if message:
        flash(message, "success")
    if wants_fragment():
        return htmx_response("", 200, redirect=target)
    return redirect(target)


# --- after a refusal ------------------------------------------------------------------------------------

def shows_refusals(render: Callable[[Refused], object]):
    """Declare where a refusal of this view shows: ``render(refused)`` returns the body (the view's region for
    htmx, its page otherwise, with ``refused.put_on(form)`` or the problem in place), or None for the message
    alone. ``answer_refused`` calls it; the status is the refusal's."""

    def decorate(view):
        view.shows_refusals = render
        return view

    return decorate


def answer_refused(refused: Refused):
    """The one place a ``Refused`` becomes a response (registered as the app's error handler)."""
    db.session.rollback()
    view = current_app.view_functions.get(request.endpoint or "")
    render = getattr(view, "shows_refusals", None)
    body = render(refused) if render is not None else None
    if body is not None:
        if isinstance(body, tuple):  # a helper that answers (body, status): the refusal's status wins
            body = body[0]
        announce(f"{refused.title}: {refused.message}" if refused.title else refused.message, "error")
        response = make_response(body)
        response.status_code = refused.status
        return response
    from .errors import render_error

    body, status = render_error(refused.status, refused.title, refused.message)
    return into_flash_area(make_response(body, status))


def into_flash_area(response):
    """For htmx: the message goes where messages appear and the region the request came from stays as it was
    (a refusal, or a 403/409 from the access check). Other requests: unchanged."""
    if wants_fragment():
        # Set by hand: htmx-flask 0.1.0's reswap check rejects valid values ("innerHTML show:top", "afterbegin").
        response.headers["HX-Retarget"] = FLASH_AREA
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def invalid(form, message: str | None = None) -> Refused:
    """A form that did not validate, as a refusal: 422, carrying the form with its per-field errors, for a view
    whose ``@shows_refusals`` region shows ``refused.form`` again."""
    return Refused(422, message or _("Please check what you entered"), code="input", form=form)


def oob(template: str, **context) -> str:
    """``template`` rendered as an out-of-band region (the template puts ``hx-swap-oob`` on its root when
    ``oob`` is true)."""
    return render_template(template, oob=True, **context)
