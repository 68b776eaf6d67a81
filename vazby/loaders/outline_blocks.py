"""A decoded text document's lines as blocks of the document model, for the outline reader.

The loaders still receive :class:`~vazby.loaders.records.Document` (lines); the outline
reader works on blocks (:mod:`vazby.documents.model`). This reads the structures a plan's
text carries: Markdown headings (``# …``), bullets (``- …``, ``• …``), Markdown pipe tables
(``| a | b |``, alignment rows skipped) and runs of table rows (lines with cells, see
:meth:`Document.cells <vazby.loaders.records.Document.cells>`). Every other non-empty line
is a paragraph, kept as printed. Each block's locator is its line, so every fact read from
a block points at the line an editor shows.
"""

from __future__ import annotations

import re

from ..documents.model import Block, Cell, Heading, ListItem, Locator, Paragraph, Row, Table
from .records import Document

__all__ = ["blocks_of"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+•]\s+(\S.*)$")
_PIPE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(texts: list[str], line: int, table: int, row: int) -> Row:
    cells = tuple(
        Cell(
            (Paragraph(text.strip(), Locator(line=line, table=table, row=row, cell=c)),)
            if text.strip()
            else (),
            Locator(line=line, table=table, row=row, cell=c),
        )
        for c, text in enumerate(texts, 1)
    )
    return Row(cells, Locator(line=line, table=table, row=row))


def _table(document: Document, start: int, tables: int) -> tuple[Table, int] | None:
    """The table that starts at 0-based ``start`` (pipe rows or rows of cells) and the index
    after it."""
    lines = document.lines
    pipe = bool(_PIPE.match(lines[start]))
    if not pipe and document.cells(start + 1) is None:
        return None
    end = start
    rows: list[Row] = []
    while end < len(lines):
        cells = document.cells(end + 1)
        if not pipe and cells is None and _rule_after_header(document, start, end):
            end += 1
            continue
        if not pipe and cells is None and rows and (gap := _row_gap(document, end, rows)):
            end += gap
            continue
        if pipe and not _PIPE.match(lines[end]) or not pipe and cells is None:
            break
        text = lines[end]
        if not (pipe and _PIPE_RULE.match(text)):
            texts = text.strip().strip("|").split("|") if pipe else list(cells or ())
            rows.append(_cells(texts, end + 1, tables, len(rows) + 1))
        end += 1
    return Table(tuple(rows), Locator(line=start + 1, table=tables)), end


def _row_gap(document: Document, index: int, rows: list[Row]) -> int:
    """How many empty lines from 0-based ``index`` part two rows of one table (a row printed
    over several lines, pandoc's multiline tables, rows parted by blank lines), else 0: the
    next row after them has as many cells as the table's first."""
    lines = document.lines
    end = index
    while end < len(lines) and not lines[end].strip() and document.cells(end + 1) is None:
        end += 1
    after = document.cells(end + 1) if end < len(lines) else None
    if end == index or after is None or len(after) != len(rows[0].cells):
        return 0
    return end - index


def _rule_after_header(document: Document, start: int, index: int) -> bool:
    """Whether 0-based line ``index``, empty, is the rule between a table's header row and
    its rows: a Markdown table read from a file renders its alignment row as an empty line."""
    header, after = document.cells(start + 1), document.cells(index + 2)
    return (
        index == start + 1
        and not document.lines[index].strip()
        and header is not None
        and after is not None
        and len(after) == len(header)
    )


def blocks_of(document: Document) -> tuple[Block, ...]:
    """The blocks of ``document``'s lines.

    Examples
    --------
    >>> from vazby.loaders.lines import document_of_lines
    >>> doc = document_of_lines(["# Plán", "", "- bod", ("a", "b"), "Text"], "p.md")
    >>> [type(b).__name__ for b in blocks_of(doc)]
    ['Heading', 'ListItem', 'Table', 'Paragraph']
    >>> blocks_of(doc)[2].rows[0].cells[1].text
    'b'
    """
    blocks: list[Block] = []
    lines = document.lines
    tables = 0
    i = 0
    while i < len(lines):
        found = _table(document, i, tables + 1)
        if found is not None:
            tables += 1
            blocks.append(found[0])
            i = found[1]
            continue
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        locator = Locator(line=i)
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        level = document.heading_level(i)
        if level and not heading:
            # a word processor's heading style, rendered as its text alone
            blocks.append(Heading(line.strip(), level, locator))
        elif heading:
            blocks.append(Heading(heading.group(2), len(heading.group(1)), locator))
        elif bullet:
            blocks.append(
                ListItem(bullet.group(2), len(bullet.group(1).expandtabs(4)) // 2, locator)
            )
        else:
            blocks.append(Paragraph(line.strip(), locator))
    return tuple(blocks)
