"""The outbox on screen: site admins see queued, sent and failed mail; in development without a mail
server, ``/dev/mail`` shows the last mails with their links (so a newcomer can follow an invitation or a
password reset without a mail server)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required
from sqlalchemy import func, select

from ..activity.views import require_site_admin
from ..extensions import db
from .message import _URL
from .models import MailStatus, OutboxMail

bp = Blueprint("mail", __name__)

STATUSES = (MailStatus.QUEUED, MailStatus.SENDING, MailStatus.SENT, MailStatus.FAILED)


@bp.route("/admin/mail")
@login_required
def admin_outbox():
    """Site admin: the outbox, newest first, ``?status=`` to filter (anyone else: 404). Bodies are not shown."""
    require_site_admin()
    status = request.args.get("status") or ""
    if status not in STATUSES:
        status = ""
    counts = dict(db.session.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())
    query = select(OutboxMail)
    if status:
        query = query.where(OutboxMail.status == status)
    mails = db.session.scalars(query.order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc()).limit(100)).all()
    return render_template("mail/admin.html", mails=mails, counts=counts, status=status, statuses=STATUSES)


def dev_page_allowed() -> bool:
    cfg = current_app.config
    return cfg["ENV_NAME"] != "production" and not cfg.get("MAIL_SERVER")


@bp.route("/dev/mail")
def dev_outbox():
    """Development only (no MAIL_SERVER, not production; else 404): the last 20 mails, bodies and links."""
    if not dev_page_allowed():
        abort(404)
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id.desc()).limit(20)).all()
    return render_template("mail/dev.html", mails=[(m, _URL.findall(m.text_body or "")) for m in mails])
