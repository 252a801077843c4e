"""The groundwork pages under ``/w/<workspace_id>/groundwork``: explore, network, values check.

Every section is one fragment with a stable id; its form posts to its own endpoint, which answers htmx with
the re-rendered section (plus ``HX-Trigger: workspace-changed``) and plain posts with a redirect and a flash.
Invalid input re-renders the section (or the page) with per-field errors and status 422; a save that lost
a race against someone else's answers 409 with both texts in view.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.refusal import Refused
from ..core.respond import CHANGED, done, page_or_fragment, shows_refusals, wants_fragment
from ..extensions import db
from ..tenancy.access import can_edit, get_child_or_404, require
from . import services
from .content import (
    CASE_FIELDS,
    CASE_QUESTIONS,
    LAYER_CODES,
    MENTOR_DEFINING_VALUES,
    PERSON_KINDS,
    PYRAMID,
    READINESS,
    SAFEGUARD_CODES,
    SAFEGUARDS,
    SEARCH_MODES,
    SENSITIVE_THEMES,
    THEMES_BY_CODE,
)
from .forms import (
    CaseAgreementsForm,
    CaseAnswerForm,
    CaseForm,
    ContactForm,
    CoreValuesForm,
    ExploreForm,
    FeasibilityForm,
    LayersForm,
    ThemeForm,
)
from .models import NetworkContact

bp = Blueprint("groundwork", __name__, url_prefix="/groundwork")

# --- shared helpers -----------------------------------------------------------------------------

def own_side() -> str | None:
    """The side ('mentor'/'partner') the caller edits for, or None when they may not edit."""
    return g.access.side if can_edit(g.access) else None


def _require_side(side: str) -> None:
    """Leads and members of ``side`` only: others who can see the workspace get 403."""
    require(can_edit)
    if g.access.side != side:
        require(lambda _access: False)


def _saved(fragment: str, context, endpoint: str, anchor: str, message: str):
    """A change went through: the section (marked saved) for htmx, with the event other regions listen to;
    a flash and a redirect to the section otherwise."""
    return done(message, url_for(endpoint, _anchor=anchor), event=CHANGED,
                fragment=lambda: render_template(fragment, saved=True, **context()))


def _again(fragment: str, page: str, context: dict, status: int = 422):
    """Invalid input or a lost race: nothing is stored; show the form again with what was typed."""
    db.session.rollback()
    return render_template(page_or_fragment(page, fragment), **context), status


def _form_data(form, fields) -> dict:
    return {name: form[name].data for name in fields}


# --- explore ------------------------------------------------------------------------------------

def _explore_context(form=None) -> dict:
    profile = services.explore_profile(g.workspace)
    editable = own_side() == "mentor"
    if form is None and editable:
        form = ExploreForm(formdata=None, obj=profile)
    labels = dict(readiness=dict(READINESS), search=dict(SEARCH_MODES), kind=dict(PERSON_KINDS))
    return dict(profile=profile, form=form, editable=editable, labels=labels, stage="explore", section="explore")


@bp.route("/explore")
def explore():
    """Anyone in the workspace: the mentor project's answers to tips 1-2 (it edits them here)."""
    return render_template("groundwork/explore.html", **_explore_context())


@bp.route("/explore", methods=["POST"])
def save_explore():
    """The mentor project's leads and members."""
    _require_side("mentor")
    form = ExploreForm()
    if not form.validate():
        return _again("groundwork/_explore.html", "groundwork/explore.html", _explore_context(form))
    services.save_explore(g.workspace, current_user, _form_data(form, services.EXPLORE_FIELDS))
    return _saved("groundwork/_explore.html", _explore_context, "ws.groundwork.explore", "explore-profile",
                  _("Saved."))


# --- network ------------------------------------------------------------------------------------

def _network_context(layers_form=None, contact_form=None, editing: NetworkContact | None = None) -> dict:
    plan = services.network_plan(g.workspace)
    editable = can_edit(g.access)
    owners = services.possible_owners(g.workspace) if editable else []
    if editable and layers_form is None:
        data = {f"layer_{code}": plan.has_layer(code) if plan else False for code in LAYER_CODES}
        data["reason"] = plan.reason if plan else ""
        layers_form = LayersForm(formdata=None, data=data)
    if editable and contact_form is None:
        if editing is not None:
            contact_form = ContactForm(formdata=None, obj=editing, owners=owners,
                                       data={"owner": str(editing.owner_id or "")})
        else:
            contact_form = ContactForm(formdata=None, owners=owners)
    return dict(plan=plan, pyramid=PYRAMID, layers_form=layers_form, contact_form=contact_form,
                editing=editing, contacts=services.contacts(g.workspace), due=services.due_steps(g.workspace),
                today=services.today(), editable=editable, stage="network", section="network")


@bp.route("/network")
def network():
    """Anyone in the workspace: the pyramid, the contact log and the next steps due."""
    return render_template("groundwork/network.html", **_network_context())


@bp.route("/network/layers", methods=["POST"])
def save_layers():
    """Leads and members of either organisation."""
    require(can_edit)
    form = LayersForm()
    if not form.validate():
        return _again("groundwork/_layers.html", "groundwork/network.html", _network_context(layers_form=form))
    services.save_layers(g.workspace, current_user,
                         {code: form[f"layer_{code}"].data for code in LAYER_CODES}, form.reason.data)
    return _saved("groundwork/_layers.html", _network_context, "ws.groundwork.network", "network-layers",
                  _("Saved."))


def _contact_form() -> ContactForm:
    return ContactForm(owners=services.possible_owners(g.workspace))


def _contact_data(form: ContactForm) -> dict:
    data = _form_data(form, ("name", "organisation", "role", "met_on", "outcome", "next_step", "due_on"))
    data["owner_id"] = form.owner_id()
    return data


@bp.route("/network/contacts", methods=["POST"])
def add_contact():
    """Leads and members of either organisation: log a conversation."""
    require(can_edit)
    form = _contact_form()
    if not form.validate():
        return _again("groundwork/_contacts.html", "groundwork/network.html", _network_context(contact_form=form))
    services.add_contact(g.workspace, current_user, _contact_data(form))
    return _saved("groundwork/_contacts.html", _network_context, "ws.groundwork.network", "network-contacts",
                  _("Contact added."))


@bp.route("/network/contacts/<int:contact_id>/edit")
def edit_contact(contact_id: int):
    """Leads and members: the contact log with this contact's form open."""
    require(can_edit)
    contact = get_child_or_404(NetworkContact, contact_id)
    context = _network_context(editing=contact)
    return render_template("groundwork/_contacts.html" if wants_fragment() else "groundwork/network.html", **context)


@bp.route("/network/contacts/<int:contact_id>/edit", methods=["POST"])
def update_contact(contact_id: int):
    require(can_edit)
    contact = get_child_or_404(NetworkContact, contact_id)
    form = _contact_form()
    if not form.validate():
        return _again("groundwork/_contacts.html", "groundwork/network.html",
                      _network_context(contact_form=form, editing=contact))
    services.update_contact(contact, _contact_data(form))
    return _saved("groundwork/_contacts.html", _network_context, "ws.groundwork.network", "network-contacts",
                  _("Contact saved."))


@bp.route("/network/contacts/<int:contact_id>/done", methods=["POST"])
def contact_step_done(contact_id: int):
    """Leads and members: tick off (or reopen) a contact's next step."""
    require(can_edit)
    contact = get_child_or_404(NetworkContact, contact_id)
    services.set_step_done(contact, request.form.get("done") == "1")
    return _saved("groundwork/_contacts.html", _network_context, "ws.groundwork.network", "network-contacts",
                  _("Next step updated."))


@bp.route("/network/contacts/<int:contact_id>/delete", methods=["GET", "POST"])
def delete_contact(contact_id: int):
    """Leads and members. GET is the confirmation page for browsers without JavaScript."""
    require(can_edit)
    contact = get_child_or_404(NetworkContact, contact_id)
    if request.method == "GET":
        return render_template("groundwork/delete_contact.html", contact=contact)
    services.delete_contact(contact)
    return _saved("groundwork/_contacts.html", _network_context, "ws.groundwork.network", "network-contacts",
                  _("Contact deleted."))


# --- values check -------------------------------------------------------------------------------

def defining_values_text() -> str:
    return "\n".join(f"- {value}" for value in MENTOR_DEFINING_VALUES)


def theme_prefix(code: str) -> str:
    return f"theme-{code}"


def _theme_form(code: str, row, side) -> ThemeForm:
    data = {"version": str(row.version if row else 1)}
    if row is not None:
        data.update(agreement=row.agreement, view=getattr(row, f"{side}_view") if side else "",
                    **{key: getattr(row, key) for key in SAFEGUARD_CODES})
    return ThemeForm(formdata=None, data=data, prefix=theme_prefix(code))


def _values_context(**override) -> dict:
    workspace, side = g.workspace, own_side()
    values = services.core_values(workspace)
    feasibility = services.feasibility(workspace)
    theme_rows = services.themes(workspace)
    case = services.hypothetical_case(workspace)
    answers = services.case_answers(workspace)
    context = dict(side=side, values=values, feasibility=feasibility, case=case, answers=answers,
                   defining_values=MENTOR_DEFINING_VALUES, safeguards=SAFEGUARDS, case_questions=CASE_QUESTIONS,
                   stage="values_check", section="values", conflict=override.get("conflict"))
    values_form = override.get("values_form")
    if values_form is None and side:
        own = values.get(side)
        text = own.text if own and own.text else (defining_values_text() if side == "mentor" else "")
        values_form = CoreValuesForm(formdata=None, data={"text": text})
    context["values_form"] = values_form
    feasibility_form = override.get("feasibility_form")
    if feasibility_form is None and side == "mentor":
        feasibility_form = FeasibilityForm(formdata=None, obj=feasibility)
    context["feasibility_form"] = feasibility_form
    context["themes"] = [
        dict(theme=theme, row=theme_rows.get(theme.code),
             form=override.get(f"theme_{theme.code}") or (_theme_form(theme.code, theme_rows.get(theme.code), side) if side else None))
        for theme in SENSITIVE_THEMES
    ]
    may_write_case = side is not None and (case is None or case.author_side == side)
    case_form = override.get("case_form")
    if case_form is None and may_write_case:
        case_form = CaseForm(formdata=None, obj=case, data={"version": str(case.version if case else 1)})
    context["case_form"] = case_form
    answer_form = override.get("answer_form")
    if answer_form is None and side and case is not None:
        answer_form = CaseAnswerForm(formdata=None, obj=answers.get(side))
    context["answer_form"] = answer_form
    agreements_form = override.get("agreements_form")
    if agreements_form is None and side and case is not None:
        agreements_form = CaseAgreementsForm(formdata=None, data={"agreements": case.agreements,
                                                                  "version": str(case.version)})
    context["agreements_form"] = agreements_form
    return context


@bp.route("/values")
def values_check():
    """Anyone in the workspace: core values side by side, limits, sensitive themes, the case."""
    return render_template("groundwork/values.html", **_values_context())


@bp.route("/values/core", methods=["POST"])
def save_core_values():
    """Leads and members of either organisation, for their own organisation's values only."""
    require(can_edit)
    side = g.access.side
    if side is None:
        require(lambda _access: False)
    form = CoreValuesForm()
    if not form.validate():
        return _again("groundwork/_core_values.html", "groundwork/values.html", _values_context(values_form=form))
    services.save_core_values(g.workspace, current_user, side, form.text.data)
    return _saved("groundwork/_core_values.html", _values_context, "ws.groundwork.values_check", "values-core",
                  _("Core values saved."))


@bp.route("/values/feasibility", methods=["POST"])
def save_feasibility():
    """The mentor project's leads and members."""
    _require_side("mentor")
    form = FeasibilityForm()
    if not form.validate():
        return _again("groundwork/_feasibility.html", "groundwork/values.html",
                      _values_context(feasibility_form=form))
    services.save_feasibility(g.workspace, current_user, _form_data(form, services.FEASIBILITY_FIELDS))
    return _saved("groundwork/_feasibility.html", _values_context, "ws.groundwork.values_check",
                  "values-feasibility", _("Saved."))


def _theme_context(code: str, **extra) -> dict:
    ctx = _values_context(**extra)
    ctx["t"] = next(t for t in ctx["themes"] if t["theme"].code == code)
    return ctx


def _theme_conflict(refused: Refused):
    """Someone saved the theme since this form was opened: both texts in view (409)."""
    if refused.code != "conflict":
        return None
    code = (request.view_args or {})["code"]
    form = ThemeForm(prefix=theme_prefix(code))
    current = services.themes(g.workspace).get(code)
    form.version.data = str(current.version) if current else "1"
    conflict = dict(kind="theme", code=code, row=current)
    return _again("groundwork/_theme.html", "groundwork/values.html",
                  _theme_context(code, **{f"theme_{code}": form}, conflict=conflict))


@bp.route("/values/themes/<code>", methods=["POST"])
@shows_refusals(_theme_conflict)
def save_theme(code: str):
    """Leads and members of either organisation: their side's view and the joint agreement."""
    require(can_edit)
    if THEMES_BY_CODE.get(code) is None:
        abort(404)
    form = ThemeForm(prefix=theme_prefix(code))
    if not form.validate():
        return _again("groundwork/_theme.html", "groundwork/values.html",
                      _theme_context(code, **{f"theme_{code}": form}))
    services.save_theme(g.workspace, current_user, code, g.access.side, form.base_version(), view=form.view.data,
                        agreement=form.agreement.data,
                        safeguards={key: form[key].data for key in SAFEGUARD_CODES})
    return _saved("groundwork/_theme.html", lambda: _theme_context(code), "ws.groundwork.values_check",
                  f"theme-{code}", _("Saved."))


def _case_conflict(refused: Refused):
    """Someone saved the case since this form was opened: both versions in view (409)."""
    if refused.code != "conflict":
        return None
    endpoint = request.endpoint.rsplit(".", 1)[-1]
    form = CaseForm() if endpoint == "save_case" else CaseAgreementsForm()
    current = services.hypothetical_case(g.workspace)
    form.version.data = str(current.version) if current else "1"
    if endpoint == "save_case":
        context = _values_context(case_form=form, conflict=dict(kind="case", row=current))
    else:
        context = _values_context(agreements_form=form, conflict=dict(kind="agreements", row=current))
    return _again("groundwork/_case.html", "groundwork/values.html", context)


@bp.route("/values/case", methods=["POST"])
@shows_refusals(_case_conflict)
def save_case():
    """Leads and members of the organisation that writes the case (the first to save it)."""
    require(can_edit)
    side = g.access.side
    case = services.hypothetical_case(g.workspace)
    if side is None or (case is not None and case.author_side != side):
        require(lambda _access: False)
    form = CaseForm()
    if not form.validate():
        return _again("groundwork/_case.html", "groundwork/values.html", _values_context(case_form=form))
    services.save_case(g.workspace, current_user, side, form.base_version(), form.title.data, form.description.data)
    return _saved("groundwork/_case.html", _values_context, "ws.groundwork.values_check", "values-case",
                  _("Case saved."))


@bp.route("/values/case/answer", methods=["POST"])
def save_case_answer():
    """Leads and members of either organisation, for their own organisation's answers."""
    require(can_edit)
    side = g.access.side
    if side is None:
        require(lambda _access: False)
    services.the_case(g.workspace)  # 409 before the form is read: there is nothing to answer yet
    form = CaseAnswerForm()
    if not form.validate():
        return _again("groundwork/_case.html", "groundwork/values.html", _values_context(answer_form=form))
    services.save_case_answer(g.workspace, current_user, side, _form_data(form, CASE_FIELDS))
    return _saved("groundwork/_case.html", _values_context, "ws.groundwork.values_check", "values-case",
                  _("Answers saved."))


@bp.route("/values/case/agreements", methods=["POST"])
@shows_refusals(_case_conflict)
def save_case_agreements():
    """Leads and members of either organisation: the agreements that follow from the case."""
    require(can_edit)
    services.the_case(g.workspace)  # 409 before the form is read: there is nothing to agree on yet
    form = CaseAgreementsForm()
    if not form.validate():
        return _again("groundwork/_case.html", "groundwork/values.html", _values_context(agreements_form=form))
    services.save_case_agreements(g.workspace, current_user, form.base_version(), form.agreements.data)
    return _saved("groundwork/_case.html", _values_context, "ws.groundwork.values_check", "values-case",
                  _("Agreements saved."))
