"""Demo content for the groundwork pages (``Area.demo`` of the groundwork area). Idempotent: it only
fills what is still missing, so running the seed twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..dbtypes import utcnow
from ..extensions import db
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

MENTOR_LEAD = "lead@mentor.example"
PARTNER_LEAD = "lead@partner.example"


def _missing(model, workspace, **keys) -> bool:
    return db.session.scalar(select(model.id).filter_by(workspace_id=workspace.id, **keys).limit(1)) is None


def fill_demo_workspace(workspace, index: int, users: dict) -> None:
    """Workspace 0 gets the explore answers; 1 also the network; 2 and 3 also the values check (3 in full,
    so that it can move on to decide)."""
    mentor = users.get(MENTOR_LEAD)
    partner = users.get(PARTNER_LEAD)
    mentor_id = mentor.id if mentor else None
    partner_id = partner.id if partner else None
    if _missing(ExploreProfile, workspace):
        db.session.add(ExploreProfile(
            workspace_id=workspace.id, current_matches=42, match_capacity=55, management_ready="yes",
            mentors_ready="partly", domain="Jeugdhulp en wijkteam", target_group="Jongeren van 12 tot 18 op de wachtlijst",
            domain_reason="Het wijkteam ziet jongeren die maanden wachten; een mentor kan die tijd overbruggen.",
            search_mode="active",
            search_reason="Onze mentoren willen graag buiten de scholen werken en we zien een groep die nu niemand bereikt.",
            relations_person="Sanne de Vries", relations_person_kind="paid", match_coordinator="Joris Bakker",
            updated_by_id=mentor_id,
        ))
    if index >= 1:
        if _missing(NetworkPlan, workspace):
            db.session.add(NetworkPlan(workspace_id=workspace.id, layer_prevention=True, layer_problems=True,
                                       reason="Voor en naast de jeugdhulp, niet in plaats ervan.", updated_by_id=mentor_id))
        if _missing(NetworkContact, workspace):
            today = utcnow().date()
            db.session.add_all([
                NetworkContact(workspace_id=workspace.id, name="Ilse Verbeek", organisation="Gemeente Rivierstad",
                               role="Beleidsadviseur jeugd", met_on=today - timedelta(days=20),
                               outcome="Positief; wil de wachtlijstcijfers delen.",
                               next_step="Cijfers wachtlijst opvragen", owner_id=mentor_id,
                               due_on=today + timedelta(days=7), created_by_id=mentor_id),
                NetworkContact(workspace_id=workspace.id, name="Ahmed Ouali", organisation="Jeugdteam Rivierstad",
                               role="Teamleider", met_on=today - timedelta(days=10),
                               outcome="Team wil mentoring uitproberen bij twee jongeren.",
                               next_step="Kennismaking met het hele team plannen", owner_id=partner_id,
                               due_on=today + timedelta(days=14), created_by_id=partner_id),
            ])
    if index >= 2:
        for side, text, user_id in (
            ("mentor", "- Onze mentoren doen dit vrijwillig en naast hun werk of studie.\n"
                       "- We kijken eerst naar wat een jongere wél lukt.\n"
                       "- Een koppeling loopt minimaal twaalf maanden.", mentor_id),
            ("partner", "- De jongere en het gezin houden de regie.\n- Veiligheid gaat voor alles.\n"
                        "- Zo licht als mogelijk, zo zwaar als nodig.", partner_id),
        ):
            if _missing(CoreValues, workspace, side=side):
                db.session.add(CoreValues(workspace_id=workspace.id, side=side, text=text, updated_by_id=user_id))
        if _missing(FeasibilityLimits, workspace):
            db.session.add(FeasibilityLimits(
                workspace_id=workspace.id, target_groups="Jongeren op de wachtlijst van het jeugdteam",
                age_min=12, age_max=18, mentors_available=8,
                not_suitable="Jongeren in een acute crisis of met zware psychiatrische problemen.",
                updated_by_id=mentor_id))
    if index >= 3:
        agreements = {
            "transparency": "De mentor deelt alleen iets met het jeugdteam als de jongere dat weet; bij zorgen over veiligheid altijd.",
            "abuse_prevention": "VOG voor elke mentor, gedragscode getekend, vertrouwenspersoon bekend bij iedereen.",
            "cooperation": "Eén keer per kwartaal een driegesprek; verder werken mentor en hulpverlener ieder vanuit hun eigen rol.",
        }
        for code, agreement in agreements.items():
            if _missing(SensitiveTheme, workspace, theme=code):
                db.session.add(SensitiveTheme(
                    workspace_id=workspace.id, theme=code, agreement=agreement, version=2, updated_by_id=partner_id,
                    **({"vog": True, "code_of_conduct": True, "confidential_person": True, "four_eyes": True}
                       if code == "abuse_prevention" else {})))
        if _missing(HypotheticalCase, workspace):
            db.session.add(HypotheticalCase(
                workspace_id=workspace.id, author_side="partner", title="Een mentor hoort iets zorgwekkends",
                description="Een (verzonnen) jongen van 15 vertelt zijn mentor dat hij thuis soms wordt geslagen "
                            "en vraagt de mentor het aan niemand te vertellen.",
                agreements="De mentor vertelt de jongen eerlijk dat hij dit niet geheim kan houden en belt dezelfde "
                           "dag de coördinator; die neemt contact op met het jeugdteam.",
                version=2, updated_by_id=partner_id))
        answers = {
            "mentor": ("Mentor luistert en meldt bij de coördinator.", "Alleen wat nodig is voor de veiligheid.",
                       "Dezelfde dag, via de coördinator."),
            "partner": ("Het jeugdteam beoordeelt de veiligheid.", "Met ouders en Veilig Thuis als dat nodig is.",
                        "Bij een vermoeden van geweld direct, volgens de meldcode."),
        }
        for side, (who, shared, escalation) in answers.items():
            if _missing(CaseAnswer, workspace, side=side):
                db.session.add(CaseAnswer(workspace_id=workspace.id, side=side, who_does_what=who,
                                          what_is_shared=shared, escalation=escalation,
                                          updated_by_id=mentor_id if side == "mentor" else partner_id))
    db.session.flush()
