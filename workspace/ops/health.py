"""What /healthz reports: the database and Redis, each "ok", "down" (or "off" for Redis not configured).

No versions, hosts or error texts: the endpoint is public.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

log = logging.getLogger(__name__)


def database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "down"
    return "ok"


def redis_status() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "off"
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"
