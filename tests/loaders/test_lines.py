"""Blocks rendered into the loaders' lines, and the locators that follow every fact."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vazby.documents.model import (
    Cell,
    Heading,
    ListItem,
    Locator,
    Paragraph,
    Row,
    SourceFile,
    Table,
)
from vazby.loaders import evaluation, located
from vazby.loaders.lines import CELL_SEPARATOR, document_of, render_cell
from vazby.loaders.records import Diagnostic, LoadResult, Measure
from vazby.loaders.text import read_document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from made_blocks import pdf_plan  # noqa: E402


def test_text_file_renders_to_its_own_lines_without_a_locator_table(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Cíl\n\nGarant\tMěsto\n\tNNO\n", encoding="utf-8")
    document = read_document(path)
    assert document.lines == ("Cíl", "", "Garant\tMěsto", "\tNNO")
    assert document.locators == ()
    assert str(document.span(3, 4)) == "plan.txt:3-4"


def test_markdown_table_renders_on_its_rows_lines():
    # "| Garant | Město |" on line 3 stays on line 3: provenance reads plan.md:3
    source = SourceFile(
        "plan.md",
        "plan.md",
        "0",
        "markdown",
        (
            Heading("Cíle", 2, Locator(line=1)),
            Table(
                (_text_row(3, "Garant", "Město"), _text_row(4, "Harmonogram", "2024")),
                Locator(line=3),
            ),
        ),
    )
    document = document_of(source)
    assert document.lines == ("## Cíle", "", "Garant\tMěsto", "Harmonogram\t2024")
    assert str(document.span(4)) == "plan.md:4"


def _text_row(line: int, *cells: str) -> Row:
    return Row(
        tuple(Cell((Paragraph(t, Locator(line=line)),), Locator(line=line)) for t in cells),
        Locator(line=line),
    )


def test_pdf_blocks_render_in_order_with_page_locators():
    document = document_of(pdf_plan())
    assert document.lines[0] == "PRŮBĚŽNÁ ZPRÁVA O PLNĚNÍ STRATEGIE"
    number = document.lines.index("Hodnocení:\tPLNĚNO") + 1
    assert document.where(number) == "plan.pdf:p2:8"
    span = document.span(number, number + 2)
    assert str(span) == "plan.pdf:p2:8-p3:1"
    assert (span.page, span.table, span.row) == (2, 1, 4)


def test_render_cell_writes_items_as_the_loaders_read_them():
    loc = Locator(table=1, row=2, cell=2)
    cell = Cell(
        (
            Paragraph("Provoz klubu.", loc),
            ListItem("Nábor\tdětí.", 0, loc),
            ListItem("Rodiče", 1, loc, "a)"),
        ),
        loc,
    )
    assert render_cell(cell) == "Provoz klubu. - Nábor dětí. a) Rodiče"
    assert CELL_SEPARATOR not in render_cell(cell)


def test_loaded_pdf_card_keeps_page_locators_in_records_and_diagnostics():
    result = located(evaluation.load(document_of(pdf_plan())))
    [measure] = result.of_type(Measure)
    assert measure.title == "Od roku 2024 probíhají setkání rodičů"
    assert str(measure.source).startswith("plan.pdf:p2:6")
    assert measure.source.page == 2 and measure.source.table == 1
    for diagnostic in result.diagnostics:
        assert diagnostic.locator is not None and diagnostic.locator.startswith("plan.pdf:p")


def test_located_rewrites_diagnostics_of_documents_not_addressed_by_line():
    document = document_of(pdf_plan())
    number = document.lines.index("Garant:\tNNO, Město") + 1
    result = LoadResult(
        document, "evaluation", (), (Diagnostic("plan.pdf", number, "field", "x", (1,)),)
    )
    [diagnostic] = located(result).diagnostics
    assert str(diagnostic) == "plan.pdf:p2:9: field: x (see also plan.pdf:p1:1)"


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_docx_locators_name_table_row_and_paragraph(kind):
    name = f"plan.{kind}"
    source = SourceFile(
        name,
        name,
        "0",
        kind,
        (
            Paragraph("Úvod", Locator(paragraph=4)),
            Table(
                (Row((Cell((), Locator(table=2, row=5, cell=1)),), Locator(table=2, row=5)),),
                Locator(table=2),
            ),
        ),
    )
    document = document_of(source)
    assert document.where(1) == f"{name}:¶4"
    assert document.where(3) == f"{name}:t2:r5"
