"""The whole path through the browser's forms, transitions included (the workflow's own fire endpoint): both
yes → pilot → evaluate → continue → a second round → stop with an exit plan; the report shows all of it.
And: an observer can comment and is refused everything else in this area."""

import pytest
from sqlalchemy import func, select

from tests.factories_pilot import decide, evaluation_ready, ind, indicator, plan_ready, scope, tick_tasks, url
from workspace.activity.models import Activity
from workspace.decide.models import Decision, DecisionCycle
from workspace.evaluation.models import Evaluation, EvaluationComment, ExitMatch, ExitPlan
from workspace.extensions import db
from workspace.pilot import services as svc
from workspace.pilot.models import CheckIn, Indicator, PilotPlan, PracticalNeed, ResponsibilityRow
from workspace.tenancy.models import Workspace

INDICATOR = {"name": "Matches lasting four months", "success": "Six of eight still run",
             "failure": "Fewer than four", "unit": "number", "target": "6", "how_measured": "Match records",
             "measured_by": "Coordinator"}


def _fire(client, cast, trigger, **data):
    """A lead presses a transition button (the confirmation already given)."""
    db.session.expire_all()
    workspace = db.session.get(Workspace, cast.workspace.id)
    tick_tasks(workspace)
    response = client.post(f"/w/{workspace.id}/workflow/fire/{trigger}", data={
        "expected_stage": workspace.stage, "expected_round": str(workspace.round), "confirmed": "1", **data})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    db.session.expire_all()
    return db.session.get(Workspace, cast.workspace.id)


def _switch(client, login_as, user):
    client.post("/logout")
    login_as(user)


def test_yes_yes_pilot_evaluate_second_round_and_stop(client, make, login_as):
    cast = make.workspace(stage="decide")
    ws = cast.workspace.id
    # decide: both yes
    login_as(cast.mentor_lead)
    client.post(url(cast, "decide/mentor"), data={"answer": "yes", "reasons": "Room for ten matches."})
    _switch(client, login_as, cast.partner_lead)
    client.post(url(cast, "decide/partner"), data={"answer": "yes", "reasons": "Fits our waiting list."})
    assert _fire(client, cast, "advance").stage == "pilot"

    # pilot: plan + indicator by members
    _switch(client, login_as, cast.partner_member)
    client.post(url(cast, "pilot/plan/construction"), data={"construction": "embedded",
                                                      "construction_note": "Mentors join the wijkteam's way of working."})
    client.post(url(cast, "pilot/plan/scope"), data=scope({"target_group": "Waiting list, 12-16", "place": "Noord",
                                                     "matches": "6", "start_date": "2026-02-01",
                                                     "end_date": "2026-07-31", "phases": ["during"]}))
    for row in db.session.scalars(select(ResponsibilityRow).where(ResponsibilityRow.workspace_id == ws)).all()[:4]:
        client.post(url(cast, f"pilot/plan/responsibilities/{row.id}"),
                    data={f"r{row.id}-holder": "professional", f"r{row.id}-note": f"Agreed on {row.topic}"})
    need = db.session.scalar(select(PracticalNeed).where(PracticalNeed.kind == "intervision"))
    client.post(url(cast, f"pilot/plan/needs/{need.id}"), data={f"n{need.id}-owner": str(cast.partner_member.id),
                                                          f"n{need.id}-status": "arranged",
                                                          f"n{need.id}-note": "Monthly intervision"})
    client.post(url(cast, "pilot/plan/check-ins"), data={"on_date": "2026-02-14", "topic": "First experiences"})
    assert client.post(url(cast, "pilot/indicators"), data=ind(INDICATOR)).status_code == 302
    _switch(client, login_as, cast.mentor_lead)
    assert _fire(client, cast, "advance").stage == "evaluate"
    assert db.session.scalar(select(PilotPlan.indicators_frozen_at)) is not None

    # evaluate: members write, an observer comments, a lead shares
    _switch(client, login_as, cast.mentor_member)
    indicator_id = db.session.scalar(select(Indicator.id))
    client.post(url(cast, "evaluation/"), data={
        "process_text": "Slow start, good end.", "effects": "Five matches ran all through.",
        "mentor_views": "Mentors felt supported.", "mentee_views": "Young people liked the walks.",
        "professional_views": "Less pressure on the waiting list.", "strengths": "Creative and persistent.",
        "lessons_mentor": "Start training earlier.", "lessons_partner": "Refer in pairs.",
        f"value_{indicator_id}": "5", f"comment_{indicator_id}": "One moved away"})
    _switch(client, login_as, cast.observer)
    assert client.post(url(cast, "evaluation/1/comments"), data={"body": "Impressive for a first round."}).status_code == 302
    _switch(client, login_as, cast.partner_lead)
    assert client.post(url(cast, "evaluation/share")).status_code == 302
    assert _fire(client, cast, "advance").stage == "continue"

    # a second round, from the first round's plan
    workspace = _fire(client, cast, "new_round")
    assert (workspace.stage, workspace.round) == ("pilot", 2)
    _switch(client, login_as, cast.mentor_member)
    client.post(url(cast, "pilot/plan/scope"), data=scope({"target_group": "Waiting list, 12-16", "place": "Noord",
                                                     "matches": "8", "start_date": "2026-09-01",
                                                     "end_date": "2027-02-28", "phases": ["during", "after"]}))
    _switch(client, login_as, cast.mentor_lead)
    assert _fire(client, cast, "advance").stage == "evaluate"
    evaluation_ready(cast, 2, shared=True)
    assert _fire(client, cast, "advance").stage == "continue"

    # stop, with an exit plan
    client.post(url(cast, "evaluation/exit-plan"), data={"approach": "Six more weeks and a goodbye meeting."})
    client.post(url(cast, "evaluation/exit-plan/matches"), data={"label": "match A", "how": "Goodbye walk",
                                                      "end_by": "2027-04-01"})
    workspace = _fire(client, cast, "close", outcome="stopped", reason="Funding ends.")
    assert (workspace.stage, workspace.outcome) == ("closed", "stopped")

    # the printable report renders all of it, per round
    page = client.get(url(cast, "export/report?lang=en")).get_data(as_text=True)
    for text in ("Room for ten matches.", "Fits our waiting list.", "Embedded in the partner", "Waiting list, 12-16",
                 "Agreed on", "Monthly intervision", "First experiences", "Matches lasting four months",
                 "Six of eight still run", "One moved away", "Slow start, good end.", "Mentors felt supported.",
                 "Young people liked the walks.", "Less pressure on the waiting list.", "Creative and persistent.",
                 "Start training earlier.", "Refer in pairs.", "Impressive for a first round.",
                 "Pilot round 1", "Pilot round 2", "Six more weeks and a goodbye meeting.", "Goodbye walk"):
        assert text in page, text
    assert ">5<" in page.replace(" ", "") or "5\n" in page
    round_one = client.get(url(cast, "export/report?round=1&lang=en")).get_data(as_text=True)
    assert "Pilot round 1" in round_one and "Pilot round 2" not in round_one
    dutch = client.get(url(cast, "export/report?lang=nl")).get_data(as_text=True)
    assert "Pilotronde 1" in dutch


def test_yes_no_closes_with_the_referral_agreement(client, make, login_as):
    cast = make.workspace(stage="decide")
    login_as(cast.mentor_lead)
    client.post(url(cast, "decide/mentor"), data={"answer": "yes", "reasons": "We are ready."})
    _switch(client, login_as, cast.partner_lead)
    client.post(url(cast, "decide/partner"), data={"answer": "no", "reasons": "Own group programme this year."})
    client.post(url(cast, "decide/referral"), data={"referral_agreement": "One contact person at the wijkteam."})
    workspace = _fire(client, cast, "decline", reason="The partner said no.")
    assert (workspace.stage, workspace.outcome) == ("closed", "declined")
    for path in ("pilot/", "decide/", "export/report"):
        assert "One contact person at the wijkteam." in client.get(url(cast, path)).get_data(as_text=True)


@pytest.fixture
def full(make):
    """A workspace at the evaluate stage with content everywhere, for the observer to try."""
    cast = make.workspace(stage="evaluate")
    plan_ready(cast)
    decide(cast, "mentor", "yes")
    evaluation = evaluation_ready(cast)
    comment = EvaluationComment(workspace_id=cast.workspace.id, evaluation_id=evaluation.id,
                                author_id=cast.mentor_member.id, body="Looks good.")
    plan = svc.plan_for(cast.workspace.id, 1)
    db.session.add_all([comment, CheckIn(workspace_id=cast.workspace.id, round=1, on_date=plan.start_date,
                                         topic="Kick-off")])
    exit_plan = ExitPlan(workspace_id=cast.workspace.id, round=1, approach="x")
    db.session.add(exit_plan)
    db.session.flush()
    db.session.add(ExitMatch(workspace_id=cast.workspace.id, plan_id=exit_plan.id, label="m", how="x",
                             end_by=plan.end_date))
    db.session.commit()
    return cast


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (
        Decision, DecisionCycle, PilotPlan, ResponsibilityRow, PracticalNeed, CheckIn, Indicator, Evaluation,
        EvaluationComment, ExitPlan, ExitMatch))


def test_an_observer_comments_and_is_refused_everything_else(client, full, login_as):
    cast = full
    ids = {
        "row": db.session.scalar(select(ResponsibilityRow.id)), "need": db.session.scalar(select(PracticalNeed.id)),
        "check_in": db.session.scalar(select(CheckIn.id)), "indicator": db.session.scalar(select(Indicator.id)),
        "comment": db.session.scalar(select(EvaluationComment.id)), "match": db.session.scalar(select(ExitMatch.id)),
    }
    before = _counts()
    activity_before = db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.workspace_id == cast.workspace.id))
    login_as(cast.observer)
    for path in ("pilot/", "decide/", "pilot/plan", "pilot/indicators", "evaluation/", "evaluation/next-steps", "export/report", "workflow/readiness/evaluate"):
        assert client.get(url(cast, path)).status_code == 200, path
    posts = [
        ("decide/mentor", {"answer": "yes", "reasons": "x"}), ("decide/partner", {"answer": "no", "reasons": "x"}),
        ("decide/deadline", {"deadline": "2026-12-01"}), ("decide/remind", {}),
        ("decide/referral", {"referral_agreement": "x"}),
        ("pilot/plan/start", {}), ("pilot/plan/construction", {"construction": "embedded"}),
        ("pilot/plan/scope", scope({"matches": "2"})),
        (f"pilot/plan/responsibilities/{ids['row']}", {f"r{ids['row']}-holder": "professional"}),
        ("pilot/plan/responsibilities", {"new-topic": "x"}), (f"pilot/plan/responsibilities/{ids['row']}/delete", {}),
        (f"pilot/plan/needs/{ids['need']}", {f"n{ids['need']}-status": "arranged"}),
        ("pilot/plan/needs", {"newneed-title": "x", "newneed-status": "open"}),
        ("pilot/plan/check-ins", {"on_date": "2026-03-01", "topic": "x"}), ("pilot/plan/check-ins/suggest", {}),
        (f"pilot/plan/check-ins/{ids['check_in']}/delete", {}),
        ("pilot/indicators", ind(INDICATOR)), (f"pilot/indicators/{ids['indicator']}/edit", ind({**INDICATOR, "reason": "x"})),
        (f"pilot/indicators/{ids['indicator']}/delete", {}),
        ("evaluation/", {"process_text": "x"}), ("evaluation/share", {}),
        (f"evaluation/comments/{ids['comment']}/edit", {"body": "x"}),
        (f"evaluation/comments/{ids['comment']}/delete", {}),
        ("evaluation/exit-plan", {"approach": "x"}), ("evaluation/exit-plan/matches", {"label": "m", "how": "x", "end_by": "2026-09-01"}),
        (f"evaluation/exit-plan/matches/{ids['match']}/delete", {}),
    ]
    for path, data in posts:
        response = client.post(url(cast, path), data=data)
        assert response.status_code == 403, path
        response = client.post(url(cast, path), data=data, htmx=True)
        assert response.status_code == 403, path
        assert response.headers.get("HX-Retarget") == "#flashes"
    assert client.get(url(cast, f"pilot/indicators/{ids['indicator']}/edit")).status_code == 403
    assert client.get(url(cast, f"evaluation/comments/{ids['comment']}/edit")).status_code == 403
    assert _counts() == before
    # ... but the comment goes through
    assert client.post(url(cast, "evaluation/1/comments"), data={"body": "What about the parents?"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(EvaluationComment)) == before[8] + 1
    assert db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.workspace_id == cast.workspace.id, Activity.verb != "comment.added")) == activity_before


def test_strangers_get_404_everywhere(client, full, make, login_as):
    login_as(make.user(org=make.org()))
    for path in ("pilot/", "decide/", "pilot/plan", "pilot/indicators", "evaluation/", "evaluation/next-steps", "export/report"):
        assert client.get(url(full, path)).status_code == 404, path
    assert client.post(url(full, "evaluation/1/comments"), data={"body": "x"}).status_code == 404


def test_an_indicator_factory_row_shows_on_every_page(client, full, login_as):
    indicator(full, name="Parents involved", unit="percentage", target="50")
    login_as(full.partner_member)
    assert "Parents involved" in client.get(url(full, "export/report")).get_data(as_text=True)
