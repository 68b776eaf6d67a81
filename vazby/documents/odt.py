"""OpenDocument text (.odt) read into blocks, with odfpy parsing the package.

``text:h`` is a :class:`Heading` at its outline level (a paragraph whose style is a
heading or title style counts too); ``text:list`` nesting gives a :class:`ListItem`'s
depth, and the list's style its marker ("1.", "a)") or none for a bullet; sections and
soft page breaks are read through. In a table a cell spanning columns is one cell, a
covered cell (the rest of a merged cell) is not repeated, and ``number-columns-repeated``
and ``number-rows-repeated`` are expanded; nested tables stay inside their cell. Frames
with text boxes are read after the paragraph that anchors them. Footnote bodies are not
part of the paragraph's text (a note says so).

Locators follow the DOCX reader: paragraphs (``text:p`` and ``text:h``, empty ones too)
are numbered in reading order; tables in reading order, nested ones included, with rows
and cells within each.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from typing import Any
from xml.sax import SAXParseException

from ..errors import LoadError
from .container import identity, open_zip, zip_member
from .model import Block, Cell, Heading, ListItem, Locator, Paragraph, Row, SourceFile, Table
from .numbering import Counters, LevelFormat
from .styles import heading_level, list_depth

__all__ = ["sniff", "read"]

MIMETYPE = b"application/vnd.oasis.opendocument.text"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

#: A repeated row or cell is expanded up to this many times (spreadsheets repeat an empty
#: row a million times; a text table never needs so many).
MAX_REPEAT = 1000

_FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
    "": "none",
}


def sniff(data: bytes) -> bool:
    """Whether ``data`` is an ODF text document: a zip whose ``mimetype`` says so.

    >>> sniff(b"%PDF-1.7")
    False
    """
    member = zip_member(data, "mimetype")
    return member is not None and member.strip() == MIMETYPE


def read(data: bytes, path: str) -> SourceFile:
    """Read an .odt file's bytes into a :class:`SourceFile` of blocks.

    Raises
    ------
    LoadError
        The file is not a readable ODF text package.
    """
    from odf.opendocument import load

    open_zip(data, path, "OpenDocument text (.odt)").close()
    printed = io.StringIO()
    try:
        # odfpy prints a part it cannot parse, and goes on without it
        with contextlib.redirect_stdout(printed):
            document = load(io.BytesIO(_spaced_namespaces(data)))
    except (KeyError, SAXParseException, zipfile.BadZipFile, ValueError) as error:
        raise LoadError(
            path, 0, f"not a readable OpenDocument text ({error}); open it and save it as .odt"
        ) from None
    if "FAILED TO PARSE" in printed.getvalue():
        raise LoadError(
            path,
            0,
            "a part of this OpenDocument text is not well-formed XML; open it and save it as .odt",
        )
    reader = _Reader(_styles(document))
    blocks = reader.blocks(_office_text(document).childNodes, None)
    name, sha256 = identity(data, path)
    return SourceFile(
        path=str(path),
        name=name,
        sha256=sha256,
        kind="odt",
        blocks=tuple(blocks),
        notes=tuple(reader.notes) + _running_text(document),
        unread=tuple(reader.unread),
    )


def _office_text(document: Any) -> Any:
    """The ``office:text`` element of the body: odfpy takes the body's first child, which
    is the line break before it where the body is indented (pandoc's content)."""
    from odf.office import Body

    for body in document.getElementsByType(Body):
        for child in body.childNodes:
            if getattr(child, "qname", None) == (OFFICE, "text"):
                return child
    return document.text


#: Namespace declarations on lines of their own, as pandoc writes them.
_NEWLINE_NAMESPACE = re.compile(rb"[\t\r\n]+(?=xmlns:)")


def _spaced_namespaces(data: bytes) -> bytes:
    """The package with each XML part's namespace declarations parted by spaces: odfpy adds
    a declaration it looks for after a space only, so one after a line break (pandoc's
    styles) is declared twice, and the part is lost."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
        infos = package.infolist()
    changed = {
        name: _NEWLINE_NAMESPACE.sub(b" ", body)
        for name, body in parts.items()
        if name.endswith(".xml") and _NEWLINE_NAMESPACE.search(body[:4096])
    }
    if not changed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info in infos:
            package.writestr(info, changed.get(info.filename, parts[info.filename]))
    return out.getvalue()


def _running_text(document: Any) -> tuple[tuple[Locator, str], ...]:
    """A note for the master pages' headers and footers that hold text: running text of every
    page, not read as the document's blocks."""
    found = set()
    for node in document.masterstyles.getElementsByType(_master_page()):
        for part in node.childNodes:
            if part.nodeType != part.ELEMENT_NODE or part.qname[0] != STYLE:
                continue
            kind = part.qname[1].split("-")[0]  # header, header-left, footer-first …
            if kind in ("header", "footer") and _text(part, []):
                found.add(kind)
    return tuple(
        (Locator(), f"{kind} text not read (running text printed on the pages)")
        for kind in ("header", "footer")
        if kind in found
    )


def _master_page() -> Any:
    from odf.style import MasterPage

    return MasterPage


def _attr(node: Any, namespace: str, name: str) -> str | None:
    value = node.attributes.get((namespace, name))
    return None if value is None else str(value)


def _is(node: Any, namespace: str, name: str) -> bool:
    return node.nodeType == node.ELEMENT_NODE and node.qname == (namespace, name)


class _Styles:
    """Paragraph styles (name → display name, parent) and list styles (name → levels)."""

    def __init__(self) -> None:
        self.paragraph: dict[str, tuple[str, str | None]] = {}
        self.lists: dict[str, dict[int, LevelFormat]] = {}

    def chain(self, name: str | None):
        seen = set()
        while name and name in self.paragraph and name not in seen:
            seen.add(name)
            display, parent = self.paragraph[name]
            yield display
            name = parent


def _styles(document: Any) -> _Styles:
    styles = _Styles()
    for holder in (document.styles, document.automaticstyles):
        for node in holder.childNodes:
            if _is(node, STYLE, "style"):
                name = _attr(node, STYLE, "name") or ""
                display = _attr(node, STYLE, "display-name") or name.replace("_20_", " ")
                styles.paragraph[name] = (display, _attr(node, STYLE, "parent-style-name"))
            elif _is(node, TEXT, "list-style"):
                styles.lists[_attr(node, STYLE, "name") or ""] = _list_levels(node)
            elif _is(node, TEXT, "outline-style"):
                styles.lists[OUTLINE] = _list_levels(node)
    return styles


#: The key of the document's outline numbering (headings numbered by their level).
OUTLINE = "\x00outline"


def _list_levels(node: Any) -> dict[int, LevelFormat]:
    levels: dict[int, LevelFormat] = {}
    for level in node.childNodes:
        if level.nodeType != level.ELEMENT_NODE:
            continue
        depth = int(_attr(level, TEXT, "level") or "1") - 1
        numbered = level.qname == (TEXT, "list-level-style-number") or (
            level.qname == (TEXT, "outline-level-style") and _attr(level, STYLE, "num-format")
        )
        if numbered:
            kind = _FORMATS.get(_attr(level, STYLE, "num-format") or "", "decimal")
            shown = int(_attr(level, TEXT, "display-levels") or "1")
            counters = "".join(f"%{d + 1}." for d in range(depth - shown + 1, depth + 1))
            template = (
                (_attr(level, STYLE, "num-prefix") or "")
                + counters.removesuffix(".")
                + (_attr(level, STYLE, "num-suffix") or "")
            )
            start = _attr(level, TEXT, "start-value") or "1"
            levels[depth] = LevelFormat(kind, template, int(start) if start.isdigit() else 1)
        else:
            levels[depth] = LevelFormat("bullet", "")
    return levels


def _text(node: Any, notes: list[str]) -> str:
    return " ".join("".join(_pieces(node, notes)).split())


def _pieces(node: Any, notes: list[str]):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child.data
            continue
        if child.nodeType != child.ELEMENT_NODE:
            continue
        namespace, name = child.qname
        if namespace == TEXT and name == "s":
            yield " " * int(_attr(child, TEXT, "c") or "1")
        elif namespace == TEXT and name in ("tab", "line-break"):
            yield " "
        elif namespace == TEXT and name == "note":
            kind = "endnote" if _attr(child, TEXT, "note-class") == "endnote" else "footnote"
            notes.append(f"{kind} not read into the text")
        elif namespace == OFFICE and name in ("annotation", "annotation-end"):
            # a comment's text (and its author and date) is not the paragraph's
            if name == "annotation":
                notes.append("comment not read into the text")
        elif namespace == DRAW or (
            namespace == TEXT and name in ("bookmark-ref", "soft-page-break")
        ):
            continue  # frames are read as blocks of their own
        else:
            yield from _pieces(child, notes)


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.counters = Counters()
        self.paragraphs = 0
        self.tables = 0
        self.notes: list[tuple[Locator, str]] = []
        self.unread: list[tuple[Locator, str]] = []

    def blocks(self, nodes: Any, cell: Locator | None) -> list[Block]:
        blocks: list[Block] = []
        for node in nodes:
            if node.nodeType != node.ELEMENT_NODE:
                continue
            namespace, name = node.qname
            if namespace == TEXT and name in ("p", "h"):
                blocks.extend(self.paragraph(node, cell, None))
            elif namespace == TEXT and name == "list":
                blocks.extend(self.list(node, cell, 0, _attr(node, TEXT, "style-name")))
            elif namespace == TABLE and name == "table":
                blocks.append(self.table(node))
            elif namespace == TEXT and name in ("section", "index-body", "table-of-content"):
                blocks.extend(self.blocks(node.childNodes, cell))
        return blocks

    def locator(self, cell: Locator | None) -> Locator:
        self.paragraphs += 1
        if cell is None:
            return Locator(paragraph=self.paragraphs)
        return Locator(paragraph=self.paragraphs, table=cell.table, row=cell.row, cell=cell.cell)

    def paragraph(self, node: Any, cell: Locator | None, item: Any) -> list[Block]:
        locator = self.locator(cell)
        found: list[str] = []
        text = _text(node, found)
        for note in sorted(set(found)):
            self.unread.append((locator, note))
        blocks: list[Block] = []
        if text:
            blocks.append(self.classify(node, text, locator, item))
        for frame in _boxes(node):
            inside = self.blocks(frame.childNodes, cell)
            if inside:
                self.notes.append((locator, "text box read after the paragraph anchoring it"))
            blocks.extend(inside)
        return blocks

    def classify(self, node: Any, text: str, locator: Locator, item: Any) -> Block:
        chain = list(self.styles.chain(_attr(node, TEXT, "style-name")))
        marker = self.marker(item) if item is not None else None
        level: int | None = None
        if node.qname == (TEXT, "h"):
            outline = _attr(node, TEXT, "outline-level") or "1"
            level = int(outline) if outline.isdigit() else 1
            if item is None and OUTLINE in self.styles.lists:
                # numbered by the document's outline ("Nadpis 1" numbered in LibreOffice)
                marker = self.marker((level - 1, OUTLINE, False))
        else:
            level = next((n for d in chain if (n := heading_level(d)) is not None), None)
        if level is not None:
            # a heading in a numbered list (Word's multilevel heading numbers): as printed
            return Heading(f"{marker} {text}" if marker else text, level, locator)
        if item is not None:
            depth = item[0]
            if depth == 0:  # "List Bullet 2" saved from Word: its own list, depth in its name
                depth = next((list_depth(d) for d in chain if list_depth(d) is not None), 0)
            return ListItem(text, depth, locator, marker)
        return Paragraph(text, locator)

    def marker(self, item: tuple[int, str | None, bool]) -> str | None:
        """Count a list item and give its marker ("1.", "a)"), ``None`` for a bullet."""
        level, style, restart = item
        levels = self.styles.lists.get(style or "", {})
        fmt = levels.get(level) or levels.get(0) or LevelFormat("bullet", "")
        key = style or ""
        if restart:
            self.counters.restart(key)
        return self.counters.marker(key, level, fmt)

    def list(self, node: Any, cell: Locator | None, depth: int, style: str | None) -> list[Block]:
        style = _attr(node, TEXT, "style-name") or style
        restart = depth == 0 and _attr(node, TEXT, "continue-numbering") != "true"
        restart = restart and _attr(node, TEXT, "continue-list") is None
        blocks: list[Block] = []
        for item in node.childNodes:
            if not (_is(item, TEXT, "list-item") or _is(item, TEXT, "list-header")):
                continue
            first = True
            for child in item.childNodes:
                if _is(child, TEXT, "list"):
                    blocks.extend(self.list(child, cell, depth + 1, style))
                elif _is(child, TEXT, "p") or _is(child, TEXT, "h"):
                    # only an item's first paragraph carries its marker
                    marked = (depth, style, restart) if first else None
                    produced = self.paragraph(child, cell, marked)
                    if produced and first:
                        restart = False
                    first = first and not produced
                    blocks.extend(produced)
                elif child.nodeType == child.ELEMENT_NODE:
                    blocks.extend(self.blocks([child], cell))
        return blocks

    def table(self, node: Any) -> Table:
        self.tables += 1
        number = self.tables
        rows: list[Row] = []
        for row_node in _rows(node):
            repeat = min(int(_attr(row_node, TABLE, "number-rows-repeated") or "1"), MAX_REPEAT)
            for _ in range(repeat):
                r = len(rows) + 1
                cells: list[Cell] = []
                column = 0
                for cell_node in row_node.childNodes:
                    if cell_node.nodeType != cell_node.ELEMENT_NODE:
                        continue
                    times = int(_attr(cell_node, TABLE, "number-columns-repeated") or "1")
                    for _ in range(min(times, MAX_REPEAT)):
                        column += 1
                        if cell_node.qname != (TABLE, "table-cell"):
                            continue  # a covered cell: part of a merged cell read already
                        locator = Locator(table=number, row=r, cell=column)
                        inner = self.blocks(cell_node.childNodes, locator)
                        cells.append(Cell(tuple(inner), locator))
                rows.append(Row(tuple(cells), Locator(table=number, row=r)))
        return Table(tuple(rows), Locator(table=number))


def _rows(table: Any):
    """The rows of a table, through header-rows and row groups."""
    for child in table.childNodes:
        if _is(child, TABLE, "table-row"):
            yield child
        elif (
            child.nodeType == child.ELEMENT_NODE
            and child.qname[0] == TABLE
            and child.qname[1] in ("table-header-rows", "table-rows", "table-row-group")
        ):
            yield from _rows(child)


def _boxes(node: Any):
    """Text boxes of frames anchored in a paragraph (not inside another box)."""
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname == (DRAW, "text-box"):
            yield child
        elif child.qname[0] in (DRAW, TEXT) and child.qname != (TEXT, "note"):
            yield from _boxes(child)
