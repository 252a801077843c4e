"""Page weight: bytes over the wire and requests per page and per htmx interaction, in a real Chromium.

    python scripts/bench_web.py            (make bench-web)

Starts Mentorbrug under gunicorn with a fresh SQLite database and the demo data, logs in as a demo lead and
loads each page in a fresh browser context (an empty cache: a first visit), then the same page again (a return
visit: the fingerprinted static files come from the cache), then does a few htmx interactions. Bytes are what
Chromium received (``encodedDataLength``: compressed bodies plus headers).

Budget: a first visit <= 60 KB in <= 6 requests; an htmx interaction <= 10 KB in 1 request.
Exits with status 1 when a row is over budget. This is a benchmark, not a test: timings are not measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.liveserver import LiveServer  # noqa: E402

FIRST_VISIT_BYTES = 60 * 1024
FIRST_VISIT_REQUESTS = 6
HTMX_BYTES = 10 * 1024
HTMX_REQUESTS = 1
DEMO_LEAD = ("lead@mentor.example", "mentorbrug-demo")
DEMO_WORKSPACE = "Mentoren voor jongeren op de wachtlijst"


@dataclass
class Traffic:
    """What one page received, from the DevTools protocol's network events."""

    requests: dict[str, dict] = field(default_factory=dict)

    def attach(self, cdp) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._finished)

    def _sent(self, event) -> None:
        redirect = event.get("redirectResponse")
        if redirect and event["requestId"] in self.requests:
            # The same request id goes on after a redirect: keep the redirect as a request of its own.
            earlier = self.requests.pop(event["requestId"])
            earlier.update(bytes=int(redirect.get("encodedDataLength", 0)) or 1, done=True,
                           status=redirect.get("status"))
            self.requests[event["requestId"] + "-redirect-" + str(len(self.requests))] = earlier
        self.requests[event["requestId"]] = {"url": event["request"]["url"], "method": event["request"]["method"],
                                             "bytes": 0, "cached": False, "encoding": "", "done": False}
        self.last_event = time.monotonic()

    def _from_cache(self, event) -> None:
        entry = self.requests.get(event["requestId"])
        if entry is not None:
            entry["cached"] = True

    def _response(self, event) -> None:
        entry = self.requests.get(event["requestId"])
        if entry is not None:
            response = event["response"]
            entry["cached"] = bool(response.get("fromDiskCache") or response.get("fromMemoryCache"))
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            entry["encoding"] = headers.get("content-encoding", "")
            entry["status"] = response.get("status")

    def _finished(self, event) -> None:
        entry = self.requests.get(event["requestId"])
        if entry is not None:
            entry["bytes"] = int(event.get("encodedDataLength", 0))
            entry["done"] = True
        self.last_event = time.monotonic()

    def reset(self) -> None:
        self.requests.clear()

    def wait_idle(self, page, quiet: float = 0.5, timeout: float = 10.0) -> None:
        """Until every request has finished and nothing new started for ``quiet`` seconds (an htmx swap can
        trigger a follow-up request, e.g. a region refreshing on the ``workspace-changed`` event)."""
        self.last_event = getattr(self, "last_event", time.monotonic())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the protocol events
            if all(r["done"] for r in self.requests.values()) and time.monotonic() - self.last_event > quiet:
                return
        raise TimeoutError("the page did not become idle")

    def over_the_wire(self) -> list[dict]:
        """Requests that went to the server. A response from the browser's memory cache has no protocol event
        of its own here, but it received 0 bytes."""
        return [r for r in self.requests.values()
                if not r["cached"] and r["bytes"] > 0 and not r["url"].startswith("data:")]

    def from_cache(self) -> list[str]:
        return [r["url"] for r in self.requests.values()
                if (r["cached"] or r["bytes"] == 0) and not r["url"].startswith("data:")]


@dataclass
class Row:
    what: str
    kind: str  # "first", "return" or "htmx"
    requests: list[dict]
    cached: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r["bytes"] for r in self.requests)

    def verdict(self) -> str:
        if self.kind == "first":
            ok = self.total <= FIRST_VISIT_BYTES and len(self.requests) <= FIRST_VISIT_REQUESTS
        elif self.kind == "htmx":
            ok = self.total <= HTMX_BYTES and len(self.requests) <= HTMX_REQUESTS
        else:
            return ""
        return "ok" if ok else "OVER BUDGET"


def _page(context, traffic: Traffic):
    page = context.new_page()
    traffic.attach(context.new_cdp_session(page))
    return page


def measure(base_url: str, chromium: str) -> list[Row]:
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        options = dict(base_url=base_url, locale="nl-NL", viewport={"width": 1280, "height": 900})

        # The login page, cold.
        context = browser.new_context(**options)
        traffic = Traffic()
        page = _page(context, traffic)
        page.goto("/login")
        traffic.wait_idle(page)
        rows.append(Row("login page", "first", traffic.over_the_wire()))
        page.get_by_label("E-mailadres", exact=True).fill(DEMO_LEAD[0])
        page.get_by_label("Wachtwoord", exact=True).fill(DEMO_LEAD[1])
        page.get_by_role("main").get_by_role("button").first.click()
        page.get_by_role("link", name=DEMO_WORKSPACE, exact=True).first.click()
        page.get_by_role("heading", level=1, name=DEMO_WORKSPACE).wait_for()
        workspace_path = page.url.removeprefix(base_url)
        session = context.storage_state()
        context.close()

        pages = [("dashboard", "/"), ("workspaces list", "/workspaces/"), ("workspace page", workspace_path)]
        for name, path in pages:
            # A first visit: a new context has an empty cache (the session cookie comes along).
            context = browser.new_context(storage_state=session, **options)
            traffic = Traffic()
            page = _page(context, traffic)
            page.goto(path)
            traffic.wait_idle(page)
            rows.append(Row(name, "first", traffic.over_the_wire()))
            traffic.reset()
            page.goto(path)
            traffic.wait_idle(page)
            rows.append(Row(name, "return", traffic.over_the_wire(), traffic.from_cache()))
            if name == "workspace page":
                rows.extend(_interactions(page, traffic))
            context.close()
        browser.close()
    return rows


def _interactions(page, traffic: Traffic) -> list[Row]:
    """htmx interactions on the workspace page; each row counts every request it caused (the swap and any
    region that refreshes on the ``workspace-changed`` event)."""
    rows = []
    tick = page.get_by_role("region", name="Taken in deze fase").get_by_role("button", name="Klaar:", pressed=False)
    if tick.count():
        traffic.reset()
        tick.first.click()
        traffic.wait_idle(page)
        rows.append(Row("htmx: tick a task", "htmx", traffic.over_the_wire()))
        untick = page.get_by_role("region", name="Taken in deze fase").get_by_role("button", name="Klaar:",
                                                                                  pressed=True)
        traffic.reset()
        untick.first.click()
        traffic.wait_idle(page)
        rows.append(Row("htmx: untick it again", "htmx", traffic.over_the_wire()))
    return rows


def print_table(rows: list[Row]) -> None:
    print()
    print(f"{'page or interaction':28} {'visit':7} {'requests':>8} {'bytes':>9}  {'budget':12} what came over the wire")
    print("-" * 110)
    for row in rows:
        detail = ", ".join(
            f"{r['method']} {_short(r['url'])} {r['bytes'] / 1024:.1f} KB{' gz' if r['encoding'] == 'gzip' else ''}"
            for r in row.requests
        )
        if row.cached:
            detail += f" (+{len(row.cached)} from the browser cache: {', '.join(_short(u) for u in row.cached)})"
        print(f"{row.what:28} {row.kind:7} {len(row.requests):>8} {row.total / 1024:>7.1f} KB  {row.verdict():12} {detail}")
    if any(row.kind == "htmx" and len(row.requests) > 1 for row in rows):
        print("\nAn htmx row with two requests: the action's own POST, then a region that refreshes itself on the "
              "workspace-changed event\n(HX-Trigger). Returning that region as an out-of-band swap would make it "
              "one request.")
    print()
    print(f"Budget: a first visit <= {FIRST_VISIT_BYTES // 1024} KB in <= {FIRST_VISIT_REQUESTS} requests; "
          f"an htmx interaction <= {HTMX_BYTES // 1024} KB in {HTMX_REQUESTS} request.")


def _short(url: str) -> str:
    path = url.split("//", 1)[-1].split("/", 1)[-1]
    return "/" + path.split("?")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=CHROMIUM, help="path to Chromium (default: %(default)s)")
    args = parser.parse_args()
    if not os.access(args.chromium, os.X_OK):
        print(f"Chromium is not at {args.chromium}: apt-get install -y chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mentorbrug-bench-") as workdir, LiveServer(Path(workdir)) as server:
        rows = measure(server.url, args.chromium)
    print_table(rows)
    return 1 if any(row.verdict() == "OVER BUDGET" for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
