"""AVG (GDPR) for one's own account: download one's data as JSON, delete the account. Also: see one's
active sessions and log out other devices.

Deleting keeps the user row, pseudonymised (no name, no e-mail, no password), so that past contributions and
audit rows still point somewhere and read "Former member"; memberships and sessions are removed.
"""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select, update
from wtforms import BooleanField, PasswordField
from wtforms.validators import Length

from ..activity.audit import login_fingerprint
from ..activity.models import Activity
from ..activity.services import record
from ..core.area import installed
from ..dbtypes import utcnow
from ..extensions import db, limiter
from ..forms import BaseForm, NotBlank
from ..invitations.models import Invitation
from ..mail.models import OutboxMail
from ..orgs.models import OrgMembership, OrgRole
from ..tenancy.models import Membership, Role
from .models import AccountToken, User, UserSession
from .passwords import MAX_LENGTH, verify_password
from .sessions import _digest, end_other_sessions, end_session
from .views import _account_limit, bp


class DeleteAccountForm(BaseForm):
    password = PasswordField(_l("Your password"), validators=[NotBlank(), Length(max=MAX_LENGTH)])
    understood = BooleanField(_l("I understand that my account cannot be restored"))


# --- services ----------------------------------------------------------------------------------------

def personal_data(user: User) -> dict:
    """Everything Mentorbrug holds about ``user``, for the download (no password hash, no session tokens)."""
    def when(value):
        return value.isoformat() if value else None

    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                                  .order_by(UserSession.created_at)).all()
    activity = db.session.scalars(select(Activity).where(Activity.user_id == user.id)
                                  .order_by(Activity.created_at, Activity.id)).all()
    invitations = db.session.scalars(select(Invitation).where(Invitation.created_by_id == user.id)
                                     .order_by(Invitation.created_at)).all()
    memberships = db.session.scalars(select(Membership).where(Membership.user_id == user.id)
                                     .order_by(Membership.id)).all()
    contributions: dict = {}
    for contributor in installed().personal_data:  # each area's part: notes written, tasks, ...
        contributions.update(contributor(user) or {})
    return {
        "format": "mentorbrug-personal-data/1",
        "exported_at": when(utcnow()),
        "account": {"id": user.id, "name": user.name, "email": user.email, "language": user.locale,
                    "created_at": when(user.created_at), "active": bool(user.active),
                    "site_admin": bool(user.is_site_admin)},
        "organisations": [{"id": m.organisation_id, "name": m.organisation.name, "role": m.role,
                           "since": when(m.created_at)} for m in user.org_memberships],
        "workspaces": [{"id": m.workspace_id, "title": m.workspace.title, "role": m.role,
                        "on_behalf_of": m.organisation.name, "since": when(m.created_at)} for m in memberships],
        "sessions": [{"started_at": when(s.created_at), "last_seen_at": when(s.last_seen_at),
                      "expires_at": when(s.expires_at), "ended_at": when(s.ended_at),
                      "remember": bool(s.remember)} for s in sessions],
        "activity": [{"at": when(a.created_at), "verb": a.verb, "workspace_id": a.workspace_id,
                      "organisation_id": a.organisation_id, "object_type": a.object_type,
                      "object_id": a.object_id, "summary": a.summary} for a in activity],
        "invitations_sent": [{"email": i.email, "workspace_id": i.workspace_id, "organisation_id": i.organisation_id,
                              "role": i.role or i.org_role, "created_at": when(i.created_at),
                              "accepted": i.accepted_at is not None, "withdrawn": i.revoked_at is not None}
                             for i in invitations],
        "contributions": contributions,
    }


def deletion_problems(user: User) -> list[str]:
    """Why ``user`` may not delete their account yet (empty when they may)."""
    problems = []
    for membership in db.session.scalars(
        select(Membership).where(Membership.user_id == user.id, Membership.role == Role.LEAD)
    ):
        leads = db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.workspace_id == membership.workspace_id,
            Membership.organisation_id == membership.organisation_id, Membership.role == Role.LEAD))
        if leads <= 1:
            problems.append(_("You are the only lead of %(org)s in the workspace “%(title)s”. Make a colleague "
                              "lead there first.", org=membership.organisation.name, title=membership.workspace.title))
    for org_membership in user.org_memberships:
        if org_membership.role != OrgRole.ADMIN:
            continue
        org_id = org_membership.organisation_id
        admins = db.session.scalar(select(func.count()).select_from(OrgMembership).where(
            OrgMembership.organisation_id == org_id, OrgMembership.role == OrgRole.ADMIN))
        others = db.session.scalar(select(func.count()).select_from(OrgMembership).where(
            OrgMembership.organisation_id == org_id, OrgMembership.user_id != user.id))
        if admins <= 1 and others > 0:
            problems.append(_("You are the only admin of %(org)s. Make a colleague admin first.",
                              org=org_membership.organisation.name))
    return problems


def delete_account(user: User) -> None:
    """The user themselves: remove memberships and sessions, pseudonymise the account and the audit trail."""
    name, email = user.stored_name, user.email
    # The audit trail keeps its rows but loses the person: their name and address leave the summaries,
    # failed-login fingerprints of their address are blanked, invitations to their address forget it.
    for needle in {name, email} - {""}:
        if len(needle) >= 4:
            for row in db.session.scalars(select(Activity).where(Activity.summary.contains(needle))):
                row.details = {key: value.replace(needle, "former member") if isinstance(value, str) else value
                               for key, value in (row.details or {}).items()}
            db.session.execute(update(Activity).where(Activity.summary.contains(needle))
                               .values(summary=func.replace(Activity.summary, needle, "former member")))
    db.session.execute(update(Activity).where(Activity.verb == "login.failed",
                                              Activity.summary.contains(login_fingerprint(email)))
                       .values(summary="failed login (account deleted)", details={"fingerprint": None}))
    db.session.execute(update(Invitation).where(func.lower(Invitation.email) == email.lower()).values(email=""))
    for membership in db.session.scalars(select(Membership).where(Membership.user_id == user.id)):
        record("member.left", user, membership.role, details={"role": membership.role}, user=user, workspace=membership.workspace,
               organisation_id=membership.organisation_id)
        db.session.delete(membership)
    for org_membership in list(user.org_memberships):
        db.session.delete(org_membership)
    db.session.execute(UserSession.__table__.delete().where(UserSession.user_id == user.id))
    # Mails to them (addresses, bodies) and their open links go too.
    db.session.execute(OutboxMail.__table__.delete().where(
        (OutboxMail.user_id == user.id) | (func.lower(OutboxMail.to_address) == email.lower())))
    db.session.execute(AccountToken.__table__.delete().where(AccountToken.user_id == user.id))
    user.deleted_at = utcnow()
    user.stored_name = ""
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.password_hash = "!"  # matches no password
    user.active = False
    user.is_site_admin = False
    user.locale = None
    record("account.deleted", user, "", details={}, user=user, workspace=None)


# --- views -----------------------------------------------------------------------------------------

@bp.route("/account/privacy")
@login_required
def my_data():
    """Logged-in user: download your data, your active sessions, delete your account."""
    user = current_user._get_current_object()
    sessions = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.expires_at > utcnow()
    ).order_by(UserSession.last_seen_at.desc())).all()
    current_hash = _digest(user.session_token) if user.session_token else None
    return render_template("accounts/privacy.html", sessions=sessions, current_hash=current_hash)


@bp.route("/account/data.json")
@login_required
def download_data():
    """Logged-in user: everything Mentorbrug holds about you, as a JSON file."""
    user = current_user._get_current_object()
    data = personal_data(user)
    record("account.data_exported", user, "", details={}, user=user, workspace=None)
    db.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="mentorbrug-{user.id}.json"',
        "Cache-Control": "no-store",
    })


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_others():
    """Logged-in user: log out every other device; this one stays logged in."""
    user = current_user._get_current_object()
    end_other_sessions(user)
    record("account.sessions_ended", user, "", details={}, user=user, workspace=None)
    db.session.commit()
    flash(_("All your other devices are logged out."), "success")
    return redirect(url_for("accounts.my_data"))


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(_account_limit, methods=["POST"])
def delete():
    """Logged-in user: delete your account after confirming with your password (refused while you are the
    only lead of your organisation in a workspace, or the only admin of an organisation with colleagues)."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    problems = deletion_problems(user)
    if form.validate_on_submit():
        if problems:
            return render_template("accounts/delete.html", form=form, problems=problems), 409
        ok = True
        if not verify_password(user.password_hash, form.password.data):
            form.password.errors.append(_("This is not your password."))
            ok = False
        if not form.understood.data:
            form.understood.errors.append(_("Tick this box to confirm."))
            ok = False
        if ok:
            delete_account(user)
            end_session(user)
            db.session.commit()
            flash(_("Your account is deleted. What you contributed stays, shown as written by a former member."),
                  "info")
            return redirect(url_for("core.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/delete.html", form=form, problems=problems), status
