"""Where a page's server time goes: the benchmark's data set, one page under cProfile, the top functions.

    python scripts/bench/profile_page.py "workspace page" [--tasks 100] [--repeat 20] [--sort tottime]

Uses a scratch SQLite database and the production profile; prints pstats sorted by ``--sort``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a page or interaction name from inproc.PAGES / inproc.INTERACTIONS")
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--dashboard", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="bench-profile-")
    os.environ.update(MENTORBRUG_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
                      DATABASE_URL=f"sqlite:///{scratch.name}/profile.sqlite", BASE_URL="http://127.0.0.1")
    import dataset
    from flask_migrate import upgrade
    from inproc import PAGES, htmx_headers, interactions, resolve

    from wsgi import app

    with app.app_context():
        upgrade(revision="heads")
        data = dataset.build(tasks=args.tasks, dashboard=args.dashboard)
    ws, lead = data["busy"][0]["id"], data["lead"]
    paths = resolve(app, data)
    posts = interactions(paths, ws, data["busy"][0]["current_task_ids"][0])
    client = app.test_client(use_cookies=False)

    def once():
        if args.page in PAGES:
            response = client.get(paths[args.page].format(ws=ws), headers={"Cookie": lead["cookie"]})
        else:
            path, form = posts[args.page]
            response = client.post(path, headers=htmx_headers(lead, path), data=form)
        assert response.status_code == 200, response.status_code
        response.close()

    for _ in range(3):
        once()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        once()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.dump_stats(os.environ.get("BENCH_PROFILE_OUT", scratch.name + "/profile.pstats"))
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.lines)
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
