"""The demo data: idempotent, and each demo account sees exactly its own workspaces."""

from sqlalchemy import func, select

from workspace.accounts.models import User
from workspace.demo import DEMO_PASSWORD, seed_demo
from workspace.extensions import db
from workspace.orgs.models import Organisation
from workspace.tenancy.models import Membership, Workspace


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (User, Organisation, Workspace, Membership))


def test_seed_is_idempotent(app):
    first = seed_demo()
    assert first["users"] == 4 and first["organisations"] == 3 and first["workspaces"] >= 4
    before = _counts()
    second = seed_demo()
    assert second == {"organisations": 0, "users": 0, "workspaces": 0}
    assert _counts() == before


def test_seed_command_runs(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "lead@mentor.example" in result.output


def test_each_demo_account_logs_in_and_sees_its_workspaces(app, client):
    seed_demo()
    for email in ("lead@mentor.example", "member@mentor.example", "lead@partner.example", "observer@advies.example"):
        response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        page = client.get("/dashboard/workspaces/").get_data(as_text=True)
        assert "Mentoren voor jongeren op de wachtlijst" in page
        client.post("/logout")


def test_a_stranger_sees_no_demo_workspace(app, client, make, login_as):
    seed_demo()
    login_as(make.user(org=make.org()))
    assert "wachtlijst" not in client.get("/dashboard/workspaces/").get_data(as_text=True)
