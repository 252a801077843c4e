"""Form helpers shared by every area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation


def strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: strings are stripped, and control characters (NUL and friends) are refused per field."""

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
        for field in self:
            if isinstance(field.data, str) and _has_control_chars(field.data):
                field.errors = [*field.errors, str(_l("This field contains invisible control characters. Please remove them."))]
                ok = False
        return ok


def _has_control_chars(text: str) -> bool:
    return any((ord(ch) < 32 and ch not in "\t\n\r") or ch == "\x7f" for ch in text)


class NotBlank:
    """Like DataRequired, but with our own message and for stripped strings."""

    def __init__(self, message=None):
        self.message = message or _l("Please fill in this field.")

    def __call__(self, form, field):
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(self.message)
