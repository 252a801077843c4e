"""The daily digest: one e-mail per person per day with what needs their action.

``send_digests`` is run by ``flask --app wsgi send-digests`` (cron, e.g. every morning). It is idempotent
per local day: the ``digest_logs`` row (unique per person and day) is written in the same transaction as
the mail it queues in the outbox, so a second run on the same day, or two runs at once, queue nobody a
second mail. A day counts as done for a person only while their mail is queued or delivered: when the
outbox gives it up (failed), the next run queues a new one.

A person gets a digest when they have not switched it off (``users.digest_opt_out``), their account is
active, and at least one of these holds:
- a workspace they lead is stalled (longer than ``STALL_DAYS`` in its stage, or overdue tasks);
- a task of a workspace's current stage and round is assigned to them and not done (overdue ones first);
- they lead, for their organisation, a workspace in stage decide where that organisation has not decided.
People without anything to act on get no mail (and no log row, so a later run that day may still send).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..dbtypes import utcnow
from ..extensions import db
from ..mail import queue
from ..mail.models import MailStatus, OutboxMail
from ..stages.models import StageTask
from ..stages.services import task_title
from ..templating import stage_label
from ..tenancy.models import Membership, Role, Workspace
from ..urls import external_url
from .figures import DECIDE, SIDES, decided_sides, local_today, stall_days
from .models import DigestLog

log = logging.getLogger(__name__)


@dataclass
class TaskItem:
    workspace: Workspace
    task: StageTask
    overdue: bool

    @property
    def due_date(self) -> date | None:
        return self.task.due_date

    def title(self, lang: str) -> str:
        """An unedited checklist task in the reader's language; an edited or own task as written."""
        return task_title(self.task, lang)


@dataclass
class Digest:
    user: User
    stalled: list[tuple[Workspace, int, int]] = field(default_factory=list)  # (workspace, days, overdue)
    tasks: list[TaskItem] = field(default_factory=list)
    decisions: list[Workspace] = field(default_factory=list)

    @property
    def items(self) -> int:
        return len(self.stalled) + len(self.tasks) + len(self.decisions)


def collect(today: date, now: datetime | None = None) -> dict[int, Digest]:
    """Everything every person should hear about today, keyed by user id (five queries, whatever the size)."""
    now = now or utcnow()
    open_ws = select(Workspace.id).where(Workspace.stage != "closed")
    workspaces = {w.id: w for w in db.session.scalars(select(Workspace).where(Workspace.stage != "closed"))}
    if not workspaces:
        return {}
    overdue = dict(db.session.execute(
        select(StageTask.workspace_id, func.sum(case((and_(StageTask.done_at.is_(None),
                                                             StageTask.due_date < today), 1), else_=0)))
        .join(Workspace, and_(Workspace.id == StageTask.workspace_id, Workspace.stage == StageTask.stage,
                              Workspace.round == StageTask.round))
        .where(StageTask.workspace_id.in_(open_ws))
        .group_by(StageTask.workspace_id)
    ).all())
    people = {u.id: u for u in db.session.scalars(
        select(User).where(User.active.is_(True), User.digest_opt_out.is_(False),
                           User.id.in_(select(Membership.user_id).where(Membership.workspace_id.in_(open_ws))))
    )}
    digests: dict[int, Digest] = {}

    def digest_for(user_id: int) -> Digest | None:
        if user_id not in people:
            return None
        return digests.setdefault(user_id, Digest(people[user_id]))

    limit = stall_days()
    decided = decided_sides(select(Workspace.id).where(Workspace.stage == DECIDE))
    leads = db.session.execute(
        select(Membership.user_id, Membership.workspace_id, Membership.organisation_id)
        .where(Membership.role == Role.LEAD, Membership.workspace_id.in_(open_ws))
        .order_by(Membership.workspace_id)
    ).all()
    for user_id, ws_id, org_id in leads:
        workspace = workspaces[ws_id]
        digest = digest_for(user_id)
        if digest is None:
            continue
        days = max(0, (now - workspace.stage_entered_at).days)
        late = int(overdue.get(ws_id) or 0)
        if days > limit or late:
            digest.stalled.append((workspace, days, late))
        side = workspace.side_of(org_id)
        if workspace.stage == DECIDE and side in SIDES and side not in decided.get(ws_id, set()):
            digest.decisions.append(workspace)

    # Open tasks of the current stage assigned to someone who is still in the workspace.
    tasks = db.session.execute(
        select(StageTask)
        .join(Workspace, and_(Workspace.id == StageTask.workspace_id, Workspace.stage == StageTask.stage,
                              Workspace.round == StageTask.round))
        .join(Membership, and_(Membership.workspace_id == StageTask.workspace_id,
                               Membership.user_id == StageTask.assignee_id))
        .where(StageTask.done_at.is_(None), StageTask.workspace_id.in_(open_ws),
               Membership.role != Role.OBSERVER)
        .order_by(StageTask.due_date.is_(None), StageTask.due_date, StageTask.workspace_id, StageTask.position)
    ).scalars().all()
    for task in tasks:
        digest = digest_for(task.assignee_id)
        if digest is not None:
            due = task.due_date
            digest.tasks.append(TaskItem(workspaces[task.workspace_id], task, due is not None and due < today))
    return {uid: d for uid, d in digests.items() if d.items}


def _url(endpoint: str, base_url: str | None, **values) -> str:
    """An absolute link: on ``base_url`` (the public address) when given, else the request's host."""
    if base_url:
        # url_for already carries the script root (a path in base_url); only the origin is added
        parts = urlsplit(base_url)
        return f"{parts.scheme}://{parts.netloc}" + url_for(endpoint, **values)
    return external_url(endpoint, **values)


def compose(digest: Digest, today: date, base_url: str | None = None) -> tuple[str, str]:
    """Subject and plain-text body in the person's language."""

    def _link(workspace: Workspace) -> str:
        return _url("ws.show", base_url, workspace_id=workspace.id)

    lang = str(get_locale() or "nl")

    lines = [_("Hello %(name)s,", name=digest.user.name), "",
             _("This is what needs your action in Mentorbrug today (%(day)s).", day=format_date(today, "long")), ""]
    if digest.decisions:
        lines.append(_("Your organisation's decision is awaited:"))
        for workspace in digest.decisions:
            lines.append(f"- {workspace.title}: {_link(workspace)}")
        lines.append("")
    if digest.stalled:
        lines.append(_("Workspaces you lead that are stalled:"))
        for workspace, days, late in digest.stalled:
            why = []
            if days > stall_days():
                why.append(_("%(days)d days in stage %(stage)s", days=days, stage=stage_label(workspace.stage)))
            if late:
                why.append(_("%(n)d overdue tasks", n=late))
            lines.append(f"- {workspace.title} ({', '.join(why)}): {_link(workspace)}")
        lines.append("")
    if digest.tasks:
        lines.append(_("Tasks assigned to you:"))
        for task in digest.tasks:
            when = ""
            if task.overdue:
                when = " — " + _("overdue since %(day)s", day=format_date(task.due_date, "d MMMM"))
            elif task.due_date:
                when = " — " + _("due %(day)s", day=format_date(task.due_date, "d MMMM"))
            lines.append(f"- {task.title(lang)} ({task.workspace.title}){when}: {_link(task.workspace)}")
        lines.append("")
    lines += [
        _("You get this e-mail at most once a day, only when something needs you."),
        _("Switch it off on your account page: %(link)s", link=_url("dashboard.digest_settings", base_url)),
    ]
    subject = _("Mentorbrug: %(n)d things need your action", n=digest.items) if digest.items > 1 else \
        _("Mentorbrug: 1 thing needs your action")
    return subject, "\n".join(lines) + "\n"


@dataclass
class Outcome:
    queued: int = 0
    skipped_already_sent: int = 0


def _done_today(today: date) -> set[int]:
    """People whose digest for ``today`` is queued or delivered; logs whose mail was given up are removed,
    so those people get a new try."""
    rows = db.session.execute(
        select(DigestLog.id, DigestLog.user_id, OutboxMail.status)
        .outerjoin(OutboxMail, OutboxMail.id == DigestLog.mail_id).where(DigestLog.day == today)
    ).all()
    given_up = [log_id for log_id, _user_id, status in rows if status == MailStatus.FAILED]
    if given_up:
        db.session.execute(DigestLog.__table__.delete().where(DigestLog.id.in_(given_up)))
        db.session.commit()
    return {user_id for _log_id, user_id, status in rows if status != MailStatus.FAILED}


def send_digests(today: date | None = None, *, dry_run: bool = False, base_url: str | None = None) -> Outcome:
    """Cron / CLI: queue today's digests in the outbox (the caller runs the sender). Commits once per
    person: their log row with their mail."""
    today = today or local_today()
    outcome = Outcome()
    already = _done_today(today)
    for user_id, digest in sorted(collect(today).items()):
        if user_id in already:
            outcome.skipped_already_sent += 1
            continue
        lang = digest.user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(lang):
            subject, body = compose(digest, today, base_url)
        if dry_run:
            log.info("digest (dry run) to=%s items=%d", digest.user.email, digest.items)
            outcome.queued += 1
            continue
        try:
            # The row first: a second process queueing at the same moment fails on the unique key here
            # (PostgreSQL waits for our commit) and queues nothing.
            entry = DigestLog(user_id=user_id, day=today, items=digest.items)
            db.session.add(entry)
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            outcome.skipped_already_sent += 1
            continue
        mail = queue(to=digest.user.email, subject=subject, text=body, kind="digest", user=digest.user,
                     language=lang, list_unsubscribe=_url("dashboard.digest_settings", base_url))
        db.session.flush()
        entry.mail_id = mail.id
        db.session.commit()
        outcome.queued += 1
    return outcome
