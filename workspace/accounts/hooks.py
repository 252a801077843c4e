"""Extension points for the AVG features (kept explicit: lists of plain functions).

- ``data_export``: ``fn(user) -> dict`` — what an area holds about or by this person (their notes, tasks
  assigned to them, ...); merged into the "contributions" part of the personal data download.
- ``on_account_deleted``: ``fn(user)`` — called in the deletion transaction, after memberships are gone and
  before the account row is pseudonymised; an area scrubs what it must (it must NOT delete shared work:
  contributions stay and show as "Former member").
"""

data_export: list = []
on_account_deleted: list = []
