"""The areas of Mentorbrug, in the order ``create_app`` installs them.

Each area describes what it adds in one ``Area`` value (``workspace/<area>/area.py``, see ``core.area``). The
order matters where areas react to the same thing: demo content is filled in list order (the groundwork,
notes and pilot content first, then the workflow moves the demo workspaces on, reading that content).
Adding an area: write its ``area.py`` and add it here; nothing else needs to know.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .accounts.area import AREA as ACCOUNTS
from .activity.area import AREA as ACTIVITY
from .core.area import EXTENSION_KEY, Area, Installed, StagePage, Tab
from .core.views import bp as core_bp
from .dashboard.area import AREA as DASHBOARD
from .exports.area import AREA as EXPORTS
from .groundwork.area import AREA as GROUNDWORK
from .invitations.area import AREA as INVITATIONS
from .mail.area import AREA as MAIL
from .notes.area import AREA as NOTES
from .orgs.area import AREA as ORGS
from .people.area import AREA as PEOPLE
from .pilot import demo as pilot_demo
from .pilot import services as pilot_services
from .pilot import views as pilot_views
from .stages.area import AREA as STAGES
from .tenancy.access import make_scope

CORE = Area(name="core", blueprints=(core_bp,))

SIDE_WORDS = {"mentor": _l("mentor project"), "partner": _l("partner")}
ANSWER_WORDS = {"yes": _l("yes"), "no": _l("no")}
CONSTRUCTION_WORDS = {"embedded": _l("embedded in the partner's work"), "subcontracting": _l("subcontracting"),
                      "coproduction": _l("co-production"), "joint_service": _l("a new joint service")}

# The decide, pilot and evaluate stages and the report. (Described here until workspace/pilot/ is split into
# decide/, pilot/ and evaluation/, each with its own area.py.)
PILOT = Area(
    name="pilot",
    workspace_blueprints=(pilot_views.bp,),
    tabs=(Tab(60, "ws.pilot.index", _l("Pilot")),),
    stage_pages=tuple(StagePage(stage, endpoint, label) for stage, endpoint, label in pilot_views.STAGE_PAGES),
    snapshot=pilot_services.snapshot_part,
    on_transition=pilot_services.on_transition,
    personal_data=pilot_views.personal_data,
    demo=pilot_demo.fill_demo_workspace,
    feed_labels={
        "decision.recorded": _l("recorded a decision: %(side)s: %(answer)s"),
        "decision.changed": _l("changed a decision: %(side)s: %(answer)s"),
        "decision.deadline_set": _l("set the date to decide by: %(deadline)s"),
        "decision.reminded": _l("sent the other organisation a reminder to decide"),
        "referral.saved": _l("recorded how young people keep being referred"),
        "plan.started": _l("started the pilot plan: round %(round)s"),
        "plan.construction_set": _l("chose the form of the collaboration: %(construction)s"),
        "plan.scope_saved": _l("described the scope of the pilot"),
        "responsibility.added": _l("added the responsibility “%(topic)s”"),
        "responsibility.updated": _l("changed the responsibility “%(topic)s”"),
        "responsibility.deleted": _l("deleted the responsibility “%(topic)s”"),
        "need.added": _l("added the practical need “%(title)s”"),
        "need.updated": _l("changed a practical need: %(kind)s: %(status)s"),
        "checkin.added": _l("planned a check-in on %(date)s"),
        "checkin.deleted": _l("cancelled the check-in of %(date)s"),
        "checkin.suggested": _l("added the suggested check-ins"),
        "indicator.added": _l("added the indicator “%(name)s”"),
        "indicator.updated": _l("changed the indicator “%(name)s”"),
        "indicator.changed_after_fact": _l("changed the indicator “%(name)s” after the pilot had started"),
        "indicator.deleted": _l("deleted the indicator “%(name)s”"),
        "indicators.frozen": _l("fixed the indicators: round %(round)s"),
        "evaluation.saved": _l("worked on the evaluation: round %(round)s"),
        "evaluation.shared": _l("shared the evaluation with both organisations: round %(round)s"),
        "comment.added": _l("commented on the evaluation: round %(round)s"),
        "comment.edited": _l("changed a comment on the evaluation"),
        "comment.deleted": _l("deleted a comment on the evaluation"),
        "exit_plan.saved": _l("worked on the plan for ending the matches: round %(round)s"),
        "exit_match.added": _l("added the match “%(label)s” to the exit plan"),
        "exit_match.deleted": _l("removed the match “%(label)s” from the exit plan"),
    },
    feed_words={
        "side": lambda code: str(SIDE_WORDS.get(code, code)),
        "answer": lambda code: str(ANSWER_WORDS.get(code, code)),
        "construction": lambda code: str(CONSTRUCTION_WORDS.get(code, code)),
        "deadline": lambda value: value or _("no date"),
    },
)

#: Foundations first (core, accounts, orgs; tenancy has no pages of its own), then the areas people work in.
AREAS: tuple[Area, ...] = (
    CORE, MAIL, ACCOUNTS, ORGS, INVITATIONS, PEOPLE, DASHBOARD, GROUNDWORK, NOTES, PILOT, STAGES, ACTIVITY,
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
