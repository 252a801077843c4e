"""Forms of the groundwork pages. Every text field has a Length matching its column; numbers have ranges."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from ..forms import BaseForm, NotBlank
from .content import PERSON_KINDS, READINESS, SAFEGUARDS, SEARCH_MODES
from .models import AGE_MAX, AGE_MIN, CASE_MAX, LONG, MAX_COUNT, MEDIUM, SHORT

EARLIEST = date(1990, 1, 1)


def _choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]
LATEST = date(2100, 12, 31)


def _count(label, description=None):
    return IntegerField(label, validators=[Optional(), NumberRange(
        min=0, max=MAX_COUNT, message=_l("Enter a whole number from 0 to %(max)s.", max=MAX_COUNT))],
        description=description)


def _age(label):
    return IntegerField(label, validators=[Optional(), NumberRange(
        min=AGE_MIN, max=AGE_MAX, message=_l("Enter an age from %(min)s to %(max)s.", min=AGE_MIN, max=AGE_MAX))])


def _text(label, size, description=None, required=False):
    validators = [NotBlank()] if required else []
    validators.append(Length(max=size, message=_l("Keep it under %(max)s characters.", max=size)))
    field_class = StringField if size <= MEDIUM else TextAreaField
    return field_class(label, validators=validators, description=description)


class PrefixedForm(BaseForm):
    """Several forms share a page: a prefix keeps their field names and ids apart."""

    default_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.default_prefix)
        super().__init__(*args, **kwargs)


class VersionedForm(PrefixedForm):
    """A form over a row both organisations edit: it posts the version it started from."""

    bsn_exempt = ("version",)
    version = HiddenField()

    def base_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class ExploreForm(BaseForm):
    current_matches = _count(_l("Matches running now"))
    match_capacity = _count(_l("Matches you can handle"), _l("With the coordinators and mentors you have now."))
    management_ready = RadioField(_l("Is the management ready for a new challenge?"), choices=_choices(READINESS),
                                  validators=[Optional()])
    mentors_ready = RadioField(_l("Are the mentors ready for a new challenge?"), choices=_choices(READINESS),
                               validators=[Optional()])
    domain = _text(_l("Domain you choose"), MEDIUM, _l("For example: youth care, welfare, the wijkteam."))
    target_group = _text(_l("Target group you choose"), MEDIUM)
    domain_reason = _text(_l("Why this domain and target group?"), LONG)
    search_mode = RadioField(_l("How do you look for partners?"), choices=_choices(SEARCH_MODES), validators=[Optional()])
    search_reason = _text(_l("Your reasons"), LONG,
                          _l("For example: a group nobody reaches yet, or mentors who want to work outside schools."))
    relations_person = _text(_l("Who looks after the partner relations?"), SHORT, _l("Name of one person."))
    relations_person_kind = RadioField(_l("This person is a"), choices=_choices(PERSON_KINDS), validators=[Optional()])
    match_coordinator = _text(_l("Who coordinates the matches?"), SHORT)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # Not an inline validator: Optional() would stop the chain before it runs on an empty choice.
        if self.relations_person.data and not self.relations_person_kind.data and not self.relations_person_kind.errors:
            self.relations_person_kind.errors = [str(_l("Say whether this person is paid or a volunteer."))]
            ok = False
        return ok


class LayersForm(PrefixedForm):
    default_prefix = "layers"

    layer_climate = BooleanField(_l("A positive climate to grow up in"))
    layer_prevention = BooleanField(_l("Prevention"))
    layer_problems = BooleanField(_l("Tackling problems"))
    layer_interventions = BooleanField(_l("Legal and clinical interventions"))
    reason = _text(_l("Why these layers?"), LONG)


class ContactForm(PrefixedForm):
    default_prefix = "contact"

    bsn_exempt = ("owner",)

    name = _text(_l("Name"), SHORT, required=True)
    organisation = _text(_l("Organisation"), SHORT)
    role = _text(_l("Job title"), SHORT, _l("For example: youth policy officer, wijkteam member."))
    met_on = DateField(_l("Date of the conversation"), validators=[Optional()])
    outcome = _text(_l("Outcome"), LONG)
    next_step = _text(_l("Next step"), MEDIUM)
    owner = SelectField(_l("Who takes the next step"), choices=[], validators=[Optional()])
    due_on = DateField(_l("Next step due on"), validators=[Optional()])

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = _choices([("", _l("Nobody yet"))] + [(str(uid), name) for uid, name in owners])

    def validate_met_on(self, field):
        if field.data and not EARLIEST <= field.data <= LATEST:
            raise ValidationError(_l("Enter a date between 1990 and 2100."))

    def validate_due_on(self, field):
        if not field.data:
            return
        if not EARLIEST <= field.data <= LATEST:
            raise ValidationError(_l("Enter a date between 1990 and 2100."))
        if self.met_on.data and field.data < self.met_on.data:
            raise ValidationError(_l("The next step cannot be due before the conversation took place."))

    def validate_next_step(self, field):
        if not field.data and (self.due_on.data or self.owner.data):
            raise ValidationError(_l("Describe the next step, or leave its owner and date empty."))

    def owner_id(self) -> int | None:
        return int(self.owner.data) if self.owner.data else None


class CoreValuesForm(PrefixedForm):
    default_prefix = "values"

    text = _text(_l("Our core values"), LONG)


class FeasibilityForm(PrefixedForm):
    default_prefix = "feasibility"

    target_groups = _text(_l("Target groups we can offer mentors to"), LONG)
    age_min = _age(_l("Youngest age"))
    age_max = _age(_l("Oldest age"))
    mentors_available = _count(_l("Mentors available for this collaboration"))
    not_suitable = _text(_l("What mentoring is not the right answer to"), LONG,
                         _l("For example: young people who need intensive professional care first."))

    def validate_age_max(self, field):
        if field.data is not None and self.age_min.data is not None and not self.age_min.errors \
                and field.data < self.age_min.data:
            raise ValidationError(_l("The oldest age cannot be lower than the youngest age."))


class ThemeForm(VersionedForm):
    """Prefix it with ``theme-<code>``: three of them share the page."""

    view = _text(_l("Our view"), LONG)
    agreement = _text(_l("The agreement we reached"), LONG)
    vog = BooleanField(dict(SAFEGUARDS)["vog"])
    code_of_conduct = BooleanField(dict(SAFEGUARDS)["code_of_conduct"])
    confidential_person = BooleanField(dict(SAFEGUARDS)["confidential_person"])
    four_eyes = BooleanField(dict(SAFEGUARDS)["four_eyes"])


class CaseForm(VersionedForm):
    default_prefix = "case"

    title = _text(_l("Title of the case"), SHORT, required=True)
    description = _text(_l("The case"), CASE_MAX, required=True,
                        description=_l("Invented from start to finish: no real young person, no real names."))


class CaseAnswerForm(PrefixedForm):
    default_prefix = "answer"

    who_does_what = _text(_l("Who does what?"), LONG)
    what_is_shared = _text(_l("What is shared with whom?"), LONG)
    escalation = _text(_l("When and how do you escalate?"), LONG)


class CaseAgreementsForm(VersionedForm):
    default_prefix = "case-agreements"

    agreements = _text(_l("The agreements that follow from the case"), CASE_MAX)
