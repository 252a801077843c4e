"""The organisations area: an organisation's page and its invitations."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area
from .views import bp

AREA = Area(
    name="orgs",
    blueprints=(bp,),
    feed_labels={
        "org.member_joined": _l("joined the organisation as %(role)s"),
        "org.member_removed": _l("removed %(object)s from the organisation"),
        "org.role_changed": _l("made %(object)s %(role)s of the organisation"),
    },
)
