"""Static files, served small and cached well; pages compressed.

``scripts/assets.py`` writes a gzip twin (``htmx.min.js.gz``) next to every file in ``workspace/static``.
This view replaces Flask's own ``static`` view:

- a browser that accepts gzip gets the twin, with ``Content-Encoding: gzip`` (no compression per request);
- a URL made by ``asset_url()`` carries ``?v=<content hash>``: when the hash is the file's current one, the
  response may be cached for a year (``immutable``); any other URL must be revalidated (ETag, 304).

HTML pages and htmx fragments of 1 KB or more are gzipped per response (a dashboard shrinks from ~24 KB to
~5 KB), which keeps a first visit within the page-weight budget (scripts/bench_web.py). About BREACH: the
pages carry the CSRF token, and some reflect query arguments; the session cookie is ``SameSite=Lax``, so a
foreign site cannot make the browser send the many credentialed background requests the attack needs.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import current_app, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600


COMPRESS_TYPES = {"text/html"}
COMPRESS_MIN_BYTES = 1024


def register(app) -> None:
    """Called once by create_app: every ``url_for('static', ...)`` is now served by ``serve_static``, and
    pages are compressed (registered before the security headers, so it runs after them: last)."""
    if app.static_folder:
        app.view_functions["static"] = serve_static
    app.after_request(compress_page)


def compress_page(response):
    """after_request: gzip an HTML page or fragment when the browser accepts it and it is worth it."""
    if response.mimetype not in COMPRESS_TYPES or response.direct_passthrough or response.is_streamed:
        return response
    if response.status_code < 200 or response.status_code in (204, 304) or "Content-Encoding" in response.headers:
        return response
    response.vary.add("Accept-Encoding")
    if not _accepts_gzip():
        return response
    body = response.get_data()
    if len(body) < COMPRESS_MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


@lru_cache(maxsize=64)
def fingerprint(path: str) -> str:
    file = Path(current_app.static_folder) / path
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()[:10]
    except OSError:
        return "missing"


def _fingerprinted(filename: str) -> bool:
    version = request.args.get("v")
    return bool(version) and version == fingerprint(filename)


def _accepts_gzip() -> bool:
    return request.accept_encodings.quality("gzip") > 0


def serve_static(filename: str):
    """Anyone: one file of ``workspace/static``, gzip-encoded when the browser accepts it."""
    folder = current_app.static_folder
    path = safe_join(folder, filename)
    if path is None or not Path(path).is_file():
        raise NotFound()
    long_cache = _fingerprinted(filename)
    max_age = ONE_YEAR if long_cache else 0
    twin = Path(path + ".gz")
    if not filename.endswith(".gz") and twin.is_file() and _accepts_gzip():
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = send_from_directory(folder, filename + ".gz", mimetype=mimetype, max_age=max_age)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_from_directory(folder, filename, max_age=max_age)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    if long_cache:
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response
