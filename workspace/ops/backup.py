"""``flask backup create FILE`` and ``flask backup restore FILE [--force]``.

SQLite: SQLite's online backup API, a consistent copy while the app keeps running (WAL readers and
writers are not stopped). PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, which must be on
the PATH and at least as new as the server (the container image brings them).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL

from ..extensions import db

log = logging.getLogger(__name__)

backup_cli = AppGroup("backup", help="Back up the database to a file, or restore it from one.")


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def create_command(file: Path) -> None:
    """Write a backup of the whole database to FILE (overwritten if it exists)."""
    create_backup(file)
    click.echo(f"Backup written to {file} ({file.stat().st_size} bytes).")


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the data of a database that is not empty.")
def restore_command(file: Path, force: bool) -> None:
    """Replace the database's content by the backup in FILE. Refuses a database with data unless --force."""
    rows = count_rows()
    if rows and not force:
        raise click.ClickException(
            f"The database is not empty ({rows} rows). Restoring replaces all of it: add --force if you mean that."
        )
    restore_backup(file)
    click.echo(f"Restored {file}; the database now holds {count_rows()} rows.")


def count_rows() -> int:
    """Rows in every table of the database except Alembic's own (0 for an empty or merely migrated one)."""
    names = [n for n in inspect(db.engine).get_table_names() if n != "alembic_version"]
    with db.engine.connect() as conn:
        return sum(conn.scalar(select(func.count()).select_from(table(n))) for n in names)


def create_backup(file: Path) -> None:
    url = db.engine.url
    file.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(url)
        tmp = file.with_name(file.name + ".part")
        tmp.unlink(missing_ok=True)
        with _closing(sqlite3.connect(source)) as src, _closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
            # A backup is one self-contained file: no -wal beside it.
            dst.execute("PRAGMA journal_mode = DELETE")
        tmp.replace(file)
    elif url.get_backend_name() == "postgresql":
        _run_pg("pg_dump", url, "--format=custom", "--no-owner", "--no-privileges", f"--file={file}")
    else:
        raise click.ClickException(f"No backup for {url.get_backend_name()} databases.")
    log.info("backup written to %s", file)


def restore_backup(file: Path) -> None:
    url = db.engine.url
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        with _closing(sqlite3.connect(f"file:{file}?mode=ro", uri=True)) as src:
            check = src.execute("PRAGMA integrity_check").fetchone()
            if not check or check[0] != "ok":
                raise click.ClickException(f"{file} is not a sound SQLite database: {check}")
            with _closing(sqlite3.connect(_sqlite_path(url), timeout=30)) as dst:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = WAL")
    elif url.get_backend_name() == "postgresql":
        # --clean drops what the backup holds before recreating it, in one transaction: a failed restore
        # leaves the database as it was.
        _run_pg("pg_restore", url, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                "--single-transaction", "--exit-on-error", str(file))
    else:
        raise click.ClickException(f"No restore for {url.get_backend_name()} databases.")
    db.engine.dispose()
    log.info("restored %s", file)


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory SQLite database cannot be backed up or restored.")
    return url.database


def _run_pg(program: str, url: URL, *args: str) -> None:
    """Run pg_dump or pg_restore on the app's database; the password goes in the environment, not argv."""
    if shutil.which(program) is None:
        raise click.ClickException(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run([program, *args, f"--dbname={target}"], env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise click.ClickException(f"{program} failed: {result.stderr.strip()[:2000]}")
    current_app.logger.debug("%s: %s", program, result.stderr.strip())


class _closing:
    """sqlite3's context manager commits but does not close; this one closes too (no ResourceWarning)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self.conn.commit()
        finally:
            self.conn.close()
