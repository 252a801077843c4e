from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from ..forms import BaseForm, NotBlank


class NewWorkspaceForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[NotBlank(), Length(max=120)],
        description=_l("For example: Mentors for young people on the wijkteam's waiting list"),
    )
    mentor_org = SelectField(_l("Your mentor project"), choices=[])
    partner = SelectField(_l("Partner organisation"), choices=[])
    partner_lead_email = EmailField(
        _l("E-mail address of the partner's lead"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address, like name@example.org."))],
        filters=[lambda v: v.lower() if isinstance(v, str) else v],
        description=_l("They receive a link to join as lead. For a new partner this is required."),
    )
