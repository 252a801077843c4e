"""Evaluation (tip 11): measured values per frozen indicator, process, effects, the views of mentors, mentees
and professionals, strengths, lessons; a lead shares it; comments by leads, members and observers."""

import pytest
from sqlalchemy import func, select

from tests.factories_pilot import evaluation_ready, indicator, refusal_codes, url
from workspace.activity.models import Activity
from workspace.dbtypes import utcnow
from workspace.evaluation.models import Evaluation, EvaluationComment, IndicatorResult
from workspace.extensions import db
from workspace.pilot import services as svc

TEXTS = {"process_text": "Referrals were slow at first.", "effects": "Seven matches still run.",
         "mentor_views": "Mentors valued one contact person.", "mentee_views": "Young people want to keep going.",
         "professional_views": "Professionals felt relieved.", "strengths": "Good at sports and music.",
         "lessons_mentor": "Train mentors earlier.", "lessons_partner": "Refer sooner."}


@pytest.fixture
def evaluate(make):
    cast = make.workspace(stage="evaluate")
    plan = svc.ensure_plan(cast.workspace, 1)
    plan.indicators_frozen_at = utcnow()
    db.session.commit()
    cast.number = indicator(cast, name="Matches lasting four months", unit="number", target="6")
    cast.text = indicator(cast, name="Cooperation", unit="text", target="Clear agreements")
    return cast


def _evaluation() -> Evaluation | None:
    db.session.expire_all()
    return db.session.scalar(select(Evaluation))


def test_the_evaluation_is_written_with_measured_values_and_read_back(client, evaluate, login_as):
    login_as(evaluate.partner_member)
    data = {**TEXTS, f"value_{evaluate.number.id}": "7", f"comment_{evaluate.number.id}": "One moved away",
            f"value_{evaluate.text.id}": "Yes, mostly"}
    response = client.post(url(evaluate, "evaluation/"), data=data, htmx=True)
    assert response.status_code == 200 and 'id="evaluation"' in response.get_data(as_text=True)
    evaluation = _evaluation()
    for key, value in TEXTS.items():
        assert getattr(evaluation, key.removesuffix("_text")) == value
    results = {r.indicator_id: (r.measured_value, r.comment) for r in db.session.scalars(select(IndicatorResult))}
    assert results == {evaluate.number.id: ("7", "One moved away"), evaluate.text.id: ("Yes, mostly", None)}
    page = client.get(url(evaluate, "evaluation/")).get_data(as_text=True)
    assert "Good at sports and music." in page and 'value="7"' in page


def test_a_measured_value_that_is_not_a_number_is_refused(client, evaluate, login_as):
    login_as(evaluate.mentor_member)
    response = client.post(url(evaluate, "evaluation/?lang=en"),
                           data={**TEXTS, f"value_{evaluate.number.id}": "seven"})
    assert response.status_code == 422
    assert "enter a number here" in response.get_data(as_text=True)
    assert _evaluation() is None


def test_sharing_needs_a_lead_and_the_views_and_makes_it_read_only(client, evaluate, login_as):
    login_as(evaluate.mentor_member)
    client.post(url(evaluate, "evaluation/"), data={"process_text": "Slow start."})
    assert client.post(url(evaluate, "evaluation/share")).status_code == 403
    client.post("/logout")
    login_as(evaluate.mentor_lead)
    assert client.post(url(evaluate, "evaluation/share")).status_code == 409  # views missing
    assert not _evaluation().is_shared
    assert refusal_codes(evaluate) >= {"evaluation_not_shared", "evaluation_mentor_views_missing",
                                       "evaluation_mentee_views_missing"}
    client.post(url(evaluate, "evaluation/"), data=dict(TEXTS))
    assert not {"evaluation_mentor_views_missing", "evaluation_mentee_views_missing"} & refusal_codes(evaluate)
    response = client.post(url(evaluate, "evaluation/share"), htmx=True)
    assert response.status_code == 200
    evaluation = _evaluation()
    assert evaluation.shared_by_id == evaluate.mentor_lead.id and evaluation.shared_at is not None
    assert not {"evaluation_not_shared", "evaluation_mentor_views_missing",
                "evaluation_mentee_views_missing"} & refusal_codes(evaluate)

    # read-only now, for everybody
    for who in (evaluate.mentor_lead, evaluate.partner_member):
        client.post("/logout")
        login_as(who)
        response = client.post(url(evaluate, "evaluation/"), data={**TEXTS, "process_text": "Rewritten"})
        assert response.status_code == 409
    assert client.post(url(evaluate, "evaluation/share")).status_code == 403
    assert _evaluation().process == TEXTS["process_text"]
    page = client.get(url(evaluate, "evaluation/?lang=en")).get_data(as_text=True)
    assert "Shared with both organisations by" in page and 'name="process_text"' not in page
    assert db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.verb == "evaluation.shared")) == 1


def test_sharing_twice_is_refused(client, evaluate, login_as):
    evaluation_ready(evaluate, shared=True)
    login_as(evaluate.partner_lead)
    assert client.post(url(evaluate, "evaluation/share")).status_code == 409


def test_the_evaluation_is_written_only_at_the_evaluate_stage(client, make, login_as):
    cast = make.workspace(stage="pilot")
    login_as(cast.mentor_lead)
    assert client.post(url(cast, "evaluation/"), data=dict(TEXTS)).status_code == 409
    assert _evaluation() is None


def test_observer_comments_edits_and_deletes_own_comment(client, evaluate, login_as):
    evaluation_ready(evaluate, shared=True)
    login_as(evaluate.observer)
    assert client.post(url(evaluate, "evaluation/1/comments"), data={"body": ""}).status_code == 422
    response = client.post(url(evaluate, "evaluation/1/comments"),
                           data={"body": "Did the mentors get enough training?"}, htmx=True)
    assert response.status_code == 200 and 'id="comments"' in response.get_data(as_text=True)
    comment = db.session.scalar(select(EvaluationComment))
    comment_id = comment.id
    assert comment.author_id == evaluate.observer.id
    assert client.get(url(evaluate, f"evaluation/comments/{comment_id}/edit")).status_code == 200
    assert client.post(url(evaluate, f"evaluation/comments/{comment_id}/edit"),
                       data={"body": "Did mentors get training on safety?"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(EvaluationComment, comment_id).edited_at is not None
    page = client.get(url(evaluate, "evaluation/")).get_data(as_text=True)
    assert "Did mentors get training on safety?" in page

    # somebody else cannot change or delete it, not even a lead
    client.post("/logout")
    login_as(evaluate.mentor_lead)
    assert client.post(url(evaluate, f"evaluation/comments/{comment_id}/edit"), data={"body": "x"}).status_code == 403
    assert client.post(url(evaluate, f"evaluation/comments/{comment_id}/delete")).status_code == 403
    assert client.post(url(evaluate, "evaluation/1/comments"), data={"body": "Yes, in March."}).status_code == 302
    client.post("/logout")
    login_as(evaluate.observer)
    assert client.post(url(evaluate, f"evaluation/comments/{comment_id}/delete")).status_code == 302
    bodies = db.session.scalars(select(EvaluationComment.body)).all()
    assert bodies == ["Yes, in March."]


def test_members_comment_on_a_draft_too(client, evaluate, login_as):
    evaluation_ready(evaluate)
    login_as(evaluate.partner_member)
    assert client.post(url(evaluate, "evaluation/1/comments"), data={"body": "Add the numbers."}).status_code == 302


def test_comment_on_a_round_without_evaluation_is_not_found(client, evaluate, login_as):
    login_as(evaluate.observer)
    assert client.post(url(evaluate, "evaluation/1/comments"), data={"body": "x"}).status_code == 404
    assert client.post(url(evaluate, "evaluation/7/comments"), data={"body": "x"}).status_code == 404
