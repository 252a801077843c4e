"""Forgotten passwords: ask for a link, set a new password through it (an org admin sends the same link from
the people area: ``people.org_views.send_reset_link``).

The request form answers the same whether or not the address has an account: same page, same status, and
the same time. Both paths make a token, write one audit row and commit; only a known address also stores the
token and queues the mail (the sender delivers it after the response). What remains of the difference (a few
inserts, and on SQLite the background sender holding the write lock) is hidden by answering no sooner than
RESET_ANSWER_SECONDS after the request came in.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..activity import audit
from ..activity.services import record
from ..extensions import db, limiter
from ..mail import queue
from ..urls import external_url
from . import tokens
from .forms import ForgotPasswordForm, NewPasswordForm
from .models import User
from .passwords import hash_password
from .sessions import end_all_sessions, start_session

bp = Blueprint("password", __name__)

def _ip_limit() -> str:
    return current_app.config["RESET_LIMIT_PER_IP"]


def _address_limit() -> str:
    return current_app.config["RESET_LIMIT_PER_ADDRESS"]


def _address_key() -> str:
    return "reset:" + (request.form.get("email") or "").strip().lower()[:254]


def reset_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["RESET_LINK_MINUTES"])


def queue_reset_mail(user: User, *, sent_by: User | None = None) -> None:
    """Make a reset link for ``user`` and queue the mail in their language (not committed)."""
    token, token_hash = tokens.new_token()
    tokens.issue(user, tokens.RESET, token_hash, reset_lifetime(), created_by=sent_by)
    link = external_url("password.reset", token=token)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        intro = (_("%(admin)s, an administrator of your organisation, sent you a link to set a new password "
                   "for Mentorbrug.", admin=sent_by.name) if sent_by is not None else
                 _("Someone (probably you) asked for a new password for your Mentorbrug account."))
        text = "\n\n".join([
            _("Hello %(name)s,", name=user.name), intro,
            _("Open this link to choose a new password. It works once, for %(minutes)d minutes:",
              minutes=current_app.config["RESET_LINK_MINUTES"]) + "\n" + link,
            _("Did you not ask for this? Then you can ignore this mail: your password stays as it is."),
        ]) + "\n"
        queue(to=user.email, subject=_("Mentorbrug: set a new password"), text=text, kind="password_reset",
              user=user, sensitive=True)


def user_by_email(email: str) -> User | None:
    from .views import user_by_email as find

    return find(email)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_address_limit, key_func=_address_key, methods=["POST"])
def forgot():
    """Anyone: ask for a reset link. The answer never tells whether the address has an account."""
    started = time.monotonic()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data
        user = user_by_email(email)
        if user is not None and user.active and not user.is_deleted:
            queue_reset_mail(user)
            record("account.reset_requested", user, "", details={}, user=user, workspace=None)
        else:
            tokens.new_token()  # the same work as for a known address, as far as it is cheap
            fingerprint = audit.login_fingerprint(email)
            record("account.reset_unknown_address", None, fingerprint, details={"fingerprint": fingerprint},
                   object_type="account", workspace=None)
        db.session.commit()
        page = render_template("accounts/forgot_sent.html", email=email)
        time.sleep(max(0.0, current_app.config["RESET_ANSWER_SECONDS"] - (time.monotonic() - started)))
        return page
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/forgot.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
def reset(token: str):
    """Anyone with a valid link: choose a new password. Every session of the account ends; this browser is
    logged in fresh. The link works once and for RESET_LINK_MINUTES."""
    row = tokens.find_usable(token, tokens.RESET)
    if row is None:
        return render_template("accounts/reset_invalid.html"), 410
    user = row.user
    form = NewPasswordForm()
    form.user = user
    if form.validate_on_submit():
        if not tokens.use(row):
            db.session.rollback()
            return render_template("accounts/reset_invalid.html"), 410
        user.password_hash = hash_password(form.new_password.data)
        tokens.revoke(user, tokens.RESET)
        end_all_sessions(user.id)
        if current_user.is_authenticated and current_user.id != user.id:
            end_all_sessions(current_user.id)
        start_session(user)
        record("account.password_reset", user, "", details={}, user=user, workspace=None)
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            queue(to=user.email, subject=_("Mentorbrug: your password was changed"), kind="notice", user=user,
                  text="\n\n".join([
                      _("Hello %(name)s,", name=user.name),
                      _("The password of your Mentorbrug account was just changed through a reset link, and "
                        "every device was logged out."),
                      _("Was this not you? Then ask for a new link at once: %(link)s",
                        link=external_url("password.forgot")),
                  ]) + "\n")
        db.session.commit()
        flash(_("Your new password is set. Other devices are logged out."), "success")
        return redirect(url_for("core.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset.html", form=form, token=token), status
