"""Decide, pilot, evaluate, continue: the organisations' decisions, the pilot plan per round, indicators,
the evaluation with its comment thread, and the exit plan when the collaboration stops (leaflet tips 7-12)."""
