"""Two organisations work through a whole workspace in a real browser, once in Dutch and once in English.

The mentor project's lead and the partner's lead each sign up as new users, in their own browser context;
an observer joins later. Everything is found by role, label or visible text. The steps run in order and share
the people (the ``story`` fixture); once a step fails, the rest of that language's run is skipped. A step
whose feature is not built yet is skipped with the missing endpoint as the reason.

Adding a step: write ``test_NN_what_happens(story)``, start it with ``story.step()`` and ``need(...)``.
"""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from .actors import Person, WorkspacePage, stage_label
from .features import need

pytestmark = pytest.mark.browser

LANGS = ["nl", "en"]
INVITATION_LINK = re.compile(r"https?://\S+/invitations/[\w\-]+")
_serial = itertools.count(1)


class Story:
    """The people of one run and what they made."""

    def __init__(self, lang: str, browser, base_url: str, checker):
        self.lang = lang
        self.broken_at: str | None = None
        self._contexts = []
        n = next(_serial)

        def person(name: str, email: str) -> Person:
            context = browser.new_context(base_url=base_url, locale="nl-NL" if lang == "nl" else "en-GB",
                                          viewport={"width": 1280, "height": 900})
            context.set_default_timeout(10_000)
            self._contexts.append(context)
            return Person(context.new_page(), lang, checker, name=name, email=email)

        self.mentor = person("Mira Mentorlead", f"mira.{lang}{n}@samen-verder.example")
        self.partner = person("Pim Partnerlead", f"pim.{lang}{n}@wijkteam.example")
        self.observer = person("Olga Observer", f"olga.{lang}{n}@adviespunt.example")
        self.mentor_org = f"Samen Sterk {lang.upper()}"
        self.partner_org = f"Wijkteam Oost {lang.upper()}"
        self.title = "Mentoren voor de wachtlijst" if lang == "nl" else "Mentors for the waiting list"
        self.workspace_url: str | None = None

    def step(self) -> None:
        if self.broken_at:
            pytest.skip(f"an earlier step failed: {self.broken_at}")

    def everyone(self) -> list[Person]:
        return [self.mentor, self.partner, self.observer]

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture(scope="module", params=LANGS)
def story(request, browser, live_server, checker):
    run = Story(request.param, browser, live_server.url, checker)
    yield run
    run.close()


def test_01_mentor_lead_signs_up_and_starts_a_workspace(story):
    story.step()
    mentor = story.mentor
    mentor.goto("/")
    mentor.check("welcome")
    mentor.page.get_by_role("navigation", name=mentor.t("Main")).get_by_role(
        "link", name=mentor.exact("Sign up")).click()
    mentor.check("signup")
    mentor.sign_up(org_name=story.mentor_org, org_kind="Mentor project")
    mentor.check("workspaces-empty")

    mentor.button("Start a workspace").click()
    mentor.check("workspace-new")
    mentor.label("Title").fill(story.title)
    mentor.label("Partner organisation").select_option(
        label=mentor.t("A new partner (their lead names the organisation on joining)"))
    mentor.label("E-mail address of the partner's lead").fill(story.partner.email)
    mentor.button("Create workspace").click()

    expect(mentor.flash()).to_contain_text(mentor.t("Workspace created."))
    expect(mentor.page.get_by_role("heading", level=1)).to_have_text(story.title)
    story.workspace_url = mentor.page.url.split("?")[0]
    story.partner_link = INVITATION_LINK.search(mentor.flash().inner_text()).group(0)
    mentor.check("workspace-created")


def test_02_partner_lead_signs_up_through_the_invitation_and_names_the_organisation(story):
    story.step()
    partner = story.partner
    partner.goto(story.partner_link)
    partner.check("invitation")
    expect(partner.page.get_by_text(story.title)).to_be_visible()
    partner.button("Create an account").click()
    partner.sign_up()

    expect(partner.page.get_by_role("heading", name=partner.t("Accept the invitation"))).to_be_visible()
    partner.check("invitation-accept")
    partner.page.get_by_label(partner.t("A new organisation"), exact=True).check()
    partner.label("Organisation name").fill(story.partner_org)
    partner.label("Kind of organisation").select_option(label=partner.t("Neighbourhood team (wijkteam)"))
    partner.label("Municipality or place").fill("Rivierstad")
    partner.button("Accept invitation").click()

    expect(partner.flash()).to_contain_text(partner.t("Invitation accepted. Welcome!"))
    expect(partner.page.get_by_role("heading", level=1)).to_have_text(story.title)
    partner.see(story.mentor_org)
    partner.check("workspace-partner")


def test_03_each_lead_sees_the_other_after_a_reload(story):
    story.step()
    mentor, partner = story.mentor, story.partner
    mentor.reload()
    mentor.see(story.partner_org)
    mentor.see(partner.name)
    partner.page.goto(story.workspace_url)
    partner.see(mentor.name)


def test_04_mentor_lead_invites_an_observer_who_joins(story):
    story.step()
    need("ws.people.index", "ws.people.invite")
    mentor, observer = story.mentor, story.observer
    mentor.page.goto(story.workspace_url)
    WorkspacePage(mentor).open_tab("People")
    mentor.check("people")
    mentor.label("E-mail address").fill(observer.email)
    mentor.label("Role").select_option(label=mentor.t("Observer"))
    mentor.button("Invite").click()
    link = mentor.page.get_by_label(mentor.t(
        "Invitation link (valid for 14 days, works once). Copy it and send it to the person you invited:"))
    link_value = link.input_value()
    assert INVITATION_LINK.fullmatch(link_value), link_value
    mentor.check("people-invited")

    observer.goto(link_value)
    observer.button("Create an account").click()
    observer.sign_up()
    observer.page.get_by_label(observer.t("A new organisation"), exact=True).check()
    observer.label("Organisation name").fill("Adviespunt Mentoring " + story.lang.upper())
    observer.label("Kind of organisation").select_option(label=observer.t("Other"))
    observer.button("Accept invitation").click()
    expect(observer.flash()).to_contain_text(observer.t("Invitation accepted. Welcome!"))
    expect(observer.page.get_by_role("heading", level=1)).to_have_text(story.title)
    observer.check("workspace-observer")

    mentor.reload()
    mentor.see(observer.name)


def test_05_explore_blocked_first_then_both_leads_tick_the_tasks(story):
    story.step()
    need("ws.workflow.tick_task", "ws.workflow.fire")
    mentor, partner = WorkspacePage(story.mentor), WorkspacePage(story.partner)
    story.mentor.page.goto(story.workspace_url)
    mentor.expect_stage("explore")
    # Not ready: the advance button is disabled and says why, next to it.
    expect(mentor.advance_button("explore")).to_be_disabled()
    story.mentor.see(story.mentor.t("Before moving on to %(stage)s:", stage=stage_label(story.lang, "network")))
    story.mentor.check("workspace-explore-blocked")

    # The two leads share the required tasks; each sees the other's ticks after a reload.
    ticked_by_mentor = None
    story.partner.page.goto(story.workspace_url)
    partner_tick = partner.tick(partner.tick_buttons().first)
    story.partner.check("workspace-explore-ticked")
    story.mentor.reload()
    expect(mentor.tasks().get_by_role("button", name=partner_tick, exact=True, pressed=True)).to_be_visible()
    while mentor.tick_buttons().count():
        ticked_by_mentor = mentor.tick(mentor.tick_buttons().first)
    story.partner.reload()
    expect(partner.tasks().get_by_role("button", name=ticked_by_mentor, exact=True, pressed=True)).to_be_visible()
