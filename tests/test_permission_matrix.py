"""Every route, every method, seven personas, against the committed table tests/permission_matrix.csv.

A route missing from the table fails ``test_every_route_is_in_the_table``; list the missing ones and get draft
rows with ``python scripts/permission_matrix.py missing`` / ``propose`` (see tests/permission_matrix.py for the
personas and the path-parameter registry).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests import permission_matrix as pm
from workspace.extensions import db

TABLE = pm.read_table()


@pytest.fixture(autouse=True, scope="module")
def _no_fsync_on_sqlite(app):
    """Hundreds of small worlds and logins: on SQLite, skip the fsync after each commit (durability does not
    matter for a test database). PostgreSQL runs as configured."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        yield
        return

    def no_sync(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
        dbapi_connection.execute("PRAGMA journal_mode=MEMORY")

    event.listen(engine, "connect", no_sync)
    engine.dispose()
    yield
    event.remove(engine, "connect", no_sync)
    engine.dispose()
READING = sorted(k for k in TABLE if k[1] == "GET")
CHANGING = sorted(k for k in TABLE if k[1] != "GET")


def _ids(key):
    return f"{key[0]}-{key[1]}"


def _mismatches(row, got: dict) -> list[str]:
    return [f"{persona}: got {got[persona]}, the table says {pm.expected(row, persona)}"
            for persona in pm.PERSONAS if got[persona] != pm.expected(row, persona)]


def test_every_route_is_in_the_table(app):
    missing, stale = pm.missing_and_stale(app, TABLE)
    hint = "\nRun `.venv/bin/python scripts/permission_matrix.py propose` for draft rows, check them, add them."
    assert not missing, "routes missing from tests/permission_matrix.csv: " + ", ".join(map(str, missing)) + hint
    assert not stale, "rows for routes that no longer exist: " + ", ".join(map(str, stale))


@pytest.mark.parametrize("key", sorted(TABLE), ids=_ids)
def test_the_table_keeps_the_house_rules(key):
    """The table itself obeys the roles table: strangers 404 inside a workspace, anonymous sent to log in,
    observers and org admins refused on changes (a comment route says "comment" in its note, a POST that
    changes nothing says "reads only"), never a 500."""
    row = TABLE[key]
    endpoint, method = key
    codes = {persona: pm.expected(row, persona) for persona in pm.PERSONAS}
    assert set(codes.values()) <= pm.ALLOWED, codes
    if endpoint.startswith("ws."):
        assert codes["anonymous"] == 302
        assert codes["other_ws_member"] == 404 and codes["other_org_lead"] == 404
        if method != "GET":
            reads = "reads only" in row["note"]  # e.g. a POST that builds an export
            assert codes["observer"] in (403, 404) or reads or "comment" in row["note"], \
                "observers may only read and comment; say so in the note for a comment route"
            assert codes["org_admin"] in (403, 404) or reads, "org admins who are no members only read"


def test_reading_routes_match_the_table(app):
    """Every GET route for every persona, in one world (reading changes nothing)."""
    world = pm.build_world()
    present = pm.routes(app)
    problems = []
    for key in READING:
        got = pm.outcomes(app, world, *key, rule=present[key])
        problems += [f"GET {key[0]} as {line}" for line in _mismatches(TABLE[key], got)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", CHANGING, ids=_ids)
def test_changing_routes_match_the_table(app, key):
    """Each route that changes something; every persona that may get through in a fresh world of its own."""
    got = pm.outcomes(app, None, *key, expect=TABLE[key])
    problems = _mismatches(TABLE[key], got)
    assert not problems, f"{key[1]} {key[0]}:\n" + "\n".join(problems)


_TOKENS = re.compile(r'(csrf_token" value="|"X-CSRFToken": ")[^"]+')


_WORKSPACE_PATH = re.compile(r"/w/\d+/")


def _normalised(body: str) -> str:
    """Without the CSRF tokens and the workspace id in the URL (the language link repeats the address)."""
    return _WORKSPACE_PATH.sub("/w/…/", _TOKENS.sub(r"\1…", body))


def test_a_stranger_cannot_tell_a_real_workspace_from_a_missing_one(app):
    """Inside /w/<id>/, a stranger's answer for a real workspace is byte for byte the answer for a missing id."""
    world = pm.build_world()
    present = pm.routes(app)
    original = pm.PARAMS["workspace_id"]
    problems = []
    for key in (k for k in sorted(present) if k[0].startswith("ws.")):
        for persona in ("other_org_lead", "other_ws_member"):
            real = pm.observe(app, world, *key, persona, rule=present[key])
            pm.PARAMS["workspace_id"] = lambda w: pm.MISSING_ID
            try:
                missing = pm.observe(app, world, *key, persona, rule=present[key])
            finally:
                pm.PARAMS["workspace_id"] = original
            real.close()
            missing.close()
            if not (real.status_code == missing.status_code == 404) or \
                    _normalised(real.get_data(as_text=True)) != _normalised(missing.get_data(as_text=True)):
                problems.append(f"{key} as {persona}: {real.status_code} vs {missing.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", [k for k in CHANGING if k[0].startswith("ws.")], ids=_ids)
def test_posted_ownership_fields_change_nothing(app, key):
    """workspace_id, role, author_id, stage (and friends) typed into a form by hand are ignored: the stage
    does not move, nobody's role changes, the other workspaces are untouched, and every row written is the
    caller's own (tried as member, then as lead)."""
    from workspace.activity.models import Activity
    from workspace.tenancy.models import Membership, Workspace

    world = pm.build_world()
    foreign = world.foreign
    hostile = {"workspace_id": foreign.workspace.id, "role": "lead", "author_id": foreign.mentor_lead.id,
               "stage": "closed", "organisation_id": foreign.mentor_org.id, "user_id": foreign.mentor_lead.id,
               "created_by_id": foreign.mentor_lead.id, "visible_to_org_id": foreign.mentor_org.id}
    stages = dict(db.session.execute(select(Workspace.id, Workspace.stage)).all())
    for persona in ("member", "lead"):
        actor = world.people[persona]
        roles_before = dict(db.session.execute(select(Membership.id, Membership.role)).all())
        last_row = db.session.scalar(select(func.max(Activity.id))) or 0
        pm.observe(app, world, *key, persona, data=hostile).close()
        db.session.expire_all()
        assert dict(db.session.execute(select(Workspace.id, Workspace.stage)).all()) == stages, "a stage moved"
        roles_after = dict(db.session.execute(select(Membership.id, Membership.role)).all())
        # (a removal is a route's own business; a role that changes is not)
        assert all(roles_before[m] == role for m, role in roles_after.items() if m in roles_before), "a role changed"
        new_rows = db.session.scalars(select(Activity).where(Activity.id > last_row)).all()
        assert all(r.workspace_id in (world.cast.workspace.id, None) for r in new_rows), "a row in another workspace"
        assert all(r.user_id in (actor.id, None) for r in new_rows), "a row in someone else's name"
        assert all(r.visible_to_org_id in (None, world.cast.mentor_org.id) for r in new_rows)
