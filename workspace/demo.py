"""Demo data: three organisations, four accounts, and workspaces between them. Idempotent."""

from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .accounts.models import User
from .accounts.passwords import hash_password
from .core.area import installed
from .extensions import db
from .orgs.models import Organisation, OrgKind, OrgMembership, OrgRole
from .tenancy.events import workspace_created
from .tenancy.models import Membership, Role, Workspace

log = logging.getLogger(__name__)

DEMO_PASSWORD = "mentorbrug-demo"

ORGS = {
    "mentor": ("Samen Verder", OrgKind.MENTOR_PROJECT, "Rivierstad"),
    "partner": ("Jeugdteam Rivierstad", OrgKind.WIJKTEAM, "Rivierstad"),
    "advies": ("Adviespunt Mentoring", OrgKind.OTHER, "Utrecht"),
}
ACCOUNTS = [
    # email, name, org key, org role, workspace role
    ("lead@mentor.example", "Sanne de Vries", "mentor", OrgRole.ADMIN, Role.LEAD),
    ("member@mentor.example", "Joris Bakker", "mentor", OrgRole.MEMBER, Role.MEMBER),
    ("lead@partner.example", "Fatima El Amrani", "partner", OrgRole.ADMIN, Role.LEAD),
    ("observer@advies.example", "Pieter Jansen", "advies", OrgRole.ADMIN, Role.OBSERVER),
]
WORKSPACE_TITLES = [
    "Mentoren voor jongeren op de wachtlijst",
    "Mentoren naast de jeugdhulp: pilot Oost",
    "Na de behandeling: mentor als steun",
    "Samen met het wijkteam Noord",
]

def seed_demo() -> dict[str, int]:
    """Create whatever demo data is missing; running it twice changes nothing the second time."""
    created = {"organisations": 0, "users": 0, "workspaces": 0}
    orgs: dict[str, Organisation] = {}
    for key, (name, kind, place) in ORGS.items():
        org = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, kind=kind, place=place)
            db.session.add(org)
            created["organisations"] += 1
        orgs[key] = org
    db.session.flush()

    users: dict[str, User] = {}
    password_hash = None
    for email, name, org_key, org_role, _role in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(email=email, name=name, password_hash=password_hash, locale="nl")
            db.session.add(user)
            db.session.flush()
            db.session.add(OrgMembership(organisation_id=orgs[org_key].id, user_id=user.id, role=org_role))
            created["users"] += 1
        users[email] = user
    db.session.flush()

    for title in WORKSPACE_TITLES:
        workspace = db.session.scalar(select(Workspace).where(Workspace.title == title))
        if workspace is not None:
            continue
        workspace = Workspace(title=title, mentor_org_id=orgs["mentor"].id, partner_org_id=orgs["partner"].id,
                              created_by_id=users["lead@mentor.example"].id)
        db.session.add(workspace)
        db.session.flush()
        for email, _name, org_key, _org_role, role in ACCOUNTS:
            db.session.add(Membership(workspace_id=workspace.id, user_id=users[email].id,
                                      organisation_id=orgs[org_key].id, role=role))
        db.session.flush()
        workspace_created(workspace)
        for fill in installed().demo:  # the areas' content, then the workflow moves the workspace on
            fill(workspace, index=WORKSPACE_TITLES.index(title), users=users)
        created["workspaces"] += 1
    db.session.commit()
    return created


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the demo organisations, accounts and workspaces (safe to run again)."""
    created = seed_demo()
    click.echo("Demo data: " + ", ".join(f"{n} new {what}" for what, n in created.items()))
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for email, name, *_rest in ACCOUNTS:
        click.echo(f"  {email:26} {name}")

