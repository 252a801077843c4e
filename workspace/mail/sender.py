"""Delivering the outbox: claim a due mail, send it, record the outcome; retry with backoff; give up late.

Two senders at once (cron and a request's thread, or two gunicorn workers) never send one mail twice:
each mail is claimed with a conditional UPDATE (``queued -> sending``), and only the winner sends. A sender
that dies while sending leaves a claim that lapses after ``MAIL_CLAIM_SECONDS``; that mail may then go out a
second time (at-least-once; its Message-ID stays the same, so mail clients show it once).
"""

from __future__ import annotations

import logging
import smtplib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

from flask import current_app, g
from sqlalchemy import and_, or_, select, update

from ..dbtypes import utcnow
from ..extensions import db
from .message import build_message
from .models import MailStatus, OutboxMail

log = logging.getLogger("mentorbrug.mail")


class TestMessage(EmailMessage):
    """A delivered message as kept for tests: ``get_content()`` without arguments gives the plain-text part."""

    def get_content(self, *args, **kwargs):
        if not args and not kwargs and self.is_multipart():
            return self.get_body(("plain",)).get_content()
        return super().get_content(*args, **kwargs)


#: Messages "delivered" without a mail server while TESTING (the tests read them; cleared per test).
outbox: list[EmailMessage] = []


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} waiting to retry, {self.failed} failed"


class _Permanent(Exception):
    """The server refused the message for good (5xx): retrying would not help."""


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: the base delay doubled per failed attempt, at most MAIL_RETRY_MAX_SECONDS."""
    cfg = current_app.config
    seconds = cfg["MAIL_RETRY_BASE_SECONDS"] * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, cfg["MAIL_RETRY_MAX_SECONDS"]))


def _due(now: datetime):
    lapsed = now - timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    return or_(
        and_(OutboxMail.status == MailStatus.QUEUED, OutboxMail.next_attempt_at <= now),
        and_(OutboxMail.status == MailStatus.SENDING, OutboxMail.claimed_at < lapsed),
    )


def _claim(mail_id: int, now: datetime) -> bool:
    result = db.session.execute(
        update(OutboxMail).where(OutboxMail.id == mail_id, _due(now))
        .values(status=MailStatus.SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


class _Connection:
    """One SMTP connection for a run, opened on first use; after a connection error the run stops trying
    the server (every further mail of this run records the same error, without waiting for a timeout)."""

    def __init__(self):
        self.smtp: smtplib.SMTP | None = None
        self.unreachable: str | None = None

    def send(self, message: EmailMessage) -> None:
        cfg = current_app.config
        if self.unreachable:
            raise ConnectionError(self.unreachable)
        if self.smtp is None:
            try:
                smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT_SECONDS"])
                if cfg["MAIL_USE_TLS"]:
                    smtp.starttls()
                if cfg["MAIL_USERNAME"]:
                    smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            except (OSError, smtplib.SMTPException) as error:
                self.unreachable = f"cannot reach {cfg['MAIL_SERVER']}:{cfg['MAIL_PORT']}: {error!r}"
                raise ConnectionError(self.unreachable) from error
            self.smtp = smtp
        try:
            self.smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _msg in error.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise _Permanent(repr(error)) from error
            raise
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            if 500 <= error.smtp_code < 600:
                raise _Permanent(repr(error)) from error
            raise
        except (OSError, smtplib.SMTPServerDisconnected):
            self.close()
            raise

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None


def _deliver(mail: OutboxMail, connection: _Connection) -> str:
    """Send one claimed mail; returns "smtp" or "log"."""
    cfg = current_app.config
    message = build_message(
        sender=cfg["MAIL_SENDER"], to=mail.to_address, subject=mail.subject, text=mail.text_body,
        html=mail.html_body, message_id=mail.message_id, language=mail.language,
        list_unsubscribe=mail.list_unsubscribe, date=mail.created_at,
    )
    if not cfg.get("MAIL_SERVER"):
        log.info("mail #%s (not sent: no MAIL_SERVER) to=%s subject=%s\n%s", mail.id, mail.to_address,
                 mail.subject, mail.text_body)
        if cfg.get("TESTING"):
            outbox.append(_as_test_message(message))
        return "log"
    connection.send(message)
    if cfg.get("TESTING"):
        outbox.append(_as_test_message(message))
    return "smtp"


def _as_test_message(message: EmailMessage) -> TestMessage:
    """The message as it would travel, parsed back (tests read what the wire would carry)."""
    return message_from_bytes(message.as_bytes(), _class=TestMessage, policy=policy.default)


def deliver_due(now: datetime | None = None, limit: int = 200) -> SendReport:
    """Cron (``flask mail send``), the after-request thread, tests: deliver every mail that is due.

    Commits per mail. A temporary error (server unreachable, 4xx) schedules the next try after ``backoff``;
    a permanent one (5xx), or a temporary one after ``MAIL_GIVE_UP_HOURS``, marks the mail failed."""
    report = SendReport()
    connection = _Connection()
    give_up = timedelta(hours=current_app.config["MAIL_GIVE_UP_HOURS"])
    try:
        ids = db.session.scalars(select(OutboxMail.id).where(_due(now or utcnow()))
                                 .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)).all()
        for mail_id in ids:
            moment = now or utcnow()
            if not _claim(mail_id, moment):
                continue  # another sender has it
            mail = db.session.get(OutboxMail, mail_id)
            mail.attempts += 1
            try:
                mail.transport = _deliver(mail, connection)
            except Exception as error:  # noqa: BLE001 - every error is recorded on the mail, none stops the run
                mail.last_error = (repr(error) if not isinstance(error, _Permanent) else str(error))[:500]
                if isinstance(error, _Permanent) or moment - mail.created_at >= give_up:
                    mail.status, mail.failed_at = MailStatus.FAILED, moment
                    _blank(mail)
                    report.failed += 1
                    log.error("mail #%s to %s given up after %d attempts: %s", mail.id, mail.to_address,
                              mail.attempts, mail.last_error)
                else:
                    mail.status, mail.next_attempt_at = MailStatus.QUEUED, moment + backoff(mail.attempts)
                    report.retrying += 1
                    log.warning("mail #%s to %s: attempt %d failed, next at %s: %s", mail.id, mail.to_address,
                                mail.attempts, mail.next_attempt_at.isoformat(), mail.last_error)
            else:
                mail.status, mail.sent_at, mail.last_error = MailStatus.SENT, moment, ""
                if mail.transport == "smtp":
                    _blank(mail)
                report.sent += 1
            mail.claimed_at = None
            db.session.commit()
    finally:
        connection.close()
    return report


def _blank(mail: OutboxMail) -> None:
    if mail.sensitive:
        mail.text_body = mail.html_body = ""


# --- after the request --------------------------------------------------------------------------

_kick_lock = threading.Lock()
_last_kick: dict[str, datetime] = {}


def _run_in_background(app) -> None:
    with app.app_context():
        try:
            report = deliver_due()
            if report.sent or report.retrying or report.failed:
                log.info("mail sender (background): %s", report)
        except Exception:  # noqa: BLE001 - a background thread has nobody else to tell
            log.exception("mail sender (background) stopped")
        finally:
            db.session.remove()


def after_request(response):
    """Start the sender once the request is done: always when the request queued mail, and at most once
    per MAIL_RETRY_BASE_SECONDS otherwise (so retries happen without cron). ``MAIL_DELIVERY`` picks how:
    ``thread`` (default), ``inline`` (tests: before the response, deterministic) or ``cron`` (never here;
    only ``flask mail send``)."""
    app = current_app._get_current_object()
    mode = app.config["MAIL_DELIVERY"]
    if mode == "cron":
        return response
    queued = g.pop("mail_queued", False)
    if mode == "inline":
        if queued:
            db.session.rollback()  # only what the request committed goes out
            deliver_due()
        return response
    now = utcnow()
    with _kick_lock:
        last = _last_kick.get(app.name)
        if not queued and last and (now - last).total_seconds() < app.config["MAIL_RETRY_BASE_SECONDS"]:
            return response
        _last_kick[app.name] = now
    # Started once the response is sent (the WSGI server closes it), so the sender never slows the answer.
    response.call_on_close(lambda: threading.Thread(target=_run_in_background, args=(app,), name="mail-sender",
                                                    daemon=True).start())
    return response
