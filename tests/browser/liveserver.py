"""Run Mentorbrug under gunicorn on a free local port with a fresh SQLite database.

Used by the browser tests (tests/browser/conftest.py) and by scripts/bench_web.py; no pytest in here.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STATIC = ROOT / "workspace" / "static"

log = logging.getLogger(__name__)


PREPARE = """
from flask_migrate import upgrade
from wsgi import app
from workspace.demo import seed_demo
ctx = app.app_context()
ctx.push()
upgrade(revision="heads")
"""


def scratch_dir() -> Path | None:
    """A RAM disk when there is one: SQLite's fsyncs make migrations on a real disk several times slower."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """One gunicorn process tree serving the app from ``workdir`` (database and log live there)."""

    def __init__(self, workdir: Path, workers: int = 2, extra_env: dict[str, str] | None = None):
        self.workdir = Path(workdir)
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._db_dir = tempfile.TemporaryDirectory(prefix="mentorbrug-e2e-", dir=scratch_dir())
        self.database_url = f"sqlite:///{Path(self._db_dir.name) / 'e2e.sqlite'}"
        self.log_path = self.workdir / "gunicorn.log"
        self.env = {
            **os.environ,
            "MENTORBRUG_ENV": "development",
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "RATELIMIT_ENABLED": "0",
            # Cheap password hashes: a sign-up should not cost the suite a second.
            "ARGON2_MEMORY_KIB": "1024",
            "ARGON2_TIME_COST": "1",
            "FLASK_APP": "wsgi",
            "PYTHONDONTWRITEBYTECODE": "1",
            **(extra_env or {}),
        }
        for name in ("MAIL_SERVER", "TEST_DATABASE_URL"):
            self.env.pop(name, None)
        self._process: subprocess.Popen | None = None

    # -- set-up -----------------------------------------------------------------------------------
    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``flask --app wsgi <args>`` against this server's database."""
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=120,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def prepare(self, seed_demo: bool = True) -> None:
        """Static files present, schema migrated (``flask db upgrade heads``), demo data loaded (``seed-demo``):
        both in one Python process, which saves an app start-up."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        if not (STATIC / "htmx.min.js.gz").exists():
            subprocess.run([str(BIN / "python"), "scripts/assets.py"], cwd=ROOT, check=True)
        script = PREPARE + ("seed_demo()\n" if seed_demo else "")
        result = subprocess.run([str(BIN / "python"), "-c", script], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"preparing the database failed:\n{result.stdout}\n{result.stderr}")

    def start(self, timeout: float = 30.0) -> None:
        self._log_file = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self._process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--no-control-socket", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers),
             "--access-logfile", "-", "--graceful-timeout", "2", "--preload", "wsgi:app"],
            # Same process group as the caller: when the test run is killed, gunicorn goes with it.
            cwd=ROOT, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self._process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the gunicorn master (it stops its workers)."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        if getattr(self, "_log_file", None):
            self._log_file.close()
            self._log_file = None
        self._db_dir.cleanup()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> LiveServer:
        self.prepare()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
