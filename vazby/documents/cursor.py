"""The lines of a text file as the table parsers read them (:mod:`vazby.documents.text`,
:mod:`~vazby.documents.pandoc`, :mod:`~vazby.documents.html`, :mod:`~vazby.documents.columns`).
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Table

__all__ = ["Cursor", "TableParser"]


class Cursor:
    """The lines of a text file and a count of the tables read so far.

    Table parsers take a cursor and a 0-based line index and return the table found there
    with the index after it, or ``None``.
    """

    def __init__(self, lines: list[str], markdown: bool) -> None:
        self.lines = lines
        self.markdown = markdown
        #: Set by the reader of HTML tables: the file carries HTML.
        self.html = False
        self.tables = 0

    def next_table(self) -> int:
        self.tables += 1
        return self.tables


TableParser = Callable[[Cursor, int], "tuple[Table, int] | None"]
