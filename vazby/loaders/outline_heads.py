"""The headings of a plan's outline: which pieces of text open an area, goal or measure.

A document's blocks become :class:`Unit` s (a block, or one row of a table: what coverage
counts), and a unit is a :class:`Head` when it looks like a heading of the profile's
outline:

* a level word and a number, then a title: "Opatření 1.1: Terénní práce",
  "Prioritní oblast A – Bydlení", "KA 01 Poradna", or the word alone before the title on
  the next line ("Opatření 2.3");
* a number and a level word: "1.1.1 Opatření<TAB>Kurzy";
* a number and a title: "2.1.a Dostupné bydlení", "III. Zaměstnanost", "b) Kurzy": the
  title starts with a capital; a bare number without a dot or bracket counts only in a
  heading, list item or table row (a paragraph "2 NNO zajistí …" is a sentence).

Never a sentence that mentions a number: after the number of a level word, a title that
starts in lower case with no colon or dash between them ("Opatření 1.1.1 vychází z …")
is prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..czech import LOWER, UPPER
from ..documents.model import Block, Heading, ListItem, Paragraph, Table
from ..lang import fold
from .profiles import Profile
from .profiles import word_alternation as _alternation

__all__ = ["Unit", "Head", "HeadReader", "agreed", "units_of"]


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of text coverage counts: a block, or one row of a table.

    ``style`` is how it was printed: ``H<level>`` a heading, ``L<depth>`` a list item,
    ``P`` a paragraph, ``R`` a table row (``cells`` its cells, ``header`` the cells of its
    table's first row, ``row`` its 1-based row).
    """

    index: int
    text: str
    line: int
    style: str
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    row: int = 0
    table: int = 0


@dataclass(frozen=True, slots=True)
class Head:
    """A unit that opens a level of the outline."""

    unit: int
    line: int
    number: str
    parts: tuple[str, ...]
    punct: str
    word: str | None
    role: str | None
    title: str
    style: str
    #: A bare "1 Bydlení" paragraph: a heading only where the document's other headings
    #: agree (:func:`agreed`).
    tentative: bool = False

    def kind(self, shape: str) -> tuple[str, ...]:
        """The key of the level this head belongs to: its level word (with the number's depth
        for goals, whose words repeat on several levels), else its numbering and print."""
        if self.word is not None:
            depth = str(len(self.parts)) if self.role == "goal" else ""
            return ("w", fold(self.word, tidy=True), depth)
        return ("n", shape, self.punct, self.style)


def _line(block: Block, fallback: int) -> int:
    loc = block.locator
    return loc.line or loc.paragraph or loc.table or fallback


#: A table row that starts with a number ("1.1 Sociální byty", "II.2", "a)"), not a header.
_NUMBERED_CELL = re.compile(r"^(?:\d|[IVXLC]+[.)]|[A-Za-z][.)])")


def units_of(blocks: tuple[Block, ...]) -> list[Unit]:
    """Flatten blocks into units, in reading order (a table gives one unit per row)."""
    units: list[Unit] = []
    last: tuple[tuple[str, ...], int] = ((), -9)  # the last table's header, its last unit
    for block in blocks:
        if isinstance(block, Table):
            header: tuple[str, ...] = ()
            first = tuple(cell.text.strip() for cell in block.rows[0].cells) if block.rows else ()
            if (
                len(first) == len(last[0]) > 1
                and _NUMBERED_CELL.match(first[0])
                and len(units) - last[1] <= 3
            ):
                # a row merged over the whole table ("Cíl 2: Zaměstnanost") is read as a line
                # of its own: the rows after it are still under the table's header
                header = last[0]
            for r, row in enumerate(block.rows, 1):
                cells = tuple(cell.text.strip() for cell in row.cells)
                if not any(cells):
                    continue
                line = row.locator.line or row.locator.row or _line(block, len(units) + 1)
                units.append(
                    Unit(
                        len(units),
                        " | ".join(c for c in cells if c),
                        line,
                        "R",
                        cells,
                        header,
                        r,
                        block.locator.table or 0,
                    )
                )
                if not header:
                    header = cells
            last = (header, len(units))
            continue
        text = block.text.strip()
        if not text:
            continue
        line = _line(block, len(units) + 1)
        if isinstance(block, Heading):
            units.append(Unit(len(units), text, line, f"H{block.level}"))
        elif isinstance(block, ListItem):
            marked = f"{block.marker} {text}" if block.marker else text
            units.append(Unit(len(units), marked, line, f"L{block.depth}"))
        elif isinstance(block, Paragraph):
            units.append(Unit(len(units), text, line, "P"))
    return units


_EMPHASIS = re.compile(r"\*\*|__")
_SEP = r"[:\-–—|]"


class HeadReader:
    """Recognise the heads of ``profile``'s outline in units."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._roles = {
            fold(w, tidy=True): level.role for level in profile.levels for w in level.words
        }
        words = _alternation(tuple(self._roles_words()))
        number = "|".join(f"(?:{p})" for p in profile.numbering)
        self._word_first = re.compile(
            rf"^(?P<word>{words})\.?\s+(?:č\.\s*|číslo\s+)?(?P<num>{number})(?P<punct>[.:)]?)"
            rf"(?=\s|$|{_SEP})\s*(?P<sep>{_SEP}\s*)?(?P<title>.*)$"
        )
        self._number_first = re.compile(
            rf"^(?P<num>{number})(?P<punct>[.)]?)\s+(?P<word>{words})(?![\w])"
            rf"\s*(?P<sep>{_SEP}\s*)?(?P<title>.*)$"
        )
        # "1.1.1.Sociální byty": a number Word prints up to its title's first letter
        self._number_only = re.compile(
            rf"^(?P<num>{number})(?P<punct>[.):]?)"
            rf"(?:\s*(?P<sep>{_SEP})\s*|\s+|(?<=\.)(?=[{UPPER}][{LOWER}]))"
            rf"(?P<title>\S.*)$"
        )
        self._bare_number = re.compile(rf"^(?P<num>{number})(?P<punct>[.):]?)$")
        self._word_only = re.compile(rf"^(?P<word>{words})\s*:?$")

    def _roles_words(self) -> list[str]:
        return [w for level in self.profile.levels for w in level.words]

    def role(self, word: str) -> str | None:
        """The role of a level word as printed (any case or spacing)."""
        return self._roles.get(fold(word, tidy=True))

    def is_level_word(self, text: str) -> bool:
        """Whether ``text`` is a level word alone ("Opatření", "Aktivita:")."""
        return bool(self._word_only.match(text.strip()))

    def head(self, unit: Unit) -> Head | None:
        """The head ``unit`` opens, or None when it is not a heading of the outline."""
        if unit.style == "R":
            return self._row_head(unit)
        return self._text_head(unit, _EMPHASIS.sub("", unit.text).strip())

    def _text_head(self, unit: Unit, text: str, word: str | None = None) -> Head | None:
        m = self._word_first.match(text) or self._number_first.match(text)
        if m:
            title = m.group("title").strip()
            # A lower-case word straight after the number is a sentence about the measure.
            if title and not m.group("sep") and not _title_like(title) and unit.style[0] != "H":
                return None
            return self._make(unit, m.group("num"), m.group("punct"), m.group("word"), title)
        m = self._number_only.match(text)
        if m is None:
            return None
        title = m.group("title").strip()
        number, punct = m.group("num"), m.group("punct")
        marked = bool(punct or m.group("sep") or "." in number or unit.style[0] in "HLR")
        if not marked and number.isdigit() and _short_title(title):
            head = self._make(unit, number, punct, word, title)
            return replace(head, tentative=True) if head is not None else None
        if not marked or not _title_like(title) or len(title) > 200:
            return None
        if "." not in number and not number[0].isdigit() and not (punct or m.group("sep")):
            return None  # "V Lhotě …": a capital letter or roman numeral needs its dot
        return self._make(unit, number, punct, word, title)

    def _row_head(self, unit: Unit) -> Head | None:
        cells = list(unit.cells)
        if not cells or not cells[0]:
            return None
        first = _EMPHASIS.sub("", cells[0]).strip()
        rest = next((c for c in cells[1:] if c), "")
        column_word = unit.header[0] if unit.header and self.is_level_word(unit.header[0]) else None
        bare = self._bare_number.match(first)
        if bare:
            return self._make(
                unit, bare.group("num"), bare.group("punct"), _word(column_word), rest
            )
        head = self._text_head(unit, first, _word(column_word))
        if head is not None and not head.title and rest:
            head = replace(head, title=rest)
        return head

    def _make(
        self, unit: Unit, number: str, punct: str, word: str | None, title: str
    ) -> Head | None:
        number = number.strip()
        parts = tuple(p for p in number.split(".") if p)
        role = self.role(word) if word else None
        return Head(
            unit.index,
            unit.line,
            number,
            parts,
            punct or "",
            re.sub(r"\s+", " ", word) if word else None,
            role,
            _EMPHASIS.sub("", title).strip(" :–—-|"),
            unit.style,
        )


def _word(column: str | None) -> str | None:
    return column.strip().rstrip(":") if column else None


def _title_like(title: str) -> bool:
    first = title.lstrip("\"'„“‚‘«»(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


#: Sentence punctuation: a title that has it is a sentence ("2 NNO zajistí poradnu.").
_SENTENCE = re.compile(r"[.!?;,]")


def _short_title(title: str) -> bool:
    """A heading's title: capitalised, a few words, no sentence punctuation."""
    return _title_like(title) and len(title.split()) <= 6 and not _SENTENCE.search(title)


def agreed(heads: list[Head]) -> list[Head]:
    """The heads without the tentative ones nothing else in the document agrees with.

    A bare "2 Zaměstnanost" paragraph stays a heading when another bare-numbered heading
    stands beside it ("1 Bydlení") or a heading numbered under it follows ("2.1 …",
    "Opatření 2.1"); alone it is a line of text that starts with a number.
    """
    tentative = [h for h in heads if h.tentative]
    if not tentative:
        return heads
    numbers = {h.number for h in tentative}
    prefixes = {h.number.split(".")[0] for h in heads if not h.tentative and "." in h.number}
    keep = {h.unit for h in tentative if len(numbers) > 1 or h.number in prefixes}
    return [h for h in heads if not h.tentative or h.unit in keep]
