"""Demo content: the groundwork and notes of the demo workspaces, filled once, and enough to pass the guards."""

from sqlalchemy import func, select

from workspace import demo
from workspace.core.area import installed
from workspace.extensions import db
from workspace.groundwork import services
from workspace.groundwork.demo import fill_demo_workspace
from workspace.groundwork.models import ExploreProfile, NetworkContact
from workspace.notes.demo import fill_demo_notes
from workspace.notes.models import Note
from workspace.stages.demo import bring_to_stage
from workspace.tenancy.models import Workspace


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_hooks_are_registered_groundwork_first(app):
    fills = installed().demo
    assert fills[0] is fill_demo_workspace and fill_demo_notes in fills
    assert fills[-1] is bring_to_stage  # the workflow moves the workspaces on last, over the areas' content


def test_seed_fills_content_and_running_it_again_changes_nothing(app):
    demo.seed_demo()
    workspaces = db.session.scalars(select(Workspace).order_by(Workspace.id)).all()
    assert len(workspaces) == 4
    assert _count(ExploreProfile) == 4
    assert _count(Note) == 12
    internal = db.session.scalars(select(Note).where(Note.internal_org_id.is_not(None))).all()
    mentor_org_of = {w.id: w.mentor_org_id for w in workspaces}
    assert sorted(n.workspace_id for n in internal) == sorted(mentor_org_of)
    assert all(n.internal_org_id == mentor_org_of[n.workspace_id] for n in internal)
    assert services.explore_facts(workspaces[0])["has_relations_person"]
    assert not services.values_facts(workspaces[0])["values_mentor"]
    assert services.values_facts(workspaces[-1]) == {
        "values_mentor": True, "values_partner": True, "open_sensitive_themes": (),
        "case_answered_mentor": True, "case_answered_partner": True}
    counts = (_count(ExploreProfile), _count(NetworkContact), _count(Note))
    demo.seed_demo()
    users = {}
    for index, workspace in enumerate(workspaces):  # the hooks themselves are idempotent as well
        fill_demo_workspace(workspace, index=index, users=users)
        fill_demo_notes(workspace, index=index, users=users)
    db.session.commit()
    assert (_count(ExploreProfile), _count(NetworkContact), _count(Note)) == counts
