"""Demo notes (``Area.demo`` of the notes area): two joint notes and one internal note per
demo workspace, added only when the workspace has no notes yet."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import Note


def fill_demo_notes(workspace, index: int, users: dict) -> None:
    if db.session.scalar(select(Note.id).where(Note.workspace_id == workspace.id).limit(1)) is not None:
        return
    mentor = users.get("lead@mentor.example")
    partner = users.get("lead@partner.example")
    mentor_id = mentor.id if mentor else None
    partner_id = partner.id if partner else None
    db.session.add_all([
        Note(workspace_id=workspace.id, stage="explore", title="Verslag eerste kennismaking", pinned=True,
             body="**Aanwezig:** Sanne (mentorproject), Fatima (jeugdteam).\n\n"
                  "- Het jeugdteam ziet jongeren die lang op hulp wachten.\n"
                  "- Het mentorproject heeft ruimte voor ongeveer tien nieuwe koppelingen.\n\n"
                  "Volgende keer: de waarden van beide organisaties naast elkaar leggen.",
             created_by_id=mentor_id, updated_by_id=mentor_id),
        Note(workspace_id=workspace.id, stage="network", title="Wie moeten we nog spreken?",
             body="1. Beleidsadviseur jeugd van de gemeente\n2. Het wijkteam Noord\n3. Het CJG",
             created_by_id=partner_id, updated_by_id=partner_id),
        Note(workspace_id=workspace.id, title="Intern: capaciteit coördinatoren", internal_org_id=workspace.mentor_org_id,
             body="Alleen voor ons: als deze pilot doorgaat, hebben we er een coördinator voor acht uur per week bij nodig.",
             created_by_id=mentor_id, updated_by_id=mentor_id),
    ])
    db.session.flush()
