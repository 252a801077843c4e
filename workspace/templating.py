"""Globals and filters for the templates."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import format_date, format_datetime, get_locale
from werkzeug.datastructures import MultiDict

from workflows import STAGES, Stage

from .core.area import installed
from .core.static import fingerprint
from .tenancy import access


def lang_url(code: str) -> str:
    """The current page in another language (keeps the other query arguments)."""
    args = MultiDict(request.args)
    args.setlist("lang", [code])
    return request.path + "?" + urlencode(list(args.items(multi=True)))


def asset_url(path: str) -> str:
    """A static URL with a content hash, so the file can be cached for a year."""
    return url_for("static", filename=path, v=fingerprint(path))


def stage_label(code: str) -> str:
    """The stage's name in the current language."""
    try:
        return STAGES[Stage(code)].label.get(str(get_locale() or "nl"))
    except ValueError:
        return code


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(
        lang_url=lang_url,
        asset_url=asset_url,
        current_lang=lambda: str(get_locale() or "nl"),
        can_read=access.can_read,
        can_edit=access.can_edit,
        can_comment=access.can_comment,
        can_lead=access.can_lead,
        workspace_tabs=lambda: installed().tabs,
        stage_label=stage_label,
    )
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if isinstance(d, datetime) else ""
