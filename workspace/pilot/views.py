"""Pages of the pilot area, under ``/w/<workspace_id>/pilot/``: the overview of decisions and pilot rounds,
the pilot plan and the indicators; the addresses of pages that moved to their own areas redirect.

Access: the workspace scope has loaded ``g.workspace`` and ``g.access`` (strangers got 404). Everyone who can
see the workspace reads these pages; each POST checks its role first (403), then the stage (409, via
``Refused``), then the input (422). htmx posts get the re-rendered section back; without JavaScript the view
redirects with a flash, or re-renders the whole page with the errors.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workflows import Stage

from ..decide import services as decide_svc
from ..decide.models import SIDE_LABELS
from ..extensions import db
from ..stages.content_views import content_blueprint, done, invalid, readiness, round_arg
from ..tenancy.access import can_edit, can_lead, get_child_or_404, require
from ..tenancy.models import Membership, Role
from . import indicators as indicators_svc
from . import services as svc
from .forms import (
    CheckInForm,
    ConstructionForm,
    FrozenIndicatorForm,
    IndicatorForm,
    NeedForm,
    NewNeedForm,
    NewResponsibilityForm,
    ResponsibilityForm,
    ScopeForm,
    StartPlanForm,
)
from .models import (
    CONSTRUCTION_EXPLANATIONS,
    CONSTRUCTION_LABELS,
    HOLDER_LABELS,
    PHASE_LABELS,
    Construction,
    Indicator,
    PracticalNeed,
    ResponsibilityRow,
)
from .models import CheckIn as CheckInRow

bp = content_blueprint("pilot", __name__, "/pilot")


def _people() -> list[Membership]:
    """Leads and members of the two organisations: who can own a practical need."""
    org_ids = [g.workspace.mentor_org_id] + ([g.workspace.partner_org_id] if g.workspace.partner_org_id else [])
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user), joinedload(Membership.organisation))
        .where(Membership.workspace_id == g.workspace.id, Membership.organisation_id.in_(org_ids),
               Membership.role.in_([Role.LEAD, Role.MEMBER]))
        .order_by(Membership.organisation_id, Membership.id)
    ))


# --- hub --------------------------------------------------------------------------------------------------

@bp.route("/")
def index():
    """Anyone who reads the workspace: the decisions and every pilot round at a glance, with links. The
    evaluation and exit plan of each round come from the evaluation area's template globals."""
    cycle = decide_svc.current_cycle(g.workspace)
    rounds = []
    for round_ in svc.rounds_with_content(g.workspace):
        rounds.append({"round": round_, "plan": svc.plan_for(g.workspace.id, round_),
                       "indicators": len(svc.indicators(g.workspace.id, round_))})
    return render_template("pilot/index.html", decided=decide_svc.current_decisions(cycle), cycle=cycle,
                           rounds=rounds, side_labels=SIDE_LABELS)


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
        "readiness": readiness(Stage.PILOT), "page_stage": Stage.PILOT.value,
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
    return done(message, "ws.pilot.plan", anchor, section, _plan_context)


@bp.route("/plan")
def plan():
    """Anyone who reads the workspace: the pilot plan of the current round (or ``?round=N``)."""
    round_ = round_arg(g.workspace.round)
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
        return invalid("pilot/_construction.html", "pilot/plan.html", _plan_context(construction_form=form))
    svc.save_construction(g.workspace, construction=form.construction.data, note=form.construction_note.data)
    return _plan_done(_("The form of collaboration is saved."), "pilot/_construction.html", "plan-construction")


@bp.route("/plan/scope", methods=["POST"])
def save_scope():
    """A lead or member, at the pilot stage: target group, place, matches, dates and phases of care."""
    require(can_edit)
    form = ScopeForm(prefix="scope")
    if not form.validate():
        return invalid("pilot/_scope.html", "pilot/plan.html", _plan_context(scope_form=form))
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
        return invalid("pilot/_matrix.html", "pilot/plan.html", _plan_context(row_forms={row.id: form}))
    svc.update_responsibility(g.workspace, row, holder=form.holder.data, note=form.note.data)
    return _plan_done(_("The responsibility is saved."), "pilot/_matrix.html", "plan-matrix")


@bp.route("/plan/responsibilities", methods=["POST"])
def add_responsibility():
    """A lead or member, at the pilot stage: add a topic to the matrix."""
    require(can_edit)
    form = NewResponsibilityForm(prefix="new")
    if not form.validate():
        return invalid("pilot/_matrix.html", "pilot/plan.html", _plan_context(new_row_form=form))
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
        return invalid("pilot/_needs.html", "pilot/plan.html", _plan_context(need_forms={need.id: form}))
    svc.update_need(g.workspace, need, owner_id=form.owner_id(), status=form.status.data, note=form.note.data)
    return _plan_done(_("The practical need is saved."), "pilot/_needs.html", "plan-needs")


@bp.route("/plan/needs", methods=["POST"])
def add_need():
    """A lead or member, at the pilot stage: add a practical need of their own."""
    require(can_edit)
    form = NewNeedForm(prefix="newneed").set_people(_people())
    if not form.validate():
        return invalid("pilot/_needs.html", "pilot/plan.html", _plan_context(new_need_form=form))
    svc.add_need(g.workspace, title=form.title.data, owner_id=form.owner_id(), status=form.status.data,
                 note=form.note.data)
    return _plan_done(_("The practical need is added."), "pilot/_needs.html", "plan-needs")


@bp.route("/plan/check-ins", methods=["POST"])
def add_check_in():
    """A lead or member, at the pilot stage: plan a check-in moment."""
    require(can_edit)
    form = CheckInForm()
    if not form.validate():
        return invalid("pilot/_checkins.html", "pilot/plan.html", _plan_context(check_in_form=form))
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
                              and g.workspace.stage in indicators_svc.FROZEN_EDIT_STAGES),
        "indicator_form": IndicatorForm(formdata=None, prefix="ind"),
        "all_rounds": svc.rounds_with_content(g.workspace),
        "readiness": readiness(Stage.PILOT), "page_stage": Stage.PILOT.value,
    }
    context.update(overrides)
    return context


@bp.route("/indicators")
def indicators():
    """Anyone who reads the workspace: the indicators of the current round (or ``?round=N``)."""
    round_ = round_arg(g.workspace.round)
    return render_template("pilot/indicators.html", **_indicators_context(round_))


@bp.route("/indicators", methods=["POST"])
def add_indicator():
    """A lead or member, at the pilot stage and before the freeze: agree on an indicator."""
    require(can_edit)
    form = IndicatorForm(prefix="ind")
    if not form.validate():
        return invalid("pilot/_indicators.html", "pilot/indicators.html", _indicators_context(indicator_form=form))
    indicators_svc.add_indicator(g.workspace, **form.values())
    return done(_("The indicator is added."), "ws.pilot.indicators", "indicators", "pilot/_indicators.html",
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
    indicators_svc.check_indicator_editable(g.workspace, indicator, g.access)
    form_class = FrozenIndicatorForm if frozen else IndicatorForm
    form = form_class(obj=indicator, prefix="ind") if request.method == "GET" else form_class(prefix="ind")
    if request.method == "POST":
        if form.validate():
            indicators_svc.update_indicator(g.workspace, indicator, access=g.access, user=current_user,
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
    indicators_svc.delete_indicator(g.workspace, indicator)
    return done(_("The indicator is removed."), "ws.pilot.indicators", "indicators", "pilot/_indicators.html",
                 _indicators_context)


# --- addresses of pages that moved to the decide, evaluation and exports areas --------------------------

def _moved(endpoint: str, keep_round: bool = False, **url_args):
    """A 308 to where a page lives now, so bookmarks and links in old mails keep working."""
    if keep_round and request.args.get("round") is not None:
        url_args["round"] = request.args["round"]
    return redirect(url_for(endpoint, **url_args), 308)


@bp.route("/decide")
def old_decide():
    """Anyone who reads the workspace: the decisions page moved to ``/w/<id>/decide/``."""
    return _moved("ws.decide.decide")


@bp.route("/evaluation")
def old_evaluation():
    """Anyone who reads the workspace: the evaluation moved to ``/w/<id>/evaluation/``."""
    return _moved("ws.evaluation.evaluation", keep_round=True)


@bp.route("/comments/<int:comment_id>/edit")
def old_edit_comment(comment_id: int):
    """Anyone who reads the workspace: editing a comment moved to the evaluation area."""
    return _moved("ws.evaluation.edit_comment", comment_id=comment_id)


@bp.route("/next-steps")
def old_continue_page():
    """Anyone who reads the workspace: the next-steps page moved to ``/w/<id>/evaluation/next-steps``."""
    return _moved("ws.evaluation.continue_page")


@bp.route("/report")
def old_report():
    """Anyone who reads the workspace: the printable report moved to the exports, ``/w/<id>/export/report``."""
    return _moved("ws.exports.report", keep_round=True)


@bp.route("/readiness/<stage>")
def old_readiness(stage: str):
    """Anyone who reads the workspace: the readiness box moved to the workflow area."""
    return _moved("ws.stages.readiness", stage=stage)


# --- wiring -----------------------------------------------------------------------------------------------

STAGE_PAGES = (
    ("pilot", "ws.pilot.plan", _l("Pilot plan")),
    ("pilot", "ws.pilot.indicators", _l("Indicators")),
    ("closed", "ws.pilot.index", _l("Decisions, pilot and evaluation")),
)
