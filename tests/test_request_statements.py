"""SQL statements per request for the three interactions the restructure (#11) is measured by: ticking a task,
firing ``advance`` and sharing an evaluation, each as the htmx request a lead's browser sends.

Every statement counts, the login-session lookup included. The budgets are the counts measured before the
restructure (commit 8ec0748): the restructure may lower them, never raise them. ``pytest -s`` prints the counts.
"""

from __future__ import annotations

from sqlalchemy import select

from tests.factories_pilot import evaluation_ready, plan_ready, tick_tasks
from tests.test_dashboard_queries import counting
from workspace.extensions import db
from workspace.stages.models import StageTask

BUDGETS = {"tick a task": 11, "fire advance": 19, "share the evaluation": 17}


def _post(client, workspace, path: str, data: dict) -> int:
    """One htmx POST with a CSRF token fetched beforehand, so that only the request itself is counted."""
    url = f"/w/{workspace.id}/{path}"
    client.get(f"/w/{workspace.id}/")  # warm up (language in the session, lazy imports)
    data = {**data, "csrf_token": client.csrf_token()}
    with counting() as statements:
        response = client.post(url, data=data, csrf=False, htmx=True)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:800])
    return len(statements)


def _report(name: str, count: int) -> None:
    print(f"\nstatements per request, {name}: {count} (budget {BUDGETS[name]})")
    assert count <= BUDGETS[name]


def test_ticking_a_task(client, make, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    task = db.session.scalars(select(StageTask).where(StageTask.workspace_id == cast.workspace.id)
                              .order_by(StageTask.id)).first()
    _report("tick a task", _post(client, cast.workspace, f"workflow/tasks/{task.id}/done", {"done": "1"}))


def test_firing_advance(client, make, login_as):
    cast = make.workspace(stage="pilot")
    plan_ready(cast)
    tick_tasks(cast.workspace)
    login_as(cast.mentor_lead)
    data = {"expected_stage": "pilot", "expected_round": "1", "confirmed": "1"}
    _report("fire advance", _post(client, cast.workspace, "workflow/fire/advance", data))
    db.session.refresh(cast.workspace)
    assert cast.workspace.stage == "evaluate"


def test_sharing_the_evaluation(client, make, login_as):
    cast = make.workspace(stage="evaluate")
    evaluation = evaluation_ready(cast)
    login_as(cast.mentor_lead)
    _report("share the evaluation", _post(client, cast.workspace, "evaluation/share", {}))
    db.session.refresh(evaluation)
    assert evaluation.shared_at is not None
