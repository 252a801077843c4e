"""The ways Mentorbrug is served agree: compose.yaml parses and runs the commands the Makefile and the
Dockerfile run, with settings gunicorn.conf.py and workspace/config.py read; the image carries no tests.
(No Docker engine runs here: the image is not built and compose is not started by this test.)"""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
MIGRATE = ["flask", "db", "upgrade", "heads"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def _makefile_recipe(target: str) -> str:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.M)
    assert match, target
    return match.group(1)


def _settings_read() -> set[str]:
    """Every environment variable the app or gunicorn.conf.py reads."""
    names = set()
    for path in (ROOT / "workspace" / "config.py", ROOT / "gunicorn.conf.py"):
        text = path.read_text()
        names |= set(re.findall(r"""(?:_int|_bool|os\.environ\.get)\(\s*["']([A-Z_]+)["']""", text))
    return names


def test_compose_has_the_real_set_up(compose):
    services = compose["services"]
    assert {"proxy", "app", "migrate", "db", "redis", "digest", "mailer"} <= set(services)
    assert services["app"]["deploy"]["replicas"] == 2
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["restart"] == "no"
    assert services["proxy"]["depends_on"]["app"]["condition"] == "service_healthy"
    assert "send-digests" in " ".join(services["digest"]["command"])


def test_compose_runs_the_commands_of_the_makefile_and_the_dockerfile(compose):
    services = compose["services"]
    assert services["app"]["command"] == GUNICORN
    assert services["migrate"]["command"] == MIGRATE
    cmd = re.search(r"^CMD (\[.*\])$", _dockerfile(), re.M)
    assert cmd and json.loads(cmd.group(1)) == GUNICORN
    assert "$(BIN)/" + " ".join(GUNICORN) in _makefile_recipe("run")
    assert "$(BIN)/" + " ".join(MIGRATE) in _makefile_recipe("db")


def test_compose_sets_only_settings_that_are_read(compose):
    read = _settings_read() | {"DATABASE_URL", "SECRET_KEY", "MENTORBRUG_ENV"}
    for name in ("app", "migrate", "digest", "mailer"):
        unknown = set(compose["services"][name]["environment"]) - read
        assert not unknown, (name, unknown)


def test_gunicorn_conf_turns_the_compose_settings_into_what_they_say(compose, monkeypatch):
    env = compose["services"]["app"]["environment"]
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "TRUSTED_PROXIES"):
        monkeypatch.setenv(name, str(env[name]))
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:8000"
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (2, 4, "gthread")
    assert conf["forwarded_allow_ips"] == "*"  # behind the compose proxy
    assert conf["control_socket_disable"] is True


def test_gunicorn_conf_defaults_are_make_runs_one_exact_process(monkeypatch):
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"]) == (1, 4)  # in-memory rate limits count exactly
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_the_image_installs_the_lockfile_and_carries_no_tests():
    text = _dockerfile()
    assert "pip install --no-cache-dir --require-hashes -r requirements.lock" in text
    copied = " ".join(re.findall(r"^COPY (.*)$", text, re.M))
    assert "tests" not in copied and ".ci" not in copied and "COPY . ." not in text
    assert re.search(r"^USER mentorbrug$", text, re.M)
    assert "MENTORBRUG_ENV=production" in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "tests" in ignored and ".ci" in ignored


def test_the_proxy_forwards_to_the_app_port_and_sets_the_headers_proxyfix_reads():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server app:8000;" in conf
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header}" in conf
    assert "client_max_body_size 2m;" in conf
