"""Guards: plain functions that say why a transition may not fire.

Each guard takes the snapshot and the caller's request (reason, outcome) and returns
a `Refusal` when its condition fails, or None when it passes. The transition table
in `flow.py` lists which guards protect which transition; the web layer shows the
refusals as they are, in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .snapshot import WorkspaceSnapshot
from .stages import Outcome, Stage
from .text import Text


@dataclass(frozen=True)
class Refusal:
    """One reason why a trigger cannot fire now. `code` is stable; `text` is for people."""

    code: str
    text: Text


@dataclass(frozen=True)
class Request:
    """What the caller asked for along with the trigger."""

    reason: str | None = None
    outcome: Outcome | str | None = None


Guard = Callable[[WorkspaceSnapshot, Request], "Refusal | None"]

MIN_RESPONSIBILITY_ROWS = 3


def coerce_outcome(value: Outcome | str | None) -> Outcome | None:
    """Turn "stopped" into Outcome.STOPPED; None stays None; unknown values give None too."""
    if value is None or isinstance(value, Outcome):
        return value
    try:
        return Outcome(value)
    except ValueError:
        return None


def close_outcome(request: Request) -> Outcome | None:
    """The outcome a `close` records: the one asked for, STOPPED by default, None if invalid."""
    return Outcome.STOPPED if request.outcome is None else coerce_outcome(request.outcome)


def _names(items: tuple[str, ...]) -> str:
    return ", ".join(f"“{item}”" for item in items)


def _refuse(code: str, nl: str, en: str) -> Refusal:
    return Refusal(code, Text(nl, en))


# --- every stage -------------------------------------------------------------------


def required_tasks_done(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if not snap.open_required_tasks:
        return None
    return _refuse(
        "open_required_tasks",
        f"Eerst moeten deze verplichte taken af zijn: {_names(snap.open_required_tasks)}.",
        f"These required tasks must be done first: {_names(snap.open_required_tasks)}.",
    )


def reason_given(_: WorkspaceSnapshot, request: Request) -> Refusal | None:
    if (request.reason or "").strip():
        return None
    return _refuse(
        "reason_required",
        "Geef een reden op; die komt in de geschiedenis van de werkruimte.",
        "Please give a reason; it is kept in the workspace history.",
    )


# --- leaving explore ---------------------------------------------------------------


def relations_person_named(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.has_relations_person:
        return None
    return _refuse(
        "relations_person_missing",
        "Wijs eerst iemand aan die de contacten met partners onderhoudt.",
        "First name someone who looks after contacts with partners.",
    )


# --- leaving values_check ----------------------------------------------------------


def mentor_values_written(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.values_mentor:
        return None
    return _refuse(
        "values_mentor_missing",
        "Het mentorproject heeft zijn kernwaarden nog niet opgeschreven.",
        "The mentor project has not written down its core values yet.",
    )


def partner_values_written(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.values_partner:
        return None
    return _refuse(
        "values_partner_missing",
        "De partner heeft zijn kernwaarden nog niet opgeschreven.",
        "The partner has not written down its core values yet.",
    )


def sensitive_themes_agreed(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if not snap.open_sensitive_themes:
        return None
    return _refuse(
        "sensitive_themes_open",
        f"Voor deze gevoelige thema's is nog geen afspraak: {_names(snap.open_sensitive_themes)}.",
        f"These sensitive themes have no agreement yet: {_names(snap.open_sensitive_themes)}.",
    )


def mentor_answered_case(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.case_answered_mentor:
        return None
    return _refuse(
        "case_mentor_missing",
        "Het mentorproject heeft de voorbeeldcasus nog niet beantwoord.",
        "The mentor project has not answered the example case yet.",
    )


def partner_answered_case(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.case_answered_partner:
        return None
    return _refuse(
        "case_partner_missing",
        "De partner heeft de voorbeeldcasus nog niet beantwoord.",
        "The partner has not answered the example case yet.",
    )


# --- leaving decide ----------------------------------------------------------------


def _said_yes(decision: str | None, code: str, who_nl: str, who_en: str) -> Refusal | None:
    if decision == "yes":
        return None
    if decision == "no":
        return _refuse(
            f"decision_{code}_no",
            f"{who_nl} heeft nee gezegd; sluit de werkruimte af met ‘Afzien’ in plaats van door te gaan.",
            f"{who_en} said no; close the workspace with ‘Decline’ instead of moving on.",
        )
    return _refuse(
        f"decision_{code}_missing",
        f"{who_nl} heeft nog geen besluit vastgelegd.",
        f"{who_en} has not recorded a decision yet.",
    )


def mentor_said_yes(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    return _said_yes(snap.decision_mentor, "mentor", "Het mentorproject", "The mentor project")


def partner_said_yes(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    return _said_yes(snap.decision_partner, "partner", "De partner", "The partner")


# --- decline -----------------------------------------------------------------------


def someone_said_no(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if "no" in (snap.decision_mentor, snap.decision_partner):
        return None
    return _refuse(
        "no_decision_no",
        "Afzien kan alleen als minstens één organisatie nee heeft gezegd.",
        "Declining is only possible when at least one organisation has said no.",
    )


def referral_agreed(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.has_referral_agreement:
        return None
    return _refuse(
        "referral_agreement_missing",
        "Leg eerst vast hoe jongeren toch naar het mentorproject verwezen kunnen worden.",
        "First record how young people can still be referred to the mentor project.",
    )


# --- leaving pilot -----------------------------------------------------------------


def construction_chosen(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.construction:
        return None
    return _refuse(
        "construction_missing",
        "Kies in het pilotplan een samenwerkingsvorm.",
        "Choose a form of collaboration in the pilot plan.",
    )


def scope_dated(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.has_scope_dates:
        return None
    return _refuse(
        "scope_dates_missing",
        "Vul in het pilotplan een begin- en einddatum in.",
        "Enter a start and end date in the pilot plan.",
    )


def responsibilities_recorded(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.responsibility_rows >= MIN_RESPONSIBILITY_ROWS:
        return None
    n, need = snap.responsibility_rows, MIN_RESPONSIBILITY_ROWS
    return _refuse(
        "responsibilities_too_few",
        f"Beschrijf minstens {need} taken of verantwoordelijkheden van mentoren en "
        f"professionals; er staan er nu {n}.",
        f"Describe at least {need} tasks or responsibilities of mentors and "
        f"professionals; there are {n} now.",
    )


def indicator_agreed(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.indicators >= 1:
        return None
    return _refuse(
        "indicators_missing",
        "Spreek minstens één indicator af waaraan jullie het resultaat meten.",
        "Agree on at least one indicator to measure the result by.",
    )


# --- leaving evaluate --------------------------------------------------------------


def evaluation_shared(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.evaluation_shared:
        return None
    return _refuse(
        "evaluation_not_shared",
        "Deel de evaluatie eerst met beide organisaties.",
        "Share the evaluation with both organisations first.",
    )


def mentor_views_heard(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.evaluation_has_mentor_views:
        return None
    return _refuse(
        "evaluation_mentor_views_missing",
        "In de evaluatie ontbreken de ervaringen van de mentoren.",
        "The evaluation is missing the mentors' experiences.",
    )


def mentee_views_heard(snap: WorkspaceSnapshot, _: Request) -> Refusal | None:
    if snap.evaluation_has_mentee_views:
        return None
    return _refuse(
        "evaluation_mentee_views_missing",
        "In de evaluatie ontbreken de ervaringen van de jongeren.",
        "The evaluation is missing the young people's experiences.",
    )


# --- close -------------------------------------------------------------------------


def close_outcome_valid(_: WorkspaceSnapshot, request: Request) -> Refusal | None:
    outcome = close_outcome(request)
    if outcome in (Outcome.STOPPED, Outcome.STRUCTURAL):
        return None
    if outcome is Outcome.DECLINED:
        return _refuse(
            "outcome_declined_needs_decline",
            "De uitkomst ‘niet gestart’ hoort bij ‘Afzien’ in de besluitfase, niet bij afsluiten.",
            "The outcome ‘declined’ belongs to ‘Decline’ at the decide stage, not to closing.",
        )
    return _refuse(
        "outcome_unknown",
        "Kies als uitkomst ‘gestopt’ of ‘structurele samenwerking’.",
        "Choose ‘stopped’ or ‘structural collaboration’ as the outcome.",
    )


def structural_only_from_continue(_: WorkspaceSnapshot, request: Request) -> Refusal | None:
    if close_outcome(request) is not Outcome.STRUCTURAL:
        return None
    return _refuse(
        "structural_only_from_continue",
        "Structureel samenwerken kan pas na een geëvalueerde pilot, in de fase Vervolg.",
        "Structural collaboration is only possible after an evaluated pilot, at the Next steps stage.",
    )


def exit_plan_when_stopping(snap: WorkspaceSnapshot, request: Request) -> Refusal | None:
    if close_outcome(request) is not Outcome.STOPPED or snap.has_exit_plan:
        return None
    return _refuse(
        "exit_plan_missing",
        "Leg eerst vast hoe lopende koppelingen netjes worden afgerond.",
        "First record how running matches will be brought to a proper end.",
    )


def not_allowed_here(trigger_label: Text, stage: Stage) -> Refusal:
    """The refusal for a trigger that has no transition out of `stage`."""
    return _refuse(
        "not_allowed_here",
        f"‘{trigger_label.nl}’ is niet mogelijk in de fase {stage.label.nl}.",
        f"‘{trigger_label.en}’ is not possible at the {stage.label.en} stage.",
    )


def unknown_trigger(trigger: object) -> Refusal:
    return _refuse(
        "unknown_trigger",
        f"Onbekende stap: {trigger!r}.",
        f"Unknown step: {trigger!r}.",
    )
