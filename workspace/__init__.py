"""Mentorbrug: a shared workspace for a mentor project and a local youth-care partner."""

from __future__ import annotations

import logging

from flask import Flask

from . import ops
from .config import BASE_DIR, load_config
from .extensions import babel, csrf, db, htmx, limiter, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides settings (tests pass ``{"TESTING": True, ...}``)."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder="static",
        instance_path=str(BASE_DIR / "instance"),
    )
    load_config(app, config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from . import models  # noqa: F401  (every table known to SQLAlchemy and Alembic)
    from .areas import install
    from .core import database, errors, i18n, input_guard, security, static, status
    from .templating import register_template_helpers

    input_guard.init_app(app)  # first of the request hooks: nothing reads a control character or stores it
    db.init_app(app)
    database.init_app(app)  # SAVEPOINTs nest in the request's transaction on SQLite too
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # our own server-side sessions do this job
    from .accounts import sessions  # noqa: F401  (registers the user loader)

    install(app)
    errors.register(app)
    register_template_helpers(app)
    static.register(app)  # gzip twins, long cache for fingerprinted URLs
    app.after_request(i18n.remember_language)
    app.after_request(security.add_headers)
    from .mail.sender import after_request as deliver_mail_after_request

    app.after_request(deliver_mail_after_request)
    app.after_request(status.send_status)  # htmx: the action's status text for the live region

    from .demo import seed_demo_command

    app.cli.add_command(seed_demo_command)
    ops.init_app(app)  # proxies, HSTS, backup commands (workspace/ops)
    app.wsgi_app = security.HeaderGuard(app.wsgi_app)  # outermost: also what escapes Flask gets the headers

    return app
