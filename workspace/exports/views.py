"""Export (JSON) and the printable report on every workspace, and the import of such a file as the template of
a new workspace."""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..activity.services import record
from ..core.errors import render_error
from ..core.refusal import Refused
from ..core.respond import done, invalid, shows_refusals
from ..dashboard.figures import mentor_orgs_of
from ..dbtypes import utcnow
from ..decide.models import SIDE_LABELS
from ..decide.services import latest_per_side
from ..extensions import db
from ..forms import BaseForm
from ..pilot.models import CONSTRUCTION_EXPLANATIONS, PHASE_LABELS
from ..pilot.services import CHECK_IN_TOPICS, TOPIC_LABELS
from ..stages.content_views import round_arg
from ..tenancy.access import can_read, require
from .document import FORMAT, build_export
from .importer import check_document, create_from_template, read_document
from .report import cycle_with_history, report_rounds

# Workspace-scoped: /w/<id>/export/...  (endpoints ws.exports.*)
bp = Blueprint("exports", __name__, url_prefix="/export")
# Not scoped: /import/  (endpoint imports.upload)
import_bp = Blueprint("imports", __name__, url_prefix="/import")



@bp.route("/")
def index():
    """Anyone who can read the workspace (lead, member, observer, admin viewer): what an export holds."""
    require(can_read)
    return render_template("exports/index.html", format=FORMAT)


@bp.route("/report")
def report():
    """Anyone who reads the workspace: its decisions, pilot rounds and evaluations on one printable page, per
    round (``?round=N`` for one round only)."""
    only = request.args.get("round")
    per_round = report_rounds(g.workspace, round_arg(g.workspace.round) if only is not None else None)
    cycle, history = cycle_with_history(g.workspace)
    return render_template("exports/report.html", cycle=cycle, decided=latest_per_side(history),
                           history=history, per_round=per_round, side_labels=SIDE_LABELS,
                           phase_labels=PHASE_LABELS, topic_labels=TOPIC_LABELS, check_in_topics=CHECK_IN_TOPICS,
                           construction_explanations=CONSTRUCTION_EXPLANATIONS, only_round=only is not None,
                           generated_at=utcnow())


def _filename(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "workspace"
    return f"mentorbrug-{slug}.json"


@bp.route("/json", methods=["POST"])
def download():
    """Anyone who can read the workspace: the export as a JSON download; the download is recorded."""
    require(can_read)
    document = build_export(g.workspace, g.access, current_user)
    record("workspace.exported", g.workspace, "export (JSON)", details={})
    db.session.commit()
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{_filename(g.workspace.title)}"',
        "Cache-Control": "no-store",
    })


class ImportForm(BaseForm):
    file = FileField(_l("Export file (.json)"), description=_l("A file made with “Export (JSON)” in Mentorbrug, at most 2 MB."))
    title = StringField(_l("Title of the new workspace"), validators=[Optional(), Length(max=120)],
                        description=_l("Leave empty to keep the title from the file."))
    mentor_org = SelectField(_l("Your mentor project"), choices=[], validate_choice=False)  # checked in the view


def _render_form(form, mentor_orgs, problems=None, status=200):
    return render_template("exports/import.html", form=form, mentor_orgs=mentor_orgs, problems=problems or [],
                           max_mb=_max_mb()), status


def _max_mb() -> int:
    return max(1, (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024))


def _import_form(mentor_orgs) -> ImportForm:
    form = ImportForm()
    form.mentor_org.choices = [SelectChoice(str(o.id), o.name) for o in mentor_orgs]
    return form


def _import_refused(refused: Refused):
    """The import form again with every problem of the file listed; nothing was imported (422)."""
    mentor_orgs = mentor_orgs_of(current_user.id)
    form = refused.form or refused.put_on(_import_form(mentor_orgs))
    return _render_form(form, mentor_orgs, problems=refused.reasons)


@import_bp.route("/", methods=["GET", "POST"])
@login_required
@shows_refusals(_import_refused)
def upload():
    """People of a mentor project (who may start a workspace): a new workspace from an export file, as a
    template. They become its lead; the partner is invited afterwards."""
    mentor_orgs = mentor_orgs_of(current_user.id)
    if not mentor_orgs:
        flash(_("Only people of a mentor project can start a workspace, also from an export file."), "error")
        return redirect(url_for("dashboard.index"))
    form = _import_form(mentor_orgs)
    if not form.is_submitted():
        return _render_form(form, mentor_orgs)
    if not form.validate():
        raise invalid(form)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Refused(422, _("Choose the export file to import."), "file")
    chosen = form.mentor_org.data or (str(mentor_orgs[0].id) if len(mentor_orgs) == 1 else "")
    mentor_org = next((o for o in mentor_orgs if str(o.id) == chosen), None)
    if mentor_org is None:
        message = _("Choose one of your mentor projects.")
        raise Refused(422, message, "mentor_org", reasons=[message])
    document = read_document(upload.read())
    template = check_document(document, title_override=form.title.data or None)
    workspace = create_from_template(template, mentor_org_id=mentor_org.id, user=current_user)
    return done(_("New workspace made from the export file: %(n)d tasks taken over. Invite the partner's lead "
                  "next.", n=len(template.tasks)), lambda: url_for("ws.show", workspace_id=workspace.id))


@import_bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A file over MAX_CONTENT_LENGTH never reaches the view: say what happened and what to do."""
    return render_error(
        413, _("This file is too large to import"),
        _("Mentorbrug accepts export files up to %(mb)d MB. An export of one workspace is usually far smaller: "
          "check that you chose a file made with “Export (JSON)”.", mb=_max_mb()),
    )
