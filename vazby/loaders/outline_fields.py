"""The fields of a section of the outline, in whichever carrier the document uses.

Labels come from the profile (``[fields]``: field → labels as printed). A field is read from:

* ``Label: value`` on one line ("Garant: Město Lhota");
* a label line, then its value on the lines below ("Zdroje financování" / "OPZ+, město"),
  bullets under the label included, up to the next label or heading;
* a table row whose first cell is a label (a two-column card, "Hodnocení: | PLNĚNO"), each
  further label cell with its colon starting a field of its own ("Garant: | Obec | Termín: |
  2025"), or a cell under a column whose header is a label (one table per goal, a column
  per field, a row per measure). A row that is only a table rule ("----- | ---") is
  structure, no text.

A ``Label: value`` value goes on over the next lines only where they are bullets, start in
lower case, or the value ends in a comma (a value wrapped over lines); other lines are the
section's free text. Funding and guarantors a section names only in a sentence
("Financováno z IROP a z rozpočtu města.") are read from the sentence after the profile's
cue words (``[prose]``), and the mentions are marked as read from prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..czech import UPPER
from ..lang import fold
from .cards import is_separator
from .outline_heads import Unit
from .profiles import Labels, Profile
from .text import CURRENCY, REF_PATTERN, SCALE_WORD

__all__ = ["FieldReader", "Section", "ProseMention", "with_unit"]


@dataclass(slots=True)
class SectionField:
    """A field as printed: its label, typed key, value and lines."""

    name: str
    key: str
    value: str
    first: int
    last: int
    units: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProseMention:
    """A funding source or guarantor named in a sentence, and the sentence's line."""

    key: str
    text: str
    line: int
    sentence: str


@dataclass(slots=True)
class Section:
    """What a section's own text says: fields, free text, and the units it used."""

    fields: list[SectionField] = field(default_factory=list)
    free: list[tuple[int, str]] = field(default_factory=list)
    free_units: list[int] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    #: Units that are structure, not content: the header row of a table of measures.
    structure: set[int] = field(default_factory=set)

    def take(self, f: SectionField | None, unit: Unit) -> None:
        """Count ``unit`` as read, into the field ``f`` or (None) the free text."""
        self.used.add(unit.index)
        if f is None:
            self.free.append((unit.line, unit.text))
            self.free_units.append(unit.index)
        else:
            f.units.append(unit.index)

    def get(self, key: str) -> SectionField | None:
        return next((f for f in self.fields if f.key == key), None)


#: Fields in brackets after a head's title: "(garant: Obec; termín: 2025)".
_BRACKET_TAIL = re.compile(r"\s*\(([^()]*:[^()]*)\)\s*\.?$")
_INNER_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?=[^,:;]{2,40}:)")
#: "Garant: Obec", or "Garant – Obec" (a spaced dash)
_INLINE = re.compile(r"^(?P<label>[^:]{2,60}?)(?:\s*:|\s+[–—-](?=\s))\s*(?P<value>.*)$")
_SENTENCE_END = re.compile(rf"(?<=[.!?])\s+(?=[{UPPER}])")


#: A bracketed remark after a label: its unit ("(Kč)", "(v tis. Kč)") or a note.
_UNIT = re.compile(r"\s*\([^()]*\)\s*$")
_AMOUNT_UNIT = re.compile(rf"\b(?:(?:{SCALE_WORD})\s*)?(?:{CURRENCY})\b", re.IGNORECASE)


def with_unit(value: str, label: str) -> str:
    """A bare amount in a column whose label gives the unit, with that unit.

    Examples
    --------
    >>> with_unit("3 000 000", "Náklady (Kč)"), with_unit("250", "Rozpočet (v tis. Kč)")
    ('3 000 000 Kč', '250 tis. Kč')
    >>> with_unit("2 mil. Kč", "Náklady (tis. Kč)"), with_unit("viz 1.1", "Náklady (Kč)")
    ('2 mil. Kč', 'viz 1.1')
    """
    unit = _UNIT.search(label)
    found = _AMOUNT_UNIT.search(unit.group(0)) if unit else None
    if found is None or _AMOUNT_UNIT.search(value) or not re.fullmatch(r"[\d\s.,]+", value):
        return value
    return f"{value.strip()} {found.group(0).strip()}"


class FieldReader:
    """Read fields with ``profile``'s labels."""

    def __init__(self, profile: Profile) -> None:
        self.labels = Labels(profile.fields)
        self.prose = {
            key: re.compile(
                r"\b(?:" + "|".join(_cue(c) for c in sorted(cues, key=len, reverse=True)) + r")\s+",
                re.IGNORECASE,
            )
            for key in ("funding", "guarantors", "links")
            if (cues := profile.prose_cues(key))
        }

    def key(self, label: str) -> str | None:
        """The field a label stands for, or None.

        Examples
        --------
        >>> from vazby.loaders.profiles import shipped_profile
        >>> reader = FieldReader(shipped_profile("outline"))
        >>> reader.key("Garant opatření:"), reader.key("Vazba na cíle SPSZ"), reader.key("Text")
        ('guarantors', 'links', None)
        >>> reader.key("Náklady (tis. Kč)")
        'cost'
        """
        found = self.labels.key(fold(label.replace("*", ""), tidy=True).strip(" :-"))
        if found is None and _UNIT.search(label):
            # "Náklady (tis. Kč)": a column's unit after its label
            return self.key(_UNIT.sub("", label))
        return found

    def split(self, text: str) -> tuple[str, str, str] | None:
        """``(label, key, value)`` of a field line, the value empty for a label line alone."""
        clean = text.replace("**", "").strip()
        m = _INLINE.match(clean)
        if m and (key := self.key(m.group("label"))):
            return m.group("label").strip(), key, m.group("value").strip()
        if len(clean) <= 60 and (key := self.key(clean)):
            if key == "links" and re.search(REF_PATTERN, clean):
                return None  # "Návaznost na opatření 1.1 a 1.2.": a sentence, read by its cue
            return clean.rstrip(" :"), key, ""
        return None

    def inline(self, title: str) -> tuple[str, list[tuple[str, str, str]]]:
        """A head's title with fields printed on its own line, and ``(label, key, value)`` of
        each: in brackets after the title, or in sentences after it.

        Examples
        --------
        >>> from vazby.loaders.profiles import shipped_profile
        >>> reader = FieldReader(shipped_profile("outline"))
        >>> reader.inline("Sociální byty (garant: Obec Lhota; termín: 2025)")
        ('Sociální byty', [('garant', 'guarantors', 'Obec Lhota'), ('termín', 'schedule', '2025')])
        >>> reader.inline("Poradna. Garant: Charita. Náklady: 300 tis. Kč.")[1][1]
        ('Náklady', 'cost', '300 tis. Kč')
        >>> reader.inline("Klub (pro děti a mládež)")
        ('Klub (pro děti a mládež)', [])
        """
        bracket = _BRACKET_TAIL.search(title)
        if bracket:
            found = self._fields_of(_INNER_SPLIT.split(bracket.group(1)))
            if found:
                return title[: bracket.start()].rstrip(" .,–-"), found
        sentences = _SENTENCE_END.split(title)
        if len(sentences) > 1:
            found = self._fields_of(sentences[1:])
            if found:
                return sentences[0].rstrip(" ."), found
        return title, []

    def _fields_of(self, pieces: list[str]) -> list[tuple[str, str, str]]:
        """The fields of pieces that start with a labelled one; a piece with no label goes
        on with the field before it ("Náklady: 300 tis." / "Kč."). None when the first has
        none."""
        groups: list[str] = []
        for piece in (p.strip() for p in pieces):
            split = self.split(piece.rstrip(".")) if ":" in piece else None
            if split is not None and split[2]:
                groups.append(piece)
            elif groups and piece:
                groups[-1] = f"{groups[-1]} {piece}"
            else:
                return []
        return [found for g in groups if (found := self.split(g.rstrip("."))) is not None]

    def header_keys(self, header: tuple[str, ...]) -> list[str | None]:
        """The field of each column of a table's header row."""
        return [self.key(cell) if cell else None for cell in header]

    def is_field_header(self, cells: tuple[str, ...]) -> bool:
        """A header row: two or more of its cells are field labels."""
        return sum(1 for k in self.header_keys(cells) if k) >= 2

    def read(self, units: list[Unit], head_unit: Unit | None) -> Section:
        """Read a section: the head's own row (under a field header) and the units after it."""
        section = Section()
        if (
            head_unit is not None
            and head_unit.style == "R"
            and self.is_field_header(head_unit.header)
        ):
            for cell, key, name in zip(
                head_unit.cells, self.header_keys(head_unit.header), head_unit.header, strict=False
            ):
                if key and cell:
                    value = with_unit(cell, name) if key in ("cost", "cost_and_funding") else cell
                    section.fields.append(
                        SectionField(name, key, value, head_unit.line, head_unit.line)
                    )
                    section.fields[-1].units.append(head_unit.index)
        current: SectionField | None = None
        open_label = False
        for unit in units:
            if unit.style == "R":
                current, open_label = self._row(section, unit, current, open_label)
                continue
            found = self.split(unit.text)
            if found:
                name, key, value = found
                current = SectionField(name, key, value, unit.line, unit.line)
                open_label = not value
                section.fields.append(current)
                section.take(current, unit)
                continue
            if current is not None and (
                open_label
                or unit.style.startswith("L")
                or unit.text[:1].islower()
                or current.value.rstrip().endswith(",")
                or unit.text.rstrip().endswith(":")  # "Z hlediska aktérů se jedná o:"
            ):
                text = _item(unit)
                current.value = f"{current.value}\n{text}" if current.value else text
                current.last = unit.line
                section.take(current, unit)
                if unit.style.startswith("L"):
                    # a label's bullets end at the first line that is no bullet, no wrap
                    # and no lead-in to more bullets
                    open_label = False
                continue
            current = None
            section.take(None, unit)
        return section

    def _row(
        self, section: Section, unit: Unit, current: SectionField | None, open_label: bool
    ) -> tuple[SectionField | None, bool]:
        if self.is_field_header(unit.cells) and unit.row == 1:
            section.used.add(unit.index)
            section.structure.add(unit.index)
            return None, False
        if is_separator(unit.text):
            # a table rule a converter left as a row ("-----<TAB>---") holds no text
            section.used.add(unit.index)
            section.structure.add(unit.index)
            return current, open_label
        first = unit.cells[0] if unit.cells else ""
        rest = " ".join(c for c in unit.cells[1:] if c)
        key = self.key(first) if first else None
        if key:
            pairs = [
                SectionField(name.strip(" :*"), key, value, unit.line, unit.line, [unit.index])
                for name, key, value in self._pairs(unit.cells)
            ]
            section.fields.extend(pairs)
            section.used.add(unit.index)
            return pairs[-1], not pairs[-1].value
        if not first and current is not None and rest:
            current.value = f"{current.value}\n{rest}" if current.value else rest
            current.last = unit.line
            section.take(current, unit)
            return current, open_label
        section.take(None, unit)
        return None, False

    def _pairs(self, cells: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """``(label, key, value)`` of a row that starts with a label: one field, or one per
        label cell where a row holds several pairs ("Garant: | Obec | Termín: | 2025").

        A later cell starts a field only after a value cell and when it is a label printed
        with its colon, so a value that happens to read as a label stays a value.
        """
        pairs: list[tuple[str, str, list[str]]] = []
        for cell in cells:
            key = self.key(cell) if cell else None
            if key and (not pairs or (pairs[-1][2] and cell.rstrip(" *").endswith(":"))):
                pairs.append((cell, key, []))
            elif cell:
                pairs[-1][2].append(cell)
        return [(label, key, " ".join(values)) for label, key, values in pairs]

    def from_prose(self, free: list[tuple[int, str]], key: str) -> list[ProseMention]:
        """The names that follow ``key``'s cue words in the free text's sentences.

        Examples
        --------
        >>> from vazby.loaders.profiles import shipped_profile
        >>> reader = FieldReader(shipped_profile("outline"))
        >>> found = reader.from_prose([(7, "Kurzy budou financovány z IROP a z rozpočtu města.")],
        ...                           "funding")
        >>> [(m.text, m.line) for m in found]
        [('IROP', 7), ('rozpočtu města', 7)]
        """
        found: list[ProseMention] = []
        for line, sentence, tail in self.cued(free, key):
            for name in re.split(r"\s*(?:,|;|\ba\s+(?:ze?\s+)?|\bi\s+)\s*", tail):
                name = re.sub(r"^ze?\s+(?=\S)", "", name).strip()
                if name and len(name) <= 80:
                    found.append(ProseMention(key, name, line, sentence))
        return found

    def cued(self, free: list[tuple[int, str]], key: str) -> list[tuple[int, str, str]]:
        """``(line, sentence, what follows the cue)`` for each sentence of the free text
        with one of ``key``'s cue words.

        Examples
        --------
        >>> from vazby.loaders.profiles import shipped_profile
        >>> reader = FieldReader(shipped_profile("outline"))
        >>> reader.cued([(3, "Klub navazuje na opatření 1.2. Koná se v úterý.")], "links")
        [(3, 'Klub navazuje na opatření 1.2.', 'opatření 1.2')]
        """
        pattern = self.prose.get(key)
        if pattern is None:
            return []
        found = []
        for line, text in free:
            for sentence in _SENTENCE_END.split(text):
                m = pattern.search(sentence)
                if m:
                    found.append((line, sentence, sentence[m.end() :].strip().rstrip(".!?")))
        return found


def _item(unit: Unit) -> str:
    """A unit's text in a field's value: a list item keeps a bullet, so that its readers
    know where an item starts and what a lead-in line before the list is."""
    if unit.style.startswith("L") and not _BULLET.match(unit.text):
        return f"- {unit.text}"
    return unit.text


_BULLET = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+")


def _cue(cue: str) -> str:
    # "financováno z": the cue's first word in any ending (financována, financovány)
    words = cue.split()
    head = re.escape(words[0])
    if len(words[0]) > 5:
        head = re.escape(words[0][:-1]) + r"\w*"
    return r"\s+".join([head, *(re.escape(w) for w in words[1:])])
