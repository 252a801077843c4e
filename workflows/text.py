"""Bilingual product text for the workflow package.

The web layer translates its own strings with Babel; the workflow definition carries
Dutch and English side by side so that it stays importable without Flask.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One piece of user-facing text in Dutch (the default) and English."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text for ``lang`` ("en", "en_GB", "nl", ...); anything else gets Dutch."""
        return self.en if (lang or "").lower().startswith("en") else self.nl

    def __str__(self) -> str:
        return self.nl
