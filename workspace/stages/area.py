"""The workflow's stages in the web app: the workspace overview, firing triggers, the stage tasks, the history."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, Tab
from ..templating import stage_label
from . import services, views
from .demo import bring_to_stage

AREA = Area(
    name="stages",
    workspace_blueprints=(views.bp,),
    workspace_routes=(("/", "show", views.show),),
    tabs=(Tab(10, "ws.show", _l("Overview")), Tab(94, "ws.stages.history", _l("Stage history"))),
    on_workspace_created=services.on_workspace_created,
    personal_data=services.personal_data,
    # Listed after the content areas: their demo content is what the guards read when this moves on.
    demo=bring_to_stage,
    template_globals=views.template_helpers(),
    feed_words={"from": stage_label, "to": stage_label},
    feed_labels={
        "stage.advance": _l("moved the workspace on: %(from)s → %(to)s"),
        "stage.step_back": _l("moved the workspace back: %(from)s → %(to)s"),
        "stage.decline": _l("closed the workspace after a no: %(from)s → %(to)s"),
        "stage.new_round": _l("started a new pilot round: %(from)s → %(to)s"),
        "stage.close": _l("closed the workspace: %(from)s → %(to)s"),
        "stage.reopen": _l("reopened the workspace: %(from)s → %(to)s"),
        "task.created": _l("added the task “%(title)s”"),
        "task.updated": _l("changed the task “%(title)s”"),
        "task.ticked": _l("ticked “%(title)s”"),
        "task.unticked": _l("unticked “%(title)s”"),
        "task.moved": _l("moved the task “%(title)s”"),
        "task.deleted": _l("deleted the task “%(title)s”"),
        "task.assigned": _l("assigned the task “%(title)s”"),
    },
)
