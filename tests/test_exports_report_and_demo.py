"""The demo content of the decide, pilot and evaluation areas, and the printable report's print rules."""

from pathlib import Path

from sqlalchemy import func, select

from tests.factories_pilot import url
from workspace.decide import services as decide_svc
from workspace.decide.demo import fill_demo_workspace as fill_decisions
from workspace.decide.models import Decision
from workspace.demo import WORKSPACE_TITLES, seed_demo
from workspace.evaluation import services as evaluation_svc
from workspace.evaluation.demo import fill_demo_workspace as fill_evaluation
from workspace.evaluation.models import Evaluation
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.demo import fill_demo_workspace as fill_plan
from workspace.pilot.models import Indicator
from workspace.tenancy.models import Workspace


def _workspace(index: int) -> Workspace:
    return db.session.scalar(select(Workspace).where(Workspace.title == WORKSPACE_TITLES[index]))


def test_demo_workspaces_get_decisions_plan_indicators_and_evaluation(app):
    seed_demo()
    deciding = _workspace(1)
    assert deciding.stage == "decide"
    part = decide_svc.snapshot_part(deciding)
    assert (part["decision_mentor"], part["decision_partner"]) == ("yes", None)

    evaluating = _workspace(2)
    assert evaluating.stage == "evaluate"
    plan = svc.plan_for(evaluating.id, 1)
    assert plan.construction and plan.start_date and plan.end_date
    assert sum(1 for row in svc.responsibilities(evaluating.id, 1) if row.holder) >= 3
    assert svc.indicators(evaluating.id, 1) and svc.is_frozen(evaluating.id, 1)
    part = evaluation_svc.snapshot_part(evaluating)
    assert not part["evaluation_shared"] and part["evaluation_has_mentor_views"]
    assert db.session.scalar(select(Evaluation).where(Evaluation.workspace_id == evaluating.id)) is not None

    declined = _workspace(3)
    assert (declined.stage, declined.outcome) == ("closed", "declined")
    cycle = decide_svc.current_cycle(declined)
    assert decide_svc.current_decisions(cycle)["partner"].answer == "no" and cycle.referral_agreement
    assert evaluation_svc.closing_summary(declined)["referral_agreement"] == cycle.referral_agreement


def test_demo_content_is_idempotent(app):
    seed_demo()
    counts = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Decision, Indicator, Evaluation))
    seed_demo()
    users = {}
    from workspace.accounts.models import User

    for user in db.session.scalars(select(User)):
        users[user.email] = user
    for index in range(4):  # run the hook itself again, as a second seeding of existing workspaces would
        for fill in (fill_plan, fill_decisions, fill_evaluation):
            fill(_workspace(index), index=index, users=users)
    db.session.commit()
    assert tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Decision, Indicator, Evaluation)) == counts


def test_demo_pages_render(app, client):
    seed_demo()
    client.post("/login", data={"email": "observer@advies.example", "password": "mentorbrug-demo"})
    for index in (1, 2, 3):
        workspace = _workspace(index)
        for path in ("pilot/", "decide/", "pilot/plan", "pilot/indicators", "evaluation/", "evaluation/next-steps", "export/report"):
            response = client.get(f"/w/{workspace.id}/{path}")
            assert response.status_code == 200, (index, path)


def test_the_report_has_a_print_stylesheet(app, client, make, login_as):
    css = (Path(app.root_path) / "assets" / "app.css").read_text()
    assert "/* pilot" in css and "@media print" in css.split("/* pilot", 1)[1]
    cast = make.workspace(stage="decide")
    login_as(cast.partner_member)
    page = client.get(url(cast, "export/report")).get_data(as_text=True)
    assert 'class="report"' in page and "app.css" in page
