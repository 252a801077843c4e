"""Fixtures for the pure workflow tests: snapshots that pass or fail chosen guards."""

import pytest

from workflows import CollaborationFlow, Stage, WorkspaceSnapshot

#: Every field set so that all `advance`, `decline`-free guards pass.
READY = {
    "has_relations_person": True,
    "values_mentor": True,
    "values_partner": True,
    "case_answered_mentor": True,
    "case_answered_partner": True,
    "decision_mentor": "yes",
    "decision_partner": "yes",
    "has_referral_agreement": True,
    "construction": "co_production",
    "has_scope_dates": True,
    "responsibility_rows": 3,
    "indicators": 1,
    "evaluation_shared": True,
    "evaluation_has_mentor_views": True,
    "evaluation_has_mentee_views": True,
    "has_exit_plan": True,
}


@pytest.fixture
def make_flow():
    """make_flow(stage, ready=True, **fields) -> CollaborationFlow over a fresh snapshot."""

    def make(stage: Stage | str, *, ready: bool = True, **fields) -> CollaborationFlow:
        values = {**(READY if ready else {}), **fields}
        return CollaborationFlow(WorkspaceSnapshot(stage=Stage(stage), **values))

    return make


@pytest.fixture
def ready_fields() -> dict:
    """The snapshot fields (besides stage) with which every advance guard passes."""
    return dict(READY)


#: Snapshot field sets for the exhaustive may/refusals agreement test, by name.
VARIANTS = {
    "empty": {},
    "ready": READY,
    "open_tasks": {**READY, "open_required_tasks": ("t",)},
    "mentor_said_no": {**READY, "decision_mentor": "no"},
    "no_exit_plan": {**READY, "has_exit_plan": False},
    "partner_no_without_referral": {**READY, "decision_partner": "no", "has_referral_agreement": False},
}


@pytest.fixture(params=sorted(VARIANTS))
def variant_fields(request) -> dict:
    """Each entry of VARIANTS in turn."""
    return VARIANTS[request.param]
