"""Every main page, in Dutch and in English, on a phone (375 px) and a laptop (1280 px): accessible (axe),
within the CSP, in one language, no sideways scroll, screenshotted.

The workspace's tabs are read from the page itself, so a tab another area adds is checked without a change here.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .actors import DEMO_PASSWORD, Person
from .features import has

pytestmark = pytest.mark.browser

LANGS = ["nl", "en"]
WIDTHS = [375, 1280]
DEMO_LEAD = "lead@mentor.example"
DEMO_WORKSPACE = "Mentoren naast de jeugdhulp: pilot Oost"  # demo workspace 2: decisions recorded


def suffix(width: int) -> str:
    return "" if width == 1280 else f"-{width}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_public_pages(new_context, checker, lang, width):
    person = Person(new_context(lang, width=width).new_page(), lang, checker)
    # The welcome and sign-up pages are checked in the scenario (test_scenario.py) at 1280 px.
    pages = [("/login", "login"), ("/privacy", "privacy")]
    if width != 1280:
        pages += [("/", "welcome"), ("/signup", "signup")]
    for path, name in pages:
        person.goto(path)
        person.check(name + suffix(width))
    person.goto("/no-such-page")
    person.check("error-404" + suffix(width), status=404)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_pages_of_a_lead(new_context, checker, lang, width):
    person = Person(new_context(lang, width=width).new_page(), lang, checker, email=DEMO_LEAD, password=DEMO_PASSWORD)
    person.goto("/")
    person.log_in()
    person.check("dashboard" + suffix(width))
    # A few known strings, each in its own language only (the page check looks for all of them).
    person.open_menu()
    nav = person.page.get_by_role("navigation", name=person.t("Main"))
    mine, other = ("Mijn werkruimtes", "My workspaces") if lang == "nl" else ("My workspaces", "Mijn werkruimtes")
    expect(nav.get_by_role("link", name=mine, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=other, exact=True)).to_have_count(0)
    switch = ("English", "en") if lang == "nl" else ("Nederlands", "nl")
    expect(nav.get_by_role("link", name=switch[0], exact=True)).to_have_attribute("hreflang", switch[1])
    person.menu_link("My workspaces").click()
    person.check("workspaces" + suffix(width))
    person.menu_link("Organisation").click()
    person.check("organisation" + suffix(width))
    person.menu_link("Account").click()
    person.check("account" + suffix(width))

    person.menu_link("My workspaces").click()
    person.page.get_by_role("main").get_by_role("link", name=DEMO_WORKSPACE, exact=True).first.click()
    visit_workspace_tabs(person, "lead" + suffix(width))
    if has("ws.exports.report"):
        tabs = person.page.get_by_role("navigation", name=person.t("Workspace"))
        tabs.get_by_role("link", name=person.t("Pilot"), exact=True).click()
        person.page.get_by_role("navigation", name=person.t("Decide, pilot and evaluate")).get_by_role(
            "link", name=person.t("Printable report"), exact=True).click()
        person.check("pilot-report" + suffix(width))


def visit_workspace_tabs(person: Person, who: str) -> None:
    """Check the workspace page and every tab in its tab bar."""
    page = person.page
    tabs = page.get_by_role("navigation", name=person.t("Workspace"))
    expect(tabs).to_be_visible()
    hrefs = [(a.get_attribute("href"), a.inner_text().strip()) for a in tabs.get_by_role("link").all()]
    assert hrefs, "the workspace has no tabs"
    for href, label in hrefs:
        page.goto(href)
        expect(tabs.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")
        # /w/2/ -> "overview", /w/2/notes/ -> "notes": the same file name in both languages.
        part = [p for p in href.split("?")[0].split("/") if p][2:3] or ["overview"]
        person.check(f"tab-{who}-{part[0]}")
