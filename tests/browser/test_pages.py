"""Every main page, in Dutch and in English: accessible (axe), within the CSP, in one language, screenshotted.

The workspace's tabs are read from the page itself, so a tab another area adds is checked without a change here.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .actors import DEMO_PASSWORD, Person

pytestmark = pytest.mark.browser

LANGS = ["nl", "en"]
DEMO_LEAD = "lead@mentor.example"
DEMO_OBSERVER = "observer@advies.example"


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages(new_context, checker, lang):
    person = Person(new_context(lang).new_page(), lang, checker)
    for path, name in [("/", "welcome"), ("/login", "login"), ("/signup", "signup"), ("/privacy", "privacy")]:
        person.goto(path)
        person.check(name)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_of_a_lead(new_context, checker, lang):
    person = Person(new_context(lang).new_page(), lang, checker, email=DEMO_LEAD, password=DEMO_PASSWORD)
    person.goto("/")
    person.log_in()
    person.check("home-lead")
    person.link("My workspaces").first.click()
    person.check("workspaces")
    new = person.page.get_by_role("link", name=person.exact("New workspace"))
    if new.count():
        new.first.click()
        person.check("workspace-new")
        person.page.go_back()
    person.link("Organisation").click()
    person.check("organisation")
    person.link("Account").click()
    person.check("account")

    person.link("My workspaces").first.click()
    person.page.get_by_role("main").get_by_role("table").get_by_role("link").first.click()
    visit_workspace_tabs(person, "lead")


@pytest.mark.parametrize("lang", ["nl"])
def test_pages_of_an_observer(new_context, checker, lang):
    person = Person(new_context(lang).new_page(), lang, checker, email=DEMO_OBSERVER, password=DEMO_PASSWORD)
    person.log_in()
    person.link("My workspaces").first.click()
    person.page.get_by_role("main").get_by_role("table").get_by_role("link").first.click()
    visit_workspace_tabs(person, "observer")


def visit_workspace_tabs(person: Person, who: str) -> None:
    """Check the workspace page and every tab in its tab bar."""
    page = person.page
    tabs = page.get_by_role("navigation", name=person.t("Workspace"))
    expect(tabs).to_be_visible()
    hrefs = [(a.get_attribute("href"), a.inner_text().strip()) for a in tabs.get_by_role("link").all()]
    assert hrefs, "the workspace has no tabs"
    for index, (href, label) in enumerate(hrefs):
        page.goto(href)
        expect(tabs.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")
        person.check(f"workspace-{who}-tab{index + 1}")
