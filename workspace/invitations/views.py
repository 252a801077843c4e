"""Accepting an invitation link (to an organisation or a workspace)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..extensions import db
from ..forms import BaseForm
from ..orgs.models import ORG_KIND_LABELS, OrgKind
from . import services
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


@bp.route("/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Anyone with the link: see the invitation; a logged-in user accepts it (POST)."""
    invitation = find_invitation(token)
    problem = services.problem_with(invitation)
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
        org = services.OrgChoice(form.choice.data, form.org_name.data, form.org_kind.data, form.org_place.data)
        error = services.accept_invitation(invitation, user, org, own_orgs)
        for name, message in org.field_errors.items():
            getattr(form, name).errors.append(message)
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
