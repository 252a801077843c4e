"""Queueing mail: one row in the caller's transaction. Who may call: any service or view; nothing is sent
until the request commits (then the sender picks it up)."""

from __future__ import annotations

from flask import current_app, g, has_app_context
from flask_babel import get_locale

from ..dbtypes import utcnow
from ..extensions import db
from .message import check_header, new_message_id, parse_address, text_to_html
from .models import MailStatus, OutboxMail


def queue(*, to: str, subject: str, text: str, html: str | None = None, kind: str = "notice", user=None,
          language: str | None = None, list_unsubscribe: str = "", sensitive: bool = False) -> OutboxMail:
    """Add one message to the outbox (not committed). Refuses unsafe header values with ``UnsafeHeader``.

    ``language`` is the reader's (default: the current locale, which callers set with ``force_locale``);
    ``html`` defaults to the text with paragraphs and clickable links; ``sensitive`` blanks the bodies once
    the mail is delivered (reset and confirmation links should not outlive their delivery)."""
    parse_address(to)
    check_header("Subject", subject)
    check_header("List-Unsubscribe", list_unsubscribe)
    lang = language or _current_language()
    now = utcnow()
    mail = OutboxMail(
        kind=kind, to_address=to, user_id=getattr(user, "id", None), language=lang, subject=subject,
        text_body=text, html_body=html if html is not None else text_to_html(text, lang),
        list_unsubscribe=list_unsubscribe, message_id=new_message_id(current_app.config["MAIL_SENDER"]),
        sensitive=sensitive, status=MailStatus.QUEUED, attempts=0, last_error="", transport="",
        created_at=now, next_attempt_at=now,
    )
    db.session.add(mail)
    if has_app_context():
        g.mail_queued = True  # the after-request hook starts the sender once the request is done
    return mail


def _current_language() -> str:
    try:
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    except RuntimeError:  # no request and no force_locale: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]


def mail_server_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(*, to: str, subject: str, body: str, html: str | None = None, kind: str = "notice",
              user=None) -> bool:
    """Queue a plain-text message (the callers from before the outbox). Returns True when a mail server is
    set up, so the mail will really go out; False when it only goes to the log (then callers show the
    link to the person in front of them instead)."""
    queue(to=to, subject=subject, text=body, html=html, kind=kind, user=user)
    return mail_server_configured()
