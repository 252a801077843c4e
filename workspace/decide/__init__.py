"""Decide: each organisation's yes or no with its reasons, the deadline and reminders, and after a no the
agreement on how the organisations keep referring young people to each other (leaflet tip 7)."""
