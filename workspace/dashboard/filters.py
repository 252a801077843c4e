"""The dashboard's filters, sort order and page, read from the URL (so a view can be bookmarked and shared).

Unknown values never cause an error page: they are dropped, the list shows what it would show without
them, and the page says which value was not understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from workflows import STAGE_CODES

from .figures import WorkspaceRow

PAGE_SIZE = 25
OPEN = "open"  # pseudo-stage: every stage but closed

SORTS = {
    "attention": _l("Needs attention first"),
    "days": _l("Longest in stage first"),
    "activity": _l("Most recent activity first"),
    "title": _l("Title (A–Z)"),
    "stage": _l("Stage"),
    "partner": _l("Partner (A–Z)"),
}
DEFAULT_SORT = "attention"
_FLAG_VALUES = {"1", "on", "true", "yes", "y"}


@dataclass
class Filters:
    stage: str = ""
    partner: int | None = None
    mine: bool = False
    overdue: bool = False
    sort: str = DEFAULT_SORT
    page: int = 1
    problems: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.stage or self.partner or self.mine or self.overdue)

    def args(self, **changes) -> dict:
        """The query arguments for a link to this view with ``changes`` applied (defaults left out)."""
        values = {"stage": self.stage, "partner": self.partner, "mine": "1" if self.mine else "",
                  "overdue": "1" if self.overdue else "", "sort": self.sort, "page": self.page}
        values.update(changes)
        if values.get("sort") == DEFAULT_SORT:
            values["sort"] = ""
        if values.get("page") in (1, "1"):
            values["page"] = ""
        return {k: v for k, v in values.items() if v not in ("", None, False)}


def _flag(args: MultiDict, name: str, problems: list[str]) -> bool:
    value = (args.get(name) or "").strip().lower()
    if not value or value in {"0", "off", "false", "no"}:
        return False
    if value in _FLAG_VALUES:
        return True
    problems.append(_("The filter “%(name)s” only takes yes or no; it was left out.", name=name))
    return False


def parse_filters(args: MultiDict) -> Filters:
    """Read the filters from request arguments; every value that is not understood is reported, not fatal."""
    problems: list[str] = []
    flt = Filters(problems=problems)

    stage = (args.get("stage") or "").strip()
    if stage in STAGE_CODES or stage == OPEN:
        flt.stage = stage
    elif stage:
        problems.append(_("There is no stage called “%(value)s”; all stages are shown.", value=stage[:40]))

    partner = (args.get("partner") or "").strip()
    if partner:
        if partner.isdigit() and len(partner) < 12:
            flt.partner = int(partner)  # checked against the visible partners in apply()
        else:
            problems.append(_("The partner filter was not understood; all partners are shown."))

    flt.mine = _flag(args, "mine", problems)
    flt.overdue = _flag(args, "overdue", problems)

    sort = (args.get("sort") or "").strip()
    if sort in SORTS:
        flt.sort = sort
    elif sort:
        problems.append(_("This sort order is not known; the list is sorted by what needs attention."))

    page = (args.get("page") or "").strip()
    if page:
        try:
            number = int(page)
        except ValueError:
            number = None
        if number is None or number < 1 or number > 1_000_000:
            problems.append(_("Page “%(value)s” does not exist; here is the first page.", value=page[:20]))
        else:
            flt.page = number
    return flt


def partner_choices(rows: list[WorkspaceRow]) -> list[tuple[int, str]]:
    """The partner organisations of the visible workspaces, for the filter's options."""
    seen: dict[int, str] = {}
    for row in rows:
        org = row.workspace.partner_org
        if org is not None:
            seen[org.id] = org.name
    return sorted(seen.items(), key=lambda item: item[1].lower())


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _sort_key(sort: str):
    order = {code: i for i, code in enumerate(STAGE_CODES)}
    if sort == "days":
        return lambda r: (r.is_closed, -r.days_in_stage, r.workspace.title.lower())
    if sort == "activity":
        return lambda r: (-(r.last_activity or _EPOCH).timestamp(), r.workspace.title.lower())
    if sort == "title":
        return lambda r: (r.workspace.title.lower(), r.id)
    if sort == "stage":
        return lambda r: (order.get(r.workspace.stage, 99), r.workspace.title.lower())
    if sort == "partner":
        return lambda r: ((r.workspace.partner_org.name.lower() if r.workspace.partner_org else "\uffff"),
                          r.workspace.title.lower())
    # attention: my actions first, then stalled, then the longest in stage; closed ones last
    return lambda r: (r.is_closed, not r.needs_my_action, not r.stalled, -r.overdue, -r.days_in_stage,
                      r.workspace.title.lower())


@dataclass
class Listing:
    rows: list[WorkspaceRow]  # this page
    total: int  # after filtering
    page: int
    pages: int


def apply(rows: list[WorkspaceRow], flt: Filters) -> Listing:
    """Filter, sort and page the rows. A partner filter for an organisation that is not among the visible
    partners (or does not exist) is dropped with a message; a page past the end shows the last page."""
    if flt.partner is not None and flt.partner not in {pid for pid, _name in partner_choices(rows)}:
        flt.problems.append(_("That partner organisation is not among your workspaces; all partners are shown."))
        flt.partner = None
    selected = [r for r in rows if _matches(r, flt)]
    selected.sort(key=_sort_key(flt.sort))
    pages = max(1, -(-len(selected) // PAGE_SIZE))
    if flt.page > pages:
        flt.page = pages
    start = (flt.page - 1) * PAGE_SIZE
    return Listing(rows=selected[start:start + PAGE_SIZE], total=len(selected), page=flt.page, pages=pages)


def _matches(row: WorkspaceRow, flt: Filters) -> bool:
    if flt.stage == OPEN and row.is_closed:
        return False
    if flt.stage and flt.stage != OPEN and row.workspace.stage != flt.stage:
        return False
    if flt.partner is not None and row.workspace.partner_org_id != flt.partner:
        return False
    if flt.mine and not row.needs_my_action:
        return False
    return not (flt.overdue and row.overdue == 0)
