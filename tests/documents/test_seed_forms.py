"""The seeds turned into Word, PDF and ODT read back into the same card rows.

The tab text of a seed is written as a Word document by ``fixtures.forms`` (each run of
tab lines a real table), printed to PDF and saved as ODT by LibreOffice; each reader must
give back the rows the text holds. Skipped when ``../shared/seeds`` is absent.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import seed_path
from vazby.documents import docx, odt, pdf
from vazby.documents.model import SourceFile, Table

pytestmark = pytest.mark.seeds


def _rows(source: SourceFile) -> Counter[tuple[str, ...]]:
    return Counter(
        tuple(" ".join(cell.text.split()) for cell in row.cells)
        for block in source.blocks
        if isinstance(block, Table)
        for row in block.rows
    )


def _text_rows(text: str) -> Counter[tuple[str, ...]]:
    """Two-cell tab lines of the seed that hold no converter markup: what a card row says."""
    rows: Counter[tuple[str, ...]] = Counter()
    for line in text.splitlines():
        cells = line.rstrip(" \r").split("\t")
        if len(cells) == 2 and all(cells) and not any("<" in c or "**" in c for c in cells):
            rows[tuple(" ".join(cell.split()) for cell in cells)] += 1
    return rows


@pytest.fixture(scope="module", params=["000", "001"])
def seed_forms(request, document_forms):
    path = seed_path(request.param)
    read = {}
    for kind, reader in (("docx", docx.read), ("pdf", pdf.read), ("odt", odt.read)):
        made = document_forms.make(path, kind)
        read[kind] = reader(made.read_bytes(), str(made))
    return path, read


def test_seed_docx_holds_every_card_row_of_the_text(seed_forms):
    path, read = seed_forms
    expected = _text_rows(path.read_text(encoding="utf-8"))
    rows = _rows(read["docx"])
    # a value continued on the next line of the text is a second paragraph of the cell
    missing = [
        (label, value)
        for label, value in expected
        if not any(r[0] == label and r[1].startswith(value) for r in rows if len(r) == 2)
    ]
    assert expected and not missing


def test_seed_odt_rows_equal_the_docx_rows(seed_forms):
    _, read = seed_forms
    assert _rows(read["odt"]) == _rows(read["docx"])


def test_seed_pdf_card_rows_equal_the_docx_rows(seed_forms):
    _, read = seed_forms
    in_docx, in_pdf = _rows(read["docx"]), _rows(read["pdf"])
    cards = Counter({row: n for row, n in in_docx.items() if len(row) == 2})
    assert cards and not cards - in_pdf
    assert all(row.locator.page for block in read["pdf"].blocks if isinstance(block, Table)
               for row in block.rows)  # fmt: skip


def test_seed_pdf_without_rules_card_rows_by_alignment(tmp_path_factory):
    """The same seed printed with tables without borders: the cards are found by the
    alignment of their columns."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from fixtures.forms import Forms, ToolMissing

    forms = Forms(tmp_path_factory.mktemp("unruled"), ruled=False)
    path = seed_path("000")
    try:
        made_docx, made_pdf = forms.make(path, "docx"), forms.make(path, "pdf")
    except ToolMissing as missing:
        pytest.skip(str(missing))
    in_docx = _rows(docx.read(made_docx.read_bytes(), str(made_docx)))
    in_pdf = _rows(pdf.read(made_pdf.read_bytes(), str(made_pdf)))
    cards = Counter({row: n for row, n in in_docx.items() if len(row) == 2})
    # measured: 204 of 205 rows equal
    assert sum((cards & in_pdf).values()) >= sum(cards.values()) * 0.99
