from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, Length, Optional, ValidationError

from ..forms import BaseForm, NotBlank
from ..orgs.models import ORG_KIND_LABELS
from .passwords import MAX_LENGTH, MIN_LENGTH
from .strength import StrongPassword, personal_words


class PasswordLength:
    """At least 12 characters, at most 1024; no composition rules, never truncated."""

    def __call__(self, form, field):
        value = field.data or ""
        if len(value) < MIN_LENGTH:
            raise ValidationError(_l("Use at least %(n)d characters; a few words in a row works well.", n=MIN_LENGTH))
        if len(value) > MAX_LENGTH:
            raise ValidationError(_l("Use at most %(n)d characters.", n=MAX_LENGTH))


def email_field(label):
    return EmailField(
        label,
        validators=[NotBlank(), Length(max=254), Email(message=_l("Enter a valid e-mail address, like name@example.org."))],
        filters=[lambda v: v.lower() if isinstance(v, str) else v],
    )


class LoginForm(BaseForm):
    email = email_field(_l("E-mail address"))
    password = PasswordField(_l("Password"), validators=[NotBlank(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me logged in on this device"))


class SignupForm(BaseForm):
    name = StringField(_l("Your name"), validators=[NotBlank(), Length(max=120)])
    email = email_field(_l("E-mail address"))
    password = PasswordField(_l("Password"), validators=[NotBlank(), PasswordLength(), StrongPassword()])
    password_again = PasswordField(
        _l("Password again"), validators=[NotBlank(), EqualTo("password", message=_l("The two passwords differ."))]
    )
    org_name = StringField(_l("Organisation name"), validators=[Optional(), Length(max=120)])
    org_kind = SelectField(_l("Kind of organisation"), choices=[SelectChoice(k.value, v) for k, v in ORG_KIND_LABELS.items()])
    org_place = StringField(_l("Municipality or place"), validators=[Optional(), Length(max=80)])

    def password_words(self) -> list[str]:
        return personal_words(self.name.data, self.email.data, self.org_name.data)


class ChangePasswordForm(BaseForm):
    """For a logged-in person; the view sets ``user`` so their name and address count as guessable."""

    user = None
    current_password = PasswordField(_l("Current password"), validators=[NotBlank(), Length(max=MAX_LENGTH)])
    new_password = PasswordField(_l("New password"), validators=[NotBlank(), PasswordLength(), StrongPassword()])
    new_password_again = PasswordField(
        _l("New password again"),
        validators=[NotBlank(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


    def password_words(self) -> list[str]:
        return personal_words(self.user.name, self.user.email) if self.user else personal_words()


class ForgotPasswordForm(BaseForm):
    email = email_field(_l("E-mail address"))


class NewPasswordForm(ChangePasswordForm):
    """Setting a password through a reset link: no current password."""

    current_password = None


class ProfileForm(BaseForm):
    name = StringField(_l("Your name"), validators=[NotBlank(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")])
