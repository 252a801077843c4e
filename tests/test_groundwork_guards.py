"""The groundwork feeds the workflow's guards: leaving explore and values_check waits for this content."""

import pytest

from tests.factories_notes import switch_user, ws_url
from workflows import CollaborationFlow, Stage, WorkspaceSnapshot
from workspace.core.area import installed
from workspace.extensions import db
from workspace.groundwork.services import explore_facts, snapshot_fields, values_facts

MY_CODES = {"relations_person_missing", "values_mentor_missing", "values_partner_missing", "sensitive_themes_open",
            "case_mentor_missing", "case_partner_missing"}


def _codes(workspace, stage):
    flow = CollaborationFlow(WorkspaceSnapshot(stage=Stage(stage), **snapshot_fields(workspace)))
    return {r.code for r in flow.refusals("advance")} & MY_CODES, flow


def test_the_contributor_is_registered(app):
    assert snapshot_fields in installed().snapshot_contributors


def test_empty_workspace_gives_every_refusal(make):
    cast = make.workspace(stage="values_check")
    fields = snapshot_fields(cast.workspace)
    assert fields == {
        "values_mentor": False, "values_partner": False,
        "open_sensitive_themes": ("Openheid tussen mentor en mentee", "Voorkomen van seksueel misbruik",
                                  "Hoe mentoren en professionals samenwerken"),
        "case_answered_mentor": False, "case_answered_partner": False,
    }
    codes, flow = _codes(cast.workspace, "values_check")
    assert codes == MY_CODES - {"relations_person_missing"}
    text = next(r for r in flow.refusals("advance") if r.code == "sensitive_themes_open").text.nl
    assert "“Voorkomen van seksueel misbruik”" in text


@pytest.mark.parametrize("stage, keys", [
    ("explore", {"has_relations_person"}),
    ("values_check", {"values_mentor", "values_partner", "open_sensitive_themes", "case_answered_mentor",
                      "case_answered_partner"}),
    ("network", set()), ("decide", set()), ("pilot", set()), ("closed", set()),
])
def test_only_the_current_stages_facts_are_read(make, app, stage, keys):
    from sqlalchemy import event

    cast = make.workspace(stage=stage)
    assert cast.workspace.stage == stage  # loaded before counting
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fields = snapshot_fields(cast.workspace)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert set(fields) == keys
    assert len(statements) == (1 if keys else 0)


def test_facts_agree_with_what_the_pages_show(make, client, login_as):
    cast = make.workspace(stage="network")
    assert explore_facts(cast.workspace) == {"has_relations_person": False}
    assert values_facts(cast.workspace)["open_sensitive_themes"] == (
        "Openheid tussen mentor en mentee", "Voorkomen van seksueel misbruik", "Hoe mentoren en professionals samenwerken")


def test_leaving_explore_needs_the_relations_person(make, client, login_as):
    cast = make.workspace(stage="explore")
    assert _codes(cast.workspace, "explore")[0] == {"relations_person_missing"}
    login_as(cast.mentor_member)
    client.post(ws_url(cast, "/groundwork/explore"), data={"relations_person": "Sanne", "relations_person_kind": "volunteer"})
    assert _codes(cast.workspace, "explore")[0] == set()


def test_leaving_values_check_step_by_step(make, client, login_as):
    cast = make.workspace(stage="values_check")
    ws = cast.workspace
    login_as(cast.mentor_member)
    client.post(ws_url(cast, "/groundwork/values/core"), data={"values-text": "Vrijwillig"})
    assert "values_mentor_missing" not in _codes(ws, "values_check")[0]
    assert "values_partner_missing" in _codes(ws, "values_check")[0]

    for n, code in enumerate(("transparency", "abuse_prevention")):
        client.post(ws_url(cast, f"/groundwork/values/themes/{code}"),
                    data={f"theme-{code}-version": "1", f"theme-{code}-agreement": f"Afspraak {n}"})
    assert snapshot_fields(ws)["open_sensitive_themes"] == ("Hoe mentoren en professionals samenwerken",)
    client.post(ws_url(cast, "/groundwork/values/case"),
                data={"case-version": "1", "case-title": "Casus", "case-description": "Verzonnen"})
    client.post(ws_url(cast, "/groundwork/values/case/answer"),
                data={"answer-who_does_what": "a", "answer-what_is_shared": "b", "answer-escalation": ""})
    assert "case_mentor_missing" in _codes(ws, "values_check")[0]  # all three questions are needed
    client.post(ws_url(cast, "/groundwork/values/case/answer"),
                data={"answer-who_does_what": "a", "answer-what_is_shared": "b", "answer-escalation": "c"})
    assert _codes(ws, "values_check")[0] == {"values_partner_missing", "sensitive_themes_open", "case_partner_missing"}

    switch_user(client, login_as, cast.partner_member)
    client.post(ws_url(cast, "/groundwork/values/core"), data={"values-text": "Veiligheid"})
    client.post(ws_url(cast, "/groundwork/values/themes/cooperation"),
                data={"theme-cooperation-version": "1", "theme-cooperation-agreement": "Driegesprek"})
    client.post(ws_url(cast, "/groundwork/values/case/answer"),
                data={"answer-who_does_what": "x", "answer-what_is_shared": "y", "answer-escalation": "z"})
    codes, flow = _codes(ws, "values_check")
    assert codes == set()
    assert snapshot_fields(ws)["open_sensitive_themes"] == ()

    # clearing an agreement reopens the theme
    client.post(ws_url(cast, "/groundwork/values/themes/cooperation"),
                data={"theme-cooperation-version": "2", "theme-cooperation-agreement": "  "})
    assert _codes(ws, "values_check")[0] == {"sensitive_themes_open"}


def test_english_reader_gets_english_theme_names(make, app):
    cast = make.workspace(stage="values_check")
    with app.test_request_context("/?lang=en"):
        from flask_babel import force_locale

        with force_locale("en"):
            names = snapshot_fields(cast.workspace)["open_sensitive_themes"]
    assert names[0] == "Openness between mentor and mentee"


def test_through_the_workflows_build_snapshot(make, client, login_as):
    build_snapshot = pytest.importorskip("workspace.stages.services").build_snapshot
    cast = make.workspace(stage="explore")
    snap = build_snapshot(cast.workspace)
    assert snap.has_relations_person is False
    assert "relations_person_missing" in {r.code for r in CollaborationFlow(snap).refusals("advance")}
    login_as(cast.mentor_lead)
    client.post(ws_url(cast, "/groundwork/explore"), data={"relations_person": "Sanne", "relations_person_kind": "paid"})
    snap = build_snapshot(cast.workspace)
    assert snap.has_relations_person is True
    assert "relations_person_missing" not in {r.code for r in CollaborationFlow(snap).refusals("advance")}
