"""What ``pip install`` needs to know: every package vazby imports is declared."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Imported only inside ``try: … except ImportError``, with a plain fallback or a message
#: saying what to install.
OPTIONAL = {"scipy"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        name = requirement.split(";")[0]
        for stop in "<>=!~[ ":
            name = name.split(stop)[0]
        names.add(name.strip().lower().replace("_", "-"))
    return names


def _imported() -> set[str]:
    found = set()
    for path in (ROOT / "vazby").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"vazby", "__future__"}


def test_every_imported_package_is_declared():
    distributions = packages_distributions()
    declared = _declared()
    missing = []
    for module in sorted(_imported() - OPTIONAL):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing.append(module)
    assert not missing, f"imported but not in pyproject's dependencies: {missing}"


def test_the_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert isinstance(project["license"], str)


@pytest.mark.parametrize("module", sorted(OPTIONAL))
def test_an_optional_package_is_imported_only_where_its_absence_is_handled(module):
    for path in (ROOT / "vazby").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        guarded = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Try)
            and any(
                isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in node.handlers
            )
            for stmt in node.body
            for inner in ast.walk(stmt)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
                assert id(node) in guarded, f"{path}:{node.lineno}"
