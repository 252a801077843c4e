"""Running Mentorbrug for real: proxies, HSTS, the health of the database and Redis, backups.

``init_app`` is the one call ``create_app`` makes into this package.
"""

from __future__ import annotations

import logging

from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)


def init_app(app) -> None:
    """Proxy headers (TRUSTED_PROXIES), HSTS (HSTS_SECONDS), the ``flask backup`` commands."""
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Each trusted proxy appends one hop: the client is that many hops from the right, never a value
        # a client wrote itself. Scheme and host as the outermost proxy saw them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
    hsts = app.config.get("HSTS_SECONDS", 0)
    if hsts:
        value = f"max-age={hsts}; includeSubDomains"

        @app.after_request
        def _hsts(response):
            response.headers.setdefault("Strict-Transport-Security", value)
            return response

    # Flask-Limiter says once per process when Redis stops (and starts) answering; make sure it is heard.
    logging.getLogger("flask-limiter").setLevel(logging.INFO)

    from .backup import backup_cli

    app.cli.add_command(backup_cli)
