"""Form helpers shared by every area."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from .core.input_guard import has_form_control_chars, in_int_range, refusal
from .privacy import find_bsn_like

CONFIRM_NOT_BSN = "confirm_not_bsn"


def strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: strings are stripped, control characters (NUL and friends) are refused per field, line
    breaks are refused in single-line fields (titles and names end up in mail headers), numbers (integer
    fields, and hidden fields carrying a version, id or position) must fit an integer column, and
    free text that looks like a BSN is held back until the user corrects it or confirms it is no BSN
    (the checkbox ``confirm_not_bsn``, rendered by the ``field`` macro next to the warning)."""

    #: field names that never hold free text about people (codes, choices); everything else is checked
    bsn_exempt: tuple[str, ...] = ()

    class Meta:
        def bind_field(self, form, unbound_field, options):
            cls = unbound_field.field_class
            if issubclass(cls, StringField | TextAreaField) and not issubclass(cls, PasswordField):
                filters = list(unbound_field.kwargs.get("filters", ()))
                if strip not in filters:
                    filters.insert(0, strip)
                unbound_field.kwargs["filters"] = filters
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        _hidden_numbers(self)
        for field in self:
            if isinstance(field.data, str) and has_form_control_chars(field.data):
                field.errors = [*field.errors, str(_l("This field contains invisible control characters. Please remove them."))]
                ok = False
            elif _single_line(field) and isinstance(field.data, str) and _has_line_break(field.data):
                field.errors = [*field.errors, str(_l("This field takes a single line. Remove the line break."))]
                ok = False
            elif not field.errors and not _fits_integer_column(field):
                field.errors = [*field.errors, str(_l("This number is out of range."))]
                ok = False
        if not self._bsn_check():
            ok = False
        return ok

    def _bsn_check(self) -> bool:
        confirmed = request.form.get(CONFIRM_NOT_BSN) == "y" if request else False
        ok = True
        for field in self:
            if (
                isinstance(field, StringField | TextAreaField)
                and not isinstance(field, PasswordField | EmailField)
                and field.name not in self.bsn_exempt
                and isinstance(field.data, str)
                and find_bsn_like(field.data)
                and not confirmed
            ):
                field.bsn_warning = True
                field.errors = [*field.errors, str(_l(
                    "This looks like a citizen service number (BSN). Personal data of young people does not "
                    "belong in Mentorbrug: remove it, or confirm below that it is not a BSN."
                ))]
                ok = False
        return ok


def _fits_integer_column(field) -> bool:
    """False for an integer field whose number no integer column holds (it would overflow inside the
    database driver: a 500). Hidden fields (versions, ids, positions) are checked by ``_hidden_numbers``."""
    return not (isinstance(field, IntegerField) and isinstance(field.data, int) and not in_int_range(field.data))


def _hidden_numbers(form) -> None:
    """A hidden field is never typed: a whole number in one that no integer column holds was made by hand.
    The form cannot show an error next to a field nobody sees, so the answer is a 422 page (or fragment)
    that says so."""
    for field in form:
        if isinstance(field, HiddenField) and isinstance(field.data, str):
            text = field.data.strip()
            # the length test first: int() of thousands of digits is refused by Python itself; the + 1 because
            # a version is written back incremented
            if text.lstrip("+-").isdigit() and (len(text) > 12 or not (in_int_range(int(text))
                                                                      and in_int_range(int(text) + 1))):
                raise refusal(422, _l("This form holds a number that is out of range. Reload the page and "
                                      "try again."))


def _single_line(field) -> bool:
    return isinstance(field, StringField) and not isinstance(field, TextAreaField | PasswordField)


def _has_line_break(text: str) -> bool:
    # \x85, \u2028 and \u2029 are line breaks too (for str.splitlines and for some mail software)
    return any(ch in "\r\n\x85\u2028\u2029\x0b\x0c" for ch in text)


class NotBlank:
    """Like DataRequired, but with our own message and for stripped strings. Sets the ``required`` flag, so
    the ``field`` macro marks the label and the control as required."""

    field_flags = {"required": True}

    def __init__(self, message=None):
        self.message = message or _l("Please fill in this field.")

    def __call__(self, form, field):
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(self.message)


class IsoDateField(DateField):
    """A date as <input type=date> sends it (year-month-day), with our own message for anything else."""

    def process_formdata(self, valuelist):
        raw = ((valuelist[0] if valuelist else "") or "").strip()
        self.raw_data = [raw]
        if not raw:
            self.data = None
            return
        try:
            self.data = date.fromisoformat(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date as year-month-day, for example 2026-03-31.")) from None


def sensible_date(form, field):
    """Refuse dates far outside any collaboration (typos like 0202 or 20260)."""
    if field.data is not None and not (2000 <= field.data.year <= 2100):
        raise ValidationError(_l("Choose a date between the years 2000 and 2100."))


class PersonField(SelectField):
    """A lead or member of the workspace (either organisation), or nobody. The view hands in the workspace's
    memberships with ``set_people``; any other id posted by hand is refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=[], validate_choice=False, **kwargs)
        self.allowed: set[int] = set()

    def set_people(self, memberships) -> None:
        self.choices = [SelectChoice("", str(_l("Nobody yet")))] + [
            SelectChoice(str(m.user_id), f"{m.user.name} ({m.organisation.name})") for m in memberships
        ]
        self.allowed = {m.user_id for m in memberships}

    def pre_validate(self, form) -> None:
        if self.data in (None, ""):
            return
        if not str(self.data).isdigit() or int(self.data) not in self.allowed:
            raise ValidationError(_l("Choose a lead or member of one of the two organisations in this workspace."))

    @property
    def person_id(self) -> int | None:
        return int(self.data) if self.data not in (None, "") else None

