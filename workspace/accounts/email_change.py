"""Changing one's e-mail address: confirmed by a link to the new address, with a notice to the old one.

Open invitations to the old address are readdressed on confirmation, so an invitation sent before the
change still lets the person in (acceptance compares the invitation's address with the account's).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, update
from wtforms import PasswordField
from wtforms.validators import Length

from ..activity.services import record
from ..extensions import db, limiter
from ..forms import BaseForm, NotBlank
from ..invitations.models import Invitation
from ..mail import queue
from ..urls import external_url
from . import tokens
from .forms import email_field
from .passwords import MAX_LENGTH, verify_password

bp = Blueprint("email", __name__)

class ChangeEmailForm(BaseForm):
    new_email = email_field(_l("New e-mail address"))
    password = PasswordField(_l("Your password"), validators=[NotBlank(), Length(max=MAX_LENGTH)])


def _limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _taken(address: str) -> bool:
    from .views import user_by_email

    return user_by_email(address) is not None


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(_limit, methods=["POST"])
def change():
    """Logged-in user: ask to move the account to a new address (confirmed through a link sent there)."""
    user = current_user._get_current_object()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        new = form.new_email.data
        if not verify_password(user.password_hash, form.password.data):
            form.password.errors.append(_("This is not your password."))
        elif new == user.email.lower():
            form.new_email.errors.append(_("This is already your e-mail address."))
        else:
            # Whether the new address is taken is checked on confirmation: only its owner learns it.
            token, token_hash = tokens.new_token()
            hours = current_app.config["EMAIL_CHANGE_LINK_HOURS"]
            tokens.issue(user, tokens.EMAIL_CHANGE, token_hash, timedelta(hours=hours), new_email=new)
            link = external_url("email.confirm", token=token)
            with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
                queue(to=new, subject=_("Mentorbrug: confirm your new e-mail address"), kind="email_change",
                      user=user, sensitive=True, text="\n\n".join([
                          _("Hello %(name)s,", name=user.name),
                          _("You asked to use this address for your Mentorbrug account from now on. Open this "
                            "link to confirm (it works once, for %(hours)d hours):", hours=hours) + "\n" + link,
                          _("Did you not ask for this? Then you can ignore this mail."),
                      ]) + "\n")
                queue(to=user.email, subject=_("Mentorbrug: your e-mail address is about to change"),
                      kind="notice", user=user, text="\n\n".join([
                          _("Hello %(name)s,", name=user.name),
                          _("Someone logged in to your Mentorbrug account asked to change its e-mail address to "
                            "%(new)s. The change happens once that address confirms it.", new=new),
                          _("Was this not you? Then change your password at once: %(link)s",
                            link=external_url("password.forgot")),
                      ]) + "\n")
            record("account.email_change_requested", user, "", details={}, user=user, workspace=None)
            db.session.commit()
            flash(_("Check the mail at %(email)s: open the link in it to confirm the change.", email=new), "info")
            return redirect(url_for("accounts.settings"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/email_change.html", form=form), status


class ConfirmForm(BaseForm):
    pass


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Anyone with the link: confirm the new address (a button, so that mail scanners that open links do
    not confirm by themselves). Refused when the address belongs to another account meanwhile."""
    row = tokens.find_usable(token, tokens.EMAIL_CHANGE)
    if row is None:
        return render_template("accounts/email_invalid.html"), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        if _taken(row.new_email):
            return render_template("accounts/email_invalid.html", taken=True), 409
        if not tokens.use(row):
            db.session.rollback()
            return render_template("accounts/email_invalid.html"), 410
        user, old = row.user, row.user.email
        user.email = row.new_email
        db.session.execute(
            update(Invitation).where(func.lower(Invitation.email) == old.lower(), Invitation.accepted_at.is_(None),
                                     Invitation.revoked_at.is_(None))
            .values(email=row.new_email).execution_options(synchronize_session=False))
        record("account.email_changed", user, "", details={}, user=user, workspace=None)
        db.session.commit()
        flash(_("Your e-mail address is now %(email)s.", email=user.email), "success")
        return redirect(url_for("accounts.settings") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/email_confirm.html", form=form, token=token, new_email=row.new_email)
