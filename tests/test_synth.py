"""The synthetic plan generator (bench/synth.py) and what the loaders make of its documents.

The generator is part of the project: the benchmark and these tests rely on it writing the
same bytes for a seed, exactly the number of measures asked for, and documents in the two
plan layouts that the loaders read without leaving anything unplaced.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
sys.path.append(str(BENCH))  # bench/ is not a package; its modules are unique names

import synth  # noqa: E402
import synth_layouts  # noqa: E402

from vazby.loaders.text import read_document  # noqa: E402


def test_synth_doctests_pass() -> None:
    """The examples in the generator's docstrings run."""
    for module in (synth, synth_layouts):
        assert doctest.testmod(module).failed == 0


def test_generate_plan_same_seed_same_text() -> None:
    """A seed always writes the same document; another seed writes another."""
    first = synth.generate_plan(3, 40, seed=11)
    again = synth.generate_plan(3, 40, seed=11)
    other = synth.generate_plan(3, 40, seed=12)
    assert first.text == again.text
    assert first.measures == again.measures
    assert first.text != other.text


@pytest.mark.parametrize("layout", synth.LAYOUTS)
@pytest.mark.parametrize("count", [1, 7, 50, 173])
def test_generate_plan_count_writes_that_many_measures(layout: str, count: int) -> None:
    """Each layout holds exactly the measures asked for, with unique identifiers."""
    plan = synth.generate_plan(1, count, seed=5, layout=layout)
    assert len(plan.measures) == count
    assert len(set(plan.measures)) == count
    if layout == "action-plan":
        # "Opatření 1.1.1.1<TAB>title" or the number alone with the title on a later line
        cards = [ln for ln in plan.text.splitlines() if ln.startswith("Opatření ")]
    else:
        # "1.1.1 Opatření<TAB>Od roku 2023 …"; numbering restarts per section: "B.2/1.1.1"
        cards = [ln for ln in plan.text.splitlines() if " Opatření\t" in ln]
        assert all(m.startswith("B.") for m in plan.measures)
    assert len(cards) == count


def test_generate_plan_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="at least one measure"):
        synth.generate_plan(1, 0)
    with pytest.raises(ValueError, match="unknown layout"):
        synth.generate_plan(1, 5, layout="minutes")


def test_evaluation_shared_budget_lists_its_measures() -> None:
    """A line like "1 417 500 Kč/OPZ (1.1.1, 1.1.2 a 1.1.3)" names every measure sharing it."""
    plan = synth.generate_plan(2, 200, seed=3)
    assert plan.shared_budgets, "200 measures should give at least one shared line"
    for shared in plan.shared_budgets:
        numbers = [m.split("/")[1] for m in shared]
        listing = synth_layouts.czech_list(numbers)
        assert f"/OPZ ({listing})" in plan.text


def test_action_plan_tables_follow_cards_except_planted_mismatches() -> None:
    """Financing-table rows ("1.1.1.1 Title<TAB>Aktivita<TAB>12 mil. Kč (3 roky)<TAB>OPZ+")
    exist for every card except the planted missing rows."""
    plan = synth.generate_plan(1, 120, seed=9)
    lines = plan.text.splitlines()
    start = lines.index("Tabulka 5 Financování opatření uvedených v Akčním plánu")
    end = lines.index("Čerpání z prostředků KPSV+")
    rows = [ln.split(" ", 1)[0] for ln in lines[start:end] if "\t" in ln]
    rows = [number for number in rows if "." in number]  # not the area rows "2 Rodina"
    missing = {mid for mid, kind in plan.mismatches if kind == "missing-row"}
    assert rows == [m for m in plan.measures if m not in missing]


def test_town_names_adjective_agrees_with_noun() -> None:
    """ "Nová Ves", "Nový Dvůr", "Nové Údolí" — never "Nová Dvůr"."""
    towns = synth_layouts.WORDS["towns"]
    gender_of = {noun: g for g, nouns in towns["nouns"].items() for noun in nouns}
    for name in synth.town_names(1500):
        adjective, noun = name.split(" ")[:2]
        assert adjective in towns["adjectives"][gender_of[noun]], name


def test_write_corpus_measures_written_in_both_layouts(tmp_path: Path) -> None:
    summary = synth.write_corpus(tmp_path, 230, seed=1)
    assert summary.measure_count == 230
    assert [p.name for p in summary.files] == [f"plan-{i:04d}.txt" for i in range(1, 6)]
    assert all(p.is_file() for p in summary.files)
    assert summary.layouts == ("action-plan", "evaluation") * 2 + ("action-plan",)
    assert max(summary.measures) - min(summary.measures) <= 1


def test_write_corpus_cp1250_decodes_through_read_document(tmp_path: Path) -> None:
    """A Windows-1250 file (common for Czech) is written and read back as the same text."""
    summary = synth.write_corpus(tmp_path, 60, seed=4, encoding="cp1250")
    for index, path in enumerate(summary.files, 1):
        data = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        document = read_document(path)
        assert document.encoding == "cp1250"
        expected = synth.generate_plan(index, summary.measures[index - 1], seed=4)
        assert "\n".join(document.lines) + "\n" == expected.text


def test_synth_main_writes_corpus_and_rejects_zero(tmp_path: Path, capsys) -> None:
    assert synth.main([str(tmp_path), "--measures", "75", "--seed", "2"]) == 0
    assert "2 documents, 75 measures" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        synth.main([str(tmp_path), "--measures", "0"])
    assert exit_info.value.code == 2


# --- the loaders on generated documents ------------------------------------------------------


def _loaders_or_skip():
    """The detect registry, skipping when a registered loader module is not written yet."""
    from vazby.loaders.detect import LOADERS, detect, loader_module

    for module in LOADERS.values():
        pytest.importorskip(module)
    return detect, loader_module


def _line_of(text: str, start: str, after: str = "") -> int:
    lines = text.splitlines()
    first = lines.index(after) if after else 0
    for number, line in enumerate(lines[first:], first + 1):
        if line.startswith(start):
            return number
    raise AssertionError(f"no line starting with {start!r}")


@pytest.mark.parametrize("index", range(1, 9))
def test_loaders_synthetic_plan_loads_every_measure_unplaced_nothing(
    tmp_path: Path, index: int
) -> None:
    """Every generated document is detected as its layout and loaded with exactly its
    measures; nothing is unplaced and the only diagnostics are the planted disagreements
    and the card/table differences the layout carries."""
    detect, loader_module = _loaders_or_skip()
    from vazby.loaders.records import BudgetLine, Measure

    plan = synth.generate_plan(index, 45, seed=21)
    path = tmp_path / plan.file_name
    path.write_text(plan.text, encoding="utf-8")
    document = read_document(path)
    name, _reason = detect(document)
    assert name == plan.layout
    from vazby.pipeline import add_one
    from vazby.rdf.build import GraphBuilder, new_graph

    # built, as `vazby build` builds it: the cards are compared with the tables on the graph
    result = add_one(GraphBuilder(new_graph()), loader_module(name).load(document))
    assert [m.id for m in result.of_type(Measure)] == plan.measures
    kinds = {d.kind for d in result.diagnostics}
    assert kinds <= {"card-table-mismatch", "missing-row"}, [str(d) for d in result.diagnostics]
    lines = {d.kind: set() for d in result.diagnostics}
    for d in result.diagnostics:
        lines[d.kind].update((d.line, *d.related))
    for mid, kind in plan.mismatches:
        if kind == "missing-row":
            card_line = _line_of(plan.text, f"Opatření {mid}")
            assert card_line in lines.get("missing-row", set()), (mid, kind)
        else:
            table = "Tabulka 5 Financování opatření uvedených v Akčním plánu"
            row_line = _line_of(plan.text, f"{mid} ", after=table)
            assert row_line in lines.get("card-table-mismatch", set()), (mid, kind)
    budget_sets = [set(b.measures) for b in result.of_type(BudgetLine)]
    for shared in plan.shared_budgets:
        assert set(shared) in budget_sets, shared


def test_loaders_cp1250_synthetic_plan_same_measures(tmp_path: Path) -> None:
    """A Windows-1250 copy loads into the same measures as the UTF-8 original."""
    detect, loader_module = _loaders_or_skip()
    from vazby.loaders.records import Measure

    summary = synth.write_corpus(tmp_path, 80, seed=8, encoding="cp1250")
    for index, path in enumerate(summary.files, 1):
        document = read_document(path)
        name, _ = detect(document)
        ids = [m.id for m in loader_module(name).load(document).of_type(Measure)]
        assert ids == synth.generate_plan(index, summary.measures[index - 1], seed=8).measures


def test_bench_build_small_corpus_prints_figures(tmp_path: Path) -> None:
    """bench/build.py builds a small synthetic corpus and prints its table and goals."""
    _loaders_or_skip()
    pytest.importorskip("vazby.pipeline")
    empty = tmp_path / "no-seeds"
    completed = subprocess.run(
        [sys.executable, str(BENCH / "build.py"), "--measures", "120", "--seeds", str(empty)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert "synthetic 120: vazby build" in out and "synthetic 120: in-process" in out
    row = next(ln for ln in out.splitlines() if ln.startswith("synthetic 120: in-process"))
    assert row.split()[3:5] == ["3", "120"]  # documents, measures
    assert "not measured" in out  # the 100,000-measure goals need the full run
