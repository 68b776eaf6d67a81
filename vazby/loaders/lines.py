"""A document's blocks rendered into the lines the loaders read, each with its locator.

The loaders read a card as ``Label<TAB>value`` lines; this module is the one place that
knows that separator. A table row is its cells joined by :data:`CELL_SEPARATOR`; a cell's
paragraphs are joined by spaces and its list items written ``- item`` after them (the form
the loaders read in cells); headings, paragraphs and list items are one line each.

A text file keeps its own line numbers: each block is rendered on the line it starts on
(a row wrapped over several lines on its first one, the others left blank), so provenance
reads ``plan.txt:12`` as before. Other files (PDF, DOCX, ODT) are rendered block after block,
with a blank line after each block that is not a table row, and every line keeps the
locator of its block.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..documents.model import Block, Cell, Heading, ListItem, Locator, SourceFile, Table
from .records import Document

__all__ = ["CELL_SEPARATOR", "LINE_KINDS", "document_of", "render_cell"]

#: What separates a row's cells in the loaders' lines.
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


def _rendered(block: Block, markdown: bool = False) -> list[tuple[str, Locator]]:
    """The lines of one block, each with its locator.

    A Markdown file's headings keep their ``#`` marks (the results loader reads its towns
    from them); a heading style of a word processor is its text alone, as the plan loaders
    read it.
    """
    if isinstance(block, Table):
        return [
            (CELL_SEPARATOR.join(render_cell(cell) for cell in row.cells), row.locator)
            for row in block.rows
        ]
    if isinstance(block, ListItem):
        marker = block.marker or "-"
        return [(f"{'  ' * block.depth}{marker} {_one_line(block.text)}", block.locator)]
    if isinstance(block, Heading):
        text = _one_line(block.text)
        return [(f"{'#' * block.level} {text}" if markdown else text, block.locator)]
    # A paragraph: a text file's line as printed (tabs, if any, are its cells).
    return [(block.text.replace("\n", " "), block.locator)]


def _level(block: Block) -> int:
    return block.level if isinstance(block, Heading) else 0


def _in_place(source: SourceFile) -> tuple[list[str], list[Locator | None], list[int]] | None:
    """Render on each block's own line; ``None`` when two blocks claim one line."""
    lines: list[str] = []
    locators: list[Locator | None] = []
    levels: list[int] = []
    markdown = source.kind == "markdown"
    for block in source.blocks:
        for text, locator in _rendered(block, markdown):
            number = locator.line
            if number is None or number <= len(lines):
                return None
            while len(lines) < number - 1:
                lines.append("")
                locators.append(None)
                levels.append(0)
            lines.append(text)
            locators.append(locator)
            levels.append(_level(block))
    return lines, locators, levels


def _in_order(source: SourceFile) -> tuple[list[str], list[Locator | None], list[int]]:
    lines: list[str] = []
    locators: list[Locator | None] = []
    levels: list[int] = []
    for block in source.blocks:
        for text, locator in _rendered(block):
            lines.append(text)
            locators.append(locator)
            levels.append(_level(block))
        lines.append("")
        locators.append(None)
        levels.append(0)
    return lines, locators, levels


def document_of(source: SourceFile) -> Document:
    """The :class:`Document` the loaders read for ``source``.

    Examples
    --------
    >>> from vazby.documents.text import read_text
    >>> doc = document_of(read_text("| Garant | Město |\\n|---|---|\\n\\n# Cíl", "p.md"))
    >>> doc.lines
    ('Garant\\tMěsto', '', '', '# Cíl')
    >>> str(doc.span(1))
    'p.md:1'
    """
    placed = _in_place(source) if source.kind in LINE_KINDS else None
    if placed is not None:
        # a text file's blocks keep their own lines: the line numbers are the locators
        lines, _, levels = placed
        locators: Sequence[Locator | None] = ()
    else:
        lines, locators, levels = _in_order(source)
    return Document(
        path=source.path,
        name=source.name,
        sha256=source.sha256,
        encoding=source.encoding or "",
        lines=tuple(lines),
        locators=tuple(locators),
        kind=source.kind,
        unread=tuple((locator.format(source.name), note) for locator, note in source.unread),
        headings=tuple(levels) if any(levels) else (),
    )
