"""Pages of the decide area, under ``/w/<workspace_id>/decide/``: both organisations' decisions, the deadline,
reminders, and after a no the referral agreement.

Access: the workspace scope has loaded ``g.workspace`` and ``g.access`` (strangers got 404). Everyone who can
see the workspace reads the page; each POST checks its role first (403), then the stage (409, via
``Refused``), then the input (422). htmx posts get the re-rendered section back; without JavaScript the view
redirects with a flash, or re-renders the whole page with the errors.
"""

from __future__ import annotations

from flask import abort, g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from workflows import Stage

from ..core.errors import render_error
from ..dbtypes import utcnow
from ..extensions import db
from ..stages.content_views import content_blueprint, done, invalid, readiness
from ..tenancy.access import can_edit, can_lead, require
from . import services as svc
from .forms import DeadlineForm, DecisionForm, ReferralForm
from .models import SIDE_LABELS, SIDES, Decision

bp = content_blueprint("decide", __name__, "/decide")


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
        "readiness": readiness(Stage.DECIDE), "page_stage": Stage.DECIDE.value,
    }
    context.update(overrides)
    return context


@bp.route("/")
def decide():
    """Anyone who reads the workspace: both organisations' decisions, their history, and after a no the
    referral agreement. Leads of each side record their own organisation's decision here."""
    return render_template("decide/decide.html", **_decide_context())


def _decide_done(message: str):
    return done(message, "ws.decide.decide", "decide-panel", "decide/_decide.html", _decide_context)


@bp.route("/<side>", methods=["POST"])
def record_decision(side: str):
    """A lead of ``side`` (mentor or partner): record or change that organisation's yes or no, with reasons."""
    if side not in SIDES:
        abort(404)
    require(can_lead)
    if g.access.side != side:
        return render_error(403, detail=_("Only a lead of that organisation can record its decision."))
    form = DecisionForm()
    if not form.validate():
        return invalid("decide/_decide.html", "decide/decide.html", _decide_context(decision_form=form))
    decision = svc.record_decision(g.workspace, side=side, answer=form.answer.data, reasons=form.reasons.data,
                                   seen_seq=form.seen(), user=current_user, organisation_id=g.access.organisation_id)
    if decision.answer == "no":
        message = _("Your decision is recorded. Now agree how you keep referring young people to each other.")
    else:
        message = _("Your decision is recorded.")
    return _decide_done(message)


@bp.route("/deadline", methods=["POST"])
def set_deadline():
    """A lead of either organisation: set or clear the date by which both want to have decided."""
    require(can_lead)
    form = DeadlineForm()
    if not form.validate():
        return invalid("decide/_decide.html", "decide/decide.html", _decide_context(deadline_form=form))
    svc.set_deadline(g.workspace, form.deadline.data)
    return _decide_done(_("The deadline is saved.") if form.deadline.data else _("The deadline is removed."))


@bp.route("/remind", methods=["POST"])
def remind():
    """A lead or member of one organisation: mail the other organisation's leads that their decision is awaited."""
    require(can_edit)
    if not g.access.side:
        abort(403)
    count = svc.remind(g.workspace, from_side=g.access.side, user=current_user,
                       organisation_id=g.access.organisation_id)
    return _decide_done(_("A reminder went to %(count)d lead(s) of the other organisation.", count=count))


@bp.route("/referral", methods=["POST"])
def save_referral():
    """A lead of either organisation, after a no: how the organisations keep referring young people."""
    require(can_lead)
    form = ReferralForm()
    if not form.validate():
        return invalid("decide/_decide.html", "decide/decide.html", _decide_context(referral_form=form))
    svc.save_referral(g.workspace, form.referral_agreement.data, current_user)
    return _decide_done(_("The referral agreement is saved."))


# --- wiring -----------------------------------------------------------------------------------------------

STAGE_PAGES = (("decide", "ws.decide.decide", _l("Decisions of both organisations")),)


def personal_data(user) -> dict:
    """For a person's own data download: the decisions they recorded."""
    decisions = db.session.scalars(select(Decision).where(Decision.decided_by_id == user.id)
                                   .order_by(Decision.id)).all()
    return {"decisions_recorded": [{"side": d.side, "answer": d.answer, "reasons": d.reasons,
                                    "created_at": d.created_at.isoformat()} for d in decisions]}
