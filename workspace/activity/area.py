"""The activity feed of a workspace (and, for site admins, the audit trail)."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, Tab
from .views import bp

AREA = Area(
    name="activity",
    workspace_blueprints=(bp,),
    tabs=(Tab(90, "ws.activity.feed", _l("Activity")),),
    feed_labels={"access.denied": _l("was refused: %(summary)s")},
)
