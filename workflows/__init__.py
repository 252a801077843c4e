"""Mentorbrug's collaboration workflow: stages, task templates, transitions and guards.

Pure Python on top of the `transitions` library; no Flask, no database. The web layer
builds a `WorkspaceSnapshot`, asks a `CollaborationFlow` what may happen and stores
the `Transition` that `fire` returns.
"""

from .diagram import mermaid_diagram
from .flow import RULES, TRIGGER_LABELS, TRIGGERS, CollaborationFlow, Rule, Transition, TransitionRefused
from .guards import Refusal
from .snapshot import WorkspaceSnapshot
from .stages import STAGE_ORDER, STAGES, Outcome, Stage, StageInfo
from .tasks import TASK_TEMPLATES, TaskTemplate, tasks_for
from .text import Text

__all__ = [
    "CollaborationFlow",
    "Outcome",
    "Refusal",
    "RULES",
    "Rule",
    "STAGES",
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
    "WorkspaceSnapshot",
    "mermaid_diagram",
    "tasks_for",
]
