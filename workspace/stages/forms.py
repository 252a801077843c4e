"""Forms of the workflow area: firing a trigger, and a stage task."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import BaseForm, IsoDateField, NotBlank, PersonField, sensible_date
from .models import DESCRIPTION_MAX, REASON_MAX, TITLE_MAX

OUTCOME_CHOICES = [SelectChoice("stopped", _l("We stop working together")),
                   SelectChoice("structural", _l("We carry on as a structural collaboration"))]


def use_ids(form, prefix: str):
    """Several forms share one page: give their fields unique ids (the names stay the same)."""
    for field in form:
        field.id = f"{prefix}-{field.name}"
        field.label.field_id = field.id
    return form


class TriggerForm(BaseForm):
    """Every trigger button posts this: the stage and round the page showed (a stale page is refused),
    an optional or required reason, and for closing at the Next steps stage the outcome."""

    bsn_exempt = ("expected_stage", "expected_round", "confirmed")

    expected_stage = HiddenField()
    expected_round = HiddenField()
    reason = TextAreaField(
        _l("Reason"), validators=[Optional(), Length(max=REASON_MAX)],
        description=_l("Kept in the stage history, visible to both organisations and the observers."),
    )
    outcome = RadioField(_l("Outcome"), choices=OUTCOME_CHOICES, validate_choice=False, default="stopped")
    # Set by the confirmation step (the no-JavaScript page, or hx-vals after the browser's confirm dialog).
    confirmed = HiddenField()

    def use_ids_of(self, trigger: str) -> TriggerForm:
        return use_ids(self, trigger)

    def expected_round_number(self) -> int | None:
        try:
            return int(self.expected_round.data)
        except (TypeError, ValueError):
            return None


class TaskForm(BaseForm):
    """Add or edit a stage task. ``assignee`` choices are set by the view from the workspace's people."""

    title = StringField(_l("Task"), validators=[NotBlank(), Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=DESCRIPTION_MAX)])
    assignee = PersonField(_l("Assigned to"))
    due_date = IsoDateField(_l("Due date"), validators=[Optional(), sensible_date])

    def ids(self, prefix: str) -> TaskForm:
        """Unique field ids: "new-task" for the add form, "task-<id>" when editing a task."""
        return use_ids(self, prefix)

    def set_people(self, memberships) -> TaskForm:
        self.assignee.set_people(memberships)
        return self

    def assignee_id(self) -> int | None:
        return self.assignee.person_id
