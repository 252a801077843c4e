"""A keyboard-only walk on a phone (375 px): log in, tick a task, add a note, open the main menu and log out,
with Tab, Shift+Tab, Enter and Space only. After each htmx action the test asserts where the focus is (never
on <body>) and what the one status region (#flashes, role=status) says.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .actors import DEMO_PASSWORD, Person
from .features import need

pytestmark = pytest.mark.browser

DEMO_LEAD = "lead@mentor.example"
DEMO_WORKSPACE = "Na de behandeling: mentor als steun"  # demo workspace 3, at the evaluate stage
MAX_TABS = 150

FOCUSED = """() => {
    const el = document.activeElement;
    const row = el.closest('[id]');
    return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
            text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' '),
            pressed: el.getAttribute('aria-pressed'), row: row ? row.id : '',
            message: el.classList.contains('flash')};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until ``wanted(focused)`` holds; fail after MAX_TABS presses."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if wanted(now):
            return now
    pytest.fail(f"{MAX_TABS} presses of {'Shift+' if back else ''}Tab did not reach the element")


def status(page):
    return page.locator("#flashes")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_keyboard_only_walk_on_a_phone(new_context, checker, lang):
    need("ws.stages.tick_task")
    person = Person(new_context(lang, width=375).new_page(), lang, checker, email=DEMO_LEAD, password=DEMO_PASSWORD)
    page = person.page

    # Log in: Tab to the e-mail field, type, Tab to the password, type, Enter submits.
    person.goto("/login")
    tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type(DEMO_LEAD)
    tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text(person.t("Welcome back, %(name)s.", name="Sanne de Vries"))

    # To the workspace: its link on the dashboard.
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == DEMO_WORKSPACE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_WORKSPACE)
    person.check("keyboard-workspace-375")

    # Tick the first open task with the Space bar: focus stays on that task's tick button, now pressed.
    done = person.t("Done:")
    start = tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith(done) and f["pressed"] == "false")
    page.keyboard.press("Space")
    expect(status(page)).to_have_text(person.t("Task marked as done."))
    expect(page.locator(f"#{start['row']} button.tick-button")).to_have_attribute("aria-pressed", "true")
    after_tick = focused(page)
    assert after_tick["tag"] == "button" and after_tick["row"] == start["row"] and after_tick["pressed"] == "true", after_tick

    # Add a note: the Notes tab, "Add a note" opens with Enter, title and text typed, Enter on "Save note".
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == person.t("Notes"))
    page.keyboard.press("Enter")
    heading_count = page.locator("#notes-total")
    before = int(heading_count.inner_text().strip("()"))
    tab_to(page, lambda f: f["tag"] == "summary" and f["text"] == person.t("Add a note"))
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["name"] == "title")
    page.keyboard.type("Typed with the keyboard")
    tab_to(page, lambda f: f["name"] == "body")
    page.keyboard.type("Agreed: the next meeting is in the library.")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == person.t("Save note"))
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text(person.t("Note saved."))
    after_note = focused(page)
    assert after_note["message"] and after_note["text"] == person.t("Note saved."), after_note
    expect(heading_count).to_have_text(f"({before + 1})")  # the count in the heading follows the new note
    expect(page.locator("#notes-list")).to_contain_text("Typed with the keyboard")
    person.check("keyboard-note-375")

    # The main menu: Shift+Tab back up to "Menu", Enter opens it, Tab to "Log out", Enter.
    tab_to(page, lambda f: f["tag"] == "summary" and f["text"] == person.t("Menu"), back=True)
    page.keyboard.press("Enter")
    expect(page.locator("details.menu-narrow")).to_have_attribute("open", "")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == person.t("Log out"))
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text(person.t("You are logged out."))
