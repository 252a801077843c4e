"""Demo content of the pilot area (registered in ``workspace.demo.after_seed``).

Demo workspace 1 (decide): the mentor project said yes, the partner has not decided yet.
Demo workspace 2 (evaluate): a complete pilot plan, frozen indicators and a draft evaluation.
Demo workspace 3 (closed, declined): the partner said no; the referral agreement is on record.
Idempotent: a workspace that already has decisions is left alone.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from .models import (
    CheckIn,
    Decision,
    DecisionCycle,
    Evaluation,
    Indicator,
    IndicatorResult,
    NeedStatus,
    PracticalNeed,
    ResponsibilityRow,
)
from .services import CHECK_IN_TOPICS, ensure_plan

log = logging.getLogger(__name__)

MENTOR_YES = ("Onze mentoren hebben ruimte voor tien extra koppelingen en het wijkteam ziet jongeren die we nu "
              "niet bereiken. We willen het een half jaar proberen en daarna samen kijken.")
PARTNER_YES = ("Een vaste vrijwilliger naast de hulpverlening past bij wat we jongeren op de wachtlijst willen "
               "bieden. De taakverdeling is besproken en voor ons helder.")
PARTNER_NO = ("We starten dit jaar een eigen groepsaanbod voor deze leeftijd en hebben geen ruimte voor een "
              "tweede pilot. Het mentorproject blijft een goede plek om naar te verwijzen.")
REFERRAL = ("Het wijkteam heeft één vaste contactpersoon voor het mentorproject. Ziet een medewerker een jongere "
            "die baat heeft bij een mentor, dan bespreekt die dat eerst met de jongere en de ouders en belt daarna "
            "de coördinator van het mentorproject. Twee keer per jaar praten we elkaar bij.")


def _decide(workspace, cycle, side, answer, reasons, user, organisation_id, when):
    decision = Decision(workspace_id=workspace.id, cycle_id=cycle.id, side=side, seq=1, answer=answer,
                        reasons=reasons, organisation_id=organisation_id, decided_by_id=user.id, created_at=when)
    db.session.add(decision)
    db.session.flush()
    record("decision.recorded", decision, f"{side}: {answer}", workspace=workspace, user=user,
           organisation_id=organisation_id)
    return decision


def fill_demo_workspace(workspace, index: int, users: dict) -> None:
    """Add decisions, plan, indicators and evaluation to the demo workspaces 1-3 (see the module docstring)."""
    if index not in (1, 2, 3):
        return
    if db.session.scalar(select(Decision.id).where(Decision.workspace_id == workspace.id).limit(1)):
        return
    mentor_lead, partner_lead = users["lead@mentor.example"], users["lead@partner.example"]
    member = users["member@mentor.example"]
    now = utcnow()
    cycle = db.session.scalar(select(DecisionCycle).where(DecisionCycle.workspace_id == workspace.id))
    if cycle is None:
        cycle = DecisionCycle(workspace_id=workspace.id, number=1)
        db.session.add(cycle)
        db.session.flush()

    if index == 1:
        cycle.deadline = (now + timedelta(days=14)).date()
        _decide(workspace, cycle, "mentor", "yes", MENTOR_YES, mentor_lead, workspace.mentor_org_id,
                now - timedelta(days=2))
    elif index == 3:
        _decide(workspace, cycle, "mentor", "yes", MENTOR_YES, mentor_lead, workspace.mentor_org_id,
                now - timedelta(days=9))
        _decide(workspace, cycle, "partner", "no", PARTNER_NO, partner_lead, workspace.partner_org_id,
                now - timedelta(days=6))
        cycle.referral_agreement = REFERRAL
        cycle.referral_updated_at = now - timedelta(days=5)
        cycle.referral_updated_by_id = partner_lead.id
    else:
        _decide(workspace, cycle, "mentor", "yes", MENTOR_YES, mentor_lead, workspace.mentor_org_id,
                now - timedelta(days=200))
        _decide(workspace, cycle, "partner", "yes", PARTNER_YES, partner_lead, workspace.partner_org_id,
                now - timedelta(days=198))
        _fill_pilot(workspace, mentor_lead, partner_lead, member, now)
    db.session.flush()
    log.info("demo pilot content for workspace %s", workspace.id)


def _fill_pilot(workspace, mentor_lead, partner_lead, member, now) -> None:
    plan = ensure_plan(workspace, 1)
    start = (now - timedelta(days=190)).date()
    plan.construction = "coproduction"
    plan.construction_note = ("Mentoren blijven vrijwilligers van het mentorproject; het jeugdteam verwijst en "
                              "houdt de regie over de hulp.")
    plan.target_group = "Jongeren van 12 tot 16 jaar op de wachtlijst van het jeugdteam"
    plan.place = "Rivierstad-Oost"
    plan.matches = 8
    plan.start_date = start
    plan.end_date = start + timedelta(days=180)
    plan.phase_before = True
    plan.phase_during = True
    holders = {"contact_young_person": "both", "contact_parents": "professional", "treatment_plan": "professional",
               "unsafety": "professional", "reporting": "professional", "communication": "both"}
    notes = {"communication": "Eens per zes weken een kort overleg via de coördinator, met toestemming van de jongere.",
             "unsafety": "De mentor meldt zorgen meteen bij de coördinator; die schakelt de hulpverlener in."}
    for row in db.session.scalars(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == workspace.id,
                                                                  ResponsibilityRow.round == 1)):
        row.holder = holders.get(row.template_key)
        row.note = notes.get(row.template_key)
    statuses = {"money": (NeedStatus.ARRANGED, partner_lead, "Subsidie van de gemeente voor onkosten van mentoren."),
                "time": (NeedStatus.ARRANGED, mentor_lead, "Coördinator vier uur per week extra."),
                "expertise": (NeedStatus.IN_PROGRESS, member, "Training over signalen van onveiligheid in maart."),
                "meetings": (NeedStatus.ARRANGED, partner_lead, "Twee keer per pilot een bijeenkomst samen."),
                "culture": (NeedStatus.NOT_NEEDED, None, None)}
    for need in db.session.scalars(select(PracticalNeed).where(PracticalNeed.workspace_id == workspace.id,
                                                               PracticalNeed.round == 1)):
        if need.kind in statuses:
            need.status, owner, need.note = statuses[need.kind]
            need.owner_id = owner.id if owner else None
    for days, key in ((14, "first"), (28, "referrals"), (56, "needs"), (120, "regular"), (180, "closing")):
        with force_locale("nl"):
            topic = str(CHECK_IN_TOPICS[key])
        db.session.add(CheckIn(workspace_id=workspace.id, round=1, on_date=start + timedelta(days=days), topic=topic,
                               template_key=key))
    indicators = [
        Indicator(workspace_id=workspace.id, round=1, position=0, name="Koppelingen die minstens vier maanden lopen",
                  success="Zes van de acht koppelingen lopen na vier maanden nog.",
                  failure="Minder dan de helft van de koppelingen houdt het vier maanden vol.",
                  target="6", unit="number", how_measured="Koppelingsadministratie van het mentorproject",
                  measured_by="Coördinator mentorproject"),
        Indicator(workspace_id=workspace.id, round=1, position=1, name="Jongeren die hun mentor waarderen",
                  success="Minstens driekwart geeft aan de mentor te willen houden.",
                  failure="Minder dan de helft is positief over de mentor.",
                  target="75", unit="percentage", how_measured="Kort gesprek bij de tussenstand en aan het eind",
                  measured_by="Mentoren samen met de coördinator"),
        Indicator(workspace_id=workspace.id, round=1, position=2, name="Samenwerking mentor en hulpverlener",
                  success="Hulpverleners weten wanneer ze de coördinator bellen en doen dat ook.",
                  failure="Afstemming loopt via de jongere of helemaal niet.",
                  target="Duidelijke afspraken die in de praktijk werken", unit="text",
                  how_measured="Evaluatiegesprek met het jeugdteam", measured_by="Beide projectleiders"),
    ]
    db.session.add_all(indicators)
    plan.indicators_frozen_at = now - timedelta(days=8)
    db.session.flush()
    evaluation = Evaluation(
        workspace_id=workspace.id, round=1, updated_by_id=member.id,
        process=("De verwijzingen kwamen traag op gang; na de bijeenkomst in week zes ging het beter. Het vaste "
                 "overleg via de coördinator werkte."),
        mentor_views=("Mentoren vonden het prettig dat ze wisten bij wie ze terecht konden. Twee mentoren misten "
                      "in het begin informatie over de situatie thuis."),
        strengths="Veel jongeren bleken sterk in sport en muziek; een paar hebben zelf een bijbaan gevonden.",
    )
    db.session.add(evaluation)
    db.session.flush()
    db.session.add(IndicatorResult(workspace_id=workspace.id, evaluation_id=evaluation.id,
                                   indicator_id=indicators[0].id, measured_value="7",
                                   comment="Eén koppeling stopte na een verhuizing."))
