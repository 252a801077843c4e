"""The workspace's People tab: who takes part in which role, invitations, role changes and removal.

Everyone who can read the workspace sees the people; leads invite, change roles and remove (see
``services.can_manage_membership``). Every form works without JavaScript (redirect with a message) and with
htmx (the ``#people`` region re-renders itself).
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..core.respond import wants_fragment
from ..dbtypes import utcnow
from ..extensions import db
from ..invitations.models import Invitation
from ..tenancy.access import can_lead, get_child_or_404, require
from ..tenancy.models import Membership
from ..tenancy.tabs import TABS
from . import services
from .forms import InviteForm, RoleForm
from .services import Refused

bp = Blueprint("people", __name__, url_prefix="/people")
TABS.append((80, "ws.people.index", _l("People")))

NEW_LINK_KEY = "people_new_link"


def _context(invite_form: InviteForm | None = None, **extra) -> dict:
    workspace, access = g.workspace, g.access
    members = services.members_of(workspace)
    is_lead = can_lead(access)
    if is_lead and invite_form is None:
        invite_form = InviteForm(formdata=None)
    if invite_form is not None:
        invite_form.role.choices = services.role_choices(workspace, access)
    groups = [
        (workspace.mentor_org, [m for m in members if m.organisation_id == workspace.mentor_org_id and m.role != "observer"]),
        (workspace.partner_org, [m for m in members if workspace.partner_org_id is not None
                                 and m.organisation_id == workspace.partner_org_id and m.role != "observer"]),
    ]
    observers = [m for m in members if m.role == "observer"]
    return {
        "groups": [(org, people) for org, people in groups if org is not None],
        "observers": observers,
        "invitations": services.open_invitations(workspace) if is_lead else [],
        "invite_form": invite_form,
        "role_forms": {m.id: RoleForm(formdata=None, role=m.role, prefix=f"m{m.id}") for m in members},
        "can_manage": lambda m: services.can_manage_membership(access, m),
        "can_manage_invitation": lambda i: services.can_manage_invitation(access, i),
        "now": utcnow(),
        **extra,
    }


def _render(status: int = 200, **context):
    template = "people/_people.html" if wants_fragment() else "people/index.html"
    return render_template(template, **_context(**context)), status


def _done(message: str, link: str | None = None):
    """A change went through: htmx gets the fresh region, a plain form a redirect with a message."""
    db.session.commit()
    if wants_fragment():
        body, status = _render(notice=message, new_link=link)
        return body, status, {"HX-Trigger": "workspace-changed"}
    flash(message, "success")
    if link:
        session[NEW_LINK_KEY] = link  # shown once on the next page, so the lead can copy it
    return redirect(services.people_url(g.workspace.id))


def _refused(reason: str):
    db.session.rollback()
    return _render(409, problem=reason)


@bp.route("/")
def index():
    """Anyone who can read the workspace: its people; leads also see open invitations and the invite form."""
    link = session.pop(NEW_LINK_KEY, None) if can_lead(g.access) else None
    return _render(new_link=link)


@bp.route("/invite", methods=["POST"])
def invite():
    """Lead: invite someone by e-mail address with a role. Without a mail server the lead gets the link."""
    require(can_lead)
    form = InviteForm()
    form.role.choices = services.role_choices(g.workspace, g.access)
    if form.validate_on_submit():
        try:
            invitation, token = services.invite(g.workspace, g.access, current_user, form.email.data, form.role.data)
        except Refused as refusal:
            form.email.errors.append(str(refusal))
        else:
            link = services.send_invitation(invitation, token, g.workspace, current_user)
            if link:
                message = _("Invitation made. No mail server is set up: send %(email)s the link below yourself.",
                            email=invitation.email)
            else:
                message = _("Invitation sent to %(email)s.", email=invitation.email)
            return _done(message, link)
    db.session.rollback()
    return _render(422, invite_form=form)


def _invitation(invitation_id: int) -> Invitation:
    invitation = get_child_or_404(Invitation, invitation_id)
    require(lambda access: services.can_manage_invitation(access, invitation))
    return invitation


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke_invitation(invitation_id: int):
    """Lead: withdraw an invitation; its link stops working."""
    require(can_lead)
    invitation = _invitation(invitation_id)
    try:
        services.revoke(invitation)
    except Refused as refusal:
        return _refused(str(refusal))
    return _done(_("The invitation for %(email)s is withdrawn.", email=invitation.email))


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
def resend_invitation(invitation_id: int):
    """Lead: send a fresh link (valid 14 days again); the old link stops working."""
    require(can_lead)
    invitation = _invitation(invitation_id)
    try:
        fresh, token = services.resend(invitation, current_user)
    except Refused as refusal:
        return _refused(str(refusal))
    link = services.send_invitation(fresh, token, g.workspace, current_user)
    if link:
        message = _("New link made for %(email)s; the old link no longer works. Send them the link below.",
                    email=fresh.email)
    else:
        message = _("New invitation sent to %(email)s; the old link no longer works.", email=fresh.email)
    return _done(message, link)


def _membership(membership_id: int) -> Membership:
    membership = get_child_or_404(Membership, membership_id)
    require(lambda access: services.can_manage_membership(access, membership))
    return membership


@bp.route("/members/<int:membership_id>/role", methods=["POST"])
def change_role(membership_id: int):
    """Lead: give someone of their own organisation (or an observer) another role."""
    require(can_lead)
    membership = _membership(membership_id)
    form = RoleForm(prefix=f"m{membership.id}")
    if not form.validate_on_submit():
        db.session.rollback()
        return _render(422, problem=_("Choose one of the roles."))
    try:
        changed = services.change_role(membership, form.role.data)
    except Refused as refusal:
        return _refused(str(refusal))
    if not changed:
        return _done(_("Nothing changed."))
    return _done(_("%(name)s is now %(role)s.", name=membership.user.name, role=str(membership.role_label).lower()))


@bp.route("/members/<int:membership_id>/remove", methods=["POST"])
def remove_member(membership_id: int):
    """Lead: take someone out of the workspace; from their next request on they cannot open it."""
    require(can_lead)
    membership = _membership(membership_id)
    name = membership.user.name
    try:
        services.remove_member(membership)
    except Refused as refusal:
        return _refused(str(refusal))
    return _done(_("%(name)s no longer takes part in this workspace.", name=name))
