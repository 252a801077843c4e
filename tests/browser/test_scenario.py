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

from .actors import Person
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
    pytest.skip("observer invitation step: waiting for the people page to be committed")
