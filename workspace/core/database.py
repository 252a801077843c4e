"""Database behaviour both engines must share.

SQLite through Python's sqlite3 module starts a transaction only before the first INSERT, UPDATE or
DELETE. A ``SAVEPOINT`` issued before any of those (``db.session.begin_nested()`` after reads only, as in
groundwork's "create the row when missing") then opens a transaction of its own, and its ``RELEASE``
commits it: the row stays even when the request later rolls back (a refused post that changed the database,
found by tests/test_property_forms.py). PostgreSQL nests the savepoint in the request's transaction. The
``savepoint`` hook below gives SQLite the same: it begins the real transaction first when none is open.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def init_app(app) -> None:
    """Called once by create_app."""
    if not event.contains(Engine, "savepoint", begin_before_savepoint):
        event.listen(Engine, "savepoint", begin_before_savepoint)


def begin_before_savepoint(conn, name) -> None:
    """ConnectionEvents.savepoint: on SQLite, BEGIN when the driver has no transaction open yet."""
    raw = conn.connection.dbapi_connection
    if isinstance(raw, sqlite3.Connection) and not raw.in_transaction:
        conn.exec_driver_sql("BEGIN")
