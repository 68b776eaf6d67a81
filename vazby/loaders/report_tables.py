"""Helpers for the narrative report loaders: Czech periods, tables, text matching.

Used by :mod:`vazby.loaders.results` and :mod:`vazby.loaders.programme_report`. Nothing here
knows a particular document: periods are read with the Czech month names in any case
("červen", "června", "v červnu"), tables by the names of their header cells, and indicators
of two tables are paired by the similarity of their text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..lang import fold
from .records import Document, Schedule
from .text import DASHES, clean_cell, parse_schedule

__all__ = [
    "parse_period",
    "iso_interval",
    "Row",
    "split_row",
    "map_header",
    "similarity",
    "match_pairs",
    "pair_abbreviations",
    "is_toc_entry",
    "merge_continuation",
]

#: Folded Czech month names in the nominative, genitive and locative → month number.
_MONTHS = {
    "leden": 1, "ledna": 1, "lednu": 1,
    "unor": 2, "unora": 2, "unoru": 2,
    "brezen": 3, "brezna": 3, "breznu": 3,
    "duben": 4, "dubna": 4, "dubnu": 4,
    "kveten": 5, "kvetna": 5, "kvetnu": 5,
    "cerven": 6, "cervna": 6, "cervnu": 6,
    "cervenec": 7, "cervence": 7, "cervenci": 7,
    "srpen": 8, "srpna": 8, "srpnu": 8,
    "zari": 9,
    "rijen": 10, "rijna": 10, "rijnu": 10,
    "listopad": 11, "listopadu": 11,
    "prosinec": 12, "prosince": 12, "prosinci": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DASH = f"[{re.escape(DASHES)}]"


def _point_re(n: int) -> str:
    return rf"(?:(?P<m{n}>{_MONTH_ALT})\s+)?(?P<y{n}>(?:19|20)\d\d)"


_PERIOD = re.compile(rf"\b{_point_re(1)}\s*(?:{_DASH}+|\baz\b|\bdo\b)\s*{_point_re(2)}\b")
_SHORT_YEAR = re.compile(r"\b(?P<m>0?[1-9]|1[0-2])\s*/\s*(?P<y>\d{2})\b(?!\s*/|\d)")


def _point(month: str | None, year: str) -> str:
    return f"{year}-{_MONTHS[month]:02d}" if month else year


def parse_period(text: str) -> Schedule:
    """Parse a period written with Czech month names, or numerically, into a schedule.

    Parameters
    ----------
    text : str
        "Červenec 2023–červen 2024", "říjen 2023 až prosinec 2023", "2011 – 2014",
        "Do 06/23", "Od 09/2023", "průběžně".

    Returns
    -------
    Schedule
        ``raw`` as printed, ``start`` and ``end`` as ISO year or year-month where the text
        gives them.

    Examples
    --------
    >>> parse_period("Červenec 2023–červen 2024")
    Schedule(raw='Červenec 2023–červen 2024', start='2023-07', end='2024-06')
    >>> parse_period("ČERVEN 2011 – ČERVEN 2014").start
    '2011-06'
    >>> parse_period("leden 2024 až březen 2024").end
    '2024-03'
    >>> parse_period("Do 06/23")
    Schedule(raw='Do 06/23', start=None, end='2023-06')
    >>> parse_period("průběžně").start is None
    True
    """
    raw = " ".join(text.split())
    folded = fold(raw, tidy=True)
    m = _PERIOD.search(folded)
    if m:
        return Schedule(
            raw, _point(m.group("m1"), m.group("y1")), _point(m.group("m2"), m.group("y2"))
        )
    # Two-digit years ("06/23") are widened before the numeric parser sees them.
    widened = _SHORT_YEAR.sub(lambda s: f"{s.group('m')}/20{s.group('y')}", raw)
    parsed = parse_schedule(widened)
    return Schedule(raw, parsed.start, parsed.end)


def iso_interval(schedule: Schedule) -> str:
    """An ISO 8601 interval ``start/end`` of a schedule, or its raw text when it has none.

    Examples
    --------
    >>> iso_interval(parse_period("červen 2011 – červen 2014"))
    '2011-06/2014-06'
    >>> iso_interval(Schedule("průběžně"))
    'průběžně'
    """
    if schedule.start and schedule.end:
        return f"{schedule.start}/{schedule.end}"
    return schedule.start or schedule.end or schedule.raw


@dataclass(slots=True)
class Row:
    """A table row being read: its cells (cleaned) and first and last line."""

    cells: list[str]
    first: int
    last: int


def split_row(document: Document, number: int) -> list[str]:
    """The cleaned cells of 1-based line ``number`` (a line of text is one cell); trailing
    empty cells kept.

    Examples
    --------
    >>> from vazby.loaders.lines import document_of_lines
    >>> doc = document_of_lines([("1", "<p>Budování sítě</p>", "Do 06/23", ""), "Text "])
    >>> split_row(doc, 1), split_row(doc, 2)
    (['1', 'Budování sítě', 'Do 06/23', ''], ['Text'])
    """
    return [clean_cell(cell) for cell in document.cells(number) or (document.line(number),)]


def map_header(
    cells: Sequence[str], names: Sequence[tuple[str, tuple[str, ...]]]
) -> dict[str, int]:
    """Map header cells to fields by the words they contain.

    ``names`` lists (field, words) in priority order; a field takes the first header cell
    whose folded text contains one of its words and that no earlier field took.

    Examples
    --------
    >>> map_header(["Pořadí kroků", "Popis", "Tým/ odpovědnost"],
    ...            [("step", ("porad", "krok")), ("text", ("popis",)), ("team", ("tym",))])
    {'step': 0, 'text': 1, 'team': 2}
    """
    taken: dict[str, int] = {}
    folded = [fold(cell, tidy=True) for cell in cells]
    for name, words in names:
        for index, cell in enumerate(folded):
            if index not in taken.values() and any(word in cell for word in words):
                taken[name] = index
                break
    return taken


_WORD = re.compile(r"\w+")


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1, ignoring case, diacritics, markup and spacing.

    Examples
    --------
    >>> similarity("Obec se zajímá o potřeby rodin", "obec se zajima o potreby rodiny") > 0.9
    True
    >>> similarity("Obec se zajímá o potřeby rodin", "Dotační programy jsou limitovány") < 0.5
    True
    """
    return _ratio(_comparable(a), _comparable(b), 0.0)


def _comparable(text: str) -> str:
    return " ".join(_WORD.findall(fold(clean_cell(text), tidy=True)))


def _ratio(fa: str, fb: str, floor: float) -> float:
    """SequenceMatcher's ratio, or a cheap upper bound when that bound is below ``floor``."""
    if not fa or not fb:
        return 0.0
    matcher = SequenceMatcher(None, fa, fb, autojunk=False)
    bound = matcher.real_quick_ratio()
    if bound < floor:
        return bound
    bound = matcher.quick_ratio()
    if bound < floor:
        return bound
    return matcher.ratio()


def match_pairs(
    left: Sequence[str], right: Sequence[str], threshold: float = 0.6
) -> dict[int, tuple[int, float]]:
    """Pair texts of two lists one to one, most similar pairs first.

    Returns ``{right index: (left index, score)}`` for every pair at or above ``threshold``;
    each index is used at most once.

    Examples
    --------
    >>> match_pairs(["Obec má dotační program", "Obec sbírá data"],
    ...             ["Obec sbírá data o rodinách", "Obec má dotační programy"])
    {1: (0, 0.98), 0: (1, 0.73)}
    """
    # Pairs whose cheap upper bound is under the threshold cannot match: skip the full ratio.
    fl = [_comparable(a) for a in left]
    fr = [_comparable(b) for b in right]
    scored = sorted(
        ((_ratio(a, b, threshold), i, j) for i, a in enumerate(fl) for j, b in enumerate(fr)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_left: set[int] = set()
    pairs: dict[int, tuple[int, float]] = {}
    for score, i, j in scored:
        if score < threshold:
            break
        if i in used_left or j in pairs:
            continue
        used_left.add(i)
        pairs[j] = (i, round(score, 2))
    return pairs


def _initials(text: str) -> str:
    return "".join(word[0] for word in fold(text, tidy=True).split() if len(word) > 3)


def pair_abbreviations(abbreviations: Sequence[str], expansions: Sequence[str]) -> list[str]:
    """Give each of several abbreviations printed together its own expansion.

    "ASZ/ OSZ/ AGENTURA – Agentura pro sociální začleňování/ Odbor pro sociální začleňování
    …": an abbreviation takes the expansion whose content words' initials begin with its
    letters, or whose first word it is; one that matches none takes all expansions.

    Examples
    --------
    >>> paired = pair_abbreviations(
    ...     ["ASZ", "OSZ", "AGENTURA"],
    ...     ["Agentura pro sociální začleňování", "Odbor pro sociální začleňování MMR"],
    ... )
    >>> [p.split()[0] for p in paired]
    ['Agentura', 'Odbor', 'Agentura']
    """
    whole = " / ".join(expansions)
    if len(abbreviations) == len(expansions) == 1:
        return [expansions[0]]
    paired = []
    for abbr in abbreviations:
        key = fold(abbr, tidy=True).replace(" ", "")
        choice = next(
            (
                e
                for e in expansions
                if _initials(e).startswith(key) or fold(e, tidy=True).split()[:1] == [key]
            ),
            None,
        )
        paired.append(choice or whole)
    return paired


_TOC_TAIL = re.compile(r"(?:\.{3,}|…)\s*(?:<i>)?\s*\d{1,3}\s*(?:</i>)?\s*$")
_TOC_PAGE = re.compile(r"\s*(?:<i>)?\s*\d{1,3}\s*(?:</i>)?\s*")


def is_toc_entry(line: str, cells: Sequence[str] | None = None) -> bool:
    """Whether a line is a table-of-contents entry: a title and a page number after dots,
    or a row of two cells (``cells``), a title and a page number.

    Examples
    --------
    >>> is_toc_entry("Úvod ....... 3"), is_toc_entry("", ("OBDOBÍ REALIZACE", "3"))
    (True, True)
    >>> is_toc_entry("", ("<i>Dlouhodobý cíl</i>", "<i>6</i>"))
    True
    >>> is_toc_entry("", ("1", "Budování sítě", "Do 06/23", "LK, obec"))
    False
    """
    if cells is None:
        return bool(_TOC_TAIL.search(line))
    if len(cells) > 2:
        return False
    title, page = cells
    return bool(_TOC_PAGE.fullmatch(page) or _TOC_TAIL.search(page if page.strip() else title))


def merge_continuation(rows: list[Row], cells: list[str], line: int) -> bool:
    """Append a row that a page break split off to the row above it; say whether it did.

    A row continues the one above when its first non-empty cell begins in lower case
    ("řešení, případné konflikty jsou korektně řešeny.") and the cell above it in the same
    column is filled and unfinished (it does not end a sentence): each non-empty cell is
    then appended to the same column of the row above. A line without tabs continues the
    last filled cell above under the same condition.

    Examples
    --------
    >>> rows = [Row(["", "důvěra v", "Platformy"], 4, 4)]
    >>> merge_continuation(rows, ["", "řešení konfliktů.", ""], 6), rows[0].cells[1], rows[0].last
    (True, 'důvěra v řešení konfliktů.', 6)
    >>> above = [Row(["", "Finalizace zprávy", "1.– 5."], 7, 7)]
    >>> merge_continuation(above, ["říjen 2023", "Jednání"], 8)
    False
    """
    texts = [c for c in cells if c]
    if not rows or not texts or not texts[0][:1].islower():
        return False
    above = rows[-1]
    if len(cells) == 1:  # a line without tabs continues the last filled cell
        filled = max((i for i, c in enumerate(above.cells) if c), default=0)
        cells = [""] * filled + cells
    column = next(i for i, c in enumerate(cells) if c)
    upper = above.cells[column] if column < len(above.cells) else ""
    if not upper or upper.endswith((".", "!", "?", ":", ";")):
        return False
    above.cells.extend([""] * (len(cells) - len(above.cells)))
    for index, cell in enumerate(cells):
        if cell:
            above.cells[index] = f"{above.cells[index]} {cell}".strip()
    above.last = line
    return True
