"""An organisation's people, managed by its admins: org role, removal from the organisation, deactivation.

Org admins may deactivate an account only when it belongs to their organisation alone: someone who also
works for another organisation is not theirs to lock out.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.sessions import end_all_sessions
from ..activity.services import record
from ..core.refusal import Refused
from ..extensions import db
from ..orgs.models import Organisation, OrgMembership, OrgRole
from ..tenancy.models import Membership, Role, Workspace


def admin_count(org_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(OrgMembership).where(
            OrgMembership.organisation_id == org_id, OrgMembership.role == OrgRole.ADMIN
        )
    )


def last_lead_workspaces(user_id: int, org_id: int | None = None) -> list[Workspace]:
    """Workspaces where ``user_id`` is the only lead of the organisation they act for (optionally: for ``org_id``)."""
    stmt = select(Membership).where(Membership.user_id == user_id, Membership.role == Role.LEAD)
    if org_id is not None:
        stmt = stmt.where(Membership.organisation_id == org_id)
    found = []
    for membership in db.session.scalars(stmt):
        leads = db.session.scalar(
            select(func.count()).select_from(Membership).where(
                Membership.workspace_id == membership.workspace_id,
                Membership.organisation_id == membership.organisation_id, Membership.role == Role.LEAD,
            )
        )
        if leads <= 1:
            found.append(membership.workspace)
    return found


def only_in(user: User, org_id: int) -> bool:
    return {m.organisation_id for m in user.org_memberships} == {org_id}


def change_org_role(org: Organisation, membership: OrgMembership, role: str) -> bool:
    """Org admin: make a colleague admin or member; an organisation keeps at least one admin."""
    if role not in (OrgRole.ADMIN, OrgRole.MEMBER):
        raise Refused(409, _("Choose a role."))
    if membership.role == role:
        return False
    if membership.role == OrgRole.ADMIN and admin_count(org.id) <= 1:
        raise Refused(409, _("%(org)s needs at least one admin. Make someone else admin first.", org=org.name))
    membership.role = role
    record("org.role_changed", membership.user, role, details={"role": role}, workspace=None, organisation_id=org.id)
    return True


def remove_from_org(org: Organisation, membership: OrgMembership) -> None:
    """Org admin: take someone out of the organisation, and out of the workspaces where they acted for it."""
    user = membership.user
    if membership.role == OrgRole.ADMIN and admin_count(org.id) <= 1:
        raise Refused(409, _("%(org)s needs at least one admin. Make someone else admin first.", org=org.name))
    stuck = last_lead_workspaces(user.id, org.id)
    if stuck:
        raise Refused(409, _("%(name)s is the only lead of %(org)s in: %(titles)s. Make someone else lead there first.",
                        name=user.name, org=org.name, titles=", ".join(w.title for w in stuck)))
    for ws_membership in db.session.scalars(
        select(Membership).where(Membership.user_id == user.id, Membership.organisation_id == org.id)
    ):
        record("member.removed", user, ws_membership.role, details={"role": ws_membership.role},
               workspace=ws_membership.workspace, organisation_id=org.id)
        db.session.delete(ws_membership)
    record("org.member_removed", user, membership.role, details={"role": membership.role}, workspace=None, organisation_id=org.id)
    db.session.delete(membership)


def set_active(org: Organisation, user: User, active: bool, actor: User) -> bool:
    """Org admin: lock an account out (every session ends on its next request) or let it in again."""
    if user.id == actor.id:
        raise Refused(409, _("You cannot deactivate your own account here."))
    if not only_in(user, org.id):
        raise Refused(409, _("%(name)s also belongs to another organisation, so only a site administrator can "
                        "change their account.", name=user.name))
    if user.is_deleted:
        raise Refused(409, _("This account was deleted."))
    if bool(user.active) == active:
        return False
    user.active = active
    if not active:
        end_all_sessions(user.id)
    record("account.reactivated" if active else "account.deactivated", user, "", details={}, workspace=None,
           organisation_id=org.id)
    return True
