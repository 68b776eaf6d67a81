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
from vazby.loaders.controls import drop_controls
from vazby.loaders.lines import CELL_SEPARATOR, document_of, document_of_lines, render_cell
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
    number = document.lines.index("Garant:\tNNO, Město, Úřad práce") + 1
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


def test_reader_notes_of_reshaped_text_stay_out_of_the_diagnostics_content_left_out_does_not():
    """'page numbers dropped on 3 page(s)' changes nothing a loader reads (the plan as text
    has no such diagnostic); 'footnote not read into the text' is content lost."""
    import dataclasses

    from vazby.loaders import reader_notes

    source = dataclasses.replace(
        pdf_plan(),
        notes=((Locator(page=1, line=1), "page numbers dropped on 3 page(s)"),),
        unread=((Locator(page=2, line=8), "footnote not read into the text"),),
    )
    document = document_of(source)
    assert [str(d) for d in reader_notes(document)] == [
        "plan.pdf:p2:8: reader: footnote not read into the text"
    ]


def test_row_cells_come_from_the_blocks_of_a_word_table():
    # A Word card "Popis | Nábor • dětí": the value cell holds a paragraph and an item.
    at = Locator(table=1, row=1)
    source = SourceFile(
        "plan.docx",
        "plan.docx",
        "0",
        "docx",
        (
            Paragraph("Opatření 1.1", Locator(paragraph=1)),
            Table(
                (
                    Row(
                        (
                            Cell((Paragraph("Popis", at),), at),
                            Cell((Paragraph("Nábor", at), ListItem("dětí", 0, at)), at),
                        ),
                        at,
                    ),
                ),
                at,
            ),
        ),
    )
    document = document_of(source)
    assert document.cells(1) is None
    row = document.lines.index(CELL_SEPARATOR.join(("Popis", "Nábor - dětí"))) + 1
    assert document.cells(row) == ("Popis", "Nábor - dětí")
    assert document.cells(0) is None and document.cells(len(document.lines) + 1) is None


def test_row_of_one_cell_reads_as_a_line_of_text():
    # "Oblast 1 Bydlení" merged across a table's columns is a title, not a row of cells.
    at = Locator(table=1, row=1)
    source = SourceFile(
        "plan.odt",
        "plan.odt",
        "0",
        "odt",
        (Table((Row((Cell((Paragraph("Oblast 1 Bydlení", at),), at),), at),), at),),
    )
    document = document_of(source)
    assert document.lines[0] == "Oblast 1 Bydlení"
    assert document.cells(1) is None


def test_only_a_row_holds_the_cell_separator():
    # A paragraph carrying a tab of its own ("Harmonogram<TAB>2024" typed in a PDF's text)
    # is a line of text: a loader never takes it for a row by its characters.
    source = SourceFile(
        "plan.pdf",
        "plan.pdf",
        "0",
        "pdf",
        (Paragraph(f"Harmonogram{CELL_SEPARATOR}2024", Locator(page=1, line=1)),),
    )
    document = document_of(source)
    assert CELL_SEPARATOR not in document.lines[0]
    assert document.cells(1) is None


def test_text_file_tab_lines_are_rows_with_their_cells(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Cíl\n\nGarant\tMěsto\n\tNNO\n", encoding="utf-8")
    document = read_document(path)
    assert [document.cells(n) for n in range(1, 5)] == [
        None,
        None,
        ("Garant", "Město"),
        ("", "NNO"),
    ]


def test_control_characters_dropped_from_the_cells_too():
    # "Garant | Klub<ESC> pro děti": the escape leaves the line and its cell alike.
    document = document_of_lines([("Garant", "Klub\x1b pro děti")])
    clean, notes = drop_controls(document)
    assert clean.cells(1) == ("Garant", "Klub pro děti")
    assert len(notes) == 1


def test_document_of_lines_builds_rows_through_the_blocks():
    document = document_of_lines(["Opatření 1.1", ("Garant", "NNO"), ("Cíl", "")], "p.txt")
    assert document.cells(2) == ("Garant", "NNO")
    assert document.cells(3) == ("Cíl", "")
    assert document.locators == ()
    assert str(document.span(3)) == "p.txt:3"
