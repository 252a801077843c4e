"""Property test: every form the app renders, filled with generated values, never gets a 5xx, and a refused
post changes nothing in the database.

The world is the real demo (``flask seed-demo``: workspaces at several stages, so the forms of every stage
are on some page). The fuzzer logs in as the demo's mentor lead, walks the pages it can reach by links
(``crawl``), and collects every ``<form method=post>`` with its fields as a browser would send them. Each
example then takes one form and, field by field, keeps the rendered value, replaces it (text with any
unicode, control characters, very long text, huge and odd numbers, dates far out, another option, an empty
value), drops it, or sends it twice; with or without ``HX-Request``. The CSRF token is kept, except in a few
examples. Invariants:

- the answer is never a 5xx;
- when the answer refuses (4xx), no table changed (``property_support.snapshot``; the audit trail and
  session bookkeeping are written on purpose and left out).

Examples: 120 by default (about a minute), 2500 with ``--hypothesis-profile=nightly``.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.property_support import changed_tables, forms_of, links_of, path_of, seed_demo, snapshot
from workspace.extensions import db

#: forms the fuzzer leaves alone: they end the fuzzing user's session or account, or take the user out of
#: the workspace, after which every later example would only test the login redirect
SPARED = {"accounts.logout", "accounts.delete", "accounts.end_others", "org_people.deactivate",
          "org_people.remove", "ws.people.remove_member", "accounts.change_password"}
#: pages not worth walking: downloads, and the language switch (it changes the user's setting)
NOT_WALKED = ("/static/", ".json", "lang=", "/logout")
MAX_PAGES = 160
RUNS: dict[str, object] = {}

TEXTS = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(codec="utf-8", max_codepoint=0x7f), max_size=40),  # ASCII with control characters
    st.sampled_from(["\x00", "a\x00b", "\x1b[31m", "line\nbreak", "\r\n", "\u202e", "\ufeff", "<script>x</script>",
                     "' OR 1=1 --", "%00", "{{ 7*7 }}", "123456782", "   "]),
    st.integers(0, 30000).map(lambda n: "x" * n),
)
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["2147483647", "2147483648", "-2147483649", "9" * 40, "1" * 5000, "1e309", "NaN", "-0",
                     "0x10", " 7 ", "1.5", "", "٣"]),
)
DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["2026-02-30", "20260-01-01", "0000-00-00", "31-12-2026", "2026-1-1", ""]),
)


def crawl(client) -> list:
    """Every post form on the pages reachable from the dashboard (at most MAX_PAGES), one per action URL."""
    seen, queue, forms = set(), ["/dashboard/", "/account", "/organisation/", "/workspaces/new"], {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or any(part in url for part in NOT_WALKED):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        for form in forms_of(url, html):
            forms.setdefault(path_of(form.action), form)
        queue.extend(link for link in links_of(html) if link not in seen)
    return [form for action, form in sorted(forms.items()) if _endpoint(client, action) not in SPARED]


def _endpoint(client, action: str) -> str | None:
    adapter = client.application.url_map.bind("localhost")
    try:
        return adapter.match(action.split("?")[0], method="POST")[0]
    except Exception:  # noqa: BLE001 - not one of ours
        return None


@st.composite
def filled(draw, form):
    """The form's fields as a browser would post them, each one possibly replaced, dropped or doubled."""
    data = MultiDict()
    for name, spec in form.fields.items():
        if name.endswith("csrf_token"):
            if draw(st.integers(0, 19)) > 0:  # one example in twenty goes without its token
                data.add(name, spec.value)
            continue
        if spec.kind == "submit":
            if spec.options or spec.value:
                data.add(name, draw(st.sampled_from(spec.options or [spec.value])))
            continue
        how = draw(st.sampled_from(["keep", "keep", "replace", "replace", "drop", "twice"]))
        if how == "drop":
            continue
        values = [spec.value] if how == "keep" else [_generated(draw, spec)]
        if how == "twice":
            values.append(_generated(draw, spec))
        for value in values:
            data.add(name, value)
    return data


def _generated(draw, spec) -> str:
    if spec.kind in ("number", "hidden", "range"):
        return draw(st.one_of(NUMBERS, TEXTS))
    if spec.kind == "date":
        return draw(st.one_of(DATES, TEXTS))
    if spec.options:
        return draw(st.one_of(st.sampled_from(spec.options), TEXTS, NUMBERS))
    return draw(TEXTS)


@pytest.fixture
def fuzz_world(app, client):
    password = seed_demo(app)
    response = client.post("/login", data={"email": "lead@mentor.example", "password": password})
    assert response.status_code == 302
    forms = crawl(client)
    return client, forms


def test_no_form_answers_5xx_and_a_refused_post_changes_nothing(fuzz_world):
    client, forms = fuzz_world
    assert len(forms) >= 40, f"the crawl found only {len(forms)} forms"
    stats = {"examples": 0, "refused": 0, "statuses": {}}
    started = time.monotonic()

    @given(data=st.data())
    def post_a_filled_form(data):
        form = data.draw(st.sampled_from(forms), label="form")
        values = data.draw(filled(form), label="values")
        htmx = data.draw(st.booleans(), label="htmx")
        before = snapshot(db)
        response = client.post(form.action, data=values, csrf=False, htmx=htmx)
        stats["examples"] += 1
        stats["statuses"][response.status_code] = stats["statuses"].get(response.status_code, 0) + 1
        assert response.status_code < 500, (form.action, values, response.get_data(as_text=True)[:500])
        if response.status_code >= 400:
            stats["refused"] += 1
            changed = changed_tables(before, snapshot(db))
            assert not changed, (form.action, response.status_code, changed, values)

    post_a_filled_form()
    RUNS["forms"] = dict(forms=len(forms), seconds=round(time.monotonic() - started, 1), **stats)
    print(f"\nform fuzzer: {RUNS['forms']}")


def test_found_by_the_fuzzer_a_refused_first_save_leaves_no_row_on_sqlite(client, make, login_as):
    """A stale version on a theme nobody saved yet: 409, and before workspace/core/database.py the empty row
    that ``_get_or_create`` made inside a SAVEPOINT stayed on SQLite (the RELEASE committed it)."""
    from sqlalchemy import func, select

    from tests.factories_notes import ws_url
    from workspace.groundwork.models import SensitiveTheme

    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post(ws_url(cast, "/groundwork/values/themes/cooperation"),
                           data={"theme-cooperation-version": "7", "theme-cooperation-view": "Onze kijk"})
    assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(SensitiveTheme)) == 0
