"""Which features the app has right now, read from its URL map (built in-process, no database needed).

The end-to-end scenario grows with the product: a step whose feature is not built yet is skipped with a
reason naming the missing endpoint, never left red.
"""

from __future__ import annotations

from functools import lru_cache

import pytest


@lru_cache(maxsize=1)
def endpoints() -> frozenset[str]:
    from workspace import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return frozenset(rule.endpoint for rule in app.url_map.iter_rules())


def has(endpoint: str) -> bool:
    """True when the endpoint exists; a trailing ``.`` asks for any endpoint of a blueprint."""
    if endpoint.endswith("."):
        return any(e.startswith(endpoint) for e in endpoints())
    return endpoint in endpoints()


def need(*wanted: str) -> None:
    missing = [e for e in wanted if not has(e)]
    if missing:
        pytest.skip(f"not built yet: no endpoint {', '.join(missing)}")
