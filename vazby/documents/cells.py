"""Cells of tables drawn with characters: the lines of one cell into its blocks.

Converters wrap a cell's text onto several lines at the column's width; a blank line inside a
cell separates paragraphs, and a line starting with a bullet starts a list item.
"""

from __future__ import annotations

import re

from ..lang import broken_word
from .model import Block, Cell, ListItem, Locator, Paragraph, Row

__all__ = ["join_wrapped", "cell_of", "row_of"]

_WORD_HYPHEN = re.compile(r"\S-$")
_BULLET = re.compile(r"^([-*+•\uf0b7\u25aa\u25cf])\s+(.*)$")


def join_wrapped(parts: list[str], *, narrow: bool = False) -> str:
    """Join the pieces of a wrapped text: a piece ending in a hyphen after a non-space was cut
    at that hyphen (a compound), so the next piece follows it without a space; in a
    ``narrow`` column, a word broken without a hyphen is joined (:func:`~vazby.lang.broken_word`).

    Examples
    --------
    >>> join_wrapped(["Spolupráce s", "rodiči."])
    'Spolupráce s rodiči.'
    >>> join_wrapped(["domovníků-", "preventistů"])
    'domovníků-preventistů'
    >>> join_wrapped(["náklady -", "viz výše"])
    'náklady - viz výše'
    >>> join_wrapped(["Zdroj financov", "ání"], narrow=True)
    'Zdroj financování'
    """
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif _WORD_HYPHEN.search(text) or (
            narrow and broken_word(text.rsplit(" ", 1)[-1], part.split(" ", 1)[0], narrow=True)
        ):
            text += part
        else:
            text += " " + part
    return text


def cell_of(pieces: list[tuple[int, str]], locator: Locator, *, narrow: bool = False) -> Cell:
    """A cell from its pieces of text, each with the 1-based line it is printed on.

    A blank piece ends a paragraph; a piece starting with a bullet starts a list item.

    Examples
    --------
    >>> cell = cell_of([(4, "Nábor"), (5, "dětí."), (6, ""), (7, "- rodiče")], Locator(line=4))
    >>> [(type(b).__name__, b.text) for b in cell.blocks]
    [('Paragraph', 'Nábor dětí.'), ('ListItem', 'rodiče')]
    """
    blocks: list[Block] = []
    current: list[str] = []
    first = 0
    bullet = False

    def flush() -> None:
        nonlocal current, bullet
        text = join_wrapped(current, narrow=narrow)
        if text:
            block_locator = Locator(
                line=first, table=locator.table, row=locator.row, cell=locator.cell
            )
            if bullet:
                blocks.append(ListItem(text, 0, block_locator))
            else:
                blocks.append(Paragraph(text, block_locator))
        current, bullet = [], False

    for line, piece in pieces:
        piece = piece.strip()
        if not piece:
            flush()
            continue
        item = _BULLET.match(piece)
        if item:
            flush()
            bullet = True
            piece = item.group(2)
        if not current:
            first = line
        current.append(piece)
    flush()
    return Cell(tuple(blocks), locator)


def row_of(
    columns: list[list[tuple[int, str]]],
    first_line: int,
    table: int,
    row: int,
    *,
    narrow: bool = False,
) -> Row:
    """A row from each column's pieces of text (see :func:`cell_of`)."""
    cells = tuple(
        cell_of(pieces, Locator(line=first_line, table=table, row=row, cell=c), narrow=narrow)
        for c, pieces in enumerate(columns, 1)
    )
    return Row(cells, Locator(line=first_line, table=table, row=row))
