"""Building messages with the standard library (``email.message.EmailMessage`` and its header registry).

Header values come from people (workspace titles, organisation and person names): one with a line break
could add headers of its own. Forms refuse such input already (``forms.BaseForm``); this layer refuses it
anyway, before anything is stored, so no path around the forms can inject a header.
"""

from __future__ import annotations

import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

from ..dbtypes import utcnow


class UnsafeHeader(ValueError):
    """A header value with a line break or a control character (refused, never cleaned up silently)."""


# Line breaks of any kind (including Unicode's), and the C0/C1 control characters.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_unsafe_chars(value: str) -> bool:
    return bool(_UNSAFE.search(value or ""))


def check_header(name: str, value: str) -> str:
    if has_unsafe_chars(value):
        raise UnsafeHeader(f"{name} holds a line break or control character: {value!r}")
    return value


def parse_address(value: str) -> Address:
    """``name@example.org`` or ``Name <name@example.org>`` as an Address (refuses anything else)."""
    check_header("address", value)
    from email.utils import parseaddr

    display, addr = parseaddr(value)
    if not addr or "@" not in addr or addr.count("@") != 1:
        raise UnsafeHeader(f"not an e-mail address: {value!r}")
    username, domain = addr.rsplit("@", 1)
    return Address(display_name=display, username=username, domain=domain)


def new_message_id(sender: str) -> str:
    return make_msgid(domain=parse_address(sender).domain or "mentorbrug.invalid")


_URL = re.compile(r"https?://[^\s<>\"')]+")


def text_to_html(text: str, lang: str) -> str:
    """The HTML part of a plain-text message: paragraphs, line breaks and clickable links, nothing else."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.split("\n"):
            out, last = [], 0
            for match in _URL.finditer(line):
                out.append(escape(line[last:match.start()]))
                url = escape(match.group(0))
                out.append(f'<a href="{url}">{url}</a>')
                last = match.end()
            out.append(escape(line[last:]))
            lines.append("".join(out))
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    body = "\n".join(paragraphs)
    return (f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8"></head>'
            f'<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">\n{body}\n</body></html>\n')


def build_message(*, sender: str, to: str, subject: str, text: str, html: str, message_id: str,
                  language: str, list_unsubscribe: str = "", date=None) -> EmailMessage:
    """One ready-to-send message: plain text first, HTML as the alternative."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = parse_address(sender)
    msg["To"] = parse_address(to)
    msg["Subject"] = check_header("Subject", subject)
    msg["Date"] = format_datetime(date or utcnow())
    msg["Message-ID"] = check_header("Message-ID", message_id)
    # Auto-replies ("I am on holiday") should not answer a machine.
    msg["Auto-Submitted"] = "auto-generated"
    if list_unsubscribe:
        msg["List-Unsubscribe"] = f"<{check_header('List-Unsubscribe', list_unsubscribe)}>"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    msg["Content-Language"] = check_header("Content-Language", language)  # after set_content, which clears Content-*
    return msg
