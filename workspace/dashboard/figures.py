"""The dashboard's figures: one row per workspace a person can see, computed in a fixed number of queries.

Whatever the number of workspaces, tasks or activity rows, ``dashboard_rows`` issues the same statements:
the workspaces (with both organisations and the caller's membership), one GROUP BY over the tasks of each
workspace's current stage and round, one over the activity feed, and one over the recorded decisions.
Everything else (stalled, needs my action, filters, sorting) is worked out in Python from those rows.

Definitions (also shown on the page):
- *overdue*: a task of the current stage and round, not done, with a due date before today (local time);
- *stalled*: an open workspace that spent more than ``STALL_DAYS`` days in its stage, or has overdue tasks;
- *decision awaited*: in stage ``decide``, an organisation that has not recorded yes or no in this cycle;
- *needs my action*: a task of the current stage assigned to me is open, or I am a lead and the workspace
  is stalled or waits for my organisation's decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload

from workflows import WORKING_STAGE_CODES, Outcome

from ..activity.models import Activity
from ..dbtypes import utcnow
from ..decide.models import Decision, DecisionCycle
from ..extensions import db
from ..orgs.models import Organisation, OrgMembership
from ..stages.models import StageTask
from ..tenancy.access import ADMIN_VIEWER, internal_visible_to_user, visible_workspaces_query
from ..tenancy.models import Membership, Role, Workspace

CLOSED = "closed"
DECIDE = "decide"
SIDES = ("mentor", "partner")


def local_today() -> date:
    """Today in the product's time zone (Europe/Amsterdam by default): due dates are local calendar days."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Amsterdam")
    return datetime.now(zone).date()


def stall_days() -> int:
    return int(current_app.config.get("STALL_DAYS", 60))


@dataclass
class WorkspaceRow:
    """What the dashboard shows about one workspace, for one person."""

    workspace: Workspace
    role: str  # lead / member / observer / admin_viewer
    organisation_id: int | None  # on whose behalf the person takes part
    tasks_total: int = 0
    tasks_done: int = 0
    required_left: int = 0
    overdue: int = 0
    my_open_tasks: int = 0
    last_activity: datetime | None = None
    days_in_stage: int = 0
    #: sides ("mentor"/"partner") whose decision is awaited (only in stage decide)
    awaited_sides: tuple[str, ...] = ()
    stalled_for_days: bool = False
    needs_my_action: bool = False
    reasons: list[str] = field(default_factory=list)  # codes: my_tasks, stalled, my_decision

    @property
    def id(self) -> int:
        return self.workspace.id

    @property
    def is_closed(self) -> bool:
        return self.workspace.stage == CLOSED

    @property
    def stalled(self) -> bool:
        return not self.is_closed and (self.stalled_for_days or self.overdue > 0)

    @property
    def outcome_label(self) -> str | None:
        """Why a closed workspace closed, in the current language."""
        if not self.workspace.outcome:
            return None
        return Outcome(self.workspace.outcome).label.get(str(get_locale() or "nl"))

    @property
    def stage_index(self) -> int:
        """1-based position of the stage among the seven working stages (0 when closed)."""
        return WORKING_STAGE_CODES.index(self.workspace.stage) + 1 if self.workspace.stage in WORKING_STAGE_CODES else 0

    @property
    def my_side(self) -> str | None:
        if self.role == Role.OBSERVER:
            return None
        return self.workspace.side_of(self.organisation_id)

    @property
    def partner_org(self) -> Organisation | None:
        return self.workspace.partner_org

    @property
    def awaited_orgs(self) -> list[str]:
        """Names of the organisations whose decision is awaited (the partner may not be named yet)."""
        names = []
        for side in self.awaited_sides:
            org = self.workspace.mentor_org if side == "mentor" else self.workspace.partner_org
            names.append(org.name if org is not None else None)
        return names

    @property
    def my_decision_awaited(self) -> bool:
        return self.role == Role.LEAD and self.my_side in self.awaited_sides


def _visible_ids(user_id: int):
    return visible_workspaces_query(user_id).with_only_columns(Workspace.id)


def load_workspaces(user_id: int) -> list[tuple[Workspace, str, int | None]]:
    """Query 1: every workspace the person can see, its two organisations, and their role in it.

    Org admins without a membership see their organisation's workspaces read-only (role ``admin_viewer``)."""
    admin_orgs = select(OrgMembership.organisation_id).where(
        OrgMembership.user_id == user_id, OrgMembership.role == "admin"
    ).scalar_subquery()
    stmt = (
        visible_workspaces_query(user_id)
        .outerjoin(Membership, and_(Membership.workspace_id == Workspace.id, Membership.user_id == user_id))
        .add_columns(
            Membership.role, Membership.organisation_id,
            # for admin viewers: which of the two organisations they administer (mentor first)
            case((Workspace.mentor_org_id.in_(admin_orgs), Workspace.mentor_org_id),
                 else_=Workspace.partner_org_id).label("admin_org_id"),
        )
        .options(joinedload(Workspace.mentor_org), joinedload(Workspace.partner_org))
        .order_by(Workspace.id)
    )
    rows = []
    for workspace, role, org_id, admin_org_id in db.session.execute(stmt):
        if role is None:
            rows.append((workspace, ADMIN_VIEWER, admin_org_id))
        else:
            rows.append((workspace, role, org_id))
    return rows


def task_figures(user_id: int, today: date) -> dict[int, tuple[int, int, int, int, int]]:
    """Query 2: per workspace, over the tasks of its current stage and round:
    (total, done, required left, overdue, open and assigned to ``user_id``)."""
    open_ = StageTask.done_at.is_(None)
    stmt = (
        select(
            StageTask.workspace_id,
            func.count(StageTask.id),
            func.sum(case((StageTask.done_at.is_not(None), 1), else_=0)),
            func.sum(case((and_(open_, StageTask.required.is_(True)), 1), else_=0)),
            func.sum(case((and_(open_, StageTask.due_date < today), 1), else_=0)),
            func.sum(case((and_(open_, StageTask.assignee_id == user_id), 1), else_=0)),
        )
        .join(Workspace, and_(Workspace.id == StageTask.workspace_id, Workspace.stage == StageTask.stage,
                              Workspace.round == StageTask.round))
        .where(StageTask.workspace_id.in_(_visible_ids(user_id)))
        .group_by(StageTask.workspace_id)
    )
    return {ws_id: tuple(int(v or 0) for v in values) for ws_id, *values in db.session.execute(stmt)}


def last_activity(user_id: int) -> dict[int, datetime]:
    """Query 3: the time of the latest activity per workspace that the person may see in its feed
    (activity about another organisation's internal notes does not count)."""
    stmt = (
        select(Activity.workspace_id, func.max(Activity.created_at))
        .where(Activity.workspace_id.in_(_visible_ids(user_id)),
               internal_visible_to_user(Activity.visible_to_org_id, Activity.workspace_id, user_id))
        .group_by(Activity.workspace_id)
    )
    return dict(db.session.execute(stmt).all())


def decided_sides(workspace_ids_stmt) -> dict[int, set[str]]:
    """Query 4: per workspace in stage decide, the sides that have a current decision in the latest cycle.

    The latest cycle is the decide area's "current cycle"; a workspace in decide without any cycle yet has no
    decision recorded, so both organisations' decisions count as awaited.
    """
    latest_cycle = (
        select(DecisionCycle.workspace_id, func.max(DecisionCycle.number).label("number"))
        .where(DecisionCycle.workspace_id.in_(workspace_ids_stmt))
        .group_by(DecisionCycle.workspace_id)
        .subquery()
    )
    stmt = (
        select(Decision.workspace_id, Decision.side).distinct()
        .join(DecisionCycle, DecisionCycle.id == Decision.cycle_id)
        .join(latest_cycle, and_(latest_cycle.c.workspace_id == DecisionCycle.workspace_id,
                                 latest_cycle.c.number == DecisionCycle.number))
    )
    result: dict[int, set[str]] = {}
    for ws_id, side in db.session.execute(stmt):
        result.setdefault(ws_id, set()).add(side)
    return result


def _decide_ids(user_id: int):
    return _visible_ids(user_id).where(Workspace.stage == DECIDE)


def dashboard_rows(user_id: int, *, now: datetime | None = None, today: date | None = None) -> list[WorkspaceRow]:
    """Anyone logged in: the dashboard rows of every workspace ``user_id`` can see (four queries)."""
    now = now or utcnow()
    today = today or local_today()
    limit = stall_days()
    tasks = task_figures(user_id, today)
    activity = last_activity(user_id)
    decided = decided_sides(_decide_ids(user_id))
    rows = []
    for workspace, role, org_id in load_workspaces(user_id):
        row = WorkspaceRow(workspace=workspace, role=role, organisation_id=org_id)
        total, done, required_left, overdue, mine = tasks.get(workspace.id, (0, 0, 0, 0, 0))
        if not row.is_closed:
            row.tasks_total, row.tasks_done, row.required_left = total, done, required_left
            row.overdue, row.my_open_tasks = overdue, mine
        row.last_activity = activity.get(workspace.id)
        row.days_in_stage = max(0, (now - workspace.stage_entered_at).days) if workspace.stage_entered_at else 0
        row.stalled_for_days = not row.is_closed and row.days_in_stage > limit
        if workspace.stage == DECIDE:
            have = decided.get(workspace.id, set())
            row.awaited_sides = tuple(s for s in SIDES if s not in have)
        _needs_action(row)
        rows.append(row)
    return rows


def _needs_action(row: WorkspaceRow) -> None:
    if row.is_closed:
        return
    if row.my_open_tasks:
        row.reasons.append("my_tasks")
    if row.role == Role.LEAD:
        if row.stalled:
            row.reasons.append("stalled")
        if row.my_decision_awaited:
            row.reasons.append("my_decision")
    row.needs_my_action = bool(row.reasons)


def mentor_orgs_of(user_id: int) -> list[Organisation]:
    """Mentor-project organisations the person belongs to (one query): who may start or import a workspace."""
    return list(db.session.scalars(
        select(Organisation).join(OrgMembership, OrgMembership.organisation_id == Organisation.id)
        .where(OrgMembership.user_id == user_id, Organisation.kind == "mentor_project")
        .order_by(Organisation.name)
    ))
