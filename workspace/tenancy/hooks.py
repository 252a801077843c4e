"""LEFT OVER, read by nothing: ``pilot.views.register()`` still appends to these at import. The pilot area is
described in ``workspace/areas.py``; this module goes when workspace/pilot/ is split into its areas (#11)."""

snapshot_contributors: list = []
stage_pages: dict[str, list] = {}
on_transition: list = []
