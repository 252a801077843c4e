"""The benchmark's data set, made with the app's own models and services.

``build()`` runs inside an app context on a migrated database. It seeds the demo (accounts and four
workspaces), then adds workspaces between the demo organisations that every demo account belongs to:

- *busy* workspaces at the pilot stage, each with ``tasks`` tasks spread evenly over the stages it went
  through (explore .. pilot; the earlier stages' tasks ticked), ``notes`` joint notes, two decisions, a
  complete pilot plan (the demo's own pilot content) and an activity trail;
- plain workspaces at every other stage until the demo lead sees ``dashboard`` workspaces;
- own tasks spread over the plain workspaces until the database holds ``database_tasks`` (for "statements
  per page at 10,000 tasks in the database");
- ``users`` extra people, members of the busy workspaces in turn (the simulated users of the mixed load).

Sessions are minted the way a login makes them (``accounts.sessions.start_session``) and returned as signed
cookies plus CSRF tokens, so the load generators need no login requests (which the rate limit would refuse).
"""

from __future__ import annotations

from datetime import timedelta

from flask import g
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from workflows import STAGE_ORDER, Stage, Transition
from workspace.accounts.models import User
from workspace.accounts.sessions import start_session
from workspace.activity.services import record
from workspace.dbtypes import utcnow
from workspace.demo import DEMO_PASSWORD, seed_demo
from workspace.extensions import db
from workspace.notes import services as notes
from workspace.orgs.models import Organisation, OrgMembership, OrgRole
from workspace.pilot.demo import fill_demo_workspace
from workspace.stages import services as stages
from workspace.stages.models import StageTask
from workspace.tenancy import hooks
from workspace.tenancy.models import Membership, Role, Workspace

LEAD = "lead@mentor.example"
DEMO_ACCOUNTS = ("lead@mentor.example", "member@mentor.example", "lead@partner.example", "observer@advies.example")
DEMO_ROLES = {"lead@mentor.example": Role.LEAD, "member@mentor.example": Role.MEMBER,
              "lead@partner.example": Role.LEAD, "observer@advies.example": Role.OBSERVER}
PILOT_PATH = STAGE_ORDER[: STAGE_ORDER.index(Stage.PILOT) + 1]
NOTE_BODY = (
    "We spraken af dat de coördinator **elke maand** de stand doorgeeft aan het wijkteam.\n\n"
    "- verwijzingen gaan via de vaste contactpersoon\n- mentoren melden zorgen bij de coördinator\n"
    "- over zes weken kijken we samen terug\n\nZie ook [de afspraken](https://example.org/afspraken)."
)


def build(*, tasks: int = 100, notes_per_workspace: int = 20, dashboard: int = 30, busy: int = 1,
          users: int = 0, database_tasks: int = 0) -> dict:
    """Make the data set and return what the load generators need (ids, paths, session cookies)."""
    seed_demo()
    people = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(DEMO_ACCOUNTS)))}
    mentor = db.session.scalar(select(Organisation).where(Organisation.name == "Samen Verder"))
    partner = db.session.scalar(select(Organisation).where(Organisation.name == "Jeugdteam Rivierstad"))
    adviser = db.session.scalar(select(Organisation).where(Organisation.name == "Adviespunt Mentoring"))
    orgs = {"lead@mentor.example": mentor, "member@mentor.example": mentor, "lead@partner.example": partner,
            "observer@advies.example": adviser}

    busy_spaces = []
    for number in range(busy):
        space = _workspace(f"Pilot met {tasks} taken ({number + 1})", mentor, partner, people, orgs)
        _bring_to(space, Stage.PILOT, people)
        fill_demo_workspace(space, index=2, users=people)  # decisions, a complete plan, indicators
        _pad_tasks(space, tasks, people)
        _notes(space, notes_per_workspace, people)
        busy_spaces.append(space)

    visible = db.session.scalar(select(func.count(Membership.id)).where(Membership.user_id == people[LEAD].id))
    plain = []
    targets = [s for s in STAGE_ORDER if s is not Stage.PILOT]
    for number in range(max(0, dashboard - visible)):
        target = targets[number % len(targets)]
        space = _workspace(f"Samenwerking {number + 1} ({target.value})", mentor, partner, people, orgs)
        _bring_to(space, target, people)
        plain.append(space)
    have = db.session.scalar(select(func.count(StageTask.id)))
    _spread_tasks(plain or busy_spaces, max(0, database_tasks - have), people[LEAD])

    extra_people = _extra_people(users, busy_spaces, mentor, partner)
    db.session.commit()

    def described(space):
        current = stages.current_tasks(space)
        return {"id": space.id, "title": space.title, "current_task_ids": [t.id for t in current]}

    result = {
        "busy": [described(s) for s in busy_spaces],
        "lead": _session_for(people[LEAD]),
        "users": [dict(_session_for(person), workspace_id=space_id) for person, space_id in extra_people],
        "tasks_in_database": db.session.scalar(select(func.count(StageTask.id))),
        "workspaces_of_lead": db.session.scalar(
            select(func.count(Membership.id)).where(Membership.user_id == people[LEAD].id)),
        "password": DEMO_PASSWORD,
    }
    return result


def _workspace(title, mentor, partner, people, orgs) -> Workspace:
    space = Workspace(title=title, mentor_org_id=mentor.id, partner_org_id=partner.id,
                      created_by_id=people[LEAD].id)
    db.session.add(space)
    db.session.flush()
    for email, person in people.items():
        db.session.add(Membership(workspace_id=space.id, user_id=person.id, organisation_id=orgs[email].id,
                                  role=DEMO_ROLES[email]))
    db.session.flush()
    for hook in hooks.on_workspace_created:
        hook(space)
    return space


def _bring_to(space: Workspace, target: Stage, people) -> None:
    """Walk the workspace up to ``target`` as a team would: tick each stage's tasks, advance, get the next
    stage's tasks; history and activity rows on the way (like the demo seeder)."""
    path = STAGE_ORDER[: STAGE_ORDER.index(target) + 1]
    leads = [people["lead@mentor.example"], people["lead@partner.example"]]
    when = utcnow() - timedelta(days=10 * len(path) + 3)
    space.created_at = space.stage_entered_at = when
    for number, (source, dest) in enumerate(zip(path, path[1:], strict=False)):
        when += timedelta(days=10)
        for task in stages.current_tasks(space):
            task.done_at, task.done_by_id = when - timedelta(days=1), people["member@mentor.example"].id
        lead = leads[number % 2]
        organisation_id = space.mentor_org_id if number % 2 == 0 else space.partner_org_id
        space.stage, space.stage_entered_at = dest.value, when
        db.session.flush()
        change = stages.record_change(space, Transition("advance", source, dest, 1, None, None),
                                      actor_id=lead.id, organisation_id=organisation_id, created_at=when)
        record("stage.advance", change, f"{source.value} → {dest.value}", workspace=space, user=lead,
               organisation_id=organisation_id).created_at = when
        stages.ensure_stage_tasks(space, dest.value, 1, created_by_id=lead.id)
    db.session.flush()


def _pad_tasks(space: Workspace, total: int, people) -> None:
    """Own tasks until the workspace has ``total``, the same number in each stage it went through (a stage
    whose templates already fill its share gets none); earlier stages' tasks are done."""
    have = {stage.value: 0 for stage in PILOT_PATH}
    for stage, count in db.session.execute(select(StageTask.stage, func.count(StageTask.id))
                                           .where(StageTask.workspace_id == space.id).group_by(StageTask.stage)):
        have[stage] = count
    share = -(-total // len(PILOT_PATH))
    missing = total - sum(have.values())
    member = people["member@mentor.example"]
    for stage in PILOT_PATH:
        add = min(max(0, share - have[stage]), missing)
        for number in range(add):
            done = stage != space.stage or number % 3 == 0
            db.session.add(StageTask(
                workspace_id=space.id, stage=stage.value, round=1, title=f"Eigen taak {number + 1} ({stage.value})",
                description="Een taak die het team zelf toevoegde, met een korte toelichting.",
                position=have[stage.value] + number, created_by_id=member.id,
                assignee_id=member.id if number % 2 else None,
                done_at=utcnow() - timedelta(days=2) if done else None, done_by_id=member.id if done else None,
            ))
        missing -= add
    db.session.flush()


def _spread_tasks(spaces: list[Workspace], count: int, author: User) -> None:
    for number in range(count):
        space = spaces[number % len(spaces)]
        stage = space.stage if space.stage != Stage.CLOSED.value else Stage.EXPLORE.value
        db.session.add(StageTask(workspace_id=space.id, stage=stage, round=1, title=f"Taak {number + 1}",
                                 position=1000 + number, created_by_id=author.id))
        if number % 2000 == 1999:
            db.session.flush()
    db.session.flush()


def _notes(space: Workspace, count: int, people) -> None:
    from flask import current_app

    authors = [people["lead@mentor.example"], people["member@mentor.example"], people["lead@partner.example"]]
    with current_app.test_request_context("/"):
        g.workspace = space  # the activity rows belong to this workspace, as in a request
        for number in range(count):
            stage = PILOT_PATH[number % len(PILOT_PATH)].value
            notes.create_note(space, authors[number % len(authors)], None, title=f"Overleg {number + 1}: afspraken",
                              body=NOTE_BODY, stage=stage if number % 4 else None)
    db.session.flush()


def _extra_people(count: int, spaces: list[Workspace], mentor, partner) -> list[tuple[User, int]]:
    from workspace.accounts.passwords import hash_password

    if not count or not spaces:
        return []
    password_hash = hash_password(DEMO_PASSWORD)
    made = []
    for number in range(count):
        org = mentor if number % 2 == 0 else partner
        person = User(email=f"bench{number + 1}@example.org", name=f"Bench {number + 1}",
                      password_hash=password_hash, locale="nl")
        db.session.add(person)
        db.session.flush()
        db.session.add(OrgMembership(organisation_id=org.id, user_id=person.id, role=OrgRole.MEMBER))
        space = spaces[number % len(spaces)]
        db.session.add(Membership(workspace_id=space.id, user_id=person.id, organisation_id=org.id,
                                  role=Role.MEMBER))
        made.append((person, space.id))
    db.session.flush()
    return made


def _session_for(person: User) -> dict:
    """A logged-in session for ``person``, made by the app's own login code: the signed session cookie and
    the CSRF token that pages put in ``hx-headers``. A fresh app context each time: Flask-WTF keeps the
    token of the request in ``g``, which would otherwise be shared by every person minted here."""
    from flask import current_app, session

    app = current_app._get_current_object()
    with app.app_context(), app.test_request_context("/"):
        start_session(db.session.get(User, person.id))
        token = generate_csrf()
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        db.session.commit()
    return {"email": person.email, "cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}", "csrf": token}
