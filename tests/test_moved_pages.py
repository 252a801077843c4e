"""The decide, evaluation and report pages moved out of ``/w/<id>/pilot/``: their old addresses (bookmarks,
links in mails sent before the move) answer 308 to where the page lives now, with its ``?round=``, and only for
people who can read the workspace (strangers still get 404, nobody learns the workspace exists)."""

import pytest

from tests.factories_pilot import evaluation_ready, url
from workspace.evaluation.models import EvaluationComment
from workspace.extensions import db

MOVED = [
    ("pilot/decide", "decide/"),
    ("pilot/evaluation", "evaluation/"),
    ("pilot/evaluation?round=1", "evaluation/?round=1"),
    ("pilot/next-steps", "evaluation/next-steps"),
    ("pilot/report", "export/report"),
    ("pilot/report?round=1", "export/report?round=1"),
    ("pilot/readiness/pilot", "workflow/readiness/pilot"),
]


@pytest.fixture
def cast(make):
    return make.workspace(stage="pilot")


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_old_address_redirects_to_the_new_page(client, cast, login_as, old, new):
    login_as(cast.observer)
    response = client.get(url(cast, old))
    assert response.status_code == 308
    assert response.headers["Location"].endswith(url(cast, new))
    assert client.get(url(cast, new)).status_code == 200


def test_following_an_old_address_shows_the_page(client, cast, login_as):
    login_as(cast.partner_member)
    response = client.get(url(cast, "pilot/decide"), follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == url(cast, "decide/")
    assert 'id="decide-panel"' in response.get_data(as_text=True)


def test_the_old_comment_edit_address_redirects_and_the_author_rule_still_holds(client, cast, login_as):
    evaluation = evaluation_ready(cast)
    comment = EvaluationComment(workspace_id=cast.workspace.id, evaluation_id=evaluation.id,
                                author_id=cast.observer.id, organisation_id=cast.observer_org.id, body="Helder.")
    db.session.add(comment)
    db.session.commit()
    login_as(cast.mentor_member)
    response = client.get(url(cast, f"pilot/comments/{comment.id}/edit"))
    assert response.status_code == 308
    assert response.headers["Location"].endswith(url(cast, f"evaluation/comments/{comment.id}/edit"))
    assert client.get(url(cast, f"pilot/comments/{comment.id}/edit"), follow_redirects=True).status_code == 403


def test_strangers_and_anonymous_people_learn_nothing_from_an_old_address(client, cast, make, login_as):
    assert client.get(url(cast, "pilot/decide")).status_code == 302  # to the login page
    login_as(make.user(org=make.org()))
    for old, _new in MOVED:
        assert client.get(url(cast, old)).status_code == 404, old


def test_the_pages_that_stayed_did_not_move(client, cast, login_as):
    login_as(cast.observer)
    for path in ("pilot/", "pilot/plan", "pilot/indicators"):
        assert client.get(url(cast, path)).status_code == 200, path
