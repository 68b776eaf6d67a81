"""Tables of three or more columns printed without ruling lines, found by their gutters.

A table printed without borders still keeps each cell's text inside its column: between two
columns runs a vertical strip that no word of the table crosses (a gutter). A run of lines
is such a table when its first line parts into at least :data:`MIN_COLUMNS` pieces at wide
gaps, every later line leaves those gaps' strips free, at least two of its lines have words
in :data:`MIN_COLUMNS` columns or more, and below the first line each column's text is
aligned (left, right or centred). A line of running text crosses the gutters and
ends the table.

A line with words in the first column starts a row (unless it goes on in lowercase, a
wrapped first cell); the other lines go on with the row above, each word in the column whose
strip it stands in. The first row is the header, as a drawn table's is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .pdf_lines import Line, runs_found

__all__ = ["GridTable", "find_grid_tables", "MIN_COLUMNS"]

#: A table read here has at least this many columns (two are :mod:`.pdf_columns`' cards).
MIN_COLUMNS = 3
#: A gap between words this many times the font size may part two columns.
GAP = 0.8
#: How far (pt) a word may reach into a gutter and still stand in its column.
SLACK = 1.5
#: A vertical gap this many times a line's height ends the table.
BREAK = 1.8


@dataclass
class GridTable:
    """Lines ``start``…``end - 1`` as rows of cells, each cell the lines of its words."""

    start: int
    end: int
    #: the x where each column's text starts
    lefts: tuple[float, ...]
    rows: list[list[list[Line]]]


def find_grid_tables(lines: Sequence[Line]) -> list[GridTable]:
    """The borderless tables of three or more columns among ``lines`` (top to bottom).

    >>> w = lambda t, x0, top: {"text": t, "x0": x0, "x1": x0 + 6 * len(t), "top": top,
    ...                         "bottom": top + 11, "size": 11}
    >>> row = lambda top, *cells: Line(tuple(w(t, x, top) for t, x in cells))
    >>> lines = [Line((w("Úvodní", 90, 40), w("text", 134, 40), w("plánu", 162, 40))),
    ...          row(60, ("Č.", 90), ("Opatření", 130), ("Garant", 260)),
    ...          row(73, ("1.1", 90), ("Byty", 130), ("Obec", 260)),
    ...          row(86, ("pro", 130), ("Lhota", 260)),
    ...          row(99, ("1.2", 90), ("Poradna", 130), ("Charita", 260))]
    >>> [table] = find_grid_tables(lines)
    >>> table.start, table.end
    (1, 5)
    >>> [[" ".join(line.text for line in cell) for cell in row] for row in table.rows]
    [['Č.', 'Opatření', 'Garant'], ['1.1', 'Byty pro', 'Obec Lhota'], ['1.2', 'Poradna', 'Charita']]
    """
    return runs_found(len(lines), lambda index: _grid_from(lines, index))


def _gaps(line: Line) -> list[tuple[float, float]]:
    """The line's gaps wide enough to part two columns, as ``(left, right)`` strips."""
    gaps = []
    for before, after in zip(line.words, line.words[1:], strict=False):
        size = max(float(before.get("size", 10.0)), 1.0)
        if after["x0"] - before["x1"] >= GAP * size:
            gaps.append((float(before["x1"]), float(after["x0"])))
    return gaps


def _narrowed(
    gutters: list[tuple[float, float]], line: Line, width: float
) -> list[tuple[float, float]] | None:
    """The gutters with the line's words taken out of them, or ``None`` when a word crosses
    one or leaves it narrower than ``width`` (the line is no row of this table: the space
    between two words of a sentence is no gutter)."""
    out = []
    for left, right in gutters:
        for word in line.words:
            x0, x1 = float(word["x0"]), float(word["x1"])
            if x0 < right - SLACK and x1 > left + SLACK:
                if x0 <= left + SLACK and x1 >= right - SLACK:
                    return None  # the word spans the whole strip
                if x0 <= left + SLACK:
                    left = max(left, x1)
                else:
                    right = min(right, x0)
        if right - left < width:
            return None
        out.append((left, right))
    return out


def _columns(line: Line, gutters: list[tuple[float, float]]) -> list[list[dict]]:
    cells: list[list[dict]] = [[] for _ in range(len(gutters) + 1)]
    for word in line.words:
        column = sum(1 for _, right in gutters if float(word["x0"]) >= right - SLACK)
        cells[column].append(word)
    return cells


def _aligned(split: list[list[list[dict]]]) -> bool:
    """Whether every column's text is aligned down the table, at its left, its right or
    its middle: text set in columns with spaces, or wrapped by a converter, is not."""
    for column in range(len(split[0]) if split else 0):
        words = [cells[column] for cells in split if cells[column]]
        if len(words) < 2:
            continue
        lefts = [float(w[0]["x0"]) for w in words]
        rights = [float(w[-1]["x1"]) for w in words]
        middles = [(a + b) / 2 for a, b in zip(lefts, rights, strict=True)]
        if all(max(xs) - min(xs) > 2 * SLACK for xs in (lefts, rights, middles)):
            return False
    return True


def _grid_from(lines: Sequence[Line], start: int) -> GridTable | None:
    gutters = _gaps(lines[start])
    if len(gutters) < MIN_COLUMNS - 1:
        return None
    left_edge = lines[start].x0
    end = start + 1
    while end < len(lines):
        line, previous = lines[end], lines[end - 1]
        if line.top - previous.bottom > BREAK * max(previous.height, 1.0):
            break
        if line.x0 < left_edge - 3 * SLACK or line.size != lines[start].size:
            break
        narrowed = _narrowed(gutters, line, GAP * max(lines[start].size, 1.0))
        if narrowed is None:
            break
        gutters = narrowed
        end += 1
    members = lines[start:end]
    split = [_columns(line, gutters) for line in members]
    wide = sum(1 for cells in split if sum(1 for c in cells if c) >= MIN_COLUMNS)
    if wide < 2:
        return None
    body = split[1:]
    # a header may be centred over its column; with one line of body, it must align too
    if not _aligned(body if len(body) >= 2 else split):
        return None
    rows: list[list[list[Line]]] = []
    for cells in split:
        first = cells[0]
        starts = bool(first) and not (rows and first[0]["text"][:1].islower())
        if starts or not rows:
            rows.append([[] for _ in cells])
        for column, words in enumerate(cells):
            if words:
                rows[-1][column].append(Line(tuple(words)))
    lefts = (left_edge, *(right for _, right in gutters))
    return GridTable(start, end, lefts, rows)
