"""Factories for test data. Each commits, so the rows are visible to requests made by the test client."""

from __future__ import annotations

import dataclasses
import itertools
from contextlib import contextmanager

from flask import current_app

from workspace.accounts.models import User
from workspace.accounts.passwords import hash_password
from workspace.core.area import EXTENSION_KEY, installed
from workspace.extensions import db
from workspace.orgs.models import Organisation, OrgKind, OrgMembership, OrgRole
from workspace.tenancy.events import workspace_created
from workspace.tenancy.models import Membership, Role, Workspace

PASSWORD = "correct horse battery"
_counter = itertools.count(1)
_hash_cache: dict[str, str] = {}


def org(name: str | None = None, kind: str = OrgKind.MENTOR_PROJECT, place: str = "Rivierstad") -> Organisation:
    organisation = Organisation(name=name or f"Organisation {next(_counter)}", kind=kind, place=place)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def user(email: str | None = None, name: str | None = None, org: Organisation | None = None,
         org_role: str = OrgRole.MEMBER, password: str = PASSWORD, **fields) -> User:
    n = next(_counter)
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    person = User(email=email or f"person{n}@example.org", name=name or f"Person {n}",
                  password_hash=_hash_cache[password], **fields)
    db.session.add(person)
    db.session.flush()
    if org is not None:
        db.session.add(OrgMembership(organisation_id=org.id, user_id=person.id, role=org_role))
    db.session.commit()
    return person


def member(workspace: Workspace, person: User, role: str, organisation: Organisation) -> Membership:
    membership = Membership(workspace_id=workspace.id, user_id=person.id, organisation_id=organisation.id, role=role)
    db.session.add(membership)
    db.session.commit()
    return membership


class Cast:
    """A workspace with the usual people: both leads, a member of each side, an observer."""

    def __init__(self, workspace, mentor_org, partner_org, observer_org, people):
        self.workspace = workspace
        self.mentor_org = mentor_org
        self.partner_org = partner_org
        self.observer_org = observer_org
        self.__dict__.update(people)


def workspace(title: str = "Mentoren naast het wijkteam", stage: str = "explore", **fields) -> Cast:
    """A workspace between a new mentor project and a new wijkteam, with a lead and member on each side and
    an observer. Returns a Cast: cast.workspace, cast.mentor_lead, cast.partner_lead, cast.mentor_member,
    cast.partner_member, cast.observer."""
    mentor_org = org(kind=OrgKind.MENTOR_PROJECT)
    partner_org = org(kind=OrgKind.WIJKTEAM)
    observer_org = org(kind=OrgKind.OTHER)
    space = Workspace(title=title, mentor_org_id=mentor_org.id, partner_org_id=partner_org.id, stage=stage,
                      outcome="stopped" if stage == "closed" else None, **fields)
    db.session.add(space)
    db.session.commit()
    people = {
        "mentor_lead": user(org=mentor_org, org_role=OrgRole.ADMIN),
        "mentor_member": user(org=mentor_org),
        "partner_lead": user(org=partner_org, org_role=OrgRole.ADMIN),
        "partner_member": user(org=partner_org),
        "observer": user(org=observer_org),
    }
    member(space, people["mentor_lead"], Role.LEAD, mentor_org)
    member(space, people["mentor_member"], Role.MEMBER, mentor_org)
    member(space, people["partner_lead"], Role.LEAD, partner_org)
    member(space, people["partner_member"], Role.MEMBER, partner_org)
    member(space, people["observer"], Role.OBSERVER, observer_org)
    workspace_created(space)
    db.session.commit()
    return Cast(space, mentor_org, partner_org, observer_org, people)


@contextmanager
def areas_changed(**fields):
    """Within the block, the current app's installed areas add up to something else (``snapshot_contributors``,
    ``on_transition``, ``personal_data``, ...); restored after."""
    app = current_app._get_current_object()
    saved = installed(app)
    app.extensions[EXTENSION_KEY] = dataclasses.replace(saved, **fields)
    try:
        yield
    finally:
        app.extensions[EXTENSION_KEY] = saved
