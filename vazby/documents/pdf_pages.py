"""A PDF page's words and ruling lines, read with PDFium (pypdfium2).

pdfplumber gets a page's characters through pdfminer, in Python: on the five seeds printed
to PDF (100 pages) that alone takes 8-10 s of one core. PDFium, the C++ library under
pypdfium2 (already a dependency of pdfplumber), gives the same characters and drawn paths
several times faster. This module turns them into what the reader needs:

- words: dictionaries shaped as pdfplumber's ``extract_words`` gives them (``text``,
  ``x0``, ``x1``, ``top``, ``bottom``, ``size``; ``top`` measured from the top of the page;
  and ``bold``),
  characters joined while they follow each other on one baseline in one size;
- edges: the horizontal and vertical segments of the page's drawn paths (lines, rectangle
  sides), shaped as pdfplumber's ``page.edges``, so that pdfplumber's own table finder
  (:class:`pdfplumber.table.TableFinder`) finds the ruled tables from them.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PageContent", "read_pages", "find_tables"]

#: Characters further apart than this (pt) are two words (pdfplumber's x_tolerance).
X_TOLERANCE = 2.0
#: Baselines closer than this (pt) are one line.
Y_TOLERANCE = 3.0
#: Below the baseline, the share of the font size a character's box reaches.
DESCENT = 0.22
#: A drawn segment shorter than this (pt) draws no ruling line.
MIN_EDGE = 1.0
#: A font this heavy (CSS weight) or heavier is bold.
BOLD = 600


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    words: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    #: what the page's annotations hold that its text does not: "comment" (notes, free text,
    #: highlights and other markup a reader added) and "form field" (widgets), by count
    annotations: dict[str, int] = field(default_factory=dict)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


def read_pages(pdf: Any) -> Iterator[PageContent]:
    """Words and edges of every page of an open ``pypdfium2.PdfDocument``."""
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                words = _words(textpage, height)
            finally:
                textpage.close()
            edges = _edges(page.raw, height)
            annotations = _annotations(page.raw)
        finally:
            page.close()
        yield PageContent(index + 1, float(width), float(height), words, edges, annotations)


def _annotations(page: Any) -> dict[str, int]:
    """How many comments and form fields the page's annotations hold (links, the pop-ups
    that show a comment, and printer's marks are not content)."""
    import pypdfium2.raw as pdfium_c

    skipped = {
        pdfium_c.FPDF_ANNOT_LINK,
        pdfium_c.FPDF_ANNOT_POPUP,
        pdfium_c.FPDF_ANNOT_PRINTERMARK,
        pdfium_c.FPDF_ANNOT_TRAPNET,
        pdfium_c.FPDF_ANNOT_WATERMARK,
    }
    counts: dict[str, int] = {}
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, index)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        if subtype in skipped:
            continue
        kind = "form field" if subtype == pdfium_c.FPDF_ANNOT_WIDGET else "comment"
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _words(textpage: Any, height: float) -> list[dict[str, Any]]:
    import pypdfium2.raw as raw

    # three calls into PDFium per character, bound once: this loop is the reader's cost
    unicode_of, box_of, size_of = (
        raw.FPDFText_GetUnicode,
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetFontSize,
    )
    handle = textpage.raw
    name = ctypes.create_string_buffer(_FONT_NAME)
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    words: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    base = 0.0  # the current word's box bottom, in PDF units (from the page's bottom)
    for index in range(raw.FPDFText_CountChars(handle)):
        code = unicode_of(handle, index)
        char = chr(code) if code else ""
        if not char or char.isspace():  # PDFium's generated spaces and line ends too
            current = None
            continue
        if char in "\x02\ufffe":  # PDFium's mark of a hyphen it found at a line end
            char = "-"
        box_of(handle, index, box)
        size = round(float(size_of(handle, index)), 2)
        if (
            current is not None
            and abs(base - box.bottom) <= Y_TOLERANCE
            and current["size"] == size
            # a ligature's second letter ("fi") starts inside the first one's box
            and current["x0"] - X_TOLERANCE <= box.left <= current["x1"] + X_TOLERANCE
        ):
            current["text"] += char
            current["x1"] = max(current["x1"], box.right)
            continue
        raw.FPDFText_GetCharOrigin(handle, index, x, y)
        bottom = height - y.value + DESCENT * size
        base = box.bottom
        current = {
            "text": char,
            "x0": box.left,
            "x1": box.right,
            "top": bottom - size,
            "bottom": bottom,
            "size": size,
            # asked once a word, not a character: a word is printed in one font
            "bold": _bold(raw, handle, index, name),
        }
        words.append(current)
    return words


_FONT_NAME = 96
#: Words in a font's name that say it is bold ("DejaVuSans-Bold", "Calibri,Bold",
#: "Arial-BoldMT", "OpenSans-Semibold"): embedded subsets often declare no weight.
_BOLD_NAMES = (b"bold", b"black", b"heavy", b"semibold", b"demi")


def _bold(raw: Any, handle: Any, index: int, name: Any) -> bool:
    if raw.FPDFText_GetFontWeight(handle, index) >= BOLD:
        return True
    raw.FPDFText_GetFontInfo(handle, index, name, _FONT_NAME, None)
    return any(word in name.value.lower() for word in _BOLD_NAMES)


def _edges(page: Any, height: float) -> list[dict[str, Any]]:
    import pypdfium2.raw as raw

    edges: list[dict[str, Any]] = []
    for index in range(raw.FPDFPage_CountObjects(page)):
        _object_edges(raw.FPDFPage_GetObject(page, index), (1, 0, 0, 1, 0, 0), height, edges)
    return edges


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _object_edges(obj: Any, outer: tuple, height: float, edges: list[dict[str, Any]]) -> None:
    import pypdfium2.raw as raw

    kind = raw.FPDFPageObj_GetType(obj)
    if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
        return
    fs = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, fs):
        return
    matrix = _compose((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
    if kind == raw.FPDF_PAGEOBJ_FORM:
        for index in range(raw.FPDFFormObj_CountObjects(obj)):
            _object_edges(raw.FPDFFormObj_GetObject(obj, index), matrix, height, edges)
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    start = previous = None
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add_edge(previous, point, height, edges)
        previous = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(point, start, height, edges)
            previous = start


def _add_edge(p: tuple, q: tuple, height: float, edges: list[dict[str, Any]]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= MIN_EDGE:
        left, right = sorted((x0, x1))
        top = height - (y0 + y1) / 2
        edges.append(
            {"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left,
             "height": 0.0, "orientation": "h", "object_type": "line"}
        )  # fmt: skip
    elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= MIN_EDGE:
        low, high = sorted((y0, y1))
        middle = (x0 + x1) / 2
        edges.append(
            {"x0": middle, "x1": middle, "top": height - high, "bottom": height - low,
             "width": 0.0, "height": high - low, "orientation": "v", "object_type": "line"}
        )  # fmt: skip


def find_tables(page: PageContent) -> list[Any]:
    """pdfplumber's tables drawn by the page's ruling lines (none without edges)."""
    from pdfplumber.table import TableFinder

    if not page.edges:
        return []
    return list(TableFinder(page).tables)  # type: ignore[arg-type]
