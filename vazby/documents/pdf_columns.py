"""Two-column ``label | value`` tables printed without ruling lines, found by alignment.

A measure card printed without borders is a run of lines where the label starts at the
left and the value at one column further right, with a gap wider than any space between
words; a value wrapped onto more lines continues at the value's column, a label wrapped
onto more lines continues at the label's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .pdf_lines import Line, runs_found

__all__ = [
    "AlignedRow",
    "AlignedTable",
    "continued_value",
    "find_aligned_tables",
    "split_at_gap",
    "wide_rows",
]

#: A gap between words this many times the font size separates two columns.
GAP = 2.0
#: How far (pt) a line may stand from a column's edge and still be in that column.
SLACK = 4.0


@dataclass
class AlignedRow:
    label: list[Line] = field(default_factory=list)
    value: list[Line] = field(default_factory=list)


@dataclass
class AlignedTable:
    """Lines ``start``…``end - 1`` of a run of lines read as rows; ``column`` is the value's x."""

    start: int
    end: int
    column: float
    rows: list[AlignedRow]


def split_at_gap(line: Line) -> tuple[Line, Line] | None:
    """The line split at its first gap wide enough to part two columns, or ``None``.

    >>> w = lambda t, x0, x1: {"text": t, "x0": x0, "x1": x1, "top": 0, "bottom": 11,
    ...                        "size": 11}
    >>> label, value = split_at_gap(Line((w("Garant", 90, 130), w("Město", 306, 340))))
    >>> label.text, value.text
    ('Garant', 'Město')
    >>> split_at_gap(Line((w("Běžný", 90, 120), w("text", 124, 150)))) is None
    True
    """
    for index in range(1, len(line.words)):
        before, after = line.words[index - 1], line.words[index]
        size = max(float(before.get("size", 10.0)), 1.0)
        if after["x0"] - before["x1"] >= GAP * size:
            return Line(line.words[:index]), Line(line.words[index:])
    return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= SLACK


def find_aligned_tables(lines: Sequence[Line], page_end: bool = False) -> list[AlignedTable]:
    """Runs of at least two ``label | value`` lines sharing the value's column; with
    ``page_end`` (the lines end the page) one row at the end is enough, for a card that
    goes on over the page break.

    >>> w = lambda t, x0, top: {"text": t, "x0": x0, "x1": x0 + 6 * len(t), "top": top,
    ...                         "bottom": top + 11, "size": 11}
    >>> lines = [Line((w("Úvod", 90, 50),)),
    ...          Line((w("Garant", 90, 70), w("Město", 306, 70))),
    ...          Line((w("Harmonogram", 90, 83), w("2024", 306, 83))),
    ...          Line((w("až", 306, 96),))]
    >>> [(t.start, t.end, [(r.label[0].text, len(r.value)) for r in t.rows])
    ...  for t in find_aligned_tables(lines)]
    [(1, 4, [('Garant', 1), ('Harmonogram', 2)])]
    """
    return runs_found(len(lines), lambda index: _run_from(lines, index, page_end))


def _two_columns(line: Line) -> tuple[Line, Line] | None:
    """The line as ``label | value`` when it has one wide gap; a line with more is a row of a
    wider table, which this rule does not read (its lines stay paragraphs)."""
    parts = split_at_gap(line)
    if parts is None or split_at_gap(parts[1]) is not None:
        return None
    return parts


def _run_from(lines: Sequence[Line], start: int, page_end: bool) -> AlignedTable | None:
    split = _two_columns(lines[start])
    if split is None:
        return None
    label_x, column = lines[start].x0, split[1].x0
    rows = [AlignedRow([split[0]], [split[1]])]
    full_rows = 1
    end = start + 1
    while end < len(lines):
        line, previous = lines[end], lines[end - 1]
        gap = line.top - previous.bottom
        if gap > 1.5 * max(previous.height, 1.0):
            break
        if split_at_gap(line) and not _two_columns(line):
            break
        parts = _two_columns(line)
        if parts and _close(line.x0, label_x) and _close(parts[1].x0, column):
            if parts[0].text[:1].islower():
                # a label wrapped beside a wrapped value ("opatření a" / "cíle:")
                rows[-1].label.append(parts[0])
                rows[-1].value.append(parts[1])
            else:
                rows.append(AlignedRow([parts[0]], [parts[1]]))
                full_rows += 1
        elif parts is None and line.x0 >= column - SLACK:
            rows[-1].value.append(line)  # the value goes on (indented bullets too)
        elif (
            parts is None
            and _close(line.x0, label_x)
            and line.x1 < column - SLACK
            and gap <= 0.6 * max(previous.height, 1.0)
        ):
            rows[-1].label.append(line)
        else:
            break
        end += 1
    if full_rows < 2 and not (page_end and end == len(lines)):
        return None
    return AlignedTable(start, end, column, rows)


def wide_rows(lines: Sequence[Line]) -> list[Line]:
    """Lines with two or more wide gaps: rows of a table of more than two columns printed
    without rules, which no rule here reads as a table."""
    wide = []
    for line in lines:
        parts = split_at_gap(line)
        if parts is not None and split_at_gap(parts[1]) is not None:
            wide.append(line)
    return wide


def continued_value(lines: Sequence[Line], column: float) -> int:
    """How many lines at the start of a page go on with the value of the card the previous
    page ended with: lines standing at or right of its value ``column``, one column wide."""
    count = 0
    for line in lines:
        if line.x0 < column - SLACK or split_at_gap(line) is not None:
            break
        count += 1
    return count
