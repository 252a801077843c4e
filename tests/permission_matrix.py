"""The permission matrix: every route x every method x seven personas, against tests/permission_matrix.csv.

Used by tests/test_permission_matrix.py and by scripts/permission_matrix.py (which lists routes missing from
the table and proposes rows for them).

The world the requests run in (all GET routes share one; for every other route each persona the table lets
through acts in a fresh world of its own, the refused ones share one):

- W: a workspace between a mentor project M and a wijkteam P, with the usual cast (tests/factories.workspace);
- lead = M's lead of W (also admin of M), member = M's member of W, observer = W's observer;
- other_ws_member = a member of M who is NOT in W, but is a member of another workspace of M;
- other_org_lead = lead (and org admin) of an unrelated workspace between two other organisations;
- org_admin = an admin of M who is not a member of W (sees W read-only);
- anonymous = not logged in.

Path parameters are filled from ``PARAMS`` (parameter name -> function of the world); an integer parameter
nobody registered gets ``MISSING_ID`` (so the route must answer 404 to everyone who gets past the login),
a string one ``"does-not-exist"``. Add a line to ``PARAMS`` when your area's objects can be made here.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from tests import factories

PERSONAS = ("anonymous", "lead", "member", "observer", "other_ws_member", "other_org_lead", "org_admin")
COLUMNS = ("endpoint", "method", *PERSONAS, "note")
TABLE = Path(__file__).with_name("permission_matrix.csv")
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
#: what a row may expect; a 500 is never expected
ALLOWED = {200, 204, 302, 303, 308, 400, 403, 404, 405, 409, 410, 422}  # 308: a page that moved (its old address)
MISSING_ID = 999999
CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


@dataclass
class World:
    cast: object
    people: dict
    other_workspace: object
    foreign: object
    made: dict = field(default_factory=dict)  # objects made on demand by PARAMS
    clients: dict = field(default_factory=dict)  # persona -> logged-in test client (with its CSRF token)


_counter = itertools.count(1)


def _cast(db, title: str, mentor_org, partner_org, observer_org):
    """Like tests.factories.workspace, but flushed instead of committed (one commit for the whole world)."""
    from workspace.tenancy.models import Membership, Workspace

    space = Workspace(title=title, mentor_org_id=mentor_org.id, partner_org_id=partner_org.id, stage="explore")
    db.session.add(space)
    db.session.flush()
    people = {
        "mentor_lead": (_user(db, mentor_org, "admin"), "lead", mentor_org),
        "mentor_member": (_user(db, mentor_org), "member", mentor_org),
        "partner_lead": (_user(db, partner_org, "admin"), "lead", partner_org),
        "partner_member": (_user(db, partner_org), "member", partner_org),
        "observer": (_user(db, observer_org), "observer", observer_org),
    }
    for person, role, org in people.values():
        db.session.add(Membership(workspace_id=space.id, user_id=person.id, organisation_id=org.id, role=role))
    db.session.flush()
    from workspace.tenancy.events import workspace_created

    workspace_created(space)
    return factories.Cast(space, mentor_org, partner_org, observer_org, {k: v[0] for k, v in people.items()})


def _org(db, kind: str):
    from workspace.orgs.models import Organisation

    org = Organisation(name=f"Matrix organisation {next(_counter)}", kind=kind, place="Rivierstad")
    db.session.add(org)
    db.session.flush()
    return org


def _user(db, org, org_role: str = "member"):
    from workspace.accounts.models import User
    from workspace.accounts.passwords import hash_password
    from workspace.orgs.models import OrgMembership

    n = next(_counter)
    if "hash" not in _HASH:
        _HASH["hash"] = hash_password(factories.PASSWORD)
    person = User(email=f"matrix{n}@example.org", name=f"Matrix Person {n}", password_hash=_HASH["hash"])
    db.session.add(person)
    db.session.flush()
    db.session.add(OrgMembership(organisation_id=org.id, user_id=person.id, role=org_role))
    return person


_HASH: dict[str, str] = {}


def build_world() -> World:
    """The world of the module docstring, written in one transaction (fast on slow disks)."""
    from workspace.extensions import db
    from workspace.tenancy.models import Membership, Workspace

    mentor, partner, third = _org(db, "mentor_project"), _org(db, "wijkteam"), _org(db, "other")
    cast = _cast(db, "Matrix workspace", mentor, partner, third)
    other = Workspace(title="Another workspace of the mentor project", mentor_org_id=mentor.id,
                      partner_org_id=_org(db, "wijkteam").id)
    db.session.add(other)
    db.session.flush()
    other_ws_member = _user(db, mentor)
    db.session.add(Membership(workspace_id=other.id, user_id=other_ws_member.id, organisation_id=mentor.id,
                              role="member"))
    db.session.add(Membership(workspace_id=other.id, user_id=cast.mentor_lead.id, organisation_id=mentor.id,
                              role="lead"))
    foreign = _cast(db, "Unrelated workspace", _org(db, "mentor_project"), _org(db, "municipality"),
                    _org(db, "other"))
    org_admin = _user(db, mentor, "admin")
    db.session.commit()
    people = {
        "anonymous": None,
        "lead": cast.mentor_lead,
        "member": cast.mentor_member,
        "observer": cast.observer,
        "other_ws_member": other_ws_member,
        "other_org_lead": foreign.mentor_lead,
        "org_admin": org_admin,
    }
    return World(cast=cast, people=people, other_workspace=other, foreign=foreign)


# --- path parameters ---------------------------------------------------------------------------------

def _membership(world: World) -> int:
    from workspace.extensions import db
    from workspace.tenancy.models import Membership

    return db.session.scalar(select(Membership.id).where(Membership.workspace_id == world.cast.workspace.id,
                                                         Membership.user_id == world.cast.mentor_member.id))


def _invitation(world: World):
    """A pending invitation of W, made by M's lead, addressed to someone not in the world."""
    if "invitation" not in world.made:
        from workspace.extensions import db
        from workspace.invitations.services import create_invitation

        invitation, token = create_invitation(created_by=world.cast.mentor_lead, email="invitee@example.org",
                                              workspace_id=world.cast.workspace.id, role="member",
                                              organisation_id=world.cast.mentor_org.id)
        db.session.commit()
        world.made["invitation"] = (invitation.id, token)
    return world.made["invitation"]


def _made(world: World, key: str, make: Callable[[], object]):
    """Make an object once per world."""
    if key not in world.made:
        world.made[key] = make()
    return world.made[key]


def _task(world: World) -> int:
    from tests.factories_workflow import current_tasks

    return _made(world, "task", lambda: current_tasks(world.cast.workspace)[0].id)


def _note(world: World) -> int:
    from tests.factories_notes import note

    return _made(world, "note", lambda: note(world.cast).id)


def _contact(world: World) -> int:
    def make():
        from workspace.extensions import db
        from workspace.groundwork.models import NetworkContact

        contact = NetworkContact(workspace_id=world.cast.workspace.id, name="Wijkagent Oost")
        db.session.add(contact)
        db.session.commit()
        return contact.id

    return _made(world, "contact", make)


def _indicator(world: World) -> int:
    from tests.factories_pilot import indicator

    return _made(world, "indicator", lambda: indicator(world.cast).id)


def _evaluation_round(world: World) -> int:
    """Round 1 gets an evaluation (whatever the stage), so that commenting on it can be tried."""
    from tests.factories_pilot import evaluation_ready

    _made(world, "evaluation", lambda: evaluation_ready(world.cast).id)
    return 1


def _comment(world: World) -> int:
    """A comment by the observer on the round's evaluation (only its author may change it)."""
    def make():
        from workspace.evaluation.models import EvaluationComment
        from workspace.extensions import db

        _evaluation_round(world)
        comment = EvaluationComment(workspace_id=world.cast.workspace.id, evaluation_id=world.made["evaluation"],
                                    author_id=world.cast.observer.id, organisation_id=world.cast.observer_org.id,
                                    body="Helder verslag.")
        db.session.add(comment)
        db.session.commit()
        return comment.id

    return _made(world, "comment", make)


def _pilot_row(model_name: str, **fields):
    """A row of the round-1 pilot plan of W (responsibility, practical need, check-in)."""
    def factory(world: World) -> int:
        def make():
            from workspace.extensions import db
            from workspace.pilot import models

            row = getattr(models, model_name)(workspace_id=world.cast.workspace.id, round=1, **fields)
            db.session.add(row)
            db.session.commit()
            return row.id

        return _made(world, model_name, make)

    return factory


def _theme_code(world: World) -> str:
    from workspace.groundwork.content import THEME_CODES

    return THEME_CODES[0]


#: path parameter name -> value in the world. Not listed: an integer gets MISSING_ID (404 for everyone past
#: the login), anything else "does-not-exist". Register your area's objects here.
PARAMS: dict[str, Callable[[World], object]] = {
    "workspace_id": lambda w: w.cast.workspace.id,
    "org_id": lambda w: w.cast.mentor_org.id,
    "user_id": lambda w: w.cast.mentor_member.id,
    "membership_id": _membership,
    "invitation_id": lambda w: _invitation(w)[0],
    "token": lambda w: _invitation(w)[1],
    "filename": lambda w: "app.css",
    "task_id": _task,
    "note_id": _note,
    "contact_id": _contact,
    "indicator_id": _indicator,
    "stage": lambda w: "pilot",
    "trigger": lambda w: "advance",
    "code": _theme_code,
    "side": lambda w: "mentor",
    "round_": _evaluation_round,
    "comment_id": _comment,
    "row_id": _pilot_row("ResponsibilityRow", topic="Contact met de ouders"),
    "need_id": _pilot_row("PracticalNeed", kind="time"),
    "check_in_id": _pilot_row("CheckIn", on_date=date(2026, 3, 2), topic="Tussenstand"),
    # not made (yet): match_id (an exit match needs an exit plan) -> 404
}


def url_for_rule(app, rule, world: World) -> str:
    values = {}
    for name in rule.arguments:
        if name in PARAMS:
            values[name] = PARAMS[name](world)
        else:
            converter = rule._converters.get(name)
            is_int = converter is not None and type(converter).__name__ in ("IntegerConverter", "NumberConverter")
            values[name] = MISSING_ID if is_int else "does-not-exist"
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, values, method=None, force_external=False)


# --- routes and the table --------------------------------------------------------------------------------

def routes(app) -> dict[tuple[str, str], object]:
    """(endpoint, method) -> rule, for every rule in the app."""
    found = {}
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIPPED_METHODS):
            found[(rule.endpoint, method)] = rule
    return found


def read_table(path: Path = TABLE) -> dict[tuple[str, str], dict]:
    rows = {}
    if not path.exists():
        return rows
    with open(path, newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines):
        key = (row["endpoint"], row["method"])
        if key in rows:
            raise ValueError(f"duplicate row in {path.name}: {key}")
        rows[key] = row
    return rows


def expected(row: dict, persona: str) -> int:
    return int(row[persona])


def missing_and_stale(app, table=None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    table = read_table() if table is None else table
    present = routes(app)
    missing = sorted(set(present) - set(table))
    stale = sorted(set(table) - set(present))
    return missing, stale


# --- one request -----------------------------------------------------------------------------------------

def client_for(app, world: World, persona: str):
    """A test client logged in as ``persona`` (made once per world), and its CSRF token."""
    if persona in world.clients:
        return world.clients[persona]
    from tests.conftest import BrowserLikeClient

    app.test_client_class = BrowserLikeClient
    browser = app.test_client()
    user = world.people[persona]
    if user is not None:
        response = browser.post("/login", data={"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302, f"login of {persona} failed"
    world.clients[persona] = (browser, csrf_token(browser))
    return world.clients[persona]


def csrf_token(browser) -> str:
    page = browser.get("/privacy").get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def observe(app, world: World, endpoint: str, method: str, persona: str, rule=None, data: dict | None = None):
    """Make the request as ``persona``; returns the response (redirects are not followed)."""
    rule = rule or routes(app)[(endpoint, method)]
    url = url_for_rule(app, rule, world)
    browser, token = client_for(app, world, persona)
    if method == "GET":
        return browser.open(url, method="GET")
    return browser.open(url, method=method, data={"csrf_token": token, **(data or {})})


REFUSALS = {403, 404, 405}


def outcomes(app, world: World | None, endpoint: str, method: str, rule=None, expect: dict | None = None
             ) -> dict[str, int]:
    """The status every persona gets.

    With a ``world`` all personas share it (reading routes). Without, each persona that may get through acts
    in a fresh world of its own, so that what one changes cannot alter another's answer; personas the table
    ``expect``s to be refused (and anonymous) share one world, which is safe: should one of them get through
    after all, its own answer already differs from the table.
    """
    rule = rule or routes(app)[(endpoint, method)]
    shared = world
    got = {}
    for persona in sorted(PERSONAS, key=lambda p: p != "anonymous" and int((expect or {}).get(p, 0)) not in REFUSALS):
        refused = persona == "anonymous" or (expect is not None and int(expect[persona]) in REFUSALS)
        if world is not None:
            here = world
        elif refused:
            shared = shared or build_world()
            here = shared
        else:
            here = build_world()
        _reset_rate_limits(app)
        response = observe(app, here, endpoint, method, persona, rule=rule)
        got[persona] = response.status_code
        response.close()  # static files are streamed: close them
    return got


def _reset_rate_limits(app) -> None:
    """Rate limits are tested on their own: here seven people share one address within seconds."""
    if app.config.get("RATELIMIT_ENABLED"):
        from workspace.extensions import limiter

        limiter.reset()


def clean_tables() -> None:
    from workspace.extensions import db

    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def propose_rows(app, keys) -> list[dict]:
    """Observed outcomes for ``keys`` ((endpoint, method) pairs): a DRAFT for the table, to be checked by hand
    against the roles table in DOMAIN.md before it is committed. One fresh world per route, as in the test."""
    present = routes(app)
    rows = []
    for endpoint, method in keys:
        try:
            world = build_world() if method == "GET" else None
            got = outcomes(app, world, endpoint, method, rule=present[(endpoint, method)])
        finally:
            clean_tables()
        rows.append({"endpoint": endpoint, "method": method, "note": "proposed: check by hand",
                     **{p: str(got[p]) for p in PERSONAS}})
    return rows


def format_rows(rows) -> str:
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
