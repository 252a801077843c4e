"""Export (JSON) for every reader of a workspace, and export → import as a template of a new workspace."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories_dashboard as fd
from workspace.activity.models import Activity
from workspace.dashboard.figures import local_today
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.orgs.models import OrgRole
from workspace.stages.models import StageChange, StageTask
from workspace.tenancy.models import Membership, Workspace


def switch(client, login_as, user):
    """Log out whoever is logged in, then log in as ``user``."""
    client.post("/logout")
    login_as(user)


def export(client, workspace_id: int):
    return client.post(f"/w/{workspace_id}/export/json")


def walk_keys(value, found=None):
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            walk_keys(inner, found)
    elif isinstance(value, list):
        for inner in value:
            walk_keys(inner, found)
    return found


@pytest.fixture
def cast(make):
    cast = make.workspace(title="Mentoren naast het wijkteam", stage="network")
    fd.task(cast.workspace, "Eigen taak: koffie met de wijkcoach", assignee=cast.partner_member,
            due=local_today() + timedelta(days=4), position=20, description="Vraag naar wachtlijsten.")
    fd.task(cast.workspace, "Afgeronde eigen taak", done=True, position=21)
    return cast


@pytest.mark.parametrize("who", ["mentor_lead", "mentor_member", "partner_lead", "partner_member", "observer"])
def test_every_reader_can_export(client, login_as, cast, who):
    login_as(getattr(cast, who))
    page = client.get(f"/w/{cast.workspace.id}/export/?lang=en")
    assert page.status_code == 200 and "Download export (JSON)" in page.get_data(as_text=True)
    response = export(client, cast.workspace.id)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mentorbrug-mentoren-naast')
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "mentorbrug-workspace/1"


def test_org_admin_viewer_can_export(client, make, login_as, cast):
    admin = make.user(org=cast.partner_org, org_role=OrgRole.ADMIN)
    login_as(admin)
    assert export(client, cast.workspace.id).status_code == 200


def test_strangers_get_404_and_get_is_not_allowed(client, make, login_as, cast):
    other = make.workspace()
    login_as(other.mentor_lead)
    assert export(client, cast.workspace.id).status_code == 404
    assert client.get(f"/w/{cast.workspace.id}/export/").status_code == 404
    switch(client, login_as, cast.mentor_lead)
    assert client.get(f"/w/{cast.workspace.id}/export/json").status_code == 405
    assert client.post(f"/w/{cast.workspace.id}/export/json", csrf=False).status_code == 400


def test_the_document(client, login_as, cast):
    login_as(cast.mentor_member)
    document = json.loads(export(client, cast.workspace.id).get_data(as_text=True))
    for section in ("workspace", "organisations", "members", "stage_history", "tasks", "notes", "decisions",
                    "pilot_plan", "indicators", "evaluations", "comments", "activity"):
        assert section in document
    assert document["workspace"]["title"] == "Mentoren naast het wijkteam"
    assert document["workspace"]["stage"] == "network"
    assert document["organisations"] == {"mentor": {"name": cast.mentor_org.name},
                                         "partner": {"name": cast.partner_org.name}}
    names = {m["name"]: m["role"] for m in document["members"]}
    assert names[cast.mentor_lead.name] == "lead" and names[cast.observer.name] == "observer"
    own = next(t for t in document["tasks"] if t["title"].startswith("Eigen taak"))
    assert own["assignee"] == cast.partner_member.name and own["template_key"] is None
    assert own["description"] == "Vraag naar wachtlijsten."
    assert any(t["template_key"] for t in document["tasks"])  # the checklist made from the tips
    assert document["stage_history"][0]["trigger"] == "created"
    # no database ids and no e-mail addresses anywhere
    keys = walk_keys(document)
    assert not {k for k in keys if k == "id" or k.endswith("_id")}
    text = json.dumps(document)
    assert "@example.org" not in text


def test_the_export_is_recorded(client, login_as, cast):
    login_as(cast.observer)
    export(client, cast.workspace.id)
    row = db.session.scalar(select(Activity).where(Activity.verb == "workspace.exported"))
    assert row is not None and row.workspace_id == cast.workspace.id and row.user_id == cast.observer.id
    assert row.visible_to_org_id is None


def test_activity_in_the_export_leaves_out_the_other_organisations_internal_rows(client, login_as, cast):
    fd.activity(cast.workspace, utcnow(), visible_to_org_id=cast.partner_org.id, summary="PARTNER-INTERN")
    fd.activity(cast.workspace, utcnow(), visible_to_org_id=cast.mentor_org.id, summary="MENTOR-INTERN")
    login_as(cast.mentor_member)
    text = export(client, cast.workspace.id).get_data(as_text=True)
    assert "MENTOR-INTERN" in text and "PARTNER-INTERN" not in text
    switch(client, login_as, cast.observer)
    text = export(client, cast.workspace.id).get_data(as_text=True)
    assert "MENTOR-INTERN" not in text and "PARTNER-INTERN" not in text


def test_internal_notes_of_the_other_organisation_are_never_exported(client, login_as, cast):
    pytest.importorskip("workspace.notes.services")
    from workspace.notes.models import Note

    db.session.add_all([
        Note(workspace_id=cast.workspace.id, title="Gezamenlijk", body="JOINT-BODY"),
        Note(workspace_id=cast.workspace.id, title="Intern mentor", body="MENTOR-SECRET",
             internal_org_id=cast.mentor_org.id),
        Note(workspace_id=cast.workspace.id, title="Intern partner", body="PARTNER-SECRET",
             internal_org_id=cast.partner_org.id),
    ])
    db.session.commit()
    login_as(cast.partner_member)
    text = export(client, cast.workspace.id).get_data(as_text=True)
    assert "JOINT-BODY" in text and "PARTNER-SECRET" in text and "MENTOR-SECRET" not in text
    switch(client, login_as, cast.observer)
    text = export(client, cast.workspace.id).get_data(as_text=True)
    assert "JOINT-BODY" in text and "PARTNER-SECRET" not in text and "MENTOR-SECRET" not in text


def upload(client, document, **fields):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    data = {"file": (io.BytesIO(raw), "export.json"), **fields}
    return client.post("/import/", data=data, content_type="multipart/form-data")


def test_round_trip(client, make, login_as, cast):
    login_as(cast.mentor_lead)
    document = json.loads(export(client, cast.workspace.id).get_data(as_text=True))
    # a lead of another mentor project starts from it
    newcomer_org = make.org("Nieuw Mentorproject")
    newcomer = make.user(org=newcomer_org)
    switch(client, login_as, newcomer)
    before = db.session.scalar(select(func.count()).select_from(Workspace))
    response = upload(client, document, title="", mentor_org=str(newcomer_org.id))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == before + 1
    new = db.session.scalar(select(Workspace).order_by(Workspace.id.desc()).limit(1))
    assert response.headers["Location"].endswith(f"/w/{new.id}/")
    assert new.title == "Mentoren naast het wijkteam"
    assert new.mentor_org_id == newcomer_org.id and new.partner_org_id is None
    assert new.stage == "explore" and new.round == 1
    # no people but the importer, as lead
    members = db.session.scalars(select(Membership).where(Membership.workspace_id == new.id)).all()
    assert [(m.user_id, m.role) for m in members] == [(newcomer.id, "lead")]
    # the tasks of every stage, own tasks included, without assignee, due date or tick
    old_tasks = db.session.scalars(select(StageTask).where(StageTask.workspace_id == cast.workspace.id)).all()
    new_tasks = db.session.scalars(select(StageTask).where(StageTask.workspace_id == new.id)).all()
    assert sorted((t.stage, t.title, t.required) for t in new_tasks if t.stage == "network") == \
        sorted((t.stage, t.title, t.required) for t in old_tasks)
    # the first stage had no tasks in the file, so it got the usual checklist
    assert {t.stage for t in new_tasks} == {"explore", "network"}
    assert all(t.template_key for t in new_tasks if t.stage == "explore")
    own = next(t for t in new_tasks if t.title.startswith("Eigen taak"))
    assert own.template_key is None and own.description == "Vraag naar wachtlijsten."
    assert all(t.assignee_id is None and t.due_date is None and t.done_at is None for t in new_tasks)
    # a fresh history, an activity row, and the new workspace opens
    history = db.session.scalars(select(StageChange).where(StageChange.workspace_id == new.id)).all()
    assert [h.trigger for h in history] == ["created"]
    assert db.session.scalar(select(Activity).where(Activity.verb == "workspace.imported",
                                                    Activity.workspace_id == new.id)) is not None
    assert client.get(f"/w/{new.id}/").status_code == 200


def test_round_trip_with_a_new_title(client, login_as, cast):
    login_as(cast.mentor_lead)
    document = json.loads(export(client, cast.workspace.id).get_data(as_text=True))
    response = upload(client, document, title="Tweede ronde, nieuwe wijk", mentor_org=str(cast.mentor_org.id))
    assert response.status_code == 302
    assert db.session.scalar(select(Workspace).order_by(Workspace.id.desc()).limit(1)).title == \
        "Tweede ronde, nieuwe wijk"


def test_the_import_page_is_on_the_dashboard_for_mentor_projects(client, login_as, cast):
    login_as(cast.mentor_lead)
    assert 'href="/import/"' in client.get("/dashboard/").get_data(as_text=True)
    switch(client, login_as, cast.partner_lead)
    assert 'href="/import/"' not in client.get("/dashboard/").get_data(as_text=True)


def test_round_trip_keeps_the_pilot_plan_structure(client, make, login_as):
    pytest.importorskip("workspace.pilot.models")
    from workspace.pilot.models import Indicator, PilotPlan, PracticalNeed, ResponsibilityRow

    cast = make.workspace(stage="pilot")
    wid = cast.workspace.id
    db.session.add_all([
        PilotPlan(workspace_id=wid, round=1, construction="coproduction", target_group="12-18 jaar",
                  matches=10, phase_after=True),
        ResponsibilityRow(workspace_id=wid, round=1, position=0, topic="Contact met ouders", holder="both"),
        PracticalNeed(workspace_id=wid, round=1, position=0, kind="expertise", owner_id=cast.mentor_lead.id,
                      status="arranged", note="Twee avonden"),
        Indicator(workspace_id=wid, round=1, position=0, name="Aantal koppelingen", success="10", failure="<5",
                  target="10", unit="number", how_measured="telling", measured_by="coördinator"),
    ])
    db.session.commit()
    login_as(cast.mentor_lead)
    document = json.loads(export(client, wid).get_data(as_text=True))
    assert document["pilot_plan"][0]["construction"] == "coproduction"
    assert document["indicators"][0]["name"] == "Aantal koppelingen"
    response = upload(client, document, mentor_org=str(cast.mentor_org.id))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    new_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    plan = db.session.scalar(select(PilotPlan).where(PilotPlan.workspace_id == new_id))
    assert plan.construction == "coproduction" and plan.matches == 10 and plan.phase_after
    assert plan.start_date is None
    need = db.session.scalar(select(PracticalNeed).where(PracticalNeed.workspace_id == new_id))
    assert need.kind == "expertise" and need.owner_id is None and need.status == "open"
    assert db.session.scalar(select(ResponsibilityRow.topic).where(ResponsibilityRow.workspace_id == new_id)) == \
        "Contact met ouders"
    assert db.session.scalar(select(Indicator.name).where(Indicator.workspace_id == new_id)) == "Aantal koppelingen"
