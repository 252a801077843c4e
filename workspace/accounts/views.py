"""Sign up, log in, log out, account settings."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..activity import audit
from ..extensions import db, limiter
from ..invitations.services import find_usable_invitation
from ..orgs.models import Organisation, OrgMembership, OrgRole
from ..urls import safe_next
from .forms import ChangePasswordForm, LoginForm, ProfileForm, SignupForm
from .models import User
from .passwords import burn_time, hash_password, needs_rehash, verify_password
from .sessions import end_all_sessions, end_other_sessions, end_session, start_session

bp = Blueprint("accounts", __name__)


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def _ip_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def login():
    """Anyone: log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    next_url = safe_next(request.args.get("next"), url_for("core.home"))
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        if user is None:
            burn_time(form.password.data)
        if user is None or not verify_password(user.password_hash, form.password.data) or not user.active:
            audit.record_login_failure(form.email.data)
            db.session.commit()
            form.password.errors.append(_("E-mail address or password is not right."))
            return render_template("accounts/login.html", form=form, next_url=next_url), 422
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(form.password.data)
        start_session(user, remember=form.remember.data)
        audit.record_login(user)
        db.session.commit()
        flash(_("Welcome back, %(name)s.", name=user.name), "success")
        return redirect(next_url)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form, next_url=next_url), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Logged-in user: log out everywhere. This session and every other session of the user end for good
    (a copied cookie no longer works; other devices are logged out on their next request)."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        end_all_sessions(user.id)
        end_session(user)
        db.session.commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
def signup():
    """Anyone: create an account and a new organisation, or (with an invitation) just the account."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    invite_token = request.args.get("invite", "")
    invitation = find_usable_invitation(invite_token) if invite_token else None
    form = SignupForm()
    if invitation is not None:
        # Invitees join an existing organisation: the form does not show the organisation fields,
        # so a browser never sends org_kind and its choice check must not refuse the sign-up.
        form.org_kind.validate_choice = False
    if request.method == "GET" and invitation is not None and invitation.email:
        form.email.data = invitation.email
    if form.validate_on_submit():
        ok = True
        if user_by_email(form.email.data) is not None:
            form.email.errors.append(_("There is already an account with this e-mail address. Log in instead."))
            ok = False
        if invitation is None and not form.org_name.data:
            form.org_name.errors.append(_("Name the organisation you work for."))
            ok = False
        if ok:
            user = User(
                name=form.name.data, email=form.email.data, password_hash=hash_password(form.password.data),
                locale=_current_lang(),
            )
            db.session.add(user)
            if invitation is None:
                org = Organisation(name=form.org_name.data, kind=form.org_kind.data, place=form.org_place.data or "")
                db.session.add(org)
                db.session.add(OrgMembership(organisation=org, user=user, role=OrgRole.ADMIN))
            db.session.flush()
            start_session(user)
            audit.record_signup(user)
            db.session.commit()
            flash(_("Welcome to Mentorbrug, %(name)s.", name=user.name), "success")
            if invitation is not None:
                return redirect(url_for("invitations.accept", token=invite_token))
            return redirect(url_for("core.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form, invitation=invitation, invite_token=invite_token), status


def _current_lang() -> str:
    return str(get_locale() or "nl")


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    """Logged-in user: name and language."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        user.name = form.name.data
        user.locale = form.locale.data
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.settings", lang=user.locale))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/settings.html", form=form, password_form=password_form), status


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit(_account_limit, methods=["POST"])
def change_password():
    """Logged-in user: change the password; every other session of this user ends."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=user, formdata=None)
    password_form = ChangePasswordForm(prefix="pw")
    password_form.user = user
    if password_form.validate_on_submit():
        if not verify_password(user.password_hash, password_form.current_password.data):
            password_form.current_password.errors.append(_("This is not your current password."))
        else:
            user.password_hash = hash_password(password_form.new_password.data)
            end_other_sessions(user)
            audit.record_password_change(user)
            db.session.commit()
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form, password_form=password_form), 422
