"""Who takes part in a workspace, and the one rule for who can be given work there."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import Membership, Role, Workspace


def load_members(workspace: Workspace) -> list[Membership]:
    """Everyone in the workspace with user and organisation loaded (one query), leads first."""
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user), joinedload(Membership.organisation))
        .where(Membership.workspace_id == workspace.id).order_by(Membership.role, Membership.id)
    ))


def assignable_people(workspace: Workspace, members: list[Membership] | None = None) -> list[Membership]:
    """Who can be given a task, own a practical need or take a contact's next step: the leads and members of
    the workspace's two organisations (observers never). One query, or none when the caller already holds
    ``load_members(workspace)``."""
    org_ids = {workspace.mentor_org_id, workspace.partner_org_id} - {None}
    return [m for m in (load_members(workspace) if members is None else members)
            if m.organisation_id in org_ids and m.role in (Role.LEAD, Role.MEMBER)]
