"""Reading and saving the groundwork content. Services never commit (the request does) and write exactly
one activity row per change. Who may call what is checked by the views (``views._require_side``).

A save that started from an older version than the row has now changes nothing and raises ``Refused`` 409
with code "conflict": the view shows both texts."""

from __future__ import annotations

from datetime import date

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..activity.services import record
from ..core.refusal import Refused
from ..dbtypes import utcnow
from ..extensions import db
from ..tenancy.members import assignable_people
from .content import (
    CASE_FIELDS,
    LAYER_CODES,
    SAFEGUARD_CODES,
    SENSITIVE_THEMES,
    SIDES,
    THEME_CODES,
    THEMES_BY_CODE,
)
from .models import (
    CaseAnswer,
    CoreValues,
    ExploreProfile,
    FeasibilityLimits,
    HypotheticalCase,
    NetworkContact,
    NetworkPlan,
    SensitiveTheme,
)


def _conflict() -> Refused:
    """Someone else saved since the form was opened (or wrote the first version at the same moment)."""
    return Refused(409, _("Something changed meanwhile"), code="conflict")


def _one(model, workspace, **keys):
    return db.session.scalar(select(model).filter_by(workspace_id=workspace.id, **keys))


def _get_or_create(model, workspace, **keys):
    """The row for this workspace (and keys), created when missing. Two first saves at the same moment
    meet the unique constraint; the loser simply uses the winner's row."""
    row = _one(model, workspace, **keys)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = model(workspace_id=workspace.id, **keys)
            db.session.add(row)
    except IntegrityError:
        row = _one(model, workspace, **keys)
    return row


def _assign(row, values: dict, user) -> bool:
    """Set changed attributes; True when anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    if changed:
        row.updated_by_id = user.id
        row.updated_at = utcnow()
    return changed


# --- explore ------------------------------------------------------------------------------------

EXPLORE_FIELDS = ("current_matches", "match_capacity", "management_ready", "mentors_ready", "domain",
                  "target_group", "domain_reason", "search_mode", "search_reason", "relations_person",
                  "relations_person_kind", "match_coordinator")


def explore_profile(workspace) -> ExploreProfile | None:
    return _one(ExploreProfile, workspace)


def save_explore(workspace, user, data: dict) -> ExploreProfile:
    """The mentor project's leads and members: save the explore form."""
    profile = _get_or_create(ExploreProfile, workspace)
    values = {}
    for key in EXPLORE_FIELDS:
        value = data.get(key)
        if key in ("current_matches", "match_capacity"):
            values[key] = value
        elif key in _NULLABLE_EXPLORE:
            values[key] = value or None
        else:
            values[key] = value or ""
    if _assign(profile, values, user):
        db.session.flush()
        record("explore.updated", profile, "", details={})
    return profile


_NULLABLE_EXPLORE = {"management_ready", "mentors_ready", "search_mode", "relations_person_kind"}


# --- network ------------------------------------------------------------------------------------

def network_plan(workspace) -> NetworkPlan | None:
    return _one(NetworkPlan, workspace)


def save_layers(workspace, user, layers: dict[str, bool], reason: str) -> NetworkPlan:
    """Leads and members of either organisation: mark the pyramid layers to work in."""
    plan = _get_or_create(NetworkPlan, workspace)
    values = {f"layer_{code}": bool(layers.get(code)) for code in LAYER_CODES}
    values["reason"] = reason or ""
    if _assign(plan, values, user):
        db.session.flush()
        chosen = [code for code in LAYER_CODES if values[f"layer_{code}"]]
        record("network.layers", plan, ", ".join(chosen), details={"layers": list(chosen)})
    return plan


def contacts(workspace) -> list[NetworkContact]:
    stmt = (select(NetworkContact).options(joinedload(NetworkContact.owner))
            .where(NetworkContact.workspace_id == workspace.id)
            .order_by(NetworkContact.met_on.desc().nulls_last(), NetworkContact.id.desc()))
    return list(db.session.scalars(stmt))


def due_steps(workspace) -> list[NetworkContact]:
    """Open next steps, the earliest due first; steps without a date last."""
    stmt = (select(NetworkContact).options(joinedload(NetworkContact.owner))
            .where(NetworkContact.workspace_id == workspace.id, NetworkContact.next_step != "",
                   NetworkContact.next_step_done.is_(False))
            .order_by(NetworkContact.due_on.asc().nulls_last(), NetworkContact.id))
    return list(db.session.scalars(stmt))


CONTACT_FIELDS = ("name", "organisation", "role", "met_on", "outcome", "next_step", "owner_id", "due_on")


def add_contact(workspace, user, data: dict) -> NetworkContact:
    """Leads and members of either organisation: log a conversation."""
    contact = NetworkContact(workspace_id=workspace.id, created_by_id=user.id,
                             **{key: _contact_value(key, data) for key in CONTACT_FIELDS})
    db.session.add(contact)
    db.session.flush()
    record("contact.added", contact, contact.name, details={"name": contact.name})
    return contact


def update_contact(contact: NetworkContact, data: dict) -> None:
    values = {key: _contact_value(key, data) for key in CONTACT_FIELDS}
    if values["next_step"] != contact.next_step:
        values["next_step_done"] = False
    changed = False
    for key, value in values.items():
        if getattr(contact, key) != value:
            setattr(contact, key, value)
            changed = True
    if changed:
        db.session.flush()
        record("contact.updated", contact, contact.name, details={"name": contact.name})


def _contact_value(key: str, data: dict):
    value = data.get(key)
    if key in ("met_on", "due_on", "owner_id"):
        return value or None
    return value or ""


def set_step_done(contact: NetworkContact, done: bool) -> None:
    if contact.next_step_done == done or not contact.next_step:
        return
    contact.next_step_done = done
    db.session.flush()
    record("contact.step_done" if done else "contact.step_reopened", contact, contact.name,
           details={"name": contact.name})


def delete_contact(contact: NetworkContact) -> None:
    record("contact.deleted", contact, contact.name, details={"name": contact.name})
    db.session.delete(contact)
    db.session.flush()


def possible_owners(workspace) -> list[tuple[int, str]]:
    """People who can take a next step (``tenancy.members.assignable_people``), with their organisation."""
    return [(m.user_id, f"{m.user.name} ({m.organisation.name})") for m in assignable_people(workspace)]


def today() -> date:
    return utcnow().date()


# --- values check -------------------------------------------------------------------------------

def core_values(workspace) -> dict[str, CoreValues]:
    rows = db.session.scalars(select(CoreValues).where(CoreValues.workspace_id == workspace.id))
    return {row.side: row for row in rows}


def save_core_values(workspace, user, side: str, text: str) -> CoreValues:
    """Leads and members of ``side`` only: their organisation's core values."""
    row = _get_or_create(CoreValues, workspace, side=side)
    if _assign(row, {"text": text or ""}, user):
        db.session.flush()
        record("values.updated", row, side, details={"side": side})
    return row


def feasibility(workspace) -> FeasibilityLimits | None:
    return _one(FeasibilityLimits, workspace)


FEASIBILITY_FIELDS = ("target_groups", "age_min", "age_max", "mentors_available", "not_suitable")


def save_feasibility(workspace, user, data: dict) -> FeasibilityLimits:
    """The mentor project's leads and members: what it can and cannot offer."""
    row = _get_or_create(FeasibilityLimits, workspace)
    values = {key: data.get(key) if key in ("age_min", "age_max", "mentors_available") else (data.get(key) or "")
              for key in FEASIBILITY_FIELDS}
    if _assign(row, values, user):
        db.session.flush()
        record("feasibility.updated", row, "", details={})
    return row


def themes(workspace) -> dict[str, SensitiveTheme]:
    rows = db.session.scalars(select(SensitiveTheme).where(SensitiveTheme.workspace_id == workspace.id))
    return {row.theme: row for row in rows}


def save_theme(workspace, user, code: str, side: str | None, base_version: int | None, *, view: str,
               agreement: str, safeguards: dict[str, bool]) -> SensitiveTheme:
    """Leads and members of either organisation: the agreement (joint), and their own side's view.
    ``Refused`` 409 (conflict) when someone else saved since ``base_version``: nothing is changed."""
    assert code in THEME_CODES
    row = _get_or_create(SensitiveTheme, workspace, theme=code)
    db.session.flush()
    values = {"agreement": agreement or ""}
    if side in SIDES:
        values[f"{side}_view"] = view or ""
    if code == "abuse_prevention":
        values.update({key: bool(safeguards.get(key)) for key in SAFEGUARD_CODES})
    if all(getattr(row, key) == value for key, value in values.items()):
        return row
    _versioned_update(SensitiveTheme, row, base_version, values, user)
    record("theme.updated", row, str(THEMES_BY_CODE[code].name), details={"theme": str(THEMES_BY_CODE[code].name)})
    return row


def _versioned_update(model, row, base_version: int | None, values: dict, user) -> None:
    """UPDATE ... WHERE version = base: of two saves from the same version only the first lands; the other
    gets ``Refused`` 409 (conflict)."""
    if base_version is None:
        raise _conflict()
    result = db.session.execute(
        update(model).where(and_(model.id == row.id, model.version == base_version))
        .values(**values, version=base_version + 1, updated_by_id=user.id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    if result.rowcount != 1:
        raise _conflict()


def hypothetical_case(workspace) -> HypotheticalCase | None:
    return _one(HypotheticalCase, workspace)


def save_case(workspace, user, side: str, base_version: int | None, title: str,
              description: str) -> HypotheticalCase:
    """Leads and members of the side that wrote the case (or of either side, for the first version).
    ``Refused`` 409 (conflict) when the other side wrote the first version at the same moment, or someone
    saved since ``base_version``."""
    case = hypothetical_case(workspace)
    if case is None:
        try:
            with db.session.begin_nested():
                case = HypotheticalCase(workspace_id=workspace.id, author_side=side, title=title,
                                        description=description, version=1, updated_by_id=user.id)
                db.session.add(case)
        except IntegrityError:
            raise _conflict() from None
        record("case.written", case, title[:120], details={"title": title[:120]})
        return case
    if case.author_side != side:
        raise _conflict()
    if case.title == title and case.description == description:
        return case
    _versioned_update(HypotheticalCase, case, base_version, {"title": title, "description": description}, user)
    record("case.updated", case, title[:120], details={"title": title[:120]})
    return case


def save_case_agreements(workspace, user, base_version: int | None, text: str) -> HypotheticalCase:
    """Leads and members of either organisation, once the case exists (``Refused`` 409 before that, and on a
    conflict)."""
    case = the_case(workspace)
    if case.agreements == (text or ""):
        return case
    _versioned_update(HypotheticalCase, case, base_version, {"agreements": text or ""}, user)
    record("case.agreements", case, "", details={})
    return case


def the_case(workspace) -> HypotheticalCase:
    """The case, or ``Refused`` 409 (code "no_case"): answers and agreements need the case first."""
    case = hypothetical_case(workspace)
    if case is None:
        raise Refused(409, _("Something changed meanwhile"), code="no_case")
    return case


def case_answers(workspace) -> dict[str, CaseAnswer]:
    rows = db.session.scalars(select(CaseAnswer).where(CaseAnswer.workspace_id == workspace.id))
    return {row.side: row for row in rows}


def save_case_answer(workspace, user, side: str, data: dict) -> CaseAnswer:
    """Leads and members of ``side`` only: their organisation's answers (``Refused`` 409 before the case)."""
    the_case(workspace)
    row = _get_or_create(CaseAnswer, workspace, side=side)
    if _assign(row, {key: data.get(key) or "" for key in CASE_FIELDS}, user):
        db.session.flush()
        record("case.answered", row, side, details={"side": side})
    return row


# --- the workflow's guards ------------------------------------------------------------------------

def snapshot_fields(workspace) -> dict:
    """``Area.snapshot``: this area's part of ``workflows.WorkspaceSnapshot``.

    Snapshot fields describe the current stage, so only that stage's facts are read: one query in
    ``explore`` and in ``values_check``, none elsewhere. Theme names come in the reader's language.
    """
    if workspace.stage == "explore":
        return explore_facts(workspace)
    if workspace.stage == "values_check":
        return values_facts(workspace)
    return {}


def _filled(column):
    return func.trim(column) != ""


def explore_facts(workspace) -> dict:
    """Anyone: what leaving ``explore`` needs (one query)."""
    named = db.session.scalar(select(exists().where(
        ExploreProfile.workspace_id == workspace.id, _filled(ExploreProfile.relations_person))))
    return {"has_relations_person": bool(named)}


def values_facts(workspace) -> dict:
    """Anyone: what leaving ``values_check`` needs, in one query of EXISTS tests."""
    wid = workspace.id

    def values_of(side):
        return exists().where(CoreValues.workspace_id == wid, CoreValues.side == side, _filled(CoreValues.text))

    def answered(side):
        return exists().where(CaseAnswer.workspace_id == wid, CaseAnswer.side == side,
                              *(_filled(getattr(CaseAnswer, field)) for field in CASE_FIELDS))

    def agreed(code):
        return exists().where(SensitiveTheme.workspace_id == wid, SensitiveTheme.theme == code,
                              _filled(SensitiveTheme.agreement))

    case_written = exists().where(HypotheticalCase.workspace_id == wid, _filled(HypotheticalCase.description))
    row = db.session.execute(select(
        values_of("mentor"), values_of("partner"), case_written, answered("mentor"), answered("partner"),
        *(agreed(theme.code) for theme in SENSITIVE_THEMES),
    )).one()
    mentor_values, partner_values, written, mentor_answered, partner_answered, *themes_agreed = (bool(v) for v in row)
    return {
        "values_mentor": mentor_values,
        "values_partner": partner_values,
        "open_sensitive_themes": _theme_names(
            theme for theme, done in zip(SENSITIVE_THEMES, themes_agreed, strict=True) if not done),
        "case_answered_mentor": written and mentor_answered,
        "case_answered_partner": written and partner_answered,
    }


def _theme_names(themes) -> tuple[str, ...]:
    """Names in the reader's language; outside a request (CLI, demo seed) in the default language."""
    themes = list(themes)
    if has_request_context():
        return tuple(str(theme.name) for theme in themes)
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        return tuple(str(theme.name) for theme in themes)
