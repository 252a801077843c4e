"""Forms of the pilot area. Lengths match the columns in ``models.py``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import BaseForm, IsoDateField, NotBlank, PersonField, sensible_date
from .indicators import number_problem
from .models import (
    CONSTRUCTION_LABELS,
    HOLDER_LABELS,
    NEED_STATUS_LABELS,
    PHASE_LABELS,
    UNIT_LABELS,
)
from .services import holder_refusal, looks_professional


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(str(key), label) for key, label in labels.items()]


# --- pilot plan -------------------------------------------------------------------------------------------

class StartPlanForm(BaseForm):
    bsn_exempt = ("copy_from",)
    copy_from = HiddenField()


class ConstructionForm(BaseForm):
    bsn_exempt = ("construction",)

    construction = RadioField(_l("Form of collaboration"), choices=_choices(CONSTRUCTION_LABELS),
                              validators=[InputRequired(_l("Choose one of the forms of collaboration."))])
    construction_note = TextAreaField(_l("What this means for us"), validators=[Optional(), Length(max=1000)])


class ScopeForm(BaseForm):
    """Used with prefix "scope": a form control named "matches" would hide the form's own ``matches()``."""

    bsn_exempt = ("scope-phases",)

    target_group = StringField(_l("Target group"), validators=[Optional(), Length(max=300)],
                               description=_l("Which young people, for example by age or situation. No names."))
    place = StringField(_l("Place or area"), validators=[Optional(), Length(max=200)])
    matches = IntegerField(_l("Number of matches"), validators=[Optional(), NumberRange(
        min=1, max=10000, message=_l("Enter a number of matches of at least 1."))])
    start_date = IsoDateField(_l("Start date"), validators=[Optional(), sensible_date])
    end_date = IsoDateField(_l("End date"), validators=[Optional(), sensible_date])
    phases = MultiCheckboxField(_l("When in the care process mentors take part"), choices=_choices(PHASE_LABELS),
                                validate_choice=True)

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class ResponsibilityForm(BaseForm):
    """Who carries one topic. ``professional_only`` comes from the row (or the add form), never trusted from an
    edit form."""

    bsn_exempt = ("holder",)

    holder = SelectField(_l("Who carries it"), choices=[SelectChoice("", _l("Not agreed yet"))]
                         + _choices(HOLDER_LABELS), validate_choice=True)
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])

    professional_only = False  # set by the view for an existing row

    def validate_holder(self, field):
        problem = holder_refusal(self.professional_only, field.data or None)
        if problem:
            raise ValidationError(problem)


class NewResponsibilityForm(ResponsibilityForm):
    topic = StringField(_l("Topic"), validators=[NotBlank(), Length(max=120)])
    professional_only_box = BooleanField(_l("Only a professional can carry this"))

    def validate_holder(self, field):
        professional = bool(self.professional_only_box.data) or looks_professional(self.topic.data or "")
        problem = holder_refusal(professional, field.data or None)
        if problem:
            raise ValidationError(problem)


class NeedForm(BaseForm):
    bsn_exempt = ("owner", "status")

    owner = PersonField(_l("Who sees to it"))
    status = SelectField(_l("Status"), choices=_choices(NEED_STATUS_LABELS), validate_choice=True)
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])

    def set_people(self, memberships):
        self.owner.set_people(memberships)
        return self

    def owner_id(self) -> int | None:
        return self.owner.person_id


class NewNeedForm(NeedForm):
    title = StringField(_l("What is needed"), validators=[NotBlank(), Length(max=120)])


class CheckInForm(BaseForm):
    on_date = IsoDateField(_l("Date"), validators=[InputRequired(_l("Choose a date.")), sensible_date])
    topic = StringField(_l("Topic"), validators=[NotBlank(), Length(max=200)])


# --- indicators -------------------------------------------------------------------------------------------

class IndicatorForm(BaseForm):
    """Used with prefix "ind": controls named "name" or "target" would hide the form element's own properties."""

    bsn_exempt = ("ind-unit",)

    name = StringField(_l("Indicator"), validators=[NotBlank(), Length(max=120)],
                       description=_l("For example: matches that last at least six months."))
    success = TextAreaField(_l("Success looks like"), validators=[NotBlank(), Length(max=500)])
    failure = TextAreaField(_l("Failure looks like"), validators=[NotBlank(), Length(max=500)])
    unit = SelectField(_l("Unit"), choices=_choices(UNIT_LABELS), validate_choice=True)
    target = StringField(_l("Target"), validators=[NotBlank(), Length(max=60)],
                         description=_l("A number for the units number and percentage; words for text."))
    how_measured = StringField(_l("How it is measured"), validators=[NotBlank(), Length(max=300)])
    measured_by = StringField(_l("Measured by"), validators=[NotBlank(), Length(max=120)])

    def validate_target(self, field):
        if field.data:
            problem = number_problem(self.unit.data, field.data)
            if problem:
                raise ValidationError(problem)

    def values(self) -> dict:
        return {k: getattr(self, k).data for k in ("name", "success", "failure", "target", "unit",
                                                   "how_measured", "measured_by")}


class FrozenIndicatorForm(IndicatorForm):
    reason = TextAreaField(_l("Why it changes after the fact"),
                           validators=[NotBlank(_l("A frozen indicator only changes with a reason.")),
                                       Length(max=500)])
