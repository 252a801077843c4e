"""The workspace's Activity tab: every change, newest first, filterable by stage and person, paged.

Anyone who can read the workspace sees its feed, except rows internal to the other organisation
(``visible_to_org_id``). Account-level rows (no workspace) never appear here; site admins read those on
``/admin/audit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import format_timedelta
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from workflows import STAGE_CODES

from ..accounts.models import User
from ..core.respond import wants_fragment
from ..dbtypes import utcnow
from ..extensions import db
from ..invitations.models import Invitation
from ..tenancy.access import internal_visible
from .labels import describe
from .models import Activity

bp = Blueprint("activity", __name__, url_prefix="/activity")
# The site admin's audit trail (endpoint admin.audit): account-level rows of the same table.
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 25


@dataclass
class FeedLine:
    id: int
    actor: str
    organisation: str
    text: str
    when: datetime
    ago: str
    stage: str | None


def visible_in_workspace(workspace, access):
    """The rows of ``workspace`` this caller may see: shared rows, and their own organisation's internal ones
    (the one rule: ``tenancy.access.internal_visible``; observers see no internal rows)."""
    return select(Activity).where(Activity.workspace_id == workspace.id,
                                  internal_visible(Activity.visible_to_org_id, workspace, access))


def object_labels(rows) -> dict[tuple[str, int], str]:
    """Names for the people and invited addresses rows point at, looked up now (so deleted people read as
    former members and withdrawn addresses stay out)."""
    user_ids = {r.object_id for r in rows if r.object_type == "User" and r.object_id}
    invitation_ids = {r.object_id for r in rows if r.object_type == "Invitation" and r.object_id}
    labels: dict[tuple[str, int], str] = {}
    if user_ids:
        for user in db.session.scalars(select(User).where(User.id.in_(user_ids))):
            labels[("User", user.id)] = user.name
    if invitation_ids:
        for invitation in db.session.scalars(select(Invitation).where(Invitation.id.in_(invitation_ids))):
            labels[("Invitation", invitation.id)] = invitation.email
    return labels


def feed_lines(rows, now: datetime | None = None) -> list[FeedLine]:
    now = now or utcnow()
    labels = object_labels(rows)
    lines = []
    for row in rows:
        lines.append(FeedLine(
            id=row.id,
            actor=row.user.name if row.user is not None else "",
            organisation=row.organisation.name if row.organisation is not None else "",
            text=describe(row, labels.get((row.object_type, row.object_id), "")),
            when=row.created_at,
            ago=format_timedelta(row.created_at - now, add_direction=True, threshold=1.1),
            stage=row.stage,
        ))
    return lines


def page_number(raw: str | None, pages: int) -> int:
    """``?page=`` as given when it is a whole number within range; anything else is clamped to a real page."""
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), max(pages, 1))


@bp.route("/")
def feed():
    """Anyone who can read the workspace: the activity feed (``?stage=``, ``?person=``, ``?page=``)."""
    base = visible_in_workspace(g.workspace, g.access)
    people_ids = db.session.scalars(
        select(Activity.user_id).where(Activity.id.in_(base.with_only_columns(Activity.id)),
                                       Activity.user_id.is_not(None)).distinct()
    ).all()
    people = sorted(db.session.scalars(select(User).where(User.id.in_(people_ids))).all(), key=lambda u: u.name.lower())

    stage = request.args.get("stage") or ""
    if stage not in STAGE_CODES:
        stage = ""
    person_raw = request.args.get("person") or ""
    person = int(person_raw) if person_raw.isdigit() and int(person_raw) in people_ids else None

    query = base
    if stage:
        query = query.where(Activity.stage == stage)
    if person is not None:
        query = query.where(Activity.user_id == person)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = page_number(request.args.get("page"), pages)
    rows = db.session.scalars(
        query.options(joinedload(Activity.user), joinedload(Activity.organisation))
        .order_by(Activity.created_at.desc(), Activity.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()

    def page_url(number: int) -> str:
        args = {"page": number}
        if stage:
            args["stage"] = stage
        if person is not None:
            args["person"] = person
        return url_for("ws.activity.feed", **args)

    context = {
        "lines": feed_lines(rows), "people": people, "stages": [s for s in STAGE_CODES],
        "stage": stage, "person": person, "page": page, "pages": pages, "total": total, "page_url": page_url,
    }
    template = "activity/_feed.html" if wants_fragment() else "activity/feed.html"
    return render_template(template, **context)


# --- the audit trail (site admins) ---------------------------------------------------------------

#: filter choices: code -> verb prefix
KINDS = ("login", "access", "account", "org")


def require_site_admin() -> None:
    if not current_user.is_site_admin:
        abort(404)


@admin_bp.route("/audit")
@login_required
def audit():
    """Site admin: account-level events (no workspace), newest first, ``?kind=`` and ``?page=``."""
    require_site_admin()
    kind = request.args.get("kind") or ""
    if kind not in KINDS:
        kind = ""
    query = select(Activity).where(Activity.workspace_id.is_(None))
    if kind:
        query = query.where(Activity.verb.like(f"{kind}.%"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = page_number(request.args.get("page"), pages)
    rows = db.session.scalars(
        query.options(joinedload(Activity.user), joinedload(Activity.organisation)).order_by(Activity.created_at.desc(), Activity.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()

    def page_url(number: int) -> str:
        return url_for("admin.audit", page=number, **({"kind": kind} if kind else {}))

    return render_template("activity/audit.html", lines=feed_lines(rows), rows=rows, kind=kind, kinds=KINDS,
                           page=page, pages=pages, total=total, page_url=page_url)
