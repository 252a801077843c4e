"""A Mermaid state diagram written from the same transition table the machine uses.

Called by the README generator and the help page; deterministic, so it can be
committed and compared in tests.
"""

from __future__ import annotations

from .flow import RULES
from .stages import STAGES, Stage


def mermaid_diagram(lang: str = "nl") -> str:
    """Return a Mermaid `stateDiagram-v2` with every stage and every trigger as edge label."""
    lines = ["stateDiagram-v2", f"    [*] --> {Stage.EXPLORE.value}"]
    for stage in Stage:
        lines.append(f'    state "{STAGES[stage].label.get(lang)}" as {stage.value}')
    for rule in RULES:
        lines.append(f"    {rule.source.value} --> {rule.dest.value}: {rule.trigger}")
    return "\n".join(lines) + "\n"
