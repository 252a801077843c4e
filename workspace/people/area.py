"""The people area: the workspace's People tab and an organisation's people page."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, Tab
from .org_views import bp as org_bp
from .views import bp

AREA = Area(
    name="people",
    blueprints=(org_bp,),
    workspace_blueprints=(bp,),
    tabs=(Tab(80, "ws.people.index", _l("People")),),
    feed_labels={
        "invitation.created": _l("invited %(object)s as %(role)s"),
        "invitation.revoked": _l("withdrew the invitation for %(object)s"),
        "invitation.resent": _l("sent a new invitation link to %(object)s"),
        "member.role_changed": _l("made %(object)s %(role)s"),
        "member.removed": _l("removed %(object)s from the workspace"),
        "account.deactivated": _l("deactivated the account of %(object)s"),
        "account.reactivated": _l("reactivated the account of %(object)s"),
        "account.reset_link_sent": _l("sent %(object)s a link to set a new password"),
    },
)
