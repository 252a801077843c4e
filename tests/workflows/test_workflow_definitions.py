"""Stages, outcomes, bilingual text and task templates: the static half of workflows/."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from workflows import (
    STAGE_ORDER,
    STAGES,
    TASK_TEMPLATES,
    Outcome,
    Stage,
    StageInfo,
    TaskTemplate,
    Text,
    tasks_for,
)

REPO = Path(__file__).resolve().parents[2]


def test_stage_values_are_what_the_database_stores():
    assert [s.value for s in Stage] == [
        "explore",
        "network",
        "values_check",
        "decide",
        "pilot",
        "evaluate",
        "continue",
        "closed",
    ]
    assert Stage("continue") is Stage.CONTINUING
    assert isinstance(Stage.PILOT, str) and Stage.PILOT == "pilot"


def test_stage_order_is_the_seven_working_stages():
    assert STAGE_ORDER == tuple(s for s in Stage if s is not Stage.CLOSED)
    assert len(STAGE_ORDER) == 7


def test_every_stage_has_info_with_dutch_labels():
    assert set(STAGES) == set(Stage)
    labels = [STAGES[s].label.nl for s in STAGE_ORDER]
    assert labels == [
        "Verkennen",
        "Netwerken",
        "Waarden toetsen",
        "Besluiten",
        "Pilot",
        "Evalueren",
        "Vervolg",
    ]
    assert STAGES[Stage.CLOSED].label == Text("Afgesloten", "Closed")
    assert Stage.DECIDE.label is STAGES[Stage.DECIDE].label
    for stage, info in STAGES.items():
        assert isinstance(info, StageInfo) and info.stage is stage
        assert info.label.en


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_purpose_is_two_sentences(stage, lang):
    purpose = STAGES[stage].purpose.get(lang)
    assert len(re.findall(r"[.!?](?=\s|$)", purpose)) == 2, purpose


def test_stage_tips_follow_the_leaflet():
    assert {s: STAGES[s].tips for s in Stage} == {
        Stage.EXPLORE: (1, 2),
        Stage.NETWORK: (3, 4),
        Stage.VALUES_CHECK: (5, 6),
        Stage.DECIDE: (7,),
        Stage.PILOT: (8, 9, 10),
        Stage.EVALUATE: (11,),
        Stage.CONTINUING: (11, 12),
        Stage.CLOSED: (),
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "hallo"),
        ("en", "hello"),
        ("en_GB", "hello"),
        ("EN-us", "hello"),
        ("de", "hallo"),
        ("", "hallo"),
    ],
)
def test_text_get_falls_back_to_dutch(lang, expected):
    assert Text("hallo", "hello").get(lang) == expected


def test_text_is_frozen():
    with pytest.raises(AttributeError):
        Text("a", "b").nl = "c"  # type: ignore[misc]


def test_outcome_values_and_labels():
    assert [o.value for o in Outcome] == ["declined", "stopped", "structural"]
    assert Outcome.DECLINED.label.nl == "Afgewezen"
    assert Outcome.STRUCTURAL.label.get("en") == "Structural collaboration"
    assert all(o.label.nl and o.label.en for o in Outcome)


def test_task_templates_cover_the_working_stages():
    assert set(TASK_TEMPLATES) == set(STAGE_ORDER)
    assert tasks_for(Stage.CLOSED) == ()
    assert tasks_for("pilot") == TASK_TEMPLATES[Stage.PILOT]


@pytest.mark.parametrize("stage", STAGE_ORDER)
def test_task_templates_per_stage(stage):
    tasks = tasks_for(stage)
    assert 4 <= len(tasks) <= 7
    assert 2 <= sum(t.required for t in tasks) <= 3
    keys = [t.key for t in tasks]
    assert len(set(keys)) == len(keys)
    for task in tasks:
        assert isinstance(task, TaskTemplate)
        assert task.stage is stage
        assert task.key.startswith(f"{stage.value}.")
        assert task.title.nl and task.title.en
        assert len(task.title.nl) <= 120 and len(task.title.en) <= 120
        assert task.description.nl and task.description.en
        assert task.tips and all(1 <= tip <= 12 for tip in task.tips)


def test_task_tips_mostly_come_from_the_stage():
    # Indicators are agreed in the pilot stage although tip 11 is about evaluation, and the
    # pilot scope draws on tip 7; everything else comes from the stage's own tips.
    allowed_extra = {"pilot.indicators": {11}, "pilot.scope": {7}}
    for stage, tasks in TASK_TEMPLATES.items():
        for task in tasks:
            assert set(task.tips) <= set(STAGES[stage].tips) | allowed_extra.get(task.key, set()), task.key


def test_workflows_imports_neither_flask_nor_sqlalchemy():
    code = (
        "import sys, workflows; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy')); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    for path in (REPO / "workflows").glob("*.py"):
        source = path.read_text(encoding="utf-8").lower()
        assert "import flask" not in source and "from flask" not in source, path
        assert "sqlalchemy" not in source, path
