"""One way to refuse and one way to answer a change (core.refusal.Refused, core.respond), seen from outside."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories_workflow import content_fixture, current_tasks  # noqa: F401
from workspace.core.refusal import Refused
from workspace.extensions import db
from workspace.stages.models import StageTask


def _tasks_url(cast, path: str = "") -> str:
    return f"/w/{cast.workspace.id}/workflow/tasks{path}"


def _a_task(cast) -> StageTask:
    return db.session.scalars(select(StageTask).where(StageTask.workspace_id == cast.workspace.id)
                              .order_by(StageTask.id)).first()


def test_a_refusal_without_a_region_of_its_own_goes_to_the_flash_area_for_htmx(make, login_as, client):
    cast = make.workspace()
    task = _a_task(cast)
    cast.workspace.stage, cast.workspace.outcome = "closed", "stopped"
    db.session.commit()
    login_as(cast.mentor_member)
    response = client.post(_tasks_url(cast, f"/{task.id}/done"), data={"done": "1"}, htmx=True)
    assert response.status_code == 409
    assert (response.headers["HX-Retarget"], response.headers["HX-Reswap"]) == ("#flashes", "innerHTML")
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div class="error-box"') and "heropenen" in body  # the service's own words
    plain = client.post(_tasks_url(cast, f"/{task.id}/done"), data={"done": "1"})
    assert plain.status_code == 409 and "HX-Retarget" not in plain.headers
    assert "<!doctype html>" in plain.get_data(as_text=True).lower()
    db.session.refresh(task)
    assert task.done_at is None


def test_a_forbidden_htmx_post_also_goes_to_the_flash_area(make, login_as, client):
    cast = make.workspace()
    login_as(cast.observer)
    response = client.post(_tasks_url(cast, f"/{_a_task(cast).id}/done"), data={"done": "1"}, htmx=True)
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#flashes"


def test_a_change_answers_htmx_with_the_row_and_the_progress_region_out_of_band(make, login_as, client):
    cast = make.workspace()
    task = _a_task(cast)
    login_as(cast.mentor_member)
    response = client.post(_tasks_url(cast, f"/{task.id}/done"), data={"done": "1"}, htmx=True)
    assert response.status_code == 200 and "HX-Trigger" not in response.headers
    body = response.get_data(as_text=True)
    assert -1 < body.find(f'id="task-{task.id}"') < body.find('id="stage-progress"')  # the row, then the region
    assert 'hx-swap-oob="outerHTML"' in body
    plain = client.post(_tasks_url(cast, f"/{task.id}/done"), data={"done": "0"})
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"#task-{task.id}")


def test_refused_carries_per_field_messages():
    refused = Refused(422, "Kies een rol.", "role", fields={"email": ["Al uitgenodigd."]}, code="input")
    assert refused.fields == {"email": ["Al uitgenodigd."], "role": ["Kies een rol."]}
    assert (refused.status, refused.message, refused.field, refused.code) == (422, "Kies een rol.", "role", "input")
