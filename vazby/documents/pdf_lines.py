"""Words placed on a PDF page, grouped into lines, and what a line's text says.

Pure functions over pdfplumber's word dictionaries (``x0``, ``x1``, ``top``, ``bottom``,
``text``, ``size``, ``fontname``), so that they can be tested on words written by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..lang import broken_word

__all__ = [
    "Line",
    "group_lines",
    "bullet_of",
    "join_lines",
    "runs_found",
    "document_words",
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
    """One printed line: its words left to right and its box (computed once: the readers
    ask a line for them many times)."""

    words: tuple[Word, ...]
    text: str = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    size: float = field(init=False)  # the font size most of its characters have
    bold: bool = field(init=False)  # whether most of its characters are bold

    def __post_init__(self) -> None:
        words = self.words
        sizes: Counter[float] = Counter()
        bold = 0
        for word in words:
            sizes[round(float(word.get("size", 0.0)), 1)] += len(word["text"])
            bold += len(word["text"]) if word.get("bold") else -len(word["text"])
        for name, value in (
            ("text", " ".join(word["text"] for word in words)),
            ("x0", float(words[0]["x0"])),
            ("x1", float(max(word["x1"] for word in words))),
            ("top", float(min(word["top"] for word in words))),
            ("bottom", float(max(word["bottom"] for word in words))),
            ("size", sizes.most_common(1)[0][0]),
            ("bold", bold > 0),
        ):
            object.__setattr__(self, name, value)

    @property
    def height(self) -> float:
        return self.bottom - self.top


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


def join_lines(
    texts: Sequence[str], words: Collection[str] = frozenset(), *, narrow: bool = False
) -> tuple[str, int]:
    """The lines of one paragraph as one text, and how many hyphenated words were joined.

    A line ending in a hyphen right after a letter or digit ends part of a word
    ("domovník-", "2024-"): the next line follows it without a space. The hyphen itself is
    dropped only where the document shows it was a hyphenation: a soft hyphen, or a word
    that ``words`` (the document's words, folded to lowercase) holds whole while it does
    not hold the hyphenated form. Czech compounds ("domovník-preventista", "Ostrava-Jih")
    keep their hyphen.

    >>> join_lines(["Poskytování soci-", "álních služeb."], {"sociálních"})
    ('Poskytování sociálních služeb.', 1)
    >>> join_lines(["pozice domovník-", "preventista v domě"])
    ('pozice domovník-preventista v domě', 0)
    >>> join_lines(["městský obvod Ostrava-", "Jih"])
    ('městský obvod Ostrava-Jih', 0)
    >>> join_lines(["zajistit pozice.-", "Rozvoj služeb"])
    ('zajistit pozice.- Rozvoj služeb', 0)

    A word broken without a hyphen (too long for a narrow column) is joined when neither
    half is a word of the document and the whole is:

    >>> join_lines(["Organizace multidisciplinárn", "ích stolů"], {"multidisciplinárních"})
    ('Organizace multidisciplinárních stolů', 0)

    In a ``narrow`` table cell, where a renderer breaks any word wider than the column, a
    word of the Czech lexicon is joined too when one of its halves is no word:

    >>> join_lines(["Zdroj financov", "ání"], narrow=True)
    ('Zdroj financování', 0)
    >>> join_lines(["Sociální byty pro", "rodiny"], narrow=True)
    ('Sociální byty pro rodiny', 0)

    A range of numbers cut at its dash is one range:

    >>> join_lines(["stupeň závislosti (II.-", "IV. stupeň)"])
    ('stupeň závislosti (II.-IV. stupeň)', 0)
    """
    joined = ""
    hyphens = 0
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if len(joined) > 2 and joined[-1] in "-\u00ad" and joined[-2].isalnum():
            head = joined[:-1].rsplit(" ", 1)[-1]
            tail = text.split(" ", 1)[0].rstrip(".,;:!?)“”\"'")
            whole = (head + tail).casefold()
            split = f"{head}-{tail}".casefold()
            hyphenated = joined[-2].isalpha() and whole in words and split not in words
            if joined[-1] == "\u00ad" or hyphenated:
                joined = joined[:-1] + text
                hyphens += 1
            else:
                joined += text
        elif joined and broken_word(
            joined.rsplit(" ", 1)[-1], text.split(" ", 1)[0], words, narrow=narrow
        ):
            joined += text
        elif _RANGE_HEAD.search(joined) and _RANGE_TAIL.match(text):
            joined += text  # a range of numbers cut at its dash takes no space: "II.-IV."
        else:
            joined = f"{joined} {text}" if joined else text
    return joined.replace("\u00ad", ""), hyphens


#: The two ends of a range of numbers, arabic or roman ("1.-3.", "(II.-IV. stupeň)").
_RANGE_HEAD = re.compile(r"(?:^|[\s(])(?:\d+|[IVXLC]+)\.?[-\u2013]$")
_RANGE_TAIL = re.compile(r"(?:\d+|[IVXLC]+)\b")


def document_words(lines: Iterable[Line]) -> frozenset[str]:
    """The words printed inside the document's lines (neither first nor last on a line, so
    that no half of a broken word counts), folded, without surrounding punctuation.

    >>> w = lambda t: {"text": t, "x0": 0, "x1": 1, "top": 0, "bottom": 1}
    >>> sorted(document_words([Line((w("Síť"), w("sociálních"), w("služeb."), w("v")))]))
    ['služeb', 'sociálních']
    """
    return frozenset(
        word["text"].strip(".,;:!?()„“”\"'").casefold()
        for line in lines
        for word in line.words[1:-1]
    )


class _Run(Protocol):
    end: int


R = TypeVar("R", bound=_Run)


def runs_found(count: int, find: Callable[[int], R | None]) -> list[R]:
    """What ``find`` finds from each index of ``count`` lines, each run resumed after the
    last (a table found at line 3 that ends at 7 is followed by the search from line 7).

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Pair:
    ...     end: int
    >>> runs_found(6, lambda i: Pair(i + 2) if i % 3 == 0 else None)
    [Pair(end=2), Pair(end=5)]
    """
    found: list[R] = []
    index = 0
    while index < count:
        run = find(index)
        if run is None:
            index += 1
            continue
        found.append(run)
        index = run.end
    return found


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
