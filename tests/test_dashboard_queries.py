"""Query budget: pages and fragments issue a fixed number of SQL statements, whatever the size of the data.

Each test measures one URL at a small and a large data set (a ``before_cursor_execute`` listener counts
every statement, the login-session lookup included) and asserts both counts are equal and at most
BUDGET. The counts are printed (``pytest -s``) for the report.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from tests import factories_dashboard as fd
from workspace.accounts.models import User
from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.orgs.models import OrgKind, OrgMembership
from workspace.stages.models import StageTask
from workspace.tenancy.models import Membership, Role

BUDGET = 10


@contextmanager
def counting():
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def measure(client, url: str, headers=None, method: str = "get") -> int:
    getattr(client, method)(url, headers=headers)  # warm up (language in the session, lazy imports)
    with counting() as statements:
        response = getattr(client, method)(url, headers=headers)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:1500])
    return len(statements)


def report(name: str, small: int, large: int) -> None:
    print(f"\nquery budget {name}: small={small} large={large}")


@pytest.fixture
def lead_and_org(client, make, login_as):
    mentor = make.org(kind=OrgKind.MENTOR_PROJECT)
    lead = make.user(org=mentor)
    login_as(lead)
    return lead, mentor


@pytest.mark.parametrize("url, headers", [
    ("/dashboard/", None),
    ("/dashboard/?stage=pilot&overdue=1&sort=days&page=2", None),
    ("/dashboard/?mine=1", {"HX-Request": "true"}),  # the htmx list fragment
])
def test_dashboard(client, lead_and_org, url, headers):
    lead, mentor = lead_and_org
    fd.bulk_workspaces(lead, mentor, 3, tasks_each=4)  # 12 tasks
    small = measure(client, url, headers)
    fd.bulk_workspaces(lead, mentor, 297, tasks_each=4, activity_each=3)  # 300 workspaces, 1,200 tasks
    large = measure(client, url, headers)
    report(url + (" (htmx)" if headers else ""), small, large)
    assert small == large
    assert large <= BUDGET


def test_dashboard_as_org_admin_with_decisions(client, make, login_as):
    """Admin viewers (no membership) and workspaces in decide (the decisions query) cost nothing extra."""
    mentor = make.org(kind=OrgKind.MENTOR_PROJECT)
    admin = make.user(org=mentor, org_role="admin")
    someone = make.user(org=mentor)
    login_as(admin)
    fd.bulk_workspaces(someone, mentor, 3, tasks_each=3, stage="decide")
    small = measure(client, "/dashboard/")
    fd.bulk_workspaces(someone, mentor, 200, tasks_each=5, stage="decide")
    large = measure(client, "/dashboard/")
    report("/dashboard/ (admin viewer, decide)", small, large)
    assert small == large <= BUDGET


def test_export_download_is_fixed_too(client, make, login_as):
    """Not a page, so not under the budget of 10, but it must not grow with the data either."""
    cast = make.workspace(stage="pilot")
    login_as(cast.mentor_member)
    url = f"/w/{cast.workspace.id}/export/json"
    small = measure(client, url, method="post")
    _big_workspace(cast, make)
    large = measure(client, url, method="post")
    report("export download", small, large)
    assert small == large


def _big_workspace(cast, make):
    """1,000 tasks assigned to many people, 60 more members, a long history and feed."""
    wid = cast.workspace.id
    people = [make.user(org=cast.partner_org) for _ in range(3)]
    extra = [User(email=f"bulk{i}@example.org", name=f"Bulk {i}", password_hash="x") for i in range(60)]
    db.session.add_all(extra)
    db.session.flush()
    db.session.add_all([OrgMembership(organisation_id=cast.partner_org.id, user_id=p.id) for p in extra])
    db.session.add_all([Membership(workspace_id=wid, user_id=p.id, organisation_id=cast.partner_org.id,
                                   role=Role.MEMBER) for p in extra])
    now = utcnow()
    db.session.add_all([
        StageTask(workspace_id=wid, stage=cast.workspace.stage, round=1, title=f"Bulk {i}", position=100 + i,
                     required=i % 4 == 0, assignee_id=(people + extra)[i % (len(people) + len(extra))].id,
                     due_date=(now + timedelta(days=i % 30 - 15)).date(), done_at=now if i % 3 == 0 else None,
                     done_by_id=people[0].id if i % 3 == 0 else None)
        for i in range(1000)
    ])
    db.session.add_all([Activity(workspace_id=wid, created_at=now - timedelta(minutes=i), verb="task.ticked",
                                    summary="x", user_id=people[i % 3].id) for i in range(500)])
    db.session.commit()


@pytest.fixture
def cast_in(make):
    def _make(stage: str):
        cast = make.workspace(stage=stage)
        fd.task(cast.workspace, "Een", assignee=cast.mentor_member)
        fd.task(cast.workspace, "Twee", done=True)
        return cast
    return _make


@pytest.mark.parametrize("stage", ["explore", "pilot"])
def test_workspace_page(client, login_as, make, cast_in, stage):
    """ws.show belongs to the workflow area (with every area's snapshot contributor); the budget holds for it."""
    cast = cast_in(stage)
    login_as(cast.mentor_lead)
    url = f"/w/{cast.workspace.id}/"
    small = measure(client, url)
    _big_workspace(cast, make)
    large = measure(client, url)
    report(f"ws.show ({stage})", small, large)
    assert small == large <= BUDGET


@pytest.mark.parametrize("path, fragment", [
    ("workflow/progress", True),
    ("workflow/history", False),
    ("export/", False),
])
def test_other_workspace_pages_and_fragments(client, login_as, make, cast_in, path, fragment):
    cast = cast_in("network")
    login_as(cast.mentor_lead)
    url = f"/w/{cast.workspace.id}/{path}"
    headers = {"HX-Request": "true"} if fragment else None
    small = measure(client, url, headers)
    _big_workspace(cast, make)
    large = measure(client, url, headers)
    report(path, small, large)
    assert small == large <= BUDGET


def test_a_task_row_fragment(client, login_as, make, cast_in):
    cast = cast_in("network")
    login_as(cast.mentor_lead)
    task = fd.task(cast.workspace, "Rij", assignee=cast.partner_member)
    url = f"/w/{cast.workspace.id}/workflow/tasks/{task.id}"
    small = measure(client, url, {"HX-Request": "true"})
    _big_workspace(cast, make)
    large = measure(client, url, {"HX-Request": "true"})
    report("task row fragment", small, large)
    assert small == large <= BUDGET


def _more_content(cast, count: int) -> None:
    """Notes (joint and internal), network contacts and indicators, ``count`` of each kind."""
    from workspace.groundwork.models import NetworkContact
    from workspace.notes.models import Note
    from workspace.pilot.models import Indicator

    wid = cast.workspace.id
    db.session.add_all([Note(workspace_id=wid, title=f"Notitie {i}", body="tekst", created_by_id=cast.mentor_lead.id,
                             internal_org_id=cast.partner_org.id if i % 3 == 0 else None) for i in range(count)])
    db.session.add_all([NetworkContact(workspace_id=wid, name=f"Contact {i}", owner_id=cast.partner_lead.id)
                        for i in range(count)])
    db.session.add_all([Indicator(workspace_id=wid, round=1, position=i, name=f"Indicator {i}", success="", failure="",
                                  target="1", unit="number", how_measured="", measured_by="") for i in range(count)])
    db.session.commit()


def test_every_workspace_page(app, client, login_as, make, cast_in):
    """Every GET page under /w/<id>/ (no other parameters) at a small and a large workspace: the dashboard
    area's pages must hold the budget; other areas' figures are reported and their overruns marked xfail."""
    cast = cast_in("pilot")
    _more_content(cast, 2)
    login_as(cast.mentor_lead)
    rules = sorted({r.rule for r in app.url_map.iter_rules()
                    if r.rule.startswith("/w/<int:workspace_id>/") and "GET" in r.methods
                    and set(r.arguments) == {"workspace_id"}})
    urls = {rule: rule.replace("<int:workspace_id>", str(cast.workspace.id)) for rule in rules}
    # pages that only redirect (e.g. to the current stage's page) are measured where they lead
    urls = {rule: url for rule, url in urls.items() if client.get(url).status_code == 200}
    rules = sorted(urls)
    small = {rule: measure(client, url) for rule, url in urls.items()}
    _big_workspace(cast, make)
    _more_content(cast, 200)
    large = {rule: measure(client, url) for rule, url in urls.items()}
    over = []
    for rule in rules:
        report(rule, small[rule], large[rule])
        if rule.endswith("/export/report"):
            # The printable report is neither the dashboard, the workspace page nor an htmx fragment (the
            # issue's budget): it reads nine kinds of rows once each (3 + 9 statements), never per row or round.
            assert small[rule] == large[rule] <= 15, rule
        elif rule.startswith("/w/<int:workspace_id>/export/"):
            assert small[rule] == large[rule] <= BUDGET, rule  # ours
        elif small[rule] != large[rule] or large[rule] > BUDGET:
            over.append(f"{rule}: {small[rule]} → {large[rule]}")
    if over:
        pytest.xfail("other areas over the budget or growing with the data: " + "; ".join(over))
