"""Real gunicorn instances started the way production starts them (``gunicorn --config gunicorn.conf.py``),
and a small cookie-keeping HTTP client. Used by tests/test_ops_scaleout.py and scripts/measure_ops.py;
no pytest in here."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from tests.browser.liveserver import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def app_env(database_url: str, secret_key: str, **extra: str) -> dict[str, str]:
    """What every instance of one deployment shares: the database, the secret key, cheap test hashes."""
    env = {
        **os.environ,
        "MENTORBRUG_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
        "FLASK_APP": "wsgi",
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }
    for name in ("MAIL_SERVER", "TEST_DATABASE_URL", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        if name not in extra:
            env.pop(name, None)
    return env


def flask(env: dict[str, str], *args: str) -> subprocess.Popen:
    """``flask <args>`` as a process (the caller waits: two can run at once)."""
    return subprocess.Popen([str(BIN / "flask"), *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


class Instance:
    """One gunicorn master with its workers, configured by gunicorn.conf.py from ``env``."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        self.log_path = log_path
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 180.0) -> Instance:
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self._process = subprocess.Popen([str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"],
                                         cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self._process.returncode}:\n{self.log_tail()}")
            try:
                status, _ = Client().get(self.url, "/healthz")
                if status in (200, 503):
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Client:
    """A browser in miniature: keeps cookies across instances, never follows redirects."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, base: str, method: str, path: str, data: dict | None = None,
                headers: dict | None = None) -> tuple[int, str]:
        parts = urllib.parse.urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        all_headers = {"Accept-Language": "nl", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value in ("", '""') or "Max-Age=0" in header or "01 Jan 1970" in header:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            return response.status, text
        finally:
            conn.close()

    def get(self, base: str, path: str, **kwargs) -> tuple[int, str]:
        return self.request(base, "GET", path, **kwargs)

    def csrf_token(self, base: str) -> str:
        _, page = self.get(base, "/privacy")
        match = CSRF_RE.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post(self, base: str, path: str, data: dict, token_from: str | None = None) -> tuple[int, str]:
        """POST with the CSRF token of this client's session (fetched from ``token_from`` or ``base``)."""
        data = {**data, "csrf_token": self.csrf_token(token_from or base)}
        return self.request(base, "POST", path, data=data)

    def login(self, base: str, email: str, password: str) -> int:
        status, _ = self.post(base, "/login", {"email": email, "password": password})
        return status


def wrong_password_attempts(instances: list[str], email: str, attempts: int) -> list[int]:
    """Post a wrong password ``attempts`` times, round-robin over the instances; the status of each try."""
    statuses = []
    for number in range(attempts):
        client = Client()  # a fresh session each time, as an attacker would
        base = instances[number % len(instances)]
        statuses.append(client.post(base, "/login", {"email": email, "password": "not-the-password"})[0])
    return statuses
