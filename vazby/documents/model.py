"""The document model: what every reader produces and every loader reads.

A document is a sequence of blocks: headings (with a level), paragraphs, list items (with a
depth) and tables (rows of cells; a cell holds blocks of its own). Every block carries a
:class:`Locator` saying where it is in its file, in the terms of that kind of file: the line
for text; the page and the line on the page for PDF; the paragraph, or the table, row and
cell, for DOCX and ODT.

Readers (one module per kind of file, see :mod:`vazby.documents.detect`) know bytes and
formats; nothing downstream of them does.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Locator",
    "Heading",
    "Paragraph",
    "ListItem",
    "Cell",
    "Row",
    "Table",
    "Block",
    "SourceFile",
    "KINDS",
]

#: The kinds of file a reader can produce, by the name used in messages and provenance.
KINDS = ("text", "markdown", "html", "docx", "odt", "pdf")


@dataclass(frozen=True, slots=True)
class Locator:
    """Where a block is in its file.

    Only the fields that make sense for the file's kind are set:

    - text, Markdown, HTML: ``line`` (1-based line of the file);
    - PDF: ``page`` (1-based) and ``line`` (1-based line on that page);
    - DOCX, ODT: ``paragraph`` (1-based among the body's paragraphs and tables' cells'
      paragraphs, in reading order) or ``table``, ``row`` and ``cell`` (all 1-based).

    A table cell of a text or PDF table also carries ``table``/``row``/``cell`` beside its
    line, so either form of address can be followed.

    Examples
    --------
    >>> Locator(line=12).format("plan.txt")
    'plan.txt:12'
    >>> Locator(page=3, line=7).format("plan.pdf")
    'plan.pdf:p3:7'
    >>> Locator(paragraph=45).format("plan.docx")
    'plan.docx:¶45'
    >>> Locator(table=2, row=5, cell=1).format("plan.docx")
    'plan.docx:t2:r5:c1'
    >>> Locator(page=4, line=9, table=1, row=3, cell=2).format("plan.pdf")
    'plan.pdf:p4:9'
    """

    line: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def format(self, name: str) -> str:
        """The one human-readable form of this locator in a file called ``name``."""
        if self.page is not None:
            return f"{name}:p{self.page}:{self.line if self.line is not None else 1}"
        if self.line is not None:
            return f"{name}:{self.line}"
        if self.table is not None:
            parts = [f"t{self.table}"]
            if self.row is not None:
                parts.append(f"r{self.row}")
            if self.cell is not None:
                parts.append(f"c{self.cell}")
            return f"{name}:{':'.join(parts)}"
        if self.paragraph is not None:
            return f"{name}:¶{self.paragraph}"
        return name


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: a heading style in a word processor, ``#`` in Markdown, a bold title line."""

    text: str
    level: int
    locator: Locator


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text (one line of a text file, one paragraph of a DOCX)."""

    text: str
    locator: Locator


@dataclass(frozen=True, slots=True)
class ListItem:
    """An item of a bulleted or numbered list; ``depth`` 0 is the outermost list.

    ``marker`` is the number or letter as printed ("1.", "a)"), ``None`` for a bullet.
    """

    text: str
    depth: int
    locator: Locator
    marker: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table: blocks of its own (paragraphs, list items, nested tables)."""

    blocks: tuple[Block, ...]
    locator: Locator

    @property
    def text(self) -> str:
        """The cell's text, its paragraphs and items joined by single spaces."""
        return " ".join(_text_of(block) for block in self.blocks if _text_of(block))


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table. Merged cells repeat nothing: a cell spanning columns is one cell."""

    cells: tuple[Cell, ...]
    locator: Locator


@dataclass(frozen=True, slots=True)
class Table:
    """A table: rows of cells, in reading order."""

    rows: tuple[Row, ...]
    locator: Locator


Block = Heading | Paragraph | ListItem | Table


def _text_of(block: Block) -> str:
    if isinstance(block, Table):
        return " ".join(cell.text for row in block.rows for cell in row.cells if cell.text)
    return block.text


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file read into blocks, with its identity.

    ``name`` is the file name used in provenance and locators; ``kind`` one of
    :data:`KINDS`; ``encoding`` the text encoding where the file was text, else ``None``;
    ``unread`` the content the reader left out or could read only without its structure
    (footnotes, comments, form fields, pages without text, a table read as paragraphs):
    each becomes a ``reader`` diagnostic of the build, so nothing is lost silently.
    ``notes`` what the reader did to the text that changes nothing a loader reads (running
    headers and page numbers dropped, hyphenation joined, text boxes moved after their
    anchor): shown by ``vazby read`` only, so that the same plan gives the same diagnostics
    in every form. Each entry carries its locator.
    """

    path: str
    name: str
    sha256: str
    kind: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    notes: tuple[tuple[Locator, str], ...] = ()
    unread: tuple[tuple[Locator, str], ...] = ()
