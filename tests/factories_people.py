"""Test helpers for the people area: invitations, activity rows, and a client per person.

Use the fixture with ``from tests.factories_people import as_user_fixture  # noqa: F401`` and ask for
``as_user`` in a test."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests import factories
from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.extensions import db
from workspace.invitations.services import create_invitation

LINK_RE = re.compile(r"https?://[^/\"\s]+/invitations/([A-Za-z0-9_\-]{20,})")


def invitation(workspace=None, email: str = "new.person@example.org", role: str = "member", created_by=None,
               expires_in: timedelta | None = None, **target):
    """An open invitation (committed) and its token."""
    if workspace is not None:
        target.setdefault("workspace_id", workspace.id)
    invite, token = create_invitation(created_by=created_by, email=email, role=role if workspace else None, **target)
    if expires_in is not None:
        invite.expires_at = utcnow() + expires_in
    db.session.commit()
    return invite, token


def activity(workspace, verb: str = "task.ticked", summary: str = "Find a contact", user=None, stage: str = "explore",
             visible_to_org_id=None, organisation_id=None, created_at=None, details=None) -> Activity:
    """An activity row as a service writes it; ``details`` default to the summary as the title."""
    row = Activity(workspace_id=workspace.id if workspace else None, verb=verb, summary=summary, stage=stage,
                   details=details if details is not None else {"title": summary},
                   user_id=user.id if user else None, organisation_id=organisation_id,
                   visible_to_org_id=visible_to_org_id, object_type="", created_at=created_at or utcnow())
    db.session.add(row)
    db.session.commit()
    return row


def link_token(text: str) -> str:
    match = LINK_RE.search(text)
    assert match, "no invitation link in the text"
    return match.group(1)


@pytest.fixture(name="as_user")
def as_user_fixture(app, client):
    """A fresh, logged-in test client for ``user`` (several people can act in one test)."""

    def _as(user, password: str = factories.PASSWORD):
        browser = app.test_client()
        response = browser.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return browser

    return _as
