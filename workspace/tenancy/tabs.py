"""LEFT OVER, read by nothing: ``pilot.views.register()`` still appends to ``TABS`` at import. Tabs are
``Area.tabs`` now; this module goes when workspace/pilot/ is split into its areas (#11)."""

TABS: list = []
