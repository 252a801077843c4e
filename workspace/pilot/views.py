"""Pages of the pilot area, under ``/w/<workspace_id>/pilot/``: decide, pilot plan, indicators, evaluation,
next steps and the printable report.

Access: the workspace scope has loaded ``g.workspace`` and ``g.access`` (strangers got 404). Everyone who can
see the workspace reads these pages; each POST checks its role first (403), then the stage (409, via
``services.Refused``), then the input (422). htmx posts get the re-rendered section back; without JavaScript
the view redirects with a flash, or re-renders the whole page with the errors.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workflows import CollaborationFlow, Stage, WorkspaceSnapshot

from ..core.errors import render_error
from ..dbtypes import utcnow
from ..extensions import db
from ..forms import CONFIRM_NOT_BSN
from ..privacy import find_bsn_like
from ..tenancy.access import can_comment, can_edit, can_lead, get_child_or_404, is_htmx, require
from ..tenancy.models import Membership, Role
from . import services as svc
from .forms import (
    CheckInForm,
    CommentForm,
    ConstructionForm,
    DeadlineForm,
    DecisionForm,
    EvaluationForm,
    ExitMatchForm,
    ExitPlanForm,
    FrozenIndicatorForm,
    IndicatorForm,
    NeedForm,
    NewNeedForm,
    NewResponsibilityForm,
    ReferralForm,
    ResponsibilityForm,
    ScopeForm,
    StartPlanForm,
    evaluation_form_for,
    evaluation_texts,
)
from .models import (
    CONSTRUCTION_EXPLANATIONS,
    CONSTRUCTION_LABELS,
    HOLDER_LABELS,
    PHASE_LABELS,
    SIDES,
    Construction,
    EvaluationComment,
    ExitMatch,
    Indicator,
    PracticalNeed,
    ResponsibilityRow,
)
from .models import CheckIn as CheckInRow

log = logging.getLogger(__name__)

bp = Blueprint("pilot", __name__, url_prefix="/pilot")

SIDE_LABELS = {"mentor": _l("Mentor project"), "partner": _l("Partner")}


@bp.errorhandler(svc.Refused)
def _refused(error: svc.Refused):
    db.session.rollback()
    return render_error(error.status, detail=error.message)


@bp.after_request
def _htmx_headers(response):
    """A successful htmx change tells dependent regions to refresh; a refusal goes to the flash area instead of
    replacing the section the form was in."""
    if is_htmx() and request.method == "POST":
        if response.status_code == 200:
            response.headers["HX-Trigger"] = "workspace-changed"
        elif response.status_code in (403, 409):
            response.headers["HX-Retarget"] = "#flashes"
            response.headers["HX-Reswap"] = "innerHTML"
    return response


def _lang() -> str:
    return str(get_locale() or "nl")


def _done(message: str, endpoint: str, anchor: str, section: str, context, **url_args):
    """Success: the section for htmx, else a flash and a redirect to the page (at the section)."""
    db.session.commit()
    if is_htmx():
        return render_template(section, **context())
    flash(message, "success")
    return redirect(url_for(endpoint, **url_args) + f"#{anchor}")


def _invalid(section: str, page: str, context: dict):
    """Invalid input: the section with per-field errors (htmx) or the whole page, with status 422."""
    db.session.rollback()
    return render_template(section if is_htmx() else page, **context), 422


def _round_arg(default: int) -> int:
    try:
        value = int(request.args.get("round", default))
    except (TypeError, ValueError):
        abort(404)
    if value < 1 or value > g.workspace.round:
        abort(404)
    return value


def _people() -> list[Membership]:
    """Leads and members of the two organisations: who can own a practical need."""
    org_ids = [g.workspace.mentor_org_id] + ([g.workspace.partner_org_id] if g.workspace.partner_org_id else [])
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user), joinedload(Membership.organisation))
        .where(Membership.workspace_id == g.workspace.id, Membership.organisation_id.in_(org_ids),
               Membership.role.in_([Role.LEAD, Role.MEMBER]))
        .order_by(Membership.organisation_id, Membership.id)
    ))


# --- readiness: what the workflow still waits for -------------------------------------------------------

PAGE_TRIGGERS = {
    Stage.DECIDE: [("advance", None), ("decline", None)],
    Stage.PILOT: [("advance", None)],
    Stage.EVALUATE: [("advance", None)],
    Stage.CONTINUING: [("close", "stopped")],
}


def _snapshot() -> WorkspaceSnapshot:
    try:
        from ..stages.services import build_snapshot
    except ImportError:  # the workflow area is not there yet: our own part is enough for our guards
        return WorkspaceSnapshot(stage=Stage(g.workspace.stage), round=g.workspace.round,
                                 **svc.snapshot_part(g.workspace))
    return build_snapshot(g.workspace, lang=_lang())


def _readiness(stage: str) -> list[dict]:
    """For the stage a page belongs to: per trigger, the reasons it cannot fire yet ([] = it can)."""
    if g.workspace.stage != stage:
        return []
    flow = CollaborationFlow(_snapshot())
    lang = _lang()
    found = []
    for trigger, outcome in PAGE_TRIGGERS.get(Stage(stage), []):
        refusals = [r for r in flow.refusals(trigger, reason="-", outcome=outcome) if r.code != "reason_required"]
        found.append({"trigger": trigger, "outcome": outcome, "refusals": [r.text.get(lang) for r in refusals]})
    return found


@bp.route("/readiness/<stage>")
def readiness(stage: str):
    """Anyone who reads the workspace: the box that says what moving on still waits for (htmx refreshes it)."""
    if stage not in {s.value for s in PAGE_TRIGGERS}:
        abort(404)
    return render_template("pilot/_readiness.html", readiness=_readiness(stage), page_stage=stage)


# --- hub --------------------------------------------------------------------------------------------------

@bp.route("/")
def index():
    """Anyone who reads the workspace: the decisions and every pilot round at a glance, with links."""
    cycle = svc.current_cycle(g.workspace)
    rounds = []
    for round_ in svc.rounds_with_content(g.workspace):
        plan = svc.plan_for(g.workspace.id, round_)
        evaluation = svc.evaluation_for(g.workspace.id, round_)
        rounds.append({
            "round": round_, "plan": plan, "indicators": len(svc.indicators(g.workspace.id, round_)),
            "evaluation": evaluation, "exit_plan": svc.exit_plan_for(g.workspace.id, round_),
        })
    return render_template("pilot/index.html", decided=svc.current_decisions(cycle), cycle=cycle, rounds=rounds,
                           side_labels=SIDE_LABELS)


# --- decide -----------------------------------------------------------------------------------------------

def _decide_context(**overrides) -> dict:
    cycle = svc.current_cycle(g.workspace)
    decided = svc.current_decisions(cycle)
    my_side = g.access.side if can_lead(g.access) else None
    form = overrides.pop("decision_form", None)
    if form is None and my_side:
        mine = decided[my_side]
        form = DecisionForm(formdata=None, answer=mine.answer if mine else None,
                            reasons=mine.reasons if mine else None, seen_seq=str(mine.seq if mine else 0))
    context = {
        "cycle": cycle, "decided": decided, "history": svc.decision_history(cycle), "my_side": my_side,
        "side_labels": SIDE_LABELS, "decision_form": form,
        "deadline_form": DeadlineForm(formdata=None, deadline=cycle.deadline if cycle else None),
        "referral_form": ReferralForm(formdata=None, referral_agreement=cycle.referral_agreement if cycle else None),
        "someone_said_no": any(d and d.answer == "no" for d in decided.values()),
        "is_decide": g.workspace.stage == Stage.DECIDE,
        "can_remind": bool(can_edit(g.access) and g.access.side and g.workspace.stage == Stage.DECIDE
                           and decided["partner" if g.access.side == "mentor" else "mentor"] is None),
        "today": utcnow().date(),
        "readiness": _readiness(Stage.DECIDE), "page_stage": Stage.DECIDE.value,
    }
    context.update(overrides)
    return context


@bp.route("/decide")
def decide():
    """Anyone who reads the workspace: both organisations' decisions, their history, and after a no the
    referral agreement. Leads of each side record their own organisation's decision here."""
    return render_template("pilot/decide.html", **_decide_context())


def _decide_done(message: str):
    return _done(message, "ws.pilot.decide", "decide-panel", "pilot/_decide.html", _decide_context)


@bp.route("/decide/<side>", methods=["POST"])
def record_decision(side: str):
    """A lead of ``side`` (mentor or partner): record or change that organisation's yes or no, with reasons."""
    if side not in SIDES:
        abort(404)
    require(can_lead)
    if g.access.side != side:
        return render_error(403, detail=_("Only a lead of that organisation can record its decision."))
    form = DecisionForm()
    if not form.validate():
        return _invalid("pilot/_decide.html", "pilot/decide.html", _decide_context(decision_form=form))
    decision = svc.record_decision(g.workspace, side=side, answer=form.answer.data, reasons=form.reasons.data,
                                   seen_seq=form.seen(), user=current_user, organisation_id=g.access.organisation_id)
    if decision.answer == "no":
        message = _("Your decision is recorded. Now agree how you keep referring young people to each other.")
    else:
        message = _("Your decision is recorded.")
    return _decide_done(message)


@bp.route("/decide/deadline", methods=["POST"])
def set_deadline():
    """A lead of either organisation: set or clear the date by which both want to have decided."""
    require(can_lead)
    form = DeadlineForm()
    if not form.validate():
        return _invalid("pilot/_decide.html", "pilot/decide.html", _decide_context(deadline_form=form))
    svc.set_deadline(g.workspace, form.deadline.data)
    return _decide_done(_("The deadline is saved.") if form.deadline.data else _("The deadline is removed."))


@bp.route("/decide/remind", methods=["POST"])
def remind():
    """A lead or member of one organisation: mail the other organisation's leads that their decision is awaited."""
    require(can_edit)
    if not g.access.side:
        abort(403)
    count = svc.remind(g.workspace, from_side=g.access.side, user=current_user,
                       organisation_id=g.access.organisation_id)
    return _decide_done(_("A reminder went to %(count)d lead(s) of the other organisation.", count=count))


@bp.route("/decide/referral", methods=["POST"])
def save_referral():
    """A lead of either organisation, after a no: how the organisations keep referring young people."""
    require(can_lead)
    form = ReferralForm()
    if not form.validate():
        return _invalid("pilot/_decide.html", "pilot/decide.html", _decide_context(referral_form=form))
    svc.save_referral(g.workspace, form.referral_agreement.data, current_user)
    return _decide_done(_("The referral agreement is saved."))


# --- pilot plan -------------------------------------------------------------------------------------------

def _plan_context(round_: int | None = None, **overrides) -> dict:
    round_ = round_ or g.workspace.round
    plan = svc.plan_for(g.workspace.id, round_)
    editable = bool(plan and g.workspace.stage == Stage.PILOT and round_ == g.workspace.round and can_edit(g.access))
    people = _people() if editable else []
    rows = svc.responsibilities(g.workspace.id, round_)
    row_forms = overrides.pop("row_forms", {})
    need_forms = overrides.pop("need_forms", {})
    needs = svc.needs(g.workspace.id, round_)
    context = {
        "round": round_, "plan": plan, "editable": editable,
        "rows": [(row, row_forms.get(row.id) or ResponsibilityForm(formdata=None, holder=row.holder or "",
                                                                   note=row.note, prefix=f"r{row.id}"))
                 for row in rows],
        "needs": [(need, need_forms.get(need.id) or NeedForm(formdata=None, owner=str(need.owner_id or ""),
                                                             status=need.status, note=need.note,
                                                             prefix=f"n{need.id}").set_people(people))
                  for need in needs],
        "check_ins": svc.check_ins(g.workspace.id, round_),
        "constructions": [(c, CONSTRUCTION_LABELS[c], CONSTRUCTION_EXPLANATIONS[c]) for c in Construction],
        "phase_labels": PHASE_LABELS, "holder_labels": HOLDER_LABELS, "topic_labels": svc.TOPIC_LABELS,
        "check_in_topics": svc.CHECK_IN_TOPICS,
        "agreed_rows": sum(1 for r in rows if r.holder),
        "earlier_rounds": [r for r in range(1, round_) if svc.plan_for(g.workspace.id, r)],
        "all_rounds": svc.rounds_with_content(g.workspace),
        "start_form": StartPlanForm(formdata=None),
        "readiness": _readiness(Stage.PILOT), "page_stage": Stage.PILOT.value,
    }
    if plan is not None:
        context.update({
            "construction_form": ConstructionForm(formdata=None, construction=plan.construction,
                                                  construction_note=plan.construction_note),
            "scope_form": ScopeForm(formdata=None, obj=plan, phases=plan.phases, prefix="scope"),
            "new_row_form": NewResponsibilityForm(formdata=None, prefix="new"),
            "new_need_form": NewNeedForm(formdata=None, prefix="newneed").set_people(people),
            "check_in_form": CheckInForm(formdata=None),
        })
    context.update(overrides)
    return context


def _plan_done(message: str, section: str, anchor: str):
    return _done(message, "ws.pilot.plan", anchor, section, _plan_context)


@bp.route("/plan")
def plan():
    """Anyone who reads the workspace: the pilot plan of the current round (or ``?round=N``)."""
    round_ = _round_arg(g.workspace.round)
    return render_template("pilot/plan.html", **_plan_context(round_))


@bp.route("/plan/start", methods=["POST"])
def start_plan():
    """A lead or member, at the pilot stage: start this round's plan, empty or from an earlier round's plan."""
    require(can_edit)
    form = StartPlanForm()
    form.validate()
    copy_from = None
    if form.copy_from.data:
        try:
            copy_from = int(form.copy_from.data)
        except ValueError:
            abort(400)
    svc.start_plan(g.workspace, copy_from=copy_from)
    db.session.commit()
    flash(_("The pilot plan is started. Fill it in together."), "success")
    return redirect(url_for("ws.pilot.plan"))


@bp.route("/plan/construction", methods=["POST"])
def save_construction():
    """A lead or member, at the pilot stage: choose the form of collaboration."""
    require(can_edit)
    form = ConstructionForm()
    if not form.validate():
        return _invalid("pilot/_construction.html", "pilot/plan.html", _plan_context(construction_form=form))
    svc.save_construction(g.workspace, construction=form.construction.data, note=form.construction_note.data)
    return _plan_done(_("The form of collaboration is saved."), "pilot/_construction.html", "plan-construction")


@bp.route("/plan/scope", methods=["POST"])
def save_scope():
    """A lead or member, at the pilot stage: target group, place, matches, dates and phases of care."""
    require(can_edit)
    form = ScopeForm(prefix="scope")
    if not form.validate():
        return _invalid("pilot/_scope.html", "pilot/plan.html", _plan_context(scope_form=form))
    svc.save_scope(g.workspace, target_group=form.target_group.data, place=form.place.data,
                   matches=form.matches.data, start_date=form.start_date.data, end_date=form.end_date.data,
                   phases=form.phases.data or [])
    return _plan_done(_("The scope is saved."), "pilot/_scope.html", "plan-scope")


@bp.route("/plan/responsibilities/<int:row_id>", methods=["POST"])
def save_responsibility(row_id: int):
    """A lead or member, at the pilot stage: who carries one topic of the matrix."""
    require(can_edit)
    row = get_child_or_404(ResponsibilityRow, row_id)
    form = ResponsibilityForm(prefix=f"r{row.id}")
    form.professional_only = row.professional_only
    if not form.validate():
        return _invalid("pilot/_matrix.html", "pilot/plan.html", _plan_context(row_forms={row.id: form}))
    svc.update_responsibility(g.workspace, row, holder=form.holder.data, note=form.note.data)
    return _plan_done(_("The responsibility is saved."), "pilot/_matrix.html", "plan-matrix")


@bp.route("/plan/responsibilities", methods=["POST"])
def add_responsibility():
    """A lead or member, at the pilot stage: add a topic to the matrix."""
    require(can_edit)
    form = NewResponsibilityForm(prefix="new")
    if not form.validate():
        return _invalid("pilot/_matrix.html", "pilot/plan.html", _plan_context(new_row_form=form))
    svc.add_responsibility(g.workspace, topic=form.topic.data, professional_only=bool(form.professional_only_box.data),
                           holder=form.holder.data, note=form.note.data)
    return _plan_done(_("The topic is added."), "pilot/_matrix.html", "plan-matrix")


@bp.route("/plan/responsibilities/<int:row_id>/delete", methods=["POST"])
def delete_responsibility(row_id: int):
    """A lead or member, at the pilot stage: remove a topic from the matrix."""
    require(can_edit)
    row = get_child_or_404(ResponsibilityRow, row_id)
    svc.delete_responsibility(g.workspace, row)
    return _plan_done(_("The topic is removed."), "pilot/_matrix.html", "plan-matrix")


@bp.route("/plan/needs/<int:need_id>", methods=["POST"])
def save_need(need_id: int):
    """A lead or member, at the pilot stage: owner, status and note of a practical need."""
    require(can_edit)
    need = get_child_or_404(PracticalNeed, need_id)
    form = NeedForm(prefix=f"n{need.id}").set_people(_people())
    if not form.validate():
        return _invalid("pilot/_needs.html", "pilot/plan.html", _plan_context(need_forms={need.id: form}))
    svc.update_need(g.workspace, need, owner_id=form.owner_id(), status=form.status.data, note=form.note.data)
    return _plan_done(_("The practical need is saved."), "pilot/_needs.html", "plan-needs")


@bp.route("/plan/needs", methods=["POST"])
def add_need():
    """A lead or member, at the pilot stage: add a practical need of their own."""
    require(can_edit)
    form = NewNeedForm(prefix="newneed").set_people(_people())
    if not form.validate():
        return _invalid("pilot/_needs.html", "pilot/plan.html", _plan_context(new_need_form=form))
    svc.add_need(g.workspace, title=form.title.data, owner_id=form.owner_id(), status=form.status.data,
                 note=form.note.data)
    return _plan_done(_("The practical need is added."), "pilot/_needs.html", "plan-needs")


@bp.route("/plan/check-ins", methods=["POST"])
def add_check_in():
    """A lead or member, at the pilot stage: plan a check-in moment."""
    require(can_edit)
    form = CheckInForm()
    if not form.validate():
        return _invalid("pilot/_checkins.html", "pilot/plan.html", _plan_context(check_in_form=form))
    svc.add_check_in(g.workspace, on_date=form.on_date.data, topic=form.topic.data)
    return _plan_done(_("The check-in is planned."), "pilot/_checkins.html", "plan-checkins")


@bp.route("/plan/check-ins/suggest", methods=["POST"])
def suggest_check_ins():
    """A lead or member, at the pilot stage: add the suggested schedule (more moments at the start)."""
    require(can_edit)
    added = svc.suggest_check_ins(g.workspace)
    return _plan_done(_("%(count)d check-ins were added.", count=added), "pilot/_checkins.html", "plan-checkins")


@bp.route("/plan/check-ins/<int:check_in_id>/delete", methods=["POST"])
def delete_check_in(check_in_id: int):
    """A lead or member, at the pilot stage: remove a check-in moment."""
    require(can_edit)
    check_in = get_child_or_404(CheckInRow, check_in_id)
    svc.delete_check_in(g.workspace, check_in)
    return _plan_done(_("The check-in is removed."), "pilot/_checkins.html", "plan-checkins")


# --- indicators -------------------------------------------------------------------------------------------

def _indicators_context(round_: int | None = None, **overrides) -> dict:
    round_ = round_ or g.workspace.round
    frozen = svc.is_frozen(g.workspace.id, round_)
    context = {
        "round": round_, "indicators": svc.indicators(g.workspace.id, round_), "frozen": frozen,
        "plan": svc.plan_for(g.workspace.id, round_),
        "can_add": (can_edit(g.access) and not frozen and g.workspace.stage == Stage.PILOT
                    and round_ == g.workspace.round),
        "can_change_frozen": (can_lead(g.access) and frozen and round_ == g.workspace.round
                              and g.workspace.stage in svc.FROZEN_EDIT_STAGES),
        "indicator_form": IndicatorForm(formdata=None, prefix="ind"),
        "all_rounds": svc.rounds_with_content(g.workspace),
        "readiness": _readiness(Stage.PILOT), "page_stage": Stage.PILOT.value,
    }
    context.update(overrides)
    return context


@bp.route("/indicators")
def indicators():
    """Anyone who reads the workspace: the indicators of the current round (or ``?round=N``)."""
    round_ = _round_arg(g.workspace.round)
    return render_template("pilot/indicators.html", **_indicators_context(round_))


@bp.route("/indicators", methods=["POST"])
def add_indicator():
    """A lead or member, at the pilot stage and before the freeze: agree on an indicator."""
    require(can_edit)
    form = IndicatorForm(prefix="ind")
    if not form.validate():
        return _invalid("pilot/_indicators.html", "pilot/indicators.html", _indicators_context(indicator_form=form))
    svc.add_indicator(g.workspace, **form.values())
    return _done(_("The indicator is added."), "ws.pilot.indicators", "indicators", "pilot/_indicators.html",
                 _indicators_context)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
def edit_indicator(indicator_id: int):
    """A lead or member before the freeze; only a lead, with a reason, after it (shown as changed after the
    fact)."""
    require(can_edit)
    indicator = get_child_or_404(Indicator, indicator_id)
    frozen = svc.is_frozen(g.workspace.id, indicator.round)
    if frozen:
        require(can_lead)
    svc.check_indicator_editable(g.workspace, indicator, g.access)
    form_class = FrozenIndicatorForm if frozen else IndicatorForm
    form = form_class(obj=indicator, prefix="ind") if request.method == "GET" else form_class(prefix="ind")
    if request.method == "POST":
        if form.validate():
            svc.update_indicator(g.workspace, indicator, access=g.access, user=current_user,
                                 reason=getattr(form, "reason", None) and form.reason.data, **form.values())
            db.session.commit()
            flash(_("The indicator is changed after the fact; the reason is kept.") if frozen
                  else _("The indicator is saved."), "success")
            return redirect(url_for("ws.pilot.indicators") + f"#indicator-{indicator.id}")
        db.session.rollback()
        return render_template("pilot/indicator_edit.html", form=form, indicator=indicator, frozen=frozen), 422
    return render_template("pilot/indicator_edit.html", form=form, indicator=indicator, frozen=frozen)


@bp.route("/indicators/<int:indicator_id>/delete", methods=["POST"])
def delete_indicator(indicator_id: int):
    """A lead or member, at the pilot stage and before the freeze: remove an indicator."""
    require(can_edit)
    indicator = get_child_or_404(Indicator, indicator_id)
    svc.delete_indicator(g.workspace, indicator)
    return _done(_("The indicator is removed."), "ws.pilot.indicators", "indicators", "pilot/_indicators.html",
                 _indicators_context)


# --- evaluation -------------------------------------------------------------------------------------------

def _evaluation_context(round_: int | None = None, **overrides) -> dict:
    round_ = round_ or g.workspace.round
    evaluation = svc.evaluation_for(g.workspace.id, round_)
    indicator_rows = svc.indicators(g.workspace.id, round_)
    results = svc.results_by_indicator(evaluation)
    editable = (can_edit(g.access) and g.workspace.stage == Stage.EVALUATE and round_ == g.workspace.round
                and not (evaluation and evaluation.is_shared))
    values = overrides.pop("values", None)
    if values is None:
        values = {i.id: ((results[i.id].measured_value or "") if i.id in results else "",
                         (results[i.id].comment or "") if i.id in results else "") for i in indicator_rows}
    context = {
        "round": round_, "evaluation": evaluation, "indicators": indicator_rows, "results": results,
        "editable": editable, "values": values, "value_errors": overrides.pop("value_errors", {}),
        "bsn_warning": overrides.pop("bsn_warning", False),
        "evaluation_form": evaluation_form_for(evaluation),
        "comment_form": CommentForm(formdata=None),
        "comments": evaluation.comments if evaluation else [],
        "share_problems": svc.share_problems(evaluation),
        "can_share": (can_lead(g.access) and g.workspace.stage == Stage.EVALUATE and round_ == g.workspace.round
                      and evaluation is not None and not evaluation.is_shared),
        "all_rounds": svc.rounds_with_content(g.workspace),
        "frozen": svc.is_frozen(g.workspace.id, round_),
        "readiness": _readiness(Stage.EVALUATE), "page_stage": Stage.EVALUATE.value,
    }
    context.update(overrides)
    return context


@bp.route("/evaluation")
def evaluation():
    """Anyone who reads the workspace: the evaluation of the current round (or ``?round=N``) and its comments."""
    round_ = _round_arg(g.workspace.round)
    return render_template("pilot/evaluation.html", **_evaluation_context(round_))


@bp.route("/evaluation", methods=["POST"])
def save_evaluation():
    """A lead or member, at the evaluate stage, before sharing: write the evaluation and the measured values."""
    require(can_edit)
    form = EvaluationForm()
    indicator_rows = svc.indicators(g.workspace.id, g.workspace.round)
    values, value_errors = {}, {}
    bsn_warning = False
    for indicator in indicator_rows:
        value = (request.form.get(f"value_{indicator.id}") or "").strip()
        comment = (request.form.get(f"comment_{indicator.id}") or "").strip()
        values[indicator.id] = (value, comment)
        problems = []
        if len(value) > 60:
            problems.append(_("Keep the measured value under 60 characters."))
        elif value:
            problem = svc.number_problem(indicator.unit, value)
            if problem:
                problems.append(problem)
        if len(comment) > 1000:
            problems.append(_("Keep the comment under 1000 characters."))
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value + comment):
            problems.append(_("This field contains invisible control characters. Please remove them."))
        # The same client-data guard BaseForm runs on its own fields: these inputs are read by hand.
        if (find_bsn_like(value) or find_bsn_like(comment)) and request.form.get(CONFIRM_NOT_BSN) != "y":
            problems.append(_("This looks like a citizen service number (BSN). Personal data of young people "
                              "does not belong in Mentorbrug: remove it, or confirm below that it is not a BSN."))
            bsn_warning = True
        if problems:
            value_errors[indicator.id] = problems
    valid = form.validate()
    if not valid or value_errors:
        return _invalid("pilot/_evaluation.html", "pilot/evaluation.html",
                        _evaluation_context(evaluation_form=form, values=values, value_errors=value_errors,
                                            bsn_warning=bsn_warning))
    svc.save_evaluation(g.workspace, user=current_user,
                        texts=evaluation_texts(form), results=values)
    return _done(_("The evaluation is saved as a draft."), "ws.pilot.evaluation", "evaluation",
                 "pilot/_evaluation.html", _evaluation_context)


@bp.route("/evaluation/share", methods=["POST"])
def share_evaluation():
    """A lead, at the evaluate stage: share the evaluation with both organisations; it becomes read-only."""
    require(can_lead)
    svc.share_evaluation(g.workspace, user=current_user)
    return _done(_("The evaluation is shared with both organisations."), "ws.pilot.evaluation", "evaluation",
                 "pilot/_evaluation.html", _evaluation_context)


def _comments_done(message: str, round_: int):
    db.session.commit()
    if is_htmx():
        return render_template("pilot/_comments.html", **_evaluation_context(round_))
    flash(message, "success")
    return redirect(url_for("ws.pilot.evaluation", round=round_) + "#comments")


@bp.route("/evaluation/<int:round_>/comments", methods=["POST"])
def add_comment(round_: int):
    """A lead, member or observer: comment on the evaluation of a round."""
    require(can_comment)
    evaluation_row = svc.evaluation_for(g.workspace.id, round_)
    if evaluation_row is None:
        abort(404)
    form = CommentForm()
    if not form.validate():
        return _invalid("pilot/_comments.html", "pilot/evaluation.html",
                        _evaluation_context(round_, comment_form=form))
    svc.add_comment(g.workspace, evaluation_row, body=form.body.data, user=current_user,
                    organisation_id=g.access.organisation_id)
    return _comments_done(_("Your comment is posted."), round_)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
def edit_comment(comment_id: int):
    """The comment's author (lead, member or observer): change their own comment."""
    require(can_comment)
    comment = get_child_or_404(EvaluationComment, comment_id)
    if comment.author_id != current_user.id:
        return render_error(403, detail=_("You can only change your own comments."))
    form = CommentForm(obj=comment) if request.method == "GET" else CommentForm()
    if request.method == "POST":
        if form.validate():
            svc.edit_comment(comment, body=form.body.data, user=current_user)
            return _comments_done(_("Your comment is changed."), comment.evaluation.round)
        db.session.rollback()
        return render_template("pilot/comment_edit.html", form=form, comment=comment), 422
    return render_template("pilot/comment_edit.html", form=form, comment=comment)


@bp.route("/comments/<int:comment_id>/delete", methods=["POST"])
def delete_comment(comment_id: int):
    """The comment's author (lead, member or observer): delete their own comment."""
    require(can_comment)
    comment = get_child_or_404(EvaluationComment, comment_id)
    if comment.author_id != current_user.id:
        return render_error(403, detail=_("You can only delete your own comments."))
    round_ = comment.evaluation.round
    svc.delete_comment(comment, user=current_user)
    return _comments_done(_("Your comment is deleted."), round_)


# --- next steps -------------------------------------------------------------------------------------------

def _continue_context(**overrides) -> dict:
    round_ = g.workspace.round
    exit_plan = svc.exit_plan_for(g.workspace.id, round_)
    context = {
        "round": round_, "exit_plan": exit_plan, "evaluation": svc.evaluation_for(g.workspace.id, round_),
        "editable": can_edit(g.access) and g.workspace.stage == Stage.CONTINUING,
        "exit_form": ExitPlanForm(formdata=None, obj=exit_plan),
        "match_form": ExitMatchForm(formdata=None),
        "readiness": _readiness(Stage.CONTINUING), "page_stage": Stage.CONTINUING.value,
    }
    context.update(overrides)
    return context


@bp.route("/next-steps")
def continue_page():
    """Anyone who reads the workspace: the three ways to go on, and the exit plan for stopping."""
    return render_template("pilot/continue.html", **_continue_context())


def _exit_done(message: str):
    return _done(message, "ws.pilot.continue_page", "exit-plan", "pilot/_exit_plan.html", _continue_context)


@bp.route("/exit-plan", methods=["POST"])
def save_exit_plan():
    """A lead or member, at the next-steps stage: how running matches end well if the organisations stop."""
    require(can_edit)
    form = ExitPlanForm()
    if not form.validate():
        return _invalid("pilot/_exit_plan.html", "pilot/continue.html", _continue_context(exit_form=form))
    svc.save_exit_plan(g.workspace, approach=form.approach.data, no_running_matches=bool(form.no_running_matches.data),
                       user=current_user)
    return _exit_done(_("The exit plan is saved."))


@bp.route("/exit-plan/matches", methods=["POST"])
def add_exit_match():
    """A lead or member, at the next-steps stage: add a running match, how and by when it ends."""
    require(can_edit)
    form = ExitMatchForm()
    if not form.validate():
        return _invalid("pilot/_exit_plan.html", "pilot/continue.html", _continue_context(match_form=form))
    svc.add_exit_match(g.workspace, label=form.label.data, how=form.how.data, end_by=form.end_by.data)
    return _exit_done(_("The match is added to the exit plan."))


@bp.route("/exit-plan/matches/<int:match_id>/delete", methods=["POST"])
def delete_exit_match(match_id: int):
    """A lead or member, at the next-steps stage: remove a match from the exit plan."""
    require(can_edit)
    match = get_child_or_404(ExitMatch, match_id)
    svc.delete_exit_match(g.workspace, match)
    return _exit_done(_("The match is removed from the exit plan."))


# --- report -----------------------------------------------------------------------------------------------

@bp.route("/report")
def report():
    """Anyone who reads the workspace: everything of this area on one printable page, per round
    (``?round=N`` for one round only)."""
    only = request.args.get("round")
    per_round = svc.report_rounds(g.workspace, _round_arg(g.workspace.round) if only is not None else None)
    cycle, history = svc.cycle_with_history(g.workspace)
    return render_template("pilot/report.html", cycle=cycle, decided=svc.latest_per_side(history),
                           history=history, per_round=per_round, side_labels=SIDE_LABELS,
                           phase_labels=PHASE_LABELS, topic_labels=svc.TOPIC_LABELS,
                           check_in_topics=svc.CHECK_IN_TOPICS,
                           construction_explanations=CONSTRUCTION_EXPLANATIONS, only_round=only is not None,
                           generated_at=utcnow())


# --- wiring -----------------------------------------------------------------------------------------------

STAGE_PAGES = (
    ("decide", "ws.pilot.decide", _l("Decisions of both organisations")),
    ("pilot", "ws.pilot.plan", _l("Pilot plan")),
    ("pilot", "ws.pilot.indicators", _l("Indicators")),
    ("evaluate", "ws.pilot.evaluation", _l("Evaluation and comments")),
    ("evaluate", "ws.pilot.indicators", _l("Indicators")),
    ("continue", "ws.pilot.continue_page", _l("Choose how to go on")),
    ("continue", "ws.pilot.evaluation", _l("Evaluation and comments")),
    ("closed", "ws.pilot.index", _l("Decisions, pilot and evaluation")),
    ("closed", "ws.pilot.report", _l("Printable report")),
)


def personal_data(user) -> dict:
    """For a person's own data download: their comments on evaluations and the decisions they recorded."""
    from sqlalchemy import select

    from ..extensions import db
    from .models import Decision, EvaluationComment

    comments = db.session.scalars(select(EvaluationComment).where(EvaluationComment.author_id == user.id)
                                  .order_by(EvaluationComment.id)).all()
    decisions = db.session.scalars(select(Decision).where(Decision.decided_by_id == user.id)
                                   .order_by(Decision.id)).all()
    return {
        "evaluation_comments": [{"workspace_id": c.workspace_id, "body": c.body,
                                 "created_at": c.created_at.isoformat()} for c in comments],
        "decisions_recorded": [{"side": d.side, "answer": d.answer, "reasons": d.reasons,
                                "created_at": d.created_at.isoformat()} for d in decisions],
    }


def register() -> None:
    """Plug the pilot area into the workspace: stage pages, a tab, the workflow's snapshot and transitions,
    the closing summary for the workspace page, the demo content and the personal data download."""
    from .. import demo
    from ..accounts import hooks as account_hooks
    from ..tenancy import hooks
    from ..tenancy.tabs import TABS
    from .demo import fill_demo_workspace

    for stage, endpoint, label in STAGE_PAGES:
        pages = hooks.stage_pages.setdefault(stage, [])
        if not any(e == endpoint for e, _label in pages):
            pages.append((endpoint, label))
    if not any(endpoint == "ws.pilot.index" for _order, endpoint, _label in TABS):
        TABS.append((60, "ws.pilot.index", _l("Pilot")))
    if svc.snapshot_part not in hooks.snapshot_contributors:
        hooks.snapshot_contributors.append(svc.snapshot_part)
    if svc.on_transition not in hooks.on_transition:
        hooks.on_transition.append(svc.on_transition)
    if fill_demo_workspace not in demo.after_seed:
        demo.after_seed.append(fill_demo_workspace)
    if personal_data not in account_hooks.data_export:
        account_hooks.data_export.append(personal_data)


bp.add_app_template_global(svc.closing_summary, "pilot_closing")
register()
