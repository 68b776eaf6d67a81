"""HTML tables left inside text: ``pandoc -t gfm`` writes a table whose cells hold lists or
several paragraphs as raw ``<table>``, with ``<p>`` and ``<ul>``/``<ol>``/``<li>`` inside.

Read with the standard library's HTML parser; each row's locator is the line of its ``<tr>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .cells import join_wrapped
from .cursor import Cursor
from .model import Block, Cell, ListItem, Locator, Paragraph, Row, Table

__all__ = ["html_table", "parse_table"]

_OPEN = re.compile(r"^\s*<table\b", re.IGNORECASE)
_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def html_table(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    """An HTML ``<table>`` opening at line ``start`` (0-based), up to its ``</table>``."""
    lines = cursor.lines
    if not _OPEN.match(lines[start]):
        return None
    end = start
    depth = 0
    while end < len(lines):
        depth += len(re.findall(r"<table\b", lines[end], re.IGNORECASE))
        depth -= len(_CLOSE.findall(lines[end]))
        end += 1
        if depth <= 0:
            break
    cursor.html = True
    table = parse_table("\n".join(lines[start:end]), start + 1, cursor.next_table())
    return table, end


class _TableParser(HTMLParser):
    """Collects rows of cells; a cell's blocks are its paragraphs and list items."""

    def __init__(self, first_line: int, number: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.number = number
        self.rows: list[Row] = []
        self.cells: list[Cell] = []
        self.blocks: list[Block] | None = None
        self.text: list[str] = []
        self.text_line = 0
        self.list_depth = -1
        self.in_item = False
        self.row_line = 0
        self.nested = 0

    def _line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def _flush(self) -> None:
        text = join_wrapped(" ".join(self.text).split())
        if text and self.blocks is not None:
            locator = Locator(
                line=self.text_line,
                table=self.number,
                row=len(self.rows) + 1,
                cell=len(self.cells) + 1,
            )
            if self.in_item:
                self.blocks.append(ListItem(text, max(self.list_depth, 0), locator))
            else:
                self.blocks.append(Paragraph(text, locator))
        self.text = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table" and self.rows is not None and self.blocks is not None:
            self.nested += 1  # a table inside a cell: its text joins the cell's
        if self.nested:
            return
        if tag == "tr":
            self.cells = []
            self.row_line = self._line()
        elif tag in ("td", "th"):
            self.blocks = []
            self.text = []
        elif tag in ("p", "br", "div"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_depth += 1
        elif tag == "li":
            self._flush()
            self.in_item = True

    def handle_endtag(self, tag: str) -> None:
        if self.nested:
            if tag == "table":
                self.nested -= 1
            return
        if tag in ("p", "div"):
            self._flush()
        elif tag == "li":
            self._flush()
            self.in_item = False
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_depth -= 1
        elif tag in ("td", "th") and self.blocks is not None:
            self._flush()
            locator = Locator(
                line=self.row_line,
                table=self.number,
                row=len(self.rows) + 1,
                cell=len(self.cells) + 1,
            )
            self.cells.append(Cell(tuple(self.blocks), locator))
            self.blocks = None
        elif tag == "tr":
            locator = Locator(line=self.row_line, table=self.number, row=len(self.rows) + 1)
            self.rows.append(Row(tuple(self.cells), locator))

    def handle_data(self, data: str) -> None:
        if self.blocks is None or not data.strip():
            return
        if not self.text:
            self.text_line = self._line()
        self.text.append(data)


def parse_table(markup: str, first_line: int, number: int) -> Table:
    """The first table of ``markup``; ``first_line`` is the file's line where it starts.

    Examples
    --------
    >>> t = parse_table("<table><tr><td>Garant:</td><td><ul><li>Město</li><li>NNO</li>"
    ...                 "</ul></td></tr></table>", 7, 1)
    >>> [(type(b).__name__, b.text) for b in t.rows[0].cells[1].blocks]
    [('ListItem', 'Město'), ('ListItem', 'NNO')]
    >>> t.rows[0].locator.format("plan.md")
    'plan.md:7'
    """
    parser = _TableParser(first_line, number)
    parser.feed(markup)
    parser.close()
    return Table(tuple(parser.rows), Locator(line=first_line, table=number))
