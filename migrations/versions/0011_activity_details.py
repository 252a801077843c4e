"""activity: structured details per row (the feed words them; summaries are no longer parsed)

Revision ID: 0011_activity_details
Revises: 0010_account_tokens
Create Date: 2026-12-01

Adds ``activities.details`` (JSON) and fills it for every existing row from the summary string the row was
written with: the parsing happens once, here, and never again in the app. The rules below are a copy of how
each verb's summary was written before this revision (they must not change with the app's code).
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0011_activity_details"
down_revision = "0010_account_tokens"
branch_labels = None
depends_on = None

TITLE = {"task.created", "task.updated", "task.ticked", "task.unticked", "task.moved", "task.deleted",
         "task.assigned", "note.created", "note.updated", "note.pinned", "note.unpinned", "note.deleted",
         "case.written", "case.updated", "workspace.created", "need.added"}
NAME = {"contact.added", "contact.updated", "contact.deleted", "contact.step_done", "contact.step_reopened",
        "indicator.added", "indicator.updated", "indicator.changed_after_fact", "indicator.deleted"}
ROLE = {"invitation.created", "invitation.revoked", "invitation.resent", "invitation.accepted",
        "member.role_changed", "member.removed", "member.left", "org.member_joined", "org.member_removed",
        "org.role_changed"}
SIDE = {"values.updated", "case.answered"}
ROUND = {"indicators.frozen", "evaluation.saved", "evaluation.shared", "exit_plan.saved"}
TOPIC = {"responsibility.added", "responsibility.deleted"}
LABEL = {"exit_match.added", "exit_match.deleted"}
DATE = {"checkin.added", "checkin.deleted"}


def _number(text: str) -> int | None:
    found = re.search(r"\d+", text or "")
    return int(found.group(0)) if found else None


def details_of(verb: str, summary: str) -> dict:
    """The details of a row written before this revision, from its summary."""
    s = (summary or "").strip()
    if verb.startswith("stage."):
        source, _arrow, dest = s.partition("→")
        return {"from": source.strip(), "to": dest.strip()}
    if verb in TITLE:
        return {"title": s}
    if verb in NAME:
        return {"name": s}
    if verb in ROLE:
        return {"role": s}
    if verb in SIDE:
        return {"side": s}
    if verb in ROUND:
        return {"round": _number(s)}
    if verb in TOPIC:
        return {"topic": s}
    if verb in LABEL:
        return {"label": s}
    if verb in DATE:
        return {"date": s}
    if verb == "theme.updated":
        return {"theme": s}
    if verb == "network.layers":
        return {"layers": [part.strip() for part in s.split(",") if part.strip()]}
    if verb == "account.reset_unknown_address":
        return {"fingerprint": s}
    if verb == "login.failed":
        found = re.search(r"fingerprint ([0-9a-f]+)", s)
        return {"fingerprint": found.group(1) if found else None}
    if verb == "access.denied":
        status, _space, path = s.partition(" ")
        return {"status": int(status) if status.isdigit() else None, "path": path}
    if verb == "workspace.imported":
        return {"tasks": _number(s), "pilot_plan": "pilot plan" in s}
    if verb in ("decision.recorded", "decision.changed"):
        side, _colon, answer = s.partition(":")
        return {"side": side.strip(), "answer": answer.strip()}
    if verb == "decision.deadline_set":
        return {"deadline": None if s in ("", "cleared") else s}
    if verb == "decision.reminded":
        side, _colon, leads = s.partition(":")
        return {"side": side.strip(), "leads": _number(leads)}
    if verb == "plan.started":
        rounds = [int(n) for n in re.findall(r"\d+", s)]
        return {"round": rounds[0] if rounds else None, "from_round": rounds[1] if len(rounds) > 1 else None}
    if verb == "plan.construction_set":
        return {"construction": s}
    if verb == "responsibility.updated":
        topic, _colon, holder = s.rpartition(":")
        holder = holder.strip()
        return {"topic": topic.strip(), "holder": None if holder in ("", "-") else holder}
    if verb == "need.updated":
        kind, _colon, status = s.partition(":")
        return {"kind": kind.strip(), "status": status.strip()}
    if verb == "checkin.suggested":
        return {"added": _number(s)}
    if verb == "comment.added":
        return {"round": _number(s)}
    return {}


def upgrade():
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
    activities = sa.table("activities", sa.column("id", sa.Integer), sa.column("verb", sa.String),
                          sa.column("summary", sa.String), sa.column("details", sa.JSON))
    conn = op.get_bind()
    rows = conn.execute(sa.select(activities.c.id, activities.c.verb, activities.c.summary)).all()
    for row_id, verb, summary in rows:
        conn.execute(activities.update().where(activities.c.id == row_id)
                     .values(details=details_of(verb, summary)))


def downgrade():
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("details")
