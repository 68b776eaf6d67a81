"""Word documents (.docx) read into blocks, with python-docx opening the package.

The body is read in order: paragraphs and tables as they stand, text boxes right after the
paragraph that anchors them, content controls (``w:sdt``, as tables of contents are
wrapped) as if they were not there. A paragraph is a :class:`Heading` when its style (or a
style it is based on) is a heading ("Heading 2", "Nadpis 2", "heading 2", "Title") or it
has an outline level; a :class:`ListItem` when it is numbered (``numPr`` on the paragraph
or its style), its depth from ``ilvl`` and its marker counted as Word prints it. A table
cell merged over columns (``gridSpan``) or rows (``vMerge``) is one cell, not repeated;
nested tables stay inside their :class:`Cell`.

Locators: a paragraph is numbered 1, 2, … among all paragraphs of the document in reading
order (body, cells, text boxes; empty ones counted too, so the numbers follow the file);
tables are numbered in reading order, nested ones included, rows and cells within each.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from ..errors import LoadError
from .container import identity, open_zip, zip_member
from .model import Block, Cell, Heading, ListItem, Locator, Paragraph, Row, SourceFile, Table
from .numbering import Counters, LevelFormat
from .styles import heading_level, list_depth

__all__ = ["sniff", "read"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Subtrees whose text is not the paragraph's own: text boxes (read as blocks of their own),
# the fallback copy of a drawing, deleted text, field instructions, properties.
_SKIP = {
    f"{W}txbxContent",
    f"{MC}Fallback",
    f"{W}del",
    f"{W}instrText",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}footnoteReference",
    f"{W}endnoteReference",
}
_SPACE = {f"{W}tab", f"{W}br", f"{W}cr", f"{W}ptab"}


def sniff(data: bytes) -> bool:
    """Whether ``data`` is a Word document: a zip holding ``word/document.xml``.

    >>> sniff(b"%PDF-1.7")
    False
    """
    return zip_member(data, "word/document.xml") is not None


def read(data: bytes, path: str) -> SourceFile:
    """Read a .docx file's bytes into a :class:`SourceFile` of blocks.

    Raises
    ------
    LoadError
        The file is not a readable Word package (broken zip, password-protected, a .doc).
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    open_zip(data, path, "Word (.docx)").close()
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise LoadError(
            path, 0, f"not a readable Word document ({error}); open it and save it as .docx"
        ) from None
    reader = _Reader(_styles(document), _numbering(document))
    blocks = reader.blocks(document.element.body, None)
    name, sha256 = identity(data, path)
    return SourceFile(
        path=str(path),
        name=name,
        sha256=sha256,
        kind="docx",
        blocks=tuple(blocks),
        notes=tuple(reader.notes) + _running_text(document),
        unread=tuple(reader.unread),
    )


# What a paragraph refers to that is not read into the text, by the element of the reference.
_REFERENCES = {
    f"{W}footnoteReference": "footnote",
    f"{W}endnoteReference": "endnote",
    f"{W}commentReference": "comment",
}


def _references(element: Any) -> list[str]:
    """The footnotes, endnotes and comments a paragraph refers to (not those of the text boxes
    it anchors, which are paragraphs of their own)."""
    found = []
    for child in element:
        if child.tag in _REFERENCES:
            found.append(_REFERENCES[child.tag])
        elif child.tag != f"{W}txbxContent":
            found.extend(_references(child))
    return found


def _running_text(document: Any) -> tuple[tuple[Locator, str], ...]:
    """A note for headers and footers that hold text: running text of every page, not read
    as the document's blocks."""
    kinds = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer") and not rel.is_external:
            text = "".join(t.text or "" for t in rel.target_part.element.iter(f"{W}t"))
            if text.strip():
                kinds[kind] = True
    return tuple(
        (Locator(), f"{kind} text not read (running text printed on the pages)")
        for kind in ("header", "footer")
        if kind in kinds
    )


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(f"{W}val")


def _styles(document: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    for style in document.styles.element.findall(f"{W}style"):
        ppr = style.find(f"{W}pPr")
        ilvl = _val(ppr, f"{W}numPr/{W}ilvl")
        outline = _val(ppr, f"{W}outlineLvl")
        styles[style.get(f"{W}styleId", "")] = _Style(
            name=_val(style, f"{W}name") or "",
            based_on=_val(style, f"{W}basedOn"),
            num_id=_val(ppr, f"{W}numPr/{W}numId"),
            ilvl=int(ilvl) if ilvl and ilvl.isdigit() else None,
            outline=int(outline) if outline and outline.isdigit() else None,
        )
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
            styles[""] = styles[style.get(f"{W}styleId", "")]
    return styles


def _numbering(document: Any) -> dict[str, dict[int, LevelFormat]]:
    """numId → level → format, from the numbering part (absent in documents without lists)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, LevelFormat]] = {}
    for definition in root.findall(f"{W}abstractNum"):
        levels: dict[int, LevelFormat] = {}
        for level in definition.findall(f"{W}lvl"):
            start = _val(level, f"{W}start")
            levels[int(level.get(f"{W}ilvl", "0"))] = LevelFormat(
                kind=_val(level, f"{W}numFmt") or "decimal",
                template=_val(level, f"{W}lvlText") or "",
                start=int(start) if start and start.isdigit() else 1,
            )
        abstract[definition.get(f"{W}abstractNumId", "")] = levels
    return {
        num.get(f"{W}numId", ""): abstract.get(_val(num, f"{W}abstractNumId") or "", {})
        for num in root.findall(f"{W}num")
    }


def _text(element: Any) -> str:
    """A paragraph's own text, whitespace collapsed (tabs and breaks become spaces)."""
    return " ".join("".join(_pieces(element)).split())


def _pieces(element: Any):
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == f"{W}t":
            yield child.text or ""
        elif tag in _SPACE:
            yield " "
        elif tag == f"{W}noBreakHyphen":
            yield "-"
        elif tag == f"{W}sym":
            code = child.get(f"{W}char", "")
            yield chr(int(code, 16)) if re.fullmatch(r"[0-9A-Fa-f]{1,5}", code) else ""
        elif isinstance(tag, str):
            yield from _pieces(child)


def _text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes anchored in a paragraph (the drawing's copy, not its VML fallback)."""
    boxes = []
    for box in paragraph.iter(f"{W}txbxContent"):
        outer = box.getparent()
        nested = False
        while outer is not None and outer is not paragraph:
            if outer.tag in (f"{MC}Fallback", f"{W}txbxContent"):
                nested = True
                break
            outer = outer.getparent()
        if not nested:
            boxes.append(box)
    return boxes


class _Reader:
    def __init__(self, styles: dict[str, _Style], numbering: dict[str, dict[int, LevelFormat]]):
        self.styles = styles
        self.numbering = numbering
        self.counters = Counters()
        self.paragraphs = 0
        self.tables = 0
        self.notes: list[tuple[Locator, str]] = []
        self.unread: list[tuple[Locator, str]] = []

    def blocks(self, container: Any, cell: Locator | None) -> list[Block]:
        blocks: list[Block] = []
        for child in container:
            if child.tag == f"{W}p":
                blocks.extend(self.paragraph(child, cell))
            elif child.tag == f"{W}tbl":
                blocks.append(self.table(child))
            elif child.tag == f"{W}sdt":  # a content control: read what it holds
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    blocks.extend(self.blocks(content, cell))
        return blocks

    def paragraph(self, element: Any, cell: Locator | None) -> list[Block]:
        self.paragraphs += 1
        locator = Locator(paragraph=self.paragraphs)
        if cell is not None:
            locator = Locator(paragraph=self.paragraphs, table=cell.table, row=cell.row,
                              cell=cell.cell)  # fmt: skip
        blocks: list[Block] = []
        text = _text(element)
        if text:
            blocks.append(self.classify(element, text, locator))
        for kind in _references(element):
            self.unread.append((locator, f"{kind} not read into the text"))
        for box in _text_boxes(element):
            inside = self.blocks(box, cell)
            if inside:
                self.notes.append((locator, "text box read after the paragraph anchoring it"))
            blocks.extend(inside)
        return blocks

    def style_chain(self, style_id: str):
        seen = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on or ""

    def classify(self, element: Any, text: str, locator: Locator) -> Block:
        ppr = element.find(f"{W}pPr")
        style_id = _val(ppr, f"{W}pStyle") or ""
        chain = list(self.style_chain(style_id))
        level = next(
            (found for style in chain if (found := heading_level(style.name)) is not None), None
        )
        if level is None:
            outline = _val(ppr, f"{W}outlineLvl")
            levels = [int(outline)] if outline and outline.isdigit() else []
            levels += [style.outline for style in chain if style.outline is not None]
            if levels and levels[0] < 9:  # 9 is Word's "body text"
                level = levels[0] + 1
        if level is not None:
            # a heading numbered by Word ("1.2" from a multilevel list): the number as printed
            numbered = self.numbered(ppr, chain)
            marker = numbered[1] if numbered else None
            return Heading(f"{marker} {text}" if marker else text, level, locator)
        return self.list_item(ppr, chain, text, locator) or Paragraph(text, locator)

    def numbered(self, ppr: Any, chain: list[_Style]) -> tuple[int, str | None] | None:
        """The list level and marker Word prints before a numbered paragraph (counted), or
        ``None`` when the paragraph is in no list."""
        num_id = _val(ppr, f"{W}numPr/{W}numId")
        ilvl_text = _val(ppr, f"{W}numPr/{W}ilvl")
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else None
        for style in chain:
            num_id = num_id or style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
        if not num_id or num_id == "0":
            return None
        if ilvl is None:
            # "List Bullet 2" carries its own one-level list: its depth is in its name
            ilvl = (list_depth(chain[0].name) if chain else None) or 0
        levels = self.numbering.get(num_id, {})
        fmt = levels.get(ilvl) or levels.get(0) or LevelFormat("bullet", "")
        return ilvl, self.counters.marker(num_id, ilvl, fmt)

    def list_item(self, ppr: Any, chain: list[_Style], text: str, locator: Locator):
        numbered = self.numbered(ppr, chain)
        if numbered is None:
            return None
        return ListItem(text, numbered[0], locator, numbered[1])

    def table(self, element: Any) -> Table:
        self.tables += 1
        number = self.tables
        rows = []
        for r, tr in enumerate(element.findall(f"{W}tr"), 1):
            cells = []
            for c, tc in enumerate(tr.findall(f"{W}tc"), 1):
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(f"{W}val", "continue") != "restart":
                    continue  # the lower part of a cell merged over rows: already read above
                locator = Locator(table=number, row=r, cell=c)
                cells.append(Cell(tuple(self.blocks(tc, locator)), locator))
            rows.append(Row(tuple(cells), Locator(table=number, row=r)))
        return Table(tuple(rows), Locator(table=number))
