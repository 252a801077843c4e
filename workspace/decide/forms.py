"""Forms of the decide area. Lengths match the columns in ``models.py``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..forms import BaseForm, IsoDateField, NotBlank, sensible_date

# --- decide -----------------------------------------------------------------------------------------------

class DecisionForm(BaseForm):
    bsn_exempt = ("answer", "seen_seq")

    answer = RadioField(_l("Our decision"), choices=[SelectChoice("yes", _l("Yes, we start a joint pilot")),
                                                     SelectChoice("no", _l("No, not now"))],
                        validators=[InputRequired(_l("Choose yes or no."))])
    reasons = TextAreaField(_l("Our reasons"), validators=[NotBlank(_l("Explain your decision in a few sentences.")),
                                                           Length(max=2000)],
                            description=_l("Both organisations, and the observers, read this."))
    seen_seq = HiddenField(default="0")

    def seen(self) -> int:
        try:
            return int(self.seen_seq.data or 0)
        except ValueError:
            return -1


class DeadlineForm(BaseForm):
    deadline = IsoDateField(_l("Decide by"), validators=[Optional(), sensible_date],
                            description=_l("Optional. Leave empty to remove the deadline."))


class ReferralForm(BaseForm):
    referral_agreement = TextAreaField(
        _l("How we keep referring young people to each other"),
        validators=[NotBlank(), Length(max=2000)],
        description=_l("For example: who is the contact person on each side, and how a professional can suggest "
                       "a mentor to a young person and their parents."))
