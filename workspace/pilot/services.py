"""Changing the pilot area's content. Views call these after checking the role; nothing here commits.

Every change writes exactly one activity row. A change that the current stage does not allow raises
``Refused(409, message)``; a caller that is not allowed raises ``Refused(403, message)``; the views turn
both into a friendly page (or an htmx fragment) with the message.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from workflows import Stage, Transition

from ..activity.models import Activity
from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from ..mail import send_mail
from ..tenancy.models import Membership, Role, Workspace
from ..urls import external_url
from .models import (
    SIDES,
    CheckIn,
    Decision,
    DecisionCycle,
    Evaluation,
    EvaluationComment,
    ExitMatch,
    ExitPlan,
    Holder,
    Indicator,
    IndicatorResult,
    NeedKind,
    PilotPlan,
    PracticalNeed,
    ResponsibilityRow,
    Unit,
)

log = logging.getLogger(__name__)


class Refused(Exception):
    """The change is not possible now (409) or not for this person (403); ``message`` says why."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


# --- the stage, read under a row lock ---------------------------------------------------------------------

def locked_stage(workspace: Workspace) -> tuple[str, int]:
    """The workspace's stage and round as the database has them now, with the row locked (PostgreSQL) until
    the request commits, so a transition fired at the same moment waits for this change or wins before it."""
    stage, round_ = db.session.execute(
        select(Workspace.stage, Workspace.round).where(Workspace.id == workspace.id).with_for_update()
    ).one()
    return stage, round_


def require_stage(workspace: Workspace, stages: tuple[str, ...], message) -> int:
    """Refuse with 409 unless the workspace is in one of ``stages``; returns the current round."""
    stage, round_ = locked_stage(workspace)
    if stage not in stages:
        raise Refused(409, str(message))
    return round_


# --- decide (tip 7) ---------------------------------------------------------------------------------------

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
    record(verb, decision, f"{side}: {answer}")
    return decision


def set_deadline(workspace: Workspace, deadline: date | None) -> DecisionCycle:
    """A lead sets or clears the date by which both organisations want to have decided."""
    require_stage(workspace, (Stage.DECIDE,), NOT_DECIDE)
    cycle = ensure_cycle(workspace)
    cycle.deadline = deadline
    record("decision.deadline_set", cycle, deadline.isoformat() if deadline else "cleared")
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
    link = external_url("ws.pilot.decide", workspace_id=workspace.id)
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
    record("decision.reminded", cycle, f"{other}: {len(leads)} lead(s)")
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
    record("referral.saved", cycle, "referral agreement")
    return cycle


def start_new_cycle(workspace: Workspace) -> None:
    """After a reopen the decisions start afresh; the old cycle stays on record."""
    cycle = current_cycle(workspace)
    if cycle is None or not cycle.decisions and not cycle.referral_agreement and cycle.deadline is None:
        return
    db.session.add(DecisionCycle(workspace_id=workspace.id, number=cycle.number + 1))
    db.session.flush()


# --- pilot plan (tips 8-10) -------------------------------------------------------------------------------

NOT_PILOT = _l("The pilot plan can only be changed while the workspace is at the pilot stage.")

#: The usual topics of the responsibility matrix: (key, topic, professional only).
DEFAULT_TOPICS = (
    ("contact_young_person", _l("Contact with the young person"), False),
    ("contact_parents", _l("Contact with parents"), False),
    ("treatment_plan", _l("Treatment plan and interventions"), True),
    ("unsafety", _l("Acting on signals of unsafety"), True),
    ("reporting", _l("Reporting and keeping records"), False),
    ("communication", _l("Communication between mentor and professional"), False),
)
TOPIC_LABELS = {key: label for key, label, _only in DEFAULT_TOPICS}


def plan_for(workspace_id: int, round_: int) -> PilotPlan | None:
    return db.session.scalar(select(PilotPlan).where(PilotPlan.workspace_id == workspace_id,
                                                     PilotPlan.round == round_))


def rounds_with_content(workspace: Workspace) -> list[int]:
    """Pilot rounds that have a plan, oldest first (the current round always included from the pilot on)."""
    rounds = set(db.session.scalars(select(PilotPlan.round).where(PilotPlan.workspace_id == workspace.id)))
    if workspace.stage in (Stage.PILOT, Stage.EVALUATE, Stage.CONTINUING):
        rounds.add(workspace.round)
    return sorted(rounds)


def ensure_plan(workspace: Workspace, round_: int, *, copy_from: int | None = None) -> PilotPlan:
    """The plan of ``round_``; made when missing, either fresh (the usual matrix topics and practical needs)
    or as a copy of round ``copy_from`` (without dates, check-ins and measured values; indicators unfrozen)."""
    plan = plan_for(workspace.id, round_)
    if plan is not None:
        return plan
    source = plan_for(workspace.id, copy_from) if copy_from else None
    if source is None:
        plan = PilotPlan(workspace_id=workspace.id, round=round_)
        db.session.add(plan)
        for position, (key, label, only) in enumerate(DEFAULT_TOPICS):
            with force_locale("nl"):  # the stored text is a fallback; pages show the key's label translated
                topic = str(label)
            db.session.add(ResponsibilityRow(workspace_id=workspace.id, round=round_, position=position,
                                             topic=topic, template_key=key, professional_only=only))
        for position, kind in enumerate(k for k in NeedKind if k != NeedKind.OTHER):
            db.session.add(PracticalNeed(workspace_id=workspace.id, round=round_, position=position, kind=kind))
        db.session.flush()
        return plan
    plan = PilotPlan(
        workspace_id=workspace.id, round=round_, construction=source.construction,
        construction_note=source.construction_note, target_group=source.target_group, place=source.place,
        matches=source.matches, phase_before=source.phase_before, phase_during=source.phase_during,
        phase_after=source.phase_after, copied_from_round=source.round,
    )
    db.session.add(plan)
    for row in responsibilities(workspace.id, source.round):
        db.session.add(ResponsibilityRow(workspace_id=workspace.id, round=round_, position=row.position,
                                         topic=row.topic, template_key=row.template_key,
                                         professional_only=row.professional_only, holder=row.holder,
                                         note=row.note))
    for need in needs(workspace.id, source.round):
        db.session.add(PracticalNeed(workspace_id=workspace.id, round=round_, position=need.position,
                                     kind=need.kind, title=need.title, owner_id=need.owner_id,
                                     status=need.status, note=need.note))
    for indicator in indicators(workspace.id, source.round):
        db.session.add(Indicator(workspace_id=workspace.id, round=round_, position=indicator.position,
                                 name=indicator.name, success=indicator.success, failure=indicator.failure,
                                 target=indicator.target, unit=indicator.unit,
                                 how_measured=indicator.how_measured, measured_by=indicator.measured_by))
    db.session.flush()
    return plan


def start_plan(workspace: Workspace, *, copy_from: int | None) -> PilotPlan:
    """A lead or member starts the current round's plan (fresh, or from an earlier round's plan)."""
    round_ = require_stage(workspace, (Stage.PILOT,), NOT_PILOT)
    if plan_for(workspace.id, round_) is not None:
        raise Refused(409, _("This round already has a pilot plan."))
    if copy_from is not None and (copy_from >= round_ or plan_for(workspace.id, copy_from) is None):
        raise Refused(409, _("There is no plan of that round to start from."))
    plan = ensure_plan(workspace, round_, copy_from=copy_from)
    record("plan.started", plan, f"round {round_}" + (f" from round {copy_from}" if copy_from else ""))
    return plan


def _editable_plan(workspace: Workspace) -> PilotPlan:
    round_ = require_stage(workspace, (Stage.PILOT,), NOT_PILOT)
    plan = plan_for(workspace.id, round_)
    if plan is None:
        raise Refused(409, _("Start the pilot plan of this round first."))
    return plan


def save_construction(workspace: Workspace, *, construction: str, note: str | None) -> PilotPlan:
    plan = _editable_plan(workspace)
    plan.construction = construction
    plan.construction_note = note or None
    record("plan.construction_set", plan, construction)
    return plan


def save_scope(workspace: Workspace, *, target_group, place, matches, start_date, end_date, phases) -> PilotPlan:
    plan = _editable_plan(workspace)
    plan.target_group = target_group or None
    plan.place = place or None
    plan.matches = matches
    plan.start_date = start_date
    plan.end_date = end_date
    plan.phase_before = "before" in phases
    plan.phase_during = "during" in phases
    plan.phase_after = "after" in phases
    record("plan.scope_saved", plan, "scope")
    return plan


def responsibilities(workspace_id: int, round_: int) -> list[ResponsibilityRow]:
    return list(db.session.scalars(
        select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == workspace_id,
                                        ResponsibilityRow.round == round_)
        .order_by(ResponsibilityRow.position, ResponsibilityRow.id)
    ))


def holder_refusal(professional_only: bool, holder: str | None) -> str | None:
    """Why ``holder`` cannot carry a topic, or None. Mentors are volunteers: a professional's responsibility
    never rests with a mentor alone, and never with nobody."""
    if professional_only and holder in (Holder.MENTOR, Holder.NOBODY):
        return _("This topic is a professional's responsibility. Mentors are volunteers and never carry it "
                 "alone: choose “Professional”, or “Both” if the mentor helps while the professional stays "
                 "responsible.")
    return None


def _editable_row(workspace: Workspace, row) -> None:
    round_ = require_stage(workspace, (Stage.PILOT,), NOT_PILOT)
    if row.round != round_:
        raise Refused(409, _("This belongs to an earlier pilot round and can no longer be changed."))


def update_responsibility(workspace: Workspace, row: ResponsibilityRow, *, holder: str | None,
                          note: str | None) -> ResponsibilityRow:
    _editable_row(workspace, row)
    row.holder = holder or None
    row.note = note or None
    record("responsibility.updated", row, f"{row.topic}: {row.holder or '-'}")
    return row


def add_responsibility(workspace: Workspace, *, topic: str, professional_only: bool, holder: str | None,
                       note: str | None) -> ResponsibilityRow:
    plan = _editable_plan(workspace)
    position = db.session.scalar(select(func.coalesce(func.max(ResponsibilityRow.position), -1) + 1).where(
        ResponsibilityRow.workspace_id == workspace.id, ResponsibilityRow.round == plan.round))
    row = ResponsibilityRow(workspace_id=workspace.id, round=plan.round, position=position, topic=topic,
                            professional_only=professional_only, holder=holder or None, note=note or None)
    db.session.add(row)
    db.session.flush()
    record("responsibility.added", row, topic)
    return row


def delete_responsibility(workspace: Workspace, row: ResponsibilityRow) -> None:
    _editable_row(workspace, row)
    record("responsibility.deleted", row, row.topic)
    db.session.delete(row)
    db.session.flush()


def needs(workspace_id: int, round_: int) -> list[PracticalNeed]:
    return list(db.session.scalars(
        select(PracticalNeed).options(joinedload(PracticalNeed.owner))
        .where(PracticalNeed.workspace_id == workspace_id, PracticalNeed.round == round_)
        .order_by(PracticalNeed.position, PracticalNeed.id)
    ))


def update_need(workspace: Workspace, need: PracticalNeed, *, owner_id, status, note) -> PracticalNeed:
    _editable_row(workspace, need)
    need.owner_id = owner_id
    need.status = status
    need.note = note or None
    record("need.updated", need, f"{need.kind}: {status}")
    return need


def add_need(workspace: Workspace, *, title: str, owner_id, status, note) -> PracticalNeed:
    plan = _editable_plan(workspace)
    position = db.session.scalar(select(func.coalesce(func.max(PracticalNeed.position), -1) + 1).where(
        PracticalNeed.workspace_id == workspace.id, PracticalNeed.round == plan.round))
    need = PracticalNeed(workspace_id=workspace.id, round=plan.round, position=position, kind=NeedKind.OTHER,
                         title=title, owner_id=owner_id, status=status, note=note or None)
    db.session.add(need)
    db.session.flush()
    record("need.added", need, title)
    return need


def check_ins(workspace_id: int, round_: int) -> list[CheckIn]:
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.workspace_id == workspace_id, CheckIn.round == round_)
        .order_by(CheckIn.on_date, CheckIn.id)
    ))


def add_check_in(workspace: Workspace, *, on_date: date, topic: str) -> CheckIn:
    plan = _editable_plan(workspace)
    check_in = CheckIn(workspace_id=workspace.id, round=plan.round, on_date=on_date, topic=topic)
    db.session.add(check_in)
    db.session.flush()
    record("checkin.added", check_in, on_date.isoformat())
    return check_in


def delete_check_in(workspace: Workspace, check_in: CheckIn) -> None:
    _editable_row(workspace, check_in)
    record("checkin.deleted", check_in, check_in.on_date.isoformat())
    db.session.delete(check_in)
    db.session.flush()


#: Topics of the suggested check-ins, by key (stored with the row; pages show them in the reader's language).
CHECK_IN_TOPICS = {
    "first": _l("First experiences of mentors and professionals"),
    "referrals": _l("How referrals and matching are going"),
    "needs": _l("Practical needs: what is still missing?"),
    "regular": _l("Regular check-in on the pilot"),
    "closing": _l("Closing the pilot and preparing the evaluation"),
}


def suggested_check_ins(start: date, end: date | None) -> list[tuple[date, str]]:
    """More moments at the start than later (tip 10): after 2, 4 and 8 weeks, then every 8 weeks, and one at
    the end to prepare the evaluation. Returns (date, topic key)."""
    moments = [(start + timedelta(days=days), key) for days, key in ((14, "first"), (28, "referrals"), (56, "needs"))]
    if end is not None:
        day = start + timedelta(days=56 + 56)
        while day < end - timedelta(days=21):
            moments.append((day, "regular"))
            day += timedelta(days=56)
        moments = [(d, k) for d, k in moments if d < end]
        moments.append((end, "closing"))
    return moments


def suggest_check_ins(workspace: Workspace) -> int:
    """Add the suggested schedule (skipping dates that already have a check-in); returns how many were added."""
    plan = _editable_plan(workspace)
    if plan.start_date is None:
        raise Refused(409, _("Enter the pilot's start date first; the suggestions are counted from it."))
    taken = {c.on_date for c in check_ins(workspace.id, plan.round)}
    added = 0
    for on_date, key in suggested_check_ins(plan.start_date, plan.end_date):
        if on_date not in taken:
            with force_locale("nl"):  # the stored text is a fallback, like the matrix topics
                topic = str(CHECK_IN_TOPICS[key])
            db.session.add(CheckIn(workspace_id=workspace.id, round=plan.round, on_date=on_date, topic=topic,
                                   template_key=key))
            added += 1
    db.session.flush()
    record("checkin.suggested", plan, f"{added} added")
    return added


# --- indicators (tip 11) ----------------------------------------------------------------------------------

def parse_number(value: str) -> Decimal | None:
    """``"12"``, ``"7,5"``, ``"7.5"`` → Decimal; anything else → None."""
    text = (value or "").strip().replace(",", ".")
    if not text or text.count(".") > 1:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def number_problem(unit: str, value: str) -> str | None:
    """Why ``value`` does not fit ``unit`` (a number, a percentage 0-100), or None."""
    if unit == Unit.TEXT:
        return None
    number = parse_number(value)
    if number is None:
        return _("The unit is a number or a percentage, so enter a number here (for example 12 or 7,5).")
    if unit == Unit.PERCENTAGE and not 0 <= number <= 100:
        return _("A percentage lies between 0 and 100.")
    return None


def indicators(workspace_id: int, round_: int) -> list[Indicator]:
    return list(db.session.scalars(
        select(Indicator).options(joinedload(Indicator.changed_after_fact_by))
        .where(Indicator.workspace_id == workspace_id, Indicator.round == round_)
        .order_by(Indicator.position, Indicator.id)
    ))


def is_frozen(workspace_id: int, round_: int) -> bool:
    plan = plan_for(workspace_id, round_)
    return plan is not None and plan.indicators_frozen_at is not None


FROZEN_EDIT_STAGES = (Stage.PILOT, Stage.EVALUATE, Stage.CONTINUING)
_INDICATOR_FIELDS = ("name", "success", "failure", "target", "unit", "how_measured", "measured_by")


def add_indicator(workspace: Workspace, **values) -> Indicator:
    """A lead or member adds an indicator to the current round, while the pilot runs and before the freeze."""
    round_ = require_stage(workspace, (Stage.PILOT,), _l("Indicators are agreed at the pilot stage."))
    plan = ensure_plan(workspace, round_)
    if plan.indicators_frozen_at is not None:
        raise Refused(409, _("The indicators of this round are frozen; they can no longer be added to."))
    position = db.session.scalar(select(func.coalesce(func.max(Indicator.position), -1) + 1).where(
        Indicator.workspace_id == workspace.id, Indicator.round == round_))
    indicator = Indicator(workspace_id=workspace.id, round=round_, position=position,
                          **{k: values[k] for k in _INDICATOR_FIELDS})
    db.session.add(indicator)
    db.session.flush()
    record("indicator.added", indicator, indicator.name)
    return indicator


def check_indicator_editable(workspace: Workspace, indicator: Indicator, access, *, lock: bool = False) -> bool:
    """Refuse unless ``access`` may change ``indicator`` now; returns whether its round is frozen."""
    stage, round_ = locked_stage(workspace) if lock else (workspace.stage, workspace.round)
    if indicator.round != round_:
        raise Refused(409, _("This indicator belongs to an earlier pilot round and can no longer be changed."))
    frozen = is_frozen(workspace.id, round_)
    if not frozen:
        if stage != Stage.PILOT:
            raise Refused(409, str(_l("Indicators are agreed at the pilot stage.")))
    else:
        if stage not in FROZEN_EDIT_STAGES:
            raise Refused(409, _("The workspace is closed; its indicators can no longer be changed."))
        if access.role != Role.LEAD:
            raise Refused(403, _("The indicators are frozen. Only a lead can still change one, with a reason."))
    return frozen


def update_indicator(workspace: Workspace, indicator: Indicator, *, access, user, reason: str | None,
                     **values) -> Indicator:
    """Change an indicator. Before the freeze: a lead or member at the pilot stage. After the freeze: only a
    lead, with a reason; the indicator is then shown as changed after the fact."""
    frozen = check_indicator_editable(workspace, indicator, access, lock=True)
    if frozen and not (reason or "").strip():
        raise ValueError("reason required")  # the form checks this first; a guard for other callers
    for key in _INDICATOR_FIELDS:
        setattr(indicator, key, values[key])
    if frozen:
        indicator.changed_after_fact_at = utcnow()
        indicator.changed_after_fact_by_id = user.id
        indicator.change_reason = reason
        record("indicator.changed_after_fact", indicator, indicator.name)
    else:
        record("indicator.updated", indicator, indicator.name)
    return indicator


def delete_indicator(workspace: Workspace, indicator: Indicator) -> None:
    round_ = require_stage(workspace, (Stage.PILOT,), _l("Indicators are agreed at the pilot stage."))
    if indicator.round != round_ or is_frozen(workspace.id, round_):
        raise Refused(409, _("Frozen indicators cannot be deleted; a lead can still change them, with a reason."))
    record("indicator.deleted", indicator, indicator.name)
    db.session.delete(indicator)
    db.session.flush()


def freeze_indicators(workspace: Workspace, round_: int) -> bool:
    """Freeze the round's indicators (on entering `evaluate`); True when they were not frozen yet."""
    plan = ensure_plan(workspace, round_)
    if plan.indicators_frozen_at is not None:
        return False
    plan.indicators_frozen_at = utcnow()
    record("indicators.frozen", plan, f"round {round_}", workspace=workspace)
    return True


# --- evaluation (tip 11) ----------------------------------------------------------------------------------

EVALUATION_TEXT_FIELDS = ("process", "effects", "mentor_views", "mentee_views", "professional_views",
                          "strengths", "lessons_mentor", "lessons_partner")


def evaluation_for(workspace_id: int, round_: int) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.workspace_id == workspace_id,
                                                      Evaluation.round == round_))


def results_by_indicator(evaluation: Evaluation | None) -> dict[int, IndicatorResult]:
    return {r.indicator_id: r for r in evaluation.results} if evaluation else {}


def _editable_evaluation(workspace: Workspace) -> tuple[int, Evaluation | None]:
    round_ = require_stage(workspace, (Stage.EVALUATE,), _l("The evaluation is written at the evaluate stage."))
    evaluation = evaluation_for(workspace.id, round_)
    if evaluation is not None and evaluation.is_shared:
        raise Refused(409, _("This evaluation has been shared and is now read-only. You can still comment on "
                             "it below."))
    return round_, evaluation


def save_evaluation(workspace: Workspace, *, user, texts: dict, results: dict[int, tuple[str, str]]) -> Evaluation:
    """A lead or member writes the current round's evaluation (a draft until shared)."""
    round_, evaluation = _editable_evaluation(workspace)
    if evaluation is None:
        evaluation = Evaluation(workspace_id=workspace.id, round=round_)
        db.session.add(evaluation)
        db.session.flush()
    for key in EVALUATION_TEXT_FIELDS:
        setattr(evaluation, key, texts.get(key) or None)
    evaluation.updated_by_id = user.id
    existing = results_by_indicator(evaluation)
    for indicator_id, (value, comment) in results.items():
        result = existing.get(indicator_id)
        if result is None:
            if not value and not comment:
                continue
            result = IndicatorResult(workspace_id=workspace.id, evaluation=evaluation, indicator_id=indicator_id)
            db.session.add(result)
        result.measured_value = value or None
        result.comment = comment or None
    evaluation.updated_at = utcnow()
    db.session.flush()
    record("evaluation.saved", evaluation, f"round {round_}")
    return evaluation


def share_problems(evaluation: Evaluation | None) -> list[str]:
    """What has to be in the evaluation before it can be shared (the next stage needs these views)."""
    problems = []
    if evaluation is None or not (evaluation.mentor_views or "").strip():
        problems.append(_("Write down the mentors' views first."))
    if evaluation is None or not (evaluation.mentee_views or "").strip():
        problems.append(_("Write down the young people's views first."))
    return problems


def share_evaluation(workspace: Workspace, *, user) -> Evaluation:
    """A lead shares the evaluation with both organisations; from then on it is read-only."""
    _round, evaluation = _editable_evaluation(workspace)
    problems = share_problems(evaluation)
    if problems:
        raise Refused(409, " ".join(problems))
    evaluation.shared_at = utcnow()
    evaluation.shared_by_id = user.id
    record("evaluation.shared", evaluation, f"round {evaluation.round}")
    return evaluation


def add_comment(workspace: Workspace, evaluation: Evaluation, *, body: str, user, organisation_id) -> EvaluationComment:
    comment = EvaluationComment(workspace_id=workspace.id, evaluation_id=evaluation.id, author_id=user.id,
                                organisation_id=organisation_id, body=body)
    db.session.add(comment)
    db.session.flush()
    record("comment.added", comment, f"evaluation round {evaluation.round}")
    return comment


def edit_comment(comment: EvaluationComment, *, body: str, user) -> EvaluationComment:
    if comment.author_id != user.id:
        raise Refused(403, _("You can only change your own comments."))
    comment.body = body
    comment.edited_at = utcnow()
    record("comment.edited", comment, "comment")
    return comment


def delete_comment(comment: EvaluationComment, *, user) -> None:
    if comment.author_id != user.id:
        raise Refused(403, _("You can only delete your own comments."))
    record("comment.deleted", comment, "comment")
    db.session.delete(comment)
    db.session.flush()


# --- continue: stopping well ------------------------------------------------------------------------------

NOT_CONTINUE = _l("The exit plan is written at the next-steps stage.")


def exit_plan_for(workspace_id: int, round_: int) -> ExitPlan | None:
    return db.session.scalar(select(ExitPlan).where(ExitPlan.workspace_id == workspace_id,
                                                    ExitPlan.round == round_))


def save_exit_plan(workspace: Workspace, *, approach: str, no_running_matches: bool, user) -> ExitPlan:
    round_ = require_stage(workspace, (Stage.CONTINUING,), NOT_CONTINUE)
    plan = exit_plan_for(workspace.id, round_)
    if plan is None:
        plan = ExitPlan(workspace_id=workspace.id, round=round_, approach=approach)
        db.session.add(plan)
    if no_running_matches and plan.matches:
        raise Refused(409, _("The plan lists running matches; remove them before saying there are none."))
    plan.approach = approach
    plan.no_running_matches = no_running_matches
    plan.updated_by_id = user.id
    db.session.flush()
    record("exit_plan.saved", plan, f"round {round_}")
    return plan


def add_exit_match(workspace: Workspace, *, label: str, how: str, end_by: date) -> ExitMatch:
    round_ = require_stage(workspace, (Stage.CONTINUING,), NOT_CONTINUE)
    plan = exit_plan_for(workspace.id, round_)
    if plan is None:
        raise Refused(409, _("Describe the general approach of the exit plan first."))
    if plan.no_running_matches:
        plan.no_running_matches = False
    match = ExitMatch(workspace_id=workspace.id, plan_id=plan.id, label=label, how=how, end_by=end_by)
    db.session.add(match)
    db.session.flush()
    record("exit_match.added", match, label)
    return match


def delete_exit_match(workspace: Workspace, match: ExitMatch) -> None:
    round_ = require_stage(workspace, (Stage.CONTINUING,), NOT_CONTINUE)
    if match.plan.round != round_:
        raise Refused(409, _("This belongs to an earlier pilot round and can no longer be changed."))
    record("exit_match.deleted", match, match.label)
    db.session.delete(match)
    db.session.flush()


# --- hooks ------------------------------------------------------------------------------------------------

def closing_summary(workspace: Workspace) -> dict | None:
    """For a closed workspace: the referral agreement (declined) or the exit plan (stopped) that stays visible."""
    if workspace.stage != Stage.CLOSED:
        return None
    if workspace.outcome == "declined":
        cycle = current_cycle(workspace)
        text = cycle.referral_agreement if cycle else None
        return {"referral_agreement": text, "exit_plan": None} if text else None
    if workspace.outcome == "stopped":
        plan = exit_plan_for(workspace.id, workspace.round)
        return {"referral_agreement": None, "exit_plan": plan} if plan else None
    return None


SNAPSHOT_DEFAULTS = {
    "decision_mentor": None, "decision_partner": None, "has_referral_agreement": False,
    "construction": None, "has_scope_dates": False, "responsibility_rows": 0, "indicators": 0,
    "evaluation_shared": False, "evaluation_has_mentor_views": False, "evaluation_has_mentee_views": False,
    "has_exit_plan": False,
}


def snapshot_part(workspace: Workspace) -> dict:
    """``hooks.snapshot_contributors``: this area's WorkspaceSnapshot fields for the current round.

    Runs on every workspace page, so it reads only what the guards of the current stage look at (one or two
    queries); the other fields keep their "nothing there" defaults, which no guard of this stage reads.
    """
    part = dict(SNAPSHOT_DEFAULTS)
    stage, round_ = workspace.stage, workspace.round
    if stage == Stage.DECIDE:
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
    elif stage == Stage.PILOT:
        agreed = (select(func.count()).select_from(ResponsibilityRow)
                  .where(ResponsibilityRow.workspace_id == workspace.id, ResponsibilityRow.round == round_,
                         ResponsibilityRow.holder.is_not(None)).scalar_subquery())
        counted = (select(func.count()).select_from(Indicator)
                   .where(Indicator.workspace_id == workspace.id, Indicator.round == round_).scalar_subquery())
        of_plan = (PilotPlan.workspace_id == workspace.id, PilotPlan.round == round_)
        row = db.session.execute(select(
            select(PilotPlan.construction).where(*of_plan).scalar_subquery(),
            select(PilotPlan.start_date).where(*of_plan).scalar_subquery(),
            select(PilotPlan.end_date).where(*of_plan).scalar_subquery(),
            agreed, counted)).one()
        part.update(construction=row[0], has_scope_dates=bool(row[1] and row[2]),
                    responsibility_rows=row[3] or 0, indicators=row[4] or 0)
    elif stage == Stage.EVALUATE:
        row = db.session.execute(
            select(Evaluation.shared_at, Evaluation.mentor_views, Evaluation.mentee_views)
            .where(Evaluation.workspace_id == workspace.id, Evaluation.round == round_)).first()
        if row is not None:
            part.update(evaluation_shared=row[0] is not None,
                        evaluation_has_mentor_views=bool((row[1] or "").strip()),
                        evaluation_has_mentee_views=bool((row[2] or "").strip()))
    elif stage == Stage.CONTINUING:
        matches = (select(func.count()).select_from(ExitMatch).where(ExitMatch.plan_id == ExitPlan.id)
                   .scalar_subquery())
        row = db.session.execute(
            select(ExitPlan.approach, ExitPlan.no_running_matches, matches)
            .where(ExitPlan.workspace_id == workspace.id, ExitPlan.round == round_)).first()
        if row is not None:
            part["has_exit_plan"] = bool((row[0] or "").strip()) and (bool(row[1]) or bool(row[2]))
    return part


def on_transition(workspace: Workspace, transition: Transition) -> None:
    """``hooks.on_transition``: a plan for the pilot round that starts (a copy of the previous round's plan
    on ``new_round``), frozen indicators on entering `evaluate`, fresh decisions after a reopen."""
    if transition.trigger == "new_round":
        if plan_for(workspace.id, transition.round) is None:
            previous = transition.round - 1 if plan_for(workspace.id, transition.round - 1) else None
            plan = ensure_plan(workspace, transition.round, copy_from=previous)
            record("plan.started", plan, f"round {transition.round}" +
                   (f" from round {previous}" if previous else ""), workspace=workspace)
    elif transition.dest == Stage.PILOT and transition.source == Stage.DECIDE:
        if plan_for(workspace.id, transition.round) is None:
            plan = ensure_plan(workspace, transition.round)
            record("plan.started", plan, f"round {transition.round}", workspace=workspace)
    if transition.dest == Stage.EVALUATE:
        freeze_indicators(workspace, transition.round)
    if transition.trigger == "reopen":
        start_new_cycle(workspace)


def report_rounds(workspace: Workspace, only_round: int | None = None) -> list[dict]:
    """Everything the printable report shows per pilot round, in a fixed number of queries whatever the number
    of rounds (one per kind of row; the rows are grouped by round here, not fetched per round)."""
    wid = workspace.id
    plans = {p.round: p for p in db.session.scalars(select(PilotPlan).where(PilotPlan.workspace_id == wid))}
    rounds = set(plans)
    if workspace.stage in (Stage.PILOT, Stage.EVALUATE, Stage.CONTINUING):
        rounds.add(workspace.round)
    if only_round is not None:
        rounds = {only_round}
    rounds = sorted(rounds)

    def grouped(stmt) -> dict[int, list]:
        found: dict[int, list] = {r: [] for r in rounds}
        for row in db.session.scalars(stmt):
            if row.round in found:
                found[row.round].append(row)
        return found

    rows = grouped(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == wid)
                   .order_by(ResponsibilityRow.position, ResponsibilityRow.id))
    needs_ = grouped(select(PracticalNeed).options(joinedload(PracticalNeed.owner))
                     .where(PracticalNeed.workspace_id == wid).order_by(PracticalNeed.position, PracticalNeed.id))
    check_ins_ = grouped(select(CheckIn).where(CheckIn.workspace_id == wid).order_by(CheckIn.on_date, CheckIn.id))
    indicators_ = grouped(select(Indicator).options(joinedload(Indicator.changed_after_fact_by))
                          .where(Indicator.workspace_id == wid).order_by(Indicator.position, Indicator.id))
    evaluations = {e.round: e for e in db.session.scalars(
        select(Evaluation).options(
            joinedload(Evaluation.shared_by),
            selectinload(Evaluation.results),
            selectinload(Evaluation.comments).joinedload(EvaluationComment.author),
            selectinload(Evaluation.comments).joinedload(EvaluationComment.organisation),
        ).where(Evaluation.workspace_id == wid)
    )}
    exit_plans = {e.round: e for e in db.session.scalars(
        select(ExitPlan).options(selectinload(ExitPlan.matches)).where(ExitPlan.workspace_id == wid)
    )}
    return [
        {"round": r, "plan": plans.get(r), "rows": rows[r], "needs": needs_[r], "check_ins": check_ins_[r],
         "indicators": indicators_[r], "evaluation": evaluations.get(r),
         "results": results_by_indicator(evaluations.get(r)), "exit_plan": exit_plans.get(r)}
        for r in rounds
    ]


def cycle_with_history(workspace: Workspace) -> tuple[DecisionCycle | None, list[Decision]]:
    """The current decision cycle and its decisions (newest first, with who and which organisation), in one
    query: the printable report's need."""
    cycle = db.session.scalars(
        select(DecisionCycle).options(
            joinedload(DecisionCycle.decisions).joinedload(Decision.decided_by),
            joinedload(DecisionCycle.decisions).joinedload(Decision.organisation),
        ).where(DecisionCycle.workspace_id == workspace.id).order_by(DecisionCycle.number.desc()).limit(1)
    ).unique().first()
    if cycle is None:
        return None, []
    return cycle, sorted(cycle.decisions, key=lambda d: (d.created_at, d.id), reverse=True)

