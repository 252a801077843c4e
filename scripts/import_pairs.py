"""Print the pairs of packages under workspace/ that import each other (directly, in either direction).

A "package" is a folder directly under workspace/ (accounts, stages, ...); a module directly under workspace/
(models.py, demo.py, ...) counts as a unit of its own. Every import counts, function-local ones too, because
they tie the two packages together just the same. Usage: ``python scripts/import_pairs.py [ROOT]`` (ROOT is
the repository, default: this one); ``-v`` also prints which modules make each pair.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path


def unit_of(module: str) -> str | None:
    """``workspace.stages.views`` -> ``stages``; ``workspace.demo`` -> ``demo``; anything else -> None."""
    parts = module.split(".")
    if parts[0] != "workspace" or len(parts) < 2:
        return None
    return parts[1]


def imported_modules(path: Path, module: str) -> set[str]:
    """Absolute names of every module imported by the file at ``path`` (named ``module``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # ``from . import demo`` imports the module ``<package>.demo``
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def edges(root: Path) -> dict[tuple[str, str], set[str]]:
    """(importing unit, imported unit) -> the importing modules."""
    result: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in sorted((root / "workspace").rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        source = unit_of(module)
        if source is None:
            continue
        for target_module in imported_modules(path, module):
            target = unit_of(target_module)
            if target is None or target == source:
                continue
            if not ((root / "workspace" / target).is_dir() or (root / "workspace" / f"{target}.py").exists()):
                continue  # ``from workspace import create_app`` and the like
            result[(source, target)].add(module)
    return result


def mutual_pairs(root: Path) -> list[tuple[str, str]]:
    found = edges(root)
    units = sorted({unit for pair in found for unit in pair})
    return [(a, b) for a, b in combinations(units, 2) if (a, b) in found and (b, a) in found]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    found = edges(root)
    pairs = mutual_pairs(root)
    print(f"{len(pairs)} package pairs under workspace/ import each other")
    for a, b in pairs:
        print(f"  {a} <-> {b}")
        if verbose:
            print(f"      {a} -> {b}: {', '.join(sorted(found[(a, b)]))}")
            print(f"      {b} -> {a}: {', '.join(sorted(found[(b, a)]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
