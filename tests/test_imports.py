"""The import rules of the design, read from the package's own source with ``ast``.

Data flows one way: documents → loaders → rdf → query / exports → cli. A module may import
only what lies upstream of it, and no import hides inside a function to dodge a cycle except
those listed below with their reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "vazby"

#: Package (dotted prefix) → prefixes of modules it must never import.
FORBIDDEN = {
    "vazby.documents": ("rdflib", "networkx", "vazby.loaders", "vazby.rdf", "vazby.query"),
    "vazby.loaders": ("rdflib", "networkx", "vazby.rdf", "vazby.query", "vazby.exports"),
    "vazby.lang": ("rdflib", "networkx", "vazby.loaders", "vazby.rdf", "vazby.query"),
    "vazby.czech": ("rdflib", "networkx", "vazby.loaders", "vazby.rdf", "vazby.query"),
    "vazby.rdf": ("vazby.query", "vazby.exports", "vazby.cli", "vazby.serve"),
    "vazby.query": ("vazby.exports", "vazby.cli", "vazby.serve"),
    "vazby.exports": ("vazby.cli",),
    "vazby": ("vazby.cli",),  # nothing outside the CLI imports it
}

#: Modules allowed to import vazby modules inside a function, and why.
LATE_IMPORTS = {
    # a command imports the library it wraps when it runs; only what its options offer
    # (the format registry's names) is read when the CLI starts
    "vazby.cli": "commands load their library when they run",
    # a worker leaves the network before any library starts a thread (unshare refuses a
    # threaded process), then loads the library that answers its jobs
    "vazby.workers": "vazby.jobs loaded once the worker has left the network",
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) of every import in ``path``."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, nested) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                names = [f"{base}.{a.name}" for a in child.names]
                found.extend((name, child.lineno, nested) for name in [base, *names])
            visit(child, inner)

    visit(tree, False)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_every_package_imports_only_what_lies_upstream():
    broken = []
    for module, path in _modules().items():
        for rule, banned in FORBIDDEN.items():
            if not _within(module, rule) or (rule == "vazby" and _within(module, "vazby.cli")):
                continue
            for name, line, _ in _imports(module, path):
                if any(_within(name, b) for b in banned) and not _within(name, module):
                    broken.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name}")
    assert not broken, "imports against the design:\n" + "\n".join(sorted(set(broken)))


def test_no_import_of_vazby_hides_in_a_function():
    late = []
    for module, path in _modules().items():
        if any(
            module == allowed or module.startswith(allowed + ".") and allowed == "vazby.cli"
            for allowed in LATE_IMPORTS
        ):
            continue
        for name, line, nested in _imports(module, path):
            if nested and _within(name, "vazby"):
                late.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name}")
    assert not late, "imports inside functions:\n" + "\n".join(sorted(set(late)))


def test_the_rules_see_a_relative_import_and_a_late_one(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("from ..query import orphans\ndef f():\n    from . import store\n")
    found = _imports("vazby.rdf.mod", source)
    assert ("vazby.query", 1, False) in found and ("vazby.query.orphans", 1, False) in found
    assert ("vazby.rdf.store", 3, True) in found


def _import_graph() -> dict[str, set[str]]:
    """Module → the vazby modules it imports, at the top, in a function or for type checks
    alike. ``from . import x`` is an import of the module ``x``, not of its package."""
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        found = _imports(module, path)
        lines: dict[int, set[str]] = {}
        for name, line, _ in found:
            if name in modules:
                lines.setdefault(line, set()).add(name)
        targets = set()
        for names in lines.values():
            targets |= {
                n for n in names if not any(o != n and o.startswith(n + ".") for o in names)
            }
        edges[module] = targets - {module}
    return edges


def test_no_import_cycle():
    graph = nx.DiGraph(_import_graph())
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, "modules importing each other:\n" + "\n".join(map(str, cycles))


def test_the_cycle_rule_sees_a_cycle():
    graph = nx.DiGraph({"a": {"b"}, "b": {"a"}, "c": {"a"}})
    assert [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1] == [
        ["a", "b"]
    ]
