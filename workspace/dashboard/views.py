"""The dashboard (home page of logged-in people) and the digest setting."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import BooleanField

from ..activity.services import record
from ..core.respond import wants_fragment
from ..extensions import db
from ..forms import BaseForm
from . import charts
from .figures import dashboard_rows, local_today, mentor_orgs_of, stall_days
from .filters import OPEN, SORTS, STAGE_CODES, apply, parse_filters, partner_choices

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")



@bp.route("/")
@login_required
def index():
    """Anyone logged in: every workspace they can see, with its figures, filters and charts.

    Filters live in the URL (``stage``, ``partner``, ``mine``, ``overdue``, ``sort``, ``page``); an htmx
    request gets only the list (``dashboard/_list.html``), anything else the whole page."""
    flt = parse_filters(request.args)
    today = local_today()
    rows = dashboard_rows(current_user.id, today=today)
    listing = apply(rows, flt)
    context = dict(flt=flt, listing=listing, partners=partner_choices(rows), has_any=bool(rows),
                   stage_codes=STAGE_CODES, open_code=OPEN, sorts=SORTS, stall_days=stall_days())
    if wants_fragment():
        # the empty state offers "start a workspace" to those who may; with rows there is no extra query
        can_create = bool(mentor_orgs_of(current_user.id)) if not rows else False
        return render_template("dashboard/_list.html", can_create=can_create, **context)
    can_create = bool(mentor_orgs_of(current_user.id))
    return render_template("dashboard/index.html", charts=charts.all_charts(current_user.id, rows, today),
                           can_create=can_create, **context)


class DigestSettingsForm(BaseForm):
    wants_digest = BooleanField(_l("Send me a daily e-mail when something needs my action"))


@bp.route("/digest", methods=["GET", "POST"])
@login_required
def digest_settings():
    """Logged-in person: switch their daily digest e-mail on or off."""
    user = current_user._get_current_object()
    form = DigestSettingsForm(data={"wants_digest": not user.digest_opt_out})
    if form.validate_on_submit():
        user.digest_opt_out = not form.wants_digest.data
        record("account.digest_" + ("off" if user.digest_opt_out else "on"), user,
               "daily digest switched " + ("off" if user.digest_opt_out else "on"), details={}, workspace=None)
        db.session.commit()
        flash(_("You will get the daily digest when something needs your action.") if form.wants_digest.data
              else _("You will no longer get the daily digest."), "success")
        return redirect(url_for("accounts.settings"))
    status = 422 if form.is_submitted() else 200
    return render_template("dashboard/digest_settings.html", digest_form=form), status


def digest_form_for(user) -> DigestSettingsForm:
    """The form as the account page shows it (``{% include "dashboard/_digest_setting.html" %}``)."""
    return DigestSettingsForm(formdata=None, data={"wants_digest": not user.digest_opt_out})


def digest_settings_form() -> DigestSettingsForm:
    """For every template (``Area.template_globals``): the logged-in person's digest setting as a form."""
    return digest_form_for(current_user._get_current_object())
