"""The groundwork: the explore, network and values-check stages worked out together."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, StagePage, Tab
from . import services
from .demo import fill_demo_workspace
from .views import bp

AREA = Area(
    name="groundwork",
    workspace_blueprints=(bp,),
    tabs=(Tab(30, "ws.groundwork.explore", _l("Groundwork")),),
    stage_pages=(
        StagePage("explore", "ws.groundwork.explore", _l("Explore: capacity, choices and a contact person")),
        StagePage("network", "ws.groundwork.network", _l("Network: pyramid layers and contact log")),
        StagePage("values_check", "ws.groundwork.values_check",
                  _l("Values: core values, limits, sensitive themes, a case")),
    ),
    snapshot=services.snapshot_fields,
    # Listed before the workflow: the workflow's demo moves workspaces on, and its guards read this content.
    demo=fill_demo_workspace,
    feed_labels={
        "explore.updated": _l("updated the explore answers (capacity, choices, contact person)"),
        "network.layers": _l("chose the layers of the pyramid to work in"),
        "contact.added": _l("logged a conversation with %(name)s"),
        "contact.updated": _l("changed the conversation with %(name)s"),
        "contact.deleted": _l("removed the conversation with %(name)s from the log"),
        "contact.step_done": _l("ticked off the next step agreed with %(name)s"),
        "contact.step_reopened": _l("reopened the next step agreed with %(name)s"),
        "values.updated": _l("wrote down their organisation's core values"),
        "feasibility.updated": _l("updated what the mentor project can offer"),
        "theme.updated": _l("worked on the sensitive theme “%(theme)s”"),
        "case.written": _l("wrote the hypothetical case “%(title)s”"),
        "case.updated": _l("changed the hypothetical case “%(title)s”"),
        "case.answered": _l("answered the questions about the hypothetical case"),
        "case.agreements": _l("wrote down the agreements that follow from the hypothetical case"),
    },
)
