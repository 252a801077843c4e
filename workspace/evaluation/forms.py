"""Forms of the evaluation area. Lengths match the columns in ``models.py``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import BaseForm, IsoDateField, NotBlank, sensible_date

# --- evaluation -------------------------------------------------------------------------------------------

def _long(label, description=None):
    return TextAreaField(label, validators=[Optional(), Length(max=4000)], description=description)


class EvaluationForm(BaseForm):
    """The evaluation's texts. Measured values per indicator are read by the view (``value_<id>``)."""

    # not "process": that name belongs to WTForms' Form.process
    process_text = _long(_l("How the collaboration went (process)"))
    effects = _long(_l("What it achieved (effects)"))
    mentor_views = _long(_l("Views of the mentors"), _l("What mentors told you, in your own words. Needed "
                                                        "before sharing."))
    mentee_views = _long(_l("Views of the young people"), _l("What mentees told you. No names. Needed before "
                                                            "sharing."))
    professional_views = _long(_l("Views of the professionals"))
    strengths = _long(_l("Strengths we saw in the young people"),
                      _l("Mentoring starts from what young people can do: which talents and chances showed?"))
    lessons_mentor = _long(_l("What the mentor project learned"))
    lessons_partner = _long(_l("What the partner learned"))


#: model column -> form field
EVALUATION_FIELDS = {"process": "process_text", "effects": "effects", "mentor_views": "mentor_views",
                     "mentee_views": "mentee_views", "professional_views": "professional_views",
                     "strengths": "strengths", "lessons_mentor": "lessons_mentor", "lessons_partner": "lessons_partner"}


def evaluation_form_for(evaluation) -> EvaluationForm:
    data = {name: getattr(evaluation, column) for column, name in EVALUATION_FIELDS.items()} if evaluation else {}
    return EvaluationForm(formdata=None, data=data)


def evaluation_texts(form: EvaluationForm) -> dict:
    return {column: getattr(form, name).data for column, name in EVALUATION_FIELDS.items()}


class CommentForm(BaseForm):
    body = TextAreaField(_l("Comment"), validators=[NotBlank(_l("Write a comment first.")), Length(max=2000)])


# --- continue ---------------------------------------------------------------------------------------------

class ExitPlanForm(BaseForm):
    approach = TextAreaField(
        _l("How running matches end well"), validators=[NotBlank(), Length(max=2000)],
        description=_l("How mentors and young people hear it, how much time they get to say goodbye, and what "
                       "the young person can turn to afterwards."))
    no_running_matches = BooleanField(_l("There are no running matches"))


class ExitMatchForm(BaseForm):
    label = StringField(_l("Match"), validators=[NotBlank(), Length(max=60)],
                        description=_l("A neutral label such as “match 3”; never a young person's name."))
    how = StringField(_l("How it ends"), validators=[NotBlank(), Length(max=500)])
    end_by = IsoDateField(_l("Ends by"), validators=[InputRequired(_l("Choose a date.")), sensible_date])
