"""The Mermaid diagram is generated from the same table the machine runs on."""

from workflows import RULES, STAGES, TRIGGERS, Stage, mermaid_diagram


def test_diagram_is_a_state_diagram_ending_in_a_newline():
    diagram = mermaid_diagram()
    assert diagram.startswith("stateDiagram-v2\n")
    assert diagram.endswith("\n") and not diagram.endswith("\n\n")
    assert "    [*] --> explore\n" in diagram


def test_diagram_mentions_every_stage_and_trigger():
    diagram = mermaid_diagram()
    for stage in Stage:
        assert f'state "{STAGES[stage].label.nl}" as {stage.value}\n' in diagram
    for trigger in TRIGGERS:
        assert f": {trigger}\n" in diagram


def test_diagram_has_one_edge_per_rule_in_table_order():
    edges = [line.strip() for line in mermaid_diagram().splitlines() if "-->" in line and "[*]" not in line]
    assert edges == [f"{r.source.value} --> {r.dest.value}: {r.trigger}" for r in RULES]
    assert "decide --> closed: decline" in edges
    assert "continue --> pilot: new_round" in edges
    assert "closed --> explore: reopen" in edges


def test_diagram_is_deterministic_and_can_use_english_labels():
    assert mermaid_diagram() == mermaid_diagram()
    english = mermaid_diagram("en")
    assert 'state "Explore" as explore' in english
    assert 'state "Closed" as closed' in english
    assert english.replace("Explore", "Verkennen") != english
