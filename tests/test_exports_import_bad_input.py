"""Importing a bad file: a clear message, and nothing imported half-way."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from workspace.activity.models import Activity
from workspace.extensions import db
from workspace.orgs.models import OrgKind
from workspace.stages.models import StageTask
from workspace.tenancy.models import Membership, Workspace


def good_document(**changes) -> dict:
    document = {
        "format": "mentorbrug-workspace/1",
        "workspace": {"title": "Sjabloon"},
        "tasks": [
            {"stage": "explore", "round": 1, "position": 0, "template_key": None, "title": "Eigen taak",
             "description": "", "required": False},
            {"stage": "network", "round": 1, "position": 0, "template_key": None, "title": "Nog een taak",
             "description": "Uitleg", "required": True},
        ],
    }
    document.update(changes)
    return document


def upload(client, document, filename="export.json", **fields):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post("/import/", data={"file": (io.BytesIO(raw), filename), **fields},
                       content_type="multipart/form-data")


def upload_raw_multipart(client, file_bytes: bytes):
    """A multipart body built in memory: the test client would spool a big one to a temporary file, which
    it never closes when the server (rightly) refuses to read it."""
    boundary = "----mentorbrug-test-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{client.csrf_token()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.json\"\r\n"
            "Content-Type: application/json\r\n\r\n").encode()
    body = head + file_bytes + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/import/", data=body, csrf=False, content_type=f"multipart/form-data; boundary={boundary}")


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Workspace, StageTask, Membership, Activity))


@pytest.fixture
def lead(client, make, login_as):
    org = make.org("Samen Verder", kind=OrgKind.MENTOR_PROJECT)
    person = make.user(org=org)
    login_as(person)
    client.get("/import/?lang=en")
    return person


def refused(response, *fragments):
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:2000]
    assert "Nothing was imported" in page
    for fragment in fragments:
        assert fragment in page, (fragment, page[page.find("error-box"):][:1500])
    return page


def test_a_good_file_is_imported(client, lead):
    before = counts()
    response = upload(client, good_document())
    assert response.status_code == 302
    assert counts()[0] == before[0] + 1


@pytest.mark.parametrize("raw, message", [
    (b"", "The file is empty"),
    (b"   \n", "The file is empty"),
    (b"\xff\xfe\x00garbage\x80", "This is not a text file"),
    (b"{not json", "This file is not valid JSON (line 1, column 2)"),
    (b"[1, 2, 3]", "is not a Mentorbrug workspace export"),
    (b'"just a string"', "is not a Mentorbrug workspace export"),
    (b"[" * 100_000, "This file is not valid JSON"),  # nesting deeper than any parser should follow
    (b'{"format": "mentorbrug-workspace/1", "workspace": {"title": "x"}, "tasks": [' + b"9" * 5000 + b"]}",
     "This file is not valid JSON"),  # an absurd number
])
def test_not_json(client, lead, raw, message):
    before = counts()
    refused(upload(client, raw), message)
    assert counts() == before


@pytest.mark.parametrize("fmt, message", [
    ("mentorbrug-workspace/2", "This export has format version “mentorbrug-workspace/2”; this Mentorbrug reads "
                               "“mentorbrug-workspace/1”"),
    ("mentorbrug-workspace/0.9", "format version"),
    ("something-else/1", "is not a Mentorbrug workspace export (format “something-else/1”)"),
    (1, "is not a Mentorbrug workspace export"),
])
def test_wrong_format_version(client, lead, fmt, message):
    before = counts()
    refused(upload(client, good_document(format=fmt)), message)
    assert counts() == before


def test_missing_format(client, lead):
    document = good_document()
    del document["format"]
    refused(upload(client, document), "it has no “format”")


def test_a_file_over_the_limit_gets_a_clear_413(client, lead):
    before = counts()
    response = upload_raw_multipart(client, b"{" + b" " * (3 * 1024 * 1024) + b"}")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "This file is too large to import" in page and "up to 2 MB" in page
    assert counts() == before


def test_a_50_megabyte_file(client, lead):
    before = counts()
    response = upload_raw_multipart(client, b"x" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert counts() == before


def test_over_long_strings_are_named(client, lead):
    before = counts()
    document = good_document()
    document["tasks"][1]["title"] = "x" * 121
    document["tasks"][0]["description"] = "y" * 2001
    refused(upload(client, document), "Task 2 (Network): the title is longer than 120 characters (it has 121).",
                   "Task 1 (Explore): the description is longer than 2000 characters (it has 2001).")
    assert counts() == before
    refused(upload(client, good_document(workspace={"title": "t" * 500})),
            "Workspace: the title is longer than 120 characters (it has 500).")
    assert counts() == before


def test_one_bad_task_among_many_imports_nothing(client, lead):
    before = counts()
    document = good_document()
    document["tasks"] = [dict(document["tasks"][0], title=f"Taak {i}") for i in range(200)]
    document["tasks"][150]["stage"] = "nowhere"
    refused(upload(client, document), "Task 151: “nowhere” is not a stage.")
    assert counts() == before


@pytest.mark.parametrize("change, message", [
    ({"tasks": "all of them"}, "The section “tasks” must be a list."),
    ({"tasks": [1, 2]}, "holds entries that are not objects"),
    ({"tasks": [{"stage": "explore", "title": 5}]}, "Task 1 (Explore): the title must be text."),
    ({"tasks": [{"stage": "explore", "title": ""}]}, "Task 1 (Explore): the title is missing."),
    ({"tasks": [{"stage": "explore", "title": "ok", "required": "yes"}]}, "“required” must be true or false."),
    ({"tasks": [{"stage": "explore", "title": "ok", "round": -3}]}, "“round” must be a whole number from 1"),
    ({"tasks": [{"stage": "explore", "title": "ok\x00"}]}, "contains invisible control characters"),
    ({"tasks": [{"stage": "explore", "title": "Jongere 123456782"}]}, "looks like a citizen service number"),
    ({"tasks": [{"stage": "explore", "title": "ok"}] * 501}, "has 501 entries; at most 500"),
    ({"workspace": "Sjabloon"}, "The file has no “workspace” section."),
])
def test_bad_fields(client, lead, change, message):
    before = counts()
    refused(upload(client, good_document(**change)), message)
    assert counts() == before


def test_ids_of_other_tenants_are_ignored(client, make, lead):
    """A file that names rows of another organisation by id cannot reach them: every id is ignored."""
    victim = make.workspace(title="Van een ander")
    victim_tasks = db.session.scalar(select(func.count()).select_from(StageTask)
                                     .where(StageTask.workspace_id == victim.workspace.id))
    document = good_document(
        id=victim.workspace.id, workspace_id=victim.workspace.id,
        workspace={"id": victim.workspace.id, "title": "Sjabloon", "mentor_org_id": victim.mentor_org.id,
                   "partner_org_id": victim.partner_org.id},
        organisations={"mentor": {"id": victim.mentor_org.id, "name": "Kaping"}},
        members=[{"user_id": victim.mentor_lead.id, "role": "lead", "name": "Kaping"}],
    )
    for task in document["tasks"]:
        task.update(id=1, workspace_id=victim.workspace.id, assignee_id=victim.partner_lead.id,
                    assignee=victim.partner_lead.name, created_by_id=victim.mentor_lead.id)
    response = upload(client, document)
    assert response.status_code == 302
    new = db.session.scalar(select(Workspace).order_by(Workspace.id.desc()).limit(1))
    assert new.id != victim.workspace.id
    assert new.mentor_org_id != victim.mentor_org.id and new.partner_org_id is None
    assert [m.user_id for m in db.session.scalars(select(Membership).where(Membership.workspace_id == new.id))] == \
        [lead.id]
    tasks = db.session.scalars(select(StageTask).where(StageTask.workspace_id == new.id)).all()
    assert all(t.assignee_id is None and t.created_by_id == lead.id for t in tasks)
    # the other tenant's workspace is untouched
    assert db.session.scalar(select(func.count()).select_from(StageTask)
                             .where(StageTask.workspace_id == victim.workspace.id)) == victim_tasks
    assert not db.session.scalar(select(func.count()).select_from(Membership)
                                 .where(Membership.workspace_id == victim.workspace.id,
                                        Membership.user_id == lead.id))


def test_a_mentor_org_of_someone_else_cannot_be_chosen(client, make, lead):
    other_org = make.org(kind=OrgKind.MENTOR_PROJECT)
    before = counts()
    response = upload(client, good_document(), mentor_org=str(other_org.id))
    assert response.status_code == 422
    assert counts() == before


def test_no_file_chosen(client, lead):
    response = client.post("/import/", data={"title": "x"}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose the export file" in response.get_data(as_text=True)


def test_an_over_long_title_in_the_form(client, lead):
    response = upload(client, good_document(), title="t" * 121)
    assert response.status_code == 422
    assert counts()[0] == 0


def test_only_people_of_a_mentor_project_may_import(client, make, login_as):
    login_as(make.user(org=make.org(kind=OrgKind.WIJKTEAM)))
    response = client.get("/import/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    response = upload(client, good_document())
    assert response.status_code == 302
    assert counts()[0] == 0


def test_anonymous_cannot_import(client):
    assert client.get("/import/").status_code == 302
    response = upload(client, good_document())
    assert response.status_code in (302, 400)
    assert counts()[0] == 0


def test_without_csrf_nothing_happens(client, lead):
    raw = json.dumps(good_document()).encode()
    response = client.post("/import/", data={"file": (io.BytesIO(raw), "e.json")}, csrf=False,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert counts()[0] == 0
