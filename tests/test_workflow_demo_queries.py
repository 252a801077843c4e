"""Demo workspaces end up in different stages (idempotently), and the workspace page needs a fixed number
of queries however many tasks and history rows there are."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, func, select

from tests.factories_workflow import content_fixture, current_tasks, fire, switch_to, tick_required  # noqa: F401
from workspace.demo import WORKSPACE_TITLES, seed_demo
from workspace.extensions import db
from workspace.stages.models import StageChange, StageTask
from workspace.tenancy.models import Workspace


def test_demo_workspaces_are_spread_over_the_stages(app):
    seed_demo()
    spaces = [db.session.scalar(select(Workspace).where(Workspace.title == t)) for t in WORKSPACE_TITLES]
    assert [(w.stage, w.outcome) for w in spaces] == [
        ("explore", None), ("decide", None), ("evaluate", None), ("closed", "declined")]
    explore, decide, evaluate, closed = spaces
    assert 0 < sum(t.done for t in current_tasks(explore)) < len(current_tasks(explore))
    history = db.session.scalars(select(StageChange).where(StageChange.workspace_id == evaluate.id)
                                 .order_by(StageChange.created_at, StageChange.id)).all()
    assert [c.to_stage for c in history] == ["explore", "network", "values_check", "decide", "pilot", "evaluate"]
    assert len({c.actor_id for c in history[1:]}) == 2  # both leads moved it
    # Passed stages were worked: their required tasks are done.
    passed = db.session.scalars(select(StageTask).where(StageTask.workspace_id == evaluate.id,
                                                        StageTask.stage != "evaluate", StageTask.required)).all()
    assert passed and all(t.done for t in passed)
    last = db.session.scalars(select(StageChange).where(StageChange.workspace_id == closed.id)
                              .order_by(StageChange.id.desc())).first()
    assert (last.trigger, last.from_stage, last.outcome) == ("decline", "decide", "declined") and last.reason

    before = db.session.scalar(select(func.count(StageChange.id)))
    tasks_before = db.session.scalar(select(func.count(StageTask.id)))
    seed_demo()
    assert db.session.scalar(select(func.count(StageChange.id))) == before
    assert db.session.scalar(select(func.count(StageTask.id))) == tasks_before


@contextmanager
def counting_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_workspace_page_queries_do_not_grow_with_tasks_and_history(make, login_as, client, content):
    small = make.workspace(title="Klein")
    big = make.workspace(title="Groot")
    login_as(big.mentor_lead)
    for _ in range(3):
        tick_required(big.workspace)
        assert fire(client, big.workspace, "advance").status_code == 302
    for task in current_tasks(big.workspace):
        task.assignee_id, task.done_by_id = big.mentor_member.id, big.partner_member.id
        task.done_at = task.created_at
    db.session.commit()

    def page_queries(cast):
        switch_to(login_as, client, cast.mentor_lead)
        with counting_queries() as statements:
            assert client.get(f"/w/{cast.workspace.id}/").status_code == 200
        return len(statements)

    assert page_queries(big) == page_queries(small)
    with counting_queries() as statements:
        client.get(f"/w/{small.workspace.id}/workflow/history")
    history_small = len(statements)
    switch_to(login_as, client, big.mentor_lead)
    with counting_queries() as statements:
        client.get(f"/w/{big.workspace.id}/workflow/history")
    assert len(statements) == history_small
