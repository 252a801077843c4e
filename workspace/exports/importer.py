"""Starting a new workspace from an export file, used as a template.

What is taken from the file: the workspace title (unless the lead gives another), the tasks of every stage
(template tasks and the team's own tasks, without assignees, due dates or ticks) and the structure of the
latest pilot plan (construction and scope without dates, responsibility topics, practical needs without
owners, indicator definitions without results). Never taken: people, organisations, notes, decisions,
evaluations, comments, activity, and any id — the file cannot point at rows of this database.

The whole file is checked before anything is written; the new workspace is then created in one
transaction, so a bad file leaves nothing behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask_babel import gettext as _

from workflows import WORKING_STAGE_CODES, tasks_for

from ..activity.services import record
from ..core.refusal import Refused
from ..extensions import db
from ..pilot.models import (
    Construction,
    Indicator,
    NeedKind,
    PilotPlan,
    PracticalNeed,
    ResponsibilityRow,
    Unit,
)
from ..privacy import find_bsn_like
from ..stages.models import DESCRIPTION_MAX, TITLE_MAX, StageTask
from ..templating import stage_label
from ..tenancy.events import workspace_created
from ..tenancy.models import Membership, Role, Workspace
from .document import FORMAT

FORMAT_FAMILY = "mentorbrug-workspace/"
MAX_TASKS = 500
MAX_ROWS = 100
MAX_PROBLEMS = 8


def _unusable(problems: list[str]) -> Refused:
    """The file cannot be used (422); ``reasons`` are human sentences for the lead, every problem found."""
    return Refused(422, problems[0], reasons=problems, code="import")


@dataclass
class TaskSpec:
    stage: str
    title: str
    description: str
    required: bool
    template_key: str | None


@dataclass
class Template:
    title: str
    tasks: list[TaskSpec] = field(default_factory=list)
    plan: dict | None = None  # plan fields plus "responsibilities", "practical_needs", "indicators"


def read_document(raw: bytes) -> dict:
    """The file's JSON object, or Refused (422) with what is wrong (not text, not JSON, wrong format)."""
    if not raw or not raw.strip():
        raise _unusable([_("The file is empty. Choose a file that Mentorbrug exported (Export (JSON)).")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unusable([_("This is not a text file. Choose a .json file that Mentorbrug exported.")]) from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        where = ""
        if isinstance(error, json.JSONDecodeError):
            where = " " + _("(line %(line)d, column %(col)d)", line=error.lineno, col=error.colno)
        raise _unusable([_("This file is not valid JSON%(where)s. Choose a file that Mentorbrug exported.",
                               where=where)]) from None
    if not isinstance(document, dict) or "format" not in document:
        raise _unusable([_("This JSON file is not a Mentorbrug workspace export: it has no “format”.")])
    fmt = document.get("format")
    if fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith(FORMAT_FAMILY):
            raise _unusable([_("This export has format version “%(found)s”; this Mentorbrug reads “%(ours)s”.",
                                   found=fmt[:60], ours=FORMAT)])
        raise _unusable([_("This JSON file is not a Mentorbrug workspace export (format “%(found)s”).",
                               found=str(fmt)[:60])])
    return document


class _Checker:
    """Collects problems with a path a person can follow (“Task 3 (Explore): …”)."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(_("…and more problems; fix these first."))

    def text(self, where: str, value, *, limit: int, required: bool = False, label: str) -> str | None:
        if value is None or value == "":
            if required:
                self.add(_("%(where)s: the %(label)s is missing.", where=where, label=label))
            return None if value is None else ""
        if not isinstance(value, str):
            self.add(_("%(where)s: the %(label)s must be text.", where=where, label=label))
            return None
        value = value.strip()
        if required and not value:
            self.add(_("%(where)s: the %(label)s is empty.", where=where, label=label))
        if len(value) > limit:
            self.add(_("%(where)s: the %(label)s is longer than %(max)d characters (it has %(n)d).",
                       where=where, label=label, max=limit, n=len(value)))
        if any((ord(ch) < 32 and ch not in "\t\n\r") or ch == "\x7f" for ch in value):
            self.add(_("%(where)s: the %(label)s contains invisible control characters.", where=where, label=label))
        if find_bsn_like(value):
            self.add(_("%(where)s: the %(label)s holds something that looks like a citizen service number (BSN). "
                       "Personal data of young people does not belong in Mentorbrug; remove it from the file.",
                       where=where, label=label))
        return value

    def flag(self, where: str, value, *, label: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(_("%(where)s: “%(label)s” must be true or false.", where=where, label=label))
            return False
        return value

    def number(self, where: str, value, *, label: str, low: int, high: int) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(_("%(where)s: “%(label)s” must be a whole number from %(low)d to %(high)d.",
                       where=where, label=label, low=low, high=high))
            return None
        return value

    def items(self, document: dict, key: str, limit: int) -> list[dict]:
        value = document.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(_("The section “%(key)s” must be a list.", key=key))
            return []
        if len(value) > limit:
            self.add(_("The section “%(key)s” has %(n)d entries; at most %(max)d can be imported.",
                       key=key, n=len(value), max=limit))
            return []
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self.add(_("The section “%(key)s” holds entries that are not objects.", key=key))
        return good


def check_document(document: dict, *, title_override: str | None = None) -> Template:
    """Read the template out of a ``mentorbrug-workspace/1`` document; Refused (422) lists every problem."""
    check = _Checker()
    workspace = document.get("workspace")
    if not isinstance(workspace, dict):
        check.add(_("The file has no “workspace” section."))
        workspace = {}
    title = title_override or check.text(_("Workspace"), workspace.get("title"), limit=120, required=True,
                                         label=_("title"))
    template = Template(title=title or "")
    template.tasks = _check_tasks(check, document)
    template.plan = _check_plan(check, document)
    if check.problems:
        raise _unusable(check.problems)
    return template


def _check_tasks(check: _Checker, document: dict) -> list[TaskSpec]:
    raw = check.items(document, "tasks", MAX_TASKS)
    latest: dict[str, int] = {}  # per stage, the highest round in the file: that round's list is the template
    parsed = []
    for n, item in enumerate(raw, start=1):
        stage = item.get("stage")
        if stage not in WORKING_STAGE_CODES:
            check.add(_("Task %(n)d: “%(stage)s” is not a stage.", n=n, stage=str(stage)[:30]))
            continue
        where = _("Task %(n)d (%(stage)s)", n=n, stage=stage_label(stage))
        round_ = check.number(where, item.get("round"), label="round", low=1, high=1000) or 1
        position = check.number(where, item.get("position"), label="position", low=0, high=100_000) or 0
        title = check.text(where, item.get("title"), limit=TITLE_MAX, required=True, label=_("title"))
        description = check.text(where, item.get("description"), limit=DESCRIPTION_MAX, label=_("description"))
        required = check.flag(where, item.get("required"), label="required")
        key = item.get("template_key")
        known = {t.key for t in tasks_for(stage)}
        key = key if isinstance(key, str) and key in known else None  # an unknown key makes it an own task
        latest[stage] = max(latest.get(stage, 0), round_)
        parsed.append((stage, round_, position, n, TaskSpec(stage, title or "", description or "", required, key)))
    specs = []
    seen_keys: set[tuple[str, str]] = set()
    for stage, round_, _position, _n, spec in sorted(parsed, key=lambda p: (WORKING_STAGE_CODES.index(p[0]), p[2], p[3])):
        if round_ != latest[stage]:
            continue
        if spec.template_key:
            if (stage, spec.template_key) in seen_keys:
                spec.template_key = None  # a second copy of a template task becomes an own task
            else:
                seen_keys.add((stage, spec.template_key))
        specs.append(spec)
    return specs


def _check_plan(check: _Checker, document: dict) -> dict | None:
    """The latest round's pilot plan structure, or None when the file has none."""
    plans = check.items(document, "pilot_plan", 50)
    indicators = check.items(document, "indicators", 1000)
    if not plans and not indicators:
        return None
    rounds = [p.get("round") for p in plans if isinstance(p.get("round"), int) and not isinstance(p.get("round"), bool)]
    rounds += [i.get("round") for i in indicators if isinstance(i.get("round"), int) and not isinstance(i.get("round"), bool)]
    latest = max(rounds, default=1)
    source = next((p for p in plans if p.get("round") == latest), plans[-1] if plans else {})
    where = _("Pilot plan")
    plan: dict = {}
    construction = source.get("construction")
    if construction is not None and construction not in {c.value for c in Construction}:
        check.add(_("%(where)s: “%(value)s” is not a construction.", where=where, value=str(construction)[:30]))
        construction = None
    plan["construction"] = construction
    plan["construction_note"] = check.text(where, source.get("construction_note"), limit=1000, label=_("construction note"))
    plan["target_group"] = check.text(where, source.get("target_group"), limit=300, label=_("target group"))
    plan["place"] = check.text(where, source.get("place"), limit=200, label=_("place"))
    plan["matches"] = check.number(where, source.get("matches"), label="matches", low=1, high=100_000)
    phases = source.get("phases") or []
    if not isinstance(phases, list) or any(p not in ("before", "during", "after") for p in phases):
        check.add(_("%(where)s: the phases must be a list of “before”, “during” and “after”.", where=where))
        phases = []
    plan["phases"] = phases

    plan["responsibilities"] = []
    rows = source.get("responsibilities") or []
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        check.add(_("%(where)s: the responsibility matrix must be a list of at most %(max)d rows.", where=where, max=MAX_ROWS))
        rows = []
    for n, row in enumerate(r for r in rows if isinstance(r, dict)):
        w = _("Responsibility %(n)d", n=n + 1)
        holder = row.get("holder")
        only = check.flag(w, row.get("professional_only"), label="professional_only")
        if holder is not None and holder not in ("professional", "mentor", "both", "nobody"):
            check.add(_("%(where)s: “%(value)s” is not a holder.", where=w, value=str(holder)[:30]))
            holder = None
        if only and holder in ("mentor", "both", "nobody"):
            check.add(_("%(where)s: a professional topic rests with the professional side only, never with a "
                        "mentor, with both or with nobody.", where=w))
        key = row.get("template_key")
        plan["responsibilities"].append({
            "topic": check.text(w, row.get("topic"), limit=120, required=True, label=_("topic")),
            "template_key": key if isinstance(key, str) and len(key) <= 40 else None,
            "professional_only": only, "holder": holder,
            "note": check.text(w, row.get("note"), limit=500, label=_("note")),
        })

    plan["practical_needs"] = []
    needs = source.get("practical_needs") or []
    if not isinstance(needs, list) or len(needs) > MAX_ROWS:
        check.add(_("%(where)s: the practical needs must be a list of at most %(max)d rows.", where=where, max=MAX_ROWS))
        needs = []
    for n, need in enumerate(x for x in needs if isinstance(x, dict)):
        w = _("Practical need %(n)d", n=n + 1)
        kind = need.get("kind")
        if kind not in {k.value for k in NeedKind}:
            check.add(_("%(where)s: “%(value)s” is not a kind of need.", where=w, value=str(kind)[:30]))
            continue
        plan["practical_needs"].append({
            "kind": kind, "title": check.text(w, need.get("title"), limit=120, label=_("title")),
            "note": check.text(w, need.get("note"), limit=500, label=_("note")),
        })

    plan["indicators"] = []
    for n, ind in enumerate(i for i in indicators if i.get("round", latest) == latest):
        w = _("Indicator %(n)d", n=n + 1)
        unit = ind.get("unit")
        if unit not in {u.value for u in Unit}:
            check.add(_("%(where)s: “%(value)s” is not a unit.", where=w, value=str(unit)[:30]))
            continue
        plan["indicators"].append({
            "name": check.text(w, ind.get("name"), limit=120, required=True, label=_("name")),
            "success": check.text(w, ind.get("success"), limit=500, label=_("success")) or "",
            "failure": check.text(w, ind.get("failure"), limit=500, label=_("failure")) or "",
            "target": check.text(w, ind.get("target"), limit=60, label=_("target")) or "",
            "unit": unit,
            "how_measured": check.text(w, ind.get("how_measured"), limit=300, label=_("how it is measured")) or "",
            "measured_by": check.text(w, ind.get("measured_by"), limit=120, label=_("measured by")) or "",
        })
    return plan


def create_from_template(template: Template, *, mentor_org_id: int, user) -> Workspace:
    """A person of the mentor project ``mentor_org_id``: the new workspace, with them as its lead.

    Writes the workspace, the lead membership, the tasks and the plan, runs the "workspace created" hooks
    (the stage history's first row; a stage without imported tasks gets the usual checklist) and one
    activity row. Does not commit: the caller does, once.
    """
    workspace = Workspace(title=template.title, mentor_org_id=mentor_org_id, partner_org_id=None,
                          created_by_id=user.id)
    db.session.add(workspace)
    db.session.add(Membership(workspace=workspace, user_id=user.id, organisation_id=mentor_org_id, role=Role.LEAD))
    db.session.flush()
    positions: dict[str, int] = {}
    for spec in template.tasks:
        position = positions.get(spec.stage, 0)
        positions[spec.stage] = position + 1
        db.session.add(StageTask(workspace_id=workspace.id, stage=spec.stage, round=1, position=position,
                                 template_key=spec.template_key, title=spec.title, description=spec.description,
                                 required=spec.required, created_by_id=user.id))
    if template.plan is not None:
        _create_plan(workspace, template.plan)
    db.session.flush()
    workspace_created(workspace)
    record("workspace.imported", workspace,
           f"new workspace from an export file: {len(template.tasks)} tasks"
           + (", pilot plan" if template.plan else ""),
           details={"tasks": len(template.tasks), "pilot_plan": template.plan is not None}, workspace=workspace, user=user,
           organisation_id=mentor_org_id)
    return workspace


def _create_plan(workspace: Workspace, plan: dict) -> None:
    phases = set(plan.get("phases") or ())
    db.session.add(PilotPlan(
        workspace_id=workspace.id, round=1, construction=plan.get("construction"),
        construction_note=plan.get("construction_note"), target_group=plan.get("target_group"),
        place=plan.get("place"), matches=plan.get("matches"), phase_before="before" in phases,
        phase_during="during" in phases, phase_after="after" in phases,
    ))
    for position, row in enumerate(plan["responsibilities"]):
        db.session.add(ResponsibilityRow(workspace_id=workspace.id, round=1, position=position, topic=row["topic"],
                                         template_key=row["template_key"], professional_only=row["professional_only"],
                                         holder=row["holder"], note=row["note"]))
    for position, need in enumerate(plan["practical_needs"]):
        db.session.add(PracticalNeed(workspace_id=workspace.id, round=1, position=position, kind=need["kind"],
                                     title=need["title"], note=need["note"]))
    for position, ind in enumerate(plan["indicators"]):
        db.session.add(Indicator(workspace_id=workspace.id, round=1, position=position, **ind))
