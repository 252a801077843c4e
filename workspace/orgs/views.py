"""The user's organisations: who is in them, and invitation links for new colleagues."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, Optional

from ..dbtypes import utcnow
from ..extensions import db
from ..forms import BaseForm
from ..invitations.models import Invitation
from ..invitations.services import create_invitation, invitation_url
from ..mail import send_mail
from .models import Organisation, OrgMembership, OrgRole

bp = Blueprint("orgs", __name__, url_prefix="/organisation")


class OrgInviteForm(BaseForm):
    email = EmailField(
        _l("E-mail address (optional)"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address, like name@example.org."))],
    )
    org_role = SelectField(_l("Role in the organisation"), choices=[SelectChoice("member", _l("Member")), SelectChoice("admin", _l("Admin"))])


def _admin_membership(org_id: int) -> OrgMembership:
    membership = db.session.scalar(
        select(OrgMembership).where(OrgMembership.organisation_id == org_id, OrgMembership.user_id == current_user.id)
    )
    if membership is None:
        abort(404)
    if membership.role != OrgRole.ADMIN:
        abort(403)
    return membership


@bp.route("/")
@login_required
def show():
    """Logged-in user: their organisations and colleagues; admins also see open invitation links."""
    memberships = db.session.scalars(
        select(OrgMembership).options(joinedload(OrgMembership.organisation))
        .where(OrgMembership.user_id == current_user.id)
    ).all()
    org_ids = [m.organisation_id for m in memberships]
    people = db.session.scalars(
        select(OrgMembership).options(joinedload(OrgMembership.user))
        .where(OrgMembership.organisation_id.in_(org_ids)).order_by(OrgMembership.id)
    ).all()
    admin_of = [m.organisation_id for m in memberships if m.role == OrgRole.ADMIN]
    pending = db.session.scalars(
        select(Invitation).where(
            Invitation.organisation_id.in_(admin_of), Invitation.workspace_id.is_(None),
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow(),
        ).order_by(Invitation.created_at)
    ).all()
    return render_template("orgs/show.html", memberships=memberships, people=people, pending=pending,
                           form=OrgInviteForm(), admin_of=admin_of)


@bp.route("/<int:org_id>/invite", methods=["POST"])
@login_required
def invite(org_id: int):
    """Org admin: make an invitation link for a new colleague (mailed when an address is given and SMTP is set)."""
    _admin_membership(org_id)
    org = db.session.get(Organisation, org_id)
    form = OrgInviteForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("orgs.show"))
    invitation, token = create_invitation(created_by=current_user, email=form.email.data or "",
                                          organisation_id=org.id, org_role=form.org_role.data)
    link = invitation_url(token)
    sent = bool(form.email.data) and send_mail(
        to=form.email.data, subject=_("Join %(org)s in Mentorbrug", org=org.name),
        body=_("%(name)s invites you to join %(org)s in Mentorbrug.\n\nOpen this link (valid for 14 days):\n%(link)s",
               name=current_user.name, org=org.name, link=link),
    )
    db.session.commit()
    if sent:
        flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    else:
        flash(_("Invitation link for %(org)s (valid for 14 days, single use): %(link)s", org=org.name, link=link), "info")
    return redirect(url_for("orgs.show"))
