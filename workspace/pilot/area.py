"""The pilot stage: construction, scope, responsibilities, practical needs, check-ins and indicators."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, StagePage, Tab
from . import services
from .demo import fill_demo_workspace
from .views import bp

CONSTRUCTION_WORDS = {"embedded": _l("embedded in the partner's work"), "subcontracting": _l("subcontracting"),
                      "coproduction": _l("co-production"), "joint_service": _l("a new joint service")}

AREA = Area(
    name="pilot",
    workspace_blueprints=(bp,),
    tabs=(Tab(60, "ws.pilot.index", _l("Pilot")),),
    stage_pages=(
        StagePage("pilot", "ws.pilot.plan", _l("Pilot plan")),
        StagePage("pilot", "ws.pilot.indicators", _l("Indicators")),
        StagePage("closed", "ws.pilot.index", _l("Decisions, pilot and evaluation")),
    ),
    snapshot=services.snapshot_part,
    on_transition=services.on_transition,
    demo=fill_demo_workspace,
    feed_labels={
        "plan.started": _l("started the pilot plan: round %(round)s"),
        "plan.construction_set": _l("chose the form of the collaboration: %(construction)s"),
        "plan.scope_saved": _l("described the scope of the pilot"),
        "responsibility.added": _l("added the responsibility \u201c%(topic)s\u201d"),
        "responsibility.updated": _l("changed the responsibility \u201c%(topic)s\u201d"),
        "responsibility.deleted": _l("deleted the responsibility \u201c%(topic)s\u201d"),
        "need.added": _l("added the practical need \u201c%(title)s\u201d"),
        "need.updated": _l("changed a practical need: %(kind)s: %(status)s"),
        "checkin.added": _l("planned a check-in on %(date)s"),
        "checkin.deleted": _l("cancelled the check-in of %(date)s"),
        "checkin.suggested": _l("added the suggested check-ins"),
        "indicator.added": _l("added the indicator \u201c%(name)s\u201d"),
        "indicator.updated": _l("changed the indicator \u201c%(name)s\u201d"),
        "indicator.changed_after_fact": _l("changed the indicator \u201c%(name)s\u201d after the pilot had started"),
        "indicator.deleted": _l("deleted the indicator \u201c%(name)s\u201d"),
        "indicators.frozen": _l("fixed the indicators: round %(round)s"),
    },
    feed_words={"construction": lambda code: str(CONSTRUCTION_WORDS.get(code, code))},
)
