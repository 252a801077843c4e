"""Organisation admins manage their organisation's people: ``/organisation/<org_id>/people/``.

Not a member of the organisation: 404. A member but not an admin: 403.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..accounts.password_reset import queue_reset_mail
from ..activity import audit
from ..activity.services import record
from ..core.refusal import Refused
from ..core.respond import done, shows_refusals
from ..extensions import db
from ..orgs.models import Organisation, OrgMembership, OrgRole
from ..tenancy.models import Membership
from . import org_services
from .forms import OrgRoleForm

bp = Blueprint("org_people", __name__, url_prefix="/organisation/<int:org_id>/people")


def _admin_of(org_id: int) -> Organisation:
    """The organisation, when the caller is its admin; 404 for outsiders, 403 for ordinary members."""
    mine = db.session.scalar(
        select(OrgMembership).where(OrgMembership.organisation_id == org_id, OrgMembership.user_id == current_user.id)
    )
    if mine is None:
        audit.record_access_denied(f"/organisation/{org_id}/people", 404)
        db.session.commit()
        abort(404)
    if mine.role != OrgRole.ADMIN:
        audit.record_access_denied(f"/organisation/{org_id}/people", 403)
        db.session.commit()
        abort(403)
    return mine.organisation


def _colleague(org_id: int, user_id: int) -> OrgMembership:
    membership = db.session.scalar(
        select(OrgMembership).where(OrgMembership.organisation_id == org_id, OrgMembership.user_id == user_id)
    )
    if membership is None:
        abort(404)
    return membership


def _page(org: Organisation, status: int = 200, problem: str | None = None):
    people = db.session.scalars(
        select(OrgMembership).options(joinedload(OrgMembership.user))
        .where(OrgMembership.organisation_id == org.id).order_by(OrgMembership.id)
    ).all()
    workspaces: dict[int, list] = {}
    for membership in db.session.scalars(
        select(Membership).options(joinedload(Membership.workspace)).where(Membership.organisation_id == org.id)
    ):
        workspaces.setdefault(membership.user_id, []).append(membership)
    return render_template(
        "people/org.html", org=org, people=people, workspaces=workspaces, problem=problem,
        role_forms={p.user_id: OrgRoleForm(formdata=None, org_role=p.role, prefix=f"u{p.user_id}") for p in people},
        only_here={p.user_id: org_services.only_in(p.user, org.id) for p in people},
    ), status


def _done(org: Organisation, message: str):
    return done(message, url_for("org_people.index", org_id=org.id))


def _page_with_problem(refused: Refused):
    """A refused change: the page again with the reason at the top (status: the refusal's)."""
    org_id = (request.view_args or {})["org_id"]
    return _page(db.session.get(Organisation, org_id), problem=refused.message)


@bp.route("/")
@login_required
def index(org_id: int):
    """Org admin: everyone in the organisation, their role, their workspaces, and what can be changed."""
    return _page(_admin_of(org_id))


@bp.route("/<int:user_id>/role", methods=["POST"])
@login_required
@shows_refusals(_page_with_problem)
def change_role(org_id: int, user_id: int):
    """Org admin: make a colleague admin or member of the organisation."""
    org = _admin_of(org_id)
    membership = _colleague(org_id, user_id)
    form = OrgRoleForm(prefix=f"u{user_id}")
    if not form.validate_on_submit():
        raise Refused(422, _("Choose one of the roles."), code="input")
    if not org_services.change_org_role(org, membership, form.org_role.data):
        return _done(org, _("Nothing changed."))
    return _done(org, _("The role of %(name)s is changed.", name=membership.user.name))


@bp.route("/<int:user_id>/remove", methods=["POST"])
@login_required
@shows_refusals(_page_with_problem)
def remove(org_id: int, user_id: int):
    """Org admin: take a colleague out of the organisation (and out of the workspaces where they acted for it)."""
    org = _admin_of(org_id)
    membership = _colleague(org_id, user_id)
    name = membership.user.name
    org_services.remove_from_org(org, membership)
    return _done(org, _("%(name)s no longer belongs to %(org)s.", name=name, org=org.name))


def _set_active(org_id: int, user_id: int, active: bool):
    org = _admin_of(org_id)
    user: User = _colleague(org_id, user_id).user
    org_services.set_active(org, user, active, current_user)
    if active:
        return _done(org, _("%(name)s can log in again.", name=user.name))
    return _done(org, _("%(name)s is deactivated and logged out everywhere.", name=user.name))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@login_required
@shows_refusals(_page_with_problem)
def deactivate(org_id: int, user_id: int):
    """Org admin: lock out a colleague who belongs to this organisation only; their sessions end at once."""
    return _set_active(org_id, user_id, False)


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@login_required
@shows_refusals(_page_with_problem)
def reactivate(org_id: int, user_id: int):
    """Org admin: let a deactivated colleague log in again."""
    return _set_active(org_id, user_id, True)


@bp.route("/<int:user_id>/reset-link", methods=["POST"])
@login_required
def send_reset_link(org_id: int, user_id: int):
    """Organisation admins: send a colleague of their organisation a reset link (the same link and flow as
    "forgot password"; the admin never sees it)."""
    org = _admin_of(org_id)
    member = _colleague(org.id, user_id).user
    if not member.active or member.is_deleted:
        flash(_("This account is not active, so no link was sent."), "error")
        return redirect(url_for("org_people.index", org_id=org.id))
    queue_reset_mail(member, sent_by=current_user._get_current_object())
    record("account.reset_link_sent", member, "", details={}, workspace=None, organisation_id=org.id)
    db.session.commit()
    flash(_("A link to set a new password is on its way to %(email)s.", email=member.email), "success")
    return redirect(url_for("org_people.index", org_id=org.id))
