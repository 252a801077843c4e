"""The permission matrix table (tests/permission_matrix.csv): what is missing, and draft rows for it.

    .venv/bin/python scripts/permission_matrix.py missing             routes (endpoint + method) without a row,
                                                                      and rows whose route is gone (exit 1 if any)
    .venv/bin/python scripts/permission_matrix.py propose [PREFIX..]  observe the missing routes (or all routes
                                                                      starting with PREFIX) for every persona on a
                                                                      scratch SQLite database; print CSV rows
    .venv/bin/python scripts/permission_matrix.py propose --write     ... and append them to the table

Proposed rows say what the code DOES, not what it should do: check each against the roles table in
DOMAIN.md (strangers 404, observers 403 except commenting, ...) before committing; the test
``test_the_table_keeps_the_house_rules`` catches the worst mistakes.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _app(database_url: str | None = None):
    from workspace import create_app

    return create_app({"TESTING": True, "SERVER_NAME": "localhost", "RATELIMIT_ENABLED": False,
                       "SQLALCHEMY_DATABASE_URI": database_url or "sqlite://"})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["missing", "propose"])
    parser.add_argument("prefixes", nargs="*", help="endpoint prefixes to (re)propose, e.g. ws.notes.")
    parser.add_argument("--write", action="store_true", help="append the proposed rows to the table")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)

    from tests import permission_matrix as pm

    if args.command == "missing":
        app = _app()
        missing, stale = pm.missing_and_stale(app)
        for endpoint, method in missing:
            print(f"missing  {endpoint} {method}")
        for endpoint, method in stale:
            print(f"stale    {endpoint} {method}")
        if not missing and not stale:
            print("the table covers every route")
        return 1 if missing or stale else 0

    with tempfile.TemporaryDirectory() as tmp:
        app = _app(f"sqlite:///{tmp}/matrix.sqlite")
        from flask_migrate import upgrade

        with app.app_context():
            upgrade(revision="heads")
            if args.prefixes:
                keys = sorted(k for k in pm.routes(app) if k[0].startswith(tuple(args.prefixes)))
            else:
                keys, _stale = pm.missing_and_stale(app)
            rows = pm.propose_rows(app, keys)
    if args.write:
        table = pm.read_table()
        rows = [r for r in rows if (r["endpoint"], r["method"]) not in table]
        with open(pm.TABLE, "a", newline="") as handle:
            handle.write(pm.format_rows(rows))
        print(f"appended {len(rows)} rows to {pm.TABLE.relative_to(ROOT)}: check them by hand")
    else:
        sys.stdout.write(pm.format_rows(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
