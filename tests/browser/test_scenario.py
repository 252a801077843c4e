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
    mentor.check("dashboard-empty")

    mentor.button("New workspace").click()
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
    need("ws.stages.tick_task", "ws.stages.fire")
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


def _finish_required_tasks(story, screenshot: str | None = None) -> None:
    """Both leads tick the open required tasks of the current stage, taking turns (each reloads first)."""
    people = [WorkspacePage(story.mentor), WorkspacePage(story.partner)]
    for person in people:
        person.page.goto(story.workspace_url)
    turn = 0
    while True:
        person = people[turn % 2]
        person.person.reload()
        buttons = person.tick_buttons()
        if not buttons.count():
            break
        person.tick(buttons.first)
        turn += 1
    if screenshot:
        people[0].person.check(screenshot)


def test_06_mentor_project_fills_in_its_starting_point_and_moves_on(story):
    story.step()
    need("ws.groundwork.explore", "ws.groundwork.save_explore")
    mentor = story.mentor
    mentor.page.goto(story.workspace_url)
    mentor.page.get_by_role("navigation", name=mentor.t("Work on this stage")).get_by_role(
        "button", name=mentor.t("Explore: capacity, choices and a contact person")).click()
    mentor.check("groundwork-explore")
    mentor.label("Matches running now").fill("24")
    mentor.label("Matches you can handle").fill("30")
    mentor.label("Domain you choose").fill("jeugdhulp" if story.lang == "nl" else "youth care")
    mentor.label("Who looks after the partner relations?").fill("Mira Mentorlead")
    mentor.page.get_by_role("group", name=mentor.t("This person is a")).get_by_label(
        mentor.t("Paid staff member")).check()
    mentor.label("Who coordinates the matches?").fill("Kees Koppelaar")
    mentor.button("Save").click()
    expect(mentor.page.get_by_role("status").filter(has_text=mentor.t("Saved."))).to_be_visible()
    mentor.see(mentor.t("Room for %(n)s more matches.", n=6))

    # The partner reads along.
    story.partner.page.goto(story.workspace_url)
    WorkspacePage(story.partner).open_tab("Groundwork")
    story.partner.see("Kees Koppelaar")
    story.partner.check("groundwork-explore-partner")

    page = WorkspacePage(mentor)
    mentor.page.goto(story.workspace_url)
    page.advance("explore")
    mentor.check("workspace-network")
    story.partner.page.goto(story.workspace_url)
    WorkspacePage(story.partner).expect_stage("network")


def test_07_both_leads_write_joint_notes_and_read_each_others(story):
    story.step()
    need("ws.notes.index", "ws.notes.new")
    notes = {}
    for person, title in [(story.mentor, "Kennismaking" if story.lang == "nl" else "First meeting"),
                          (story.partner, "Wachtlijst" if story.lang == "nl" else "Waiting list")]:
        person.page.goto(story.workspace_url)
        WorkspacePage(person).open_tab("Notes")
        person.reveal("Add a note", person.label("Title"))
        person.label("Title").fill(title)
        person.label("Text of the note").fill(f"{person.name}: **{title}** — 3 mentoren, 2 gesprekken.")
        person.button("Save note").click()
        expect(person.page.get_by_role("status").filter(has_text=person.t("Note saved."))).to_be_visible()
        notes[person.email] = title
    story.partner.check("notes")
    story.mentor.reload()
    expect(story.mentor.page.get_by_role("link", name=notes[story.partner.email], exact=True)).to_be_visible()
    story.mentor.page.get_by_role("link", name=notes[story.partner.email], exact=True).click()
    expect(story.mentor.page.get_by_role("strong").filter(has_text=notes[story.partner.email])).to_be_visible()
    story.mentor.check("note")


def test_08_network_layer_chosen_and_tasks_done_then_values_check(story):
    story.step()
    need("ws.groundwork.network", "ws.groundwork.save_layers")
    mentor = story.mentor
    mentor.page.goto(story.workspace_url)
    WorkspacePage(mentor).expect_stage("network")
    WorkspacePage(mentor).open_tab("Groundwork")
    mentor.page.get_by_role("navigation", name=mentor.t("Groundwork")).get_by_role(
        "link", name=stage_label(story.lang, "network")).click()
    mentor.label("Prevention").check()
    mentor.button("Save layers").click()
    expect(mentor.page.get_by_role("status").filter(has_text=mentor.t("Saved."))).to_be_visible()
    mentor.check("groundwork-network")

    _finish_required_tasks(story)
    WorkspacePage(mentor).advance("network")


def test_09_values_side_by_side_themes_agreed_and_a_case_answered_by_both(story):
    story.step()
    need("ws.groundwork.values_check", "ws.groundwork.save_theme", "ws.groundwork.save_case")
    mentor, partner = story.mentor, story.partner

    def open_values(person):
        person.page.goto(story.workspace_url)
        person.page.get_by_role("navigation", name=person.t("Work on this stage")).get_by_role(
            "button", name=person.t("Values: core values, limits, sensitive themes, a case")).click()

    def saved_in(person, section_title: str):
        # Shown in the section, said by the page's one status region.
        region = person.page.get_by_role("region", name=person.t(section_title))
        expect(region.get_by_text(person.t("Saved."), exact=True)).to_be_visible()
        expect(person.page.get_by_role("status")).to_have_text(re.compile(r"\S"))  # the section's own words

    for person, values in [(mentor, "Vrijwillig, naast de hulp, een jaar lang."),
                           (partner, "Veilig opgroeien, dichtbij huis.")]:
        open_values(person)
        person.label("Our core values").fill(values)
        person.button("Save our values").click()
        saved_in(person, "Core values side by side")

    for theme in ["Openness between mentor and mentee", "Preventing sexual abuse",
                  "How mentors and professionals work together"]:
        article = mentor.page.get_by_role("article", name=mentor.t(theme))
        agreement = article.get_by_label(mentor.t("The agreement we reached"), exact=True)
        mentor.reveal("Write your view and the agreement", agreement, scope=article)
        agreement.fill("Afgesproken: zie notitie.")
        article.get_by_role("button", name=mentor.exact("Save")).click()
        expect(mentor.page.get_by_role("article", name=mentor.t(theme)).get_by_text(
            mentor.t("agreed"), exact=True)).to_be_visible()

    mentor.reveal("Write the case", mentor.label("Title of the case"))
    mentor.label("Title of the case").fill("Sam (15) en de mentor")
    mentor.label("The case").fill("Een verzonnen jongere wil met zijn mentor praten over thuis.")
    mentor.button("Save the case").click()
    saved_in(mentor, "A hypothetical case")
    for person in (mentor, partner):
        open_values(person)
        person.reveal("Your organisation's answers", person.label("Who does what?"))
        person.label("Who does what?").fill("De mentor luistert, de hulpverlener handelt.")
        person.label("What is shared with whom?").fill("Alleen met toestemming van de jongere.")
        person.label("When and how do you escalate?").fill("Bij zorgen direct de coördinator bellen.")
        person.button("Save our answers").click()
        saved_in(person, "A hypothetical case")
    partner.check("groundwork-values")

    _finish_required_tasks(story)
    WorkspacePage(mentor).advance("values_check")
    mentor.check("workspace-decide")


def test_10_the_partners_dashboard_asks_for_their_decision(story):
    story.step()
    need("dashboard.index")
    partner = story.partner
    partner.goto("/")
    card = partner.page.get_by_role("article").filter(
        has=partner.page.get_by_role("link", name=story.title, exact=True))
    expect(card).to_have_count(1)
    expect(card).to_contain_text(stage_label(story.lang, "decide"))
    expect(card).to_contain_text(partner.t("Needs your action"))
    expect(card).to_contain_text(partner.t("your organisation's decision"))
    partner.check("dashboard-partner-decide")


def test_11_both_organisations_decide_yes_and_the_pilot_starts(story):
    story.step()
    need("ws.decide.decide", "ws.decide.record_decision")
    lead = WorkspacePage(story.mentor)
    story.mentor.page.goto(story.workspace_url)
    lead.expect_stage("decide")
    expect(lead.advance_button("decide")).to_be_disabled()
    story.mentor.check("workspace-decide-blocked")
    for person, reasons in [(story.mentor, "Past bij onze mentoren en de doelgroep."),
                            (story.partner, "Vult ons aanbod aan voor jongeren op de wachtlijst.")]:
        person.page.goto(story.workspace_url)
        person.open_stage_page("Decisions of both organisations")
        person.page.get_by_role("group", name=person.t("Our decision")).get_by_label(
            person.t("Yes, we start a joint pilot")).check()
        person.label("Our reasons").fill(reasons)
        person.button("Record our decision").click()
        expect(person.page.get_by_role("paragraph").filter(has_text=reasons)).to_be_visible()
    story.partner.check("decide")
    story.mentor.reload()
    expect(story.mentor.page.get_by_role("paragraph").filter(has_text="Vult ons aanbod aan")).to_be_visible()

    _finish_required_tasks(story)
    lead.advance("decide")
    story.mentor.check("workspace-pilot")


def test_12_pilot_plan_responsibilities_and_an_indicator(story):
    story.step()
    need("ws.pilot.plan", "ws.pilot.save_construction", "ws.pilot.add_indicator")
    mentor, partner = story.mentor, story.partner
    mentor.page.goto(story.workspace_url)
    expect(WorkspacePage(mentor).advance_button("pilot")).to_be_disabled()
    mentor.open_stage_page("Pilot plan")
    expect(mentor.page.get_by_role("heading", name=mentor.t("Pilot plan, round %(n)s", n=1))).to_be_visible()
    if mentor.button("Start a new plan").count():  # a plan may already be waiting with the usual topics
        mentor.button("Start a new plan").click()

    mentor.page.get_by_role("group", name=mentor.t(
        "How the mentor project and the partner work together in this pilot")).get_by_role(
        "radio", name=re.compile(re.escape(mentor.t("Co-production")))).check()
    mentor.submit(mentor.button("Save the form of collaboration"))

    scope = mentor.page.get_by_role("region", name=mentor.t("Scope"))
    scope.get_by_label(mentor.t("Target group"), exact=True).fill("Jongeren 12-16 op de wachtlijst")
    scope.get_by_label(mentor.t("Number of matches"), exact=True).fill("8")
    scope.get_by_label(mentor.t("Start date"), exact=True).fill("2027-02-01")
    scope.get_by_label(mentor.t("End date"), exact=True).fill("2027-12-31")
    mentor.submit(mentor.button("Save the scope"))

    # The partner agrees who carries what, for three topics: a professional.
    partner.page.goto(story.workspace_url)
    partner.open_stage_page("Pilot plan")
    matrix = partner.page.get_by_role("region", name=partner.t("Who is responsible for what"))
    holder = re.compile(": " + re.escape(partner.t("Professional")) + "$")
    for index in range(3):
        row = matrix.get_by_role("row").filter(has=partner.page.get_by_role("radio", name=holder)).nth(index)
        row.get_by_role("radio", name=holder).check()
        partner.submit(row.get_by_role("button", name=partner.exact("Save")))
        expect(matrix.get_by_role("row").filter(has=partner.page.get_by_role("radio", name=holder)).nth(index)
               .get_by_role("radio", name=holder)).to_be_checked()
    partner.check("pilot-plan")

    partner.page.get_by_role("navigation", name=partner.t("Decide, pilot and evaluate")).get_by_role(
        "link", name=partner.t("Indicators"), exact=True).click()
    partner.label("Indicator").fill("Matches na drie maanden" if story.lang == "nl" else "Matches after three months")
    partner.label("Success looks like").fill("6 van de 8 lopen nog")
    partner.label("Failure looks like").fill("Minder dan 4")
    partner.label("Unit").select_option(label=partner.t("Number"))
    partner.label("Target").fill("6")
    partner.label("How it is measured").fill("Telling door de coördinator")
    partner.label("Measured by").fill("Coördinator")
    partner.submit(partner.button("Add the indicator"))
    expect(partner.page.get_by_text(partner.t("No indicators agreed yet."))).to_have_count(0)
    partner.check("pilot-indicators")

    _finish_required_tasks(story)
    mentor.page.goto(story.workspace_url)
    mentor.check("workspace-pilot-ready")
    # The picture in the README (docs/screenshot.png is copied from the English one by hand).
    mentor.page.set_viewport_size({"width": 1280, "height": 1250})
    mentor.checker.screenshot(mentor.page, story.lang, "readme-workspace", full_page=False)
    mentor.page.set_viewport_size({"width": 1280, "height": 900})
    WorkspacePage(mentor).advance("pilot")
    mentor.check("workspace-evaluate")


def test_13_evaluation_written_shared_and_commented_on_by_the_observer(story):
    story.step()
    need("ws.evaluation.evaluation", "ws.evaluation.share_evaluation", "ws.evaluation.add_comment")
    mentor, observer = story.mentor, story.observer
    mentor.page.goto(story.workspace_url)
    mentor.open_stage_page("Evaluation and comments")
    mentor.label("Measured value").fill("7")
    mentor.label("Views of the mentors").fill("Mentoren voelden zich welkom bij het wijkteam.")
    mentor.label("Views of the young people").fill("Jongeren waardeerden iemand buiten de hulp.")
    mentor.label("Strengths we saw in the young people").fill("Doorzettingsvermogen, humor.")
    mentor.button("Save the draft").click()
    expect(mentor.page.get_by_text(mentor.t("Draft: not shared yet"))).to_be_visible()
    mentor.page.get_by_text(mentor.t("Share the evaluation"), exact=True).click()
    mentor.button("Yes, share it").click()
    # Shared: read-only from now on.
    expect(mentor.page.get_by_text(mentor.t("Draft: not shared yet"))).to_have_count(0)
    expect(mentor.button("Save the draft")).to_have_count(0)
    mentor.check("evaluation-shared")

    observer.page.goto(story.workspace_url)
    observer.open_stage_page("Evaluation and comments")
    comment = "Mooi resultaat; let op de nazorg." if story.lang == "nl" else "Good result; mind the aftercare."
    observer.label("Comment").fill(comment)
    observer.button("Post the comment").click()
    expect(observer.page.get_by_role("region", name=observer.t("Comments")).get_by_text(comment)).to_be_visible()
    observer.check("evaluation-observer")
    # The observer changes nothing else: no tick buttons, no advance button on the workspace page.
    observer.page.goto(story.workspace_url)
    expect(WorkspacePage(observer).tick_buttons(required_only=False)).to_have_count(0)
    expect(WorkspacePage(observer).advance_button("evaluate")).to_have_count(0)

    mentor.page.goto(story.workspace_url)
    mentor.open_stage_page("Evaluation and comments")
    expect(mentor.page.get_by_text(comment)).to_be_visible()
    _finish_required_tasks(story)
    WorkspacePage(mentor).advance("evaluate")
    mentor.check("workspace-continue")


def test_14_they_carry_on_for_good_and_close_the_workspace_as_structural(story):
    story.step()
    need("ws.stages.fire", "ws.evaluation.continue_page")
    mentor = story.mentor
    mentor.page.goto(story.workspace_url)
    mentor.open_stage_page("Choose how to go on")
    mentor.check("continue")
    mentor.page.goto(story.workspace_url)
    _finish_required_tasks(story)
    from workflows import TRIGGER_LABELS, Outcome

    close = TRIGGER_LABELS["close"].get(story.lang)
    actions = mentor.page.get_by_role("region", name=mentor.t("Other steps for leads"))
    actions.get_by_text(close, exact=True).first.click()  # the summary of its <details>
    # Only the opened <details> shows its fields (every step of "Other steps" has a Reason).
    actions.get_by_label(mentor.t("Reason"), exact=True).filter(visible=True).fill(
        "De pilot werkt: we gaan structureel verder.")
    actions.get_by_label(Outcome.STRUCTURAL.label.get(story.lang)).filter(visible=True).check()
    actions.get_by_role("button", name=close, exact=True).filter(visible=True).click()
    expect(mentor.flash()).to_contain_text(stage_label(story.lang, "closed"))
    expect(mentor.page.get_by_text(Outcome.STRUCTURAL.label.get(story.lang))).to_be_visible()
    mentor.check("workspace-closed")

    for person in (story.partner, story.observer):
        person.page.goto(story.workspace_url)
        expect(person.page.get_by_text(Outcome.STRUCTURAL.label.get(story.lang))).to_be_visible()
