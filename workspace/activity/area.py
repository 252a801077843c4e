"""The activity feed of a workspace, and the audit trail: recording account and security events
(``activity.audit``) and the site admin's page of them."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, Tab
from .labels import role_word
from .views import admin_bp, bp

AREA = Area(
    name="activity",
    blueprints=(admin_bp,),
    workspace_blueprints=(bp,),
    tabs=(Tab(90, "ws.activity.feed", _l("Activity")),),
    feed_labels={"access.denied": _l("was refused: %(status)s %(path)s")},
    feed_words={"role": role_word},
)
