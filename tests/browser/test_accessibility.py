"""Keyboard and screen-reader basics on the workspace page (axe runs on every page in the other tests).

- the skip link is the first Tab stop and moves focus to the main content;
- a task can be reached with Tab and ticked with the keyboard alone;
- the stage stepper is an ordered list with exactly one ``aria-current="step"``;
- flash messages appear in a live region (role=status), so screen readers announce them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .actors import DEMO_PASSWORD, Person, WorkspacePage
from .features import need

pytestmark = pytest.mark.browser

DEMO_LEAD = "lead@mentor.example"
DEMO_WORKSPACE = "Na de behandeling: mentor als steun"  # demo workspace 3, at the evaluate stage
MAX_TABS = 120


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' '),
                pressed: el.getAttribute('aria-pressed'), href: el.getAttribute('href') || ''};
    }""")


@pytest.fixture
def lead(new_context, checker):
    person = Person(new_context("en").new_page(), "en", checker, email=DEMO_LEAD, password=DEMO_PASSWORD)
    person.log_in()
    return person


def test_flash_messages_are_announced(lead):
    flashes = lead.flash()
    expect(flashes).to_have_attribute("role", "status")
    expect(flashes).to_contain_text(lead.t("Welcome back, %(name)s.", name="Sanne de Vries"))
    assert lead.page.get_by_role("status").filter(has_text="Sanne de Vries").count() == 1


def test_skip_link_and_ticking_a_task_with_the_keyboard(lead):
    need("ws.stages.tick_task")
    page = lead.page
    page.get_by_role("link", name=DEMO_WORKSPACE, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_WORKSPACE)

    # The stepper: an ordered list, exactly one current step, announced as such.
    stepper = WorkspacePage(lead).stepper()
    expect(stepper.get_by_role("list")).to_have_count(1)
    assert stepper.get_by_role("list").evaluate("el => el.tagName") == "OL"
    expect(stepper.locator('[aria-current="step"]')).to_have_count(1)

    # Skip link first; it moves focus into <main>.
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["href"] == "#main", first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab on until the first open task's tick button has focus, then tick it with the Space bar.
    open_buttons = WorkspacePage(lead).tick_buttons(required_only=False, done=False)
    assert open_buttons.count(), "the demo workspace should have an open task"
    target = " ".join(open_buttons.first.text_content().split())
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "button" and focused["text"] == target:
            break
    else:
        pytest.fail(f"{MAX_TABS} Tab presses did not reach the tick button {target!r}")
    assert focused["pressed"] == "false"
    page.keyboard.press("Space")
    expect(WorkspacePage(lead).tasks().get_by_role("button", name=target, exact=True, pressed=True)).to_be_visible()
    lead.check("keyboard-ticked")
