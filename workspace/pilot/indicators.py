"""Changing the indicators of a pilot round (leaflet tip 11): agreed at the pilot stage, frozen on entering
`evaluate`; after that only a lead changes one, with a reason. Views call these after checking the role;
nothing here commits.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workflows import Stage

from ..activity.services import record
from ..dbtypes import utcnow
from ..extensions import db
from ..stages.content import Refused, locked_stage, require_stage
from ..tenancy.models import Role, Workspace
from .models import Indicator, Unit
from .services import ensure_plan, is_frozen


def parse_number(value: str) -> Decimal | None:
    """``"12"``, ``"7,5"``, ``"7.5"`` → Decimal; anything else → None."""
    text = (value or "").strip().replace(",", ".")
    if not text or text.count(".") > 1:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def number_problem(unit: str, value: str) -> str | None:
    """Why ``value`` does not fit ``unit`` (a number, a percentage 0-100), or None."""
    if unit == Unit.TEXT:
        return None
    number = parse_number(value)
    if number is None:
        return _("The unit is a number or a percentage, so enter a number here (for example 12 or 7,5).")
    if unit == Unit.PERCENTAGE and not 0 <= number <= 100:
        return _("A percentage lies between 0 and 100.")
    return None


FROZEN_EDIT_STAGES = (Stage.PILOT, Stage.EVALUATE, Stage.CONTINUING)
_INDICATOR_FIELDS = ("name", "success", "failure", "target", "unit", "how_measured", "measured_by")


def add_indicator(workspace: Workspace, **values) -> Indicator:
    """A lead or member adds an indicator to the current round, while the pilot runs and before the freeze."""
    round_ = require_stage(workspace, (Stage.PILOT,), _l("Indicators are agreed at the pilot stage."))
    plan = ensure_plan(workspace, round_)
    if plan.indicators_frozen_at is not None:
        raise Refused(409, _("The indicators of this round are frozen; they can no longer be added to."))
    position = db.session.scalar(select(func.coalesce(func.max(Indicator.position), -1) + 1).where(
        Indicator.workspace_id == workspace.id, Indicator.round == round_))
    indicator = Indicator(workspace_id=workspace.id, round=round_, position=position,
                          **{k: values[k] for k in _INDICATOR_FIELDS})
    db.session.add(indicator)
    db.session.flush()
    record("indicator.added", indicator, indicator.name, details={"name": indicator.name})
    return indicator


def check_indicator_editable(workspace: Workspace, indicator: Indicator, access, *, lock: bool = False) -> bool:
    """Refuse unless ``access`` may change ``indicator`` now; returns whether its round is frozen."""
    stage, round_ = locked_stage(workspace) if lock else (workspace.stage, workspace.round)
    if indicator.round != round_:
        raise Refused(409, _("This indicator belongs to an earlier pilot round and can no longer be changed."))
    frozen = is_frozen(workspace.id, round_)
    if not frozen:
        if stage != Stage.PILOT:
            raise Refused(409, str(_l("Indicators are agreed at the pilot stage.")))
    else:
        if stage not in FROZEN_EDIT_STAGES:
            raise Refused(409, _("The workspace is closed; its indicators can no longer be changed."))
        if access.role != Role.LEAD:
            raise Refused(403, _("The indicators are frozen. Only a lead can still change one, with a reason."))
    return frozen


def update_indicator(workspace: Workspace, indicator: Indicator, *, access, user, reason: str | None,
                     **values) -> Indicator:
    """Change an indicator. Before the freeze: a lead or member at the pilot stage. After the freeze: only a
    lead, with a reason; the indicator is then shown as changed after the fact."""
    frozen = check_indicator_editable(workspace, indicator, access, lock=True)
    if frozen and not (reason or "").strip():
        raise ValueError("reason required")  # the form checks this first; a guard for other callers
    for key in _INDICATOR_FIELDS:
        setattr(indicator, key, values[key])
    if frozen:
        indicator.changed_after_fact_at = utcnow()
        indicator.changed_after_fact_by_id = user.id
        indicator.change_reason = reason
        record("indicator.changed_after_fact", indicator, indicator.name, details={"name": indicator.name})
    else:
        record("indicator.updated", indicator, indicator.name, details={"name": indicator.name})
    return indicator


def delete_indicator(workspace: Workspace, indicator: Indicator) -> None:
    round_ = require_stage(workspace, (Stage.PILOT,), _l("Indicators are agreed at the pilot stage."))
    if indicator.round != round_ or is_frozen(workspace.id, round_):
        raise Refused(409, _("Frozen indicators cannot be deleted; a lead can still change them, with a reason."))
    record("indicator.deleted", indicator, indicator.name, details={"name": indicator.name})
    db.session.delete(indicator)
    db.session.flush()
