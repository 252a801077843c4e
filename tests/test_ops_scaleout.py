"""Scale-out (issue #13): two gunicorn instances, each started with gunicorn.conf.py and two worker processes,
on one PostgreSQL database and one Redis. Run by ``make test-scaleout`` / .ci/run with
SCALEOUT_DATABASE_URL (a PostgreSQL database of its own: its schema is dropped) and REDIS_URL.

Also here, needing neither: with Redis configured but not answering, the app keeps serving.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.ops_servers import Client, Instance, app_env, flask, wrong_password_attempts

pytestmark = pytest.mark.scaleout

DATABASE_URL = os.environ.get("SCALEOUT_DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
DEMO_PASSWORD = "mentorbrug-demo"
LEAD = "lead@mentor.example"
PARTNER_LEAD = "lead@partner.example"


def _needs_postgres_and_redis():
    if not DATABASE_URL.startswith("postgresql") or not REDIS_URL:
        pytest.skip("needs SCALEOUT_DATABASE_URL (PostgreSQL, its own database) and REDIS_URL")


@pytest.fixture(scope="module")
def engine():
    _needs_postgres_and_redis()
    eng = create_engine(DATABASE_URL)
    yield eng
    eng.dispose()


def _empty(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="module")
def env(engine):
    """One deployment's settings: shared database, secret key and Redis; a key prefix of this run's own."""
    return app_env(DATABASE_URL, secrets.token_urlsafe(48), REDIS_URL=REDIS_URL, RATELIMIT_ENABLED="1",
                   RATELIMIT_KEY_PREFIX=f"mentorbrug-scaleout-{secrets.token_hex(4)}",
                   LOGIN_LIMIT_PER_IP="1000 per minute")  # this test comes from one IP: count per account


def test_two_migrations_at_once_on_an_empty_database_both_succeed(engine, env):
    """What two replicas do when they start together: both run ``flask db upgrade``."""
    for _ in range(3):
        _empty(engine)
        runs = [flask(env, "db", "upgrade", "heads") for _ in range(2)]
        outputs = [run.communicate(timeout=300)[0] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0


@pytest.fixture(scope="module")
def instances(engine, env, tmp_path_factory):
    _empty(engine)
    for args in (("db", "upgrade", "heads"), ("seed-demo",)):
        run = flask(env, *args)
        output = run.communicate(timeout=300)[0]
        assert run.returncode == 0, output
    logs: Path = tmp_path_factory.mktemp("scaleout")
    started = []
    try:
        for name in ("a", "b"):
            started.append(Instance(env, logs / f"{name}.log").start())
        yield started
    finally:
        for instance in started:
            instance.stop()


def test_a_session_made_on_a_works_on_b(instances):
    a, b = (i.url for i in instances)
    client = Client()
    assert client.login(a, LEAD, DEMO_PASSWORD) == 302
    status, page = client.get(b, "/dashboard/workspaces/")
    assert status == 200 and "Sanne de Vries" in page
    assert client.post(b, "/logout", {})[0] == 302
    status, _ = client.get(a, "/dashboard/workspaces/")
    assert status == 302  # logged out on B is logged out on A


def test_the_login_limit_holds_exactly_across_both_instances(instances):
    urls = [i.url for i in instances]
    statuses = wrong_password_attempts(urls, "member@mentor.example", 12)
    assert statuses == [422] * 5 + [429] * 7  # LOGIN_LIMIT_PER_ACCOUNT: 5 per minute, counted in Redis


def _stage(engine, workspace_id: int) -> tuple[str, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(text("SELECT stage, round FROM workspaces WHERE id = :id"),
                                  {"id": workspace_id}).one())


def _changes(engine, workspace_id: int) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM stage_changes WHERE workspace_id = :id"),
                            {"id": workspace_id}).scalar()


def test_a_transition_on_a_is_seen_on_b_and_a_concurrent_advance_gives_one(engine, instances):
    a, b = (i.url for i in instances)
    with engine.connect() as conn:
        ws = conn.execute(text("SELECT id FROM workspaces WHERE stage = 'decide' ORDER BY id")).scalar()
    stage, round_ = _stage(engine, ws)
    mentor, partner = Client(), Client()
    assert mentor.login(a, LEAD, DEMO_PASSWORD) == 302
    assert partner.login(b, PARTNER_LEAD, DEMO_PASSWORD) == 302

    # Fired on A (twice: decide -> values check -> network) ...
    for expected in (stage, "values_check"):
        status, _ = mentor.post(a, f"/w/{ws}/workflow/fire/step_back", {
            "expected_stage": expected, "expected_round": str(round_), "reason": "Nog een keer samen kijken",
            "confirmed": "1"})
        assert status == 302
    # ... seen on B.
    assert _stage(engine, ws) == ("network", round_)
    status, page = partner.get(b, f"/w/{ws}/workflow/history")
    assert status == 200 and "Nog een keer samen kijken" in page

    # Both leads press advance (network -> values check: the network tasks are done) at the same moment,
    # one on each instance, from the page they both saw.
    before = _changes(engine, ws)
    form = {"expected_stage": "network", "expected_round": str(round_)}
    tokens = {id(mentor): mentor.csrf_token(a), id(partner): partner.csrf_token(b)}
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def press(name: str, client: Client, base: str) -> None:
        data = {**form, "csrf_token": tokens[id(client)]}
        barrier.wait(timeout=30)
        results[name] = client.request(base, "POST", f"/w/{ws}/workflow/fire/advance", data=data)[0]

    threads = [threading.Thread(target=press, args=("mentor on A", mentor, a)),
               threading.Thread(target=press, args=("partner on B", partner, b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [302, 409], results
    assert _changes(engine, ws) == before + 1
    assert _stage(engine, ws) == ("values_check", round_)


def test_redis_not_answering_keeps_logins_working_and_limited(tmp_path):
    """No PostgreSQL or Redis needed: SQLite, and a REDIS_URL where nothing listens."""
    database = f"sqlite:///{tmp_path / 'redis-down.sqlite'}"
    env = app_env(database, secrets.token_urlsafe(48), REDIS_URL="redis://127.0.0.1:1/0", RATELIMIT_ENABLED="1",
                  LOGIN_LIMIT_PER_IP="1000 per minute")
    for args in (("db", "upgrade", "heads"), ("seed-demo",)):
        run = flask(env, *args)
        output = run.communicate(timeout=300)[0]
        assert run.returncode == 0, output
    instance = Instance(env, tmp_path / "gunicorn.log", workers=1).start()
    try:
        client = Client()
        status, health = client.get(instance.url, "/healthz")
        assert status == 200 and '"redis":"down"' in health.replace(" ", "") and '"db":"ok"' in health.replace(" ", "")
        # Limits fall back to this process's memory: still exactly 5 wrong passwords per account.
        assert wrong_password_attempts([instance.url], "member@mentor.example", 7) == [422] * 5 + [429] * 2
        assert Client().login(instance.url, LEAD, DEMO_PASSWORD) == 302
        assert Client().post(instance.url, "/signup", {"name": "x"})[0] == 422  # a form error, not a 500
    finally:
        instance.stop()
    log = instance.log_path.read_text()
    assert log.count("Rate limit storage unreachable - falling back to in-memory storage") == 1
    assert " 500 " not in log
