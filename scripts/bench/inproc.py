"""The in-process half of ``make bench``: builds the data set, and measures inside the app.

    python scripts/bench/inproc.py prepare --out data.json [--tasks 100 --notes 20 --dashboard 30 ...]
    python scripts/bench/inproc.py measure --out result.json [the same options] [--repeat 30]

Both migrate the database in ``DATABASE_URL`` and build the data set (``dataset.build``). ``prepare`` writes
what the load generators need. ``measure`` then sends each page and interaction through Flask's test client
(no network, no gunicorn) and records the SQL statements each one runs, and the server time of the
workspace page (median and 90th percentile of ``--repeat`` requests after a warm-up): the process's CPU time,
which hardly depends on what else the machine runs, and the wall-clock time next to it. Run by
``scripts/bench/run.py``; the environment (``MENTORBRUG_ENV``, ``SECRET_KEY``, ``DATABASE_URL``) comes from it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PAGES = {
    "workspace page": "/w/{ws}/",
    "dashboard": "/dashboard/",
    "notes list": "/w/{ws}/notes/",
    "pilot plan": "/w/{ws}/pilot/plan",
    "report": "/w/{ws}/pilot/report",
}


#: The htmx POSTs: path pattern and form fields.
INTERACTIONS = {
    "tick a task": ("/w/{ws}/workflow/tasks/{task}/done", {"done": "1"}),
    "add a note": ("/w/{ws}/notes/new", {"title": "Kort overleg", "body": "We spraken de planning door.",
                                         "stage": "pilot"}),
    "save a pilot section": ("/w/{ws}/pilot/plan/construction",
                             {"construction": "coproduction", "construction_note": "Samen uitvoeren."}),
}


def resolve(app, data: dict) -> dict[str, str]:
    """Each page's and interaction's path pattern as this version of the app serves it. A permanent redirect
    (a page that moved: 301 or 308) is followed, so the benchmark measures the page, not the redirect."""
    client = app.test_client(use_cookies=False)
    ws, task, lead = data["busy"][0]["id"], data["busy"][0]["current_task_ids"][-1], data["lead"]
    paths = {}
    for name, (pattern, form) in {**{n: (p, None) for n, p in PAGES.items()}, **INTERACTIONS}.items():
        path = pattern.format(ws=ws, task=task)
        for _ in range(3):
            headers = htmx_headers(lead, path) if form else {"Cookie": lead["cookie"]}
            response = client.open(path, method="POST" if form else "GET", headers=headers, data=form)
            response.close()
            if response.status_code not in (301, 308):
                break
            location = urlsplit(response.headers["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
        paths[name] = path.replace(f"/w/{ws}/", "/w/{ws}/").replace(f"/{task}/", "/{task}/")
    return paths


def interactions(paths: dict[str, str], ws: int, task: int) -> dict[str, tuple[str, dict]]:
    """The htmx POSTs for workspace ``ws`` (ticking ``task``): path and form fields."""
    return {name: (paths[name].format(ws=ws, task=task), form) for name, (_pattern, form) in INTERACTIONS.items()}


def htmx_headers(session: dict, path: str) -> dict[str, str]:
    return {"Cookie": session["cookie"], "X-CSRFToken": session["csrf"], "HX-Request": "true",
            "HX-Current-URL": "http://127.0.0.1" + path}


def _app():
    from wsgi import app

    return app


def _build(app, args) -> dict:
    import dataset
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")
        return dataset.build(tasks=args.tasks, notes_per_workspace=args.notes, dashboard=args.dashboard,
                             busy=args.busy, users=args.users, database_tasks=args.database_tasks)


def prepare(args) -> dict:
    app = _app()
    data = _build(app, args)
    data["paths"] = resolve(app, data)
    return data


class StatementCounter:
    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args, **_kwargs):
        self.count += 1


def measure(args) -> dict:
    app = _app()
    data = _build(app, args)
    paths = resolve(app, data)
    from workspace.extensions import db

    with app.app_context():
        counter = StatementCounter(db.engine)
    client = app.test_client(use_cookies=False)
    lead = data["lead"]
    ws = data["busy"][0]["id"]
    result = {"tasks_in_workspace": args.tasks, "tasks_in_database": data["tasks_in_database"],
              "workspaces_of_lead": data["workspaces_of_lead"], "statements": {}, "status": {}}

    def send(method: str, path: str, form: dict | None = None) -> int:
        before = counter.count
        headers = htmx_headers(lead, path) if method == "POST" else {"Cookie": lead["cookie"]}
        response = client.open(path, method=method, headers=headers, data=form)
        response.close()
        result["status"][f"{method} {path}"] = response.status_code
        if response.status_code != 200:
            raise SystemExit(f"{method} {path} answered {response.status_code}: {response.get_data(True)[:500]}")
        return counter.count - before

    result["paths"] = paths
    for name in PAGES:
        page = paths[name].format(ws=ws)
        send("GET", page)  # warm-up: template compilation, caches
        # The fewer of two: once a minute a request also stores the session's last-seen time.
        result["statements"][name] = min(send("GET", page), send("GET", page))
    for name, (path, form) in interactions(paths, ws, data["busy"][0]["current_task_ids"][0]).items():
        result["statements"][name] = send("POST", path, form)

    result["page_cpu_ms"] = {}
    for name in PAGES:
        page = paths[name].format(ws=ws)
        for _ in range(3):
            send("GET", page)
        wall, cpu = [], []
        for _ in range(args.repeat if name == "workspace page" else max(3, args.repeat // 3)):
            start, start_cpu = time.perf_counter(), time.process_time()
            send("GET", page)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        result["page_cpu_ms"][name] = statistics.median(cpu)
        if name == "workspace page":
            result["workspace_page_ms"] = {"median": statistics.median(cpu), "p90": _p90(cpu),
                                           "wall_median": statistics.median(wall), "wall_p90": _p90(wall),
                                           "repeat": args.repeat}
    return result


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("prepare", "measure"))
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--tasks", type=int, default=100, help="tasks in each busy workspace")
    parser.add_argument("--notes", type=int, default=20, help="notes in each busy workspace")
    parser.add_argument("--dashboard", type=int, default=30, help="workspaces the demo lead sees")
    parser.add_argument("--busy", type=int, default=1, help="busy workspaces (pilot stage, full)")
    parser.add_argument("--users", type=int, default=0, help="extra people, members of the busy workspaces")
    parser.add_argument("--database-tasks", type=int, default=0,
                        help="add tasks to the other workspaces until the database holds this many")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    result = prepare(args) if args.command == "prepare" else measure(args)
    args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
