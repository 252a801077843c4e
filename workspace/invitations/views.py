"""Accepting an invitation link (to an organisation or a workspace)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, update
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from ..forms import BaseForm
from ..orgs.models import ORG_KIND_LABELS, Organisation, OrgKind, OrgMembership, OrgRole
from ..tenancy.models import Membership
from .models import Invitation
from .services import find_invitation

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


class PartnerOrgForm(BaseForm):
    choice = RadioField(_l("Your organisation"), choices=[], validate_choice=False)
    org_name = StringField(_l("Organisation name"), validators=[Optional(), Length(max=120)])
    org_kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice(k.value, v) for k, v in ORG_KIND_LABELS.items() if k != OrgKind.MENTOR_PROJECT],
        validate_choice=False,  # only needed for a new organisation: checked there
    )
    org_place = StringField(_l("Municipality or place"), validators=[Optional(), Length(max=80)])


def _problem(invitation) -> str | None:
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link, or ask for a new one.")
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn. Ask the person who invited you for a new one.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Log in to continue.")
    if invitation.expires_at <= utcnow():
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    return None


@bp.route("/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Anyone with the link: see the invitation; a logged-in user accepts it (POST)."""
    invitation = find_invitation(token)
    problem = _problem(invitation)
    if problem:
        return render_template("invitations/invalid.html", problem=problem), 410 if invitation else 404
    if not current_user.is_authenticated:
        return render_template("invitations/welcome.html", invitation=invitation, token=token)
    user = current_user._get_current_object()
    if invitation.email and invitation.email.lower() != (user.email or "").lower():
        # A forwarded or leaked link does not let someone else in: the address it went to must log in.
        problem = _("This invitation was sent to another e-mail address. Log in with that address, or ask "
                    "for an invitation to your own address.")
        return render_template("invitations/invalid.html", problem=problem), 403
    form = PartnerOrgForm()
    own_orgs = [
        m.organisation for m in user.org_memberships
        if invitation.workspace is None or m.organisation_id != invitation.workspace.mentor_org_id
    ]
    form.choice.choices = [SelectChoice(str(o.id), o.name) for o in own_orgs] + [SelectChoice("new", _("A new organisation"))]
    if request.method == "POST" and form.validate_on_submit():
        error = _accept(invitation, user, form, own_orgs)
        if error is None:
            db.session.commit()
            flash(_("Invitation accepted. Welcome!"), "success")
            if invitation.workspace_id:
                return redirect(url_for("ws.show", workspace_id=invitation.workspace_id))
            return redirect(url_for("orgs.show"))
        db.session.rollback()
        flash(error, "error")
        return render_template("invitations/accept.html", invitation=invitation, form=form, token=token), 422
    status = 422 if request.method == "POST" else 200
    return render_template("invitations/accept.html", invitation=invitation, form=form, token=token), status


def _accept(invitation, user, form, own_orgs) -> str | None:
    """Apply the invitation for ``user``. Returns an error text, or None when done.

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
        record("org.member_joined", user, invitation.org_role or OrgRole.MEMBER, user=user, workspace=None,
               organisation_id=invitation.organisation_id)
        return None
    workspace = invitation.workspace
    if workspace is None:
        abort(404)
    already = db.session.scalar(
        select(Membership).where(Membership.workspace_id == workspace.id, Membership.user_id == user.id)
    )
    if already is not None:
        return _("You are already in this workspace.")
    if invitation.for_partner_lead and workspace.partner_org_id is None:
        org = _chosen_partner_org(form, own_orgs, user)
        if isinstance(org, str):
            return org
        workspace.partner_org = org
        db.session.flush()
        organisation_id = org.id
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
        choice = form.choice.data
        org_ids = [o.id for o in own_orgs]
        if choice and choice.isdigit() and int(choice) in org_ids:
            organisation_id = int(choice)
        elif org_ids and choice != "new":
            organisation_id = org_ids[0]
        else:
            org = _chosen_partner_org(form, own_orgs, user)
            if isinstance(org, str):
                return org
            organisation_id = org.id
    role = invitation.role or "member"
    if role != "observer" and workspace.side_of(organisation_id) is None:
        return _("Only people of the two organisations can join as lead or member.")
    db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, organisation_id=organisation_id, role=role))
    record("invitation.accepted", invitation, "partner_lead" if invitation.for_partner_lead else role, user=user,
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


def _chosen_partner_org(form, own_orgs, user):
    choice = form.choice.data
    if choice and choice != "new":
        for org in own_orgs:
            if str(org.id) == choice:
                return org
        return _("Choose one of your organisations, or a new one.")
    if not form.org_name.data:
        form.org_name.errors.append(_("Name your organisation."))
        return _("Name your organisation.")
    if form.org_kind.data not in {k.value for k in OrgKind} - {OrgKind.MENTOR_PROJECT.value}:
        form.org_kind.errors.append(_("Choose the kind of organisation."))
        return _("Choose the kind of organisation.")
    org = Organisation(name=form.org_name.data, kind=form.org_kind.data, place=form.org_place.data or "")
    db.session.add(org)
    db.session.add(OrgMembership(organisation=org, user=user, role=OrgRole.ADMIN))
    db.session.flush()
    return org
