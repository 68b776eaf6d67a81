"""Words placed on a PDF page, grouped into lines, and what a line's text says.

Pure functions over pdfplumber's word dictionaries (``x0``, ``x1``, ``top``, ``bottom``,
``text``, ``size``, ``fontname``), so that they can be tested on words written by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Line",
    "group_lines",
    "bullet_of",
    "join_lines",
    "body_size",
    "BULLETS",
]

Word = dict[str, Any]

#: Glyphs that start a bulleted item: Unicode bullets and dashes, and the private-use code
#: points of the Symbol and Wingdings fonts that Word and LibreOffice print bullets with.
BULLETS = frozenset(
    "•▪▫◦●○■□►▸➢➤✓✔–—-*·"
    "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf0e0\uf06e\uf075\uf0a2\uf02d\uf0d7\uf034"
)
_NUMBERED = re.compile(r"^(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$")


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its words left to right and its box."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)

    @property
    def x0(self) -> float:
        return float(self.words[0]["x0"])

    @property
    def x1(self) -> float:
        return float(max(word["x1"] for word in self.words))

    @property
    def top(self) -> float:
        return float(min(word["top"] for word in self.words))

    @property
    def bottom(self) -> float:
        return float(max(word["bottom"] for word in self.words))

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def size(self) -> float:
        """The font size most of the line's characters have."""
        sizes: Counter[float] = Counter()
        for word in self.words:
            sizes[round(float(word.get("size", 0.0)), 1)] += len(word["text"])
        return sizes.most_common(1)[0][0]


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Words into lines, top to bottom: a word joins a line its vertical middle falls in.

    >>> words = [
    ...     {"text": "Garant", "x0": 90, "x1": 130, "top": 100, "bottom": 111},
    ...     {"text": "Město", "x0": 306, "x1": 340, "top": 100.4, "bottom": 111.4},
    ...     {"text": "Harmonogram", "x0": 90, "x1": 160, "top": 113, "bottom": 124},
    ... ]
    >>> [line.text for line in group_lines(words)]
    ['Garant Město', 'Harmonogram']
    """
    lines: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            top, bottom = bounds[index]
            if top <= middle <= bottom:
                lines[index].append(word)
                break
        else:
            lines.append([word])
            bounds.append((word["top"], word["bottom"]))
    return [Line(tuple(sorted(line, key=lambda w: w["x0"]))) for line in lines]


def bullet_of(line: Line) -> tuple[str | None, Line] | None:
    """``(marker, the line without it)`` when the line starts a list item, else ``None``.

    A bullet glyph (``•``, ``–``, the Symbol font's U+F0B7 …) gives marker ``None``; a
    number or letter with a period or parenthesis ("1.", "a)") followed by a gap wider than
    a space gives that marker.

    >>> w = lambda t, x0, x1: {"text": t, "x0": x0, "x1": x1, "top": 0, "bottom": 10}
    >>> bullet_of(Line((w("\\uf0b7", 90, 95), w("Nábor", 108, 140))))[0] is None
    True
    >>> bullet_of(Line((w("a)", 90, 100), w("Nábor", 108, 140))))[0]
    'a)'
    >>> bullet_of(Line((w("1", 90, 96), w("Vzdělávání", 100, 160)))) is None
    True
    """
    first = line.words[0]["text"]
    if len(line.words) > 1 and first in BULLETS:
        return None, Line(line.words[1:])
    if len(first) > 1 and first[0] in BULLETS - set("-–—*") and first[1:].strip():
        # a bullet glued to its word: "•Nábor"
        word = dict(line.words[0], text=first[1:])
        return None, Line((word, *line.words[1:]))
    if len(line.words) > 1 and _NUMBERED.match(first):
        gap = line.words[1]["x0"] - line.words[0]["x1"]
        if gap > 0.5 * max(float(line.words[0].get("size", 10.0)), 1.0):
            return first, Line(line.words[1:])
    return None


def join_lines(texts: Sequence[str]) -> tuple[str, int]:
    """The lines of one paragraph as one text, and how many hyphenated words were joined.

    A line ending in a hyphen (or a soft hyphen) right after a letter, followed by a line
    starting with a lowercase letter, ends half a word: the halves are joined.

    >>> join_lines(["Poskytování soci-", "álních služeb", "v lokalitě."])
    ('Poskytování sociálních služeb v lokalitě.', 1)
    >>> join_lines(["Sociálně-", "Právní ochrana"])
    ('Sociálně- Právní ochrana', 0)
    """
    joined = ""
    hyphens = 0
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if (
            len(joined) > 2
            and joined[-1] in "-\u00ad"
            and joined[-2].isalpha()
            and text[0].islower()
        ):
            joined = joined[:-1] + text
            hyphens += 1
        else:
            joined = f"{joined} {text}" if joined else text
    return joined.replace("\u00ad", ""), hyphens


def body_size(lines: Iterable[Line]) -> float:
    """The font size most characters of the document have (its running text).

    >>> w = lambda t, s: {"text": t, "size": s, "x0": 0, "x1": 1, "top": 0, "bottom": 1}
    >>> body_size([Line((w("Nadpis", 14),)), Line((w("dlouhý text odstavce", 11),))])
    11.0
    """
    sizes: Counter[float] = Counter()
    for line in lines:
        for word in line.words:
            sizes[round(float(word.get("size", 0.0)), 1)] += len(word["text"])
    return sizes.most_common(1)[0][0] if sizes else 0.0
