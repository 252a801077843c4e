"""Extension points other areas register on (kept explicit: a list of plain functions)."""

on_workspace_created: list = []

# The workflow asks every area for its part of the snapshot the guards read (workflows.WorkspaceSnapshot).
# Each entry is ``fn(workspace) -> dict`` with WorkspaceSnapshot field names as keys; one query or two each.
snapshot_contributors: list = []

# Pages where a stage's content is worked out: stage code -> [(endpoint, label)], shown on the workspace page.
stage_pages: dict[str, list] = {}

# Called after a stage transition was written (same transaction): fn(workspace, transition: workflows.Transition).
# E.g. the pilot area freezes indicators when the workspace enters `evaluate`.
on_transition: list = []
