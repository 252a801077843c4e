"""Joint and internal notes."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, Tab
from .demo import fill_demo_notes
from .services import personal_data
from .views import TEMPLATE_GLOBALS, bp

AREA = Area(
    name="notes",
    workspace_blueprints=(bp,),
    tabs=(Tab(50, "ws.notes.index", _l("Notes")),),
    demo=fill_demo_notes,
    personal_data=personal_data,
    template_globals=TEMPLATE_GLOBALS,
    feed_labels={
        "note.created": _l("wrote the note “%(title)s”"),
        "note.updated": _l("changed the note “%(title)s”"),
        "note.pinned": _l("pinned the note “%(title)s”"),
        "note.unpinned": _l("unpinned the note “%(title)s”"),
        "note.deleted": _l("deleted the note “%(title)s”"),
    },
)
