"""Numbers out of any sensible range: left out with a ``field`` diagnostic, the rest loaded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from vazby.loaders import load_path
from vazby.loaders.ranges import drop_senseless_numbers
from vazby.loaders.records import Amount, Document, Figure, LoadResult, SourceSpan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _document(path: str) -> Document:
    return Document(path=path, name=path, sha256="x", encoding="utf-8", lines=())


def test_drop_senseless_numbers_fake_records_optional_none_required_dropped():
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Cost:
        amount: Amount
        figures: tuple[Figure, ...]
        source: SourceSpan

    span = SourceSpan("x.txt", "x", 7, 8)
    huge = Decimal("4" + "0" * 28)
    record = Cost(
        Amount(raw="4" + "0" * 22 + " mil. Kč", czk=huge),
        (Figure(Decimal(42), "osob", "42 osob"), Figure(huge, "osob", "huge osob")),
        span,
    )
    result = drop_senseless_numbers(LoadResult(_document("x.txt"), "test", (record,)))
    (kept,) = result.records
    assert kept.amount.czk is None and kept.amount.raw.endswith("mil. Kč")
    assert [f.quantity for f in kept.figures] == [Decimal(42)]
    assert [(d.path, d.line, d.kind) for d in result.diagnostics] == [("x.txt", 7, "field")] * 2
    assert "29 digits" in result.diagnostics[0].message


def test_drop_senseless_numbers_sensible_result_unchanged():
    record = Figure(Decimal("187"), "osob", "187 osob")
    result = LoadResult(_document("x.txt"), "test", (record,))
    assert drop_senseless_numbers(result) is result


def test_results_29_digit_figure_field_diagnostic_rest_loaded(tmp_path):
    # "- zaměstnání 42000000000000000000000000000 osob z řad dlouhodobě nezaměstnaných"
    text = (FIXTURES / "results_small.txt").read_text(encoding="utf-8")
    bad = tmp_path / "results.txt"
    bad.write_text(text.replace("42 osob", "4" + "2" * 28 + " osob"), encoding="utf-8")
    good = load_path(FIXTURES / "results_small.txt")
    result = load_path(bad)
    fields = [d for d in result.diagnostics if "digits" in d.message]
    assert [(d.kind, d.line) for d in fields] == [("field", 6)]
    assert len(result.records) == len(good.records)


def test_cost_23_digits_before_mil_kc_field_diagnostic_measure_kept(tmp_path):
    # "Předpokládané náklady	40000000000000000000000 mil. Kč"
    text = (FIXTURES / "action_plan_small.txt").read_text(encoding="utf-8")
    bad = tmp_path / "plan.txt"
    bad.write_text(text.replace("\t4 mil. Kč", "\t4" + "0" * 22 + " mil. Kč"), encoding="utf-8")
    good = load_path(FIXTURES / "action_plan_small.txt")
    result = load_path(bad)
    fields = [d for d in result.diagnostics if "digits" in d.message]
    assert fields and all(d.kind == "field" for d in fields)
    assert len(result.records) == len(good.records)
