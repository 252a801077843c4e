"""``flask backup create`` / ``restore`` on the suite's database (SQLite by default, PostgreSQL in CI's second
run): make data, back up, change it, restore, find the first state."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from workspace.accounts.models import User
from workspace.extensions import db


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        db.session.remove()
        result = runner.invoke(args=list(args))
        db.session.remove()
        return result

    return invoke


def _names() -> list[str]:
    return sorted(db.session.scalars(select(User.name)))


def test_backup_round_trip(app, make, cli, tmp_path):
    if db.engine.dialect.name == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    cast = make.workspace()
    lead_id = cast.mentor_lead.id
    first = _names()
    assert len(first) >= 2
    backup = tmp_path / "mentorbrug.backup"

    result = cli("backup", "create", str(backup))
    assert result.exit_code == 0, result.output
    assert backup.stat().st_size > 0

    db.session.get(User, lead_id).name = "Changed after the backup"
    make.user(name="Added after the backup")
    db.session.commit()
    assert _names() != first

    refused = cli("backup", "restore", str(backup))
    assert refused.exit_code != 0
    assert "not empty" in refused.output and "--force" in refused.output
    assert "Added after the backup" in _names()  # nothing touched

    restored = cli("backup", "restore", "--force", str(backup))
    assert restored.exit_code == 0, restored.output
    assert _names() == first
    # The restored database is a working one: the app reads and writes it.
    make.user(name="After the restore")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(User)) == len(first) + 1


def test_restore_into_an_empty_database_needs_no_force(app, make, cli, tmp_path):
    if db.engine.dialect.name == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    make.user(name="Only one")
    db.session.commit()
    backup = tmp_path / "one.backup"
    assert cli("backup", "create", str(backup)).exit_code == 0
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    result = cli("backup", "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert _names() == ["Only one"]


def test_sqlite_restore_refuses_a_file_that_is_not_a_database(app, cli, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite check")
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"this is not a database" * 100)
    result = cli("backup", "restore", "--force", str(bogus))
    assert result.exit_code != 0
