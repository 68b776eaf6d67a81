"""The text family's reader: each rule with the made-up line of text that motivated it."""

from __future__ import annotations

import pytest

from vazby.documents.model import Heading, ListItem, Paragraph, Table
from vazby.documents.text import read, read_text


def _tables(text: str, name: str = "plan.txt") -> list[Table]:
    return [b for b in read_text(text, name).blocks if isinstance(b, Table)]


def _cells(table: Table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


# -- tab-separated text -------------------------------------------------------------------


def test_tab_rows_keep_cells_as_printed_and_lines_as_locators():
    # "Odpovědný subjekt<TAB>NNO, Město": the form vazby has read from the start
    text = "Opatření 1.1.1.1\tKlub\nOdpovědný subjekt\t NNO, Město \n\nPoznámka bez tabu\n"
    source = read_text(text, "plan.txt")
    table, paragraph = source.blocks
    assert isinstance(table, Table) and isinstance(paragraph, Paragraph)
    assert _cells(table) == [["Opatření 1.1.1.1", "Klub"], ["Odpovědný subjekt", "NNO, Město"]]
    # the cell keeps its spaces: the loaders read what the file says
    assert table.rows[1].cells[1].blocks[0].text == " NNO, Město "
    assert table.rows[1].cells[1].locator.format("plan.txt") == "plan.txt:2"
    assert paragraph.locator.format("plan.txt") == "plan.txt:4"


def test_tab_file_spaces_never_make_columns():
    # a tab file whose prose has runs of spaces: "Cíl:   Zlepšit   přístup"
    text = "Garant\tMěsto\nCíl:      Zlepšit      přístup\n           dál\n"
    blocks = read_text(text, "plan.txt").blocks
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Paragraph"]


def test_read_decodes_cp1250_and_hashes_the_bytes():
    data = "Odpovědný subjekt\tMěsto Žatec\n".encode("cp1250")
    source = read(data, "plan.txt")
    assert source.encoding == "cp1250"
    assert len(source.sha256) == 64
    assert _cells(source.blocks[0])[0] == ["Odpovědný subjekt", "Město Žatec"]  # type: ignore[arg-type]


# -- column-aligned text (pdftotext -layout) --------------------------------------------------

LAYOUT = (
    "Opatření 1.1.1.1                 Předškolní klub v lokalitě Za Tratí\n"
    "Odpovědný subjekt                NNO, ve spolupráci s městem Dolní\n"
    "                                 Kotlina\n"
    "Vazba na analýzu, další          Reaguje na definovaný problém\n"
    "opatření a cíle:                 nízká školní připravenost\n"
    "Harmonogram                      2024 – 2026\n"
    "Specifický cíl 1.1.2: Do roku 2026 bude fungovat doučování\n"
)


def test_aligned_columns_make_rows_and_continuations():
    # "                                 Kotlina": a value wrapped at its column
    [table] = _tables(LAYOUT)
    rows = _cells(table)
    assert rows[0] == ["Opatření 1.1.1.1", "Předškolní klub v lokalitě Za Tratí"]
    assert rows[1] == ["Odpovědný subjekt", "NNO, ve spolupráci s městem Dolní Kotlina"]
    assert rows[3] == ["Harmonogram", "2024 – 2026"]
    assert table.rows[3].locator.line == 6


def test_aligned_columns_label_wrapped_over_two_lines_is_one_label():
    # "opatření a cíle:    nízká …": a label's second line starts in lower case
    [table] = _tables(LAYOUT)
    assert _cells(table)[2] == [
        "Vazba na analýzu, další opatření a cíle:",
        "Reaguje na definovaný problém nízká školní připravenost",
    ]


def test_aligned_columns_end_at_a_line_of_running_text():
    blocks = read_text(LAYOUT, "plan.txt").blocks
    assert isinstance(blocks[-1], Paragraph)
    assert blocks[-1].text.startswith("Specifický cíl 1.1.2")


def test_two_spaces_inside_a_sentence_make_no_table():
    # "… a další.  Mediátor nabídl …": double spaces in prose, nothing aligned under them
    text = "Projekt funguje půl roku a další.  Mediátor nabídl spolupráci.\nadd 3)\n"
    assert _tables(text) == []


def test_aligned_columns_hyphen_at_line_end_joins_a_compound():
    text = (
        "Popis opatření        Vytvoření pozic domovníků-\n"
        "                       preventistů v domech\n"
    )
    [table] = _tables(text)
    assert _cells(table)[0][1] == "Vytvoření pozic domovníků-preventistů v domech"


def test_aligned_columns_a_word_broken_in_a_narrow_column_is_whole_again():
    # pdftotext -layout of a PDF whose narrow cell broke "financování" as "financov" / "ání";
    # "s" / "dětmi" wrapped at a space stay two words
    text = (
        "Č.      Garant      Cílová      Zdroj\n"
        "                    skupina     financov\n"
        "                                ání\n"
        "1.1     Obec        rodiny s    IROP\n"
        "        Lhota       dětmi\n"
    )
    [table] = _tables(text)
    assert _cells(table) == [
        ["Č.", "Garant", "Cílová skupina", "Zdroj financování"],
        ["1.1", "Obec Lhota", "rodiny s dětmi", "IROP"],
    ]


def test_aligned_three_columns_a_title_wrapped_in_the_first_column_continues_the_row():
    text = (
        "Opatření             Služba              Náklady\n"
        "1.1.1.1              Aktivita            4 mil. Kč\n"
        "Předškolní klub v\n"
        "lokalitě Za Tratí\n"
        "1.1.1.2 Doprava      Aktivita            Viz 1.1.1.1\n"
    )
    [table] = _tables(text)
    assert _cells(table)[1] == [
        "1.1.1.1 Předškolní klub v lokalitě Za Tratí",
        "Aktivita",
        "4 mil. Kč",
    ]
    assert _cells(table)[2][0] == "1.1.1.2 Doprava"


def test_form_feed_of_a_page_break_is_not_text():
    source = read_text("Strana 1\n\fOpatření 2.1.1.1\n", "plan.txt")
    assert [b.text for b in source.blocks] == ["Strana 1", "Opatření 2.1.1.1"]  # type: ignore[union-attr]


# -- Markdown (pandoc -t gfm) -----------------------------------------------------------------


def test_pipe_table_with_escapes_bold_and_alignment_row():
    text = (
        "| **Opatření 1.1.1.1** | Klub \\| dílna |\n"
        "|:----------------------|-------:|\n"
        "| Vazba na další cíle   | \\-     |\n"
        "| Popis                 | Nábor<br>dětí |\n"
    )
    [table] = _tables(text, "plan.md")
    assert _cells(table) == [
        ["**Opatření 1.1.1.1**", "Klub | dílna"],
        ["Vazba na další cíle", "-"],
        ["Popis", "Nábor dětí"],
    ]
    assert [row.locator.line for row in table.rows] == [1, 3, 4]


def test_markdown_headings_items_and_escaped_dashes():
    text = "# 1 Vzdělávání\n\n\\- **Specifický cíl 2.1.1** Do roku 2026\n\n-   Nábor dětí\n"
    source = read_text(text, "plan.md")
    assert source.kind == "markdown"
    heading, paragraph, item = source.blocks
    assert isinstance(heading, Heading) and (heading.level, heading.text) == (1, "1 Vzdělávání")
    # an escaped dash is text that starts with a dash, not a list
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "- **Specifický cíl 2.1.1** Do roku 2026"
    assert isinstance(item, ListItem) and item.text == "Nábor dětí"


def test_wrapped_paragraph_lines_are_one_paragraph():
    # pandoc wraps at 72 characters: "… ve dvou tematických" / "oblastech."
    filler = "\n\n".join(
        f"Odstavec číslo {n} je tu jen proto, aby text měl šířku zalomení." for n in range(5)
    )
    text = (
        "Tento akční plán obsahuje celkem sedm opatření ve dvou tematických a\n"
        "dalších oblastech.\n\nOmluveni:\nJana Veselá\n\n" + filler + "\n"
    )
    blocks = read_text(text, "plan.txt").blocks
    assert blocks[0].text.endswith("tematických a dalších oblastech.")  # type: ignore[union-attr]
    assert blocks[0].locator.line == 1
    assert [b.text for b in blocks[1:3]] == ["Omluveni:", "Jana Veselá"]  # type: ignore[union-attr]


def test_line_opening_with_a_numbered_level_word_starts_a_block():
    # "Specifický cíl B.1 Zvýšit zaměstnanost dlouhodobě nezaměstnaných" filled to the
    # width, then "Opatření B.1.1 – Veřejně prospěšné práce": a new heading, not a wrap.
    filler = "\n\n".join(
        f"Odstavec číslo {n} je tu jen proto, aby text měl šířku zalomení." for n in range(5)
    )
    text = (
        "Specifický cíl B.1 Zvýšit zaměstnanost všech dlouhodobě nezaměstnaných\n"
        "Opatření B.1.1 – Veřejně prospěšné práce\n"
        "Garant: Technické služby\n\n"
        "Cíl 2 Zajistit dostupné bydlení pro všechny rodiny s dětmi v obci a\n"
        "Opatření 2.1 vychází z dobré praxe.\n\n" + filler + "\n"
    )
    texts = [b.text for b in read_text(text, "plan.txt").blocks]  # type: ignore[union-attr]
    assert texts[:3] == [
        "Specifický cíl B.1 Zvýšit zaměstnanost všech dlouhodobě nezaměstnaných",
        "Opatření B.1.1 – Veřejně prospěšné práce",
        "Garant: Technické služby",
    ]
    # a sentence that mentions a measure is a wrap of the line before it
    assert texts[3].endswith("rodiny s dětmi v obci a Opatření 2.1 vychází z dobré praxe.")


def test_unwrapped_text_with_long_lines_is_never_joined():
    long = "Pan Lukeš představil projekt Dům na půl cesty a jeho výsledky za celý rok. " * 3
    text = f"{long}\nadd 3)\nKrátký řádek\n"
    assert len(read_text(text, "zapis.txt").blocks) == 3


# -- pandoc -t plain tables -------------------------------------------------------------------


def test_pandoc_multiline_table_rows_separated_by_blank_lines():
    text = (
        "  -----------------------------------------------------\n"
        "  Opatření 1.1.1.1            Předškolní klub\n"
        "  --------------------------- -------------------------\n"
        "  Popis opatření              Provoz klubu pro děti,\n"
        "                              které nechodí do školky.\n"
        "\n"
        "  Harmonogram                 2024–2026\n"
        "  -----------------------------------------------------\n"
    )
    [table] = _tables(text)
    assert _cells(table) == [
        ["Opatření 1.1.1.1", "Předškolní klub"],
        ["Popis opatření", "Provoz klubu pro děti, které nechodí do školky."],
        ["Harmonogram", "2024–2026"],
    ]
    assert [row.locator.line for row in table.rows] == [2, 4, 7]


def test_pandoc_simple_table_with_header_ends_at_blank_line():
    text = (
        "Název rizika   Dopad\n-------------- ------\n"
        "Odchod         4\nNedostatek     3\n\nDalší text\n"
    )
    [table] = _tables(text)
    assert _cells(table) == [["Název rizika", "Dopad"], ["Odchod", "4"], ["Nedostatek", "3"]]


def test_grid_table_with_a_list_in_a_cell():
    text = (
        "+-----------------+--------------------+\n"
        "| Garant          | - Město            |\n"
        "|                 | - NNO              |\n"
        "+=================+====================+\n"
        "| Harmonogram     | 2024               |\n"
        "+-----------------+--------------------+\n"
    )
    [table] = _tables(text)
    cell = table.rows[0].cells[1]
    assert [(type(b).__name__, b.text) for b in cell.blocks] == [  # type: ignore[union-attr]
        ("ListItem", "Město"),
        ("ListItem", "NNO"),
    ]
    assert _cells(table)[1] == ["Harmonogram", "2024"]


# -- HTML left inside text --------------------------------------------------------------------


def test_html_table_with_paragraphs_and_list_items():
    text = (
        "Úvod\n"
        "<table>\n"
        "<tbody>\n"
        "<tr>\n<td>Popis opatření</td>\n"
        "<td><p>Provoz klubu.</p>\n<ul>\n<li>Nábor dětí.</li>\n"
        "<li>Spolupráce &amp; rodiče.</li>\n</ul></td>\n"
        "</tr>\n"
        "</tbody>\n"
        "</table>\n"
        "Závěr\n"
    )
    source = read_text(text, "plan.md")
    assert source.kind == "html"
    intro, table, end = source.blocks
    assert isinstance(table, Table)
    cell = table.rows[0].cells[1]
    assert [(type(b).__name__, b.text) for b in cell.blocks] == [  # type: ignore[union-attr]
        ("Paragraph", "Provoz klubu."),
        ("ListItem", "Nábor dětí."),
        ("ListItem", "Spolupráce & rodiče."),
    ]
    assert table.rows[0].locator.line == 4
    assert isinstance(end, Paragraph) and end.locator.line == 14


# -- bullets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bullet", ["\uf0b7", "•", "▪"])
def test_symbol_font_bullets_are_list_items(bullet):
    # pdftotext -layout prints a Word bullet as U+F0B7: "   Specifický cíl 1.1.1 …"
    source = read_text(f"Cíle:\n{bullet}   Specifický cíl 1.1.1 Do roku 2026\n", "plan.txt")
    item = source.blocks[1]
    assert isinstance(item, ListItem) and item.text == "Specifický cíl 1.1.1 Do roku 2026"
