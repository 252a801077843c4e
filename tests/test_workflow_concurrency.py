"""Two (or twenty) leads firing at the same moment give exactly one transition.

On PostgreSQL: 20 threads, each with its own app context and database connection, fire `advance` on one
workspace at once. On every database: a request whose workspace row changed after it was read loses at
the conditional UPDATE and records nothing.
"""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import func, select, text

from tests.factories_workflow import content_fixture, tick_required  # noqa: F401
from workspace import create_app
from workspace.accounts.models import User
from workspace.activity.models import Activity
from workspace.core.area import EXTENSION_KEY, installed
from workspace.core.refusal import Refused
from workspace.extensions import db
from workspace.stages import services
from workspace.stages.models import StageChange, StageTask
from workspace.tenancy.access import Access
from workspace.tenancy.models import Membership, Workspace

THREADS = 20


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_request_that_lost_the_race_records_nothing(app, make, content):
    cast = make.workspace()
    tick_required(cast.workspace)
    ws = db.session.get(Workspace, cast.workspace.id)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == cast.mentor_lead.id))
    access = Access(cast.mentor_lead.id, "lead", membership, cast.mentor_org.id)
    # Another request moves the workspace after this one loaded it.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE workspaces SET stage = 'network' WHERE id = :id"), {"id": ws.id})
    with pytest.raises(Refused) as refused:
        services.fire(ws, "advance", expected_stage="explore", expected_round=1, actor=cast.mentor_lead,
                      access=access)
    assert (refused.value.status, refused.value.code) == (409, "stale")
    db.session.rollback()
    assert _count(StageChange, StageChange.workspace_id == ws.id, StageChange.trigger == "advance") == 0
    assert _count(Activity, Activity.verb == "stage.advance") == 0


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="needs PostgreSQL (TEST_DATABASE_URL) for real concurrent connections")
def test_twenty_leads_fire_advance_at_once_and_one_transition_is_recorded(app, make, content):
    cast = make.workspace()
    tick_required(cast.workspace)
    ws_id = cast.workspace.id
    leads = [(cast.mentor_lead.id, cast.mentor_org.id), (cast.partner_lead.id, cast.partner_org.id)]
    thread_app = create_app({
        "TESTING": True, "SERVER_NAME": "localhost",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": THREADS + 2, "max_overflow": 0},
    })
    # The areas are installed per app: hand this app the same test-only stage content as the test's own app.
    thread_app.extensions[EXTENSION_KEY] = installed(app)
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def lead_presses_advance(number: int) -> None:
        user_id, org_id = leads[number % 2]
        with thread_app.app_context():
            try:
                workspace = db.session.get(Workspace, ws_id)
                actor = db.session.get(User, user_id)
                membership = db.session.scalar(select(Membership).where(Membership.user_id == user_id))
                access = Access(user_id, "lead", membership, org_id)
                db.session.commit()  # each thread starts its own transaction after the barrier
                barrier.wait(timeout=30)
                try:
                    services.fire(workspace, "advance", expected_stage="explore", expected_round=1, actor=actor,
                                  access=access)
                    db.session.commit()
                    outcome = "fired"
                except Refused as refused:
                    db.session.rollback()
                    outcome = refused.code
            except Exception as error:  # noqa: BLE001 - reported in the assertion below
                db.session.rollback()
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=lead_presses_advance, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with thread_app.app_context():
        db.engine.dispose()

    assert sorted(results) == ["fired"] + ["stale"] * (THREADS - 1), results
    db.session.expire_all()
    assert db.session.get(Workspace, ws_id).stage == "network"
    assert _count(StageChange, StageChange.workspace_id == ws_id, StageChange.trigger == "advance") == 1
    assert _count(Activity, Activity.workspace_id == ws_id, Activity.verb == "stage.advance") == 1
    network = db.session.scalars(select(StageTask.template_key).where(
        StageTask.workspace_id == ws_id, StageTask.stage == "network")).all()
    assert network and len(network) == len(set(network))
