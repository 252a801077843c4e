"""Sending e-mail: through SMTP when MAIL_SERVER is set, else to the log (the default set-up needs no mail server)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("mentorbrug.mail")

# Tests read what would have been sent from here.
outbox: list[EmailMessage] = []


def send_mail(*, to: str, subject: str, body: str) -> bool:
    """Send one message. Returns True when it went out through SMTP, False when it was only logged."""
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    if current_app.config.get("TESTING"):
        outbox.append(msg)
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        log.info("mail (not sent, no MAIL_SERVER) to=%s subject=%s\n%s", to, subject, body)
        return False
    try:
        with smtplib.SMTP(server, current_app.config["MAIL_PORT"], timeout=10) as smtp:
            if current_app.config["MAIL_USE_TLS"]:
                smtp.starttls()
            if current_app.config["MAIL_USERNAME"]:
                smtp.login(current_app.config["MAIL_USERNAME"], current_app.config["MAIL_PASSWORD"])
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s failed", to)
        return False
    return True
