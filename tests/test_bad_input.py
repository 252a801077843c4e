"""Bad input gets a clear answer and changes nothing: huge bodies, NUL bytes, broken UTF-8, long fields."""

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.orgs.models import OrgKind
from workspace.tenancy.models import Workspace


def test_a_20_mb_body_gets_the_413_page(client, make, login_as):
    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    login_as(make.user(org=org))
    response = client.post("/dashboard/workspaces/new?lang=en", data={"title": "x" * (20 * 1024 * 1024), "mentor_org": str(org.id)})
    assert response.status_code == 413
    assert "too much" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 0


def test_nul_bytes_and_overlong_titles_get_field_errors(client, make, login_as):
    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    login_as(make.user(org=org))
    for title, message in (("Mentoren\x00", "control characters"), ("x" * 121, "120"), ("   ", "fill in")):
        response = client.post("/dashboard/workspaces/new?lang=en", data={"title": title, "mentor_org": str(org.id),
                                                                "partner": "new", "partner_lead_email": "a@b.nl"})
        assert response.status_code == 422, title
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 0


def test_invalid_utf8_does_not_break_the_form(client, make, login_as):
    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    login_as(make.user(org=org))
    token = client.csrf_token()
    body = b"csrf_token=" + token.encode() + b"&title=%FF%FE%FD&mentor_org=" + str(org.id).encode() + b"&partner=new"
    response = client.post("/dashboard/workspaces/new", data=body, content_type="application/x-www-form-urlencoded", csrf=False)
    assert response.status_code in (302, 422)
    assert response.status_code != 500


def test_a_foreign_org_id_in_the_form_is_refused(client, make, login_as):
    org = make.org(kind=OrgKind.MENTOR_PROJECT)
    foreign = make.org(kind=OrgKind.MENTOR_PROJECT)
    login_as(make.user(org=org))
    response = client.post("/dashboard/workspaces/new", data={"title": "Poging", "mentor_org": str(foreign.id),
                                                    "partner": "new", "partner_lead_email": "a@b.nl"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 0


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]
    assert 'style="' not in response.get_data(as_text=True)
