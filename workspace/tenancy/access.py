"""The one access choke point for everything under ``/w/<workspace_id>/``, and the permission predicates.

Every workspace URL goes through ``load_workspace_access``: it loads ``g.workspace`` and ``g.access``
(the caller's membership and role). A stranger gets 404, exactly like a workspace that does not exist,
so ids cannot be probed. Child rows must then be fetched by id *and* ``g.workspace.id``
(see ``get_child_or_404``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, g, request
from flask_login import current_user
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..activity import audit
from ..core.respond import wants_fragment
from ..extensions import db, login_manager
from ..orgs.models import OrgMembership, OrgRole
from .models import Membership, Role, Workspace

ADMIN_VIEWER = "admin_viewer"  # org admin of one of the two organisations, not a member: read-only


@dataclass(frozen=True)
class Access:
    """Who the caller is in this workspace."""

    user_id: int
    role: str  # lead / member / observer / admin_viewer
    membership: Membership | None
    organisation_id: int | None  # on behalf of which organisation they act

    @property
    def side(self) -> str | None:
        return g.workspace.side_of(self.organisation_id) if self.role != Role.OBSERVER else None


# --- permission predicates: plain functions, used by views and templates alike -----------------

def can_read(access: Access | None) -> bool:
    return access is not None


def can_edit(access: Access | None) -> bool:
    """Create/edit tasks, notes, pilot plan, indicators, evaluation records."""
    return access is not None and access.role in (Role.LEAD, Role.MEMBER)


def can_comment(access: Access | None) -> bool:
    return access is not None and access.role in (Role.LEAD, Role.MEMBER, Role.OBSERVER)


def can_lead(access: Access | None) -> bool:
    """Move stages, record the organisation's decision, manage people."""
    return access is not None and access.role == Role.LEAD


def visible_workspaces_query(user_id: int):
    """Workspaces a user may see: through a membership, or as admin of one of the two organisations."""
    admin_orgs = select(OrgMembership.organisation_id).where(
        OrgMembership.user_id == user_id, OrgMembership.role == OrgRole.ADMIN
    )
    member_of = select(Membership.workspace_id).where(Membership.user_id == user_id)
    return select(Workspace).where(
        or_(Workspace.id.in_(member_of), Workspace.mentor_org_id.in_(admin_orgs), Workspace.partner_org_id.in_(admin_orgs))
    )


def resolve_access(workspace: Workspace, user) -> Access | None:
    """The caller's access to ``workspace``, or None when they may not see it."""
    membership = db.session.scalar(
        select(Membership).where(Membership.workspace_id == workspace.id, Membership.user_id == user.id)
    )
    if membership is not None:
        return Access(user.id, membership.role, membership, membership.organisation_id)
    admin_org = db.session.scalar(
        select(OrgMembership.organisation_id).where(
            OrgMembership.user_id == user.id,
            OrgMembership.role == OrgRole.ADMIN,
            OrgMembership.organisation_id.in_([workspace.mentor_org_id, workspace.partner_org_id or -1]),
        )
    )
    if admin_org is not None:
        return Access(user.id, ADMIN_VIEWER, None, admin_org)
    return None


# --- internal rows: the one rule -------------------------------------------------------------------------
#
# A row with an internal organisation (a note's ``internal_org_id``, an activity row's ``visible_to_org_id``)
# is read only by people who act for that organisation as lead, member or admin viewer. Observers never
# read internal rows, also when they come from the writing organisation. Every list, count, search, feed,
# export, report, dashboard figure and digest asks one of the two functions below.

def internal_org_of(workspace: Workspace, access: Access | None) -> int | None:
    """The organisation whose internal rows ``access`` may read in ``workspace``, or None (then: shared only)."""
    if access is None or access.organisation_id is None or access.role == Role.OBSERVER:
        return None
    if workspace.side_of(access.organisation_id) is None:
        return None
    return access.organisation_id


def internal_visible(column, workspace: Workspace, access: Access | None):
    """SQL condition: the rows ``access`` may read, ``column`` naming each row's internal organisation."""
    own = internal_org_of(workspace, access)
    return column.is_(None) if own is None else or_(column.is_(None), column == own)


def internal_visible_to_user(column, workspace_id, user_id: int):
    """The same rule for many workspaces in one statement (dashboard, digest): ``column`` names a row's internal
    organisation and ``workspace_id`` its workspace. As in ``resolve_access``, a membership decides first
    (lead or member: their organisation; observer: none); without one, an admin of the organisation."""
    membership = select(Membership.id).where(Membership.workspace_id == workspace_id,
                                             Membership.user_id == user_id)
    acts_for_it = membership.where(Membership.organisation_id == column, Membership.role != Role.OBSERVER)
    admin_of_it = select(OrgMembership.id).where(OrgMembership.user_id == user_id, OrgMembership.role == OrgRole.ADMIN,
                                                 OrgMembership.organisation_id == column)
    return or_(column.is_(None), acts_for_it.exists(), and_(~membership.exists(), admin_of_it.exists()))


# --- the workspace-scoped blueprint --------------------------------------------------------------

def make_scope() -> Blueprint:
    """A new ``ws`` blueprint for ``/w/<workspace_id>/``, whose every request goes through
    ``load_workspace_access``. One per app: the areas' workspace blueprints are mounted on it at install."""
    scope = Blueprint("ws", __name__, url_prefix="/w/<int:workspace_id>")
    scope.url_value_preprocessor(_pop_workspace_id)
    scope.url_defaults(_add_workspace_id)
    scope.before_request(load_workspace_access)
    return scope


def _pop_workspace_id(endpoint, values):
    g.workspace_id = values.pop("workspace_id", None) if values else None


def _add_workspace_id(endpoint, values):
    if "workspace_id" not in values and getattr(g, "workspace_id", None) is not None:
        values["workspace_id"] = g.workspace_id


def load_workspace_access():
    """Load ``g.workspace`` and ``g.access`` for every workspace URL; 404 for strangers."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    workspace = db.session.scalar(
        select(Workspace)
        .options(joinedload(Workspace.mentor_org), joinedload(Workspace.partner_org))
        .where(Workspace.id == g.workspace_id)
    )
    access = resolve_access(workspace, current_user) if workspace is not None else None
    if access is None:
        _denied(404)
    g.workspace = workspace
    g.access = access


def _denied(status: int):
    audit.record_access_denied(request.path, status)
    db.session.commit()  # the denial is kept even though the request ends here
    abort(status)


def require(predicate):
    """Refuse with 403 unless ``predicate(g.access)`` holds (the caller can already see the workspace)."""
    if not predicate(g.access):
        _denied(403)


def get_child_or_404(model, child_id: int):
    """Fetch a row that belongs to the current workspace, by id *and* workspace id; 404 otherwise."""
    row = db.session.scalar(select(model).where(model.id == child_id, model.workspace_id == g.workspace.id))
    if row is None:
        abort(404)
    return row


# The pilot views' name for it until they move to decide/, pilot/ and evaluation/ (then it goes).
is_htmx = wants_fragment
