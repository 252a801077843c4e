"""People in a workspace: invitations by leads, role changes, removal. Services change state; the view commits.

The one invariant: a workspace keeps at least one lead of each of its organisations (the partner side
only once it has had a lead). Every change that could break it locks the workspace row first, so two
leads downgrading each other at the same moment cannot both succeed.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from ..accounts.models import User
from ..activity.services import record
from ..core.refusal import Refused
from ..dbtypes import utcnow
from ..extensions import db
from ..invitations.models import Invitation
from ..invitations.services import create_invitation, invitation_url
from ..mail import send_mail
from ..tenancy.access import Access, can_lead
from ..tenancy.models import Membership, Role, Workspace

PARTNER_LEAD = "partner_lead"  # invitation choice: the first lead of the partner organisation


# --- reading --------------------------------------------------------------------------------------

def members_of(workspace: Workspace) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user), joinedload(Membership.organisation))
        .where(Membership.workspace_id == workspace.id).order_by(Membership.id)
    ))


def open_invitations(workspace: Workspace) -> list[Invitation]:
    """Invitations not yet used or withdrawn (expired ones included, so that a lead can send them again)."""
    return list(db.session.scalars(
        select(Invitation).options(joinedload(Invitation.organisation)).where(
            Invitation.workspace_id == workspace.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)
        ).order_by(Invitation.created_at, Invitation.id)
    ))


def lead_counts(workspace_id: int) -> dict[int, int]:
    """Organisation id -> number of leads acting for it in the workspace."""
    rows = db.session.execute(
        select(Membership.organisation_id, func.count()).where(
            Membership.workspace_id == workspace_id, Membership.role == Role.LEAD
        ).group_by(Membership.organisation_id)
    )
    return {org_id: n for org_id, n in rows}


def partner_has_lead(workspace: Workspace) -> bool:
    return workspace.partner_org_id is not None and lead_counts(workspace.id).get(workspace.partner_org_id, 0) > 0


def check_not_last_lead(membership: Membership) -> None:
    """``Refused`` (409) when ``membership`` is the only lead of its organisation: it may not stop being one."""
    if membership.role != Role.LEAD:
        return
    if lead_counts(membership.workspace_id).get(membership.organisation_id, 0) > 1:
        return
    raise Refused(409, _("%(name)s is the only lead of %(org)s in this workspace. Make someone else of %(org)s "
                         "lead first.", name=membership.user.name, org=membership.organisation.name),
                  code="last_lead")


def _lock(workspace: Workspace) -> None:
    """Serialise people changes per workspace (row lock on PostgreSQL; SQLite serialises writers anyway)."""
    db.session.execute(select(Workspace.id).where(Workspace.id == workspace.id).with_for_update())


# --- permission predicates --------------------------------------------------------------------------

def can_manage_membership(access: Access | None, membership: Membership) -> bool:
    """Leads manage the people of their own organisation, and observers. The other organisation's people
    are theirs to manage: a lead cannot remove or downgrade the partner's colleagues."""
    if not can_lead(access):
        return False
    return membership.role == Role.OBSERVER or membership.organisation_id == access.organisation_id


def can_manage_invitation(access: Access | None, invitation: Invitation) -> bool:
    if not can_lead(access):
        return False
    return invitation.organisation_id is None or invitation.organisation_id == access.organisation_id


def role_choices(workspace: Workspace, access: Access) -> list[SelectChoice]:
    """What a lead may invite people as: lead or member of their own organisation, observer, and the partner's
    first lead while the partner organisation has no lead."""
    choices = [SelectChoice(Role.MEMBER.value, _("Member")), SelectChoice(Role.LEAD.value, _("Lead")),
               SelectChoice(Role.OBSERVER.value, _("Observer"))]
    if not partner_has_lead(workspace) and access.organisation_id == workspace.mentor_org_id:
        choices.append(SelectChoice(PARTNER_LEAD, _("Lead of the partner organisation")))
    return choices


# --- invitations -----------------------------------------------------------------------------------

def invite(workspace: Workspace, access: Access, inviter: User, email: str, choice: str) -> tuple[Invitation, str]:
    """Lead: invite ``email`` to the workspace. Returns the invitation and its clear-text token.

    Leads and members join on behalf of the inviting lead's organisation; observers on behalf of an
    organisation of their own; the partner's first lead names or chooses the partner organisation."""
    email = email.strip().lower()
    already = db.session.scalar(
        select(Membership).join(User, User.id == Membership.user_id).where(
            Membership.workspace_id == workspace.id, func.lower(User.email) == email
        )
    )
    if already is not None:
        raise Refused(422, _("%(email)s is already in this workspace.", email=email), "email")
    pending = db.session.scalar(
        select(Invitation).where(
            Invitation.workspace_id == workspace.id, Invitation.email == email,
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow(),
        )
    )
    if pending is not None:
        raise Refused(422, _("There is already an open invitation for %(email)s. Send it again from the list "
                             "instead.", email=email), "email")
    if choice == PARTNER_LEAD:
        if partner_has_lead(workspace) or access.organisation_id != workspace.mentor_org_id:
            raise Refused(422, _("The partner organisation already has a lead; they invite their own colleagues."),
                          "email")
        target = {"role": Role.LEAD.value, "for_partner_lead": True}
    elif choice == Role.OBSERVER:
        target = {"role": Role.OBSERVER.value}
    elif choice in (Role.LEAD, Role.MEMBER):
        target = {"role": choice, "organisation_id": access.organisation_id}
    else:
        raise Refused(422, _("Choose a role."), "email")
    invitation, token = create_invitation(created_by=inviter, email=email, workspace_id=workspace.id, **target)
    db.session.flush()
    role = PARTNER_LEAD if choice == PARTNER_LEAD else invitation.role
    record("invitation.created", invitation, role, details={"role": role})
    return invitation, token


def revoke(invitation: Invitation) -> None:
    """Lead: withdraw an open invitation; its link stops working at once."""
    if invitation.accepted_at is not None:
        raise Refused(409, _("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record("invitation.revoked", invitation, invitation.role or "", details={"role": invitation.role or ""})


def resend(invitation: Invitation, inviter: User) -> tuple[Invitation, str]:
    """Lead: replace an open (or expired) invitation by a new link; the old link is dead from now on."""
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise Refused(409, _("This invitation is no longer open."))
    invitation.revoked_at = utcnow()
    fresh, token = create_invitation(
        created_by=inviter, email=invitation.email, workspace_id=invitation.workspace_id,
        organisation_id=invitation.organisation_id, role=invitation.role, for_partner_lead=invitation.for_partner_lead,
    )
    db.session.flush()
    role = PARTNER_LEAD if fresh.for_partner_lead else (fresh.role or "")
    record("invitation.resent", fresh, role, details={"role": role})
    return fresh, token


def send_invitation(invitation: Invitation, token: str, workspace: Workspace, inviter: User) -> str | None:
    """Mail the link. Returns the link when it could not be mailed (no MAIL_SERVER): the inviter passes it on."""
    link = invitation_url(token)
    sent = send_mail(
        to=invitation.email,
        subject=_("Invitation to the Mentorbrug workspace %(title)s", title=workspace.title),
        body=_("%(name)s invites you to the Mentorbrug workspace “%(title)s”.\n\n"
               "Open this link to join (valid for 14 days, works once):\n%(link)s\n\n"
               "Not expecting this? Then you can ignore this message.",
               name=inviter.name, title=workspace.title, link=link),
    )
    return None if sent else link


# --- roles and removal -----------------------------------------------------------------------------

def change_role(membership: Membership, role: str) -> bool:
    """Lead: give ``membership`` another role. Returns False when nothing changed."""
    if role not in (Role.LEAD, Role.MEMBER, Role.OBSERVER):
        raise Refused(409, _("Choose a role."))
    if role == membership.role:
        return False
    _lock(membership.workspace)
    if role in (Role.LEAD, Role.MEMBER) and membership.side is None:
        raise Refused(409, _("Only people of the two organisations can be lead or member; %(name)s takes part as "
                             "observer.", name=membership.user.name))
    check_not_last_lead(membership)
    membership.role = role
    record("member.role_changed", membership.user, role, details={"role": role})
    return True


def remove_member(membership: Membership) -> None:
    """Lead: take someone out of the workspace; their next request there answers 404."""
    _lock(membership.workspace)
    check_not_last_lead(membership)
    record("member.removed", membership.user, membership.role, details={"role": membership.role})
    db.session.delete(membership)


def people_url(workspace_id: int) -> str:
    return url_for("ws.people.index", workspace_id=workspace_id)
