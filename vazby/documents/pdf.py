"""PDF documents read into blocks: words placed on the page, not a text dump.

The characters and drawn lines of each page come from PDFium (:mod:`.pdf_pages`), the
ruled tables from pdfplumber's table finder over those lines. Each page's words are
grouped into lines by position and numbered from the top (the locator ``plan.pdf:p3:7``
is the 7th printed line of page 3, counting every line). Then:

- running headers, footers and page numbers are dropped (:mod:`.pdf_margins`), with a note;
- tables drawn with ruling lines are read by pdfplumber's table finder (called only on pages
  that have ruling lines); a cell merged over columns or rows is one cell;
- two-column ``label | value`` cards printed without rules are found by the alignment of
  their columns (:mod:`.pdf_columns`), tables of three or more columns printed without
  rules by the gutters between their columns (:mod:`.pdf_grid`);
- the remaining lines become paragraphs, list items (bullet glyphs, including the Symbol
  font's private-use ones) and headings (larger print) (:mod:`.pdf_blocks`); a word
  hyphenated at a line end is joined again, keeping the hyphen of a compound
  (:func:`.pdf_lines.join_lines`);
- a table that goes on over a page break is one table, a row cut by the break one row, and
  a paragraph cut by the break one paragraph.

A PDF without a text layer (a scan) is refused: vazby does no OCR.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import LoadError
from .container import identity
from .model import Block, Cell, Locator, Paragraph, Row, SourceFile, Table
from .pdf_blocks import Style, build_blocks
from .pdf_columns import AlignedTable, continued_value, find_aligned_tables, wide_rows
from .pdf_grid import GridTable, find_grid_tables
from .pdf_lines import (
    Line,
    body_size,
    bullet_of,
    document_words,
    group_lines,
    join_lines,
)
from .pdf_margins import running_lines
from .pdf_pages import find_tables, read_pages

__all__ = ["sniff", "read"]


def sniff(data: bytes) -> bool:
    """Whether ``data`` is a PDF: ``%PDF-`` at the start (or within the first kilobyte).

    >>> sniff(b"%PDF-1.7\\n"), sniff(b"PK\\x03\\x04")
    (True, False)
    """
    return b"%PDF-" in data[:1024]


@dataclass
class _Page:
    number: int
    height: float
    lines: list[Line]
    tables: list[Any]  # pdfplumber tables found by their ruling lines
    annotations: dict[str, int] = field(default_factory=dict)  # kind → count, not read


def read(data: bytes, path: str) -> SourceFile:
    """Read a PDF's bytes into a :class:`SourceFile` of blocks.

    Raises
    ------
    LoadError
        The PDF is encrypted, broken, or has no text layer (a scanned document).
    """
    pages = _pages(data, path)
    if pages and not any(page.lines for page in pages):
        raise LoadError(
            path,
            0,
            f"no text layer on any of its {len(pages)} page(s): this PDF holds images of "
            "pages (a scan); vazby does no OCR; run OCR on it first (for example ocrmypdf) "
            "or use the document it was printed from",
        )
    notes: list[tuple[Locator, str]] = []
    unread: list[tuple[Locator, str]] = []
    drop = running_lines([page.lines for page in pages], [page.height for page in pages])
    _note_dropped(pages, drop, notes)
    style = _style(pages)
    assembler = _Assembler(style)
    for p, page in enumerate(pages):
        for kind, count in sorted(page.annotations.items()):
            unread.append((Locator(page=page.number, line=1), f"{count} {kind}(s) not read"))
        if not page.lines:
            unread.append((Locator(page=page.number, line=1), "no text on this page (an image?)"))
            continue
        kept = [line for i, line in enumerate(page.lines) if (p, i) not in drop]
        assembler.page(page, kept)
    assembler.finish()
    unread.extend(assembler.unread)
    if assembler.hyphens:
        notes.append(
            (
                assembler.hyphens[0],
                f"{len(assembler.hyphens)} word(s) hyphenated at a line end joined",
            )
        )
    name, sha256 = identity(data, path)
    return SourceFile(
        path=str(path),
        name=name,
        sha256=sha256,
        kind="pdf",
        blocks=tuple(assembler.blocks),
        notes=tuple(notes),
        unread=tuple(unread),
    )


def _pages(data: bytes, path: str) -> list[_Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise LoadError(path, 0, _pdf_problem(str(error))) from None
    pages: list[_Page] = []
    try:
        for content in read_pages(pdf):
            # the table finder runs only where something is drawn (find_tables checks)
            lines = group_lines(content.words)
            tables = find_tables(content)
            pages.append(_Page(content.number, content.height, lines, tables, content.annotations))
    except pdfium.PdfiumError as error:
        raise LoadError(path, 0, _pdf_problem(str(error))) from None
    finally:
        pdf.close()
    return pages


def _pdf_problem(reason: str) -> str:
    if "password" in reason.lower() or "security" in reason.lower():
        return (
            "this PDF is encrypted and needs a password to be read; save an unprotected copy "
            "(print to PDF without a password) and read that"
        )
    return f"broken PDF ({reason}); open it and print or export it again as PDF"


def _note_dropped(
    pages: list[_Page], drop: dict[tuple[int, int], str], notes: list[tuple[Locator, str]]
) -> None:
    first: dict[str, tuple[Locator, str, set[int]]] = {}
    for (p, i), why in sorted(drop.items()):
        line = pages[p].lines[i]
        key = why if why == "page number" else f"{why} {line.text!r}"
        if key not in first:
            first[key] = (Locator(page=pages[p].number, line=i + 1), why, set())
        first[key][2].add(p)
    for key, (locator, why, on) in first.items():
        what = "page numbers" if why == "page number" else key
        notes.append((locator, f"{what} dropped on {len(on)} page(s)"))


def _style(pages: list[_Page]) -> Style:
    lines = [line for page in pages for line in page.lines]
    body = body_size(lines)
    bigger = sorted({line.size for line in lines if line.size >= body * 1.15}, reverse=True)
    bullets: list[float] = []
    for line in lines:
        if bullet_of(line) is not None:
            bullets.append(round(line.x0))
    clusters: list[float] = []
    for x in sorted(set(bullets)):
        if not clusters or x - clusters[-1] > 6:
            clusters.append(x)
    return Style(body, tuple(bigger[:6]), tuple(clusters), document_words(lines))


class _Assembler:
    """Puts each page's tables and text together, in reading order, across pages."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.blocks: list[Block] = []
        self.tables = 0
        self.hyphens: list[Locator] = []
        self._last_columns: tuple[int, ...] | None = None  # the last block's table columns
        self._aligned_column: float | None = None  # its value column, if found by alignment
        self._single: int | None = None  # a one-row card ending a page, until the next page
        self.unread: list[tuple[Locator, str]] = []

    def finish(self) -> None:
        """After the last page: a one-row card ending it goes on nowhere."""
        if self._single is not None:
            self._unmake_single(self._single)
            self._single = None

    def _unmake_single(self, index: int) -> None:
        """A one-row "card" ending a page that the next page does not go on with was a line
        with a wide gap: it becomes a paragraph again."""
        table = self.blocks[index]
        if isinstance(table, Table) and len(table.rows) == 1:
            text = " ".join(cell.text for cell in table.rows[0].cells if cell.text)
            self.blocks[index] = Paragraph(
                text, Locator(page=table.locator.page, line=table.locator.line)
            )
            self.tables -= 1

    def page(self, page: _Page, lines: list[Line]) -> None:
        # by the first word, so that lines regrouped inside a table cell keep their number
        numbers = {id(word): i + 1 for i, line in enumerate(page.lines) for word in line.words}

        def locate(line: Line) -> Locator:
            return Locator(page=page.number, line=numbers.get(id(line.words[0]), 1))

        placed: list[tuple[float, Any]] = []  # (top, what stands there)
        claimed: set[int] = set()
        for found in page.tables:
            top, bottom = found.bbox[1], found.bbox[3]
            inside = [
                line for line in lines
                if top - 1 <= (line.top + line.bottom) / 2 <= bottom + 1
            ]  # fmt: skip
            if inside:
                claimed.update(id(line) for line in inside)
                placed.append((top, ("ruled", found, inside)))
        # the lines between two drawn tables (or a table and the page's edge) run on
        tops = sorted(top for top, _ in placed)
        runs: dict[int, list[Line]] = {}
        for line in lines:
            if id(line) not in claimed:
                runs.setdefault(sum(1 for top in tops if top < line.top), []).append(line)
        if 0 in runs:
            self._go_on_value(runs[0], locate)
        last_run = len(tops)  # the run below every drawn table ends the page
        unread: list[Line] = []  # lines no table took
        for key, run in runs.items():
            pieces: list[list[Line]] = []
            start = 0
            for grid in find_grid_tables(run):
                pieces.append(run[start : grid.start])
                placed.append((run[grid.start].top, ("grid", grid, None)))
                start = grid.end
            pieces.append(run[start:])
            for number, piece in enumerate(pieces):
                unread += piece
                start = 0
                page_end = key == last_run and number == len(pieces) - 1
                for aligned in find_aligned_tables(piece, page_end=page_end):
                    if aligned.start > start:
                        placed.append((piece[start].top, ("text", piece[start : aligned.start])))
                    placed.append((piece[aligned.start].top, ("aligned", aligned, None)))
                    start = aligned.end
                if start < len(piece):
                    placed.append((piece[start].top, ("text", piece[start:])))
        for line in wide_rows(unread)[:1]:
            self.unread.append(
                (locate(line), "lines of a table with more than two columns printed without "
                 "rules: read as paragraphs")
            )  # fmt: skip
        first = True
        single = self._single
        self._single = None
        for _, item in sorted(placed, key=lambda pair: pair[0]):
            if single is not None and not (first and item[0] == "aligned"):
                self._unmake_single(single)
                single = None
            if item[0] == "text":
                blocks = build_blocks(item[1], self.style, locate, self.hyphens)
                if first and blocks and self.blocks:
                    joined = _cut_paragraph(self.blocks[-1], blocks[0], self.style)
                    if joined is not None:  # a paragraph cut by the page break
                        self.blocks[-1] = joined
                        blocks = blocks[1:]
                self.blocks.extend(blocks)
                if blocks:
                    self._last_columns = self._aligned_column = None
            else:
                if item[0] == "ruled":
                    rows, columns = self._ruled(item[1], item[2], page, locate)
                elif item[0] == "grid":
                    rows, columns = self._grid(item[1], page, locate)
                else:
                    rows, columns = self._aligned(item[1], page, locate)
                self._add_table(rows, columns, page, first)
                self._aligned_column = item[1].column if item[0] == "aligned" else None
                if item[0] == "aligned" and len(item[1].rows) == 1 and not first:
                    self._single = len(self.blocks) - 1  # kept only if the next page goes on
            first = False
        if single is not None and not placed:
            self._single = single

    def _add_table(
        self, rows: list[list[Cell]], columns: tuple[int, ...], page: _Page, first: bool
    ) -> None:
        if not rows:
            return
        previous = self.blocks[-1] if self.blocks else None
        if first and isinstance(previous, Table) and self._last_columns == columns:
            # the table goes on from the previous page: more rows of the same table
            number = previous.locator.table or self.tables
            kept = list(previous.rows)
            last = kept[-1]
            if _cut_row(last, rows[0]):
                # a row cut by the page break: its cells go on where they stopped
                rest = self._row(rows.pop(0), number, len(kept), page)
                kept[-1] = Row(
                    tuple(
                        Cell(self._go_on(old.blocks, new.blocks), old.locator)
                        for old, new in zip(last.cells, rest.cells, strict=True)
                    ),
                    last.locator,
                )
            start = len(kept)
            kept += [self._row(cells, number, start + r, page) for r, cells in enumerate(rows, 1)]
            self.blocks[-1] = Table(tuple(kept), previous.locator)
            return
        self.tables += 1
        number = self.tables
        table_rows = tuple(self._row(cells, number, r, page) for r, cells in enumerate(rows, 1))
        line = table_rows[0].locator.line
        self.blocks.append(Table(table_rows, Locator(page=page.number, line=line, table=number)))
        self._last_columns = columns

    def _go_on_value(self, run: list[Line], locate) -> None:
        """Lines at the top of a page that go on with the value of the card (found by
        alignment) the previous page ended with join that value; they leave ``run``."""
        previous = self.blocks[-1] if self.blocks else None
        if self._aligned_column is None or not isinstance(previous, Table) or not run:
            return
        count = continued_value(run, self._aligned_column)
        if not count:
            return
        more = build_blocks(run[:count], self.style, locate, self.hyphens)
        del run[:count]
        last = previous.rows[-1]
        value = last.cells[-1]
        where = value.locator
        more = [
            _renumber(block, where.table or 0, where.row or 0, where.cell or 0) for block in more
        ]
        cells = last.cells[:-1] + (Cell(self._go_on(value.blocks, tuple(more)), value.locator),)
        self.blocks[-1] = Table(previous.rows[:-1] + (Row(cells, last.locator),), previous.locator)

    def _go_on(self, before: tuple[Block, ...], after: tuple[Block, ...]) -> tuple[Block, ...]:
        if before and after:
            joined = _cut_paragraph(before[-1], after[0], self.style)
            if joined is not None:
                return before[:-1] + (joined,) + after[1:]
        return before + after

    def _row(self, cells: list[Cell], table: int, row: int, page: _Page) -> Row:
        numbered = tuple(
            Cell(
                tuple(_renumber(block, table, row, c) for block in cell.blocks),
                Locator(
                    page=cell.locator.page, line=cell.locator.line, table=table, row=row, cell=c
                ),
            )
            for c, cell in enumerate(cells, 1)
        )
        line = numbered[0].locator.line if numbered else None
        return Row(numbered, Locator(page=page.number, line=line, table=table, row=row))

    def _cell(self, lines: list[Line], fallback: Locator, locate) -> Cell:
        blocks = build_blocks(lines, self.style, locate, self.hyphens, narrow=True)
        locator = locate(lines[0]) if lines else fallback
        return Cell(tuple(blocks), locator)

    def _ruled(self, found: Any, lines: list[Line], page: _Page, locate):
        # each word by its middle, so that a cell takes the words whose middle it holds
        placed = [
            ((word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2, word)
            for line in lines
            for word in line.words
        ]
        rows: list[list[Cell]] = []
        for row in found.rows:
            present = [bbox for bbox in row.cells if bbox is not None]  # None: merged away
            if not present:
                continue
            top = min(bbox[1] for bbox in present) - 1
            bottom = max(bbox[3] for bbox in present) + 1
            near = [item for item in placed if top <= item[1] <= bottom]
            cells = []
            for x0, top, x1, bottom in present:
                inside = [
                    word for x, y, word in near
                    if x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1
                ]  # fmt: skip
                fallback = Locator(page=page.number, line=_line_at(page, top))
                cells.append(self._cell(group_lines(inside), fallback, locate))
            if any(cell.blocks for cell in cells):
                rows.append(cells)
        columns = tuple(round(bbox[0]) for bbox in found.rows[0].cells if bbox is not None)
        return rows, columns

    def _grid(self, grid: GridTable, page: _Page, locate):
        rows = []
        for cells in grid.rows:
            first = next(lines[0] for lines in cells if lines)
            fallback = locate(first)
            rows.append([self._cell(lines, fallback, locate) for lines in cells])
        return rows, tuple(round(x) for x in grid.lefts)

    def _aligned(self, aligned: AlignedTable, page: _Page, locate):
        rows = []
        for row in aligned.rows:
            label_locator = locate(row.label[0])
            label = Cell(
                (Paragraph(" ".join(line.text for line in row.label), label_locator),),
                label_locator,
            )
            value = self._cell(row.value, label_locator, locate)
            rows.append([label, value])
        return rows, (round(aligned.rows[0].label[0].x0), round(aligned.column))


def _cut_row(last: Row, cells: list[Cell]) -> bool:
    """Whether the first row on a page is the rest of the row the previous page ended with:
    as many cells, and a first cell starting in lowercase, or some cells empty and the
    first one empty or going on after a hyphen."""
    if len(cells) != len(last.cells) or not cells:
        return False
    if cells[0].text[:1].islower():
        return True  # a label does not start in lowercase: the one above goes on
    if all(cell.blocks for cell in cells):
        return False
    return not cells[0].blocks or last.cells[0].text.endswith("-")


def _cut_paragraph(before: Block, after: Block, style: Style) -> Paragraph | None:
    """``before`` and ``after`` as one paragraph when a page break cut it: ``before`` ends
    without a sentence's end and ``after`` starts in lowercase (or ``before`` with a
    hyphen)."""
    if type(before) is not Paragraph or type(after) is not Paragraph:
        return None
    if not (after.text[:1].islower() or before.text.endswith("-")):
        return None
    if before.text.endswith((".", ":", ";", "!", "?")):
        return None
    text, _ = join_lines([before.text, after.text], style.words)
    return Paragraph(text, before.locator)


def _line_at(page: _Page, top: float) -> int:
    for i, line in enumerate(page.lines):
        if line.bottom >= top:
            return i + 1
    return max(len(page.lines), 1)


def _renumber(block: Block, table: int, row: int, cell: int) -> Block:
    """A block inside a cell carries its cell's address beside its page and line."""
    locator = Locator(
        page=block.locator.page, line=block.locator.line, table=table, row=row, cell=cell
    )
    if isinstance(block, Table):
        return block
    return replace(block, locator=locator)
