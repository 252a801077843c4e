"""Server benchmark: Mentorbrug's busy pages against a bare Flask "hello" under the same gunicorn.

    make bench                     (python scripts/bench/run.py; about 10 minutes)
    make bench BENCH_ARGS=--quick  (short runs, about 3 minutes)
    python scripts/bench/run.py --compare instance/bench/bench-OLD.json

In one run it
1. builds a data set with the app's own models and services (``dataset.py``): a workspace at the pilot stage
   with 100 tasks over its stages and 20 notes, 30 workspaces on the demo lead's dashboard;
2. starts the app with the production settings (``MENTORBRUG_ENV=production`` and gunicorn.conf.py when the
   repository has one, else the Dockerfile's gunicorn flags) and the bare Flask app under the same flags;
3. drives both with wrk (``apt-get install -y wrk``), logged in as the demo lead; POSTs carry the CSRF token
   and the HX-Request header as htmx sends them; prints req/s, p50 and p99 and the ratio to hello, which is
   measured before and after the app in the same run (the machine is shared: only ratios compare across runs);
4. measures in-process (Flask's test client): server time of the workspace page at 100 and 1,000 tasks, and
   SQL statements per page with 10 tasks in the workspace and with 10,000 tasks in the database;
5. runs 50 simulated users (15 % writes, think time 0.5-1.5 s) for two minutes on SQLite and on PostgreSQL
   (your own database, ``--postgres-url``): lock errors, write p99.
It prints a table and writes everything as JSON (``--json``, default ``instance/bench/bench-<time>.json``).
This is a benchmark, not a test: it judges nothing and exits 0 unless something could not be measured.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

import mixed  # noqa: E402
from inproc import PAGES, htmx_headers, interactions  # noqa: E402

#: The Dockerfile's gunicorn flags (used until the repository has a gunicorn.conf.py).
DOCKERFILE_FLAGS = ["--workers", "3", "--access-logfile", "-"]
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/mb_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url: str, secret: str) -> dict[str, str]:
    env = {**os.environ, "MENTORBRUG_ENV": "production", "SECRET_KEY": secret, "DATABASE_URL": database_url,
           "BASE_URL": "http://127.0.0.1", "FLASK_APP": "wsgi", "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("MAIL_SERVER", "TEST_DATABASE_URL", "FLASK_DEBUG"):
        env.pop(name, None)
    return env


def gunicorn_flags() -> tuple[list[str], str]:
    conf = ROOT / "gunicorn.conf.py"
    if conf.exists():
        return ["-c", str(conf)], "gunicorn.conf.py"  # the access log still goes to a file (Server)
    return ["--no-control-socket", *DOCKERFILE_FLAGS], "the Dockerfile's flags (--workers 3)"


class Server:
    """One gunicorn master (app or hello) on a free port; its log goes to ``log``."""

    def __init__(self, target: str, env: dict, log: Path, pythonpath: Path | None = None):
        self.port = free_port()
        self.log = log
        # The access log goes to a file of its own: its lines count the requests the workers really handled
        # (wrk stops the clock with requests still queued; the workers finish them after it).
        self.access_log = log.with_suffix(".access.log")
        flags, _ = gunicorn_flags()
        command = [str(BIN / "gunicorn"), *flags, "-b", f"127.0.0.1:{self.port}",
                   "--access-logfile", str(self.access_log)]
        if pythonpath:
            command += ["--pythonpath", str(pythonpath)]
        self.command = command + [target]
        self.env = env
        self.process = None

    def __enter__(self) -> Server:
        self.log_file = open(self.log, "ab")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 40 s")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the gunicorn master and its workers. Unlike req/s it hardly
        depends on what else the machine is doing, so it is the fairer figure on a shared machine."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a worker that has just exited
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def handled(self) -> int:
        try:
            with open(self.access_log, "rb") as log:
                return sum(1 for _ in log)
        except OSError:
            return 0

    def wait_idle(self, timeout: float = 90) -> None:
        """Until the workers stop using CPU: booted, and done with whatever a load left queued."""
        deadline = time.monotonic() + timeout
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - last < 0.02:
                return
            last = now

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# --- wrk ------------------------------------------------------------------------------------------------

LUA = """
local requests = {requests}
local headers = {headers}
counter = 0
bad = 0  -- global: done() reads it from each thread with thread:get
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  return wrk.format(r[1], r[2], headers, r[3])
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do not_ok = not_ok + thread:get("bad") end
  io.write(string.format(
    'BENCHJSON {{"requests": %d, "duration_us": %d, "not_200": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p99_us": %d, "mean_us": %.1f}}\\n',
    summary.requests, summary.duration, not_ok,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(requests: list[tuple[str, str, str | None]], headers: dict[str, str]) -> str:
    rows = ",\n  ".join("{" + ", ".join([lua_string(m), lua_string(p), lua_string(b) if b else "nil"]) + "}"
                        for m, p, b in requests)
    head = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
    return LUA.format(requests="{\n  " + rows + "\n}", headers="{" + head + "}")


def wrk(server: Server, requests, headers: dict, seconds: float, workdir: Path, name: str, threads: int,
        connections: int) -> dict:
    script = workdir / (re.sub(r"\W+", "-", name) + ".lua")
    script.write_text(lua_script(requests, headers))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script),
               f"http://127.0.0.1:{server.port}"]
    server.wait_idle()
    cpu_before, handled_before = server.cpu_seconds(), server.handled()
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120).stdout
    server.wait_idle()
    cpu, handled = server.cpu_seconds() - cpu_before, server.handled() - handled_before
    line = next((line for line in output.splitlines() if line.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result for {name}:\n{output}")
    raw = json.loads(line.removeprefix("BENCHJSON "))
    return {"rps": raw["requests"] / (raw["duration_us"] / 1e6), "p50_ms": raw["p50_us"] / 1000,
            "cpu_ms_per_request": cpu * 1000 / max(1, handled), "handled": handled,
            "p99_ms": raw["p99_us"] / 1000, "requests": raw["requests"], "not_200": raw["not_200"],
            "socket_errors": raw["socket_errors"]}


def warm_up(server: Server, requests, headers: dict, count: int = 12) -> None:
    """A few requests, each answered, from several threads so that every worker gets some: templates compiled,
    caches filled. By count, not by time: a timed warm-up would leave requests queued for the measurement."""
    from concurrent.futures import ThreadPoolExecutor

    def one(number: int) -> None:
        method, path, body = requests[number % len(requests)]
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", method=method, headers=headers,
                                         data=body.encode() if body else None)
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(one, range(count)))


def form_body(form: dict) -> str:
    return urllib.parse.urlencode(form)


def check(port: int, method: str, path: str, headers: dict, body: str | None) -> None:
    """One request before the load: it must answer 200 without a redirect (a lost login would look fast)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=headers,
                                     data=body.encode() if body else None)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(f"{method} {path} answered {status} before the load; the benchmark would be wrong")


def scenarios(data: dict) -> list[tuple[str, str, list, dict]]:
    """(name, kind, requests for the Lua script, headers) for every page and interaction."""
    ws = data["busy"][0]["id"]
    lead = data["lead"]
    tasks = data["busy"][0]["current_task_ids"]
    paths = data["paths"]
    rows = []
    for name in PAGES:
        rows.append((name, "page", [("GET", paths[name].format(ws=ws), None)], {"Cookie": lead["cookie"]}))
    posts = interactions(paths, ws, tasks[0])
    headers = {**htmx_headers(lead, f"/w/{ws}/"), "Content-Type": "application/x-www-form-urlencoded"}
    tick = []
    for task in tasks:  # each task done, then not done again
        path = paths["tick a task"].format(ws=ws, task=task)
        tick += [("POST", path, "done=1"), ("POST", path, "done=0")]
    rows.append(("tick a task", "interaction", tick, headers))
    path, form = posts["add a note"]
    rows.append(("add a note", "interaction", [("POST", path, form_body(form))], headers))
    path, form = posts["save a pilot section"]
    rows.append(("save a pilot section", "interaction",
                 [("POST", path, form_body(form)),
                  ("POST", path, form_body({**form, "construction": "embedded"}))], headers))
    return rows


# --- steps ----------------------------------------------------------------------------------------------

def inproc(command: str, env: dict, out: Path, *options: str) -> dict:
    result = subprocess.run([str(BIN / "python"), str(HERE / "inproc.py"), command, "--out", str(out), *options],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"inproc.py {command} {' '.join(options)} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(out.read_text())


def sqlite_url(workdir: Path, name: str) -> str:
    return f"sqlite:///{workdir / name}"


def reset_postgres(url: str) -> str | None:
    """Drop and create the benchmark's own PostgreSQL database; a reason when it cannot be had."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not shutil.which("createdb"):
        return "createdb is not installed"
    common = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    env = {**os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {})}
    for command in (["dropdb", "--if-exists", *common, parsed.database], ["createdb", *common, parsed.database]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        if result.returncode != 0:
            return f"{' '.join(command[:1])}: {result.stderr.strip()}"
    return None


def run_pages(args, workdir: Path, secret: str) -> dict:
    env = base_env(sqlite_url(workdir, "pages.sqlite"), secret)
    data = inproc("prepare", env, workdir / "pages.json", "--tasks", "100", "--notes", "20", "--dashboard", "30")
    hello_env = {k: v for k, v in env.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    seconds = args.duration
    result = {"rows": [], "hello": []}
    wrk_options = dict(seconds=seconds, workdir=workdir, threads=args.threads, connections=args.connections)

    def hello_once(label: str) -> None:
        with Server("hello:app", hello_env, workdir / "hello.log", pythonpath=HERE) as hello:
            check(hello.port, "GET", "/", {}, None)
            warm_up(hello, [("GET", "/", None)], {}, count=200)
            row = wrk(hello, [("GET", "/", None)], {}, name="hello", **wrk_options)
        row["when"] = label
        result["hello"].append(row)
        print(f"  hello ({label}): {row['rps']:.0f} req/s, {row['cpu_ms_per_request']:.2f} CPU ms each", flush=True)

    hello_once("before")
    with Server("wsgi:app", env, workdir / "app.log") as app:
        for name, kind, requests, headers in scenarios(data):
            method, path, body = requests[0]
            check(app.port, method, path, headers, body)
            warm_up(app, requests, headers)
            row = wrk(app, requests, headers, name=name, **wrk_options)
            row.update(name=name, kind=kind)
            result["rows"].append(row)
            print(f"  {name}: {row['rps']:.1f} req/s, {row['cpu_ms_per_request']:.1f} CPU ms each", flush=True)
    hello_once("after")
    hello = sum(h["rps"] for h in result["hello"]) / len(result["hello"])
    result["hello_rps"] = hello
    hello_cpu = sum(h["cpu_ms_per_request"] for h in result["hello"]) / len(result["hello"])
    result["hello_cpu_ms"] = hello_cpu
    for row in result["rows"]:
        row["ratio"] = row["rps"] / hello
        row["cpu_ratio"] = hello_cpu / row["cpu_ms_per_request"] if row["cpu_ms_per_request"] else 0
        row["rps_per_core"] = 1000 / row["cpu_ms_per_request"] if row["cpu_ms_per_request"] else 0
    return result


def run_inproc(args, workdir: Path, secret: str) -> dict:
    repeat = "10" if args.quick else "30"
    small = inproc("measure", base_env(sqlite_url(workdir, "small.sqlite"), secret), workdir / "small.json",
                   "--tasks", "10", "--notes", "5", "--dashboard", "5", "--repeat", "3")
    print(f"  statements with 10 tasks ({small['tasks_in_database']} in the database): done", flush=True)
    hundred = inproc("measure", base_env(sqlite_url(workdir, "t100.sqlite"), secret), workdir / "t100.json",
                     "--tasks", "100", "--repeat", repeat)
    print(f"  workspace page at 100 tasks: {hundred['workspace_page_ms']['median']:.1f} ms", flush=True)
    thousand = inproc("measure", base_env(sqlite_url(workdir, "t1000.sqlite"), secret), workdir / "t1000.json",
                      "--tasks", "1000", "--repeat", repeat, "--database-tasks", "10000")
    print(f"  workspace page at 1,000 tasks: {thousand['workspace_page_ms']['median']:.1f} ms", flush=True)
    return {"small": small, "t100": hundred, "t1000": thousand,
            "ratio_1000_to_100": thousand["workspace_page_ms"]["median"] / hundred["workspace_page_ms"]["median"]}


def run_mixed(args, workdir: Path, secret: str, database_url: str, label: str) -> dict:
    env = base_env(database_url, secret)
    data = inproc("prepare", env, workdir / f"mixed-{label}.json", "--tasks", "100", "--notes", "20",
                  "--dashboard", "30", "--busy", "5", "--users", str(args.users))
    tasks_of = {space["id"]: space["current_task_ids"] for space in data["busy"]}
    log = workdir / f"mixed-{label}.log"
    with Server("wsgi:app", env, log) as app:
        app.wait_idle()
        cpu_before, handled_before = app.cpu_seconds(), app.handled()
        result = mixed.run("127.0.0.1", app.port, data["users"], tasks_of, args.mixed_seconds, data["paths"])
        app.wait_idle()
        handled = app.handled() - handled_before
        result["cpu_ms_per_request"] = round((app.cpu_seconds() - cpu_before) * 1000 / max(1, handled), 1)
    text = log.read_text(errors="replace")
    result["locked_in_log"] = text.count("database is locked")
    result["server_errors"] = sum(v for k, v in result["statuses"].items() if k.startswith("5"))
    # A failed request whose traceback in the log says the database was locked.
    result["lock_errors"] = result["server_errors"] + result["broken_connections"] if result["locked_in_log"] else 0
    return result


# --- output ---------------------------------------------------------------------------------------------

def print_report(results: dict, old: dict | None) -> None:
    meta = results["meta"]
    print()
    print(f"Mentorbrug server benchmark, {meta['when']} on {meta['cpus']} CPUs (load average at the start "
          f"{meta['load_at_start']}); gunicorn: {meta['gunicorn']};")
    print(f"wrk -t{meta['threads']} -c{meta['connections']} -d{meta['duration']}s per row. The machine is shared: "
          "compare ratios to hello, which was measured in this run.")
    pages = results.get("pages")
    if pages:
        hello = pages["hello_rps"]
        before, after = (f"{h['rps']:.0f}" for h in pages["hello"])
        print()
        header = (f"{'page or interaction':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} "
                  f"{'CPU ms':>7} {'CPU ratio':>9} {'req/s/core':>10}  not 200")
        if old and old.get("pages"):
            header += f"   {'before: ratio':>13} {'CPU ratio':>9}"
        print(header)
        print("-" * len(header))
        hello_cpu = pages["hello_cpu_ms"]
        print(f"{'bare Flask hello':24} {hello:8.0f} {'':>8} {'':>8} {1:7.3f} {hello_cpu:7.2f} {1:9.3f} "
              f"{1000 / hello_cpu:10.0f}  (mean of {before} before and {after} after)")
        old_rows = {r["name"]: r for r in (old or {}).get("pages", {}).get("rows", [])}
        for row in pages["rows"]:
            line = (f"{row['name']:24} {row['rps']:8.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
                    f"{row['ratio']:7.3f} {row['cpu_ms_per_request']:7.1f} {row['cpu_ratio']:9.3f} "
                    f"{row['rps_per_core']:10.1f}  {row['not_200'] + row['socket_errors']}")
            if row["name"] in old_rows:
                line += f"   {old_rows[row['name']]['ratio']:13.3f} {old_rows[row['name']].get('cpu_ratio', 0):9.3f}"
            print(line)
        print("ratio: req/s over hello's req/s. CPU ms: CPU time of the gunicorn workers per request; CPU ratio: "
              "hello's CPU ms over the row's\n(what the machine could serve if it were ours alone; "
              "req/s/core = 1000 / CPU ms).")
    measured = results.get("inproc")
    if measured:
        t100, t1000 = measured["t100"]["workspace_page_ms"], measured["t1000"]["workspace_page_ms"]
        print()
        print("Server time of the workspace page (in-process, Flask test client; CPU time, median / p90):")
        print(f"  100 tasks: {t100['median']:.1f} / {t100['p90']:.1f} ms   1,000 tasks: {t1000['median']:.1f} / "
              f"{t1000['p90']:.1f} ms   ratio {measured['ratio_1000_to_100']:.2f}   (wall clock, median: "
              f"{t100.get('wall_median', 0):.1f} and {t1000.get('wall_median', 0):.1f} ms)")
        pages = measured["t100"].get("page_cpu_ms", {})
        if pages:
            print("  every page at 100 tasks (CPU ms, median): "
                  + ", ".join(f"{name} {ms:.1f}" for name, ms in pages.items()))
        small, big = measured["small"], measured["t1000"]
        print()
        print(f"SQL statements per request: {small['tasks_in_workspace']} tasks in the workspace "
              f"({small['tasks_in_database']} in the database, {small['workspaces_of_lead']} workspaces on the "
              f"dashboard) vs {big['tasks_in_workspace']} in the workspace ({big['tasks_in_database']} in the "
              f"database, {big['workspaces_of_lead']} workspaces)")
        for name in small["statements"]:
            print(f"  {name:24} {small['statements'][name]:4} {big['statements'][name]:6}")
    for label in ("sqlite", "postgresql"):
        run = results.get("mixed", {}).get(label)
        if not run:
            continue
        print()
        if "skipped" in run:
            print(f"{label}: skipped ({run['skipped']})")
            continue
        print(f"{label}: {run['users']} users, {run['seconds']} s, {run['requests']} requests "
              f"({run['requests_per_s']} req/s, {run['write_share'] * 100:.0f} % writes): lock errors "
              f"{run['lock_errors']}, write p50/p99 {run['write_p50_ms']}/{run['write_p99_ms']} ms, read p50/p99 "
              f"{run['read_p50_ms']}/{run['read_p99_ms']} ms, statuses {run['statuses']}, broken connections "
              f"{run['broken_connections']}, {run.get('cpu_ms_per_request')} CPU ms per request")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=textwrap.dedent(__doc__.split("\n", 1)[1]))
    parser.add_argument("--quick", action="store_true", help="short runs (3 s per row, 15 s of mixed load)")
    parser.add_argument("--json", type=Path, help="where to write the results (default instance/bench/...)")
    parser.add_argument("--compare", type=Path, help="an earlier JSON result to print next to this one")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
                        help="PostgreSQL database of the benchmark's own; dropped and made anew (%(default)s)")
    parser.add_argument("--skip", action="append", default=[], choices=("pages", "inproc", "sqlite", "postgresql"),
                        help="leave a part out (repeatable)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    # On SIGTERM unwind normally, so that the servers started here are stopped and the scratch files go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.duration = 3 if args.quick else 10
    args.mixed_seconds = 15 if args.quick else 120
    if "pages" not in args.skip and not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk (Debian) or brew install wrk", file=sys.stderr)
        return 2
    if not (ROOT / "workspace" / "static").is_dir():
        subprocess.run([str(BIN / "python"), "scripts/assets.py"], cwd=ROOT, check=True)
    old = json.loads(args.compare.read_text()) if args.compare else None
    started = datetime.now(UTC)
    results = {"meta": {"when": started.strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
                        "load_at_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
                        "gunicorn": gunicorn_flags()[1], "threads": args.threads,
                        "connections": args.connections, "duration": args.duration, "quick": args.quick,
                        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                                 capture_output=True, text=True).stdout.strip()}}
    secret = secrets.token_urlsafe(48)
    (ROOT / "instance").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=ROOT / "instance") as tmp:
        workdir = Path(tmp)
        if "pages" not in args.skip:
            print("pages and interactions under wrk:", flush=True)
            results["pages"] = run_pages(args, workdir, secret)
        if "inproc" not in args.skip:
            print("in-process: server time and SQL statements:", flush=True)
            results["inproc"] = run_inproc(args, workdir, secret)
        results["mixed"] = {}
        if "sqlite" not in args.skip:
            print(f"{args.users} users on SQLite for {args.mixed_seconds} s:", flush=True)
            results["mixed"]["sqlite"] = run_mixed(args, workdir, secret, sqlite_url(workdir, "mixed.sqlite"),
                                                   "sqlite")
        if "postgresql" not in args.skip:
            print(f"{args.users} users on PostgreSQL for {args.mixed_seconds} s:", flush=True)
            problem = reset_postgres(args.postgres_url)
            results["mixed"]["postgresql"] = ({"skipped": problem} if problem else
                                              run_mixed(args, workdir, secret, args.postgres_url, "postgresql"))
    out = args.json or ROOT / "instance" / "bench" / f"bench-{started.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print_report(results, old)
    print(f"\nWritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
