"""Visible texts in both languages, looked up from the real catalogues.

The browser tests are written with the English msgids (``t("Log in")``); in a Dutch run ``t`` answers the
Dutch translation from the compiled catalogues (``workspace/*/translations/nl``, merged as Flask-Babel does) or
from a ``workflows.Text``, so one scenario clicks through both languages by visible labels.
"""

from __future__ import annotations

import gc
from functools import lru_cache

from babel import support


@lru_cache(maxsize=1)
def _catalogue() -> support.Translations:
    """The Dutch catalogue exactly as Flask-Babel merges it: every area's compiled .mo, later ones winning."""
    from workspace.config import translation_directories

    merged = support.Translations()
    for directory in translation_directories().split(";"):
        merged.merge(support.Translations.load(directory, ["nl"], "messages"))
    return merged


@lru_cache(maxsize=1)
def _workflow_texts() -> dict[str, str]:
    import workflows

    return {obj.en: obj.nl for obj in gc.get_objects() if isinstance(obj, workflows.Text)}


def dutch(msgid: str) -> str:
    if msgid in _workflow_texts():
        return _workflow_texts()[msgid]
    return _catalogue().gettext(msgid)


def t(lang: str, msgid: str, **values) -> str:
    """``msgid`` as the user sees it in ``lang``."""
    if lang == "en":
        text = msgid
    else:
        # Like gettext: an untranslated msgid shows as itself (the page check then reports it as English text).
        text = dutch(msgid)
    return text % values if values else text
