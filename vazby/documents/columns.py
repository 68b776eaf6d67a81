"""Tables whose cells are column-aligned runs of spaces, as ``pdftotext -layout`` writes them.

A row starts with text at the table's left edge and puts each further cell at its column,
after a gap of two or more spaces::

    Odpovědný subjekt        NNO, ve spolupráci s městem
                             Dolní Lhota
    Vazba na analýzu, další  Reaguje na problém
    opatření a cíle:         nízké docházky

* a line with nothing at the left edge, its text at a cell's column, continues that cell
  (a value wrapped at the column's width);
* a line whose left text starts in lower case continues the row's first cell (a label
  wrapped over two lines), and its other text continues the other cells;
* in a table of three columns or more, a row starts where the second column has text or
  the first starts with a number (``1.1.1.1``, ``2 Bezpečnost``); other lines continue the
  row above (a measure's title wrapped in a narrow first column);
* the table needs two lines that agree on a column, so that a sentence with two spaces
  inside it makes no table.
"""

from __future__ import annotations

import re

from .cells import row_of
from .cursor import Cursor
from .model import Locator, Row, Table

__all__ = ["aligned_table", "pieces"]

#: Text with single spaces inside; two spaces or more end a piece (a no-break space is text).
_GAP = re.compile(r"[^ ]+(?: [^ ]+)*")
#: How far a cell's text may start from its column (converters round positions).
_SLACK = 2
#: A value column nearer the edge than this is indentation, not a column.
_MIN_COLUMN = 8


def pieces(line: str) -> list[tuple[int, str]]:
    """The pieces of text of a line separated by two or more spaces, with their columns.

    Examples
    --------
    >>> pieces("Harmonogram      2024 – 2026")
    [(0, 'Harmonogram'), (17, '2024 – 2026')]
    >>> pieces("      pokračování")
    [(6, 'pokračování')]
    """
    return [(m.start(), m.group(0)) for m in _GAP.finditer(line)]


def _column_of(col: int, columns: list[int]) -> int | None:
    """The column a piece starting at ``col`` belongs to: the first column only at its own
    start, any other from its start on (a cell's text may be indented further: a bullet's
    wrapped lines)."""
    if len(columns) > 1 and col >= columns[1] - _SLACK:
        return max(k for k, start in enumerate(columns) if start <= col + _SLACK)
    return 0 if abs(col - columns[0]) <= _SLACK else None


def _fits(line: str, columns: list[int], edge: int) -> str | None:
    """How a line fits a table: "row", "label" (wrapped first cell), "more" (continuation)."""
    found = pieces(line)
    if not found:
        return None
    if any(_column_of(col, columns) is None for col, _ in found):
        return None
    first_col, first_text = found[0]
    if abs(first_col - edge) > _SLACK:
        return "more"
    if first_text[0].islower():
        return "label"
    if len(columns) > 2:
        second = any(_column_of(col, columns) == 1 for col, _ in found)
        return "row" if second or first_text[0].isdigit() else "label"
    return "row"


def aligned_table(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    """A table of column-aligned cells starting at line ``start`` (0-based), or ``None``."""
    lines = cursor.lines
    first = pieces(lines[start])
    if len(first) < 2 or first[1][0] < _MIN_COLUMN or first[0][1][0].islower():
        return None
    edge = first[0][0]
    columns = [col for col, _ in first]
    end = start + 1
    while end < len(lines):
        fit = _fits(lines[end], columns, edge)
        if fit is None:
            break
        if fit == "row" and len(pieces(lines[end])) == 1:
            break  # a line alone at the edge is a paragraph after the table
        end += 1
    # Two lines must agree on a column beyond the edge: a row or a wrapped value.
    if not any(_fits(lines[i], columns, edge) in ("row", "more") for i in range(start + 1, end)):
        return None
    number = cursor.next_table()
    rows: list[Row] = []
    columns_text: list[list[tuple[int, str]]] = []
    row_line = start + 1

    def flush() -> None:
        if columns_text:
            # a renderer breaks a word too wide for its column: pdftotext keeps the break
            rows.append(row_of(columns_text, row_line, number, len(rows) + 1, narrow=True))

    for index in range(start, end):
        fit = "row" if index == start else _fits(lines[index], columns, edge)
        if fit == "row":
            flush()
            columns_text = [[] for _ in columns]
            row_line = index + 1
        for col, text in pieces(lines[index]):
            k = _column_of(col, columns)
            assert k is not None
            columns_text[k].append((index + 1, text))
    flush()
    return Table(tuple(rows), Locator(line=start + 1, table=number)), end
