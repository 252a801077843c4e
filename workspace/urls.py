"""Small helpers about URLs."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths are followed after login; anything else goes to ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail or for copying: on the configured ``BASE_URL`` (scheme, host and path
    prefix), whatever host the request came in on. Without BASE_URL (development; production refuses to
    start without it) the request's own host. Works outside requests too (the digest command)."""
    base_url = current_app.config.get("BASE_URL")
    if not base_url:
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base_url)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)
