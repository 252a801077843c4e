"""Bugs the browser suite (tests/browser) found, pinned down as fast client tests."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import PASSWORD
from workspace.accounts.models import User
from workspace.extensions import db
from workspace.invitations.services import create_invitation


def test_invitee_signs_up_with_exactly_the_fields_the_form_shows(make, client):
    """The invited sign-up form hides the organisation fields, so a browser never posts org_kind."""
    cast = make.workspace()
    with client.application.test_request_context():
        _invitation, token = create_invitation(created_by=cast.mentor_lead, email="nieuw@example.org",
                                               workspace_id=cast.workspace.id, role="member")
        db.session.commit()
    page = client.get(f"/signup?invite={token}").get_data(as_text=True)
    assert 'name="org_kind"' not in page
    response = client.post(f"/signup?invite={token}", data={
        "name": "Nina Nieuw", "email": "nieuw@example.org", "password": PASSWORD, "password_again": PASSWORD,
    })
    assert response.status_code == 302 and f"/invitations/{token}" in response.headers["Location"]
    assert db.session.scalar(select(User).where(User.email == "nieuw@example.org")) is not None
