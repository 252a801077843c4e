"""Helpers and fixtures for the workflow tests: stage content supplied by a test-only snapshot contributor,
ticking tasks, and firing triggers through the web like a lead's browser would."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import areas_changed
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.stages.models import StageChange, StageTask

#: Every content field the guards read, filled in as if the other areas' pages had been worked through.
FULL_CONTENT = dict(
    has_relations_person=True, values_mentor=True, values_partner=True, open_sensitive_themes=(),
    case_answered_mentor=True, case_answered_partner=True, decision_mentor="yes", decision_partner="yes",
    has_referral_agreement=True, construction="co-production", has_scope_dates=True, responsibility_rows=3,
    indicators=2, evaluation_shared=True, evaluation_has_mentor_views=True, evaluation_has_mentee_views=True,
    has_exit_plan=True,
)


@pytest.fixture(name="content")
def content_fixture(app):
    """A dict the test may change, handed to the guards by a test-only snapshot contributor. The content
    areas' own contributors are set aside meanwhile (they are tested in their areas), and restored after."""
    state = dict(FULL_CONTENT)

    def contributor(workspace):
        return dict(state)

    with areas_changed(snapshot_contributors=(contributor,)):
        yield state


def current_tasks(workspace) -> list[StageTask]:
    db.session.refresh(workspace)
    return list(db.session.scalars(
        select(StageTask).where(StageTask.workspace_id == workspace.id, StageTask.stage == workspace.stage,
                                StageTask.round == workspace.round).order_by(StageTask.position, StageTask.id)
    ))


def tick_required(workspace) -> None:
    """Mark the current stage's required tasks done directly in the database."""
    for task in current_tasks(workspace):
        if task.required:
            task.done_at = utcnow()
    db.session.commit()


def changes(workspace) -> list[StageChange]:
    return list(db.session.scalars(
        select(StageChange).where(StageChange.workspace_id == workspace.id).order_by(StageChange.id)
    ))


def switch_to(login_as, client, user):
    """Log out whoever is logged in, then log in as ``user``."""
    client.post("/logout")
    return login_as(user)


def fire(client, workspace, trigger: str, *, htmx: bool = False, confirmed: bool = True, stage=None,
         round_=None, **data):
    """Post a trigger form as the page would (with the stage and round the workspace is in now)."""
    db.session.refresh(workspace)
    form = {"expected_stage": stage or workspace.stage, "expected_round": str(round_ or workspace.round)}
    if confirmed:
        form["confirmed"] = "1"
    form.update(data)
    return client.post(f"/w/{workspace.id}/workflow/fire/{trigger}", data=form, htmx=htmx)
