"""Loaders read cells, never a tab character: only vazby/loaders/lines.py, the module that
renders blocks into lines, may know what separates a row's cells in its text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vazby.loaders import lines
from vazby.pipeline import build_corpus

LOADERS = Path(__file__).resolve().parents[2] / "vazby" / "loaders"
#: The one module that knows the separator.
ALLOWED = {"lines.py"}

#: Ways to write a tab in source other than the character itself or a string holding it.
SPELLINGS = ("\\t", "\\x09", "\\u0009", "\\011", "chr(9)", "CHARACTER TABULATION")


def _tabs(source: str) -> list[str]:
    """Where ``source`` writes a tab: as a character, an escape (in code, a regular
    expression or a doctest) or in the value of a string literal."""
    found = [
        f"line {n}: {s!r}"
        for n, line in enumerate(source.splitlines(), 1)
        for s in ("\t", *SPELLINGS)
        if s in line
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            value = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            if "\t" in value:
                found.append(f"line {node.lineno}: a string holding a tab")
    return found


def test_finder_sees_every_spelling() -> None:
    """The check itself: each way of writing a tab is caught, plain text is not."""
    assert _tabs('x = "a\\tb"\n')
    assert _tabs('x = r"[^\\t]"\n')
    assert _tabs("x = 'a\tb'\n")
    assert _tabs('x = "\\x09"\n')
    assert _tabs("x = chr(9)\n")
    assert _tabs('"""Doc.\n\n>>> f("a\\\\tb")\n"""\n')
    assert not _tabs('x = "a b"  # cells, not tabs\n')


@pytest.mark.parametrize(
    "path",
    sorted(p for p in LOADERS.rglob("*.py") if p.name not in ALLOWED),
    ids=lambda p: str(p.relative_to(LOADERS)),
)
def test_loader_has_no_tab(path: Path) -> None:
    found = _tabs(path.read_text("utf-8"))
    assert not found, (
        f"{path.name} writes a tab ({'; '.join(found)}): read a row's cells with "
        "Document.cells, never its text's separator"
    )


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: Plans of every layout whose cards and tables are rows of cells.
PLANS = sorted(
    [*FIXTURES.glob("*.txt"), *(FIXTURES / "outline").glob("*.txt")], key=lambda p: p.name
)


def _built(path: Path) -> tuple[list[str], list[str]]:
    result = build_corpus([path], with_vocabulary=False)
    triples = sorted(line for line in result.graph.serialize(format="nt").splitlines() if line)
    return triples, [str(d) for d in result.diagnostics]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_graph_does_not_depend_on_which_character_separates_cells(path, monkeypatch):
    """Another white space between a row's cells (an em space) gives the same graph and the
    same diagnostics: the loaders read cells, not the separator."""
    expected = _built(path)
    monkeypatch.setattr(lines, "CELL_SEPARATOR", "\u2003")
    assert _built(path) == expected
