"""Command-line commands: ``flask --app wsgi seed-demo`` and friends."""

from __future__ import annotations

import click

from .demo import ACCOUNTS, DEMO_PASSWORD, seed_demo


def register_cli(app) -> None:
    from .dashboard.cli import register as register_dashboard_cli

    register_dashboard_cli(app)
    from .mail.cli import register as register_mail_cli

    register_mail_cli(app)

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load the demo organisations, accounts and workspaces (safe to run again)."""
        created = seed_demo()
        click.echo("Demo data: " + ", ".join(f"{n} new {what}" for what, n in created.items()))
        click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, name, *_rest in ACCOUNTS:
            click.echo(f"  {email:26} {name}")
