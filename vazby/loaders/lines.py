"""A document's blocks rendered into the lines the loaders read, each with its locator.

A table row of two cells or more is one line whose cells the loaders read with
:meth:`Document.cells <vazby.loaders.records.Document.cells>`: a card is its ``label |
value`` rows whatever carried it. A cell's paragraphs are joined by spaces and its list
items written ``- item`` after them (the form the loaders read in cells). The row's own text
is its cells joined by :data:`CELL_SEPARATOR`, white space that no other line holds, so a
pattern over a line reads a heading row ("Opatření 1.1 | Klub") as words; this module is
the one place that knows which character it is. A row of one cell, a heading, a paragraph
and a list item are a line of text each.

A text file keeps its own line numbers: each block is rendered on the line it starts on
(a row wrapped over several lines on its first one, the others left blank), so provenance
reads ``plan.txt:12`` as before. Other files (PDF, DOCX, ODT) are rendered block after block,
with a blank line after each block that is not a table row, and every line keeps the
locator of its block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath

from ..documents.model import (
    Block,
    Cell,
    Heading,
    ListItem,
    Locator,
    Paragraph,
    Row,
    SourceFile,
    Table,
)
from .records import Document

__all__ = ["CELL_SEPARATOR", "LINE_KINDS", "document_of", "document_of_lines", "render_cell"]

#: What separates a row's cells in the text of its line: white space (the loaders read a
#: row's text as words), never read by a loader (tests/loaders/test_no_tabs.py).
CELL_SEPARATOR = "\t"

#: Kinds of file addressed by their own lines.
LINE_KINDS = ("text", "markdown", "html")


def render_cell(cell: Cell) -> str:
    """A cell on one line: paragraphs joined by spaces, list items as ``- item``.

    Examples
    --------
    >>> from vazby.documents.model import Paragraph
    >>> loc = Locator(line=1)
    >>> render_cell(Cell((Paragraph("Nábor", loc), ListItem("dětí", 0, loc)), loc))
    'Nábor - dětí'
    """
    parts = []
    for block in cell.blocks:
        if isinstance(block, ListItem):
            parts.append(f"{block.marker or '-'} {block.text}")
        elif isinstance(block, Table):
            parts.append(" ".join(render_cell(c) for row in block.rows for c in row.cells))
        else:
            parts.append(block.text)
    return _one_line(" ".join(part for part in parts if part))


def _one_line(text: str) -> str:
    return text.replace(CELL_SEPARATOR, " ").replace("\n", " ")


#: A rendered line: its text, its locator, and its cells when it is a table row.
_Line = tuple[str, Locator, "tuple[str, ...] | None"]


def _rendered(block: Block, markdown: bool = False) -> list[_Line]:
    """The lines of one block, each with its locator and, for a table row, its cells.

    A Markdown file's headings keep their ``#`` marks (the results loader reads its towns
    from them); a heading style of a word processor is its text alone, as the plan loaders
    read it.
    """
    if isinstance(block, Table):
        lines: list[_Line] = []
        for row in block.rows:
            cells = tuple(render_cell(cell) for cell in row.cells)
            # a row of one cell is a line of text (see Document.cells)
            lines.append(
                (CELL_SEPARATOR.join(cells), row.locator, cells if len(cells) > 1 else None)
            )
        return lines
    if isinstance(block, ListItem):
        marker = block.marker or "-"
        return [(f"{'  ' * block.depth}{marker} {_one_line(block.text)}", block.locator, None)]
    if isinstance(block, Heading):
        text = _one_line(block.text)
        return [(f"{'#' * block.level} {text}" if markdown else text, block.locator, None)]
    return [(_one_line(block.text), block.locator, None)]


def _level(block: Block) -> int:
    return block.level if isinstance(block, Heading) else 0


class _Lines:
    """The rendered lines of a document, with each line's locator, heading level and cells."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.locators: list[Locator | None] = []
        self.levels: list[int] = []
        self.rows: list[tuple[str, ...] | None] = []

    def add(
        self,
        text: str = "",
        locator: Locator | None = None,
        level: int = 0,
        cells: tuple[str, ...] | None = None,
    ) -> None:
        self.texts.append(text)
        self.locators.append(locator)
        self.levels.append(level)
        self.rows.append(cells)


def _in_place(source: SourceFile) -> _Lines | None:
    """Render on each block's own line; ``None`` when two blocks claim one line."""
    lines = _Lines()
    markdown = source.kind == "markdown"
    for block in source.blocks:
        for text, locator, cells in _rendered(block, markdown):
            number = locator.line
            if number is None or number <= len(lines.texts):
                return None
            while len(lines.texts) < number - 1:
                lines.add()
            lines.add(text, locator, _level(block), cells)
    return lines


def _in_order(source: SourceFile) -> _Lines:
    lines = _Lines()
    for block in source.blocks:
        for text, locator, cells in _rendered(block):
            lines.add(text, locator, _level(block), cells)
        lines.add()
    return lines


def document_of(source: SourceFile) -> Document:
    """The :class:`Document` the loaders read for ``source``.

    Examples
    --------
    >>> from vazby.documents.text import read_text
    >>> doc = document_of(read_text("| Garant | Město |\\n|---|---|\\n\\n# Cíl", "p.md"))
    >>> doc.cells(1), doc.cells(4), doc.line(4)
    (('Garant', 'Město'), None, '# Cíl')
    >>> str(doc.span(1))
    'p.md:1'
    """
    placed = _in_place(source) if source.kind in LINE_KINDS else None
    locators: Sequence[Locator | None] = ()
    if placed is not None:
        # a text file's blocks keep their own lines: the line numbers are the locators
        lines = placed
    else:
        lines = _in_order(source)
        locators = lines.locators
    return Document(
        path=source.path,
        name=source.name,
        sha256=source.sha256,
        encoding=source.encoding or "",
        lines=tuple(lines.texts),
        locators=tuple(locators),
        kind=source.kind,
        unread=tuple((locator.format(source.name), note) for locator, note in source.unread),
        headings=tuple(lines.levels) if any(lines.levels) else (),
        rows=tuple(lines.rows) if any(cells is not None for cells in lines.rows) else (),
    )


def document_of_lines(
    lines: Iterable[str | tuple[str, ...]], path: str = "plan.txt", sha256: str = "0" * 64
) -> Document:
    """The :class:`Document` of a text file's lines: a string is a line of text as printed,
    a tuple the cells of a table row (a run of rows is one table). For examples and tests.

    Examples
    --------
    >>> doc = document_of_lines(["Opatření 1.1", ("Harmonogram", "2024"), "", "Cíl"])
    >>> doc.cells(1), doc.cells(2), doc.line(4)
    (None, ('Harmonogram', '2024'), 'Cíl')
    """
    blocks: list[Block] = []
    rows: list[Row] = []
    tables = 0
    for number, line in enumerate(lines, 1):
        if isinstance(line, tuple):
            tables += not rows
            at = Locator(line=number, table=tables, row=len(rows) + 1)
            rows.append(Row(tuple(Cell((Paragraph(text, at),), at) for text in line), at))
            continue
        if rows:
            blocks.append(Table(tuple(rows), rows[0].locator))
            rows = []
        if line.strip():
            blocks.append(Paragraph(line, Locator(line=number)))
    if rows:
        blocks.append(Table(tuple(rows), rows[0].locator))
    name = PurePath(path).name
    return document_of(SourceFile(path, name, sha256, "text", tuple(blocks), "utf-8"))
