"""The note form: title, Markdown body, optional stage, joint or internal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from ..forms import BaseForm, NotBlank
from ..templating import stage_label
from .models import BODY_MAX, NOTE_STAGES, TITLE_MAX


def stage_choices():
    return [SelectChoice("", _l("No particular stage"))] + [SelectChoice(code, stage_label(code)) for code in NOTE_STAGES]


class NoteForm(BaseForm):
    bsn_exempt = ("version", "stage")

    title = StringField(_l("Title"), validators=[NotBlank(), Length(max=TITLE_MAX)])
    body = TextAreaField(
        _l("Text of the note"), validators=[NotBlank(), Length(max=BODY_MAX)],
        description=_l("Markdown works: *italic*, **bold**, lists with -, links as [text](https://...)."),
    )
    stage = SelectField(_l("Stage"), choices=[], validate_choice=True)
    internal = BooleanField(_l("Internal: only people of my organisation see this note"))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = stage_choices()

    def base_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None
