"""Stage tasks on the web: add, edit, assign, due date, reorder, tick, delete — each with htmx (a fragment)
and without (a redirect), with per-field errors, and refused for observers and other stages' tasks."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories_workflow import content_fixture, current_tasks, fire, tick_required  # noqa: F401
from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.stages.models import StageTask


def url(ws, path=""):
    return f"/w/{ws.id}/workflow/tasks{path}"


def task_count(ws) -> int:
    return db.session.scalar(select(func.count(StageTask.id)).where(StageTask.workspace_id == ws.id))


def exists(task_id: int) -> bool:
    return db.session.scalar(select(func.count(StageTask.id)).where(StageTask.id == task_id)) == 1


def own_task(ws, **fields) -> StageTask:
    tasks = current_tasks(ws)
    task = StageTask(workspace_id=ws.id, stage=ws.stage, round=ws.round, title=fields.pop("title", "Eigen taak"),
                     position=max(t.position for t in tasks) + 1, **fields)
    db.session.add(task)
    db.session.commit()
    return task


# --- add -------------------------------------------------------------------------------------------------

def test_member_adds_a_task_without_javascript(make, login_as, client):
    cast = make.workspace()
    before = task_count(cast.workspace)
    login_as(cast.partner_member)
    response = client.post(url(cast.workspace), data={
        "title": "Bel de wijkcoach", "description": "Over de doelgroep", "assignee": str(cast.mentor_member.id),
        "due_date": "2030-05-01"})
    assert response.status_code == 302
    task = current_tasks(cast.workspace)[-1]
    assert response.headers["Location"].endswith(f"#task-{task.id}")
    assert task_count(cast.workspace) == before + 1
    assert (task.title, task.description, task.assignee_id, str(task.due_date)) == (
        "Bel de wijkcoach", "Over de doelgroep", cast.mentor_member.id, "2030-05-01")
    assert task.required is False and task.template_key is None and task.created_by_id == cast.partner_member.id
    assert db.session.scalar(select(Activity.verb).where(Activity.object_id == task.id,
                                                         Activity.object_type == "StageTask")) == "task.created"
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    assert "Bel de wijkcoach" in page and cast.mentor_member.name in page


def test_lead_adds_a_task_with_htmx_and_gets_the_task_section(make, login_as, client):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post(url(cast.workspace), data={"title": "Maak een planning"}, htmx=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.lstrip().startswith('<section id="stage-tasks"') and "Maak een planning" in text
    assert_progress_travels_along(response)


@pytest.mark.parametrize("data,field,message", [
    ({"title": ""}, "title", "Please fill in this field"),
    ({"title": "   "}, "title", "Please fill in this field"),
    ({"title": "x" * 121}, "title", "120"),
    ({"title": "ok", "description": "y" * 2001}, "description", "2000"),
    ({"title": "ok", "due_date": "31-02-2030"}, "due_date", "2026-03-31"),
    ({"title": "ok", "due_date": "1850-01-01"}, "due_date", "2000"),
    ({"title": "ok", "assignee": "abc"}, "assignee", "two organisations"),
    ({"title": "ok\x00"}, "title", "control characters"),
])
def test_bad_task_input_gives_per_field_errors(make, login_as, client, data, field, message):
    cast = make.workspace()
    before = task_count(cast.workspace)
    login_as(cast.mentor_member)
    for htmx in (False, True):
        response = client.post(url(cast.workspace) + "?lang=en", data=dict(data), htmx=htmx)
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        error = text[text.index(f'id="new-task-{field}-error"'):]
        assert message in error[:400]
        assert ("<html" in text) is (not htmx)
    assert task_count(cast.workspace) == before


def test_assignee_from_another_workspace_or_an_observer_is_refused(make, login_as, client):
    cast = make.workspace()
    other = make.workspace(title="Ander")
    login_as(cast.mentor_lead)
    for person in (other.mentor_member, cast.observer):
        response = client.post(url(cast.workspace), data={"title": "Taak", "assignee": str(person.id)})
        assert response.status_code == 422
    task = current_tasks(cast.workspace)[0]
    response = client.post(url(cast.workspace, f"/{task.id}/edit"),
                           data={"title": task.title, "assignee": str(other.partner_lead.id)})
    assert response.status_code == 422
    db.session.refresh(task)
    assert task.assignee_id is None


# --- edit ------------------------------------------------------------------------------------------------

def test_edit_without_javascript_shows_a_page_then_saves(make, login_as, client):
    cast = make.workspace()
    task = current_tasks(cast.workspace)[0]
    login_as(cast.partner_member)
    page = client.get(url(cast.workspace, f"/{task.id}/edit"))
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    response = client.post(url(cast.workspace, f"/{task.id}/edit"), data={
        "title": "Nieuwe titel", "description": "", "assignee": str(cast.partner_lead.id), "due_date": "2031-01-15"})
    assert response.status_code == 302
    db.session.refresh(task)
    assert (task.title, task.description, task.assignee_id, str(task.due_date)) == (
        "Nieuwe titel", "", cast.partner_lead.id, "2031-01-15")
    assert task.required is True  # editing the text does not make a required task optional


def test_edit_with_htmx_swaps_the_row(make, login_as, client):
    cast = make.workspace()
    task = current_tasks(cast.workspace)[1]
    login_as(cast.mentor_member)
    form = client.get(url(cast.workspace, f"/{task.id}/edit"), headers={"HX-Request": "true"})
    text = form.get_data(as_text=True)
    assert text.lstrip().startswith(f'<li id="task-{task.id}"') and "<form" in text
    response = client.post(url(cast.workspace, f"/{task.id}/edit"), data={"title": "Korter"}, htmx=True)
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith(f'<li id="task-{task.id}"')
    assert_progress_travels_along(response)
    bad = client.post(url(cast.workspace, f"/{task.id}/edit"), data={"title": ""}, htmx=True)
    assert bad.status_code == 422 and f'id="task-{task.id}-title-error"' in bad.get_data(as_text=True)
    cancel = client.get(url(cast.workspace, f"/{task.id}"), headers={"HX-Request": "true"})
    assert "Korter" in cancel.get_data(as_text=True)


def test_unchanged_template_text_keeps_following_the_language(make, login_as, client):
    cast = make.workspace()
    task = current_tasks(cast.workspace)[0]
    dutch_title = task.title
    login_as(cast.mentor_member)
    client.get(f"/w/{cast.workspace.id}/?lang=en")
    response = client.post(url(cast.workspace, f"/{task.id}/edit"), data={
        "title": "Decide how much time and how many people the project can set aside",
        "description": "Something else", "assignee": str(cast.mentor_member.id)})
    assert response.status_code == 302
    db.session.refresh(task)
    assert task.title == dutch_title and task.description == "Something else"
    assert task.assignee_id == cast.mentor_member.id


# --- tick, move, delete ----------------------------------------------------------------------------------

def test_tick_and_untick(make, login_as, client):
    cast = make.workspace()
    task = current_tasks(cast.workspace)[0]
    login_as(cast.partner_member)
    response = client.post(url(cast.workspace, f"/{task.id}/done"), data={"done": "1"}, htmx=True)
    assert response.status_code == 200 and 'aria-pressed="true"' in response.get_data(as_text=True)
    assert_progress_travels_along(response)
    db.session.refresh(task)
    assert task.done_at is not None and task.done_by_id == cast.partner_member.id
    # Ticking twice changes nothing (a double click, or two people at once).
    client.post(url(cast.workspace, f"/{task.id}/done"), data={"done": "1"}, htmx=True)
    ticks = db.session.scalar(select(func.count(Activity.id)).where(Activity.verb == "task.ticked"))
    assert ticks == 1
    response = client.post(url(cast.workspace, f"/{task.id}/done"), data={"done": "0"})
    assert response.status_code == 302
    db.session.refresh(task)
    assert task.done_at is None and task.done_by_id is None
    assert client.post(url(cast.workspace, f"/{task.id}/done"), data={"done": "maybe"}).status_code == 400


def test_move_up_and_down(make, login_as, client):
    cast = make.workspace()
    first, second, *_ = current_tasks(cast.workspace)
    login_as(cast.mentor_member)
    response = client.post(url(cast.workspace, f"/{second.id}/move"), data={"direction": "up"}, htmx=True)
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<section id="stage-tasks"')
    assert [t.id for t in current_tasks(cast.workspace)][:2] == [second.id, first.id]
    response = client.post(url(cast.workspace, f"/{second.id}/move"), data={"direction": "down"})
    assert response.status_code == 302
    assert [t.id for t in current_tasks(cast.workspace)][:2] == [first.id, second.id]
    # At the top already: nothing changes, no error.
    assert client.post(url(cast.workspace, f"/{first.id}/move"), data={"direction": "up"}).status_code == 302
    assert [t.id for t in current_tasks(cast.workspace)][:2] == [first.id, second.id]
    assert client.post(url(cast.workspace, f"/{first.id}/move"), data={"direction": "left"}).status_code == 400


def test_delete_with_confirmation(make, login_as, client):
    cast = make.workspace()
    task = own_task(cast.workspace, title="Weg ermee")
    task_id = task.id
    login_as(cast.partner_lead)
    confirm = client.get(url(cast.workspace, f"/{task.id}/delete"))
    assert confirm.status_code == 200 and "Weg ermee" in confirm.get_data(as_text=True)
    assert exists(task.id)
    response = client.post(url(cast.workspace, f"/{task.id}/delete"), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Weg ermee" not in body
    assert 'id="stage-progress"' in body and 'hx-swap-oob="outerHTML"' in body  # the progress region, same response
    assert not exists(task_id)
    assert db.session.scalar(select(Activity.summary).where(Activity.verb == "task.deleted")) == "Weg ermee"
    other_id = own_task(cast.workspace, title="Ook weg").id
    assert client.post(url(cast.workspace, f"/{other_id}/delete")).status_code == 302
    assert not exists(other_id)


def test_required_tasks_cannot_be_deleted(make, login_as, client):
    cast = make.workspace()
    task = next(t for t in current_tasks(cast.workspace) if t.required)
    login_as(cast.mentor_lead)
    assert client.post(url(cast.workspace, f"/{task.id}/delete")).status_code == 409
    assert exists(task.id)


# --- who may, and which tasks ----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["observer", "admin_viewer"])
def test_observers_and_admin_viewers_read_but_do_not_change(make, login_as, client, who):
    from workspace.orgs.models import OrgRole

    cast = make.workspace()
    person = cast.observer if who == "observer" else make.user(org=cast.mentor_org, org_role=OrgRole.ADMIN)
    task = current_tasks(cast.workspace)[1]
    login_as(person)
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    assert task.title in page and "/workflow/tasks/" not in page.split("stage-tasks", 1)[1].split("</section>")[0] \
        .replace(f"/workflow/tasks/{task.id}\"", "")
    attempts = [
        (url(cast.workspace), {"title": "Nee"}),
        (url(cast.workspace, f"/{task.id}/edit"), {"title": "Nee"}),
        (url(cast.workspace, f"/{task.id}/done"), {"done": "1"}),
        (url(cast.workspace, f"/{task.id}/move"), {"direction": "down"}),
        (url(cast.workspace, f"/{task.id}/delete"), {}),
    ]
    for path, data in attempts:
        for htmx in (False, True):
            assert client.post(path, data=dict(data), htmx=htmx).status_code == 403, path
    assert client.get(url(cast.workspace, f"/{task.id}/edit")).status_code == 403
    db.session.refresh(task)
    assert task.done_at is None and task.title != "Nee"


def test_task_of_another_workspace_is_404(make, login_as, client):
    cast = make.workspace()
    other = make.workspace(title="Ander")
    foreign = current_tasks(other.workspace)[0]
    login_as(cast.mentor_lead)
    assert client.post(url(cast.workspace, f"/{foreign.id}/done"), data={"done": "1"}).status_code == 404
    assert client.get(url(cast.workspace, f"/{foreign.id}/edit")).status_code == 404
    db.session.refresh(foreign)
    assert foreign.done_at is None


def test_tasks_of_an_earlier_stage_are_read_only(make, login_as, client, content):
    cast = make.workspace()
    tick_required(cast.workspace)
    old = next(t for t in current_tasks(cast.workspace) if not t.required)
    login_as(cast.mentor_lead)
    fire(client, cast.workspace, "advance")
    page = client.get(f"/w/{cast.workspace.id}/").get_data(as_text=True)
    assert f'id="task-{old.id}"' in page
    assert client.post(url(cast.workspace, f"/{old.id}/done"), data={"done": "1"}).status_code == 409
    assert client.post(url(cast.workspace, f"/{old.id}/edit"), data={"title": "Anders"}).status_code == 409
    assert client.post(url(cast.workspace, f"/{old.id}/delete")).status_code == 409
    db.session.refresh(old)
    assert old.done_at is None


def test_closed_workspace_has_no_task_editing(make, login_as, client):
    cast = make.workspace(stage="closed")
    login_as(cast.mentor_member)
    assert client.post(url(cast.workspace), data={"title": "Nog iets"}).status_code == 409


def test_required_task_blocks_advance_until_ticked_through_the_web(make, login_as, client, content):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    for task in current_tasks(cast.workspace):
        if task.required:
            assert fire(client, cast.workspace, "advance").status_code == 409
            client.post(url(cast.workspace, f"/{task.id}/done"), data={"done": "1"}, htmx=True)
    progress = client.get(f"/w/{cast.workspace.id}/workflow/progress", headers={"HX-Request": "true"})
    assert "disabled" not in progress.get_data(as_text=True)
    assert fire(client, cast.workspace, "advance").status_code == 302


def assert_progress_travels_along(response):
    """A task change updates the progress/advance region in the same response (an out-of-band swap), so one
    interaction is one request; no follow-up refresh is triggered."""
    body = response.get_data(as_text=True)
    assert 'id="stage-progress"' in body and 'hx-swap-oob="outerHTML"' in body
    assert "HX-Trigger" not in response.headers

