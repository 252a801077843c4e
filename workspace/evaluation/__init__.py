"""Evaluate and continue: the evaluation of a pilot round with the measured values and its comment thread,
and the exit plan for the running matches when the organisations stop (leaflet tips 11, 12)."""
