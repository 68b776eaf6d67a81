"""The PDF reader: Word documents written in the tests, printed to PDF by LibreOffice, read
back into blocks with the page and line a reader finds them on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import made  # noqa: E402

from vazby.documents import pdf as reader  # noqa: E402
from vazby.documents.model import (  # noqa: E402
    Heading,
    ListItem,
    Locator,
    Paragraph,
    Table,
)
from vazby.errors import LoadError  # noqa: E402


@pytest.fixture(scope="module")
def pdfs(document_forms, tmp_path_factory):
    """Every made-up document as a PDF, by name (one LibreOffice start for all)."""
    docxs = made.write_all(tmp_path_factory.mktemp("made"))
    converted = document_forms.convert_docx(list(docxs.values()), "pdf")
    return {
        name: reader.read(path.read_bytes(), str(path))
        for name, path in zip(docxs, converted, strict=True)
    }


def _rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


CARD_ROWS = [
    ["Opatření 1.1.1", "Komunitní centrum"],
    ["Popis opatření", made.LONG_VALUE],
    ["Odpovědný subjekt", "Město Horní Lhota ve spolupráci s NNO"],
    ["Předpokládané náklady", "1,2 mil. Kč"],
]


def test_sniff_by_magic_bytes():
    assert reader.sniff(b"%PDF-1.7\n%\xe2\xe3")
    assert not reader.sniff(b"PK\x03\x04word/document.xml")


@pytest.mark.parametrize("name", ["card", "unruled"])
def test_read_card_ruled_or_aligned_is_a_two_column_table(pdfs, name):
    source = pdfs[name]
    heading, intro, card, end = source.blocks
    assert heading == Heading("1 Rodina", 1, Locator(page=1, line=1))
    assert intro == Paragraph("Oblast se týká rodin s dětmi.", Locator(page=1, line=2))
    assert isinstance(card, Table) and _rows(card) == CARD_ROWS
    assert card.locator == Locator(page=1, line=3, table=1)
    # the long value wraps over lines 4-7: the next row starts on line 8
    assert [row.locator.line for row in card.rows] == [3, 4, 8, 10]
    value = card.rows[2].cells[1]
    assert value.locator == Locator(page=1, line=8, table=1, row=3, cell=2)
    assert value.blocks[1] == ListItem(
        "ve spolupráci s NNO", 0, Locator(page=1, line=9, table=1, row=3, cell=2)
    )
    assert end == Paragraph("Konec oblasti.", Locator(page=1, line=11))
    assert value.locator.format(source.name) == f"{name}.pdf:p1:8"


def test_read_aligned_card_label_wrapped_over_two_lines_is_one_label(pdfs):
    _, card, after = pdfs["wrapped"].blocks
    assert _rows(card) == [
        ["Opatření 2.1", "Dostupné bydlení"],
        ["Vazba na analýzu a další cíle a opatření", "Navazuje na cíl 1.1"],
        ["Garant", "Bytový odbor"],
    ]
    assert after.text == "Další text po kartě."


def test_read_running_header_and_page_numbers_dropped_with_notes(pdfs):
    source = pdfs["running"]
    assert [(b.text, b.locator) for b in source.blocks] == [
        (f"Obsah strany {n}.", Locator(page=n, line=2)) for n in (1, 2, 3)
    ]
    notes = [text for _, text in source.notes]
    assert notes == [
        "running header 'Plán sociálního začleňování Horní Lhota' dropped on 3 page(s)",
        "page numbers dropped on 3 page(s)",
    ]


def test_read_hyphen_at_line_end_joins_the_word(pdfs):
    source = pdfs["hyphen"]
    assert source.blocks == (
        Paragraph("Poskytování sociálních služeb v lokalitě.", Locator(page=1, line=1)),
        # a compound keeps its hyphen: "domovník-preventista" is not "domovníkpreventista"
        Paragraph("Síť sociálních služeb a pozice domovník-preventista.", Locator(page=1, line=3)),
    )
    assert source.notes == ((Locator(page=1, line=1), "1 word(s) hyphenated at a line end joined"),)


def test_read_bullets_symbol_font_typed_and_numbered(pdfs):
    blocks = pdfs["bullets"].blocks
    assert [
        (type(b).__name__, b.text, getattr(b, "depth", None), getattr(b, "marker", None))
        for b in blocks
    ] == [  # fmt: skip
        ("Paragraph", "Cílové skupiny:", None, None),
        ("ListItem", "rodiny s dětmi", 0, None),  # U+F0B7 of LibreOffice's OpenSymbol
        ("ListItem", "senioři", 1, None),
        ("ListItem", "osoby bez přístřeší", 0, None),  # a typed "•"
        ("ListItem", "mladí dospělí", 0, None),  # a typed "▪"
        ("ListItem", "Nábor dětí", 0, "1."),
        ("Paragraph", "Konec výčtu.", None, None),
    ]


def test_read_table_over_a_page_break_is_one_table(pdfs):
    intro, table = pdfs["long"].blocks
    assert intro.text == "Dlouhá karta"
    assert isinstance(table, Table) and len(table.rows) == 70
    # the last row, cut by the second page break, is one row holding all its lines
    last = table.rows[-1]
    # (lines of a cell with no space between paragraphs read as one paragraph per page)
    assert last.cells[1].text == " ".join(["Hodnota 70"] + [f"řádek {n}" for n in range(2, 61)])
    assert last.cells[0].text == "Položka 70"
    # rows on pages 1 and 2; the last row begins on page 2 and goes on to page 3
    assert {row.locator.page for row in table.rows} == {1, 2}
    assert last.locator.page == 2
    assert {b.locator.row for b in last.cells[1].blocks} == {70}
    assert {row.locator.table for row in table.rows} == {1}
    assert [row.locator.row for row in table.rows] == list(range(1, 71))


def test_read_unruled_card_wrapped_label_beside_wrapped_value_and_bullets(pdfs):
    source = pdfs["rich"]
    card = source.blocks[0]
    assert isinstance(card, Table)
    assert _rows(card) == [
        ["Opatření 3.1", "Klub pro seniory"],
        ["Vazba na analýzu, další opatření a cíle:", "Reaguje na osamělost seniorů v lokalitě"],
        ["Aktivity", "Setkávání seniorů výlety přednášky"],
    ]
    assert [type(b).__name__ for b in card.rows[2].cells[1].blocks] == [
        "Paragraph",
        "ListItem",
        "ListItem",
    ]
    # three columns without rules: a table of its own, not a card
    heading, table = source.blocks[1:]
    assert heading.text == "Rozpočet"
    assert isinstance(table, Table)
    assert _rows(table) == [["Rok", "Částka", "Zdroj"], ["2025", "100 000", "Obec"]]
    assert not any("more than two columns" in note for _, note in source.unread)


def test_read_unruled_card_over_a_page_break_is_one_table(pdfs):
    intro, table = pdfs["long-unruled"].blocks
    assert intro.text == "Dlouhá karta"
    assert isinstance(table, Table) and len(table.rows) == 70
    pages = {row.locator.page for row in table.rows}
    assert len(pages) > 1 and pages == set(range(1, max(pages) + 1))
    assert [row.locator.row for row in table.rows] == list(range(1, 71))
    assert table.rows[-1].cells[1].text == " ".join(
        ["Hodnota 70"] + [f"řádek {n}" for n in range(2, 61)]
    )


def test_read_bold_heading_of_body_size_is_not_joined_to_its_paragraph(pdfs):
    """ "Opatření 1.1.1: Rodinné centrum" (bold, the body's size) over "Garant opatření: …"."""
    texts = [block.text for block in pdfs["bold-headings"].blocks]  # type: ignore[union-attr]
    assert texts == [
        "Opatření 1.1.1: Rodinné centrum",
        "Garant opatření: Obec Malá Lhota",
        "Cílová skupina: rodiny s dětmi",
        "Opatření 1.1.2: Poradna",
        "Garant opatření: Charita Malá Lhota",
    ]


@pytest.mark.parametrize("name", ["goal-table", "goal-table-unruled"])
def test_read_table_of_seven_columns_ruled_or_not_with_words_broken_in_narrow_cells(pdfs, name):
    """A goal's table of seven narrow columns, "Doučování" printed "Doučová" / "ní" and
    "financování" "financov" / "ání" in their cells: a table with or without borders, each
    broken word whole again (by the document's words or by the lexicon)."""
    heading, table, after = pdfs[name].blocks
    assert heading.text == "Cíl 2: Práce a vzdělání"
    assert isinstance(table, Table) and _rows(table) == made.GOAL_TABLE
    assert after.text.startswith("Zastupitelstvo schválilo")


def test_read_scan_without_text_layer_is_refused(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    figure = plt.figure(figsize=(8.27, 11.69))
    figure.figimage(np.random.default_rng(1).random((200, 150)), xo=50, yo=50)
    scan = tmp_path / "scan.pdf"
    figure.savefig(scan, format="pdf")
    plt.close(figure)
    with pytest.raises(LoadError, match=r"scan\.pdf:0: no text layer .*vazby does no OCR"):
        reader.read(scan.read_bytes(), str(scan))


def test_read_encrypted_pdf_is_refused_with_what_to_do(document_forms, tmp_path):
    path = tmp_path / "tajny.docx"
    made.hyphenated().save(path)
    password = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"heslo"}}'
    )
    (encrypted,) = document_forms.convert_docx([path], "pdf", password)
    with pytest.raises(LoadError, match="encrypted and needs a password.*unprotected copy"):
        reader.read(encrypted.read_bytes(), "tajny.pdf")


def test_read_broken_pdf_is_refused():
    with pytest.raises(LoadError, match=r"bad\.pdf:0: broken PDF .*export it again"):
        reader.read(b"%PDF-1.4\n1 0 obj garbage", "bad.pdf")


def _made_pdf(lines: list[str], annotations: tuple[int, ...] = ()) -> bytes:
    """A one-page PDF written with PDFium: ``lines`` as text, and annotations of the given
    subtypes (a reader's comments, as a PDF viewer adds them)."""
    import ctypes
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for n, line in enumerate(lines):
        obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 12.0)
        text = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(text, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 770 - 20 * n)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    for subtype in annotations:
        annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, subtype)
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(72, 700, 100, 720))
        pdfium_c.FPDFPage_CloseAnnot(annot)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_read_comments_and_form_fields_are_noted_links_are_not():
    import pypdfium2.raw as pdfium_c

    lines = ["Cil 1", "Garant: Mesto"]
    plain = reader.read(_made_pdf(lines, (pdfium_c.FPDF_ANNOT_LINK,)), "p.pdf")
    assert [b.text for b in plain.blocks] == lines and plain.unread == ()
    noted = _made_pdf(lines, (pdfium_c.FPDF_ANNOT_TEXT, pdfium_c.FPDF_ANNOT_HIGHLIGHT))
    source = reader.read(noted, "p.pdf")
    assert [b.text for b in source.blocks] == lines
    assert source.unread == ((Locator(page=1, line=1), "2 comment(s) not read"),)
    # PDFium creates no widgets: a form field is the same annotation renamed (PDFium reads
    # past the offsets this shifts, as it reads any damaged cross-reference table)
    field = noted.replace(b"/Subtype/Text", b"/Subtype/Widget", 1)
    assert reader.read(field, "p.pdf").unread == (
        (Locator(page=1, line=1), "1 comment(s) not read"),
        (Locator(page=1, line=1), "1 form field(s) not read"),
    )
