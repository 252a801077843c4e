"""The areas of Mentorbrug, in the order ``create_app`` installs them.

Each area describes what it adds in one ``Area`` value (``workspace/<area>/area.py``, see ``core.area``). The
order matters where areas react to the same thing: demo content is filled in list order (the groundwork,
notes, decide, pilot and evaluation content first, then the workflow moves the demo workspaces on, reading that content).
Adding an area: write its ``area.py`` and add it here; nothing else needs to know.
"""

from __future__ import annotations

from flask import Flask

from .accounts.area import AREA as ACCOUNTS
from .activity.area import AREA as ACTIVITY
from .core.area import EXTENSION_KEY, Area, Installed
from .core.views import bp as core_bp
from .dashboard.area import AREA as DASHBOARD
from .decide.area import AREA as DECIDE
from .evaluation.area import AREA as EVALUATION
from .exports.area import AREA as EXPORTS
from .groundwork.area import AREA as GROUNDWORK
from .invitations.area import AREA as INVITATIONS
from .mail.area import AREA as MAIL
from .notes.area import AREA as NOTES
from .orgs.area import AREA as ORGS
from .people.area import AREA as PEOPLE
from .pilot.area import AREA as PILOT
from .stages.area import AREA as STAGES
from .tenancy.access import make_scope

CORE = Area(name="core", blueprints=(core_bp,))

#: Foundations first (core, accounts, orgs; tenancy has no pages of its own), then the areas people work in.
AREAS: tuple[Area, ...] = (
    CORE, MAIL, ACCOUNTS, ORGS, INVITATIONS, PEOPLE, DASHBOARD, GROUNDWORK, NOTES, DECIDE, PILOT, EVALUATION, STAGES, ACTIVITY,
    EXPORTS,
)


def install(app: Flask, areas: tuple[Area, ...] = AREAS) -> Installed:
    """Mount every area's blueprints, routes, commands and template globals on ``app``, and keep what they add
    up to in ``app.extensions["mentorbrug"]`` (read it with ``core.area.installed()``)."""
    scope = make_scope()
    for area in areas:
        for rule, endpoint, view in area.workspace_routes:
            scope.add_url_rule(rule, endpoint, view)
        for blueprint in area.workspace_blueprints:
            scope.register_blueprint(blueprint)
    for area in areas:
        for blueprint in area.blueprints:
            app.register_blueprint(blueprint)
        if area.cli is not None:
            app.cli.add_command(area.cli)
        app.jinja_env.globals.update(area.template_globals)
    app.register_blueprint(scope)
    result = Installed.of(areas)
    app.extensions[EXTENSION_KEY] = result
    return result
