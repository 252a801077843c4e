"""The collaboration state machine: one table of transitions, driven by `transitions`.

The web layer builds a `CollaborationFlow` around a fresh `WorkspaceSnapshot` for each
request, asks it what may fire (`may`, `may_advance()`, `refusals`, `available`) and,
when a lead presses a button, calls `fire`. `fire` changes nothing outside the flow
object: it returns a `Transition` that the caller writes to the database with its own
conditional UPDATE, so two leads firing at once still give one transition.

The `transitions` Machine is not thread-safe; that is why it is built per flow object
around an immutable snapshot instead of being shared.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from transitions import Machine

from . import guards as g
from .guards import Guard, Refusal, Request
from .snapshot import WorkspaceSnapshot
from .stages import STAGE_ORDER, Outcome, Stage
from .text import Text

log = logging.getLogger(__name__)

TRIGGERS: tuple[str, ...] = ("advance", "step_back", "decline", "new_round", "close", "reopen")

#: Button texts for the triggers.
TRIGGER_LABELS: dict[str, Text] = {
    "advance": Text("Naar de volgende fase", "Move to the next stage"),
    "step_back": Text("Terug naar de vorige fase", "Go back to the previous stage"),
    "decline": Text("Afzien", "Decline"),
    "new_round": Text("Nieuwe pilotronde", "New pilot round"),
    "close": Text("Afsluiten", "Close"),
    "reopen": Text("Heropenen", "Reopen"),
}


@dataclass(frozen=True)
class Rule:
    """One row of the transition table: `trigger` moves `source` to `dest` if all guards pass."""

    trigger: str
    source: Stage
    dest: Stage
    guards: tuple[Guard, ...] = ()


E, N, V, D, P, EV, C, X = STAGE_ORDER + (Stage.CLOSED,)
_done = g.required_tasks_done
# Guards for leaving a stage with `advance`; every stage first needs its required tasks done.
_leave_values_check = (
    _done,
    g.mentor_values_written,
    g.partner_values_written,
    g.sensitive_themes_agreed,
    g.mentor_answered_case,
    g.partner_answered_case,
)
_leave_decide = (_done, g.mentor_said_yes, g.partner_said_yes)
_leave_pilot = (_done, g.construction_chosen, g.scope_dated, g.responsibilities_recorded, g.indicator_agreed)
_leave_evaluate = (_done, g.evaluation_shared, g.mentor_views_heard, g.mentee_views_heard)
_close = (g.reason_given, g.close_outcome_valid, g.structural_only_from_continue)
_close_from_continue = (g.reason_given, g.close_outcome_valid, g.exit_plan_when_stopping)

#: The whole workflow. Order matters only for `mermaid_diagram`.
RULES: tuple[Rule, ...] = (
    Rule("advance", E, N, (_done, g.relations_person_named)),
    Rule("advance", N, V, (_done,)),
    Rule("advance", V, D, _leave_values_check),
    Rule("advance", D, P, _leave_decide),
    Rule("advance", P, EV, _leave_pilot),
    Rule("advance", EV, C, _leave_evaluate),
    Rule("step_back", N, E, (g.reason_given,)),
    Rule("step_back", V, N, (g.reason_given,)),
    Rule("step_back", D, V, (g.reason_given,)),
    Rule("step_back", P, D, (g.reason_given,)),
    Rule("step_back", EV, P, (g.reason_given,)),
    Rule("step_back", C, EV, (g.reason_given,)),
    Rule("decline", D, X, (g.someone_said_no, g.referral_agreed)),
    Rule("new_round", C, P),
    Rule("close", E, X, _close),
    Rule("close", N, X, _close),
    Rule("close", V, X, _close),
    Rule("close", D, X, _close),
    Rule("close", P, X, _close),
    Rule("close", EV, X, _close),
    Rule("close", C, X, _close_from_continue),
    Rule("reopen", X, E),
)
del E, N, V, D, P, EV, C, X

_RULE_BY_KEY: dict[tuple[str, Stage], Rule] = {(r.trigger, r.source): r for r in RULES}
if len(_RULE_BY_KEY) != len(RULES):  # pragma: no cover - guards the table itself
    raise RuntimeError("RULES must hold one rule per (trigger, source)")


@dataclass(frozen=True)
class Transition:
    """A transition that passed its guards; the web layer stores it as a stage change."""

    trigger: str
    source: Stage
    dest: Stage
    round: int
    outcome: Outcome | None
    reason: str | None


#: Refusal codes that the form's own input can fix, and the input ("reason", "outcome") each is about.
INPUT_OF_REFUSAL: dict[str, str] = {
    "reason_required": "reason",
    "outcome_unknown": "outcome",
    "outcome_declined_needs_decline": "outcome",
    "structural_only_from_continue": "outcome",
    "exit_plan_missing": "outcome",
}


class TransitionRefused(Exception):
    """Raised by `CollaborationFlow.fire` with every reason why the trigger cannot fire."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = list(refusals)
        super().__init__("; ".join(r.text.en for r in self.refusals))


class _StageMachine(Machine):
    """Machine whose states are the Stage values, so checks read `is_stage_pilot()`.

    The model keeps `Stage` members; the library would look those up by member name
    (PILOT), so we map them to their value first.
    """

    def get_state(self, state):
        return super().get_state(state.value if isinstance(state, Stage) else state)


class CollaborationFlow:
    """The state machine around one workspace snapshot.

    Who calls it: views and templates (which buttons to show, and why others are not
    available) and the stage service (to fire). Besides the methods below, the library
    adds `may_advance()`, `may_step_back(reason=...)`, ... and `is_stage_explore()`, ...,
    `is_stage_closed()`; they agree with `may` and `refusals`.

    `stage` starts at `snapshot.stage` and is the only thing `fire` changes. Guards
    always read the snapshot, so after a fire build a new flow from fresh data.
    """

    def __init__(self, snapshot: WorkspaceSnapshot):
        self.snapshot = snapshot
        self.machine = _StageMachine(
            model=self,
            states=[s.value for s in Stage],
            initial=Stage(snapshot.stage).value,
            model_attribute="stage",
            auto_transitions=False,
        )
        for rule in RULES:
            self.machine.add_transition(
                rule.trigger,
                rule.source.value,
                rule.dest.value,
                conditions=[partial(self._passes, guard) for guard in rule.guards],
            )

    @property
    def stage(self) -> Stage:
        """The current stage (the library sets it by value; we keep the enum member)."""
        return self._stage

    @stage.setter
    def stage(self, value: Stage | str) -> None:
        self._stage = Stage(value)

    def _passes(self, guard: Guard, *_args, reason=None, outcome=None, **_kwargs) -> bool:
        # Called by the library as a transition condition, with the trigger's kwargs.
        return guard(self.snapshot, Request(reason, outcome)) is None

    def available(self) -> list[str]:
        """Triggers that lead out of the current stage, guards not considered, in TRIGGERS order."""
        defined = set(self.machine.get_triggers(self.stage.value))
        return [t for t in TRIGGERS if t in defined]

    def refusals(
        self, trigger: str, *, reason: str | None = None, outcome: Outcome | str | None = None
    ) -> list[Refusal]:
        """Every reason why `trigger` cannot fire now (all failing guards); [] if it can."""
        if trigger not in TRIGGERS:
            return [g.unknown_trigger(trigger)]
        rule = _RULE_BY_KEY.get((trigger, self.stage))
        if rule is None:
            return [g.not_allowed_here(TRIGGER_LABELS[trigger], self.stage)]
        request = Request(reason, outcome)
        return [r for r in (guard(self.snapshot, request) for guard in rule.guards) if r]

    def needs_reason(self, trigger: str) -> bool:
        """Whether `trigger` asks for a reason here (one of its guards refuses without one)."""
        return any(r.code == "reason_required" for r in self.refusals(trigger))

    def waiting_for(self, trigger: str, *, outcome: Outcome | str | None = None) -> list[Refusal]:
        """The readiness of `trigger`: what it still waits for besides the input the form leaves open (the
        reason always; the outcome too when `outcome` is None). [] when only the form is left to fill in."""
        open_inputs = {"reason"} if outcome is not None else {"reason", "outcome"}
        return [r for r in self.refusals(trigger, reason="-", outcome=outcome)
                if INPUT_OF_REFUSAL.get(r.code) not in open_inputs]

    def may(self, trigger: str, *, reason: str | None = None, outcome: Outcome | str | None = None) -> bool:
        """Whether `trigger` would fire now. Asks the library; never raises."""
        if trigger not in TRIGGERS:
            return False
        return bool(getattr(self, f"may_{trigger}")(reason=reason, outcome=outcome))

    def fire(
        self, trigger: str, *, reason: str | None = None, outcome: Outcome | str | None = None
    ) -> Transition:
        """Fire `trigger` and return what happened; raise TransitionRefused with all reasons.

        Changes only `self.stage`; the snapshot and the database are untouched. The caller
        stores the Transition (guarding its UPDATE with the expected source stage).
        """
        refused = self.refusals(trigger, reason=reason, outcome=outcome)
        if refused:
            raise TransitionRefused(refused)
        source = self.stage
        request = Request(reason, outcome)
        if not getattr(self, trigger)(reason=reason, outcome=outcome):  # pragma: no cover
            raise TransitionRefused([g.not_allowed_here(TRIGGER_LABELS[trigger], source)])
        transition = Transition(
            trigger=trigger,
            source=source,
            dest=self.stage,
            round=self.snapshot.round + 1 if trigger == "new_round" else self.snapshot.round,
            outcome=_outcome_for(trigger, request),
            reason=(reason or "").strip() or None,
        )
        log.debug("workflow %s: %s -> %s", trigger, source.value, transition.dest.value)
        return transition


def _outcome_for(trigger: str, request: Request) -> Outcome | None:
    if trigger == "decline":
        return Outcome.DECLINED
    if trigger == "close":
        return g.close_outcome(request)
    return None
