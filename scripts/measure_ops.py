"""How many wrong passwords get through before the login limit (5 per account per minute), for the ways
Mentorbrug can be served: one gunicorn instance as `make run` starts it or with more workers, two instances,
with the in-memory limiter or Redis. Also: /healthz and the login statuses with Redis configured but down.

    .venv/bin/python scripts/measure_ops.py [--redis redis://127.0.0.1:6379/0]

A measurement, not a test (tests/test_ops_scaleout.py holds the results that must stay true).
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ops_servers import Client, Instance, app_env, flask, wrong_password_attempts  # noqa: E402

ATTEMPTS = 20


def _prepare(env) -> None:
    for args in (("db", "upgrade", "heads"), ("seed-demo",)):
        run = flask(env, *args)
        output = run.communicate(timeout=300)[0]
        if run.returncode:
            raise SystemExit(output)


def scenario(label: str, workdir: Path, instances: int, workers: int, redis_url: str) -> None:
    extra = {"RATELIMIT_ENABLED": "1", "LOGIN_LIMIT_PER_IP": "1000 per minute",
             "RATELIMIT_KEY_PREFIX": f"measure-{secrets.token_hex(4)}"}
    if redis_url:
        extra["REDIS_URL"] = redis_url
    env = app_env(f"sqlite:///{workdir / (label.replace(' ', '_') + '.sqlite')}", secrets.token_urlsafe(48), **extra)
    _prepare(env)
    started = []
    try:
        for number in range(instances):
            started.append(Instance(env, workdir / f"{label.replace(' ', '_')}-{number}.log", workers=workers).start())
        statuses = wrong_password_attempts([i.url for i in started], "member@mentor.example", ATTEMPTS)
        health = Client().get(started[0].url, "/healthz")
    finally:
        for instance in started:
            instance.stop()
    through = sum(1 for s in statuses if s == 422)
    print(f"{label:<48} let through {through:>2} of {ATTEMPTS}; statuses {sorted(set(statuses))}; "
          f"healthz {health[0]} {health[1].strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mentorbrug-measure-") as tmp:
        workdir = Path(tmp)
        scenario("make run (1 worker x 4 threads), memory", workdir, 1, 1, "")
        scenario("1 instance, 2 workers (old make run), memory", workdir, 1, 2, "")
        scenario("2 instances x 2 workers, memory", workdir, 2, 2, "")
        scenario("make run (1 worker x 4 threads), Redis", workdir, 1, 1, args.redis)
        scenario("2 instances x 2 workers, Redis", workdir, 2, 2, args.redis)
        scenario("1 instance, 2 workers, Redis down", workdir, 1, 2, "redis://127.0.0.1:1/0")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
