"""Changing the pilot plan of a round: construction, scope, responsibility matrix, practical needs and
check-ins; freezing its indicators. Views call these after checking the role; nothing here commits.

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
from sqlalchemy.orm import joinedload

from workflows import Stage, Transition

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from ..stages.content import Refused, require_stage
from ..tenancy.models import Workspace
from .models import CheckIn, Holder, Indicator, NeedKind, PilotPlan, PracticalNeed, ResponsibilityRow

log = logging.getLogger(__name__)

NOT_PILOT = _l("The pilot plan can only be changed while the workspace is at the pilot stage.")

#: The usual topics of the responsibility matrix: (key, topic, professional only).
DEFAULT_TOPICS = (
    ("contact_young_person", _l("Contact with the young person"), False),
    ("contact_parents", _l("Contact with parents"), False),
    ("treatment_plan", _l("Treatment plan and interventions"), True),
    ("unsafety", _l("Acting on signals of unsafety"), True),
    ("reporting", _l("Reporting and keeping records"), True),
    ("referral_decisions", _l("Decisions about referral and indication"), True),
    ("youth_protection", _l("Contact with youth protection"), True),
    ("communication", _l("Communication between mentor and professional"), False),
)

#: Word stems that mark a new topic as a professional's (leaflet tip 9): a topic named like one of the
#: professional-only topics is treated as one, whatever box was ticked. Lower case, Dutch and English.
PROFESSIONAL_STEMS = (
    "behandel", "treatment", "therap", "interventie", "intervention", "onveilig", "unsafe", "veilig thuis",
    "meldcode", "rapport", "report", "dossier", "record", "verslag", "indicatie", "indication",
    "verwijsbeslu", "referral decision", "jeugdbescherming", "youth protection", "voogd", "guardian",
    "diagnos",
)


def looks_professional(topic: str) -> bool:
    """Whether a topic's name matches one of the professional-only topics (tip 9)."""
    text = (topic or "").casefold()
    return any(stem in text for stem in PROFESSIONAL_STEMS)
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
    record("plan.started", plan, f"round {round_}" + (f" from round {copy_from}" if copy_from else ""),
           details={"round": round_, "from_round": copy_from})
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
    record("plan.construction_set", plan, construction, details={"construction": construction})
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
    record("plan.scope_saved", plan, "scope", details={})
    return plan


def responsibilities(workspace_id: int, round_: int) -> list[ResponsibilityRow]:
    return list(db.session.scalars(
        select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == workspace_id,
                                        ResponsibilityRow.round == round_)
        .order_by(ResponsibilityRow.position, ResponsibilityRow.id)
    ))


def holder_refusal(professional_only: bool, holder: str | None) -> str | None:
    """Why ``holder`` cannot carry a topic, or None. Mentors are volunteers (leaflet tip 9): a professional's
    responsibility rests with the professional side only — never with a mentor, with "both" or with nobody.
    Until the organisations agree it, the topic is open (``None``), like any other."""
    if professional_only and holder is not None and holder != Holder.PROFESSIONAL:
        return _("This topic is a professional's responsibility. Mentors are volunteers and never carry it, "
                 "not even together with a professional: only “Professional” is possible.")
    return None


def _editable_row(workspace: Workspace, row) -> None:
    round_ = require_stage(workspace, (Stage.PILOT,), NOT_PILOT)
    if row.round != round_:
        raise Refused(409, _("This belongs to an earlier pilot round and can no longer be changed."))


def update_responsibility(workspace: Workspace, row: ResponsibilityRow, *, holder: str | None,
                          note: str | None) -> ResponsibilityRow:
    _editable_row(workspace, row)
    problem = holder_refusal(row.professional_only, holder or None)
    if problem:
        raise Refused(422, problem)
    row.holder = holder or None
    row.note = note or None
    record("responsibility.updated", row, f"{row.topic}: {row.holder or '-'}",
           details={"topic": row.topic, "holder": row.holder})
    return row


def add_responsibility(workspace: Workspace, *, topic: str, professional_only: bool, holder: str | None,
                       note: str | None) -> ResponsibilityRow:
    plan = _editable_plan(workspace)
    professional_only = professional_only or looks_professional(topic)
    problem = holder_refusal(professional_only, holder or None)
    if problem:
        raise Refused(422, problem)
    position = db.session.scalar(select(func.coalesce(func.max(ResponsibilityRow.position), -1) + 1).where(
        ResponsibilityRow.workspace_id == workspace.id, ResponsibilityRow.round == plan.round))
    row = ResponsibilityRow(workspace_id=workspace.id, round=plan.round, position=position, topic=topic,
                            professional_only=professional_only, holder=holder or None, note=note or None)
    db.session.add(row)
    db.session.flush()
    record("responsibility.added", row, topic, details={"topic": topic})
    return row


def delete_responsibility(workspace: Workspace, row: ResponsibilityRow) -> None:
    _editable_row(workspace, row)
    if row.professional_only:
        raise Refused(409, _("A professional-only topic stays in the matrix: it cannot be removed."))
    record("responsibility.deleted", row, row.topic, details={"topic": row.topic})
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
    record("need.updated", need, f"{need.kind}: {status}", details={"kind": need.kind, "status": status})
    return need


def add_need(workspace: Workspace, *, title: str, owner_id, status, note) -> PracticalNeed:
    plan = _editable_plan(workspace)
    position = db.session.scalar(select(func.coalesce(func.max(PracticalNeed.position), -1) + 1).where(
        PracticalNeed.workspace_id == workspace.id, PracticalNeed.round == plan.round))
    need = PracticalNeed(workspace_id=workspace.id, round=plan.round, position=position, kind=NeedKind.OTHER,
                         title=title, owner_id=owner_id, status=status, note=note or None)
    db.session.add(need)
    db.session.flush()
    record("need.added", need, title, details={"title": title})
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
    record("checkin.added", check_in, on_date.isoformat(), details={"date": on_date.isoformat()})
    return check_in


def delete_check_in(workspace: Workspace, check_in: CheckIn) -> None:
    _editable_row(workspace, check_in)
    record("checkin.deleted", check_in, check_in.on_date.isoformat(),
           details={"date": check_in.on_date.isoformat()})
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
    record("checkin.suggested", plan, f"{added} added", details={"added": added})
    return added


def indicators(workspace_id: int, round_: int) -> list[Indicator]:
    return list(db.session.scalars(
        select(Indicator).options(joinedload(Indicator.changed_after_fact_by))
        .where(Indicator.workspace_id == workspace_id, Indicator.round == round_)
        .order_by(Indicator.position, Indicator.id)
    ))


def is_frozen(workspace_id: int, round_: int) -> bool:
    plan = plan_for(workspace_id, round_)
    return plan is not None and plan.indicators_frozen_at is not None


def freeze_indicators(workspace: Workspace, round_: int) -> bool:
    """Freeze the round's indicators (on entering `evaluate`); True when they were not frozen yet."""
    plan = ensure_plan(workspace, round_)
    if plan.indicators_frozen_at is not None:
        return False
    plan.indicators_frozen_at = utcnow()
    record("indicators.frozen", plan, f"round {round_}", details={"round": round_}, workspace=workspace)
    return True


# --- hooks ------------------------------------------------------------------------------------------------

SNAPSHOT_DEFAULTS = {"construction": None, "has_scope_dates": False, "responsibility_rows": 0, "indicators": 0}


def snapshot_part(workspace: Workspace) -> dict:
    """``Area.snapshot``: the plan of the current round, read only at the pilot stage (the only
    stage whose guards look at it, in one query); elsewhere the "nothing there" defaults."""
    part = dict(SNAPSHOT_DEFAULTS)
    stage, round_ = workspace.stage, workspace.round
    if stage == Stage.PILOT:
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
    return part


def on_transition(workspace: Workspace, transition: Transition) -> None:
    """``Area.on_transition``: a plan for the pilot round that starts (a copy of the previous round's plan
    on ``new_round``), frozen indicators on entering `evaluate`."""
    if transition.trigger == "new_round":
        if plan_for(workspace.id, transition.round) is None:
            previous = transition.round - 1 if plan_for(workspace.id, transition.round - 1) else None
            plan = ensure_plan(workspace, transition.round, copy_from=previous)
            record("plan.started", plan, f"round {transition.round}" +
                   (f" from round {previous}" if previous else ""),
                   details={"round": transition.round, "from_round": previous}, workspace=workspace)
    elif transition.dest == Stage.PILOT and transition.source == Stage.DECIDE:
        if plan_for(workspace.id, transition.round) is None:
            plan = ensure_plan(workspace, transition.round)
            record("plan.started", plan, f"round {transition.round}", details={"round": transition.round, "from_round": None},
                   workspace=workspace)
    if transition.dest == Stage.EVALUATE:
        freeze_indicators(workspace, transition.round)
