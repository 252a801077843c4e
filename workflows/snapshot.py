"""The immutable facts about one workspace that the guards look at.

The web layer builds a `WorkspaceSnapshot` from the database for each request; the
workflow package never reads the database itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .stages import Stage


@dataclass(frozen=True)
class WorkspaceSnapshot:
    """Everything a guard may need, as plain values. Only `stage` is mandatory.

    Fields that belong to one stage describe the current stage and pilot round.
    Decisions are "yes", "no" or None (not recorded yet).
    """

    stage: Stage
    round: int = 1
    #: Titles of required tasks of the current stage and round that are not done yet.
    open_required_tasks: tuple[str, ...] = ()
    # explore
    has_relations_person: bool = False
    # values_check
    values_mentor: bool = False
    values_partner: bool = False
    #: Names of sensitive themes that have no agreement yet.
    open_sensitive_themes: tuple[str, ...] = ()
    case_answered_mentor: bool = False
    case_answered_partner: bool = False
    # decide
    decision_mentor: str | None = None
    decision_partner: str | None = None
    has_referral_agreement: bool = False
    # pilot
    construction: str | None = None
    has_scope_dates: bool = False
    responsibility_rows: int = 0
    indicators: int = 0
    # evaluate
    evaluation_shared: bool = False
    evaluation_has_mentor_views: bool = False
    evaluation_has_mentee_views: bool = False
    # continue
    has_exit_plan: bool = False
