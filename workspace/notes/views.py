"""Notes pages under ``/w/<workspace_id>/notes``. Every form works as a plain post and as an htmx swap."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..core.respond import wants_fragment
from ..extensions import db
from ..tenancy.access import can_edit, require
from . import services
from .forms import NoteForm
from .models import NOTE_STAGES, Note
from .rendering import render_markdown

bp = Blueprint("notes", __name__, url_prefix="/notes")

CHANGED = "workspace-changed"


# --- template helpers ---------------------------------------------------------------------------

@bp.app_template_global("render_markdown")
def _render_markdown(text):
    return render_markdown(text)


@bp.app_template_global("may_edit_note")
def _may_edit_note(note: Note) -> bool:
    return services.may_edit_note(note, g.workspace, g.access)


@bp.app_template_global("stage_notes")
def _stage_notes(stage: str) -> list[Note]:
    """For any stage page: ``{% with stage="pilot" %}{% include "notes/_stage_notes.html" %}{% endwith %}``."""
    return services.stage_notes(g.workspace, g.access, stage)


@bp.app_template_global("own_internal_org")
def _own_internal_org():
    return services.internal_org_of(g.workspace, g.access)


# --- helpers ------------------------------------------------------------------------------------

def _note_or_404(note_id: int) -> Note:
    """A note the caller may read; internal notes of the other organisation are 404, like missing ones."""
    note = services.get_visible_note(g.workspace, g.access, note_id)
    if note is None:
        abort(404)
    return note


def _require_may_edit(note: Note) -> None:
    """403 for readers who may not change this note (observers, admin viewers)."""
    if not services.may_edit_note(note, g.workspace, g.access):
        require(lambda _access: False)  # 403, and the denial is recorded


def _changed(body: str, status: int = 200):
    response = make_response(body, status)
    response.headers["HX-Trigger"] = CHANGED
    return response


def _filter_from_args() -> services.NoteFilter:
    stage = request.args.get("stage") or None
    if stage not in (None, "none", *NOTE_STAGES):
        stage = None
    kind = request.args.get("kind") if request.args.get("kind") in ("joint", "internal") else None
    search = (request.args.get("q") or "").strip()[:100] or None
    return services.NoteFilter(stage=stage, search=search, kind=kind)


def _new_form(prefix: str = "", **data) -> NoteForm:
    return NoteForm(formdata=None, data=data, prefix=prefix)


def edit_prefix(note: Note) -> str:
    """Edit forms of several notes can be open on one page: keep their field ids apart."""
    return f"note-{note.id}"


# --- views --------------------------------------------------------------------------------------

@bp.route("/")
def index():
    """Anyone in the workspace: the notes they may read (filter by stage, kind, search)."""
    flt = _filter_from_args()
    notes = services.list_notes(g.workspace, g.access, flt)
    context = dict(notes=notes, flt=flt, total=services.count_notes(g.workspace, g.access),
                   stages=NOTE_STAGES)
    if wants_fragment():
        return render_template("notes/_list.html", **context)
    form = _new_form(stage=flt.stage if flt.stage in NOTE_STAGES else "")
    return render_template("notes/index.html", form=form, **context)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Leads and members: add a joint note, or an internal one for their own organisation."""
    require(can_edit)
    if request.method == "GET":
        stage = request.args.get("stage")
        form = _new_form(stage=stage if stage in NOTE_STAGES else "")
        return render_template("notes/new.html", form=form)
    form = NoteForm()
    own_org = services.internal_org_of(g.workspace, g.access)
    valid = form.validate()
    if form.internal.data and own_org is None:
        form.internal.errors = [*form.internal.errors, _("Only people of the two organisations can write internal notes.")]
        valid = False
    if not valid:
        template = "notes/_new.html" if wants_fragment() else "notes/new.html"
        return render_template(template, form=form), 422
    note = services.create_note(
        g.workspace, current_user, title=form.title.data, body=form.body.data, stage=form.stage.data,
        internal_org_id=own_org if form.internal.data else None,
    )
    db.session.commit()
    if wants_fragment():
        fresh = _new_form(stage=form.stage.data)
        return _changed(render_template("notes/_new.html", form=fresh, saved=note))
    flash(_("Note saved."), "success")
    return redirect(url_for("ws.notes.index", _anchor=f"note-{note.id}"))


@bp.route("/<int:note_id>")
def show(note_id: int):
    """Anyone who may read the note."""
    note = _note_or_404(note_id)
    if wants_fragment():
        return render_template("notes/_note.html", note=note)
    return render_template("notes/show.html", note=note)


@bp.route("/<int:note_id>/edit", methods=["GET", "POST"])
def edit(note_id: int):
    """Leads and members who may edit the note. The form carries the version it started from; when
    someone else saved meanwhile, both versions are shown and the author chooses (409)."""
    note = _note_or_404(note_id)  # first: another organisation's internal note is 404 even for observers
    _require_may_edit(note)
    if request.method == "GET":
        form = _new_form(edit_prefix(note), title=note.title, body=note.body, stage=note.stage or "",
                         version=str(note.version))
        return _render_edit(note, form)
    form = NoteForm(prefix=edit_prefix(note))
    if not form.validate():
        return _render_edit(note, form, 422)
    base = form.base_version()
    if base is None or base != note.version or not services.update_note(
        note, current_user, base_version=base, title=form.title.data, body=form.body.data, stage=form.stage.data
    ):
        db.session.rollback()
        note = _note_or_404(note_id)
        return _render_conflict(note, form)
    db.session.commit()
    if wants_fragment():
        return _changed(render_template("notes/_note.html", note=note))
    flash(_("Note saved."), "success")
    return redirect(url_for("ws.notes.index", _anchor=f"note-{note.id}"))


def _render_edit(note: Note, form: NoteForm, status: int = 200):
    template = "notes/_edit.html" if wants_fragment() else "notes/edit.html"
    return render_template(template, note=note, form=form), status


def _render_conflict(note: Note, mine: NoteForm):
    """Their saved version next to the caller's unsaved one, with: keep mine / take theirs / merge."""
    merge = _new_form(edit_prefix(note), title=mine.title.data, body=mine.body.data, stage=mine.stage.data or "",
                      version=str(note.version))
    template = "notes/_conflict.html" if wants_fragment() else "notes/conflict.html"
    confirmed_not_bsn = request.form.get("confirm_not_bsn") == "y"
    return render_template(template, note=note, mine=mine, merge=merge,
                           confirmed_not_bsn=confirmed_not_bsn), 409


@bp.route("/<int:note_id>/pin", methods=["POST"])
def pin(note_id: int):
    """Leads and members who may edit the note: pin it to the top of the list, or unpin it."""
    note = _note_or_404(note_id)  # first: another organisation's internal note is 404 even for observers
    _require_may_edit(note)
    services.set_pinned(note, request.form.get("pinned") == "1")
    db.session.commit()
    if wants_fragment():
        return _changed(render_template("notes/_note.html", note=note))
    flash(_("Note pinned.") if note.pinned else _("Note unpinned."), "success")
    return redirect(url_for("ws.notes.index", _anchor=f"note-{note.id}"))


@bp.route("/<int:note_id>/delete", methods=["GET", "POST"])
def delete(note_id: int):
    """Leads and members who may edit the note. GET asks for confirmation (the path without JavaScript);
    htmx asks through hx-confirm and posts directly."""
    note = _note_or_404(note_id)  # first: another organisation's internal note is 404 even for observers
    _require_may_edit(note)
    if request.method == "GET":
        return render_template("notes/delete.html", note=note)
    services.delete_note(note)
    db.session.commit()
    if wants_fragment():
        return _changed("")
    flash(_("Note deleted."), "success")
    return redirect(url_for("ws.notes.index"))


@bp.route("/stage/<stage>")
def stage_list(stage: str):
    """Anyone in the workspace: the notes of one stage, as a fragment (for a stage's page)."""
    if stage not in NOTE_STAGES:
        abort(404)
    return render_template("notes/_stage_notes.html", stage=stage)


def personal_data(user) -> dict:
    """For a person's own data download: the notes they wrote (joint and internal)."""
    from sqlalchemy import select

    from ..extensions import db
    from .models import Note

    notes = db.session.scalars(select(Note).where(Note.created_by_id == user.id).order_by(Note.id)).all()
    return {"notes_written": [
        {"workspace_id": n.workspace_id, "title": n.title, "body": n.body, "internal": n.is_internal,
         "stage": n.stage, "created_at": n.created_at.isoformat()} for n in notes
    ]}


def register() -> None:
    """Wire the notes into the workspace: a tab, the demo notes, and the personal data download."""
    from .. import demo
    from ..accounts import hooks as account_hooks
    from ..tenancy.tabs import TABS
    from .demo import fill_demo_notes

    if not any(endpoint == "ws.notes.index" for _order, endpoint, _label in TABS):
        TABS.append((50, "ws.notes.index", _l("Notes")))
    if fill_demo_notes not in demo.after_seed:
        demo.after_seed.append(fill_demo_notes)
    if personal_data not in account_hooks.data_export:
        account_hooks.data_export.append(personal_data)


register()
