"""Activity rows carry structured details, worded by the owning area's feed labels; migration 0011 turned the
summaries of the rows written before it into details, once."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select, text

from workspace import create_app
from workspace.activity.labels import describe
from workspace.activity.models import Activity
from workspace.extensions import db

OLD_ROWS = [  # verb, summary as written before 0011, details expected after it
    ("stage.advance", "explore → network", {"from": "explore", "to": "network"}),
    ("task.ticked", "Find a contact", {"title": "Find a contact"}),
    ("decision.recorded", "mentor: yes", {"side": "mentor", "answer": "yes"}),
    ("decision.deadline_set", "cleared", {"deadline": None}),
    ("plan.started", "round 2 from round 1", {"round": 2, "from_round": 1}),
    ("responsibility.updated", "Treatment plan: professional", {"topic": "Treatment plan", "holder": "professional"}),
    ("responsibility.updated", "Treatment plan: -", {"topic": "Treatment plan", "holder": None}),
    ("comment.added", "evaluation round 3", {"round": 3}),
    ("invitation.created", "partner_lead", {"role": "partner_lead"}),
    ("access.denied", "403 /w/1/workflow/fire/advance", {"status": 403, "path": "/w/1/workflow/fire/advance"}),
    ("login.failed", "failed login (account fingerprint 0a1b2c3d4e5f)", {"fingerprint": "0a1b2c3d4e5f"}),
    ("network.layers", "prevention, problems", {"layers": ["prevention", "problems"]}),
    ("account.reset_unknown_address", "0a1b2c3d4e5f", {"fingerprint": "0a1b2c3d4e5f"}),
    ("workspace.exported", "export (JSON)", {}),
]


def test_migration_0011_turns_old_summaries_into_details(tmp_path):
    """On a database at 0010 with rows as they were written then (SQLite, the batch-mode case)."""
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    with app.app_context():
        upgrade(revision="0010_account_tokens")
        with db.engine.begin() as conn:
            for verb, summary, _details in OLD_ROWS:
                conn.execute(text("INSERT INTO activities (created_at, verb, object_type, summary) "
                                  "VALUES (CURRENT_TIMESTAMP, :verb, '', :summary)"), {"verb": verb, "summary": summary})
        upgrade(revision="0011_activity_details")
        rows = db.session.execute(select(Activity.verb, Activity.summary, Activity.details).order_by(Activity.id)).all()
        assert [(verb, summary, details) for verb, summary, details in rows] == OLD_ROWS
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "moved the workspace on: Explore → Network"),
    ("nl", "zette de werkruimte een fase verder: Verkennen → Netwerken"),
])
def test_the_feed_words_details_in_the_readers_language(app, lang, expected):
    row = Activity(verb="stage.advance", summary="x", details={"from": "explore", "to": "network"})
    with app.test_request_context("/"), force_locale(lang):
        assert describe(row) == expected


def test_codes_in_details_are_put_into_words(app):
    with app.test_request_context("/"), force_locale("en"):
        assert describe(Activity(verb="decision.recorded", details={"side": "partner", "answer": "no"})) == \
            "recorded a decision: partner: no"
        assert describe(Activity(verb="member.role_changed", details={"role": "observer"}), "Sanne") == \
            "made Sanne observer"
        assert describe(Activity(verb="decision.deadline_set", details={"deadline": None})) == \
            "set the date to decide by: no date"


def test_a_change_made_through_the_app_stores_its_details(make, client, login_as):
    from tests.factories_workflow import current_tasks

    cast = make.workspace()
    login_as(cast.mentor_member)
    task = current_tasks(cast.workspace)[0]
    client.post(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/done", data={"done": "1"})
    row = db.session.scalar(select(Activity).where(Activity.verb == "task.ticked"))
    assert row.details == {"title": task.title}
