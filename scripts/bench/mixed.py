"""Simulated users for ``make bench``: a thread per person, each with their own session, clicking through
their workspace with a think time between requests; 15 % of the requests write (as htmx sends them).

Each request's latency is measured from sending to the last byte of the answer. A "lock error" is an answer
of 500 (or a broken connection) while the server log shows SQLite's "database is locked"; every status is
counted as well, so nothing is hidden.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

#: (name, weight, is a write). Reads 85 %, writes 15 %.
MIX = (
    ("workspace page", 35, False),
    ("dashboard", 20, False),
    ("notes list", 15, False),
    ("pilot plan", 10, False),
    ("report", 5, False),
    ("tick a task", 8, True),
    ("add a note", 4, True),
    ("save a pilot section", 3, True),
)
THINK = (0.5, 1.5)  # seconds between one answer and the next click, uniform (mean 1 s)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    broken: int = 0
    lock = threading.Lock()

    def add(self, name: str, seconds: float, status: int | None) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds)
            if status is None:
                self.broken += 1
            else:
                self.statuses[status] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class User(threading.Thread):
    def __init__(self, host: str, port: int, person: dict, task_ids: list[int], deadline: float, tally: Tally,
                 seed: int, paths: dict[str, str]):
        super().__init__(daemon=True)
        self.paths = paths
        self.host, self.port, self.person, self.task_ids = host, port, person, task_ids
        self.deadline, self.tally = deadline, tally
        self.random = random.Random(seed)
        self.ws = person["workspace_id"]
        self.number = 0

    def request(self, name: str) -> tuple[str, str, dict | None]:
        ws, n = self.ws, self.number
        if not any(name == m[0] and m[2] for m in MIX):
            return "GET", self.paths[name].format(ws=ws), None
        if name == "tick a task":
            task = self.random.choice(self.task_ids)
            return "POST", self.paths[name].format(ws=ws, task=task), {"done": self.random.choice("01")}
        if name == "add a note":
            return "POST", self.paths[name].format(ws=ws), {
                "title": f"Overleg {n}", "body": "Korte afspraak over de planning.", "stage": "pilot"}
        return "POST", self.paths[name].format(ws=ws), {
            "construction": self.random.choice(("coproduction", "embedded")), "construction_note": f"Versie {n}"}

    def run(self) -> None:
        names = [m[0] for m in MIX]
        weights = [m[1] for m in MIX]
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        time.sleep(self.random.uniform(0, THINK[1]))  # users do not all start in the same millisecond
        while time.monotonic() < self.deadline:
            self.number += 1
            name = self.random.choices(names, weights)[0]
            method, path, form = self.request(name)
            headers = {"Cookie": self.person["cookie"]}
            body = None
            if method == "POST":
                body = urllib.parse.urlencode(form)
                headers.update({"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true",
                                "X-CSRFToken": self.person["csrf"],
                                "HX-Current-URL": f"http://{self.host}:{self.port}/w/{self.ws}/"})
            start = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                status = None
                connection.close()
            self.tally.add(name, time.perf_counter() - start, status)
            time.sleep(self.random.uniform(*THINK))
        connection.close()


def run(host: str, port: int, people: list[dict], tasks_of: dict[int, list[int]], seconds: float,
        paths: dict[str, str]) -> dict:
    """Start one thread per person, wait ``seconds``, and summarise."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [User(host, port, person, tasks_of[person["workspace_id"]], deadline, tally, seed=number, paths=paths)
               for number, person in enumerate(people)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 90)
    elapsed = time.monotonic() - started
    writes = {m[0] for m in MIX if m[2]}
    write_latencies = [s for name, values in tally.latencies.items() if name in writes for s in values]
    read_latencies = [s for name, values in tally.latencies.items() if name not in writes for s in values]
    total = sum(len(v) for v in tally.latencies.values())
    return {
        "users": len(people), "seconds": round(elapsed, 1), "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "writes": len(write_latencies), "write_share": round(len(write_latencies) / total, 3) if total else 0,
        "write_p50_ms": round(percentile(write_latencies, 50) * 1000, 1),
        "write_p99_ms": round(percentile(write_latencies, 99) * 1000, 1),
        "read_p50_ms": round(percentile(read_latencies, 50) * 1000, 1),
        "read_p99_ms": round(percentile(read_latencies, 99) * 1000, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "broken_connections": tally.broken,
        "per_action_p99_ms": {name: round(percentile(v, 99) * 1000, 1) for name, v in tally.latencies.items()},
    }
