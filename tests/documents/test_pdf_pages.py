"""PDFium's words and ruling lines against pdfplumber's own, on made-up PDFs.

The reader takes a page's characters and drawn lines from PDFium because pdfplumber's
pdfminer is several times slower; these tests hold the two to the same words and the
same ruled tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import made  # noqa: E402

from vazby.documents.pdf_pages import find_tables, read_pages  # noqa: E402


@pytest.fixture(scope="module")
def printed(document_forms, tmp_path_factory):
    docxs = made.write_all(tmp_path_factory.mktemp("made-pages"))
    names = ["card", "unruled", "bullets", "long"]
    return dict(
        zip(names, document_forms.convert_docx([docxs[n] for n in names], "pdf"), strict=True)
    )


@pytest.mark.parametrize("name", ["card", "unruled", "bullets", "long"])
def test_read_pages_words_equal_pdfplumbers(printed, name):
    path = printed[name]
    pages = list(read_pages(pdfium.PdfDocument(path)))
    with pdfplumber.open(path) as pdf:
        expected = [
            [(w["text"], round(w["x0"])) for w in page.extract_words(x_tolerance=2, y_tolerance=3)]
            for page in pdf.pages
        ]
    got = [sorted((w["text"], round(w["x0"])) for w in page.words) for page in pages]
    assert got == [sorted(words) for words in expected]
    # a word's box is as tall as its font, its top measured from the top of the page
    word = pages[0].words[0]
    assert word["bottom"] - word["top"] == pytest.approx(word["size"])
    assert 0 < word["top"] < pages[0].height / 2


@pytest.mark.parametrize("name", ["card", "unruled", "long"])
def test_find_tables_from_pdfium_edges_equal_pdfplumbers(printed, name):
    path = printed[name]
    pages = list(read_pages(pdfium.PdfDocument(path)))
    with pdfplumber.open(path) as pdf:
        expected = [[_rounded(t.bbox) for t in page.find_tables()] for page in pdf.pages]
    assert [[_rounded(t.bbox) for t in find_tables(page)] for page in pages] == expected
    if name == "unruled":
        assert expected == [[]]  # nothing drawn: the aligned-column rule must find the card


def _rounded(bbox):
    return tuple(round(v) for v in bbox)
