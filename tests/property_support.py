"""Shared by the property tests (tests/test_property_forms.py, tests/test_property_visibility.py).

Hypothesis profiles (select one with ``--hypothesis-profile=NAME`` or ``HYPOTHESIS_PROFILE=NAME``):

- ``default``: what every run of the suite does, within a few minutes on the 2-core machine;
- ``nightly``: about twenty times as many examples and longer stateful runs, for a scheduled job:
  ``.venv/bin/pytest tests/test_property_forms.py tests/test_property_visibility.py --hypothesis-profile=nightly``
  (add ``TEST_DATABASE_URL=...`` for PostgreSQL);
- ``quick``: ten examples, while working on the tests themselves.

Both profiles keep no example database (runs do not depend on what an earlier run found) and have no
deadline: one example is several HTTP requests against a real database, and the machine is shared.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import HealthCheck, settings
from sqlalchemy import select

SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
              HealthCheck.filter_too_much]
#: examples (form fuzzer) and steps per stateful run, per profile: see each test's docstring
PROFILES = {
    "default": dict(max_examples=120, stateful_step_count=25),
    "nightly": dict(max_examples=2500, stateful_step_count=60),
    "quick": dict(max_examples=10, stateful_step_count=10),  # while writing a test
}
for _name, _values in PROFILES.items():
    settings.register_profile(_name, deadline=None, database=None, print_blob=True, suppress_health_check=SUPPRESSED,
                              **_values)
# tests/conftest.py imports this module before pytest reads ``--hypothesis-profile``, which wins over the env
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# --- forms as a browser sees them -------------------------------------------------------------------------

@dataclass
class Field:
    name: str
    kind: str  # the input type, or "textarea" / "select"
    value: str = ""
    options: list[str] = field(default_factory=list)  # select options, radio and checkbox values


@dataclass
class Form:
    action: str
    page: str  # where it was found
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str, checked: bool = True) -> None:
        known = self.fields.get(name)
        if known is None:
            known = self.fields[name] = Field(name, kind, value if checked else "")
        if kind in ("radio", "checkbox", "select"):
            known.options.append(value)
            if checked and kind != "select":
                known.value = value


class FormParser(HTMLParser):
    """Every ``<form method=post>`` of a page with its fields: inputs, text areas, selects and their options."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._selected: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = Form(a.get("action") or self.page, self.page) if method == "post" else None
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                if a.get("value") is not None:
                    self._form.add(name, "submit", a.get("value") or "", checked=False)
                return
            checked = "checked" in a if kind in ("radio", "checkbox") else True
            self._form.add(name, kind, a.get("value") or ("y" if kind == "checkbox" else ""), checked)
        elif tag == "button" and name:
            self._form.add(name, "submit", a.get("value") or "", checked=False)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._selected = name, None
            self._form.add(name, "select", "", checked=False)
            self._form.fields[name].options.clear()
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            self._form.fields[self._select].options.append(value)
            if "selected" in a or self._selected is None:
                self._selected = value
                self._form.fields[self._select].value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.add(self._textarea, "textarea", "".join(self._text).lstrip("\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def forms_of(page: str, html: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return parser.forms


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])


def links_of(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    return parser.links


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- the database, before and after ---------------------------------------------------------------------

#: rows a request may write whatever it answers: sessions (last seen), the audit trail (a refusal is
#: recorded there on purpose: activity rows without a workspace), digest bookkeeping
VOLATILE_TABLES = {"user_sessions", "digest_logs"}


def snapshot(db) -> dict[str, str]:
    """A digest per table of every row (in primary-key order), except the volatile ones above."""
    digests = {}
    for table in db.metadata.sorted_tables:
        if table.name in VOLATILE_TABLES:
            continue
        query = select(table)
        if table.name == "activities":
            query = query.where(table.c.workspace_id.is_not(None))
        query = query.order_by(*table.primary_key.columns)
        digest = hashlib.sha256()
        for row in db.session.execute(query):
            digest.update(repr(tuple(row)).encode())
        digests[table.name] = digest.hexdigest()
    db.session.rollback()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def seed_demo(app) -> str:
    """Run the real ``seed-demo`` command; returns the demo password it prints."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    marker = "password: "
    line = next(line for line in result.output.splitlines() if marker in line)
    return line.split(marker, 1)[1].rstrip("):").strip()
