"""The decide stage: both organisations' decisions, the date to decide by, reminders, and the referral
agreement after a no."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.area import Area, StagePage
from . import services
from .demo import fill_demo_workspace
from .views import bp, personal_data

SIDE_WORDS = {"mentor": _l("mentor project"), "partner": _l("partner")}
ANSWER_WORDS = {"yes": _l("yes"), "no": _l("no")}

AREA = Area(
    name="decide",
    workspace_blueprints=(bp,),
    stage_pages=(StagePage("decide", "ws.decide.decide", _l("Decisions of both organisations")),),
    snapshot=services.snapshot_part,
    on_transition=services.on_transition,
    personal_data=personal_data,
    demo=fill_demo_workspace,
    feed_labels={
        "decision.recorded": _l("recorded a decision: %(side)s: %(answer)s"),
        "decision.changed": _l("changed a decision: %(side)s: %(answer)s"),
        "decision.deadline_set": _l("set the date to decide by: %(deadline)s"),
        "decision.reminded": _l("sent the other organisation a reminder to decide"),
        "referral.saved": _l("recorded how young people keep being referred"),
    },
    feed_words={
        "side": lambda code: str(SIDE_WORDS.get(code, code)),
        "answer": lambda code: str(ANSWER_WORDS.get(code, code)),
        "deadline": lambda value: value or _("no date"),
    },
)
