"""Visible texts in both languages, looked up from the real catalogues.

The browser tests are written with the English msgids (``t("Log in")``); in a Dutch run ``t`` answers the
Dutch translation from ``workspace/*/translations/nl/.../messages.po`` (or from a ``workflows.Text``), so one
scenario clicks through both languages by visible labels.
"""

from __future__ import annotations

import gc
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def dutch() -> dict[str, str]:
    table: dict[str, str] = {}
    for po in sorted((ROOT / "workspace").glob("*/translations/nl/LC_MESSAGES/messages.po")):
        with open(po, "rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and isinstance(message.id, str):
                    table.setdefault(message.id, message.string)
    import workflows

    for obj in gc.get_objects():
        if isinstance(obj, workflows.Text):
            table.setdefault(obj.en, obj.nl)
    return table


def t(lang: str, msgid: str, **values) -> str:
    """``msgid`` as the user sees it in ``lang``."""
    if lang == "en":
        text = msgid
    else:
        # Like gettext: an untranslated msgid shows as itself (the page check then reports it as English text).
        text = dutch().get(msgid, msgid)
    return text % values if values else text
