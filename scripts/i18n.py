"""Translation catalogues, one per area (``workspace/<area>/translations/nl/LC_MESSAGES/messages.po``).

Source strings are English; Dutch is the default language of the product. There are no English catalogues:
for English, Flask-Babel finds no catalogue and shows the source string itself.

    python scripts/i18n.py update [--area NAME]   extract the area's strings and merge them into its .po
    python scripts/i18n.py compile                write the .mo files (git-ignored)
    python scripts/i18n.py check                  fail when a string lacks a Dutch translation or a .po is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "workspace"
TEMPLATES = ROOT / "templates"
LOCALES = ("nl",)
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
JINJA = "jinja2.ext:babel_extract"
JINJA_OPTIONS = {"trimmed": "true", "silent": "false"}


def areas() -> list[str]:
    """Every sub-package of workspace/ is an area; 'core' also owns the top-level modules and templates."""
    return sorted(p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def sources(area: str) -> list[Path]:
    files = sorted((PKG / area).rglob("*.py")) + sorted((TEMPLATES / area).rglob("*.html"))
    if area == "core":
        files += sorted(PKG.glob("*.py")) + sorted(TEMPLATES.glob("*.html")) + sorted((TEMPLATES / "errors").rglob("*.html"))
    return files


def extract(area: str) -> Catalog:
    catalog = Catalog(project="mentorbrug", locale=None, charset="utf-8")
    for path in sources(area):
        method = "python" if path.suffix == ".py" else JINJA
        options = {} if method == "python" else JINJA_OPTIONS
        with open(path, "rb") as handle:
            for lineno, message, comments, context in _extract(method, handle, options):
                catalog.add(message, None, [(str(path.relative_to(ROOT)), lineno)], auto_comments=comments,
                            context=context)
    return catalog


def _extract(method, handle, options):
    yield from babel_extract(method, handle, keywords=KEYWORDS, options=options)


def po_path(area: str, locale: str) -> Path:
    return PKG / area / "translations" / locale / "LC_MESSAGES" / "messages.po"


def update(only: str | None) -> None:
    for area in areas():
        if only and area != only:
            continue
        template = extract(area)
        if not len(template) and not po_path(area, "nl").exists():
            continue
        for locale in LOCALES:
            path = po_path(area, locale)
            if path.exists():
                with open(path, "rb") as handle:
                    catalog = read_po(handle, locale=locale)
                catalog.update(template, no_fuzzy_matching=True)
            else:
                catalog = Catalog(locale=locale, project="mentorbrug", charset="utf-8")
                catalog.update(template, no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                write_po(handle, catalog, ignore_obsolete=True, omit_header=False, sort_output=False, width=100)
        print(f"{area}: {len(template)} strings")


def compile_all() -> None:
    for path in sorted(PKG.glob("*/translations/*/LC_MESSAGES/messages.po")):
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        with open(path.with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


def problems() -> list[str]:
    """Strings in the code without a Dutch translation, or catalogues that miss strings: one line each."""
    found: list[str] = []
    for area in areas():
        template = extract(area)
        if not len(template):
            continue
        path = po_path(area, "nl")
        if not path.exists():
            found.append(f"{area}: no catalogue at {path.relative_to(ROOT)}")
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale="nl")
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id, context=message.context)
            if translated is None:
                found.append(f"{area}: not in catalogue: {message.id!r}")
            elif translated.fuzzy or not (translated.string if isinstance(translated.string, str) else all(translated.string)):
                found.append(f"{area}: not translated: {message.id!r}")
    return found


def conflicts() -> list[str]:
    """The same English text translated differently in two areas. Flask-Babel merges the catalogues, so
    one translation would win at random; the product should use one word for one thing."""
    seen: dict[tuple, dict[str, list[str]]] = {}
    for area in areas():
        path = po_path(area, "nl")
        if not path.exists():
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale="nl")
        for message in catalog:
            if not message.id or not message.string:
                continue
            key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
            text = message.string if isinstance(message.string, str) else " | ".join(message.string)
            seen.setdefault(key, {}).setdefault(text, []).append(area)
    return [
        f"translated differently: {key[0]!r}: " + "; ".join(f"{text!r} in {', '.join(areas_)}" for text, areas_ in found.items())
        for key, found in seen.items() if len(found) > 1
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["update", "compile", "check"])
    parser.add_argument("--area")
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.area)
    elif args.command == "compile":
        compile_all()
    else:
        found = problems() + conflicts()
        for line in found:
            print(line)
        if found:
            print(f"{len(found)} untranslated strings", file=sys.stderr)
            return 1
        print("all strings translated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
