"""The workspace's People tab: who takes part in which role, invitations, role changes and removal.

Everyone who can read the workspace sees the people; leads invite, change roles and remove (see
``services.can_manage_membership``). Every form works without JavaScript (redirect with a message) and with
htmx (the ``#people`` region re-renders itself).
"""

from __future__ import annotations

from flask import Blueprint, g, render_template, session
from flask_babel import gettext as _
from flask_login import current_user

from ..core.refusal import Refused
from ..core.respond import CHANGED, done, invalid, page_or_fragment, shows_refusals, wants_fragment
from ..dbtypes import utcnow
from ..invitations.models import Invitation
from ..tenancy.access import can_lead, get_child_or_404, require
from ..tenancy.models import Membership
from . import services
from .forms import InviteForm, RoleForm

bp = Blueprint("people", __name__, url_prefix="/people")

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


def _render(**context) -> str:
    return render_template(page_or_fragment("people/index.html", "people/_people.html"), **_context(**context))


def _region_with_problem(refused: Refused) -> str:
    """A refused change: the people region (htmx) or page with the reason in place (status: the refusal's)."""
    return _render(problem=refused.message)


def _done(message: str, link: str | None = None):
    """A change went through: htmx gets the fresh region, a plain form a redirect with a message."""
    if link and not wants_fragment():
        session[NEW_LINK_KEY] = link  # shown once on the next page, so the lead can copy it
    return done(message, services.people_url(g.workspace.id), event=CHANGED,
                fragment=lambda: _render(notice=message, new_link=link))


@bp.route("/")
def index():
    """Anyone who can read the workspace: its people; leads also see open invitations and the invite form."""
    link = session.pop(NEW_LINK_KEY, None) if can_lead(g.access) else None
    return _render(new_link=link)


def _invite_form() -> InviteForm:
    form = InviteForm()
    form.role.choices = services.role_choices(g.workspace, g.access)
    return form


def _invite_refused(refused: Refused) -> str:
    """The invite form again, with what was typed and the reason at its field (422)."""
    return _render(invite_form=refused.form or refused.put_on(_invite_form()))


@bp.route("/invite", methods=["POST"])
@shows_refusals(_invite_refused)
def invite():
    """Lead: invite someone by e-mail address with a role. Without a mail server the lead gets the link."""
    require(can_lead)
    form = _invite_form()
    if not form.validate_on_submit():
        raise invalid(form)
    invitation, token = services.invite(g.workspace, g.access, current_user, form.email.data, form.role.data)
    link = services.send_invitation(invitation, token, g.workspace, current_user)
    if link:
        message = _("Invitation made. No mail server is set up: send %(email)s the link below yourself.",
                    email=invitation.email)
    else:
        message = _("Invitation sent to %(email)s.", email=invitation.email)
    return _done(message, link)


def _invitation(invitation_id: int) -> Invitation:
    invitation = get_child_or_404(Invitation, invitation_id)
    require(lambda access: services.can_manage_invitation(access, invitation))
    return invitation


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@shows_refusals(_region_with_problem)
def revoke_invitation(invitation_id: int):
    """Lead: withdraw an invitation; its link stops working."""
    require(can_lead)
    invitation = _invitation(invitation_id)
    services.revoke(invitation)
    return _done(_("The invitation for %(email)s is withdrawn.", email=invitation.email))


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@shows_refusals(_region_with_problem)
def resend_invitation(invitation_id: int):
    """Lead: send a fresh link (valid 14 days again); the old link stops working."""
    require(can_lead)
    invitation = _invitation(invitation_id)
    fresh, token = services.resend(invitation, current_user)
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
@shows_refusals(_region_with_problem)
def change_role(membership_id: int):
    """Lead: give someone of their own organisation (or an observer) another role."""
    require(can_lead)
    membership = _membership(membership_id)
    form = RoleForm(prefix=f"m{membership.id}")
    if not form.validate_on_submit():
        raise Refused(422, _("Choose one of the roles."), code="input")
    if not services.change_role(membership, form.role.data):
        return _done(_("Nothing changed."))
    return _done(_("%(name)s is now %(role)s.", name=membership.user.name, role=str(membership.role_label).lower()))


@bp.route("/members/<int:membership_id>/remove", methods=["POST"])
@shows_refusals(_region_with_problem)
def remove_member(membership_id: int):
    """Lead: take someone out of the workspace; from their next request on they cannot open it."""
    require(can_lead)
    membership = _membership(membership_id)
    name = membership.user.name
    services.remove_member(membership)
    return _done(_("%(name)s no longer takes part in this workspace.", name=name))
