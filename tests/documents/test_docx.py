"""The DOCX reader: Word documents written here with python-docx, read back into blocks."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from vazby.documents import docx as reader
from vazby.documents.model import Cell, Heading, ListItem, Locator, Paragraph, Table
from vazby.errors import LoadError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _read(document, path: str = "plans/plan.docx"):
    return reader.read(_bytes(document), path)


def test_sniff_recognises_a_word_package_by_content_not_name():
    data = _bytes(docx.Document())
    assert reader.sniff(data)
    assert not reader.sniff(b"%PDF-1.7\n")
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert not reader.sniff(odt.getvalue())


def test_read_identity_name_sha256_and_kind():
    import hashlib

    data = _bytes(docx.Document())
    source = reader.read(data, "plans/plan.docx")
    assert (source.name, source.kind, source.path) == ("plan.docx", "docx", "plans/plan.docx")
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_read_headings_by_style_title_and_outline_level():
    document = docx.Document()
    document.add_heading("Plán začleňování Horní Lhota", 0)  # Title
    document.add_heading("1 Bydlení", 1)
    document.add_heading("1.1 Dostupné byty", 2)
    czech = document.styles.add_style("Nadpis 3", 1)  # a Czech Word's own heading style
    document.add_paragraph("1.1.1 Startovací byty", style=czech)
    outlined = document.add_paragraph("Příloha")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="1"/>'))
    document.add_paragraph("Běžný text.")
    blocks = _read(document).blocks
    assert blocks == (
        Heading("Plán začleňování Horní Lhota", 1, Locator(paragraph=1)),
        Heading("1 Bydlení", 1, Locator(paragraph=2)),
        Heading("1.1 Dostupné byty", 2, Locator(paragraph=3)),
        Heading("1.1.1 Startovací byty", 3, Locator(paragraph=4)),
        Heading("Příloha", 2, Locator(paragraph=5)),
        Paragraph("Běžný text.", Locator(paragraph=6)),
    )


def test_read_list_numbering_gives_depth_and_marker():
    document = docx.Document()
    document.add_paragraph("Nábor dětí", style="List Number")
    document.add_paragraph("Spolupráce s rodiči", style="List Number")
    document.add_paragraph("Pravidelná setkání", style="List Bullet")
    document.add_paragraph("jednou měsíčně", style="List Bullet 2")
    deeper = document.add_paragraph("podle potřeby", style="List Bullet")
    deeper._p.get_or_add_pPr().insert(
        0,
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>'),
    )
    items = [(b.text, b.depth, b.marker) for b in _read(document).blocks]
    assert items == [
        ("Nábor dětí", 0, "1."),
        ("Spolupráce s rodiči", 0, "2."),
        ("Pravidelná setkání", 0, None),
        ("jednou měsíčně", 1, None),
        ("podle potřeby", 2, None),
    ]
    assert all(isinstance(b, ListItem) for b in _read(document).blocks)


def _multilevel(document, num_id: int, templates: list[str]) -> None:
    """A multilevel decimal list ``num_id`` in the document's numbering ("%1.", "%1.%2.")."""
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{template}"/></w:lvl>'
        for i, template in enumerate(templates)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{num_id}">{levels}</w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{num_id}"/></w:num>'
        )
    )


def test_read_headings_numbered_by_word_carry_their_numbers():
    # a plan's headings numbered by a multilevel list ("1." / "1.1."): Word prints the
    # numbers, the text holds none
    document = docx.Document()
    _multilevel(document, 90, ["%1.", "%1.%2."])
    for text, level in (("Bydlení", 1), ("Dostupné byty", 2), ("Prevence", 2), ("Práce", 1),
                        ("Poradna", 2)):  # fmt: skip
        heading = document.add_heading(text, level)
        heading._p.get_or_add_pPr().insert(
            0,
            parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level - 1}"/>'
                '<w:numId w:val="90"/></w:numPr>'
            ),
        )
    assert [(b.text, b.level) for b in _read(document).blocks] == [
        ("1. Bydlení", 1),
        ("1.1. Dostupné byty", 2),
        ("1.2. Prevence", 2),
        ("2. Práce", 1),
        ("2.1. Poradna", 2),
    ]


def test_read_body_order_of_paragraphs_and_a_two_column_card():
    document = docx.Document()
    document.add_paragraph("Opatření 1.1.1")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Garant"
    table.cell(0, 1).text = "Město Horní Lhota"
    table.cell(1, 0).text = "Harmonogram"
    value = table.cell(1, 1)
    value.text = "2024–2026"
    value.add_paragraph("pilotně v jedné škole")
    document.add_paragraph("Další text.")
    first, card, last = _read(document).blocks
    assert first == Paragraph("Opatření 1.1.1", Locator(paragraph=1))
    assert last == Paragraph("Další text.", Locator(paragraph=7))
    assert isinstance(card, Table) and card.locator == Locator(table=1)
    assert [[cell.text for cell in row.cells] for row in card.rows] == [
        ["Garant", "Město Horní Lhota"],
        ["Harmonogram", "2024–2026 pilotně v jedné škole"],
    ]
    cell = card.rows[1].cells[1]
    assert cell.locator == Locator(table=1, row=2, cell=2)
    assert cell.blocks[1] == Paragraph(
        "pilotně v jedné škole", Locator(paragraph=6, table=1, row=2, cell=2)
    )
    assert cell.blocks[1].locator.format("plan.docx") == "plan.docx:t1:r2:c2"


def test_read_merged_cells_are_one_cell_not_repeated():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Opatření 2.1 Domovník"  # gridSpan
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Zdroje"  # vMerge
    table.cell(1, 1).text = "OPZ+"
    table.cell(2, 1).text = "rozpočet města"
    (card,) = _read(document).blocks
    texts = [[cell.text for cell in row.cells] for row in card.rows]
    assert texts == [["Opatření 2.1 Domovník"], ["Zdroje", "OPZ+", ""], ["rozpočet města", ""]]
    assert card.rows[2].cells[0].locator == Locator(table=1, row=3, cell=2)


def test_read_nested_table_stays_inside_its_cell():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Financování"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "OPZ+"
    inner.cell(0, 1).text = "4 mil. Kč"
    (table,) = _read(document).blocks
    holder = table.rows[0].cells[1]
    nested = [b for b in holder.blocks if isinstance(b, Table)]
    assert len(nested) == 1 and nested[0].locator == Locator(table=2)
    assert [c.text for c in nested[0].rows[0].cells] == ["OPZ+", "4 mil. Kč"]
    assert isinstance(holder, Cell) and holder.text == "OPZ+ 4 mil. Kč"


def test_read_text_box_after_its_paragraph_once_with_a_note():
    document = docx.Document()
    anchor = document.add_paragraph("Kontakt:")
    box = (
        '<w:r xmlns:w="{w}" xmlns:mc="{mc}" xmlns:wps="{wps}"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        "<w:p><w:r><w:t>Koordinátor: pan Novák</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent>"
        "<w:p><w:r><w:t>Koordinátor: pan Novák</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ).format(
        w=W_NS,
        mc="http://schemas.openxmlformats.org/markup-compatibility/2006",
        wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    )
    anchor._p.append(parse_xml(box))
    source = _read(document)
    assert [b.text for b in source.blocks] == ["Kontakt:", "Koordinátor: pan Novák"]
    assert source.blocks[1].locator == Locator(paragraph=2)
    assert source.notes == (
        (Locator(paragraph=1), "text box read after the paragraph anchoring it"),
    )


def test_read_tabs_breaks_and_deleted_text_in_a_paragraph():
    document = docx.Document()
    paragraph = document.add_paragraph("Úvod")
    paragraph.add_run().add_tab()
    paragraph.add_run("3")
    paragraph._p.append(
        parse_xml(f'<w:del xmlns:w="{W_NS}"><w:r><w:delText>smazáno</w:delText></w:r></w:del>')
    )
    (block,) = _read(document).blocks
    assert block.text == "Úvod 3"  # no tab reaches a loader


def test_read_broken_zip_is_refused_with_what_to_do():
    data = _bytes(docx.Document())[:300]
    with pytest.raises(
        LoadError, match=r"plan\.docx:0: broken Word \(\.docx\) file.*save it again"
    ):
        reader.read(data, "plan.docx")


def test_read_password_protected_or_doc_is_refused():
    with pytest.raises(LoadError, match="password-protected"):
        reader.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "plan.docx")


def test_read_zip_without_word_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(LoadError, match="not a readable Word document"):
        reader.read(out.getvalue(), "plan.docx")


def test_read_footnote_endnote_and_comment_references_are_noted_at_their_paragraph():
    # "Rodiny s dětmi¹" with the footnote "¹ dle evidence OSPOD" elsewhere in the package:
    # the note's text is not read, and the paragraph that refers to it says so
    document = docx.Document()
    document.add_paragraph("Úvod")
    paragraph = document.add_paragraph("Rodiny s dětmi")
    for element in ("footnoteReference", "endnoteReference", "commentReference"):
        paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:{element} w:id="1"/></w:r>'))
    source = _read(document)
    assert [b.text for b in source.blocks] == ["Úvod", "Rodiny s dětmi"]
    assert source.notes == ()
    assert source.unread == (
        (Locator(paragraph=2), "footnote not read into the text"),
        (Locator(paragraph=2), "endnote not read into the text"),
        (Locator(paragraph=2), "comment not read into the text"),
    )


def test_read_header_and_footer_with_text_are_noted_empty_ones_are_not():
    document = docx.Document()
    document.add_paragraph("Cíl 1")
    assert _read(document).notes == ()
    document.sections[0].header.paragraphs[0].text = "Plán sociálního začleňování Horní Lhota"
    document.sections[0].footer.paragraphs[0].text = "strana 1"
    source = _read(document)
    assert [b.text for b in source.blocks] == ["Cíl 1"]
    assert [(loc.format("p.docx"), note) for loc, note in source.notes] == [
        ("p.docx", "header text not read (running text printed on the pages)"),
        ("p.docx", "footer text not read (running text printed on the pages)"),
    ]
