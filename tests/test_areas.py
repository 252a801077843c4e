"""The app is its list of areas (workspace/areas.py): nothing registers itself at import time, so two apps built
in one process are the same, and building a second one leaves the first as it was."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import Flask

from workspace import create_app
from workspace.areas import AREAS, install
from workspace.core.area import installed

ROOT = Path(__file__).resolve().parent.parent
CONFIG = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}


def _shape(app) -> dict:
    """Everything the areas add to an app, in a form two apps can be compared by."""
    done = installed(app)
    return {
        "rules": sorted((r.rule, r.endpoint, tuple(sorted(r.methods))) for r in app.url_map.iter_rules()),
        "blueprints": list(app.blueprints),
        "tabs": [(endpoint, str(label)) for endpoint, label in done.tabs],
        "stage_pages": {stage: [(e, str(label)) for e, label in pages] for stage, pages in done.stage_pages.items()},
        "hooks": [done.snapshot_contributors, done.on_workspace_created, done.on_transition, done.personal_data,
                  done.export_sections, done.demo],
        "feed_labels": {verb: str(label) for verb, label in done.feed_labels.items()},
        "commands": sorted(app.cli.commands),
        "globals": sorted(app.jinja_env.globals),
    }


def test_two_apps_are_the_same_and_the_second_leaves_the_first_alone():
    first = create_app(CONFIG)
    with first.test_request_context("/"):
        before = _shape(first)
    second = create_app(CONFIG)
    with first.test_request_context("/"):
        assert _shape(first) == before
    with second.test_request_context("/"):
        assert _shape(second) == before
    assert installed(first) is not installed(second)
    assert first.blueprints["ws"] is not second.blueprints["ws"]  # each app has its own workspace scope


def test_the_app_holds_what_the_list_declares():
    app = create_app(CONFIG)
    done = installed(app)
    assert done.areas == AREAS
    assert len({a.name for a in AREAS}) == len(AREAS)
    declared = {tab.endpoint for area in AREAS for tab in area.tabs}
    assert [endpoint for endpoint, _label in done.tabs] == sorted(
        declared, key=lambda e: next(t.order for a in AREAS for t in a.tabs if t.endpoint == e))
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert declared <= endpoints  # every tab and stage page points at a route that exists
    assert {e for pages in done.stage_pages.values() for e, _label in pages} <= endpoints


def test_an_app_can_be_built_from_fewer_areas():
    small = Flask("small")
    done = install(small, tuple(a for a in AREAS if a.name in ("core", "notes")))
    assert [a.name for a in done.areas] == ["core", "notes"] and installed(small) is done
    assert set(done.feed_labels) == {verb for verb in done.feed_labels if verb.startswith("note.")}
    endpoints = {r.endpoint for r in small.url_map.iter_rules()}
    assert "ws.notes.index" in endpoints and "ws.pilot.index" not in endpoints


def _module_level_calls(path: Path) -> list[str]:
    """Statements at the top of a module that call something (registration, appending to a list, ...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}" for node in tree.body
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            or isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try)]


def test_no_module_registers_anything_at_import_time():
    found = [line for path in sorted((ROOT / "workspace").rglob("*.py")) for line in _module_level_calls(path)]
    assert not found, "module-level calls: " + "; ".join(found)


FOUNDATIONS = ("core", "accounts", "orgs", "tenancy", "activity")


def _imports_of(path: Path) -> set[str]:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from import_pairs import imported_modules
    finally:
        sys.path.pop(0)
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    return imported_modules(path, module)


def test_foundations_import_no_views_of_other_areas():
    """core, accounts, orgs, tenancy and activity are used by every area; they never reach into an area's
    pages (function-local imports count too)."""
    found = []
    for foundation in FOUNDATIONS:
        for path in sorted((ROOT / "workspace" / foundation).rglob("*.py")):
            for name in _imports_of(path):
                parts = name.split(".")
                if (len(parts) >= 3 and parts[0] == "workspace" and parts[1] != foundation
                        and parts[2] in ("views", "org_views", "workspaces")):
                    found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not found, found


def test_the_import_check_sees_a_views_import(tmp_path):
    """The parser behind the check above resolves relative and function-local imports."""
    module = tmp_path / "workspace" / "tenancy" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from ..stages.views import show\n    from .. import notes\n")
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from import_pairs import imported_modules

    assert {"workspace.stages.views", "workspace.notes"} <= imported_modules(module, "workspace.tenancy.x")
