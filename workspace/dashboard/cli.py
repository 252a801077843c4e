"""``flask --app wsgi send-digests``: the daily digest e-mails (cron-friendly, idempotent per day)."""

from __future__ import annotations

import os
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from .digests import send_digests


@click.command("send-digests")
@click.option("--day", "day", default=None, help="The day to send for (YYYY-MM-DD); default: today.")
@click.option("--dry-run", is_flag=True, help="Only log who would get a digest; send and record nothing.")
@click.option("--base-url", default=None,
              help="Public address for the links in the mails (default: $BASE_URL or http://localhost:5000).")
@with_appcontext
def send_digests_command(day, dry_run, base_url):
    """Send each person one e-mail with what needs their action today (at most once a day)."""
    try:
        when = date.fromisoformat(day) if day else None
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--day") from error
    base = base_url or current_app.config.get("BASE_URL") or os.environ.get("BASE_URL") or "http://localhost:5000"
    # url_for needs a request; the links in the mails are made absolute on ``base``.
    with current_app.test_request_context("/", base_url=base):
        outcome = send_digests(when, dry_run=dry_run, base_url=base)
    click.echo(f"digests: {outcome.queued} queued, {outcome.skipped_already_sent} already queued or sent today")
    if not dry_run:
        from ..mail import deliver_due

        report = deliver_due()
        click.echo(f"mail: {report}")
        if report.failed:
            raise SystemExit(1)
