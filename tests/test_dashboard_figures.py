"""The dashboard's figures against a seeded data set: days in stage, task progress, overdue counts, awaited
decisions, last activity, stalled and "needs my action" markers, visibility, empty states and charts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests import factories_dashboard as fd
from workspace.dashboard.figures import dashboard_rows, local_today
from workspace.dbtypes import utcnow
from workspace.orgs.models import OrgKind, OrgRole
from workspace.tenancy.models import Role


def card(page: str, workspace_id: int) -> str:
    """The HTML of one workspace's card on the dashboard."""
    marker = f'id="ws-row-{workspace_id}"'
    assert marker in page, f"workspace {workspace_id} is not on the page"
    return page.split(marker, 1)[1].split('<li id="ws-row-', 1)[0]


@pytest.fixture
def world(make):
    """One mentor project with four workspaces (two partners) and a stranger's workspace."""
    now, today = utcnow(), local_today()
    mentor = make.org("Samen Verder", kind=OrgKind.MENTOR_PROJECT)
    wijkteam = make.org("Wijkteam Oost", kind=OrgKind.WIJKTEAM)
    school = make.org("Het Lyceum", kind=OrgKind.SCHOOL)
    lead = make.user(name="Lea Lead", org=mentor, org_role=OrgRole.MEMBER)
    member = make.user(name="Mo Member", org=mentor)
    partner_lead = make.user(name="Pia Partner", org=wijkteam)
    observer = make.user(name="Olga Observer", org=make.org(kind=OrgKind.OTHER))

    alpha = fd.workspace_between(mentor, wijkteam, "Alpha", stage="network", entered=now - timedelta(days=10, hours=2),
                                 people=[(lead, Role.LEAD, mentor), (member, Role.MEMBER, mentor),
                                         (partner_lead, Role.LEAD, wijkteam), (observer, Role.OBSERVER, None)])
    fd.clear_tasks(alpha)
    fd.task(alpha, "A1 done", required=True, done=True)
    fd.task(alpha, "A2 overdue", required=True, due=today - timedelta(days=1))
    fd.task(alpha, "A3 for Mo", required=True, due=today + timedelta(days=3), assignee=member)
    fd.task(alpha, "A4 late but done", due=today - timedelta(days=2), done=True)
    fd.task(alpha, "Old explore task", stage="explore", due=today - timedelta(days=40))  # earlier stage: ignored
    fd.activity(alpha, now - timedelta(hours=3))
    fd.activity(alpha, now - timedelta(hours=1), visible_to_org_id=wijkteam.id)  # partner-internal

    beta = fd.workspace_between(mentor, school, "Beta", stage="decide", entered=now - timedelta(days=70),
                                people=[(lead, Role.LEAD, mentor)])
    fd.clear_tasks(beta)
    gamma = fd.workspace_between(mentor, wijkteam, "Gamma", stage="decide", entered=now - timedelta(days=5),
                                 people=[(lead, Role.LEAD, mentor), (observer, Role.OBSERVER, None)])
    fd.clear_tasks(gamma)
    delta = fd.workspace_between(mentor, school, "Delta", stage="closed", entered=now - timedelta(days=100),
                                 people=[(lead, Role.LEAD, mentor)])
    stranger = make.workspace(title="Someone else's")
    return dict(now=now, today=today, mentor=mentor, wijkteam=wijkteam, school=school, lead=lead, member=member,
                partner_lead=partner_lead, observer=observer, alpha=alpha, beta=beta, gamma=gamma, delta=delta,
                stranger=stranger)


def by_title(rows):
    return {r.workspace.title: r for r in rows}


def test_home_sends_logged_in_people_to_the_dashboard(client, make, login_as):
    assert client.get("/").status_code == 200  # the welcome page for visitors
    login_as(make.user())
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    assert client.get("/dashboard/workspaces/").status_code == 200  # the plain list still works


def test_anonymous_is_sent_to_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_figures_per_workspace(app, world):
    rows = by_title(dashboard_rows(world["lead"].id))
    assert set(rows) == {"Alpha", "Beta", "Gamma", "Delta"}  # never the stranger's workspace

    alpha = rows["Alpha"]
    assert (alpha.tasks_total, alpha.tasks_done, alpha.required_left, alpha.overdue) == (4, 2, 2, 1)
    assert alpha.days_in_stage == 10
    assert alpha.stalled and not alpha.stalled_for_days  # stalled through the overdue task
    assert alpha.needs_my_action and alpha.reasons == ["stalled"]
    assert alpha.awaited_sides == ()
    # the partner's internal activity (1 hour ago) is not the lead's to see
    assert abs((alpha.last_activity - (world["now"] - timedelta(hours=3))).total_seconds()) < 2

    beta = rows["Beta"]
    assert beta.days_in_stage == 70 and beta.stalled_for_days and beta.stalled
    assert beta.awaited_sides == ("mentor", "partner")
    assert beta.awaited_orgs == ["Samen Verder", "Het Lyceum"]
    assert beta.reasons == ["stalled", "my_decision"]
    assert beta.last_activity is None

    gamma = rows["Gamma"]
    assert gamma.days_in_stage == 5 and not gamma.stalled
    assert gamma.reasons == ["my_decision"]

    delta = rows["Delta"]
    assert delta.is_closed and not delta.stalled and not delta.needs_my_action
    assert delta.days_in_stage == 100


def test_the_partner_sees_its_own_internal_activity(app, world):
    rows = by_title(dashboard_rows(world["partner_lead"].id))
    assert set(rows) == {"Alpha"}
    alpha = rows["Alpha"]
    assert abs((alpha.last_activity - (world["now"] - timedelta(hours=1))).total_seconds()) < 2


def test_member_and_observer_figures(app, world):
    member_rows = by_title(dashboard_rows(world["member"].id))
    assert set(member_rows) == {"Alpha"}
    assert member_rows["Alpha"].my_open_tasks == 1
    assert member_rows["Alpha"].reasons == ["my_tasks"]  # members do not act on a stall

    observer_rows = by_title(dashboard_rows(world["observer"].id))
    assert set(observer_rows) == {"Alpha", "Gamma"}
    assert not any(r.needs_my_action for r in observer_rows.values())
    assert observer_rows["Gamma"].awaited_sides == ("mentor", "partner")  # shown, but not theirs to give


def test_stall_days_is_configurable(app, world):
    app.config["STALL_DAYS"] = 5
    try:
        rows = by_title(dashboard_rows(world["lead"].id))
        assert rows["Alpha"].stalled_for_days  # 10 > 5
        assert not rows["Gamma"].stalled_for_days  # 5 is not more than 5
    finally:
        app.config["STALL_DAYS"] = 60


def test_recorded_decisions_narrow_whose_decision_is_awaited(app, world):
    pytest.importorskip("workspace.pilot.models")
    fd.decision(world["beta"], "partner", "yes")
    fd.decision(world["gamma"], "mentor", "no")
    fd.decision(world["gamma"], "partner", "yes")
    rows = by_title(dashboard_rows(world["lead"].id))
    assert rows["Beta"].awaited_sides == ("mentor",)
    assert rows["Beta"].awaited_orgs == ["Samen Verder"]
    assert rows["Gamma"].awaited_sides == ()
    assert "my_decision" not in rows["Gamma"].reasons


def test_the_page_shows_the_figures(client, login_as, world):
    login_as(world["lead"])
    page = client.get("/dashboard/?lang=en").get_data(as_text=True)
    alpha = card(page, world["alpha"].id)
    assert "Alpha" in alpha and "Wijkteam Oost" in alpha
    assert "2 of 4 done" in alpha
    assert re.search(r"Required tasks left</dt>\s*<dd>2</dd>", alpha)
    assert re.search(r"Overdue tasks</dt>\s*<dd class=\"figure-alert\">1</dd>", alpha)
    assert "10 days" in alpha
    assert "Stalled" in alpha and "Needs your action" in alpha
    assert 'aria-current="step"' in alpha  # the mini stepper marks the current stage
    beta = card(page, world["beta"].id)
    assert "70 days" in beta and "Decision awaited from" in beta
    assert "Samen Verder, Het Lyceum" in beta
    delta = card(page, world["delta"].id)
    assert "Closed" in delta and "Stalled" not in delta
    assert "Someone else" not in page
    assert " style=" not in page  # strict CSP: no inline styles


def test_the_page_in_dutch(client, login_as, world):
    login_as(world["lead"])
    page = client.get("/dashboard/?lang=nl").get_data(as_text=True)
    alpha = card(page, world["alpha"].id)
    assert "2 van 4 klaar" in alpha and "10 dagen" in alpha and "Vastgelopen" in alpha


def test_most_urgent_first_by_default(client, login_as, world):
    login_as(world["lead"])
    page = client.get("/dashboard/?lang=en").get_data(as_text=True)
    order = [int(i) for i in re.findall(r'id="ws-row-(\d+)"', page)]
    ids = {k: world[k].id for k in ("alpha", "beta", "gamma", "delta")}
    # needs action + stalled (Beta 70 days before Alpha 10 days... Alpha has overdue tasks first), then Gamma,
    # closed last
    assert order[-1] == ids["delta"]
    assert order.index(ids["gamma"]) > order.index(ids["alpha"])
    assert order.index(ids["gamma"]) > order.index(ids["beta"])


def test_empty_state_for_someone_without_workspaces(client, make, login_as):
    login_as(make.user(org=make.org(kind=OrgKind.MENTOR_PROJECT)))
    page = client.get("/dashboard/?lang=en").get_data(as_text=True)
    assert "No workspaces yet" in page
    assert "/dashboard/workspaces/new" in page and "/import/" in page  # what to do next
    assert "<svg" not in page  # no empty charts


def test_empty_state_for_a_partner_tells_them_to_wait_for_an_invitation(client, make, login_as):
    login_as(make.user(org=make.org(kind=OrgKind.WIJKTEAM)))
    page = client.get("/dashboard/?lang=en").get_data(as_text=True)
    assert "No workspaces yet" in page and "invitation" in page
    assert "/dashboard/workspaces/new" not in page


def test_org_admin_sees_their_organisations_workspaces_read_only(client, make, login_as, world):
    admin = make.user(org=world["school"], org_role=OrgRole.ADMIN)
    rows = by_title(dashboard_rows(admin.id))
    assert set(rows) == {"Beta", "Delta"}
    assert rows["Beta"].role == "admin_viewer" and not rows["Beta"].needs_my_action
    login_as(admin)
    assert "administrator, read only" in client.get("/dashboard/?lang=en").get_data(as_text=True)


def test_charts_are_accessible_svg_with_a_table(client, login_as, world):
    now = world["now"]
    for space, days in ((world["alpha"], 4), (world["beta"], 10), (world["gamma"], 6)):
        fd.clear_history(space)
        fd.stage_change(space, None, "explore", now - timedelta(days=days + 30))
        fd.stage_change(space, "explore", "network", now - timedelta(days=30))
    login_as(world["lead"])
    page = client.get("/dashboard/?lang=en").get_data(as_text=True)
    for key in ("stages", "median-days", "tasks-per-week"):
        figure = page.split(f'id="chart-{key}"', 1)[1].split("</figure>", 1)[0]
        assert 'role="img"' in figure
        assert f'aria-labelledby="chart-{key}-title chart-{key}-desc"' in figure
        assert f'<title id="chart-{key}-title">' in figure and f'<desc id="chart-{key}-desc">' in figure
        assert "<table" in figure and '<th scope="row">' in figure
    stages = page.split('id="chart-stages"', 1)[1].split("</figure>", 1)[0]
    assert "Decide: 2" in stages and "Network: 1" in stages and "Closed: 1" in stages
    median = page.split('id="chart-median-days"', 1)[1].split("</figure>", 1)[0]
    assert "Explore: 6 days (3 finished)" in median  # median of 4, 6 and 10
    weeks = page.split('id="chart-tasks-per-week"', 1)[1].split("</figure>", 1)[0]
    assert weeks.count('<th scope="row">') == 12
    assert "<script" not in page.split("<main", 1)[1]


def test_tasks_done_per_week_counts_ticks_in_visible_workspaces(app, world):
    from workspace.dashboard.charts import tasks_done_per_week

    today, now = world["today"], world["now"]
    fd.task(world["alpha"], "last week", done_at=now - timedelta(days=7))
    fd.task(world["alpha"], "long ago", done_at=now - timedelta(days=200))
    fd.task(world["stranger"].workspace, "not mine", done_at=now)
    weeks = tasks_done_per_week(world["lead"].id, today)
    assert len(weeks) == 12
    assert sum(n for _monday, n in weeks) == 3  # A1, A4 (today) and "last week"
    assert weeks[-1][1] == 2


@pytest.mark.parametrize(("old", "new"), [("/workspaces/", "/dashboard/workspaces/"),
                                          ("/workspaces/?lang=en", "/dashboard/workspaces/?lang=en"),
                                          ("/workspaces/new", "/dashboard/workspaces/new")])
def test_the_old_workspace_addresses_redirect(client, make, login_as, old, new):
    """The list and "new workspace" moved into the dashboard; bookmarks of the old addresses keep working."""
    login_as(make.user(org=make.org()))
    response = client.get(old)
    assert response.status_code == 308 and response.headers["Location"].endswith(new)
    assert client.get(old, follow_redirects=True).status_code == 200
    posted = client.post("/workspaces/new", data={"title": ""})
    assert posted.status_code == 308 and posted.headers["Location"].endswith("/dashboard/workspaces/new")
