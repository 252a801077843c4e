"""Factories for the dashboard and export tests: tasks, history, activity, decisions, and bulk data sets."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete

from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.orgs.models import Organisation, OrgKind
from workspace.stages.models import StageChange, StageTask
from workspace.tenancy.models import Membership, Role, Workspace


def clear_tasks(workspace: Workspace) -> None:
    """Remove the checklist the workflow made on creation, so a test can count exactly its own tasks."""
    db.session.execute(delete(StageTask).where(StageTask.workspace_id == workspace.id))
    db.session.commit()


def task(workspace: Workspace, title: str = "Een taak", *, stage: str | None = None, round: int | None = None,
         required: bool = False, due: date | None = None, done: bool = False, done_at: datetime | None = None,
         assignee=None, position: int = 0, template_key: str | None = None, description: str = "") -> StageTask:
    row = StageTask(workspace_id=workspace.id, stage=stage or workspace.stage, round=round or workspace.round,
                    title=title, required=required, due_date=due, position=position, template_key=template_key,
                    done_at=done_at or (utcnow() if done else None), description=description,
                    assignee_id=assignee.id if assignee is not None else None)
    db.session.add(row)
    db.session.commit()
    return row


def stage_change(workspace: Workspace, from_stage: str | None, to_stage: str, at: datetime,
                 trigger: str = "advance") -> StageChange:
    row = StageChange(workspace_id=workspace.id, from_stage=from_stage, to_stage=to_stage,
                      trigger="created" if from_stage is None else trigger, created_at=at, round=1,
                      outcome="stopped" if to_stage == "closed" else None)
    db.session.add(row)
    db.session.commit()
    return row


def clear_history(workspace: Workspace) -> None:
    db.session.execute(delete(StageChange).where(StageChange.workspace_id == workspace.id))
    db.session.commit()


def activity(workspace: Workspace, at: datetime, *, visible_to_org_id: int | None = None, verb: str = "task.ticked",
             summary: str = "iets gedaan") -> Activity:
    row = Activity(workspace_id=workspace.id, created_at=at, verb=verb, summary=summary, details={"title": summary},
                   visible_to_org_id=visible_to_org_id)
    db.session.add(row)
    db.session.commit()
    return row


def decision(workspace: Workspace, side: str, answer: str = "yes", *, cycle_number: int = 1):
    """A recorded decision of one side (needs the pilot area)."""
    from sqlalchemy import select

    from workspace.decide.models import Decision, DecisionCycle

    cycle = db.session.scalar(select(DecisionCycle).where(DecisionCycle.workspace_id == workspace.id,
                                                          DecisionCycle.number == cycle_number))
    if cycle is None:
        cycle = DecisionCycle(workspace_id=workspace.id, number=cycle_number)
        db.session.add(cycle)
        db.session.flush()
    org_id = workspace.mentor_org_id if side == "mentor" else workspace.partner_org_id
    row = Decision(workspace_id=workspace.id, cycle_id=cycle.id, side=side, seq=1, answer=answer,
                   reasons="Omdat het past.", organisation_id=org_id)
    db.session.add(row)
    db.session.commit()
    return row


def bulk_workspaces(user, mentor_org: Organisation, n: int, *, tasks_each: int = 0, stage: str = "pilot",
                    role: str = Role.LEAD, history: bool = True, activity_each: int = 1) -> list[Workspace]:
    """``n`` workspaces between ``mentor_org`` and fresh partners, ``user`` in each with ``role``, each with
    ``tasks_each`` tasks in its current stage (some done, some overdue, some assigned to ``user``), a stage
    history and activity rows. Inserted in bulk, so large data sets stay quick to build."""
    partners = [Organisation(name=f"Partner {i}", kind=OrgKind.WIJKTEAM) for i in range(max(1, n // 10))]
    db.session.add_all(partners)
    db.session.flush()
    now = utcnow()
    spaces = [Workspace(title=f"Werkruimte {i:04d}", mentor_org_id=mentor_org.id,
                        partner_org_id=partners[i % len(partners)].id, stage=stage,
                        stage_entered_at=now - timedelta(days=i % 90)) for i in range(n)]
    db.session.add_all(spaces)
    db.session.flush()
    rows = []
    for i, space in enumerate(spaces):
        rows.append(Membership(workspace_id=space.id, user_id=user.id, organisation_id=mentor_org.id, role=role))
        for j in range(tasks_each):
            rows.append(StageTask(
                workspace_id=space.id, stage=stage, round=1, title=f"Taak {j}", position=j, required=j % 3 == 0,
                done_at=now - timedelta(days=j % 60) if j % 2 else None,
                due_date=(now - timedelta(days=3)).date() if j % 5 == 0 else None,
                assignee_id=user.id if j % 7 == 0 else None,
            ))
        if history:
            rows.append(StageChange(workspace_id=space.id, from_stage=None, to_stage="explore", trigger="created",
                                    created_at=now - timedelta(days=200), round=1))
            rows.append(StageChange(workspace_id=space.id, from_stage="explore", to_stage=stage, trigger="advance",
                                    created_at=now - timedelta(days=100 + i % 50), round=1))
        for k in range(activity_each):
            rows.append(Activity(workspace_id=space.id, created_at=now - timedelta(hours=k + i), verb="task.ticked",
                                 summary="x"))
    db.session.add_all(rows)
    db.session.commit()
    return spaces


def workspace_between(mentor_org: Organisation, partner_org: Organisation | None, title: str, *,
                      stage: str = "explore", entered: datetime | None = None, people=()) -> Workspace:
    """A workspace between two given organisations; ``people`` is ``[(user, role, organisation or None)]``
    (None: the person's first organisation). Runs the "workspace created" hooks like the real thing."""
    from sqlalchemy import select

    from workspace.orgs.models import OrgMembership
    from workspace.tenancy.events import workspace_created

    space = Workspace(title=title, mentor_org_id=mentor_org.id, partner_org_id=partner_org.id if partner_org else None,
                      stage=stage, outcome="stopped" if stage == "closed" else None,
                      stage_entered_at=entered or utcnow())
    db.session.add(space)
    db.session.flush()
    for person, role, org in people:
        org_id = org.id if org is not None else db.session.scalar(
            select(OrgMembership.organisation_id).where(OrgMembership.user_id == person.id).limit(1))
        db.session.add(Membership(workspace_id=space.id, user_id=person.id, organisation_id=org_id, role=role))
    db.session.flush()
    workspace_created(space)
    db.session.commit()
    return space
