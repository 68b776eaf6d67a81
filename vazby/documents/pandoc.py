"""Tables drawn with characters, as pandoc writes them: simple and multiline tables
(``pandoc -t plain``), grid tables, and Markdown pipe tables (``pandoc -t gfm``).

Each parser takes a :class:`~vazby.documents.cursor.Cursor` and a 0-based line index and
returns ``(table, index after it)``, or ``None`` when no such table starts there.
"""

from __future__ import annotations

import re

from .cells import row_of
from .cursor import Cursor
from .model import Locator, Row, Table

__all__ = ["simple_table", "grid_table", "pipe_table", "column_spans", "unescape_markdown"]

_DASHES = re.compile(r"^\s*-{3,}(?:\s+-{3,})*\s*$")
_RUN = re.compile(r"-{3,}")


def column_spans(rule: str) -> list[tuple[int, int]]:
    """The columns a rule of dashes marks: (start, end) of each run, the last open-ended.

    Examples
    --------
    >>> column_spans("  ------ ----")
    [(2, 9), (9, 100000)]
    """
    starts = [m.start() for m in _RUN.finditer(rule)]
    return [(s, starts[k + 1] if k + 1 < len(starts) else 100_000) for k, s in enumerate(starts)]


def _slice(line: str, spans: list[tuple[int, int]]) -> list[str]:
    return [line[start:end] for start, end in spans]


def _table(
    cursor: Cursor, groups: list[list[int]], spans: list[tuple[int, int]], slicer=_slice
) -> Table:
    """A table from groups of 0-based line indexes (one group per row)."""
    number = cursor.next_table()
    rows: list[Row] = []
    for group in groups:
        if not group:
            continue
        columns: list[list[tuple[int, str]]] = [[] for _ in spans]
        for index in group:
            for k, piece in enumerate(slicer(cursor.lines[index], spans)):
                columns[k].append((index + 1, piece))
        if not any(piece.strip() for pieces in columns for _, piece in pieces):
            continue
        rows.append(row_of(columns, group[0] + 1, number, len(rows) + 1))
    return Table(tuple(rows), Locator(line=groups[0][0] + 1, table=number))


def simple_table(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    """A simple or multiline table: rules of dashes, the columns where the dashes are.

    A multiline table opens with a full-width rule, has its header above a rule broken into
    columns, separates its rows by blank lines and closes with a full-width rule. A simple
    table has a header line over the broken rule and ends at a blank line; without a header,
    it opens and closes with broken rules.
    """
    lines = cursor.lines
    line = lines[start]
    n = len(lines)
    if _DASHES.match(line):
        runs = len(_RUN.findall(line))
        if runs == 1:
            return _multiline(cursor, start)
        # Headless: a broken rule, rows, the same broken rule.
        end = start + 1
        while end < n and not _DASHES.match(lines[end]):
            end += 1
        if end >= n or end == start + 1:
            return None
        body = list(range(start + 1, end))
        return _table(cursor, _row_groups(lines, body), column_spans(line)), end + 1
    if (
        start + 1 < n
        and line.strip()
        and _DASHES.match(lines[start + 1])
        and len(_RUN.findall(lines[start + 1])) >= 2
    ):
        spans = column_spans(lines[start + 1])
        end = start + 2
        while end < n and lines[end].strip() and not _DASHES.match(lines[end]):
            end += 1
        groups = [[start]] + [[i] for i in range(start + 2, end)]
        after = end + 1 if end < n and _DASHES.match(lines[end]) else end
        return _table(cursor, groups, spans), after
    return None


def _multiline(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    lines = cursor.lines
    n = len(lines)
    split = start + 1
    while split < n and not _DASHES.match(lines[split]):
        split += 1
    if split >= n or split == start + 1:
        return None
    if len(_RUN.findall(lines[split])) >= 2:
        spans = column_spans(lines[split])
        header = [list(range(start + 1, split))]
        end = split + 1
        while end < n and not (_DASHES.match(lines[end]) and len(_RUN.findall(lines[end])) == 1):
            end += 1
        body = list(range(split + 1, min(end, n)))
    else:
        # A headless multiline table: the columns show in the body's own alignment.
        return None
    groups = header + _row_groups(lines, body)
    return _table(cursor, groups, spans), min(end + 1, n)


def _row_groups(lines: list[str], body: list[int]) -> list[list[int]]:
    """Rows of a table body: separated by blank lines when it has any, else one per line."""
    if not any(not lines[i].strip() for i in body):
        return [[i] for i in body]
    groups: list[list[int]] = [[]]
    for i in body:
        if lines[i].strip():
            groups[-1].append(i)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def grid_table(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    """A grid table: ``+---+`` borders between rows, ``|`` between cells."""
    lines = cursor.lines
    if not _BORDER.match(lines[start]):
        return None
    border = lines[start]
    edges = [i for i, ch in enumerate(border) if ch == "+"]
    spans = [(edges[k] + 1, edges[k + 1]) for k in range(len(edges) - 1)]
    groups: list[list[int]] = [[]]
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if _BORDER.match(line):
            groups.append([])
        elif line.strip().startswith("|"):
            groups[-1].append(end)
        else:
            break
        end += 1
    groups = [g for g in groups if g]
    if not groups:
        return None
    return _table(cursor, groups, spans, _grid_slice), end


def _grid_slice(line: str, spans: list[tuple[int, int]]) -> list[str]:
    return [line[start:end].strip().strip("|") for start, end in spans]


_ALIGN_ROW = re.compile(r"^\s{0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'^])")


def unescape_markdown(text: str) -> str:
    r"""Undo Markdown backslash escapes, as ``pandoc -t gfm`` writes them.

    Examples
    --------
    >>> unescape_markdown(r"\- \*\*Počet dětí\*\* a 1\.")
    '- **Počet dětí** a 1.'
    """
    return _ESCAPE.sub(r"\1", text)


def pipe_table(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    """A Markdown pipe table: a header row, an alignment row (``|---|:--:|``), body rows.

    Cells are split at pipes not escaped (``\\|``); escapes are undone and ``<br>`` breaks a
    cell into pieces.
    """
    lines = cursor.lines
    if (
        start + 1 >= len(lines)
        or "|" not in lines[start]
        or not _ALIGN_ROW.match(lines[start + 1])
        or "|" not in lines[start + 1]
    ):
        return None
    end = start + 2
    while end < len(lines) and lines[end].strip().startswith("|"):
        end += 1
    number = cursor.next_table()
    rows: list[Row] = []
    for index in [start, *range(start + 2, end)]:
        body = lines[index].strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        columns = [
            [(index + 1, unescape_markdown(piece)) for piece in _BREAK.split(cell)]
            for cell in _PIPE.split(body)
        ]
        rows.append(row_of(columns, index + 1, number, len(rows) + 1))
    return Table(tuple(rows), Locator(line=start + 1, table=number)), end
