"""Stateful property test: nobody ever sees a text they may not read, and nothing answers 5xx.

Two unrelated tenants. In tenant A, workspace W between a mentor project M and a wijkteam P, with both
leads, a member of each side, an observer of a third organisation, a colleague of M who starts as a member
(and may be downgraded to observer), and someone of P who takes part as an observer (and may be upgraded).
Tenant B has its own workspace W2 between two other organisations, with a lead and a member.

Everyone acts through HTTP with their own logged-in client. Every text anyone writes (note titles and
bodies, task titles) carries a unique marker (``mk000123q``), and the machine remembers who may read it:

- a joint note or a task of W: everyone who takes part in W, whatever their role;
- an internal note of W: the leads and members of the writing organisation — *as they are at the moment
  of reading* (a colleague downgraded to observer no longer reads it);
- anything of W2: the people of tenant B only;
- and, in the personal-data download only, the writer of a text, whatever their role is now: it holds the
  notes a person wrote, theirs to download (see NOT_ASKING in tests/test_internal_rule_everywhere.py).

Rules: write a joint or internal note, add a task, write in the other tenant, try to write in the other
tenant's workspace, change a role (downgrade to observer, upgrade back), and look: the workspace overview,
the notes list and search, each note's page, the activity feed, the dashboard, the people page, the export
download, the personal-data download, and the daily digest mails; after every change everyone looks at the
feed, the notes list, the search and the dashboard. Invariants after every step: no response
(and no digest mail) shows a marker to someone who may not read it, and no response is a 5xx.

Runs: 6 machines of up to 25 steps by default (a few minutes on a busy 2-core machine), 200 of 60 steps with ``--hypothesis-profile=nightly``.
"""

from __future__ import annotations

import itertools
import re
import time
from datetime import date, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from tests import factories
from tests.conftest import BrowserLikeClient
from tests.property_support import forms_of, path_of
from workspace.extensions import db, limiter
from workspace.mail import outbox
from workspace.notes.models import Note
from workspace.orgs.models import OrgRole
from workspace.tenancy import access as access_module
from workspace.tenancy.models import Membership, Role

#: Both arrive with issue #11's one rule for internal rows (tenancy.access.internal_visible), which also
#: fixes the activity feed's leak that this test finds on a main without it; until then they wait.
pytestmark = pytest.mark.skipif(not hasattr(access_module, "internal_visible"),
                                reason="the one rule for internal rows (#11) is not on main yet")

MACHINES = {"default": 6, "nightly": 200, "quick": 2}
MARKER = re.compile(r"mk\d{6}q")
_markers = itertools.count(1)
_days = itertools.count(1)
RUNS: dict[str, object] = {}

A_PEOPLE = ("mentor_lead", "mentor_member", "partner_lead", "partner_member", "observer", "m_colleague",
            "p_observer")
B_PEOPLE = ("b_lead", "b_member")
PEOPLE = A_PEOPLE + B_PEOPLE
#: who may change whose role, and to what: the lead of the person's own organisation
ROLE_CHANGES = {"mentor_member": "mentor_lead", "m_colleague": "mentor_lead", "partner_member": "partner_lead",
                "p_observer": "partner_lead"}
PAGES = ("/", "/notes/", "/notes/?q=mk", "/activity/", "/people/", "/workflow/history")


class World:
    """Both tenants, written by the factories; ``role`` and ``org`` as the machine believes them to be."""

    def __init__(self, app):
        a = factories.workspace(title="Werkruimte A")
        b = factories.workspace(title="Werkruimte B")
        self.w, self.w2 = a.workspace.id, b.workspace.id
        self.users = {name: getattr(a, name) for name in A_PEOPLE[:5]}
        self.users["m_colleague"] = factories.user(org=a.mentor_org)
        factories.member(a.workspace, self.users["m_colleague"], Role.MEMBER, a.mentor_org)
        self.users["p_observer"] = factories.user(org=a.partner_org, org_role=OrgRole.MEMBER)
        factories.member(a.workspace, self.users["p_observer"], Role.OBSERVER, a.partner_org)
        self.users["b_lead"], self.users["b_member"] = b.mentor_lead, b.mentor_member
        self.org = {"mentor_lead": "M", "mentor_member": "M", "m_colleague": "M", "partner_lead": "P",
                    "partner_member": "P", "p_observer": "P", "observer": "O", "b_lead": "B", "b_member": "B"}
        self.role = {"mentor_lead": "lead", "mentor_member": "member", "m_colleague": "member",
                     "partner_lead": "lead", "partner_member": "member", "p_observer": "observer",
                     "observer": "observer", "b_lead": "lead", "b_member": "member"}
        self.membership = {name: db.session.scalar(select(Membership.id).where(
            Membership.workspace_id == self.w, Membership.user_id == user.id))
            for name, user in self.users.items() if name in A_PEOPLE}
        self.emails = {user.email: name for name, user in self.users.items()}
        self.clients = {}
        limiter.reset()
        app.test_client_class = BrowserLikeClient
        for name, user in self.users.items():
            client = app.test_client()
            response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
            assert response.status_code == 302, name
            self.clients[name] = client


class Visibility(RuleBasedStateMachine):
    app = None  # set by the test

    def __init__(self):
        super().__init__()
        self.world = World(self.app)
        self.readers: dict[str, tuple[str, str | None]] = {}  # marker -> (kind, organisation)
        self.authors: dict[str, str] = {}  # marker -> who wrote it
        self.notes: list[tuple[int, int]] = []  # (workspace id, note id)
        self.steps = 0
        self.responses = 0

    # --- the oracle ---------------------------------------------------------------------------------------

    def may_read(self, person: str, marker: str, where: str = "") -> bool:
        if where == "/account/data.json" and self.authors.get(marker) == person:
            return True
        kind, org = self.readers[marker]
        if kind == "b":
            return self.world.org[person] == "B"
        if self.world.org[person] == "B":
            return False
        if kind == "joint":
            return True
        return self.world.org[person] == org and self.world.role[person] in ("lead", "member")

    def check(self, person: str, response, where: str) -> None:
        self.responses += 1
        assert response.status_code < 500, (person, where, response.status_code)
        text = response.get_data(as_text=True)
        for marker in set(MARKER.findall(text)):
            if marker in self.readers:
                assert self.may_read(person, marker, where), (
                    f"{person} ({self.world.org[person]}, {self.world.role[person]}) sees {marker} "
                    f"({self.readers[marker]}) in {where}")

    def new_marker(self, kind: str, org: str | None) -> str:
        marker = f"mk{next(_markers):06d}q"
        self.readers[marker] = (kind, org)
        return marker

    # --- helpers -------------------------------------------------------------------------------------------

    def submit(self, person: str, page: str, action_end: str, values: dict[str, str]):
        """Open ``page`` as ``person``, fill the post form whose action ends with ``action_end``, post it."""
        client = self.world.clients[person]
        response = client.get(page)
        self.check(person, response, page)
        forms = [f for f in forms_of(page, response.get_data(as_text=True)) if path_of(f.action).endswith(action_end)]
        if not forms:
            return None
        form = forms[0]
        data = {name: field.value for name, field in form.fields.items() if field.kind != "submit"}
        for name in data:
            for key, value in values.items():
                if name == key or name.endswith("-" + key):
                    data[name] = value
        for key, value in values.items():
            if not any(name == key or name.endswith("-" + key) for name in data):
                data[key] = value
        response = client.post(form.action, data=data, csrf=False)
        self.check(person, response, form.action)
        return response

    def sweep(self) -> None:
        """After every change: everyone looks at the places that list what changed (feed, notes, search,
        dashboard), so that a leak shows at once rather than when a later random look happens on it."""
        for person, client in self.world.clients.items():
            ws = self.ws(person)
            for url in (f"/w/{ws}/activity/", f"/w/{ws}/notes/", f"/w/{ws}/notes/?q=mk", "/dashboard/"):
                self.check(person, client.get(url), url)

    def ws(self, person: str) -> int:
        return self.world.w2 if self.world.org[person] == "B" else self.world.w

    # --- writing -------------------------------------------------------------------------------------------

    @rule(author=st.sampled_from(PEOPLE), internal=st.booleans())
    def write_note(self, author, internal):
        ws = self.ws(author)
        org = self.world.org[author]
        kind = "b" if org == "B" else ("internal" if internal else "joint")
        may_write = self.world.role[author] in ("lead", "member")
        marker = self.new_marker(kind, org)
        self.authors[marker] = author
        values = {"title": f"Notitie {marker}", "body": f"Tekst {marker}", "stage": ""}
        if internal:
            values["internal"] = "y"
        response = self.submit(author, f"/w/{ws}/notes/new", "/notes/new", values)
        if response is None or response.status_code >= 400:
            assert not may_write or response is None, (author, response and response.status_code)
            self.readers[marker] = ("nobody", None)  # never stored
            return
        assert may_write, f"{author} ({self.world.role[author]}) could write a note"
        note_id = _last_note_id(ws)
        self.notes.append((ws, note_id))
        self.sweep()

    @rule(author=st.sampled_from(PEOPLE))
    def add_task(self, author):
        ws = self.ws(author)
        kind = "b" if self.world.org[author] == "B" else "joint"
        marker = self.new_marker(kind, self.world.org[author])
        response = self.submit(author, f"/w/{ws}/", "/workflow/tasks", {"title": f"Taak {marker}"})
        if response is None or response.status_code >= 400:
            self.readers[marker] = ("nobody", None)
            return
        self.sweep()

    @rule(intruder=st.sampled_from(PEOPLE))
    def write_in_the_other_tenant(self, intruder):
        """Posting into the other tenant's workspace is refused and stores nothing."""
        ws = self.world.w if self.world.org[intruder] == "B" else self.world.w2
        client = self.world.clients[intruder]
        marker = self.new_marker("nobody", None)
        response = client.post(f"/w/{ws}/notes/new", data={"title": marker, "body": marker, "stage": ""})
        self.check(intruder, response, "foreign post")
        assert response.status_code == 404, (intruder, response.status_code)

    @rule(person=st.sampled_from(sorted(ROLE_CHANGES)), role=st.sampled_from(["observer", "member"]))
    def change_role(self, person, role):
        lead = ROLE_CHANGES[person]
        membership = self.world.membership[person]
        response = self.submit(lead, f"/w/{self.world.w}/people/", f"/people/members/{membership}/role",
                               {"role": role})
        assert response is not None and response.status_code < 400, (lead, person, role,
                                                                      response and response.status_code)
        self.world.role[person] = role
        self.sweep()

    # --- looking -------------------------------------------------------------------------------------------

    @rule(viewer=st.sampled_from(PEOPLE), htmx=st.booleans())
    def look(self, viewer, htmx):
        """Every page of both workspaces (the other tenant's answer 404), as a page or as an htmx fragment."""
        headers = {"HX-Request": "true"} if htmx else {}
        for ws in (self.world.w, self.world.w2):
            for page in PAGES:
                self.check(viewer, self.world.clients[viewer].get(f"/w/{ws}{page}", headers=headers), page)

    @rule(viewer=st.sampled_from(PEOPLE), data=st.data())
    def open_a_note(self, viewer, data):
        if not self.notes:
            return
        ws, note_id = data.draw(st.sampled_from(self.notes))
        for suffix in ("", "/edit"):
            url = f"/w/{ws}/notes/{note_id}{suffix}"
            self.check(viewer, self.world.clients[viewer].get(url), url)

    @rule(viewer=st.sampled_from(PEOPLE))
    def dashboard_and_personal_data(self, viewer):
        client = self.world.clients[viewer]
        for url in ("/dashboard/", "/account/data.json", "/account/privacy"):
            self.check(viewer, client.get(url), url)

    @rule(viewer=st.sampled_from(PEOPLE), other=st.booleans())
    def export(self, viewer, other):
        ws = self.world.w2 if other else self.world.w
        client = self.world.clients[viewer]
        self.check(viewer, client.post(f"/w/{ws}/export/json"), "export")

    @rule()
    def digests(self):
        outbox.clear()
        day = (date(2030, 1, 1) + timedelta(days=next(_days))).isoformat()
        result = self.app.test_cli_runner().invoke(args=["send-digests", "--day", day])
        assert result.exit_code == 0, result.output
        for message in outbox:
            person = self.world.emails.get(message["To"])
            if person is None:
                continue
            body = message.get_content()
            for marker in set(MARKER.findall(body)):
                if marker in self.readers:
                    assert self.may_read(person, marker), f"{person} gets {marker} in a digest"
        outbox.clear()

    @invariant()
    def count_steps(self):
        self.steps += 1

    def teardown(self):
        RUNS.setdefault("machines", 0)
        RUNS["machines"] += 1
        RUNS["steps"] = RUNS.get("steps", 0) + self.steps
        RUNS["responses"] = RUNS.get("responses", 0) + self.responses
        RUNS["markers"] = RUNS.get("markers", 0) + len(self.readers)


def _last_note_id(workspace_id: int) -> int:
    return db.session.scalar(select(func.max(Note.id)).where(Note.workspace_id == workspace_id))


def test_nobody_sees_a_text_they_may_not_read(app):
    Visibility.app = app
    profile = settings.get_current_profile_name()
    started = time.monotonic()
    RUNS.clear()
    run_state_machine_as_test(Visibility, settings=settings(max_examples=MACHINES.get(profile, 12)))
    RUNS["seconds"] = round(time.monotonic() - started, 1)
    print(f"\nvisibility machine: {RUNS}")
