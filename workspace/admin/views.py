"""Site administration: the account-level audit trail (logins, failed logins, access denials, account events).

Only ``User.is_site_admin`` may see it; anyone else logged in gets 404, as if the page did not exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..activity.models import Activity
from ..activity.views import PAGE_SIZE, feed_lines, page_number
from ..extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: filter choices: code -> verb prefix
KINDS = ("login", "access", "account", "org")


def require_site_admin() -> None:
    if not current_user.is_site_admin:
        abort(404)


@bp.route("/audit")
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

    return render_template("admin/audit.html", lines=feed_lines(rows), rows=rows, kind=kind, kinds=KINDS,
                           page=page, pages=pages, total=total, page_url=page_url)
