"""The machine answers what the pages ask: does a trigger need a reason, and what does it still wait for."""

import pytest

from workflows import INPUT_OF_REFUSAL, RULES, Stage


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.source.value}-{r.trigger}")
def test_needs_reason_is_the_reason_guard(make_flow, rule):
    flow = make_flow(rule.source)
    asks = any(r.code == "reason_required" for r in flow.refusals(rule.trigger, reason=None))
    assert flow.needs_reason(rule.trigger) is asks
    assert flow.needs_reason(rule.trigger) is (rule.trigger in ("step_back", "close"))


def test_waiting_for_leaves_out_what_the_form_still_asks(make_flow):
    # In continue, closing as "stopped" waits for the exit plan; without a chosen outcome the form asks for it.
    flow = make_flow(Stage.CONTINUING, has_exit_plan=False)
    assert [r.code for r in flow.waiting_for("close", outcome="stopped")] == ["exit_plan_missing"]
    assert flow.waiting_for("close") == []
    # What no input can fix stays: decline waits for an organisation's no.
    flow = make_flow(Stage.DECIDE)
    assert flow.waiting_for("decline") and all(r.code not in INPUT_OF_REFUSAL for r in flow.waiting_for("decline"))
    assert make_flow(Stage.NETWORK).waiting_for("step_back") == []
