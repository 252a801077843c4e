"""LEFT OVER, read by nothing: ``pilot.views.register()`` still appends to ``data_export`` at import. Personal
data sections are ``Area.personal_data`` now; this module goes when workspace/pilot/ is split (#11)."""

data_export: list = []
