from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length

from ..forms import BaseForm, NotBlank
from ..tenancy.models import ROLE_LABELS, Role


class InviteForm(BaseForm):
    """Lead: invite someone by e-mail address. The role choices depend on the lead and the workspace."""

    email = EmailField(
        _l("E-mail address"),
        validators=[NotBlank(), Length(max=254), Email(message=_l("Enter a valid e-mail address, like name@example.org."))],
        filters=[lambda v: v.lower() if isinstance(v, str) else v],
    )
    role = SelectField(_l("Role"), choices=[])


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in Role])


class OrgRoleForm(BaseForm):
    org_role = SelectField(_l("Role in the organisation"), choices=[SelectChoice("member", _l("Member")), SelectChoice("admin", _l("Admin"))])
