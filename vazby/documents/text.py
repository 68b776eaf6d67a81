"""The text family: plain text, Markdown and converters' text, read into blocks by line.

One reader for every file that is text: which structures it finds decides the kind
(``text``, ``markdown`` or ``html``). Each block's locator is its line in the file (a table
cell's also names its table, row and cell), so every line number is what an editor shows.

Structures, in the order they are tried at each line:

* an HTML ``<table>`` left inside the text (``pandoc -t gfm`` writes complex cells so),
  read by :mod:`vazby.documents.html`;
* grid and simple tables as ``pandoc -t plain`` writes them, and Markdown pipe tables
  (:mod:`vazby.documents.pandoc`);
* rows whose cells are separated by tab characters;
* cells in column-aligned runs of spaces, as ``pdftotext -layout`` writes them
  (:mod:`vazby.documents.columns`); tried only in a file with no tab-separated rows, so
  that the spaces inside a tab-separated file's text never make cells;
* otherwise one line is one block: a Markdown heading (``# …``), a list item in a Markdown
  file (``- …``, ``1. …``), or a paragraph kept as printed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import PurePath

from .cells import join_wrapped
from .columns import aligned_table
from .cursor import Cursor, TableParser
from .encoding import decode_bytes
from .html import html_table
from .model import Block, Cell, Heading, ListItem, Locator, Paragraph, Row, SourceFile, Table
from .pandoc import grid_table, pipe_table, simple_table, unescape_markdown

__all__ = ["read", "read_text"]


def read(data: bytes, path: str) -> SourceFile:
    """Read a text file's bytes into a :class:`SourceFile`.

    Raises
    ------
    LoadError
        The bytes are empty, binary, or in no encoding that gives readable text.

    Examples
    --------
    >>> source = read("Cíl\\n\\nHarmonogram\\t2024–2026\\n".encode(), "plan.txt")
    >>> [type(b).__name__ for b in source.blocks], source.kind
    (['Paragraph', 'Table'], 'text')
    >>> source.blocks[1].rows[0].cells[1].locator.format("plan.txt")
    'plan.txt:3'
    """
    text, encoding = decode_bytes(data, path)
    sha256 = hashlib.sha256(data).hexdigest()
    return read_text(text, path, sha256=sha256, encoding=encoding)


_MARKDOWN_SIGNS = re.compile(
    r"^(?:#{1,6} \S|\\[-*#+>]|\s{0,3}\|.*\|\s*$)|\\\*\\\*|\*\*\S", re.MULTILINE
)
_PIPE_ALIGN = re.compile(r"^\s{0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$", re.MULTILINE)


def read_text(
    text: str, path: str, *, sha256: str = "", encoding: str | None = "utf-8"
) -> SourceFile:
    """Read decoded text into blocks (see the module's notes for the structures found)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # Page breaks of pdftotext (form feeds) are not text; the line they start stays.
    lines = [line.replace("\f", "") for line in lines]
    has_tabs = any("\t" in line for line in lines)
    markdown = bool(_PIPE_ALIGN.search(text)) or (
        not has_tabs and len(_MARKDOWN_SIGNS.findall(text)) >= 2
    )
    cursor = Cursor(lines, markdown)
    # A tab-separated file's cells are its tabs: its text is never read for other tables.
    parsers: list[TableParser] = [html_table, _tab_table]
    if not has_tabs:
        parsers = [html_table, grid_table, simple_table]
        if markdown:
            parsers.append(pipe_table)
        parsers.append(aligned_table)
    blocks: list[Block] = []
    wrap = 0 if has_tabs else _wrap_width(lines)
    tail = -2  # the 0-based line the last paragraph or item ends on
    i = 0
    while i < len(lines):
        found = None
        for parser in parsers:
            found = parser(cursor, i)
            if found is not None:
                break
        if found is not None:
            table, i = found
            blocks.append(table)
            continue
        block = _line_block(lines[i], i + 1, markdown, not has_tabs)
        if block is not None:
            if (
                not has_tabs
                and tail == i - 1
                and isinstance(block, Paragraph)
                and _continues(blocks[-1], block, lines[i - 1], wrap)
            ):
                previous = blocks[-1]
                assert isinstance(previous, (Paragraph, ListItem))
                blocks[-1] = replace(previous, text=join_wrapped([previous.text, block.text]))
            else:
                blocks.append(block)
            tail = i
        i += 1
    kind = "markdown" if markdown else "text"
    if cursor.html:
        kind = "html"
    return SourceFile(
        path=str(path),
        name=PurePath(path).name,
        sha256=sha256,
        kind=kind,
        blocks=tuple(blocks),
        encoding=encoding,
    )


def _wrap_width(lines: list[str]) -> int:
    """The width a converter wrapped the file's paragraphs at (pandoc: 72 characters), or
    0 when the file is not wrapped.

    Only lines of running text count (not tables, indented or aligned lines). A wrapped file
    has no line of running text longer than that width (60 to 100: converters wrap at 72
    or a page's width), and several close to it (within a quarter of it).
    """
    lengths = sorted(
        len(line.rstrip())
        for line in lines
        if line.strip() and line[:1] not in " |+<" and "  " not in line.strip()
    )
    if len(lengths) < 5:
        return 0
    width = lengths[-1]
    near = sum(1 for length in lengths if width * 0.75 <= length)
    if not 60 <= width <= 100 or near < max(3, len(lengths) / 20):
        return 0
    return width


#: "Datum: 12. května 2022", "Omluveni:": a line that starts with a label starts a block.
_LABEL = re.compile(r"^[^\W\d][^:.]{0,38}:(?:\s|$)")
#: "Opatření B.1.1 – Kurzy", "Specifický cíl 2.1 Zvýšit …", "Priorita 3: Bydlení": a word or
#: three and an outline number, then a dash, colon or a capitalised title, start a block (a
#: heading under a line filled to the width is no wrap). "Opatření 2.1 vychází …" is prose.
_NUMBERED_HEAD = re.compile(
    r"^[^\W\d_][^\W\d_]*(?:\s+[^\W\d_]+){0,2}\s+"
    r"(?:(?:[A-Z]|[IVX]{1,5}|\d{1,3})(?:\.\d{1,3})+\.?\s*(?:[:\-–—]|\s(?=[^\W\d_]))"
    r"|(?:[A-Z]|[IVX]{1,5}|\d{1,3})\.?\s*[:\-–—]\s)"
)


def _numbered_head(text: str) -> bool:
    """Whether ``text`` opens like a heading of an outline: its first word capitalised, and
    the title after a dotted number capitalised too.

    >>> _numbered_head("Opatření B.1.1 – Kurzy"), _numbered_head("Cíl 1.2 Zvýšit počet")
    (True, True)
    >>> _numbered_head("Opatření 2.1 vychází z praxe"), _numbered_head("Podle zákona 2 000 Kč")
    (False, False)
    """
    match = _NUMBERED_HEAD.match(text)
    if match is None or not text[0].isupper():
        return False
    rest = text[match.end() :].lstrip(" :-–—")
    return not rest or rest[0].isupper() or match.group(0).rstrip()[-1] in ":-–—"


def _continues(previous: Block, block: Paragraph, previous_line: str, wrap: int) -> bool:
    """Whether a line continues the paragraph or item on the line before it: the line
    before was filled nearly to the wrap width, and this one starts no item, label or
    indented block (an item's indented lines stay lines: the loaders read them, with the
    span of every line).
    """
    if not isinstance(previous, (Paragraph, ListItem)):
        return False
    text = block.text
    if _ITEM.match(text) or _LABEL.match(text.strip()) or not any(c.isalnum() for c in text):
        return False
    if _numbered_head(text):
        return False
    if text[:1].isspace():
        return False
    return bool(wrap) and len(previous_line.rstrip()) >= wrap * 0.75


def _tab_table(cursor: Cursor, start: int) -> tuple[Table, int] | None:
    """Consecutive lines with tab characters: a table whose cells are kept as printed."""
    lines = cursor.lines
    if "\t" not in lines[start]:
        return None
    end = start
    while end < len(lines) and "\t" in lines[end]:
        end += 1
    number = cursor.next_table()
    rows = []
    for r, index in enumerate(range(start, end), 1):
        cells = tuple(
            Cell(
                (Paragraph(text, Locator(line=index + 1, table=number, row=r, cell=c)),),
                Locator(line=index + 1, table=number, row=r, cell=c),
            )
            for c, text in enumerate(lines[index].split("\t"), 1)
        )
        rows.append(Row(cells, Locator(line=index + 1, table=number, row=r)))
    return Table(tuple(rows), Locator(line=start + 1, table=number)), end


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)(?:([-*+•\uf000-\uf0ff▪◦■●○])|(\d{1,3}[.)]|[a-z][.)]))\s+(.*)$")
#: Bullets a word processor prints with a symbol font (U+F0B7 and kin, in the private use
#: area) or as geometric shapes: only a list item can start with one.
_GLYPH = re.compile(r"^(\s*)[\uf000-\uf0ff•▪◦■●○]\s+(\S.*)$")


def _line_block(line: str, number: int, markdown: bool, bullets: bool) -> Block | None:
    """One line outside tables: a heading or list item of Markdown, else a paragraph.

    A plain text file's lines are kept exactly as printed (the loaders read bullets and
    emphasis themselves), but for bullets of symbol fonts (````, ``•``) in a file without
    tabs; only a Markdown file's escapes, headings and items are read.
    """
    if not line.strip():
        return None
    locator = Locator(line=number)
    glyph = _GLYPH.match(line) if bullets else None
    if glyph:
        depth = len(glyph.group(1).expandtabs(4)) // 4
        return ListItem(glyph.group(2).rstrip(), depth, locator)
    if not markdown:
        return Paragraph(line, locator)
    heading = _HEADING.match(line)
    if heading:
        return Heading(unescape_markdown(heading.group(2)), len(heading.group(1)), locator)
    text = unescape_markdown(line)
    item = _ITEM.match(line)
    if item and not line.startswith("\\"):
        depth = len(item.group(1).expandtabs(4)) // 2
        marker = item.group(3)
        return ListItem(unescape_markdown(item.group(4)), depth, locator, marker)
    return Paragraph(text, locator)
