"""Notes pages under ``/w/<workspace_id>/notes``. Every form works as a plain post and as an htmx swap."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.refusal import Refused
from ..core.respond import CHANGED, done, invalid, page_or_fragment, shows_refusals, wants_fragment
from ..tenancy.access import can_edit, internal_org_of, require
from . import services
from .forms import NoteForm
from .models import NOTE_STAGES, Note
from .rendering import render_markdown

bp = Blueprint("notes", __name__, url_prefix="/notes")

# --- template helpers ---------------------------------------------------------------------------

def _render_markdown(text):
    return render_markdown(text)


def _may_edit_note(note: Note) -> bool:
    return services.may_edit_note(note, g.workspace, g.access)


def _stage_notes(stage: str) -> list[Note]:
    """For any stage page: ``{% with stage="pilot" %}{% include "notes/_stage_notes.html" %}{% endwith %}``."""
    return services.stage_notes(g.workspace, g.access, stage)


def _own_internal_org():
    return internal_org_of(g.workspace, g.access)


#: Functions every template may call (``Area.template_globals`` of the notes area).
TEMPLATE_GLOBALS = {"render_markdown": _render_markdown, "may_edit_note": _may_edit_note,
                    "stage_notes": _stage_notes, "own_internal_org": _own_internal_org}


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


def _saved(note: Note, message: str, fragment=None):
    """A change went through: htmx gets ``fragment`` (default: the note) and the event other regions listen
    to; a plain post a flash and the list at the note."""
    return done(message, url_for("ws.notes.index", _anchor=f"note-{note.id}"), event=CHANGED,
                fragment=fragment or (lambda: render_template("notes/_note.html", note=note)))


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


def _new_refused(refused: Refused) -> str:
    """The new-note form again with what was typed and the reasons at the fields (422)."""
    form = refused.form or refused.put_on(NoteForm())
    return render_template(page_or_fragment("notes/new.html", "notes/_new.html"), form=form)


@bp.route("/new", methods=["GET", "POST"])
@shows_refusals(_new_refused)
def new():
    """Leads and members: add a joint note, or an internal one for their own organisation."""
    require(can_edit)
    if request.method == "GET":
        stage = request.args.get("stage")
        form = _new_form(stage=stage if stage in NOTE_STAGES else "")
        return render_template("notes/new.html", form=form)
    form = NoteForm()
    if not form.validate():
        raise invalid(form)
    note = services.create_note(g.workspace, current_user, g.access, title=form.title.data, body=form.body.data,
                                stage=form.stage.data, internal=bool(form.internal.data))
    return _saved(note, _("Note saved."),
                  fragment=lambda: render_template("notes/_new.html", form=_new_form(stage=form.stage.data),
                                                   saved=note))


@bp.route("/<int:note_id>")
def show(note_id: int):
    """Anyone who may read the note."""
    note = _note_or_404(note_id)
    if wants_fragment():
        return render_template("notes/_note.html", note=note)
    return render_template("notes/show.html", note=note)


def _edit_conflict(refused: Refused):
    """Someone else saved the note since this form was opened: their version next to the caller's (409)."""
    if refused.code != "conflict":
        return None
    note = services.get_visible_note(g.workspace, g.access, (request.view_args or {})["note_id"])
    return _render_conflict(note, NoteForm(prefix=edit_prefix(note))) if note is not None else None


@bp.route("/<int:note_id>/edit", methods=["GET", "POST"])
@shows_refusals(_edit_conflict)
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
    services.update_note(note, current_user, base_version=form.base_version(), title=form.title.data,
                         body=form.body.data, stage=form.stage.data)
    return _saved(note, _("Note saved."))


def _render_edit(note: Note, form: NoteForm, status: int = 200):
    template = "notes/_edit.html" if wants_fragment() else "notes/edit.html"
    return render_template(template, note=note, form=form), status


def _render_conflict(note: Note, mine: NoteForm):
    """Their saved version next to the caller's unsaved one, with: keep mine / take theirs / merge."""
    merge = _new_form(edit_prefix(note), title=mine.title.data, body=mine.body.data, stage=mine.stage.data or "",
                      version=str(note.version))
    template = "notes/_conflict.html" if wants_fragment() else "notes/conflict.html"
    confirmed_not_bsn = request.form.get("confirm_not_bsn") == "y"
    return render_template(template, note=note, mine=mine, merge=merge, confirmed_not_bsn=confirmed_not_bsn)


@bp.route("/<int:note_id>/pin", methods=["POST"])
def pin(note_id: int):
    """Leads and members who may edit the note: pin it to the top of the list, or unpin it."""
    note = _note_or_404(note_id)  # first: another organisation's internal note is 404 even for observers
    _require_may_edit(note)
    services.set_pinned(note, request.form.get("pinned") == "1")
    return _saved(note, _("Note pinned.") if note.pinned else _("Note unpinned."))


@bp.route("/<int:note_id>/delete", methods=["GET", "POST"])
def delete(note_id: int):
    """Leads and members who may edit the note. GET asks for confirmation (the path without JavaScript);
    htmx asks through hx-confirm and posts directly."""
    note = _note_or_404(note_id)  # first: another organisation's internal note is 404 even for observers
    _require_may_edit(note)
    if request.method == "GET":
        return render_template("notes/delete.html", note=note)
    services.delete_note(note)
    return done(_("Note deleted."), url_for("ws.notes.index"), event=CHANGED, fragment="")


@bp.route("/stage/<stage>")
def stage_list(stage: str):
    """Anyone in the workspace: the notes of one stage, as a fragment (for a stage's page)."""
    if stage not in NOTE_STAGES:
        abort(404)
    return render_template("notes/_stage_notes.html", stage=stage)
