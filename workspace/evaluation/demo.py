"""Demo content of the evaluation area (``Area.demo`` of the evaluation area, run after the pilot area's).

Demo workspace 2 (evaluate): a draft evaluation of round 1 with one measured value.
Idempotent: a workspace that already has an evaluation of round 1 is left alone.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from ..extensions import db
from ..pilot.models import Indicator
from .models import Evaluation, IndicatorResult
from .services import evaluation_for

log = logging.getLogger(__name__)


def fill_demo_workspace(workspace, index: int, users: dict) -> None:
    """Add a draft evaluation to demo workspace 2 (see the module docstring)."""
    if index != 2 or evaluation_for(workspace.id, 1) is not None:
        return
    member = users["member@mentor.example"]
    first = db.session.scalar(select(Indicator).where(Indicator.workspace_id == workspace.id, Indicator.round == 1)
                              .order_by(Indicator.position, Indicator.id).limit(1))
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
    if first is not None:
        db.session.add(IndicatorResult(workspace_id=workspace.id, evaluation_id=evaluation.id,
                                       indicator_id=first.id, measured_value="7",
                                       comment="Eén koppeling stopte na een verhuizing."))
    db.session.flush()
    log.info("demo evaluation for workspace %s", workspace.id)
