"""gunicorn settings for every way Mentorbrug is served: `make run`, the Dockerfile and compose.yaml.

Everything comes from environment variables, so the three differ only in what they set:

  GUNICORN_BIND      where to listen (default 127.0.0.1:5000; the image sets 0.0.0.0:8000)
  WEB_CONCURRENCY    worker processes (default 1). With the in-memory rate limiter (no REDIS_URL) every
                     process counts on its own, so keep one process; with REDIS_URL any number is exact.
  GUNICORN_THREADS   threads per worker (default 4): a slow client holds one thread, not the process.
  GUNICORN_TIMEOUT   seconds before a stuck worker is restarted (default 30)
  TRUSTED_PROXIES    number of reverse proxies in front (default 0); the app applies ProxyFix for them and
                     gunicorn then accepts X-Forwarded-Proto from its peer (FORWARDED_ALLOW_IPS overrides).

Slow uploads and slow readers are still best absorbed by a buffering reverse proxy (compose.yaml has one).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:5000")
workers = _int("WEB_CONCURRENCY", 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Request line and headers must arrive within limits; bodies are capped by MAX_CONTENT_LENGTH in the app.
limit_request_line = 8190
limit_request_fields = 100
# Behind a proxy the peer is the proxy, whatever its address in the container network; without one,
# gunicorn's own default (loopback only).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or (
    "*" if _int("TRUSTED_PROXIES", 0) > 0 else "127.0.0.1,::1"
)
# gunicorn 25.1+ opens a control socket in $HOME by default; two instances (or two containers sharing a
# home) would fight over it, and nothing here uses it.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# No preload_app: each worker opens its own database pool after the fork. A start-up error (a missing
# BASE_URL in production) makes the worker fail to boot, and gunicorn then stops with exit code 3.
