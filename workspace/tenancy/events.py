"""Telling the installed areas that something happened to a workspace."""

from __future__ import annotations

from ..core.area import installed
from .models import Workspace


def workspace_created(workspace: Workspace) -> None:
    """A new workspace was added and flushed (same transaction): each area sets up its part (the workflow
    writes the first history row and the first stage's tasks)."""
    for hook in installed().on_workspace_created:
        hook(workspace)
