"""Writing activity rows. Every service that changes something calls ``record`` once; the request commits."""

from __future__ import annotations

from flask import g, has_request_context
from flask_login import current_user

from ..extensions import db
from .models import Activity

_FROM_REQUEST = object()


def record(verb: str, obj=None, summary: str = "", *, details: dict | None = None, workspace=_FROM_REQUEST,
           object_type: str | None = None,
           object_id: int | None = None, visible_to_org_id: int | None = None, user=None,
           organisation_id: int | None = None) -> Activity:
    """Append one activity row (not committed).

    ``verb`` is ``<thing>.<what happened>`` (``task.ticked``); ``obj`` the changed row (its class name and id
    are stored); ``summary`` a short text WITHOUT note bodies or secrets (a task title is fine); ``details``
    the facts the feed words (keys as the verb's label in its area's ``feed_labels`` names them; JSON values,
    codes rather than words: ``{"side": "mentor", "answer": "yes"}``).
    Inside a workspace request the workspace, actor and their organisation come from ``g``; pass
    ``workspace=None`` for an account-level event.
    """
    in_request = has_request_context()
    if workspace is _FROM_REQUEST:
        workspace = getattr(g, "workspace", None) if in_request else None
    if user is None and in_request and current_user and current_user.is_authenticated:
        user = current_user
    if organisation_id is None and in_request and getattr(g, "access", None) is not None:
        organisation_id = g.access.organisation_id
    row = Activity(
        verb=verb,
        workspace_id=workspace.id if workspace is not None else None,
        user_id=user.id if user is not None else None,
        organisation_id=organisation_id,
        object_type=object_type or (type(obj).__name__ if obj is not None else ""),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        summary=(summary or "")[:300],
        details=details,
        stage=workspace.stage if workspace is not None else None,
        visible_to_org_id=visible_to_org_id,
    )
    db.session.add(row)
    return row
