"""Mentorbrug's collaboration workflow: stages, task templates, transitions and guards.

Pure Python on top of the `transitions` library; no Flask, no database. The web layer
builds a `WorkspaceSnapshot`, asks a `CollaborationFlow` what may happen and stores
the `Transition` that `fire` returns.
"""

from .diagram import mermaid_diagram
from .flow import (
    INPUT_OF_REFUSAL,
    RULES,
    TRIGGER_LABELS,
    TRIGGERS,
    CollaborationFlow,
    Rule,
    Transition,
    TransitionRefused,
)
from .guards import Refusal
from .snapshot import WorkspaceSnapshot
from .stages import (
    OUTCOME_CODES,
    STAGE_CODES,
    STAGE_ORDER,
    STAGES,
    WORKING_STAGE_CODES,
    Outcome,
    Stage,
    StageInfo,
)
from .tasks import TASK_TEMPLATES, TaskTemplate, tasks_for
from .text import Text

__all__ = [
    "CollaborationFlow",
    "INPUT_OF_REFUSAL",
    "OUTCOME_CODES",
    "Outcome",
    "Refusal",
    "RULES",
    "Rule",
    "STAGES",
    "STAGE_CODES",
    "STAGE_ORDER",
    "Stage",
    "StageInfo",
    "TASK_TEMPLATES",
    "TRIGGERS",
    "TRIGGER_LABELS",
    "TaskTemplate",
    "Text",
    "Transition",
    "TransitionRefused",
    "WORKING_STAGE_CODES",
    "WorkspaceSnapshot",
    "mermaid_diagram",
    "tasks_for",
]
