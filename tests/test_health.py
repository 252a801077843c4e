"""The factory and the health endpoint."""

from sqlalchemy.exc import OperationalError

from workspace import create_app


def test_factory_uses_override_and_testing_profile(app):
    assert app.config["TESTING"] is True
    assert app.config["ENV_NAME"] == "testing"


def test_production_refuses_weak_secret(monkeypatch):
    import pytest

    monkeypatch.setenv("MENTORBRUG_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": ""})
    with pytest.raises(RuntimeError, match="too weak"):
        create_app({"SECRET_KEY": "short"})
    strong = create_app({"SECRET_KEY": "x" * 40, "BASE_URL": "https://mentorbrug.example.org",
                         "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert strong.config["SESSION_COOKIE_SECURE"] is True


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok", "redis": "off"}


def test_healthz_reports_database_down(client, monkeypatch):
    from workspace.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is gone"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
