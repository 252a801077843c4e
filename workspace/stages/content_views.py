"""Views of the areas whose content belongs to a stage (decide, pilot, evaluation) answer alike: a refusal
becomes a friendly page (or, for htmx, a message in the flash area), a change the section again (htmx) or a
flash and a redirect, invalid input the form with its errors and status 422. Each of those blueprints is made
by ``content_blueprint(...)``. ``readiness`` is the box on their pages that says what moving on still waits for.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale

from workflows import CollaborationFlow, Stage

from ..core.errors import render_error
from ..extensions import db
from ..tenancy.access import is_htmx
from .content import Refused
from .services import build_snapshot


def _refused(error: Refused):
    db.session.rollback()
    return render_error(error.status, detail=error.message)


def _htmx_headers(response):
    """A successful htmx change tells dependent regions to refresh; a refusal goes to the flash area instead of
    replacing the section the form was in."""
    if is_htmx() and request.method == "POST":
        if response.status_code == 200:
            response.headers["HX-Trigger"] = "workspace-changed"
        elif response.status_code in (403, 409):
            response.headers["HX-Retarget"] = "#flashes"
            response.headers["HX-Reswap"] = "innerHTML"
    return response


def content_blueprint(name: str, import_name: str, url_prefix: str) -> Blueprint:
    """A blueprint for a stage's content pages, with the shared answers to a refusal and to a successful htmx
    change."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.register_error_handler(Refused, _refused)
    bp.after_request(_htmx_headers)
    return bp


def lang() -> str:
    return str(get_locale() or "nl")


def done(message: str, endpoint: str, anchor: str, section: str, context, **url_args):
    """Success: the section for htmx, else a flash and a redirect to the page (at the section)."""
    db.session.commit()
    if is_htmx():
        return render_template(section, **context())
    flash(message, "success")
    return redirect(url_for(endpoint, **url_args) + f"#{anchor}")


def invalid(section: str, page: str, context: dict):
    """Invalid input: the section with per-field errors (htmx) or the whole page, with status 422."""
    db.session.rollback()
    return render_template(section if is_htmx() else page, **context), 422


def round_arg(default: int) -> int:
    """The ``?round=N`` of a page (404 unless it is a round this workspace has had)."""
    try:
        value = int(request.args.get("round", default))
    except (TypeError, ValueError):
        abort(404)
    if value < 1 or value > g.workspace.round:
        abort(404)
    return value


# --- readiness: what the workflow still waits for -------------------------------------------------------

PAGE_TRIGGERS = {
    Stage.DECIDE: [("advance", None), ("decline", None)],
    Stage.PILOT: [("advance", None)],
    Stage.EVALUATE: [("advance", None)],
    Stage.CONTINUING: [("close", "stopped")],
}


def readiness(stage: str) -> list[dict]:
    """For the stage a page belongs to: per trigger, the reasons it cannot fire yet ([] = it can)."""
    if g.workspace.stage != stage:
        return []
    language = lang()
    flow = CollaborationFlow(build_snapshot(g.workspace, lang=language))
    found = []
    for trigger, outcome in PAGE_TRIGGERS.get(Stage(stage), []):
        refusals = [r for r in flow.refusals(trigger, reason="-", outcome=outcome) if r.code != "reason_required"]
        found.append({"trigger": trigger, "outcome": outcome, "refusals": [r.text.get(language) for r in refusals]})
    return found
