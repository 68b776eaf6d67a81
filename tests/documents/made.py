"""Word documents written for the reader tests, each showing one rule (made-up text).

The PDF and ODT tests convert them with LibreOffice (see ``fixtures.forms.Forms``), all in
one start, so every document here is small.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

LONG_VALUE = (
    "Provoz komunitního centra pro rodiny s dětmi v lokalitě Horní Lhota, "
    "otevřeného každý pracovní den"
)


def _card(document, ruled: bool) -> None:
    table = document.add_table(rows=4, cols=2)
    if ruled:
        table.style = "Table Grid"
    rows = [
        ("Opatření 1.1.1", "Komunitní centrum"),
        ("Popis opatření", LONG_VALUE),
        ("Odpovědný subjekt", "Město Horní Lhota"),
        ("Předpokládané náklady", "1,2 mil. Kč"),
    ]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    bullets = table.rows[2].cells[1].add_paragraph("ve spolupráci s NNO", style="List Bullet")
    del bullets


def card(ruled: bool = True):
    document = docx.Document()
    document.add_heading("1 Rodina", 1)
    document.add_paragraph("Oblast se týká rodin s dětmi.")
    _card(document, ruled)
    document.add_paragraph("Konec oblasti.")
    return document


def unruled_wrapped_label():
    """A card without borders whose labels are long enough to wrap in a narrow column."""
    document = docx.Document()
    document.add_paragraph("Karta opatření")
    table = document.add_table(rows=3, cols=2)
    table.autofit = False
    rows = [
        ("Opatření 2.1", "Dostupné bydlení"),
        ("Vazba na analýzu a další cíle a opatření", "Navazuje na cíl 1.1"),
        ("Garant", "Bytový odbor"),
    ]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
        row.cells[0].width = Pt(110)
        row.cells[1].width = Pt(300)
    document.add_paragraph("Další text po kartě.")
    return document


def running_header_pages():
    """Three pages with a running header and a footer holding the page number field."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Plán sociálního začleňování Horní Lhota"
    footer = section.footer.paragraphs[0]
    footer._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    for number in range(1, 4):
        document.add_paragraph(f"Obsah strany {number}.")
        if number < 3:
            document.add_page_break()
    return document


def hyphenated():
    document = docx.Document()
    paragraph = document.add_paragraph("Poskytování soci-")
    paragraph.add_run().add_break()
    paragraph.add_run("álních služeb v lokalitě.")
    compound = document.add_paragraph("Síť sociálních služeb a pozice domovník-")
    compound.add_run().add_break()
    compound.add_run("preventista.")
    return document


def bullets():
    document = docx.Document()
    document.add_paragraph("Cílové skupiny:")
    document.add_paragraph("rodiny s dětmi", style="List Bullet")
    document.add_paragraph("senioři", style="List Bullet 2")
    document.add_paragraph("• osoby bez přístřeší")
    document.add_paragraph("▪ mladí dospělí")
    document.add_paragraph("Nábor dětí", style="List Number")
    document.add_paragraph("Konec výčtu.")
    return document


def _unruled(document):
    for table in document.tables:
        table.style = document.styles["Normal Table"]
    return document


def long_card(rows: int = 70):
    """A card too long for one page: the table goes on over the page break, and its last
    row, whose value has many lines, is cut by a second break."""
    document = docx.Document()
    document.add_paragraph("Dlouhá karta")
    table = document.add_table(rows=rows, cols=2)
    table.style = "Table Grid"
    for number, row in enumerate(table.rows, 1):
        row.cells[0].text = f"Položka {number}"
        row.cells[1].text = f"Hodnota {number}"
    last = table.rows[-1].cells[1]
    for number in range(2, 61):
        last.add_paragraph(f"řádek {number}")
    return document


def unruled_rich():
    """A card without borders: a label wrapped beside a wrapped value, bullets in a value,
    then a three-column table without borders."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.autofit = False
    rows = [
        ("Opatření 3.1", "Klub pro seniory"),
        ("Vazba na analýzu, další opatření a cíle:", "Reaguje na osamělost seniorů v lokalitě"),
        ("Aktivity", "Setkávání seniorů"),
    ]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
        row.cells[0].width = Pt(150)
        row.cells[1].width = Pt(150)
    table.rows[2].cells[1].add_paragraph("výlety", style="List Bullet")
    table.rows[2].cells[1].add_paragraph("přednášky", style="List Bullet")
    document.add_paragraph("Rozpočet")
    wide = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        wide.rows, [("Rok", "Částka", "Zdroj"), ("2025", "100 000", "Obec")], strict=True
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    return document


def bold_headings():
    """Word's "Heading 3" is printed in the running text's size, only bold: a heading set
    just above its first paragraph."""
    document = docx.Document()
    document.add_heading("Opatření 1.1.1: Rodinné centrum", 3)
    document.add_paragraph("Garant opatření: Obec Malá Lhota")
    document.add_paragraph("Cílová skupina: rodiny s dětmi")
    document.add_heading("Opatření 1.1.2: Poradna", 3)
    document.add_paragraph("Garant opatření: Charita Malá Lhota")
    return document


GOAL_TABLE = [
    ["Č.", "Opatření", "Garant", "Cílová skupina", "Termín", "Náklady", "Zdroj financování"],
    ["2.1", "Doučování žáků", "Základní škola", "žáci ZŠ", "2027", "120 000 Kč", "rozpočet obce"],
    ["2.2", "Kroužky pro děti", "DDM Lhota", "děti a mládež", "2028", "40 tis. Kč", "MAS"],
]


def goal_tables(ruled: bool):
    """One table of seven narrow columns per goal, with or without borders: the words
    "Doučování", "Základní" and "financování" are too wide for their column; the
    paragraph below prints "doučování" whole."""
    document = docx.Document()
    document.add_heading("Cíl 2: Práce a vzdělání", 1)
    table = document.add_table(rows=0, cols=len(GOAL_TABLE[0]))
    if ruled:
        table.style = "Table Grid"
    for values in GOAL_TABLE:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Zastupitelstvo schválilo doučování i kroužky dne 1. 3. 2026.")
    return document


def write_all(folder: Path) -> dict[str, Path]:
    """Every document above saved in ``folder``, by name."""
    made = {
        "card": card(True),
        "unruled": card(False),
        "wrapped": unruled_wrapped_label(),
        "running": running_header_pages(),
        "hyphen": hyphenated(),
        "bullets": bullets(),
        "long": long_card(),
        "rich": unruled_rich(),
        "long-unruled": _unruled(long_card()),
        "bold-headings": bold_headings(),
        "goal-table": goal_tables(True),
        "goal-table-unruled": goal_tables(False),
    }
    paths = {}
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in made.items():
        paths[name] = folder / f"{name}.docx"
        document.save(paths[name])
    return paths
