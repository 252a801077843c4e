"""Joint notes (both organisations read and write them) and each organisation's internal notes."""
