"""Property-based fuzz of every loader: a mutated document loads or fails with a LoadError
naming the file, never another exception, and quickly. Crashers found are kept below."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vazby.errors import LoadError
from vazby.loaders import load_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: One made-up document per loader.
DOCUMENTS = {
    "action-plan": "action_plan_small.txt",
    "evaluation": "evaluation_small.txt",
    "minutes": "minutes_lhota.txt",
    "results": "results_small.txt",
    "programme-report": "programme_small.txt",
}
#: What a bad conversion or a hostile author puts in a line.
NOISE = [
    "4" + "2" * 28,
    "40000000000000000000000 mil. Kč",
    "1e999999 Kč",
    "NaN mil. Kč",
    "-0,0 tis. Kč",
    "\x00",
    "\x1b]0;owned\x07",
    "\u202e",
    "\t\t\t",
    "1.1.1.1.1.1.1.1.1.1",
    "Opatření 1.1.1.1",
    "Cíl 9.9",
    "Vazba na další cíle: 1.1, 9.9.9, 1.1.1.1.1",
    "Předpokládané náklady\t999999999999999999 Kč",
    "## ",
    "- ",
    "**",
    "Termín: 13/2020 – 2/1999",
    "(((((((((",
    "ř" * 300,
]


def _mutations():
    line = st.one_of(st.sampled_from(NOISE), st.text(max_size=40))
    edit = st.tuples(
        st.sampled_from(["insert", "replace", "delete", "append"]), st.integers(0, 10**6), line
    )
    return st.lists(edit, min_size=1, max_size=6)


def _mutate(text: str, edits) -> str:
    lines = text.split("\n")
    for kind, where, value in edits:
        i = where % (len(lines) + 1)
        if kind == "insert":
            lines.insert(i, value)
        elif kind == "replace" and i < len(lines):
            lines[i] = value
        elif kind == "delete" and i < len(lines):
            del lines[i]
        elif kind == "append" and i < len(lines):
            lines[i] = lines[i] + " " + value
    return "\n".join(lines)


def _load_or_load_error(path: Path) -> None:
    started = time.perf_counter()
    try:
        load_path(path)
    except LoadError as exc:
        assert exc.path == str(path)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("loader", sorted(DOCUMENTS))
def test_loader_fuzz_mutated_document_loads_or_load_error(loader):
    text = (FIXTURES / DOCUMENTS[loader]).read_text(encoding="utf-8")

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_mutations())
    def check(edits):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / DOCUMENTS[loader]
            path.write_text(_mutate(text, edits), encoding="utf-8")
            _load_or_load_error(path)

    check()


# Crashers the fuzz found, kept as regression tests (each was an exception, not a LoadError).
CRASHERS = [
    ("results", [("replace", 5, "- zaměstnání " + "4" * 29 + " osob")]),
    ("action-plan", [("append", 84, "4" + "0" * 22 + " mil. Kč")]),
]


@pytest.mark.parametrize(("loader", "edits"), CRASHERS)
def test_loader_fuzz_crashers_stay_fixed(tmp_path, loader, edits):
    text = (FIXTURES / DOCUMENTS[loader]).read_text(encoding="utf-8")
    path = tmp_path / DOCUMENTS[loader]
    path.write_text(_mutate(text, edits), encoding="utf-8")
    _load_or_load_error(path)
