"""``flask --app wsgi mail send``: deliver the outbox (for cron or the compose scheduler)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select


@click.group("mail", help="The mail outbox.")
def mail_group():
    pass


@mail_group.command("send")
@with_appcontext
def send_command():
    """Deliver every queued mail that is due; retries wait their turn (exit 1 when a mail was given up)."""
    from .sender import deliver_due

    report = deliver_due()
    click.echo(f"mail: {report}")
    if report.failed:
        raise SystemExit(1)


@mail_group.command("status")
@with_appcontext
def status_command():
    """Count the outbox by status."""
    from ..extensions import db
    from .models import OutboxMail

    counts = dict(db.session.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())
    click.echo(", ".join(f"{counts.get(s, 0)} {s}" for s in ("queued", "sending", "sent", "failed")))
    if not current_app.config.get("MAIL_SERVER"):
        click.echo("MAIL_SERVER is not set: mails go to the log (and /dev/mail in development).")
