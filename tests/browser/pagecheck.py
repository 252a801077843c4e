"""What the browser suite checks on every page it visits.

- axe-core (node_modules/axe-core, installed by ``npm ci``): no serious or critical violation;
- the Content-Security-Policy holds: no console message about a blocked script or style, no script error;
- no sideways scroll: the document is no wider than the viewport (the suite runs at 375 and 1280 px);
- the page is in the asked language: ``<html lang>`` matches, and no text of the other language shows
  (an English msgid on a Dutch page means a string escaped translation; a Dutch msgstr on an English page
  means a text was translated by hand or hard-coded);
- a full-page screenshot goes to ``screenshots/<lang>/<name>.png`` (git-ignored).
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")

# axe violations found by this suite in another area's templates and reported to the integrator:
# (rule id, a piece of the failing element's selector or HTML, where to fix it). They are left out of the
# verdict until fixed; delete the entry with the fix.
KNOWN_AXE_VIOLATIONS: list[tuple[str, str, str]] = []


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fragments(text: str) -> list[str]:
    """The literal pieces of a message between its placeholders; pieces cut out of a longer message need
    three words to count (``in Mentorbrug.`` ends a message in both languages)."""
    pieces = [_normalise(piece) for piece in PLACEHOLDER.split(text) if _normalise(piece)]
    if len(pieces) == 1 and pieces[0] == _normalise(text):
        return pieces
    return [piece for piece in pieces if len(piece.split()) >= 3]


def _telling(piece: str) -> bool:
    """Long enough that finding it on a page of the other language cannot be a coincidence."""
    return len(piece) >= 12 and len(piece.split()) >= 2


def load_phrases() -> dict[str, set[str]]:
    """Phrases that must not appear in each language: {"nl": English-only phrases, "en": Dutch-only ones}."""
    english, dutch = set(), set()
    for po in sorted((ROOT / "workspace").glob("*/translations/nl/LC_MESSAGES/messages.po")):
        with open(po, "rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            # An untranslated msgid counts as English: on a Dutch page it is exactly what we look for.
            english.update(p for text in ids for p in _fragments(text))
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            dutch.update(p for text in strings if text for p in _fragments(text))
    import workflows

    for obj in gc.get_objects():
        if isinstance(obj, workflows.Text):
            english.update(_fragments(obj.en))
            dutch.update(_fragments(obj.nl))
    shared = english & dutch
    return {
        "nl": {p for p in english - shared if _telling(p)},
        "en": {p for p in dutch - shared if _telling(p)},
    }


def _known(rule: str, node: str) -> bool:
    return any(rule == known_rule and piece in node for known_rule, piece, _where in KNOWN_AXE_VIOLATIONS)


@dataclass
class Visit:
    """What one page did while we looked at it."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class PageChecker:
    def __init__(self):
        if not AXE.exists():
            raise RuntimeError(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency in package.json)")
        self.axe_source = AXE.read_text()
        self.phrases = load_phrases()
        # One alternation per language, longest first, matched on word boundaries.
        self.patterns = {
            lang: re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                             + r")(?!\w)")
            for lang, phrases in self.phrases.items()
        }
        self.checked: list[str] = []
        self.problems: list[str] = []

    # -- listening --------------------------------------------------------------------------------
    def watch(self, page) -> Visit:
        """Start collecting console messages and script errors of ``page``; call once per page."""
        visit = Visit()
        page.on("console", lambda msg: visit.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: visit.errors.append(str(exc)))
        page._mentorbrug_visit = visit  # noqa: SLF001 (our own bookkeeping on the page object)
        return visit

    # -- checks -----------------------------------------------------------------------------------
    def axe_violations(self, page, include: str | None = None) -> list[str]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Runs through the DevTools protocol, so the page's strict CSP does not block it.
            page.evaluate(self.axe_source + "\n;undefined")
        result = page.evaluate(
            """async (include) => {
                const r = await axe.run(include ? {include: [include]} : document,
                                        {resultTypes: ['violations']});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 160))}));
            }""",
            include,
        )
        found = []
        for violation in result:
            if violation["impact"] not in BLOCKING_IMPACTS:
                continue
            nodes = [n for n in violation["nodes"] if not _known(violation["id"], n)]
            if nodes:
                found.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}\n      "
                             + "\n      ".join(nodes[:3]))
        return found

    def language_problems(self, page, lang: str) -> list[str]:
        problems = []
        html_lang = page.evaluate("document.documentElement.lang")
        if html_lang != lang:
            problems.append(f'<html lang="{html_lang}"> on a page asked for in {lang!r}')
        text = _normalise(page.inner_text("body"))
        other = "English" if lang == "nl" else "Dutch"
        for phrase in sorted(set(self.patterns[lang].findall(text))):
            problems.append(f"{other} text on a {lang!r} page: {phrase!r}")
        return problems

    def width_problems(self, page) -> list[str]:
        """The document is no wider than the viewport; names the widest elements that stick out."""
        found = page.evaluate("""() => {
            const width = window.innerWidth, doc = document.documentElement.scrollWidth;
            if (doc <= width) return null;
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > width + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`);
            }
            return {width, doc, out: out.slice(-3)};
        }""")
        if not found:
            return []
        return [f"sideways scroll: the page is {found['doc']} px wide in a {found['width']} px viewport; "
                f"sticking out: {', '.join(found['out'])}"]

    def policy_problems(self, page, allowed: tuple[str, ...] = ()) -> list[str]:
        """Script errors and console errors; ``allowed`` pieces of console text are expected (an error page's
        own status, which Chromium logs as a failed load)."""
        visit: Visit | None = getattr(page, "_mentorbrug_visit", None)
        if visit is None:
            return []
        problems = [f"script error: {e}" for e in visit.errors]
        problems += [m for m in visit.console if ("Content Security Policy" in m or m.startswith("error:"))
                     and not any(piece in m for piece in allowed)]
        visit.console.clear()
        visit.errors.clear()
        return problems

    def screenshot(self, page, lang: str, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / lang / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret would inject a <style>, which our CSP rightly blocks.
        page.screenshot(path=str(path), full_page=full_page, caret="initial")
        return path

    def check(self, page, name: str, lang: str, screenshot: bool = True, axe: bool = True,
              status: int | None = None) -> None:
        """Every check on the page as it is now; one assertion listing everything wrong. ``status``: the
        page is an error page with this status (its failed load in the console is expected)."""
        page.wait_for_load_state("load")
        problems = self.policy_problems(page, (f"status of {status} ",) if status else ())
        if axe:
            problems += self.axe_violations(page)
        problems += self.language_problems(page, lang)
        problems += self.width_problems(page)
        if screenshot:
            self.screenshot(page, lang, name)
        self.checked.append(f"{lang}/{name}")
        if problems:
            # Collected, not raised: the test goes on and fails at its end (conftest's pytest_runtest_call),
            # so one untranslated label does not hide what the rest of the run would show.
            self.problems.append(f"{name} ({lang}) at {page.url}:\n  - " + "\n  - ".join(problems))

    def take_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


class PageProblems(AssertionError):
    """A page of the run broke a check (axe, CSP, language); the flow itself worked."""


_checker: PageChecker | None = None


def shared_checker() -> PageChecker:
    global _checker
    if _checker is None:
        _checker = PageChecker()
    return _checker
