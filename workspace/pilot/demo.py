"""Demo content of the pilot area (``Area.demo`` of the pilot area, run after the decide area's).

Demo workspace 2 (evaluate): a complete pilot plan of round 1 and its frozen indicators.
Idempotent: a workspace whose round-1 plan has its form of collaboration chosen is left alone.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from ..dbtypes import utcnow
from ..extensions import db
from .models import CheckIn, Indicator, NeedStatus, PracticalNeed, ResponsibilityRow
from .services import CHECK_IN_TOPICS, ensure_plan, plan_for

log = logging.getLogger(__name__)


def fill_demo_workspace(workspace, index: int, users: dict) -> None:
    """Add the pilot plan and the indicators to demo workspace 2 (see the module docstring)."""
    if index != 2:
        return
    existing = plan_for(workspace.id, 1)
    if existing is not None and existing.construction:
        return
    mentor_lead, partner_lead = users["lead@mentor.example"], users["lead@partner.example"]
    member = users["member@mentor.example"]
    now = utcnow()
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
               "unsafety": "professional", "reporting": "professional", "referral_decisions": "professional",
               "youth_protection": "professional", "communication": "both"}
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
    log.info("demo pilot plan for workspace %s", workspace.id)
