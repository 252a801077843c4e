"""The workspace export (JSON) and the import of such a file as the template of a new workspace."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, Tab
from .views import bp, import_bp

AREA = Area(
    name="exports",
    blueprints=(import_bp,),
    workspace_blueprints=(bp,),
    tabs=(Tab(92, "ws.exports.index", _l("Export")),),
    feed_labels={
        "workspace.exported": _l("downloaded the workspace as a JSON export"),
        "workspace.imported": _l("started this workspace from an export file"),
    },
)
