"""Every transition and every guard of the collaboration flow, allowed and refused."""

import itertools

import pytest

from workflows import (
    STAGE_ORDER,
    TRIGGERS,
    CollaborationFlow,
    Outcome,
    Refusal,
    Stage,
    Text,
    Transition,
    TransitionRefused,
    WorkspaceSnapshot,
)

S = Stage
WORKING = STAGE_ORDER
PAIRS = list(itertools.pairwise(STAGE_ORDER))


def assert_allowed(flow, trigger, **kw):
    assert flow.refusals(trigger, **kw) == []
    assert flow.may(trigger, **kw) is True
    assert getattr(flow, f"may_{trigger}")(**kw) is True


def assert_refused(flow, trigger, code, nl, en, **kw):
    """`trigger` is refused with `code`, whose Dutch and English texts contain `nl` and `en`."""
    refusals = flow.refusals(trigger, **kw)
    by_code = {r.code: r for r in refusals}
    assert code in by_code, refusals
    assert nl in by_code[code].text.nl
    assert en in by_code[code].text.en
    assert by_code[code].text.get("en") == by_code[code].text.en
    assert flow.may(trigger, **kw) is False
    if trigger in TRIGGERS:
        assert getattr(flow, f"may_{trigger}")(**kw) is False
    before = flow.stage
    with pytest.raises(TransitionRefused) as caught:
        flow.fire(trigger, **kw)
    assert caught.value.refusals == refusals
    assert flow.stage is before
    return refusals


# --- advance -------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "dest"), PAIRS)
def test_advance_moves_to_the_next_stage(make_flow, source, dest):
    flow = make_flow(source, round=2)
    assert_allowed(flow, "advance")
    assert flow.fire("advance") == Transition("advance", source, dest, 2, None, None)
    assert flow.stage is dest
    assert getattr(flow, f"is_stage_{dest.value}")() is True


def test_advance_walks_the_whole_path(make_flow):
    flow = make_flow(S.EXPLORE)
    walked = [flow.fire("advance").dest for _ in PAIRS]
    assert walked == list(STAGE_ORDER[1:])


@pytest.mark.parametrize(
    ("stage", "nl", "en"),
    [
        (
            S.CONTINUING,
            "‘Naar de volgende fase’ is niet mogelijk in de fase Vervolg",
            "at the Next steps stage",
        ),
        (S.CLOSED, "in de fase Afgesloten", "is not possible at the Closed stage"),
    ],
)
def test_advance_not_from_continue_or_closed(make_flow, stage, nl, en):
    refusals = assert_refused(make_flow(stage), "advance", "not_allowed_here", nl, en)
    assert len(refusals) == 1


@pytest.mark.parametrize("stage", WORKING[:-1])
def test_advance_needs_required_tasks_done(make_flow, stage):
    flow = make_flow(stage, open_required_tasks=("Kies het werkveld", "Plan een gesprek"))
    refusals = assert_refused(
        flow,
        "advance",
        "open_required_tasks",
        "verplichte taken af zijn: “Kies het werkveld”, “Plan een gesprek”.",
        "required tasks must be done first: “Kies het werkveld”, “Plan een gesprek”.",
    )
    assert [r.code for r in refusals] == ["open_required_tasks"]


ADVANCE_GUARDS = [
    # (stage, broken fields, code, Dutch fragment, English fragment)
    (
        S.EXPLORE,
        {"has_relations_person": False},
        "relations_person_missing",
        "Wijs eerst iemand aan",
        "name someone who looks after contacts",
    ),
    (
        S.VALUES_CHECK,
        {"values_mentor": False},
        "values_mentor_missing",
        "mentorproject heeft zijn kernwaarden",
        "mentor project has not written down its core values",
    ),
    (
        S.VALUES_CHECK,
        {"values_partner": False},
        "values_partner_missing",
        "partner heeft zijn kernwaarden",
        "partner has not written down its core values",
    ),
    (
        S.VALUES_CHECK,
        {"open_sensitive_themes": ("Transparantie", "Preventie misbruik")},
        "sensitive_themes_open",
        "nog geen afspraak: “Transparantie”, “Preventie misbruik”.",
        "no agreement yet: “Transparantie”, “Preventie misbruik”.",
    ),
    (
        S.VALUES_CHECK,
        {"case_answered_mentor": False},
        "case_mentor_missing",
        "mentorproject heeft de voorbeeldcasus",
        "mentor project has not answered the example case",
    ),
    (
        S.VALUES_CHECK,
        {"case_answered_partner": False},
        "case_partner_missing",
        "partner heeft de voorbeeldcasus",
        "partner has not answered the example case",
    ),
    (
        S.DECIDE,
        {"decision_mentor": None},
        "decision_mentor_missing",
        "Het mentorproject heeft nog geen besluit",
        "The mentor project has not recorded a decision",
    ),
    (
        S.DECIDE,
        {"decision_partner": None},
        "decision_partner_missing",
        "De partner heeft nog geen besluit",
        "The partner has not recorded a decision",
    ),
    (
        S.DECIDE,
        {"decision_mentor": "no"},
        "decision_mentor_no",
        "mentorproject heeft nee gezegd; sluit de werkruimte af met ‘Afzien’",
        "mentor project said no; close the workspace with ‘Decline’",
    ),
    (
        S.DECIDE,
        {"decision_partner": "no"},
        "decision_partner_no",
        "partner heeft nee gezegd",
        "The partner said no",
    ),
    (
        S.PILOT,
        {"construction": None},
        "construction_missing",
        "Kies in het pilotplan een samenwerkingsvorm",
        "Choose a form of collaboration",
    ),
    (S.PILOT, {"construction": ""}, "construction_missing", "samenwerkingsvorm", "form of collaboration"),
    (S.PILOT, {"has_scope_dates": False}, "scope_dates_missing", "begin- en einddatum", "start and end date"),
    (
        S.PILOT,
        {"responsibility_rows": 2},
        "responsibilities_too_few",
        "minstens 3 taken of verantwoordelijkheden van mentoren en professionals; er staan er nu 2",
        "at least 3 tasks or responsibilities of mentors and professionals; there are 2 now",
    ),
    (S.PILOT, {"indicators": 0}, "indicators_missing", "minstens één indicator", "at least one indicator"),
    (
        S.EVALUATE,
        {"evaluation_shared": False},
        "evaluation_not_shared",
        "Deel de evaluatie eerst met beide organisaties",
        "Share the evaluation with both organisations",
    ),
    (
        S.EVALUATE,
        {"evaluation_has_mentor_views": False},
        "evaluation_mentor_views_missing",
        "ervaringen van de mentoren",
        "the mentors' experiences",
    ),
    (
        S.EVALUATE,
        {"evaluation_has_mentee_views": False},
        "evaluation_mentee_views_missing",
        "ervaringen van de jongeren",
        "the young people's experiences",
    ),
]


@pytest.mark.parametrize(("stage", "fields", "code", "nl", "en"), ADVANCE_GUARDS)
def test_each_advance_guard_refuses_on_its_own(make_flow, stage, fields, code, nl, en):
    refusals = assert_refused(make_flow(stage, **fields), "advance", code, nl, en)
    assert [r.code for r in refusals] == [code]


def test_advance_reports_all_failing_guards_at_once(make_flow):
    flow = make_flow(
        S.VALUES_CHECK,
        ready=False,
        open_required_tasks=("Kernwaarden",),
        open_sensitive_themes=("Samenwerking",),
    )
    assert [r.code for r in flow.refusals("advance")] == [
        "open_required_tasks",
        "values_mentor_missing",
        "values_partner_missing",
        "sensitive_themes_open",
        "case_mentor_missing",
        "case_partner_missing",
    ]
    with pytest.raises(TransitionRefused) as caught:
        flow.fire("advance")
    assert len(caught.value.refusals) == 6
    assert "The mentor project has not written down" in str(caught.value)


@pytest.mark.parametrize(
    ("stage", "codes"),
    [
        (S.EXPLORE, ["relations_person_missing"]),
        (S.NETWORK, []),
        (S.DECIDE, ["decision_mentor_missing", "decision_partner_missing"]),
        (
            S.PILOT,
            ["construction_missing", "scope_dates_missing", "responsibilities_too_few", "indicators_missing"],
        ),
        (
            S.EVALUATE,
            ["evaluation_not_shared", "evaluation_mentor_views_missing", "evaluation_mentee_views_missing"],
        ),
    ],
)
def test_empty_workspace_lists_every_missing_piece(make_flow, stage, codes):
    assert [r.code for r in make_flow(stage, ready=False).refusals("advance")] == codes


def test_a_no_from_one_side_and_silence_from_the_other(make_flow):
    flow = make_flow(S.DECIDE, decision_mentor="no", decision_partner=None)
    assert [r.code for r in flow.refusals("advance")] == ["decision_mentor_no", "decision_partner_missing"]


# --- step_back -----------------------------------------------------------------------


@pytest.mark.parametrize(("dest", "source"), PAIRS)
def test_step_back_goes_to_the_previous_stage(make_flow, source, dest):
    flow = make_flow(source, ready=False, round=3)
    assert_allowed(flow, "step_back", reason="Partner wil eerst intern overleggen")
    transition = flow.fire("step_back", reason="  Partner wil eerst intern overleggen \n")
    assert transition == Transition("step_back", source, dest, 3, None, "Partner wil eerst intern overleggen")
    assert flow.stage is dest


@pytest.mark.parametrize("reason", [None, "", "   \n\t"])
@pytest.mark.parametrize("stage", WORKING[1:])
def test_step_back_needs_a_reason(make_flow, stage, reason):
    refusals = assert_refused(
        make_flow(stage),
        "step_back",
        "reason_required",
        "Geef een reden op",
        "Please give a reason",
        reason=reason,
    )
    assert len(refusals) == 1


@pytest.mark.parametrize("stage", [S.EXPLORE, S.CLOSED])
def test_step_back_not_from_explore_or_closed(make_flow, stage):
    assert_refused(
        make_flow(stage),
        "step_back",
        "not_allowed_here",
        "‘Terug naar de vorige fase’ is niet mogelijk",
        "is not possible",
        reason="waarom",
    )


def test_step_back_ignores_open_tasks(make_flow):
    assert_allowed(make_flow(S.PILOT, ready=False, open_required_tasks=("x",)), "step_back", reason="r")


# --- decline -------------------------------------------------------------------------


@pytest.mark.parametrize(("mentor", "partner"), [("no", "yes"), ("yes", "no"), ("no", "no"), ("no", None)])
def test_decline_closes_with_outcome_declined(make_flow, mentor, partner):
    flow = make_flow(S.DECIDE, decision_mentor=mentor, decision_partner=partner)
    assert_allowed(flow, "decline")
    transition = flow.fire("decline", reason="Past niet bij onze doelgroep")
    assert transition == Transition(
        "decline", S.DECIDE, S.CLOSED, 1, Outcome.DECLINED, "Past niet bij onze doelgroep"
    )
    assert flow.is_stage_closed()


def test_decline_reason_is_optional_and_outcome_argument_ignored(make_flow):
    flow = make_flow(S.DECIDE, decision_partner="no")
    transition = flow.fire("decline", outcome=Outcome.STRUCTURAL)
    assert transition.outcome is Outcome.DECLINED and transition.reason is None


@pytest.mark.parametrize(("mentor", "partner"), [("yes", "yes"), (None, None), ("yes", None)])
def test_decline_needs_a_no(make_flow, mentor, partner):
    flow = make_flow(S.DECIDE, decision_mentor=mentor, decision_partner=partner)
    assert_refused(
        flow,
        "decline",
        "no_decision_no",
        "minstens één organisatie nee heeft gezegd",
        "at least one organisation has said no",
    )


def test_decline_needs_the_referral_agreement(make_flow):
    flow = make_flow(S.DECIDE, decision_mentor="no", has_referral_agreement=False)
    refusals = assert_refused(
        flow,
        "decline",
        "referral_agreement_missing",
        "hoe jongeren toch naar het mentorproject verwezen",
        "how young people can still be referred",
    )
    assert len(refusals) == 1


def test_decline_reports_both_guards(make_flow):
    flow = make_flow(S.DECIDE, ready=False)
    assert [r.code for r in flow.refusals("decline")] == ["no_decision_no", "referral_agreement_missing"]


@pytest.mark.parametrize("stage", [s for s in Stage if s is not S.DECIDE])
def test_decline_only_at_decide(make_flow, stage):
    assert_refused(
        make_flow(stage, decision_mentor="no"),
        "decline",
        "not_allowed_here",
        "‘Afzien’ is niet mogelijk",
        "‘Decline’ is not possible",
    )


# --- new_round -----------------------------------------------------------------------


def test_new_round_goes_back_to_pilot_with_the_next_round_number(make_flow):
    flow = make_flow(S.CONTINUING, ready=False, round=2, open_required_tasks=("x",))
    assert_allowed(flow, "new_round")
    assert flow.fire("new_round") == Transition("new_round", S.CONTINUING, S.PILOT, 3, None, None)
    assert flow.is_stage_pilot()


@pytest.mark.parametrize("stage", [s for s in Stage if s is not S.CONTINUING])
def test_new_round_only_from_continue(make_flow, stage):
    assert_refused(
        make_flow(stage),
        "new_round",
        "not_allowed_here",
        "‘Nieuwe pilotronde’ is niet mogelijk",
        "‘New pilot round’ is not possible",
    )


# --- close ---------------------------------------------------------------------------


@pytest.mark.parametrize("stage", WORKING)
@pytest.mark.parametrize("outcome", [None, Outcome.STOPPED, "stopped"])
def test_close_stops_from_every_working_stage(make_flow, stage, outcome):
    flow = make_flow(stage, ready=False, has_exit_plan=True, round=2)
    assert_allowed(flow, "close", reason="Geen capaciteit", outcome=outcome)
    transition = flow.fire("close", reason=" Geen capaciteit ", outcome=outcome)
    assert transition == Transition("close", stage, S.CLOSED, 2, Outcome.STOPPED, "Geen capaciteit")


def test_close_structural_from_continue(make_flow):
    flow = make_flow(S.CONTINUING, has_exit_plan=False)
    assert_allowed(flow, "close", reason="Gemeente financiert door", outcome=Outcome.STRUCTURAL)
    transition = flow.fire("close", reason="Gemeente financiert door", outcome="structural")
    assert transition.outcome is Outcome.STRUCTURAL and transition.dest is S.CLOSED


@pytest.mark.parametrize("stage", WORKING[:-1])
def test_close_structural_only_from_continue(make_flow, stage):
    refusals = assert_refused(
        make_flow(stage),
        "close",
        "structural_only_from_continue",
        "pas na een geëvalueerde pilot",
        "only possible after an evaluated pilot",
        reason="r",
        outcome=Outcome.STRUCTURAL,
    )
    assert len(refusals) == 1


@pytest.mark.parametrize("stage", WORKING)
def test_close_cannot_record_declined(make_flow, stage):
    assert_refused(
        make_flow(stage),
        "close",
        "outcome_declined_needs_decline",
        "hoort bij ‘Afzien’",
        "belongs to ‘Decline’",
        reason="r",
        outcome=Outcome.DECLINED,
    )


@pytest.mark.parametrize("outcome", ["finished", "", "DECLINED"])
def test_close_rejects_unknown_outcomes(make_flow, outcome):
    refusals = assert_refused(
        make_flow(S.PILOT),
        "close",
        "outcome_unknown",
        "‘gestopt’ of ‘structurele samenwerking’",
        "‘stopped’ or ‘structural collaboration’",
        reason="r",
        outcome=outcome,
    )
    assert len(refusals) == 1


@pytest.mark.parametrize("stage", WORKING)
@pytest.mark.parametrize("reason", [None, " "])
def test_close_needs_a_reason(make_flow, stage, reason):
    assert_refused(
        make_flow(stage),
        "close",
        "reason_required",
        "Geef een reden op",
        "Please give a reason",
        reason=reason,
    )


def test_stopping_from_continue_needs_an_exit_plan(make_flow):
    flow = make_flow(S.CONTINUING, has_exit_plan=False)
    for outcome in (None, Outcome.STOPPED):
        refusals = assert_refused(
            flow,
            "close",
            "exit_plan_missing",
            "lopende koppelingen netjes worden afgerond",
            "running matches will be brought to a proper end",
            reason="r",
            outcome=outcome,
        )
        assert len(refusals) == 1


def test_exit_plan_not_needed_before_continue(make_flow):
    assert_allowed(make_flow(S.PILOT, has_exit_plan=False), "close", reason="r")


def test_close_reports_all_failures(make_flow):
    flow = make_flow(S.EXPLORE)
    assert [r.code for r in flow.refusals("close", outcome=Outcome.STRUCTURAL)] == [
        "reason_required",
        "structural_only_from_continue",
    ]
    flow = make_flow(S.CONTINUING, has_exit_plan=False)
    assert [r.code for r in flow.refusals("close")] == ["reason_required", "exit_plan_missing"]


def test_close_not_from_closed(make_flow):
    assert_refused(
        make_flow(S.CLOSED),
        "close",
        "not_allowed_here",
        "‘Afsluiten’ is niet mogelijk in de fase Afgesloten",
        "‘Close’ is not possible at the Closed stage",
        reason="r",
    )


# --- reopen --------------------------------------------------------------------------


def test_reopen_goes_back_to_explore(make_flow):
    flow = make_flow(S.CLOSED, ready=False, round=4)
    assert_allowed(flow, "reopen")
    assert flow.fire("reopen", reason="Nieuwe wethouder") == Transition(
        "reopen", S.CLOSED, S.EXPLORE, 4, None, "Nieuwe wethouder"
    )
    assert flow.is_stage_explore()


@pytest.mark.parametrize("stage", WORKING)
def test_reopen_only_from_closed(make_flow, stage):
    assert_refused(
        make_flow(stage),
        "reopen",
        "not_allowed_here",
        "‘Heropenen’ is niet mogelijk",
        "‘Reopen’ is not possible",
    )


# --- unknown triggers, available(), the snapshot ------------------------------------


@pytest.mark.parametrize("trigger", ["jump", "", "to_closed", "trigger", "may_advance", "to_explore"])
def test_unknown_triggers_are_refused_without_raising(make_flow, trigger):
    flow = make_flow(S.EXPLORE)
    assert flow.may(trigger) is False
    refusals = flow.refusals(trigger)
    assert [r.code for r in refusals] == ["unknown_trigger"]
    assert "Onbekende stap" in refusals[0].text.nl and "Unknown step" in refusals[0].text.en
    with pytest.raises(TransitionRefused):
        flow.fire(trigger)
    assert flow.stage is S.EXPLORE


def test_no_auto_transitions():
    flow = CollaborationFlow(WorkspaceSnapshot(stage=S.EXPLORE))
    assert not hasattr(flow, "to_closed")
    assert not hasattr(flow, "to_pilot")


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (S.EXPLORE, ["advance", "close"]),
        (S.NETWORK, ["advance", "step_back", "close"]),
        (S.VALUES_CHECK, ["advance", "step_back", "close"]),
        (S.DECIDE, ["advance", "step_back", "decline", "close"]),
        (S.PILOT, ["advance", "step_back", "close"]),
        (S.EVALUATE, ["advance", "step_back", "close"]),
        (S.CONTINUING, ["step_back", "new_round", "close"]),
        (S.CLOSED, ["reopen"]),
    ],
)
def test_available_lists_triggers_in_order_regardless_of_guards(make_flow, stage, expected):
    assert make_flow(stage, ready=False).available() == expected
    assert make_flow(stage).available() == expected


def test_fire_does_not_touch_the_snapshot(make_flow, ready_fields):
    flow = make_flow(S.CONTINUING, round=1)
    snapshot = flow.snapshot
    flow.fire("new_round")
    assert flow.snapshot is snapshot
    assert snapshot == WorkspaceSnapshot(stage=S.CONTINUING, round=1, **ready_fields)
    with pytest.raises(AttributeError):
        snapshot.stage = S.PILOT  # type: ignore[misc]


def test_stage_is_always_a_stage_member():
    flow = CollaborationFlow(WorkspaceSnapshot(stage="decide"))  # type: ignore[arg-type]
    assert flow.stage is S.DECIDE
    assert flow.is_stage_decide() and not flow.is_stage_pilot()
    assert flow.may_step_back(reason="r")
    flow.fire("step_back", reason="r")
    assert flow.stage is S.VALUES_CHECK
    assert flow.is_stage_values_check()


def test_flows_over_one_snapshot_are_independent():
    snapshot = WorkspaceSnapshot(stage=S.NETWORK)
    first, second = CollaborationFlow(snapshot), CollaborationFlow(snapshot)
    first.fire("advance")
    assert first.stage is S.VALUES_CHECK and second.stage is S.NETWORK
    assert second.fire("advance").dest is S.VALUES_CHECK


def test_refusal_shape():
    refusal = CollaborationFlow(WorkspaceSnapshot(stage=S.EXPLORE)).refusals("advance")[0]
    assert isinstance(refusal, Refusal) and isinstance(refusal.text, Text)
    assert refusal.code == "relations_person_missing"


# --- the library and our answers agree ----------------------------------------------

ASKS = [
    {"reason": reason, "outcome": outcome}
    for reason in (None, "", "reden")
    for outcome in (None, Outcome.STOPPED, Outcome.STRUCTURAL, Outcome.DECLINED, "bogus")
]


@pytest.mark.parametrize("stage", list(Stage))
def test_may_agrees_with_refusals_and_the_library(stage, variant_fields):
    snapshot = WorkspaceSnapshot(stage=stage, **variant_fields)
    for trigger, ask in itertools.product(TRIGGERS, ASKS):
        flow = CollaborationFlow(snapshot)
        refused = flow.refusals(trigger, **ask)
        allowed = flow.may(trigger, **ask)
        assert allowed is (refused == []), (trigger, ask, refused)
        assert getattr(flow, f"may_{trigger}")(**ask) is allowed
        assert flow.may_trigger(trigger, **ask) is allowed
        if trigger not in flow.available():
            assert [r.code for r in refused] == ["not_allowed_here"]
        if allowed:
            assert isinstance(flow.fire(trigger, **ask), Transition)
        else:
            with pytest.raises(TransitionRefused):
                flow.fire(trigger, **ask)
            assert flow.stage is stage
