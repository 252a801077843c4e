"""Globals and filters for the templates."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from babel import dates as babel_dates
from flask import request, url_for
from flask_babel import get_locale, get_timezone, to_user_timezone
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


# English pages are for readers in the Netherlands: dates as in British English ("1 Dec 2026"), not American.
FORMAT_LOCALES = {"en": "en_GB", "nl": "nl_NL"}


def format_locale() -> str:
    lang = str(get_locale() or "nl")
    return FORMAT_LOCALES.get(lang, lang)


def format_date(day, fmt: str = "medium") -> str:
    """A date in the reader's language; a datetime first goes to Europe/Amsterdam (the app's time zone)."""
    if not day:
        return ""
    if isinstance(day, datetime):
        day = to_user_timezone(day).date()
    return babel_dates.format_date(day, fmt, locale=format_locale())


def format_datetime(moment, fmt: str = "medium") -> str:
    """A moment in Europe/Amsterdam time, in the reader's language (en-GB for English)."""
    if not isinstance(moment, datetime):
        return ""
    return babel_dates.format_datetime(to_user_timezone(moment), fmt, tzinfo=get_timezone(), locale=format_locale())


def iso_datetime(moment) -> str:
    """A valid ``<time datetime>`` value: UTC, whole seconds (``2026-12-01T22:37:00Z``)."""
    if not isinstance(moment, datetime):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["isodatetime"] = iso_datetime
