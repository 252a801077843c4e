"""The diagram command prints the machine's Mermaid diagram, and the README carries the current copy."""

from pathlib import Path

from workflows import mermaid_diagram
from workspace.stages.views import README_END, README_START, readme_block

README = Path(__file__).resolve().parent.parent / "README.md"


def test_cli_prints_the_diagram(app):
    result = app.test_cli_runner().invoke(args=["workflow", "diagram"])
    assert result.exit_code == 0, result.output
    assert result.output == mermaid_diagram()
    assert result.output.startswith("stateDiagram-v2\n")
    english = app.test_cli_runner().invoke(args=["workflow", "diagram", "--lang", "en"])
    assert english.output == mermaid_diagram("en")


def test_readme_embeds_the_current_diagram():
    text = README.read_text(encoding="utf-8")
    assert text.count(README_START) == 1 and text.count(README_END) == 1
    block = text[text.index(README_START):text.index(README_END) + len(README_END)]
    assert block == readme_block(), (
        "The workflow diagram in README.md is stale. Run: flask --app wsgi workflow diagram --readme README.md"
    )


def test_cli_rewrites_only_the_readme_block(app, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n{README_START}\nold\n{README_END}\nafter\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["workflow", "diagram", "--readme", str(readme)])
    assert result.exit_code == 0, result.output
    assert readme.read_text(encoding="utf-8") == f"# Title\n\nbefore\n{readme_block()}\nafter\n"
    readme.write_text("no markers\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["workflow", "diagram", "--readme", str(readme)])
    assert result.exit_code != 0
