"""Lines of running text into blocks: paragraphs, list items and headings.

Lines belong to one paragraph while the space between them is no wider than the leading of
a paragraph's own lines and they are printed alike (size, bold); a line that starts with a
bullet (see :func:`~vazby.documents.pdf_lines.bullet_of`) starts a list item, and the lines
after it at the item text's indentation continue it. A paragraph printed larger than the
running text is a heading, its level the rank of its size among the document's heading
sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .model import Block, Heading, ListItem, Locator, Paragraph
from .pdf_lines import Line, bullet_of, join_lines

__all__ = ["Style", "build_blocks"]

#: A line printed this much larger than the running text is a heading.
HEADING_RATIO = 1.15


@dataclass(frozen=True)
class Style:
    """What the whole document says about its lines: running text size, heading sizes
    (largest first), the x positions of its bullets (leftmost first, for the depth) and its
    words (to tell a hyphenated word from a compound)."""

    body: float
    headings: tuple[float, ...] = ()
    bullets: tuple[float, ...] = ()
    words: frozenset[str] = frozenset()  # every word of the document, for hyphenation

    def heading_level(self, size: float) -> int | None:
        if size < self.body * HEADING_RATIO:
            return None
        for level, heading in enumerate(self.headings, 1):
            if size >= heading - 0.25:
                return level
        return len(self.headings) or 1

    def depth(self, x0: float) -> int:
        for depth, x in enumerate(self.bullets):
            if x0 <= x + 3:
                return depth
        return max(len(self.bullets) - 1, 0)


@dataclass
class _Pending:
    kind: str  # "paragraph" | "item"
    lines: list[Line] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    marker: str | None = None
    indent: float = 0.0
    depth: int = 0


def build_blocks(
    lines: Sequence[Line],
    style: Style,
    locate: Callable[[Line], Locator],
    hyphens: list[Locator] | None = None,
    *,
    narrow: bool = False,
) -> list[Block]:
    """Blocks of consecutive lines (nothing else printed between them).

    ``locate`` gives a line's locator; ``hyphens`` collects the locators of paragraphs in
    which a word split over two lines was joined; ``narrow`` says the lines fill a table's
    cell (see :func:`~vazby.documents.pdf_lines.join_lines`).
    """
    blocks: list[Block] = []
    pending: _Pending | None = None

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        text, joined = join_lines(pending.texts, style.words, narrow=narrow)
        locator = locate(pending.lines[0])
        if joined and hyphens is not None:
            hyphens.append(locator)
        if pending.kind == "item":
            blocks.append(ListItem(text, pending.depth, locator, pending.marker))
        else:
            level = style.heading_level(min(line.size for line in pending.lines))
            block: Block = Paragraph(text, locator)
            if level is not None:
                block = Heading(text, level, locator)
            blocks.append(block)
        pending = None

    for line in lines:
        bullet = bullet_of(line)
        if pending is not None:
            last = pending.lines[-1]
            leading = max(last.height, 1.0)
            near = line.top - last.bottom <= 0.45 * leading
            # a heading in bold at the running text's size is no line of the paragraph below
            same_style = abs(line.size - last.size) <= 0.5 and line.bold == last.bold
            continues = near and same_style and bullet is None
            if pending.kind == "item":
                continues = continues and line.x0 >= pending.indent - 3
            if continues:
                pending.lines.append(line)
                pending.texts.append(line.text)
                continue
            flush()
        if bullet is not None:
            marker, rest = bullet
            pending = _Pending("item", [line], [rest.text], marker, rest.x0, style.depth(line.x0))
        else:
            pending = _Pending("paragraph", [line], [line.text])
    flush()
    return blocks
