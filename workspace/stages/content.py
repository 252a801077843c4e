"""For the areas whose content belongs to a stage (decide, pilot, evaluation): refuse a change the current stage
does not allow, reading the stage under a row lock. Services call these; nothing here commits.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..tenancy.models import Workspace


class Refused(Exception):
    """The change is not possible now (409) or not for this person (403); ``message`` says why."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


def locked_stage(workspace: Workspace) -> tuple[str, int]:
    """The workspace's stage and round as the database has them now, with the row locked (PostgreSQL) until
    the request commits, so a transition fired at the same moment waits for this change or wins before it."""
    stage, round_ = db.session.execute(
        select(Workspace.stage, Workspace.round).where(Workspace.id == workspace.id).with_for_update()
    ).one()
    return stage, round_


def require_stage(workspace: Workspace, stages: tuple[str, ...], message) -> int:
    """Refuse with 409 unless the workspace is in one of ``stages``; returns the current round."""
    stage, round_ = locked_stage(workspace)
    if stage not in stages:
        raise Refused(409, str(message))
    return round_
