"""How an activity row reads in the feed: "‹name› (‹organisation›) ticked ‘Find a contact’ — 2 min ago".

Each area words its own verbs in its ``Area.feed_labels``: a phrase whose ``%(key)s`` placeholders name keys of
the row's ``details`` (``%(title)s``, ``%(from)s``), plus ``%(object)s`` (a person or invited address, from the
row's object). Detail values that are codes (a stage, a role, a side) are put in the reader's language by the
``Area.feed_words`` of the area that owns the key. A verb no installed area words reads as its summary.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.area import installed

ROLE_WORDS = {
    "lead": _l("lead"),
    "member": _l("member"),
    "observer": _l("observer"),
    "partner_lead": _l("lead of the partner organisation"),
    "admin": _l("admin"),
}


def role_word(code) -> str:
    return str(ROLE_WORDS.get(code, code or ""))


def describe(row, object_label: str = "") -> str:
    """The phrase after the actor's name, in the current language."""
    template = installed().feed_labels.get(row.verb)
    if template is None:
        return row.summary or row.verb
    details = row.details or {}
    words = installed().feed_words
    values = {key: (words[key](value) if key in words else ("" if value is None else value))
              for key, value in details.items()}
    values["object"] = object_label or _("someone")
    try:
        return str(template) % values
    except (KeyError, ValueError, TypeError):
        return row.summary or row.verb
