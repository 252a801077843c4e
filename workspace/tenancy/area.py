"""Workspaces: which two organisations, who takes part, the access choke point (a foundation)."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area
from .views import bp

AREA = Area(
    name="tenancy",
    blueprints=(bp,),
    feed_labels={"workspace.created": _l("started the workspace “%(summary)s”")},
)
