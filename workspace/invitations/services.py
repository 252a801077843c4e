"""Creating, finding and accepting invitation links. Services change state; callers commit."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.exceptions import NotFound

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from ..orgs.models import Organisation, OrgKind, OrgMembership, OrgRole
from ..tenancy.models import Membership
from ..urls import external_url
from .models import Invitation

log = logging.getLogger(__name__)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(*, created_by, email: str = "", **target) -> tuple[Invitation, str]:
    """Make a single-use invitation; returns it with the clear-text token (shown or mailed once)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = Invitation(
        token_hash=digest(token), email=(email or "").lower(), created_by_id=created_by.id if created_by else None,
        created_at=now, expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]), **target,
    )
    db.session.add(invitation)
    return invitation, token


def invitation_url(token: str) -> str:
    return external_url("invitations.accept", token=token)


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))


def find_usable_invitation(token: str) -> Invitation | None:
    invitation = find_invitation(token)
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


@dataclass
class OrgChoice:
    """On accepting: one of the person's organisations (``choice`` is its id) or ``"new"`` with a name, a
    kind and a place."""

    choice: str | None
    name: str | None
    kind: str | None
    place: str | None
    field_errors: dict[str, str] = field(default_factory=dict)


def problem_with(invitation: Invitation | None) -> str | None:
    """Why this invitation link cannot be used (None when it can), in the reader's language."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link, or ask for a new one.")
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn. Ask the person who invited you for a new one.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Log in to continue.")
    if invitation.expires_at <= utcnow():
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    return None


def accept_invitation(invitation: Invitation, user, org: OrgChoice, own_orgs: list) -> str | None:
    """The invited person (logged in, with the address it went to): apply the invitation. Returns an error
    text (the caller rolls back), or None when done (the caller commits). ``org`` is what they chose or
    named for their organisation; problems with its fields land in ``org.field_errors``.

    Workspace invitations: the partner's first lead names or chooses the partner organisation; leads and
    members join on behalf of the inviting lead's organisation (and become its member if they were not);
    observers join on behalf of an organisation of their own. One activity row records the acceptance.
    """
    if not _claim(invitation, user):
        return _("This invitation has already been used. Log in to continue.")
    if invitation.organisation_id and not invitation.workspace_id:
        exists = db.session.scalar(
            select(OrgMembership).where(
                OrgMembership.organisation_id == invitation.organisation_id, OrgMembership.user_id == user.id
            )
        )
        if exists is None:
            db.session.add(OrgMembership(organisation_id=invitation.organisation_id, user_id=user.id,
                                         role=invitation.org_role or OrgRole.MEMBER))
        record("org.member_joined", user, invitation.org_role or OrgRole.MEMBER,
               details={"role": invitation.org_role or OrgRole.MEMBER}, user=user, workspace=None,
               organisation_id=invitation.organisation_id)
        return None
    workspace = invitation.workspace
    if workspace is None:
        raise NotFound()
    already = db.session.scalar(
        select(Membership).where(Membership.workspace_id == workspace.id, Membership.user_id == user.id)
    )
    if already is not None:
        return _("You are already in this workspace.")
    if invitation.for_partner_lead and workspace.partner_org_id is None:
        chosen = _chosen_org(org, own_orgs, user)
        if isinstance(chosen, str):
            return chosen
        workspace.partner_org = chosen
        db.session.flush()
        organisation_id = chosen.id
    elif invitation.for_partner_lead:
        if not any(o.id == workspace.partner_org_id for o in own_orgs):
            return _("This invitation is for people of %(org)s. Ask them to invite you.",
                     org=workspace.partner_org.name)
        organisation_id = workspace.partner_org_id
    elif invitation.organisation_id in (workspace.mentor_org_id, workspace.partner_org_id) and invitation.organisation_id:
        # A lead invited a colleague: they act for the lead's organisation, which vouches for them.
        organisation_id = invitation.organisation_id
        if not any(m.organisation_id == organisation_id for m in user.org_memberships):
            db.session.add(OrgMembership(organisation_id=organisation_id, user_id=user.id, role=OrgRole.MEMBER))
    else:
        # Observers join on behalf of an organisation of their own (or a new one).
        choice = org.choice
        org_ids = [o.id for o in own_orgs]
        if choice and choice.isdigit() and int(choice) in org_ids:
            organisation_id = int(choice)
        elif org_ids and choice != "new":
            organisation_id = org_ids[0]
        else:
            chosen = _chosen_org(org, own_orgs, user)
            if isinstance(chosen, str):
                return chosen
            organisation_id = chosen.id
    role = invitation.role or "member"
    if role != "observer" and workspace.side_of(organisation_id) is None:
        return _("Only people of the two organisations can join as lead or member.")
    db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, organisation_id=organisation_id, role=role))
    record("invitation.accepted", invitation, "partner_lead" if invitation.for_partner_lead else role,
           details={"role": "partner_lead" if invitation.for_partner_lead else role}, user=user,
           workspace=workspace, organisation_id=organisation_id)
    return None


def _claim(invitation, user) -> bool:
    """Mark the invitation used, atomically: of two simultaneous acceptances exactly one wins."""
    now = utcnow()
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
               Invitation.expires_at > now)
        .values(accepted_at=now, accepted_by_id=user.id)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def _chosen_org(org: OrgChoice, own_orgs: list, user):
    """One of the person's own organisations, or a new one they name (they become its admin); or an error."""
    choice = org.choice
    if choice and choice != "new":
        for org in own_orgs:
            if str(org.id) == choice:
                return org
        return _("Choose one of your organisations, or a new one.")
    if not org.name:
        org.field_errors["org_name"] = _("Name your organisation.")
        return _("Name your organisation.")
    if org.kind not in {k.value for k in OrgKind} - {OrgKind.MENTOR_PROJECT.value}:
        org.field_errors["org_kind"] = _("Choose the kind of organisation.")
        return _("Choose the kind of organisation.")
    new = Organisation(name=org.name, kind=org.kind, place=org.place or "")
    db.session.add(new)
    db.session.add(OrgMembership(organisation=new, user=user, role=OrgRole.ADMIN))
    db.session.flush()
    return new
