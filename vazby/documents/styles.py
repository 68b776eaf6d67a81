"""What a word processor's style name says about a paragraph, the same for DOCX and ODT."""

from __future__ import annotations

import re

__all__ = ["heading_level", "list_depth"]

_HEADING = re.compile(r"^(?:heading|nadpis|überschrift|titre)\s*(\d)$", re.I)
_TITLE = re.compile(r"^(?:title|název|nazev)$", re.I)
_LIST = re.compile(r"^list\b.*?\s(\d)$", re.I)


def heading_level(name: str) -> int | None:
    """The heading level a style's name gives, ``None`` for any other style.

    The document's title counts as a first-level heading.

    >>> [heading_level(n) for n in ["Heading 2", "nadpis 3", "Title", "Normal"]]
    [2, 3, 1, None]
    """
    match = _HEADING.match(name.strip())
    if match:
        return int(match.group(1))
    return 1 if _TITLE.match(name.strip()) else None


def list_depth(name: str) -> int | None:
    """The depth (0 outermost) a list style's name gives: "List Bullet 2" is 1.

    >>> [list_depth(n) for n in ["List Bullet 2", "List Number 3", "List Bullet", "Normal"]]
    [1, 2, None, None]
    """
    match = _LIST.match(name.strip())
    return int(match.group(1)) - 1 if match else None
