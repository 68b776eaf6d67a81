"""The test forms of a plan: tab text read as blocks, written as a real Word document, and
turned by the real converters into PDF, ODT and their text."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.forms import (  # noqa: E402
    FORMS,
    Forms,
    ToolMissing,
    docx_from_text,
    missing_tool,
    parse_text,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO = Path(__file__).resolve().parents[2]

CARD = (
    "1 Bydlení\n"
    "Úvodní text oblasti.\n"
    "Opatření 1.1\tKontaktní místo\n"
    "Garant\tMěsto Horní Lhota\n"
    "\n"
    "\tdruhý odstavec hodnoty\n"
    "- první bod\n"
    "  - vnořený bod\n"
)


def _kinds(text: str) -> list[tuple[str, object]]:
    return [(b.kind, b.text if b.kind != "table" else len(b.rows)) for b in parse_text(text)]


def test_parse_text_card_lines_make_one_table_with_continuation():
    blocks = parse_text(CARD)
    assert _kinds(CARD) == [
        ("heading", "1 Bydlení"),
        ("paragraph", "Úvodní text oblasti."),
        ("table", 2),
        ("item", "první bod"),
        ("item", "vnořený bod"),
    ]
    table = blocks[2]
    # "\tdruhý odstavec hodnoty" after a blank line is the value's second paragraph
    assert table.rows[1] == [
        [("p", "Garant")],
        [("p", "Město Horní Lhota"), ("p", "druhý odstavec hodnoty")],
    ]
    assert [b.level for b in blocks if b.kind == "item"] == [0, 1]


def test_parse_text_blank_line_between_cards_ends_the_table():
    text = "Opatření 1\tA\nGarant\tX\n\nOpatření 2\tB\nGarant\tY\n"
    assert _kinds(text) == [("table", 2), ("table", 2)]


def test_parse_text_row_with_values_in_several_columns_is_a_row_not_a_continuation():
    text = "Opatření\tAlokace\tProgram\n\t4 mil.\tOPZ+\n"
    assert len(parse_text(text)[0].rows) == 2


def test_parse_text_html_left_in_a_cell_becomes_paragraph_and_bullets():
    # the kind of cell pandoc's gfm writer leaves: <p>…</p> then a <ul> of "- " items
    text = "Popis\t<p>Provoz klubu.</p> <ul> - Nábor dětí. - Spolupráce s rodiči.\n"
    assert parse_text(text)[0].rows[0][1] == [
        ("p", "Provoz klubu."),
        ("li", "Nábor dětí."),
        ("li", "Spolupráce s rodiči."),
    ]


def test_parse_text_numbered_sentence_is_not_a_heading():
    assert _kinds("1 Do roku 2026 získá 15 domácností bydlení.\n2.1 Bezpečnost\n") == [
        ("paragraph", "1 Do roku 2026 získá 15 domácností bydlení."),
        ("heading", "2.1 Bezpečnost"),
    ]


def test_docx_from_text_writes_headings_lists_and_real_tables():
    import docx

    document = docx.Document(io.BytesIO(docx_from_text(CARD)))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styles == [
        ("Heading 1", "1 Bydlení"),
        ("Normal", "Úvodní text oblasti."),
        ("List Bullet", "první bod"),
        ("List Bullet 2", "vnořený bod"),
    ]
    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Opatření 1.1", "Kontaktní místo"],
        ["Garant", "Město Horní Lhota\ndruhý odstavec hodnoty"],
    ]
    assert table.style.name == "Table Grid"


def test_docx_from_text_bold_markup_becomes_a_bold_run():
    import docx

    document = docx.Document(io.BytesIO(docx_from_text("Plán má **7 opatření** celkem.")))
    runs = [(run.text, bool(run.bold)) for run in document.paragraphs[0].runs]
    assert runs == [("Plán má ", False), ("7 opatření", True), (" celkem.", False)]


def test_docx_from_text_unruled_tables_have_no_grid_style():
    import docx

    document = docx.Document(io.BytesIO(docx_from_text("A\tB\n", ruled=False)))
    assert document.tables[0].style.name != "Table Grid"


def test_forms_make_unknown_form_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown form"):
        Forms(tmp_path).make(FIXTURES / "action_plan_small.txt", "rtf")


def test_forms_make_without_the_tool_raises_tool_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert missing_tool("pdf") == "soffice"
    with pytest.raises(ToolMissing, match="setup-documents.sh"):
        Forms(tmp_path).make(FIXTURES / "action_plan_small.txt", "pandoc-gfm")


def test_forms_make_is_cached_per_content(tmp_path):
    forms = Forms(tmp_path)
    source = tmp_path / "plan.txt"
    source.write_text("Garant\tMěsto\n", encoding="utf-8")
    first = forms.make(source, "docx")
    assert first.name == "plan.docx"
    first.write_bytes(b"marker")  # a second make must not write again
    assert forms.make(source, "docx").read_bytes() == b"marker"
    source.write_text("Garant\tObec\n", encoding="utf-8")
    assert forms.make(source, "docx").read_bytes()[:2] == b"PK"


def test_document_forms_every_form_from_the_real_tools(document_forms):
    source = FIXTURES / "action_plan_small.txt"
    made = {form: document_forms.make(source, form) for form in FORMS}
    assert made["pdf"].read_bytes().startswith(b"%PDF-")
    with zipfile.ZipFile(made["odt"]) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    # LibreOffice's text export: a BOM, and each cell on a line of its own
    soffice = made["soffice-txt"].read_bytes()
    assert soffice.startswith(b"\xef\xbb\xbf")
    assert "Harmonogram\n01/2024–12/2026\n" in soffice.decode("utf-8-sig")
    # pdftotext -layout keeps label and value on one line; the PDF has a real text layer
    layout = made["pdftotext-layout"].read_text(encoding="utf-8")
    assert any(
        line.startswith("Harmonogram") and line.rstrip().endswith("01/2024–12/2026")
        for line in layout.splitlines()
    )
    assert "| Harmonogram" in made["pandoc-gfm"].read_text(encoding="utf-8")
    assert "Předškolní klub" in made["pandoc-plain"].read_text("utf-8")
    assert "Harmonogram" in made["pdftotext"].read_text(encoding="utf-8")
    assert {path.stem.split(".")[0] for path in made.values()} == {"action_plan_small"}


def test_document_forms_make_many_converts_several_plans(document_forms):
    sources = [FIXTURES / "action_plan_small.txt", FIXTURES / "evaluation_small.txt"]
    pdfs = document_forms.make_many(sources, "pdf")
    assert [p.name for p in pdfs] == ["action_plan_small.pdf", "evaluation_small.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)


def test_setup_documents_script_is_quiet_when_everything_is_present():
    if any(missing_tool(form) for form in FORMS):
        pytest.skip("the converters are not installed")
    done = subprocess.run(
        ["sh", str(REPO / "scripts" / "setup-documents.sh")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "setup-documents: nothing to do"
