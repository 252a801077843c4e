"""Validate Mentorbrug's HTML with the Nu Html Checker (npm ``vnu-jar``, run with Java): ``make check-html``.

Builds a fresh SQLite database from the migrations, loads the demo, then crawls the site with Flask's test
client as nobody and as each demo person (lead, partner lead, observer), in Dutch and in English: every
same-site GET link on every page it reaches, plus the htmx fragments those pages ask for (``data-hx-get``,
requested with ``HX-Request: true`` and validated inside a minimal document). Each distinct page is written
to a temporary folder and all of them go to vnu in one run.

Prints the errors and warnings per page and a total; exits 1 when vnu reports any error.

    python scripts/check_html.py [--limit N] [--keep DIR] [--warnings]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PEOPLE = ["", "lead@mentor.example", "lead@partner.example", "observer@advies.example"]
PASSWORD = "mentorbrug-demo"
LANGS = ["nl", "en"]
# Links that change something on GET, leave the site's HTML or only repeat a page with another filter.
SKIP = re.compile(r"/logout|[?&]lang=|\.(csv|zip|json|pdf|png|svg|ics)\b|/download|/export\b|/data\.|/unsubscribe|"
                  r"/static/|[?&]page=[2-9]|/healthz")
FRAGMENT_DOC = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>fragment</title></head>'
                "<body>{body}</body></html>")


class Links(HTMLParser):
    """The same-site links (``href``) and htmx GET URLs (``data-hx-get``) of one page."""

    def __init__(self):
        super().__init__()
        self.pages: list[str] = []
        self.fragments: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.pages.append(values["href"])
        for name in ("data-hx-get", "hx-get"):
            if values.get(name):
                self.fragments.append(values[name])


def local(url: str) -> str | None:
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/") or SKIP.search(url):
        return None
    return url


def shape(url: str) -> str:
    """Pages that differ only in their ids are one shape (/w/3/tasks/17/edit ~ /w/2/tasks/4/edit): each shape
    is visited a few times, not once per row, which keeps the crawl to a few hundred requests."""
    return re.sub(r"/\d+", "/N", urlsplit(url).path)


def in_parent(fragment: str) -> str:
    """A fragment that is a list item or a table row is validated where it goes: in a list or a table."""
    start = fragment.lstrip()[:4].lower()
    if start.startswith("<li"):
        return f"<ul>{fragment}</ul>"
    if start.startswith("<tr"):
        return f"<table><tbody>{fragment}</tbody></table>"
    return fragment


def make_app(database: Path):
    os.environ.setdefault("MENTORBRUG_ENV", "development")
    from flask_migrate import upgrade

    from workspace import create_app
    from workspace.demo import seed_demo

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(revision="heads")
        seed_demo()
    return app


def log_in(client, email: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    value = next(group for group in token.groups() if group)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": value})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {response.status_code}")


def crawl(app, limit: int, per_shape: int = 4):
    """Yield (label, url, html, is_fragment) for every page and fragment reached."""
    for email in PEOPLE:
        for lang in LANGS:
            client = app.test_client()
            client.get(f"/?lang={lang}")
            if email:
                log_in(client, email)
            queue, seen, shapes = ["/"], set(), Counter()
            fragments: list[str] = []
            count = 0
            while queue and count < limit:
                url = queue.pop(0)
                if url in seen or shapes[shape(url)] >= per_shape:
                    continue
                seen.add(url)
                shapes[shape(url)] += 1
                response = client.get(url, follow_redirects=True)
                final = response.request.full_path.rstrip("?")
                if response.mimetype != "text/html" or response.status_code >= 300 or (final != url and final in seen):
                    continue
                seen.add(final)
                html = response.get_data(as_text=True)
                count += 1
                yield f"{email or 'anonymous'} {lang}", url, html, False
                links = Links()
                links.feed(html)
                queue += [u for u in map(local, links.pages) if u and u not in seen]
                fragments += [u for u in map(local, links.fragments) if u]
            done = set()
            for url in fragments:
                if url in done or shapes["hx " + shape(url)] >= per_shape:
                    continue
                done.add(url)
                shapes["hx " + shape(url)] += 1
                response = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/"})
                if response.mimetype != "text/html" or response.status_code >= 300:
                    continue
                yield f"{email or 'anonymous'} {lang}", url, response.get_data(as_text=True), True
    # The error pages: not linked from anywhere.
    client = app.test_client()
    for lang in LANGS:
        response = client.get(f"/no-such-page?lang={lang}")
        yield f"anonymous {lang}", "/no-such-page (404)", response.get_data(as_text=True), False


def validate(folder: Path) -> list[dict]:
    if not VNU.exists():
        raise SystemExit(f"{VNU} is missing: run `npm ci` (vnu-jar is a devDependency in package.json)")
    if not shutil.which("java"):
        raise SystemExit("java is missing: the Nu Html Checker needs a Java runtime (apt-get install default-jre-headless)")
    result = subprocess.run(["java", "-Xss8m", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                             "--also-check-svg", str(folder)], capture_output=True, text=True, check=False)
    return json.loads(result.stderr or "{}").get("messages", [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=60, help="pages per person and language (default 60)")
    parser.add_argument("--keep", type=Path, help="write the pages to this folder and keep them")
    parser.add_argument("--warnings", action="store_true", help="also list the warnings")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="mentorbrug-vnu-"))
    folder = args.keep or scratch / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        app = make_app(scratch / "check.sqlite")
        names: dict[str, tuple[str, str]] = {}
        digests = set()
        for label, url, html, fragment in crawl(app, args.limit):
            lang = label.split()[-1]
            document = FRAGMENT_DOC.format(lang=lang, body=in_parent(html)) if fragment else html
            digest = hashlib.sha256(re.sub(r'value="[^"]{40,}"|"X-CSRFToken": "[^"]+"', "", document).encode()).hexdigest()
            if digest in digests:
                continue
            digests.add(digest)
            name = f"{len(names):04d}.html"
            (folder / name).write_text(document)
            names[name] = (label, ("htmx " if fragment else "") + url)
        messages = validate(folder)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    per_page: dict[str, Counter] = {name: Counter() for name in names}
    listed = []
    for message in messages:
        name = Path(urlsplit(message.get("url", "")).path).name
        kind = "error" if message.get("type") == "error" else ("warning" if message.get("subType") == "warning" else "info")
        per_page.setdefault(name, Counter())[kind] += 1
        if kind == "error" or (kind == "warning" and args.warnings):
            label, url = names.get(name, ("?", name))
            listed.append(f"{kind}: {url} ({label}) line {message.get('lastLine')}: {message.get('message')}")
    for line in listed:
        print(line)
    print("\npage | person, language | errors | warnings")
    for name, (label, url) in names.items():
        counts = per_page[name]
        print(f"{url} | {label} | {counts['error']} | {counts['warning']}")
    errors = sum(c["error"] for c in per_page.values())
    warnings = sum(c["warning"] for c in per_page.values())
    print(f"\n{len(names)} documents checked: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
