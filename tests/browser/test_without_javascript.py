"""The core path works with JavaScript switched off: log in, tick a task, add a note, move to the next stage.

Every htmx form also has a real action and method; here the browser posts them as plain forms.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .actors import DEMO_PASSWORD, Person, WorkspacePage, next_stage, stage_label
from .features import need

pytestmark = pytest.mark.browser

DEMO_LEAD = "lead@mentor.example"
DEMO_WORKSPACE = "Mentoren voor jongeren op de wachtlijst"  # demo workspace 1, at an early stage


def test_core_path_without_javascript(new_context, checker):
    need("ws.stages.tick_task", "ws.stages.fire", "ws.notes.new")
    lang = "nl"
    lead = Person(new_context(lang, javascript=False).new_page(), lang, checker,
                  email=DEMO_LEAD, password=DEMO_PASSWORD, javascript=False)
    lead.log_in()
    lead.page.get_by_role("link", name=DEMO_WORKSPACE, exact=True).first.click()
    workspace_url = lead.page.url.split("?")[0].split("#")[0]
    page = WorkspacePage(lead)
    stage = lead.page.get_by_role("navigation", name=lead.t("Stages of the collaboration")).locator(
        '[aria-current="step"]').inner_text()
    code = next(c for c in ("explore", "network", "values_check") if stage_label(lang, c) in stage)
    lead.check("nojs-workspace")

    # Tick every open required task: each is a plain POST answered by a redirect back with a flash.
    for _ in range(20):
        if not page.tick_buttons().count():
            break
        button = page.tick_buttons().first
        name = " ".join(button.text_content().split())
        button.click()
        expect(page.tasks().get_by_role("button", name=name, exact=True, pressed=True)).to_be_visible()
    else:
        pytest.fail("ticking did not close the required tasks")
    lead.check("nojs-ticked")

    # A joint note, through the <details> form of the Notes tab.
    page.open_tab("Notes")
    lead.page.get_by_text(lead.t("Add a note"), exact=True).click()
    lead.label("Title").fill("Zonder JavaScript")
    lead.label("Text of the note").fill("Ook zonder scripts werkt **alles**.")
    lead.button("Save note").click()
    expect(lead.page.get_by_role("link", name="Zonder JavaScript", exact=True)).to_be_visible()
    lead.check("nojs-note")

    # Explore also needs the person who looks after partner relations (a plain form as well).
    lead.page.goto(workspace_url)
    if code == "explore" and page.advance_button(code).is_disabled():
        need("ws.groundwork.save_explore")
        lead.open_stage_page("Explore: capacity, choices and a contact person")
        lead.label("Who looks after the partner relations?").fill("Sanne de Vries")
        lead.page.get_by_role("group", name=lead.t("This person is a")).get_by_label(
            lead.t("Paid staff member")).check()
        lead.button("Save").click()
        lead.page.goto(workspace_url)

    page.advance(code)
    page.expect_stage(next_stage(code))
    lead.check("nojs-advanced")
