"""Demo content of the decide area (``Area.demo`` of the decide area).

Demo workspace 1 (decide): the mentor project said yes, the partner has not decided yet.
Demo workspace 2 (evaluate): both said yes.
Demo workspace 3 (closed, declined): the partner said no; the referral agreement is on record.
Idempotent: a workspace that already has decisions is left alone.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from .models import Decision, DecisionCycle

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
    record("decision.recorded", decision, f"{side}: {answer}", details={"side": side, "answer": answer}, workspace=workspace, user=user,
           organisation_id=organisation_id)
    return decision


def fill_demo_workspace(workspace, index: int, users: dict) -> None:
    """Add decisions to the demo workspaces 1-3 (see the module docstring)."""
    if index not in (1, 2, 3):
        return
    if db.session.scalar(select(Decision.id).where(Decision.workspace_id == workspace.id).limit(1)):
        return
    mentor_lead, partner_lead = users["lead@mentor.example"], users["lead@partner.example"]
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
    db.session.flush()
    log.info("demo decisions for workspace %s", workspace.id)
