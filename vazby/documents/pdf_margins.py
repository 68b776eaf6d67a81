"""Running headers, footers and page numbers of a PDF: the lines a reader skips.

A line in the top or bottom margin band of a page is *running* when a line with the same
text (its page's number aside: "Strana 3") stands at the same height on at least half of
the pages (two at least); a margin line that is only a page number ("3", "- 3 -",
"Strana 3 z 12", "3/12") is dropped on any page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .pdf_lines import Line

__all__ = ["running_lines", "is_page_number", "MARGIN"]

#: The share of the page height, at the top and at the bottom, where running lines stand.
MARGIN = 0.1

_PAGE_NUMBER = re.compile(
    r"^(?:(?:strana|str\.|page|s\.)\s*)?[-–—]?\s*\d{1,4}\s*(?:(?:/|z|ze|of)\s*\d{1,4})?\s*[-–—]?$",
    re.I,
)


def is_page_number(text: str) -> bool:
    """Whether a line says nothing but a page number.

    >>> [is_page_number(t) for t in ["12", "- 3 -", "Strana 3 z 12", "3/12", "2024–2026"]]
    [True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def _zone(line: Line, height: float) -> str | None:
    if line.bottom <= height * MARGIN:
        return "top"
    if line.top >= height * (1 - MARGIN):
        return "bottom"
    return None


def running_lines(
    pages: Sequence[Sequence[Line]], heights: Sequence[float]
) -> dict[tuple[int, int], str]:
    """The lines to drop: ``(page index, line index) -> why``, both indexes from 0.

    >>> w = lambda t, top: {"text": t, "x0": 90, "x1": 200, "top": top, "bottom": top + 10}
    >>> page = lambda n: [Line((w("Plán Horní Lhota", 30),)), Line((w("Text", 300),)),
    ...                   Line((w(str(n), 760),))]
    >>> sorted(running_lines([page(1), page(2), page(3)], [792] * 3).items())[:3]
    [((0, 0), 'running header'), ((0, 2), 'page number'), ((1, 0), 'running header')]
    """
    places: dict[tuple[str, int, str], list[tuple[int, int]]] = defaultdict(list)
    drop: dict[tuple[int, int], str] = {}
    for p, (lines, height) in enumerate(zip(pages, heights, strict=True)):
        for i, line in enumerate(lines):
            zone = _zone(line, height)
            if zone is None:
                continue
            if is_page_number(line.text):
                drop[(p, i)] = "page number"
                continue
            text = re.sub(rf"(?<!\d){p + 1}(?!\d)", "#", line.text.casefold())
            key = (zone, round(line.top / 4), text)
            places[key].append((p, i))
    needed = max(2, (len(pages) + 1) // 2)
    for (zone, _, _), found in places.items():
        if len({p for p, _ in found}) >= needed:
            for place in found:
                drop[place] = f"running {'header' if zone == 'top' else 'footer'}"
    return drop
