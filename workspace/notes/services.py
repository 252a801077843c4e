"""Reading and changing notes. Services never commit: the request does, once.

The one rule for who sees which note lives in ``visible_notes_query``; every list, count, search, export and
single-note lookup goes through it, so an organisation's internal notes never leak to the other side.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import joinedload

from ..activity.services import record
from ..core.refusal import Refused
from ..dbtypes import utcnow
from ..extensions import db
from ..tenancy.access import Access, can_edit, internal_org_of, internal_visible
from .models import Note


def visible_notes_query(workspace, access: Access | None):
    """``select(Note)`` of every note of ``workspace`` that ``access`` may read: the joint notes plus the
    internal notes of the caller's own organisation (``tenancy.access.internal_visible``, the one rule).
    Use it for lists, counts, search, exports and the report alike."""
    return select(Note).where(Note.workspace_id == workspace.id,
                              internal_visible(Note.internal_org_id, workspace, access))


def may_edit_note(note: Note, workspace, access: Access | None) -> bool:
    """Leads and members edit joint notes; internal notes only by their own organisation's leads/members."""
    if not can_edit(access):
        return False
    return note.internal_org_id is None or note.internal_org_id == internal_org_of(workspace, access)


def get_visible_note(workspace, access: Access | None, note_id: int) -> Note | None:
    return db.session.scalar(visible_notes_query(workspace, access).where(Note.id == note_id))


@dataclass(frozen=True)
class NoteFilter:
    stage: str | None = None
    search: str | None = None
    kind: str | None = None  # "joint", "internal" or None for both


def _filtered(stmt, flt: NoteFilter):
    if flt.stage == "none":
        stmt = stmt.where(Note.stage.is_(None))
    elif flt.stage:
        stmt = stmt.where(Note.stage == flt.stage)
    if flt.kind == "joint":
        stmt = stmt.where(Note.internal_org_id.is_(None))
    elif flt.kind == "internal":
        stmt = stmt.where(Note.internal_org_id.is_not(None))
    if flt.search:
        term = "%" + flt.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(func.lower(Note.title).like(term, escape="\\"),
                              func.lower(Note.body).like(term, escape="\\")))
    return stmt


def list_notes(workspace, access: Access | None, flt: NoteFilter = NoteFilter()) -> list[Note]:
    """Visible notes, pinned first, then the most recently changed."""
    stmt = _filtered(visible_notes_query(workspace, access), flt).options(
        joinedload(Note.updated_by), joinedload(Note.created_by)
    ).order_by(Note.pinned.desc(), Note.updated_at.desc(), Note.id.desc())
    return list(db.session.scalars(stmt))


def count_notes(workspace, access: Access | None, flt: NoteFilter = NoteFilter()) -> int:
    stmt = _filtered(visible_notes_query(workspace, access), flt)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _record(verb: str, note: Note, summary: str) -> None:
    record(verb, note, summary, details={"title": summary}, visible_to_org_id=note.internal_org_id)


def create_note(workspace, user, access: Access | None, *, title: str, body: str, stage: str | None,
                internal: bool = False) -> Note:
    """Leads and members (checked by the view): add a joint note, or with ``internal`` one that only the
    writer's own organisation reads (``Refused`` 422 on the field for observers and admin viewers)."""
    internal_org_id = internal_org_of(workspace, access) if internal else None
    if internal and internal_org_id is None:
        raise Refused(422, _("Only people of the two organisations can write internal notes."), "internal")
    now = utcnow()
    note = Note(workspace_id=workspace.id, title=title, body=body, stage=stage or None,
                internal_org_id=internal_org_id, created_by_id=user.id, updated_by_id=user.id,
                created_at=now, updated_at=now, version=1, pinned=False)
    db.session.add(note)
    db.session.flush()
    _record("note.created", note, title[:80])
    return note


def update_note(note: Note, user, *, base_version: int | None, title: str, body: str, stage: str | None) -> Note:
    """Save an edit that started from ``base_version``. ``Refused`` 409 (code "conflict", nothing changed)
    when someone else saved in between: the UPDATE only matches the row while it still has that version, so
    two simultaneous saves can never both win."""
    if base_version is None or base_version != note.version:
        raise _conflict()
    result = db.session.execute(
        update(Note)
        .where(and_(Note.id == note.id, Note.version == base_version))
        .values(title=title, body=body, stage=stage or None, version=base_version + 1,
                updated_by_id=user.id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _conflict()
    db.session.refresh(note)
    _record("note.updated", note, title[:80])
    return note


def _conflict() -> Refused:
    return Refused(409, _("Something changed meanwhile"), code="conflict")


def set_pinned(note: Note, pinned: bool) -> None:
    """Pinning is not an edit of the text: it does not change ``version``."""
    if note.pinned == pinned:
        return
    note.pinned = pinned
    db.session.flush()
    _record("note.pinned" if pinned else "note.unpinned", note, note.title[:80])


def delete_note(note: Note) -> None:
    _record("note.deleted", note, note.title[:80])
    db.session.delete(note)
    db.session.flush()


def stage_notes(workspace, access: Access | None, stage: str) -> list[Note]:
    """The notes tied to one stage, for that stage's content page."""
    return list_notes(workspace, access, NoteFilter(stage=stage))


def personal_data(user) -> dict:
    """For a person's own data download: the notes they wrote (joint and internal)."""
    notes = db.session.scalars(select(Note).where(Note.created_by_id == user.id).order_by(Note.id)).all()
    return {"notes_written": [
        {"workspace_id": n.workspace_id, "title": n.title, "body": n.body, "internal": n.is_internal,
         "stage": n.stage, "created_at": n.created_at.isoformat()} for n in notes
    ]}
