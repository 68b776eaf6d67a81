"""Tests of the summary tables of the action-plan layout, read into rows.

Each test writes a small made-up table in the shape a converter leaves it: tab-separated
cells, shifted rows, section and separator rows, bracketed amounts and total rows.
"""

from __future__ import annotations

from decimal import Decimal

from vazby.documents.text import read_text
from vazby.loaders.lines import document_of
from vazby.loaders.plan_tables import find_tables, read_table
from vazby.loaders.records import Document, TableRow

T = "\t"
FINANCING_HEADER = (
    f"Opatření{T}Sociální služba (typ služby) / aktivita{T}Předpokládané náklady (období)"
    f"{T}Zdroje financování"
)
ALLOCATION_HEADER = (
    f"Tematická oblast{T}Specifický cíl{T}Opatření{T}Alokace v Kč (KPSV+){T}Operační program"
    f"{T}Priorita OP{T}Specifický cíl OP"
)


def make_doc(text: str) -> Document:
    """The document a text file holding ``text`` is read into: its tab lines are rows."""
    return document_of(read_text(text, "plan.txt", sha256="0" * 64))


def rows_of(text: str) -> tuple[list[TableRow], list]:
    doc = make_doc(text)
    rows, diagnostics = [], []
    for block in find_tables(doc, lambda n, t: False):
        r, d = read_table(doc, block, "p")
        rows += r
        diagnostics += d
    return rows, diagnostics


def test_financing_rows_read_section_and_separator_rows_skipped() -> None:
    """'1 Vzdělávání<TAB><TAB><TAB>' and '---<TAB>---' are no rows; '2 Bezpečnost' alone neither."""
    table = "\n".join(
        [
            FINANCING_HEADER,
            f"1 Vzdělávání{T}{T}{T}",
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč (3 roky){T}OPZ+, rozpočet města",
            f"---{T}---{T}---{T}---",
            "",
            "2 Bezpečnost",
            f"2.1.1.1 Asistenti{T}Terénní programy{T}-{T}-",
        ]
    )
    rows, diagnostics = rows_of(table)
    assert not diagnostics
    assert [(r.measure, r.title, r.table) for r in rows] == [
        ("1.1.1.1", "Předškolní klub", "financing"),
        ("2.1.1.1", "Asistenti", "financing"),
    ]
    first = rows[0]
    assert (first.amount.czk, first.amount.period) == (Decimal(2_000_000), "3 roky")
    assert [m.text for m in first.funding_sources] == ["OPZ+", "rozpočet města"]
    assert first.service_type == "Aktivita" and first.source.line == 3
    assert rows[1].amount.czk is None and rows[1].funding_sources == ()


def test_allocation_shifted_rows_found_by_pattern() -> None:
    """Rows whose cells are shifted left or right of the header.

    '3.1.1.2<TAB><TAB><TAB>6,1 mil.<TAB>OPZ+' (measure in the first column) and
    '<TAB>3 Zaměstnanost<TAB>3.1.1<TAB>3.1.1.1<TAB>14 mil.' (one column to the right).
    """
    table = "\n".join(
        [
            ALLOCATION_HEADER,
            f"1 Bydlení{T}1.3.1{T}1.3.1.2{T}50 mil.{T}IROP{T}4{T}4.2",
            f"{T}3 Zaměstnanost{T}3.1.1{T}3.1.1.1{T}14 mil.{T}OPZ+{T}2",
            f"3.1.1.2{T}{T}{T}6,1 mil.{T}OPZ+{T}2{T}2.1",
            f"3.2.1{T}{T}3.2.1.1{T}2,7 mil.{T}OPZ+{T}2{T}2.1",
            f"4.2.1.3{T}{T}50 mil.{T}IROP{T}4{T}4.2{T}",
        ]
    )
    rows, diagnostics = rows_of(table)
    assert not diagnostics
    got = [(r.measure, r.amount.czk, r.programme) for r in rows]
    assert got == [
        ("1.3.1.2", Decimal(50_000_000), "IROP"),
        ("3.1.1.1", Decimal(14_000_000), "OPZ+"),
        ("3.1.1.2", Decimal(6_100_000), "OPZ+"),
        ("3.2.1.1", Decimal(2_700_000), "OPZ+"),
        ("4.2.1.3", Decimal(50_000_000), "IROP"),
    ]
    assert all(r.table == "allocation" for r in rows)


def test_allocation_bracketed_amount_outside_allocation_noted() -> None:
    """'(100 mil.)': the amount is read, and noted as outside the allocation."""
    rows, _ = rows_of(
        ALLOCATION_HEADER + f"\n1 Bydlení{T}1.3.1{T}1.3.1.1{T}(100 mil.){T}IROP{T}4{T}4.2"
    )
    (row,) = rows
    assert row.amount.czk == Decimal(100_000_000) and row.amount.raw == "(100 mil.)"
    assert row.note and "outside the allocation" in row.note


def test_totals_agree_no_diagnostic() -> None:
    """'OPZ+ (KPSV+) celkem:<TAB><TAB>8,5 mil. Kč' and 'IROP … 5 mil (+100 mil.) Kč*' add up."""
    table = "\n".join(
        [
            ALLOCATION_HEADER,
            f"{T}{T}1.1.1.1{T}(100 mil.){T}IROP{T}4{T}4.2",
            f"{T}{T}1.1.1.2{T}5 mil.{T}IROP{T}4{T}4.2",
            f"{T}{T}2.1.1.1{T}6 mil.{T}OPZ+{T}2{T}2.1",
            f"{T}{T}2.1.1.2{T}2,5 mil.{T}OPZ+{T}2{T}2.1",
            f"OPZ+ (KPSV+) celkem:{T}{T}8,5 mil. Kč{T}{T}",
            f"IROP (KPSV+) celkem:{T}{T}5 mil (+100 mil.) Kč*{T}{T}",
            f"PSZ celkem:{T}{T}13,5 mil. (100 mil.) Kč*",
            "*100 mil. Kč u opatření 1.1.1.1 z jiné výzvy",
        ]
    )
    rows, diagnostics = rows_of(table)
    assert len(rows) == 4 and diagnostics == []


def test_totals_disagree_total_with_both_figures() -> None:
    """'OPZ+ celkem: 9 mil. Kč' when the OPZ+ rows add up to 8,5 mil."""
    table = "\n".join(
        [
            ALLOCATION_HEADER,
            f"{T}{T}2.1.1.1{T}6 mil.{T}OPZ+{T}2{T}2.1",
            f"{T}{T}2.1.1.2{T}2,5 mil.{T}OPZ+{T}2{T}2.1",
            f"OPZ+ celkem:{T}{T}9 mil. Kč",
        ]
    )
    _, diagnostics = rows_of(table)
    (found,) = diagnostics
    assert (found.kind, found.line) == ("total", 4)
    assert "9 000 000 Kč" in found.message and "8 500 000 Kč" in found.message


def test_row_without_measure_number_unplaced() -> None:
    """A row whose cells name no measure: 'Ostatní aktivity<TAB>Aktivita<TAB>1 mil. Kč<TAB>OPZ+'."""
    rows, diagnostics = rows_of(
        FINANCING_HEADER + f"\nOstatní aktivity{T}Aktivita{T}1 mil. Kč{T}OPZ+"
    )
    assert rows == []
    assert [(d.kind, d.line) for d in diagnostics] == [("unplaced", 2)]
