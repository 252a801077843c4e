"""The invitations area: opening and accepting an invitation link."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area
from .views import bp

AREA = Area(
    name="invitations",
    blueprints=(bp,),
    feed_labels={"invitation.accepted": _l("joined the workspace as %(role)s")},
)
