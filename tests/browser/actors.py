"""A person in the browser: one Playwright context and page, one language, and the steps anyone takes
(sign up, log in, open a page). Everything is found by role, label or visible text, in the person's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from .pagecheck import PageChecker
from .texts import t

PASSWORD = "browser suite password"
DEMO_PASSWORD = "mentorbrug-demo"


@dataclass
class Person:
    page: Page
    lang: str
    checker: PageChecker
    name: str = ""
    email: str = ""
    password: str = PASSWORD
    javascript: bool = True

    def __post_init__(self):
        self.checker.watch(self.page)
        # hx-confirm asks through the browser's confirm(): this person always says yes.
        self.dialogs: list[str] = []
        self.page.on("dialog", self._accept_dialog)

    def _accept_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept()

    # -- language ---------------------------------------------------------------------------------
    def t(self, msgid: str, **values) -> str:
        return t(self.lang, msgid, **values)

    def exact(self, msgid: str, **values) -> re.Pattern:
        """A pattern matching exactly the translated text (for names of buttons and links)."""
        return re.compile(r"^\s*" + re.escape(self.t(msgid, **values)) + r"\s*$")

    # -- navigation -------------------------------------------------------------------------------
    def goto(self, path: str) -> None:
        """Open a page by URL; the first visit fixes the language with ``?lang=`` (it sticks for the session)."""
        separator = "&" if "?" in path else "?"
        self.page.goto(f"{path}{separator}lang={self.lang}")

    def check(self, name: str, **options) -> None:
        """axe, CSP, language and a screenshot of the page as it is now. Without JavaScript axe cannot run
        (its promise waits for timers that never fire); the same templates are axe-checked in the other runs."""
        options.setdefault("axe", self.javascript)
        self.checker.check(self.page, name, self.lang, **options)

    def reload(self) -> None:
        self.page.reload()

    def button(self, msgid: str, **values):
        return self.page.get_by_role("button", name=self.exact(msgid, **values))

    def link(self, msgid: str, **values):
        return self.page.get_by_role("link", name=self.exact(msgid, **values))

    def open_menu(self) -> None:
        """On a narrow screen the main menu is a disclosure ("Menu"): open it when it is closed."""
        menu = self.page.locator("details.menu-narrow")
        if menu.is_visible() and menu.get_attribute("open") is None:
            menu.locator("summary").click()
            expect(menu).to_have_attribute("open", "")

    def menu_link(self, msgid: str, **values):
        """A link of the main menu, opening the menu first on a narrow screen."""
        self.open_menu()
        return self.page.get_by_role("navigation", name=self.t("Main")).get_by_role(
            "link", name=self.exact(msgid, **values))

    def label(self, msgid: str, **values):
        return self.page.get_by_label(self.t(msgid, **values), exact=True)

    def see(self, text: str) -> None:
        expect(self.page.get_by_text(text, exact=False).filter(visible=True).first).to_be_visible()

    def reveal(self, summary_msgid: str, field, scope=None) -> None:
        """Open the <details> whose summary says ``summary_msgid`` unless ``field`` inside it shows already."""
        summary = (scope or self.page).get_by_text(self.t(summary_msgid), exact=True)
        expect(summary).to_be_visible()  # the page that has it is there (is_visible() does not wait)
        if not field.is_visible():
            summary.click()
        expect(field).to_be_visible()

    def submit(self, button, status: int = 200) -> None:
        """Click a submit button of an htmx form and wait for its POST to answer ``status``
        (for sections that show no "saved" message after an htmx save)."""
        with self.page.expect_response(lambda r: r.request.method == "POST") as answer:
            button.click()
        assert answer.value.status == status, f"{answer.value.url} answered {answer.value.status}"
        self.page.wait_for_load_state()

    def open_stage_page(self, label_msgid: str) -> None:
        """On the workspace page: one of the links under "Work on this stage"."""
        self.page.get_by_role("navigation", name=self.t("Work on this stage")).get_by_role(
            "button", name=self.t(label_msgid), exact=True).click()

    def saved(self, region_msgid: str, message_msgid: str = "Saved.") -> None:
        # Shown in the section, said by the page's one status region (#flashes).
        region = self.page.get_by_role("region", name=self.t(region_msgid))
        expect(region.get_by_text(self.t(message_msgid), exact=True)).to_be_visible()
        expect(self.page.get_by_role("status")).to_have_text(re.compile(r"\S"))  # the action's own words

    def flash(self):
        """The flash region (role=status)."""
        return self.page.locator("#flashes")

    # -- accounts ---------------------------------------------------------------------------------
    def sign_up(self, org_name: str | None = None, org_kind: str | None = None, place: str = "Rivierstad") -> None:
        """Fill the sign-up form that is open now (with or without an invitation)."""
        expect(self.page.get_by_role("heading", name=self.t("Create an account"))).to_be_visible()
        self.label("Your name").fill(self.name)
        self.label("E-mail address").fill(self.email)
        self.label("Password").fill(self.password)
        self.label("Password again").fill(self.password)
        if org_name:
            self.label("Organisation name").fill(org_name)
            self.label("Kind of organisation").select_option(label=self.t(org_kind))
            self.label("Municipality or place").fill(place)
        self.button("Create account").click()
        expect(self.flash()).to_contain_text(self.t("Welcome to Mentorbrug, %(name)s.", name=self.name))

    def log_in(self, email: str | None = None, password: str | None = None) -> None:
        self.goto("/login")
        self.label("E-mail address").fill(email or self.email)
        self.label("Password").fill(password or self.password)
        self.page.get_by_role("main").get_by_role("button", name=self.exact("Log in")).click()
        # In the menu row (wide) or in the closed "Menu" disclosure (narrow): there, in any case.
        expect(self.page.locator("header form[action$='/logout']").first).to_be_attached()

    def log_out(self) -> None:
        self.open_menu()
        self.button("Log out").click()
        expect(self.flash()).to_contain_text(self.t("You are logged out."))


# -- the workspace page (workflow area) ---------------------------------------------------------------

def stage_label(lang: str, code: str) -> str:
    from workflows import STAGES, Stage

    return STAGES[Stage(code)].label.get(lang)


def next_stage(code: str) -> str:
    from workflows import STAGE_ORDER, Stage

    order = [s.value for s in STAGE_ORDER]
    return order[order.index(Stage(code).value) + 1]


class WorkspacePage:
    """The workspace overview as one person sees it: stepper, tasks, progress and the advance button."""

    def __init__(self, person: Person):
        self.person = person
        self.page = person.page

    def open_tab(self, msgid: str) -> None:
        tabs = self.page.get_by_role("navigation", name=self.person.t("Workspace"))
        tabs.get_by_role("link", name=self.person.t(msgid), exact=True).click()

    def stepper(self):
        return self.page.get_by_role("navigation", name=self.person.t("Stages of the collaboration"))

    def expect_stage(self, code: str) -> None:
        current = self.stepper().locator('[aria-current="step"]')
        expect(current).to_have_count(1)
        expect(current).to_contain_text(stage_label(self.person.lang, code))

    def tasks(self):
        return self.page.get_by_role("region", name=self.person.t("Tasks for this stage"))

    def tick_buttons(self, required_only: bool = True, done: bool = False):
        """The tick buttons ("Done: <task>") of the current stage's tasks, by state."""
        items = self.tasks().get_by_role("listitem")
        if required_only:
            items = items.filter(has=self.page.get_by_text(self.person.t("required"), exact=True))
        name = re.compile("^" + re.escape(self.person.t("Done:")))
        return items.get_by_role("button", name=name, pressed=done)

    def tick(self, button) -> str:
        """Tick one task (htmx swaps its row); returns the task's accessible name."""
        name = _normalise(button.text_content())
        button.click()
        expect(self.tasks().get_by_role("button", name=name, exact=True, pressed=True)).to_be_visible()
        return name

    def advance_button(self, code: str):
        from workflows import TRIGGER_LABELS

        lang = self.person.lang
        label = f"{TRIGGER_LABELS['advance'].get(lang)}: {stage_label(lang, next_stage(code))}"
        return self.page.get_by_role("button", name=label, exact=True)

    def advance(self, code: str) -> None:
        """Move from stage ``code`` to the next one (the button must be enabled by now)."""
        button = self.advance_button(code)
        expect(button).to_be_enabled()
        button.click()
        self.expect_stage(next_stage(code))
        expect(self.person.flash()).to_contain_text(stage_label(self.person.lang, next_stage(code)))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
