"""Configuration, read from environment variables.

`MENTORBRUG_ENV` picks the profile: ``development`` (default), ``production`` or ``testing``; any other
value refuses to start (a typo must not run production as development). Production refuses to start
without a strong ``SECRET_KEY``, without ``DATABASE_URL`` and without ``BASE_URL``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = BASE_DIR / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def translation_directories() -> str:
    """Every area keeps its own catalogue (``workspace/<area>/translations``); Flask-Babel merges them."""
    dirs = [str(p) for p in sorted((BASE_DIR / "workspace").glob("**/translations")) if p.is_dir()]
    return ";".join(dirs) or str(BASE_DIR / "workspace" / "translations")


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or ""
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'mentorbrug.sqlite'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # The public address (scheme, host, optional path) every link in a mail or shown to copy is built on
    # (workspace.urls.external_url). Without it (development only) links follow the request's host.
    BASE_URL = os.environ.get("BASE_URL", "").strip().rstrip("/")
    # Reverse proxies in front of the app (each adds one X-Forwarded-For hop): ProxyFix trusts that many,
    # so per-IP limits see the client and links come out https. 0 = the app faces clients directly.
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
    HSTS_SECONDS = _int("HSTS_SECONDS", 0)  # Strict-Transport-Security max-age; production sets a year
    SEND_FILE_MAX_AGE_DEFAULT = 31536000  # static URLs carry a content hash (templating.asset_url)
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)

    # Sessions: server-side rows (see accounts.sessions); the cookie only carries a random id.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_DURATION = timedelta(days=_int("REMEMBER_DAYS", 30))
    SESSION_IDLE_TIMEOUT = timedelta(hours=_int("SESSION_IDLE_HOURS", 8))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=_int("SESSION_ABSOLUTE_HOURS", 24))

    # Passwords: argon2id at the OWASP minimum (19 MiB, 2 iterations, 1 lane).
    ARGON2_MEMORY_KIB = _int("ARGON2_MEMORY_KIB", 19456)
    ARGON2_TIME_COST = _int("ARGON2_TIME_COST", 2)
    ARGON2_PARALLELISM = 1

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = translation_directories()
    LANGUAGES = ("nl", "en")

    # One Redis for everything shared between processes (rate limits now). Without it the limiter counts
    # in each process's memory: exact only with one process (gunicorn.conf.py's default).
    REDIS_URL = os.environ.get("REDIS_URL", "").strip()
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Redis unreachable: count in process memory meanwhile (workspace.ops logs it once), never a 500; a
    # request must not hang on a dead Redis either.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "mentorbrug")  # one Redis, several apps
    LOGIN_LIMIT_PER_IP = os.environ.get("LOGIN_LIMIT_PER_IP", "20 per minute")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute")
    # "Forgot password" and sign-up mails: per IP address, and per e-mail address (known or not alike)
    RESET_LIMIT_PER_IP = os.environ.get("RESET_LIMIT_PER_IP", "10 per hour")
    RESET_LIMIT_PER_ADDRESS = os.environ.get("RESET_LIMIT_PER_ADDRESS", "3 per hour")
    RESET_LINK_MINUTES = _int("RESET_LINK_MINUTES", 60)
    # "Forgot password" answers no sooner than this after the request, known address or not (timing)
    RESET_ANSWER_SECONDS = float(os.environ.get("RESET_ANSWER_SECONDS", "0.4"))
    EMAIL_CHANGE_LINK_HOURS = _int("EMAIL_CHANGE_LINK_HOURS", 24)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session, which has its own timeouts

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Mentorbrug <noreply@mentorbrug.invalid>")
    # The outbox (workspace/mail): "thread" delivers after each request in a background thread (the embedded
    # default, nothing else to run); "cron" leaves it to ``flask mail send``; "inline" (tests) before the response.
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "thread")
    MAIL_TIMEOUT_SECONDS = _int("MAIL_TIMEOUT_SECONDS", 10)
    MAIL_RETRY_BASE_SECONDS = _int("MAIL_RETRY_BASE_SECONDS", 60)  # doubled per failed attempt
    MAIL_RETRY_MAX_SECONDS = _int("MAIL_RETRY_MAX_SECONDS", 3600)
    MAIL_GIVE_UP_HOURS = _int("MAIL_GIVE_UP_HOURS", 48)
    MAIL_CLAIM_SECONDS = _int("MAIL_CLAIM_SECONDS", 600)  # a crashed sender's claim on a mail lapses

    STALL_DAYS = _int("STALL_DAYS", 60)
    INVITATION_DAYS = 14


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production-use-0123456789"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Cheap hashes keep the suite fast; the production cost is asserted in tests/test_passwords.py.
    ARGON2_MEMORY_KIB = 1024
    ARGON2_TIME_COST = 1
    REDIS_URL = ""  # tests that want Redis pass REDIS_URL and RATELIMIT_STORAGE_URI themselves
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = ""
    MAIL_DELIVERY = "inline"
    RESET_ANSWER_SECONDS = 0.0  # the suite does not wait; scripts/bench_mail.py measures the real setting
    MAIL_USE_TLS = False


class ProductionConfig(Config):
    ENV_NAME = "production"
    HSTS_SECONDS = _int("HSTS_SECONDS", 365 * 24 * 3600)
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)


PROFILES = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}


def load_config(app, override: dict | None) -> None:
    """Fill ``app.config`` from the profile in MENTORBRUG_ENV and an optional override mapping."""
    env_name = os.environ.get("MENTORBRUG_ENV", "").strip() or "development"
    if env_name not in PROFILES:
        raise RuntimeError(f"MENTORBRUG_ENV={env_name!r} is not one of {', '.join(PROFILES)}.")
    profile = PROFILES[env_name]
    if override and override.get("TESTING"):
        profile = TestingConfig
    app.config.from_object(profile)
    if override:
        app.config.update(override)
    if not app.config["SECRET_KEY"]:
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set in production (at least 32 random characters).")
        app.config["SECRET_KEY"] = _dev_secret()
    if app.config["ENV_NAME"] == "production" and len(app.config["SECRET_KEY"]) < 32:
        raise RuntimeError("SECRET_KEY is too weak for production: use at least 32 random characters.")
    if app.config["ENV_NAME"] == "production":
        check_production(app.config)


def check_production(config) -> None:
    """Refuse to start production on settings that would silently do the wrong thing."""
    if not os.environ.get("DATABASE_URL") and config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///" + str(INSTANCE_DIR)):
        raise RuntimeError("DATABASE_URL must be set in production (postgresql+psycopg://..., or an explicit sqlite:///path).")
    base_url = config.get("BASE_URL") or ""
    if not base_url.startswith(("https://", "http://")):
        raise RuntimeError("BASE_URL must be set in production: the public address, e.g. https://mentorbrug.example.org")


def _dev_secret() -> str:
    """A per-machine secret for development, kept in instance/ so sessions survive restarts."""
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()
