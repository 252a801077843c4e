"""Changing the decide area's content. Views call these after checking the role; nothing here commits.

Every change writes exactly one activity row. A change that the current stage does not allow raises
``Refused(409, message)``; the views turn it into a friendly page (or an htmx fragment) with the message.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from workflows import Stage, Transition

from ..activity.models import Activity
from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from ..mail import send_mail
from ..stages.content import Refused, require_stage
from ..tenancy.models import Membership, Role, Workspace
from ..urls import external_url
from .models import SIDES, Decision, DecisionCycle

log = logging.getLogger(__name__)

NOT_DECIDE = _l("Decisions can only be recorded or changed while the workspace is at the decide stage.")


def current_cycle(workspace: Workspace) -> DecisionCycle | None:
    return db.session.scalar(
        select(DecisionCycle).where(DecisionCycle.workspace_id == workspace.id)
        .order_by(DecisionCycle.number.desc()).limit(1)
    )


def ensure_cycle(workspace: Workspace) -> DecisionCycle:
    cycle = current_cycle(workspace)
    if cycle is None:
        cycle = DecisionCycle(workspace_id=workspace.id, number=1)
        db.session.add(cycle)
        db.session.flush()
    return cycle


def current_decisions(cycle: DecisionCycle | None) -> dict[str, Decision | None]:
    """The latest decision of each side in ``cycle`` (None: not decided yet)."""
    found: dict[str, Decision | None] = {side: None for side in SIDES}
    if cycle is None:
        return found
    for decision in cycle.decisions:  # ordered by id
        if found[decision.side] is None or decision.seq > found[decision.side].seq:
            found[decision.side] = decision
    return found


def latest_per_side(history: list[Decision]) -> dict[str, Decision | None]:
    """Like ``current_decisions``, from an already loaded history (no query)."""
    found: dict[str, Decision | None] = {side: None for side in SIDES}
    for decision in history:
        if found[decision.side] is None or decision.seq > found[decision.side].seq:
            found[decision.side] = decision
    return found


def decision_history(cycle: DecisionCycle | None) -> list[Decision]:
    if cycle is None:
        return []
    return list(db.session.scalars(
        select(Decision).options(joinedload(Decision.decided_by), joinedload(Decision.organisation))
        .where(Decision.cycle_id == cycle.id).order_by(Decision.created_at.desc(), Decision.id.desc())
    ))


def record_decision(workspace: Workspace, *, side: str, answer: str, reasons: str, seen_seq: int,
                    user, organisation_id: int) -> Decision:
    """A lead of ``side`` records or changes their organisation's decision.

    ``seen_seq`` is the sequence number of the decision the lead saw on the page (0: none): if another lead
    changed it meanwhile, or the very same decision is sent twice, this refuses with 409 and records nothing.
    """
    require_stage(workspace, (Stage.DECIDE,), NOT_DECIDE)
    cycle = ensure_cycle(workspace)
    current = current_decisions(cycle)[side]
    current_seq = current.seq if current else 0
    if current is not None and current.answer == answer and current.reasons.strip() == reasons.strip():
        raise Refused(409, _("This decision is already recorded, with the same reasons. Nothing was changed."))
    if seen_seq != current_seq:
        raise Refused(409, _("Someone of your organisation changed the decision meanwhile. Reload the page, "
                             "read the current decision and try again if needed."))
    decision = Decision(workspace_id=workspace.id, cycle_id=cycle.id, side=side, seq=current_seq + 1,
                        answer=answer, reasons=reasons, organisation_id=organisation_id, decided_by_id=user.id)
    db.session.add(decision)
    try:
        db.session.flush()
    except IntegrityError as error:  # a second lead of the same side got there at the same moment
        db.session.rollback()
        raise Refused(409, _("Someone of your organisation changed the decision meanwhile. Reload the page, "
                             "read the current decision and try again if needed.")) from error
    verb = "decision.changed" if current else "decision.recorded"
    record(verb, decision, f"{side}: {answer}", details={"side": side, "answer": answer})
    return decision


def set_deadline(workspace: Workspace, deadline: date | None) -> DecisionCycle:
    """A lead sets or clears the date by which both organisations want to have decided."""
    require_stage(workspace, (Stage.DECIDE,), NOT_DECIDE)
    cycle = ensure_cycle(workspace)
    cycle.deadline = deadline
    record("decision.deadline_set", cycle, deadline.isoformat() if deadline else "cleared",
           details={"deadline": deadline.isoformat() if deadline else None})
    return cycle


REMIND_INTERVAL = timedelta(hours=1)


def remind(workspace: Workspace, *, from_side: str, user, organisation_id: int) -> int:
    """A lead or member of one organisation mails the other organisation's leads that their decision is
    awaited. At most once an hour per organisation; returns the number of people mailed."""
    require_stage(workspace, (Stage.DECIDE,), NOT_DECIDE)
    other = "partner" if from_side == "mentor" else "mentor"
    cycle = ensure_cycle(workspace)
    if current_decisions(cycle)[other] is not None:
        raise Refused(409, _("The other organisation has already decided; there is nothing to remind them of."))
    other_org_id = workspace.partner_org_id if other == "partner" else workspace.mentor_org_id
    leads = list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user))
        .where(Membership.workspace_id == workspace.id, Membership.role == Role.LEAD,
               Membership.organisation_id == other_org_id)
    )) if other_org_id else []
    if not leads:
        raise Refused(409, _("The other organisation has no lead in this workspace yet, so there is nobody "
                             "to remind."))
    recent = db.session.scalar(
        select(func.count()).select_from(Activity).where(
            Activity.workspace_id == workspace.id, Activity.verb == "decision.reminded",
            Activity.organisation_id == organisation_id, Activity.created_at > utcnow() - REMIND_INTERVAL)
    )
    if recent:
        raise Refused(409, _("Your organisation sent a reminder less than an hour ago. Give them some time."))
    link = external_url("ws.decide.decide", workspace_id=workspace.id)
    for membership in leads:
        with force_locale(membership.user.locale or "nl"):
            send_mail(
                to=membership.user.email,
                subject=_("Mentorbrug: your decision on “%(title)s” is awaited", title=workspace.title),
                body=_("%(name)s asks your organisation to record its decision about a joint pilot in the "
                       "workspace “%(title)s”: yes or no, with your reasons.%(deadline)s\n\n"
                       "Open the decision page:\n%(link)s",
                       name=user.name, title=workspace.title, link=link,
                       deadline=(" " + _("The agreed deadline is %(date)s.", date=cycle.deadline.isoformat())
                                 if cycle.deadline else "")),
            )
    record("decision.reminded", cycle, f"{other}: {len(leads)} lead(s)", details={"side": other, "leads": len(leads)})
    return len(leads)


def save_referral(workspace: Workspace, text: str, user) -> DecisionCycle:
    """A lead records how the organisations keep referring young people to each other after a no."""
    require_stage(workspace, (Stage.DECIDE,), _l("The referral agreement can only be changed at the decide "
                                                 "stage."))
    cycle = ensure_cycle(workspace)
    if "no" not in {d.answer for d in current_decisions(cycle).values() if d}:
        raise Refused(409, _("A referral agreement is only needed when an organisation has said no."))
    cycle.referral_agreement = text
    cycle.referral_updated_at = utcnow()
    cycle.referral_updated_by_id = user.id
    record("referral.saved", cycle, "referral agreement", details={})
    return cycle


def start_new_cycle(workspace: Workspace) -> None:
    """After a reopen the decisions start afresh; the old cycle stays on record."""
    cycle = current_cycle(workspace)
    if cycle is None or not cycle.decisions and not cycle.referral_agreement and cycle.deadline is None:
        return
    db.session.add(DecisionCycle(workspace_id=workspace.id, number=cycle.number + 1))
    db.session.flush()


# --- hooks ------------------------------------------------------------------------------------------------

SNAPSHOT_DEFAULTS = {"decision_mentor": None, "decision_partner": None, "has_referral_agreement": False}


def snapshot_part(workspace: Workspace) -> dict:
    """``Area.snapshot``: the decisions of the current cycle, read only at the decide stage (the
    only stage whose guards look at them); elsewhere the "nothing there" defaults."""
    part = dict(SNAPSHOT_DEFAULTS)
    if workspace.stage == Stage.DECIDE:
        cycle = current_cycle(workspace)
        if cycle is not None:
            latest: dict[str, tuple[int, str]] = {}
            for side, seq, answer in db.session.execute(
                    select(Decision.side, Decision.seq, Decision.answer).where(Decision.cycle_id == cycle.id)):
                if side not in latest or seq > latest[side][0]:
                    latest[side] = (seq, answer)
            part["decision_mentor"] = latest["mentor"][1] if "mentor" in latest else None
            part["decision_partner"] = latest["partner"][1] if "partner" in latest else None
            part["has_referral_agreement"] = bool((cycle.referral_agreement or "").strip())
    return part


def on_transition(workspace: Workspace, transition: Transition) -> None:
    """``Area.on_transition``: fresh decisions after a reopen."""
    if transition.trigger == "reopen":
        start_new_cycle(workspace)
