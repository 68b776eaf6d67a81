"""Coverage of every document, counted from the provenance of what its loader read."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vazby.cli import main
from vazby.documents.model import Locator
from vazby.loaders import load_path
from vazby.loaders.coverage import counted
from vazby.loaders.records import Abbreviation, Area, Document, LoadResult, Plan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _doc(lines: tuple[str, ...], locators: tuple = (), headings: tuple = ()) -> Document:
    return Document("z.txt", "z.txt", "0" * 64, "utf-8", lines, locators, "text", headings)


def _abbr(doc: Document, line: int) -> Abbreviation:
    return Abbreviation(doc.name, "MAS", "místní akční skupina", doc.span(line))


def test_lines_no_record_covers_are_unplaced_by_section_and_low_share_is_a_diagnostic():
    # "Seznam zkratek" read; "Poděkování" with its three lines is not
    doc = _doc(
        (
            "Seznam zkratek",
            "MAS – místní akční skupina",
            "",
            "Poděkování",
            "Děkujeme všem, kdo se zapojili.",
            "Zvláště pak škole.",
        )
    )
    result = counted(LoadResult(doc, "programme-report", (_abbr(doc, 2),)))
    coverage = result.coverage
    assert coverage is not None
    assert (coverage.placed, coverage.total, coverage.units) == (1, 5, "lines")
    assert coverage.unplaced == (("Seznam zkratek", (1,)), ("Poděkování", (4, 5, 6)))
    (low,) = [d for d in result.diagnostics if d.kind == "coverage"]
    assert low.message.startswith(
        "only 20% of the lines placed with the programme-report loader: 4 lines became no fact"
    )
    assert "'Poděkování' 3" in low.message


def test_paragraphs_and_rows_of_a_word_file_are_named_so():
    # a DOCX rendered one block to a line: the units are paragraphs and rows
    loc = Locator(paragraph=1)
    doc = _doc(
        ("Zápis", "", "MAS – místní akční skupina", ""), (loc, None, loc, None), (1, 0, 0, 0)
    )
    result = counted(LoadResult(doc, "minutes", (_abbr(doc, 3),)))
    assert result.coverage is not None
    assert (result.coverage.units, result.coverage.placed, result.coverage.total) == (
        "paragraphs and rows",
        1,
        2,
    )
    assert result.coverage.unplaced == (("Zápis", (1,)),)
    assert "50% of the paragraphs and rows placed" in result.diagnostics[0].message


def test_a_container_places_its_first_line_not_all_it_spans():
    # a plan over lines 1-6 holding an area at 2: only their first lines are placed
    doc = _doc(("Plán", "Oblast 1 Bydlení", "text", "text", "text", "text"))
    plan = Plan("p", "Plán", None, "action-plan", doc.span(1, 6))
    area = Area("p", "1", "1", "Bydlení", doc.span(2))
    result = counted(LoadResult(doc, "action-plan", (plan, area)))
    assert result.coverage is not None and result.coverage.placed == 2


def test_a_loader_that_counts_its_own_coverage_is_left_alone():
    result = load_path(FIXTURES / "outline" / "label_lines.txt")
    assert result.loader == "outline" and result.coverage is not None
    assert counted(result) is result


def test_every_loader_gets_a_coverage(tmp_path):
    for name, loader in (
        ("action_plan_small.txt", "action-plan"),
        ("evaluation_small.txt", "evaluation"),
        ("minutes_lhota.txt", "minutes"),
        ("results_small.txt", "results"),
        ("programme_small.txt", "programme-report"),
    ):
        result = load_path(FIXTURES / name)
        assert result.loader == loader
        assert result.coverage is not None and result.coverage.total > 0, name
        assert result.coverage.units == "lines"


def test_build_prints_and_info_shows_the_coverage_of_a_loader_read_plan(tmp_path):
    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    built = runner.invoke(
        main, ["build", str(FIXTURES / "action_plan_small.txt"), "-o", str(graph)]
    )
    assert built.exit_code == 0, built.output
    result = counted(load_path(FIXTURES / "action_plan_small.txt"))
    assert result.coverage is not None
    percent = result.coverage.percent
    assert f"action_plan_small.txt: action-plan loader, {percent}% of lines placed" in built.stderr
    info = runner.invoke(main, ["info", str(graph)])
    assert f"(action-plan loader, {percent}% of lines placed)" in info.stdout
    text = graph.read_text(encoding="utf-8")
    assert "vz:coverageUnits" in text or "coverageUnits" in text
