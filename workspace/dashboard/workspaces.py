"""The workspace list and starting a workspace, at ``/dashboard/workspaces/``. The old addresses under
``/workspaces/`` (bookmarks, old mails) redirect here, keeping the method (308) and the query string."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from ..activity.services import record
from ..extensions import db
from ..invitations.services import create_invitation, invitation_url
from ..mail import send_mail
from ..orgs.models import Organisation, OrgKind, OrgMembership
from ..tenancy.access import visible_workspaces_query
from ..tenancy.events import workspace_created
from ..tenancy.models import Membership, Role, Workspace
from .forms import NewWorkspaceForm
from .views import bp

log = logging.getLogger(__name__)

# The addresses before the list moved into the dashboard (endpoints workspaces.index, workspaces.new).
old_bp = Blueprint("workspaces", __name__, url_prefix="/workspaces")


def my_workspaces(user_id: int) -> list[Workspace]:
    stmt = visible_workspaces_query(user_id).options(
        joinedload(Workspace.mentor_org), joinedload(Workspace.partner_org)
    ).order_by(Workspace.created_at.desc(), Workspace.id.desc())
    return list(db.session.scalars(stmt).unique())


def mentor_orgs_of(user) -> list[Organisation]:
    return [m.organisation for m in user.org_memberships if m.organisation.kind == OrgKind.MENTOR_PROJECT]


@old_bp.route("/", endpoint="index")
@old_bp.route("/new", methods=["GET", "POST"], endpoint="new")
def moved():
    """Anyone: the old address of the workspace list or of starting a workspace; 308 to the new one."""
    target = url_for("dashboard.workspaces" if request.endpoint == "workspaces.index" else "dashboard.new_workspace")
    query = request.query_string.decode()
    return redirect(target + (f"?{query}" if query else ""), code=308)


@bp.route("/workspaces/")
@login_required
def workspaces():
    """Logged-in user: every workspace they can see."""
    workspaces = my_workspaces(current_user.id)
    return render_template("dashboard/workspaces.html", workspaces=workspaces,
                           can_create=bool(mentor_orgs_of(current_user)))


@bp.route("/workspaces/new", methods=["GET", "POST"])
@login_required
def new_workspace():
    """People of a mentor project: start a workspace with a partner; they become its lead."""
    mentor_orgs = mentor_orgs_of(current_user)
    if not mentor_orgs:
        flash(_("Only people of a mentor project can start a workspace. Ask a mentor project to invite you."), "error")
        return redirect(url_for("dashboard.workspaces"))
    form = NewWorkspaceForm()
    form.mentor_org.choices = [SelectChoice(str(o.id), o.name) for o in mentor_orgs]
    known_partners = _known_partners([o.id for o in mentor_orgs])
    form.partner.choices = [SelectChoice("new", _("A new partner (their lead names the organisation on joining)"))] + [
        SelectChoice(str(o.id), f"{o.name} ({o.kind_label})") for o in known_partners
    ]
    if form.validate_on_submit():
        mentor_org = next(o for o in mentor_orgs if str(o.id) == form.mentor_org.data)
        partner = next((o for o in known_partners if str(o.id) == form.partner.data), None)
        if partner is None and not form.partner_lead_email.data:
            form.partner_lead_email.errors.append(_("For a new partner, enter the e-mail address of their lead."))
        else:
            workspace = Workspace(title=form.title.data, mentor_org=mentor_org, partner_org=partner,
                                  created_by_id=current_user.id)
            db.session.add(workspace)
            db.session.add(Membership(workspace=workspace, user_id=current_user.id,
                                      organisation_id=mentor_org.id, role=Role.LEAD))
            db.session.flush()
            workspace_created(workspace)
            record("workspace.created", workspace, workspace.title, details={"title": workspace.title}, workspace=workspace,
                   organisation_id=mentor_org.id)
            link = None
            if form.partner_lead_email.data:
                invitation, token = create_invitation(
                    created_by=current_user, email=form.partner_lead_email.data, workspace_id=workspace.id,
                    role=Role.LEAD, for_partner_lead=True,
                )
                link = invitation_url(token)
                sent = send_mail(
                    to=invitation.email,
                    subject=_("Invitation to the Mentorbrug workspace %(title)s", title=workspace.title),
                    body=_("%(name)s invites you to work together in Mentorbrug on: %(title)s.\n\n"
                           "Open this link to join (valid for 14 days):\n%(link)s",
                           name=current_user.name, title=workspace.title, link=link),
                )
                if sent:
                    link = None
            db.session.commit()
            flash(_("Workspace created."), "success")
            if link:
                flash(_("No mail server is set up, so send the partner this invitation link yourself: %(link)s",
                        link=link), "info")
            return redirect(url_for("ws.show", workspace_id=workspace.id))
    status = 422 if form.is_submitted() else 200
    return render_template("dashboard/new_workspace.html", form=form), status


def _known_partners(mentor_org_ids: list[int]) -> list[Organisation]:
    """Partners the user's mentor projects already work with, plus organisations the user belongs to."""
    partner_ids = select(Workspace.partner_org_id).where(Workspace.mentor_org_id.in_(mentor_org_ids))
    own_ids = select(OrgMembership.organisation_id).where(OrgMembership.user_id == current_user.id)
    stmt = select(Organisation).where(
        Organisation.id.not_in(mentor_org_ids),
        Organisation.id.in_(partner_ids) | Organisation.id.in_(own_ids),
    ).order_by(Organisation.name)
    return list(db.session.scalars(stmt))
