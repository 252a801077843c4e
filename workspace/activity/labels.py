"""How an activity row reads in the feed: "‹name› (‹organisation›) ticked “Find a contact” — 2 min ago".

Each area words its own verbs in its ``Area.feed_labels``: a phrase with optional ``%(summary)s``,
``%(object)s`` (a person or invited address) and ``%(role)s`` placeholders. A verb no installed area words
falls back to ``SUFFIX_LABELS`` (by what happened) and then to the bare summary.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.area import installed

ROLE_WORDS = {
    "lead": _l("lead"),
    "member": _l("member"),
    "observer": _l("observer"),
    "partner_lead": _l("lead of the partner organisation"),
    "admin": _l("admin"),
}

SUFFIX_LABELS: dict[str, object] = {
    "created": _l("added “%(summary)s”"),
    "updated": _l("changed “%(summary)s”"),
    "edited": _l("changed “%(summary)s”"),
    "deleted": _l("deleted “%(summary)s”"),
    "recorded": _l("recorded “%(summary)s”"),
    "commented": _l("commented on “%(summary)s”"),
    "shared": _l("shared “%(summary)s”"),
    "exported": _l("exported “%(summary)s”"),
    "decided": _l("recorded a decision: %(summary)s"),
}


#: Words other areas use in technical summaries ("mentor: yes", "round 2", "coproduction"), shown in the
#: reader's language for the verbs in ``TECHNICAL``.
WORDS = {
    "mentor": _l("mentor project"),
    "partner": _l("partner"),
    "yes": _l("yes"),
    "no": _l("no"),
    "round": _l("round"),
    "evaluation": _l("evaluation"),
    "from": _l("from"),
    "cleared": _l("no date"),
    "embedded": _l("embedded in the partner's work"),
    "subcontracting": _l("subcontracting"),
    "coproduction": _l("co-production"),
    "joint_service": _l("a new joint service"),
}
TECHNICAL = ("decision.", "plan.started", "plan.construction_set", "indicators.frozen", "evaluation.",
             "comment.added", "exit_plan.saved", "need.updated")
_WORD = re.compile(r"[a-z_]+")


def _words(summary: str) -> str:
    return _WORD.sub(lambda m: str(WORDS.get(m.group(0), m.group(0))), summary)


def _stage_words(summary: str) -> str:
    """Stage transitions store codes ("explore → network"); show the stage names in the reader's language."""
    from ..templating import stage_label

    return " → ".join(stage_label(part.strip()) for part in summary.split("→"))


def describe(row, object_label: str = "") -> str:
    """The phrase after the actor's name, in the current language."""
    summary = row.summary or ""
    if row.verb.startswith("stage."):
        summary = _stage_words(summary)
    elif row.verb.startswith(TECHNICAL):
        summary = _words(summary)
    template = installed().feed_labels.get(row.verb) or SUFFIX_LABELS.get(row.verb.rpartition(".")[2])
    if template is None:
        return summary or row.verb
    role = ROLE_WORDS.get(row.summary or "", row.summary or "")
    try:
        return str(template) % {"summary": summary, "object": object_label or _("someone"), "role": role}
    except (KeyError, ValueError, TypeError):
        return summary or row.verb
