"""How an activity row reads in the feed: "‹name› (‹organisation›) ticked “Find a contact” — 2 min ago".

``VERB_LABELS`` maps a verb to a phrase with optional ``%(summary)s``, ``%(object)s`` (a person or invited
address) and ``%(role)s`` placeholders. Areas add their verbs with ``VERB_LABELS.update({...})``; a verb
without an entry falls back to ``SUFFIX_LABELS`` (by what happened) and then to the bare summary.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ROLE_WORDS = {
    "lead": _l("lead"),
    "member": _l("member"),
    "observer": _l("observer"),
    "partner_lead": _l("lead of the partner organisation"),
    "admin": _l("admin"),
}

VERB_LABELS: dict[str, object] = {
    # people
    "invitation.created": _l("invited %(object)s as %(role)s"),
    "invitation.revoked": _l("withdrew the invitation for %(object)s"),
    "invitation.resent": _l("sent a new invitation link to %(object)s"),
    "invitation.accepted": _l("joined the workspace as %(role)s"),
    "member.role_changed": _l("made %(object)s %(role)s"),
    "member.removed": _l("removed %(object)s from the workspace"),
    "member.left": _l("left the workspace"),
    "workspace.created": _l("started the workspace “%(summary)s”"),
    # organisation and account events (audit trail)
    "org.member_joined": _l("joined the organisation as %(role)s"),
    "org.member_removed": _l("removed %(object)s from the organisation"),
    "org.role_changed": _l("made %(object)s %(role)s of the organisation"),
    "account.deactivated": _l("deactivated the account of %(object)s"),
    "account.reactivated": _l("reactivated the account of %(object)s"),
    "account.created": _l("created an account"),
    "account.password_changed": _l("changed their password"),
    "account.data_exported": _l("downloaded their own data"),
    "account.deleted": _l("deleted their account"),
    "account.sessions_ended": _l("logged out on every device"),
    "login.succeeded": _l("logged in"),
    "login.failed": _l("failed login: %(summary)s"),
    "access.denied": _l("was refused: %(summary)s"),
    # workflow
    "stage.advance": _l("moved the workspace on: %(summary)s"),
    "stage.step_back": _l("moved the workspace back: %(summary)s"),
    "stage.decline": _l("closed the workspace after a no: %(summary)s"),
    "stage.new_round": _l("started a new pilot round: %(summary)s"),
    "stage.close": _l("closed the workspace: %(summary)s"),
    "stage.reopen": _l("reopened the workspace: %(summary)s"),
    "task.created": _l("added the task “%(summary)s”"),
    "task.updated": _l("changed the task “%(summary)s”"),
    "task.ticked": _l("ticked “%(summary)s”"),
    "task.unticked": _l("unticked “%(summary)s”"),
    "task.moved": _l("moved the task “%(summary)s”"),
    "task.deleted": _l("deleted the task “%(summary)s”"),
    "task.assigned": _l("assigned the task “%(summary)s”"),
    # groundwork (explore, network, values check), exports and the digest word their own verbs
    # decide, pilot, evaluate, continue
    "decision.recorded": _l("recorded a decision: %(summary)s"),
    "decision.changed": _l("changed a decision: %(summary)s"),
    "decision.deadline_set": _l("set the date to decide by: %(summary)s"),
    "decision.reminded": _l("sent the other organisation a reminder to decide"),
    "referral.saved": _l("recorded how young people keep being referred"),
    "plan.started": _l("started the pilot plan: %(summary)s"),
    "plan.construction_set": _l("chose the form of the collaboration: %(summary)s"),
    "plan.scope_saved": _l("described the scope of the pilot"),
    "responsibility.added": _l("added the responsibility “%(summary)s”"),
    "responsibility.updated": _l("changed the responsibility “%(summary)s”"),
    "responsibility.deleted": _l("deleted the responsibility “%(summary)s”"),
    "need.added": _l("added the practical need “%(summary)s”"),
    "need.updated": _l("changed a practical need: %(summary)s"),
    "checkin.added": _l("planned a check-in on %(summary)s"),
    "checkin.deleted": _l("cancelled the check-in of %(summary)s"),
    "checkin.suggested": _l("added the suggested check-ins"),
    "indicator.added": _l("added the indicator “%(summary)s”"),
    "indicator.updated": _l("changed the indicator “%(summary)s”"),
    "indicator.changed_after_fact": _l("changed the indicator “%(summary)s” after the pilot had started"),
    "indicator.deleted": _l("deleted the indicator “%(summary)s”"),
    "indicators.frozen": _l("fixed the indicators: %(summary)s"),
    "evaluation.saved": _l("worked on the evaluation: %(summary)s"),
    "evaluation.shared": _l("shared the evaluation with both organisations: %(summary)s"),
    "comment.added": _l("commented on the evaluation: %(summary)s"),
    "comment.edited": _l("changed a comment on the evaluation"),
    "comment.deleted": _l("deleted a comment on the evaluation"),
    "exit_plan.saved": _l("worked on the plan for ending the matches: %(summary)s"),
    "exit_match.added": _l("added the match “%(summary)s” to the exit plan"),
    "exit_match.deleted": _l("removed the match “%(summary)s” from the exit plan"),
    # notes
    "note.created": _l("wrote the note “%(summary)s”"),
    "note.updated": _l("changed the note “%(summary)s”"),
    "note.pinned": _l("pinned the note “%(summary)s”"),
    "note.unpinned": _l("unpinned the note “%(summary)s”"),
    "note.deleted": _l("deleted the note “%(summary)s”"),
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
    template = VERB_LABELS.get(row.verb) or SUFFIX_LABELS.get(row.verb.rpartition(".")[2])
    if template is None:
        return summary or row.verb
    role = ROLE_WORDS.get(row.summary or "", row.summary or "")
    try:
        return str(template) % {"summary": summary, "object": object_label or _("someone"), "role": role}
    except (KeyError, ValueError, TypeError):
        return summary or row.verb
