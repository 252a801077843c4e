"""The evaluate and continue stages: the evaluation, its results and comments, and the exit plan."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area, StagePage
from . import services
from .demo import fill_demo_workspace
from .views import bp, personal_data

AREA = Area(
    name="evaluation",
    workspace_blueprints=(bp,),
    stage_pages=(
        StagePage("evaluate", "ws.evaluation.evaluation", _l("Evaluation and comments")),
        StagePage("evaluate", "ws.pilot.indicators", _l("Indicators")),
        StagePage("continue", "ws.evaluation.continue_page", _l("Choose how to go on")),
        StagePage("continue", "ws.evaluation.evaluation", _l("Evaluation and comments")),
    ),
    snapshot=services.snapshot_part,
    personal_data=personal_data,
    demo=fill_demo_workspace,
    # For the workspace page and the pilot overview: what stays visible after closing, and each round's
    # evaluation and exit plan (templates ask these; the pilot area does not import this one).
    template_globals={"closing_agreements": services.closing_summary, "evaluation_for": services.evaluation_for,
                      "exit_plan_for": services.exit_plan_for},
    feed_labels={
        "evaluation.saved": _l("worked on the evaluation: round %(round)s"),
        "evaluation.shared": _l("shared the evaluation with both organisations: round %(round)s"),
        "comment.added": _l("commented on the evaluation: round %(round)s"),
        "comment.edited": _l("changed a comment on the evaluation"),
        "comment.deleted": _l("deleted a comment on the evaluation"),
        "exit_plan.saved": _l("worked on the plan for ending the matches: round %(round)s"),
        "exit_match.added": _l("added the match \u201c%(label)s\u201d to the exit plan"),
        "exit_match.deleted": _l("removed the match \u201c%(label)s\u201d from the exit plan"),
    },
)
