"""The ODT reader: documents written here with odfpy (every ODF construct exactly), and
Word documents saved as ODT by LibreOffice (what users' files look like)."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from odf import draw, table, text
from odf.opendocument import OpenDocumentText

sys.path.insert(0, str(Path(__file__).resolve().parent))

import made  # noqa: E402

from vazby.documents import odt as reader  # noqa: E402
from vazby.documents.model import (  # noqa: E402
    Heading,
    ListItem,
    Locator,
    Paragraph,
    Table,
)
from vazby.errors import LoadError  # noqa: E402


def _bytes(document: OpenDocumentText) -> bytes:
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _numbered_style(document: OpenDocumentText) -> None:
    style = text.ListStyle(name="Cislovani")
    style.addElement(text.ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    style.addElement(text.ListLevelStyleNumber(level=2, numformat="a", numsuffix=")"))
    document.automaticstyles.addElement(style)
    bullets = text.ListStyle(name="Odrazky")
    bullets.addElement(text.ListLevelStyleBullet(level=1, bulletchar="•"))
    document.automaticstyles.addElement(bullets)


def _item(content: str, *nested) -> text.ListItem:
    item = text.ListItem()
    item.addElement(text.P(text=content))
    for child in nested:
        item.addElement(child)
    return item


def _list(style: str | None, *items, **attributes) -> text.List:
    element = text.List(stylename=style, **attributes) if style else text.List(**attributes)
    for item in items:
        element.addElement(item)
    return element


def test_sniff_by_mimetype_member_not_name():
    assert reader.sniff(_bytes(OpenDocumentText()))
    spreadsheet = io.BytesIO()
    with zipfile.ZipFile(spreadsheet, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert not reader.sniff(spreadsheet.getvalue())
    assert not reader.sniff(b"%PDF-1.7")


def test_read_headings_paragraphs_sections_and_spaces():
    document = OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text="1 Bydlení"))
    section = text.Section(name="Oblast")
    section.addElement(text.H(outlinelevel=2, text="1.1 Dostupné byty"))
    paragraph = text.P(text="Cena")
    paragraph.addElement(text.S(c=3))
    paragraph.addText("2 300 000 Kč")
    paragraph.addElement(text.Tab())
    paragraph.addText("ročně")
    section.addElement(paragraph)
    document.text.addElement(section)
    document.text.addElement(text.P(text=""))
    document.text.addElement(text.P(text="Konec."))
    source = reader.read(_bytes(document), "plans/plan.odt")
    assert (source.name, source.kind) == ("plan.odt", "odt")
    assert source.blocks == (
        Heading("1 Bydlení", 1, Locator(paragraph=1)),
        Heading("1.1 Dostupné byty", 2, Locator(paragraph=2)),
        Paragraph("Cena 2 300 000 Kč ročně", Locator(paragraph=3)),
        Paragraph("Konec.", Locator(paragraph=5)),  # the empty paragraph 4 is counted
    )


def test_read_lists_depth_and_markers_restart_and_continue():
    document = OpenDocumentText()
    _numbered_style(document)
    document.text.addElement(
        _list(
            "Cislovani", _item("Nábor", _list(None, _item("děti"), _item("rodiče"))), _item("Klub")
        )
    )
    document.text.addElement(_list("Cislovani", _item("Pokračuje"), continuenumbering="true"))
    document.text.addElement(_list("Cislovani", _item("Znovu")))
    document.text.addElement(_list("Odrazky", _item("bod")))
    items = [(b.text, b.depth, b.marker) for b in reader.read(_bytes(document), "p.odt").blocks]
    assert items == [
        ("Nábor", 0, "1."),
        ("děti", 1, "a)"),
        ("rodiče", 1, "b)"),
        ("Klub", 0, "2."),
        ("Pokračuje", 0, "3."),
        ("Znovu", 0, "1."),
        ("bod", 0, None),
    ]


def _cell(content: str = "", **attributes) -> table.TableCell:
    cell = table.TableCell(**attributes)
    if content:
        cell.addElement(text.P(text=content))
    return cell


def test_read_table_spanned_covered_and_repeated_cells_and_rows():
    document = OpenDocumentText()
    grid = table.Table(name="Karta")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=3))
    header = table.TableHeaderRows()
    first = table.TableRow()
    first.addElement(_cell("Opatření 2.1 Domovník", numbercolumnsspanned=3))
    first.addElement(table.CoveredTableCell(numbercolumnsrepeated=2))
    header.addElement(first)
    grid.addElement(header)
    second = table.TableRow()
    second.addElement(_cell("Zdroje", numberrowsspanned=2))
    second.addElement(_cell("OPZ+"))
    second.addElement(_cell("-", numbercolumnsrepeated=1))
    grid.addElement(second)
    third = table.TableRow()
    third.addElement(table.CoveredTableCell())
    third.addElement(_cell("x", numbercolumnsrepeated=2))
    grid.addElement(third)
    repeated = table.TableRow(numberrowsrepeated=2)
    repeated.addElement(_cell("stejné", numbercolumnsrepeated=3))
    grid.addElement(repeated)
    document.text.addElement(grid)
    (card,) = reader.read(_bytes(document), "p.odt").blocks
    assert isinstance(card, Table) and card.locator == Locator(table=1)
    assert [[cell.text for cell in row.cells] for row in card.rows] == [
        ["Opatření 2.1 Domovník"],
        ["Zdroje", "OPZ+", "-"],
        ["x", "x"],
        ["stejné"] * 3,
        ["stejné"] * 3,
    ]
    assert card.rows[2].cells[0].locator == Locator(table=1, row=3, cell=2)
    assert card.rows[1].cells[1].blocks == (
        Paragraph("OPZ+", Locator(paragraph=3, table=1, row=2, cell=2)),
    )


def test_read_nested_table_text_box_and_footnote():
    document = OpenDocumentText()
    outer = table.Table(name="Vnější")
    row = table.TableRow()
    holder = _cell("Financování")
    inner = table.Table(name="Vnitřní")
    inner_row = table.TableRow()
    inner_row.addElement(_cell("OPZ+"))
    inner_row.addElement(_cell("4 mil. Kč"))
    inner.addElement(inner_row)
    holder.addElement(inner)
    row.addElement(holder)
    outer.addElement(row)
    document.text.addElement(outer)
    anchor = text.P(text="Kontakt")
    frame = draw.Frame(name="Rámec", anchortype="as-char", width="5cm", height="1cm")
    box = draw.TextBox()
    box.addElement(text.P(text="Koordinátor: pan Novák"))
    frame.addElement(box)
    anchor.addElement(frame)
    note = text.Note(id="n1", noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    body = text.NoteBody()
    body.addElement(text.P(text="Poznámka pod čarou."))
    note.addElement(body)
    anchor.addElement(note)
    document.text.addElement(anchor)
    source = reader.read(_bytes(document), "p.odt")
    nested_table, anchored, boxed = source.blocks
    nested = nested_table.rows[0].cells[0].blocks[1]
    assert isinstance(nested, Table) and nested.locator == Locator(table=2)
    assert [c.text for c in nested.rows[0].cells] == ["OPZ+", "4 mil. Kč"]
    assert anchored == Paragraph("Kontakt", Locator(paragraph=4))
    assert boxed == Paragraph("Koordinátor: pan Novák", Locator(paragraph=5))
    assert [note for _, note in source.unread] == ["footnote not read into the text"]
    assert [note for _, note in source.notes] == ["text box read after the paragraph anchoring it"]


def test_read_word_document_saved_as_odt_by_libreoffice(document_forms, tmp_path):
    paths = made.write_all(tmp_path)
    card_odt, bullets_odt = document_forms.convert_docx([paths["card"], paths["bullets"]], "odt")
    blocks = reader.read(card_odt.read_bytes(), str(card_odt)).blocks
    heading, intro, card = blocks[:3]
    assert heading == Heading("1 Rodina", 1, Locator(paragraph=1))
    assert intro.text == "Oblast se týká rodin s dětmi."
    assert [[c.text for c in row.cells] for row in card.rows][2] == [
        "Odpovědný subjekt",
        "Město Horní Lhota ve spolupráci s NNO",
    ]
    assert isinstance(card.rows[2].cells[1].blocks[1], ListItem)
    items = [
        (b.text, b.depth, b.marker)
        for b in reader.read(bullets_odt.read_bytes(), "b.odt").blocks
        if isinstance(b, ListItem)
    ]
    assert items == [("rodiny s dětmi", 0, None), ("senioři", 1, None), ("Nábor dětí", 0, "1.")]


def test_read_broken_package_is_refused():
    data = _bytes(OpenDocumentText())
    with pytest.raises(LoadError, match=r"p\.odt:0: broken OpenDocument text"):
        reader.read(data[: len(data) // 2], "p.odt")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(LoadError, match="not a readable OpenDocument text"):
        reader.read(out.getvalue(), "p.odt")


def test_read_comment_and_endnote_are_noted_not_read_into_the_paragraph():
    # LibreOffice keeps a comment inside the paragraph it is about, with its author and date:
    # "Cílová skupina: rodiny" must not read "Jana Nováková 2024-05-01 ověřit počet" too
    from odf import dc, office

    document = OpenDocumentText()
    paragraph = text.P(text="Cílová skupina: rodiny")
    comment = office.Annotation()
    comment.addElement(dc.Creator(text="Jana Nováková"))
    comment.addElement(dc.Date(text="2024-05-01T10:00:00"))
    comment.addElement(text.P(text="ověřit počet"))
    paragraph.addElement(comment)
    note = text.Note(id="e1", noteclass="endnote")
    note.addElement(text.NoteCitation(text="i"))
    body = text.NoteBody()
    body.addElement(text.P(text="Vysvětlivka."))
    note.addElement(body)
    paragraph.addElement(note)
    document.text.addElement(paragraph)
    source = reader.read(_bytes(document), "p.odt")
    assert source.blocks == (Paragraph("Cílová skupina: rodiny", Locator(paragraph=1)),)
    assert source.notes == ()
    assert source.unread == (
        (Locator(paragraph=1), "comment not read into the text"),
        (Locator(paragraph=1), "endnote not read into the text"),
    )


def test_read_master_page_header_with_text_is_noted():
    from odf import style

    document = OpenDocumentText()
    document.text.addElement(text.P(text="Cíl 1"))
    assert reader.read(_bytes(document), "p.odt").notes == ()
    layout = style.PageLayout(name="Strana")
    document.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    header = style.Header()
    header.addElement(text.P(text="Plán sociálního začleňování Horní Lhota"))
    master.addElement(header)
    master.addElement(style.Footer())  # empty: nothing to report
    document.masterstyles.addElement(master)
    source = reader.read(_bytes(document), "p.odt")
    assert [b.text for b in source.blocks] == ["Cíl 1"]
    assert source.notes == (
        (Locator(), "header text not read (running text printed on the pages)"),
    )


def _pandoc_like(data: bytes) -> bytes:
    """The package as pandoc writes one: each part's namespace declarations on lines of
    their own, and the body's elements on indented lines."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.endswith(".xml"):
                body = body.replace(b" xmlns:", b"\nxmlns:")
                body = body.replace(b"<office:body>", b"<office:body>\n  ")
            target.writestr(info, body)
    return out.getvalue()


def test_read_package_laid_out_as_pandoc_writes_it(capsys):
    # pandoc puts "xmlns:form=…" on a line of its own, which odfpy declared a second time
    # (the part was lost, printed whole on stdout), and indents "<office:text>" in the body
    document = OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text="Opatření 1.1 Krizový byt"))
    document.text.addElement(text.P(text="Garant: Obec Lhota"))
    source = reader.read(_pandoc_like(_bytes(document)), "pandoc.odt")
    assert [block.text for block in source.blocks] == [  # type: ignore[union-attr]
        "Opatření 1.1 Krizový byt",
        "Garant: Obec Lhota",
    ]
    assert capsys.readouterr().out == ""


def test_read_headings_in_a_numbered_list_carry_their_numbers():
    # Word's multilevel heading numbers saved as ODT: each text:h inside a numbered list
    document = OpenDocumentText()
    _numbered_style(document)
    heading = text.H(outlinelevel=1, text="Bydlení")
    item = text.ListItem()
    item.addElement(heading)
    inner = text.ListItem()
    inner.addElement(text.H(outlinelevel=2, text="Byty"))
    nested = text.List()
    nested.addElement(inner)
    item.addElement(nested)
    document.text.addElement(_list("Cislovani", item))
    blocks = reader.read(_bytes(document), "p.odt").blocks
    assert [(b.text, b.level) for b in blocks] == [("1. Bydlení", 1), ("a) Byty", 2)]  # type: ignore[union-attr]


def test_read_headings_numbered_by_the_documents_outline_carry_their_numbers():
    # LibreOffice's own heading numbering: an outline style, "1." and "1.1." by level
    document = OpenDocumentText()
    outline = text.OutlineStyle(name="Outline")
    outline.addElement(text.OutlineLevelStyle(level=1, numformat="1", numsuffix="."))
    outline.addElement(
        text.OutlineLevelStyle(level=2, numformat="1", numsuffix=".", displaylevels=2)
    )
    outline.addElement(text.OutlineLevelStyle(level=3, numformat=""))
    document.styles.addElement(outline)
    for content, level in (("Bydlení", 1), ("Byty", 2), ("Příloha", 3), ("Práce", 1), ("Kurzy", 2)):
        document.text.addElement(text.H(outlinelevel=level, text=content))
    blocks = reader.read(_bytes(document), "p.odt").blocks
    assert [b.text for b in blocks] == [  # type: ignore[union-attr]
        "1. Bydlení",
        "1.1. Byty",
        "Příloha",
        "2. Práce",
        "2.1. Kurzy",
    ]
