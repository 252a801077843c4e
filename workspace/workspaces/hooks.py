"""Extension points other areas register on (kept explicit: a list of plain functions)."""

on_workspace_created: list = []
