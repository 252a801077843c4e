"""Three charts over the workspaces a person can see, drawn on the server as accessible SVG.

No chart library and no script: each chart is a small SVG (``role="img"`` with a title and a description
that states the figures in words) plus the same figures as a table. Geometry is computed here; the
template only places the shapes. Colours come from classes in app.css (the CSP forbids style attributes).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from workflows import STAGE_ORDER, Stage

from ..extensions import db
from ..stages.models import StageChange, StageTask
from ..templating import stage_label
from ..tenancy.access import visible_workspaces_query
from ..tenancy.models import Workspace
from .figures import WorkspaceRow

WEEKS = 12

# Horizontal bar chart (categories down the left)
H_WIDTH, H_LABEL, H_BAR_MAX, H_ROW, H_PAD = 420, 112, 110, 26, 8  # room for "12 dagen (3 afgerond)"
# Column chart (weeks along the bottom)
V_WIDTH, V_HEIGHT, V_TOP, V_BOTTOM, V_LEFT = 420, 200, 18, 30, 8


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as written in the chart and the table
    axis: str = ""  # a shorter label under a column (the table has the full one)
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    text_x: float = 0
    text_y: float = 0
    label_x: float = 0
    label_y: float = 0


@dataclass
class Chart:
    key: str  # stable id part: chart-<key>
    title: str
    description: str
    column_label: str  # the table's header for the values
    bars: list[Bar]
    kind: str  # "bars" (horizontal) or "columns" (vertical)
    width: int = H_WIDTH
    height: int = 0
    empty_text: str = ""
    baseline_y: float = 0

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)


def _horizontal(chart: Chart) -> Chart:
    top = max((b.value for b in chart.bars), default=0) or 1
    for i, bar in enumerate(chart.bars):
        bar.y = H_PAD + i * H_ROW
        bar.height = H_ROW - 8
        bar.x = H_LABEL
        bar.width = round(H_BAR_MAX * bar.value / top, 1)
        bar.text_x = H_LABEL + bar.width + 6
        bar.text_y = bar.label_y = bar.y + bar.height - 4
        bar.label_x = H_LABEL - 8
    chart.height = H_PAD * 2 + len(chart.bars) * H_ROW - 6
    return chart


def _columns(chart: Chart) -> Chart:
    top = max((b.value for b in chart.bars), default=0) or 1
    plot_h = V_HEIGHT - V_TOP - V_BOTTOM
    slot = (V_WIDTH - V_LEFT) / max(1, len(chart.bars))
    for i, bar in enumerate(chart.bars):
        bar.height = round(plot_h * bar.value / top, 1)
        bar.width = round(slot * 0.6, 1)
        bar.x = round(V_LEFT + i * slot + slot * 0.2, 1)
        bar.y = round(V_TOP + plot_h - bar.height, 1)
        bar.text_x = round(bar.x + bar.width / 2, 1)
        bar.text_y = round(bar.y - 4, 1)
        bar.label_x = bar.text_x
        bar.label_y = V_HEIGHT - V_BOTTOM + 16
    chart.width, chart.height, chart.baseline_y = V_WIDTH, V_HEIGHT, V_TOP + plot_h
    return chart


def _in_words(bars: list[Bar]) -> str:
    return "; ".join(f"{b.label}: {b.shown}" for b in bars)


def per_stage_chart(rows: list[WorkspaceRow]) -> Chart:
    """Workspaces per stage (from the rows the dashboard already loaded: no query)."""
    counts = {s.value: 0 for s in (*STAGE_ORDER, Stage.CLOSED)}
    for row in rows:
        counts[row.workspace.stage] = counts.get(row.workspace.stage, 0) + 1
    bars = [Bar(stage_label(code), n, str(n)) for code, n in counts.items()]
    return _horizontal(Chart(
        key="stages", title=_("Workspaces per stage"),
        description=_("Number of your workspaces in each stage. %(figures)s.", figures=_in_words(bars)),
        column_label=_("Workspaces"), bars=bars, kind="bars",
        empty_text=_("No workspaces yet."),
    ))


def stage_durations(user_id: int) -> dict[str, list[float]]:
    """One query: the stage history of every visible workspace; returns the finished stays per stage in days.

    A stay starts with the history row that entered the stage and ends with the next row of that workspace;
    the stay a workspace is in now has not finished and is left out."""
    ids = visible_workspaces_query(user_id).with_only_columns(Workspace.id)
    stmt = (select(StageChange.workspace_id, StageChange.to_stage, StageChange.created_at)
            .where(StageChange.workspace_id.in_(ids))
            .order_by(StageChange.workspace_id, StageChange.created_at, StageChange.id))
    durations: dict[str, list[float]] = {}
    previous = None
    for ws_id, stage, at in db.session.execute(stmt):
        if previous is not None and previous[0] == ws_id and previous[1] != Stage.CLOSED.value:
            durations.setdefault(previous[1], []).append((at - previous[2]).total_seconds() / 86400)
        previous = (ws_id, stage, at)
    return durations


def median_days_chart(user_id: int) -> Chart:
    durations = stage_durations(user_id)
    bars = []
    for stage in STAGE_ORDER:
        stays = durations.get(stage.value, [])
        if stays:
            median = statistics.median(stays)
            days = f"{median:.0f}"
            shown = _("%(days)s days (%(n)d finished)", days=days, n=len(stays))
        else:
            median, shown = 0, _("no finished stay yet")
        bars.append(Bar(stage_label(stage.value), median, shown))
    return _horizontal(Chart(
        key="median-days", title=_("Median days per stage"),
        description=_("How many days a workspace usually spends in a stage before it moves on, counted over "
                      "finished stays only. %(figures)s.", figures=_in_words(bars)),
        column_label=_("Median days"), bars=bars, kind="bars",
        empty_text=_("No workspace has finished a stage yet, so there is nothing to measure."),
    ))


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Amsterdam")


def tasks_done_per_week(user_id: int, today: date) -> list[tuple[date, int]]:
    """One query: tasks ticked in the last 12 weeks (Monday to Sunday, local time) in visible workspaces."""
    zone = _zone()
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=WEEKS - 1)
    since = datetime.combine(first_monday, time.min, tzinfo=zone).astimezone(UTC)
    ids = visible_workspaces_query(user_id).with_only_columns(Workspace.id)
    weeks = {first_monday + timedelta(weeks=i): 0 for i in range(WEEKS)}
    stmt = select(StageTask.done_at).where(StageTask.workspace_id.in_(ids), StageTask.done_at >= since)
    for (done_at,) in db.session.execute(stmt):
        day = done_at.astimezone(zone).date()
        monday = day - timedelta(days=day.weekday())
        if monday in weeks:
            weeks[monday] += 1
    return list(weeks.items())


def tasks_per_week_chart(user_id: int, today: date) -> Chart:
    bars = [Bar(format_date(monday, "d MMM"), n, str(n), axis=format_date(monday, "d/M"))
            for monday, n in tasks_done_per_week(user_id, today)]
    return _columns(Chart(
        key="tasks-per-week", title=_("Tasks done per week"),
        description=_("Tasks ticked off in your workspaces in each of the last 12 weeks, by the Monday the "
                      "week starts on. %(figures)s.", figures=_in_words(bars)),
        column_label=_("Tasks done"), bars=bars, kind="columns",
        empty_text=_("No task was ticked off in the last 12 weeks."),
    ))


def all_charts(user_id: int, rows: list[WorkspaceRow], today: date) -> list[Chart]:
    """The three charts (two queries: stage history, ticked tasks)."""
    return [per_stage_chart(rows), median_days_chart(user_id), tasks_per_week_chart(user_id, today)]
