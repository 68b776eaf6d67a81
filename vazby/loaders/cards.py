"""Measure cards of the action-plan layout: field labels, list splitting and links.

A card is the block that starts with ``Opatření 1.1.1.1<TAB>Title`` and carries one field per
line, ``Label<TAB>value``. This module turns the lines of one card into a :class:`RawCard`
(every field as printed) and then into a :class:`~vazby.loaders.records.Measure`. The
labels are a profile's ``[fields]`` (the shipped action-plan profile's unless a caller
passes others).

Rules, each motivated by a line of the layout:

* ``Opatření 2.1.1.2`` alone: the title is the next non-empty line that is not a field.
* Free text between the title and the first field is the description (and comes before the
  text of a later ``Popis opatření`` field, if the card has one).
* A line with no label after a field continues that field when it is a bullet (``- …``),
  starts in lower case, or follows a description or a value ending in a comma; otherwise it
  is reported as ``unplaced``. Separator rows (``-----<TAB>---``) are ignored.
* A ``Label<TAB>value`` line whose label is not known is kept in ``fields`` and reported as
  ``field``.
* A known label alone on its line (no tab) takes the next line as its value (one cell per
  line, as LibreOffice's text export writes a table) unless that line is a label too.
* Run-together lists ("Počet sociálních bytů Počet zabydlených domácností") are split before
  a capitalised word that repeats in the text (or repeats the first word) or that follows a
  closing bracket: where a human reader starts a new item.
* Funding sources keep their bracketed remark out of the mention ("IROP (pravděpodobně mimo
  KPSV+)" gives the mention "IROP"); the remark stays in ``Measure.fields``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..lang import fold
from .needs import needs_of
from .plan_words import default_words
from .profiles import Labels
from .records import Diagnostic, Document, Link, Measure, Mention, SourceSpan
from .target_groups import continues_bodies, split_guarantors
from .text import (
    DASHES,
    REF_PATTERN,
    clean_cell,
    parse_czk,
    parse_refs,
    parse_schedule,
    schedule_total,
    split_bodies,
    split_top,
)

__all__ = [
    "RawField",
    "RawCard",
    "match_field",
    "is_separator",
    "split_run_together",
    "split_groups",
    "split_actors",
    "split_sources",
    "parse_links",
    "refers_to_area",
    "read_card",
    "build_measure",
    "field_line",
]

_SEPARATOR = re.compile(rf"^[\s{re.escape(DASHES)}_=|*]*$")
_BULLET = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+")


def _card_labels() -> Labels:
    """The card labels of the shipped action-plan profile."""
    return default_words().fields


def _looks_like_label(label: str) -> bool:
    """A short capitalised phrase without sentence punctuation: an unknown field's label."""
    text = clean_cell(label).rstrip(":")
    return (
        0 < len(text) <= 40
        and text[0].isupper()
        and len(text.split()) <= 5
        and not re.search(r"[.;!?]|\d+\.\d+", text)
    )


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """A field line: the label as printed, its typed key (None when unknown), the value."""

    name: str
    key: str | None
    value: str


def match_field(
    line: str, cells: Sequence[str] | None = None, labels: Labels | None = None
) -> FieldMatch | None:
    """Recognise a field of a card: a ``label | value`` row (``cells``, the row's cells,
    see :meth:`Document.cells <vazby.loaders.records.Document.cells>`), or a ``Label:
    value`` line, or a known label alone on its line. The labels are a profile's
    ``[fields]`` (``labels``; the shipped action-plan profile's by default).

    Examples
    --------
    >>> match_field("", ("Harmonogram", "2022–2025"))
    FieldMatch(name='Harmonogram', key='schedule', value='2022–2025')
    >>> match_field("", ("Poznámka", "jen pilotně")).key is None
    True
    >>> match_field("", ("Vazba na další opatření / cíle", "-")).key
    'links'
    >>> match_field("Harmonogram: 2024").value
    '2024'
    >>> match_field("Běžná věta bez tabulky.") is None
    True
    """
    known = labels or _card_labels()

    def _label_key(label: str) -> str | None:
        return known.key(clean_cell(label))

    if cells is not None:
        label = cells[0]
        value = " ".join(cell.strip() for cell in cells[1:] if cell.strip())
        if not label.strip():
            return None
        key = _label_key(label)
        if key or _looks_like_label(label):
            return FieldMatch(clean_cell(label), key, value.strip())
        return None
    m = re.match(r"^\s*([^:]{3,40}):\s*(.*)$", line)
    if m and _label_key(m.group(1)):
        return FieldMatch(clean_cell(m.group(1)), _label_key(m.group(1)), m.group(2).strip())
    if line.strip() and _label_key(line) and len(line.strip()) <= 40:
        return FieldMatch(clean_cell(line), _label_key(line), "")
    return None


def is_separator(line: str) -> bool:
    """Whether a line is a table-rule leftover such as ``-----<TAB>---``."""
    return bool(line.strip()) and bool(_SEPARATOR.match(line))


def _titlecase(token: str) -> bool:
    return len(token) > 1 and token[0].isupper() and token[1].islower()


def split_run_together(text: str) -> list[str]:
    """Split items that a converter ran together on one line, where a human reader would.

    Examples
    --------
    >>> split_run_together("Počet sociálních bytů Počet zabydlených domácností")
    ['Počet sociálních bytů', 'Počet zabydlených domácností']
    >>> split_run_together("Koncepce SMO Jednání PS (2x ročně) Jednání KS")
    ['Koncepce SMO', 'Jednání PS (2x ročně)', 'Jednání KS']
    >>> split_run_together("Počet vydaných Newsletterů Sociální věci Brno")
    ['Počet vydaných Newsletterů Sociální věci Brno']
    """
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    if not tokens:
        return []
    heads = Counter(tok.strip('("„') for _, tok in tokens if _titlecase(tok))
    first = tokens[0][1]
    cuts = [0]
    for (_, prev), (pos, tok) in zip(tokens, tokens[1:], strict=False):
        if not _titlecase(tok) or prev.endswith((",", ";", ":", "-", "–", "/")):
            continue
        if heads[tok] >= 2 or tok == first or prev.endswith(")"):
            cuts.append(pos)
    cuts.append(len(text))
    items = (text[a:b].strip(" ,;.") for a, b in zip(cuts, cuts[1:], strict=False))
    return [item for item in items if item]


def _empty(text: str) -> bool:
    return not text.strip(f" {DASHES}.")


def split_groups(text: str) -> list[str]:
    """Target groups: split on commas, then split run-together items.

    Examples
    --------
    >>> split_groups("Senioři, osoby se zdravotním postižením")
    ['Senioři', 'osoby se zdravotním postižením']
    >>> split_groups("Osoby závislé Osoby ohrožené závislostí")
    ['Osoby závislé', 'Osoby ohrožené závislostí']
    """
    if _empty(text):
        return []
    groups: list[str] = []
    for part in split_top(clean_cell(text)):
        if groups and continues_bodies(groups[-1], part):
            groups[-1] = f"{groups[-1]}, {part}"  # "Pracovníci MěÚ, NNO a Úřadu práce"
        else:
            groups.extend(split_run_together(part))
    return groups


_CONNECTOR = re.compile(r"^(?:ve?\s+)?spoluprác\w*\s+(?:se?\s+)?", re.IGNORECASE)
_INNER_CONNECTOR = re.compile(
    r"\s+(?:ve?\s+)?spoluprác\w*\s+se?\s+|\s+a\s+se?\s+(?=[^\W\d_])", re.IGNORECASE
)
#: ", která centrum provozuje": a relative clause says what the body before it does.
_RELATIVE = re.compile(r"^(?:kter|jenž|jež|jehož|jejíž|jejichž)\w*\b", re.IGNORECASE)


def split_actors(text: str) -> list[str]:
    """Responsible actors: split on commas and on "ve spolupráci s", dropping the connecting
    words, and "X a Y" where both are abbreviations (:func:`~.target_groups.split_guarantors`).

    Examples
    --------
    >>> split_actors("Agentura, ve spolupráci se statutárním městem Brno")
    ['Agentura', 'statutárním městem Brno']
    >>> split_actors("Město Brno ve spolupráci s NNO")
    ['Město Brno', 'NNO']
    >>> split_actors("Statutární město Brno, spolupráce s Agenturou")
    ['Statutární město Brno', 'Agenturou']
    >>> split_actors("Město, KP a LP")
    ['Město', 'KP', 'LP']
    """
    if _empty(text):
        return []
    items: list[str] = []
    for part in split_bodies(clean_cell(text)):
        if items and _RELATIVE.match(part):
            continue
        for piece in _INNER_CONNECTOR.split(_CONNECTOR.sub("", part)):
            items.extend(split_guarantors(piece))  # "KP a LP": two bodies
    return items


def split_sources(text: str) -> list[str]:
    """Funding sources: split on commas; a bracketed remark is left out of the item.

    Examples
    --------
    >>> split_sources("IROP (pravděpodobně mimo KPSV+), rozpočet NNO")
    ['IROP', 'rozpočet NNO']
    >>> split_sources("-")
    []
    """
    if _empty(text):
        return []
    items = []
    for part in split_top(clean_cell(text)):
        bare = re.sub(r"\s*\([^()]*\)", "", part).strip(" .")
        if bare:
            items.append(bare)
    return items


_REF = rf"{REF_PATTERN}\.?"
_LINK = re.compile(
    r"(?P<label>strategick[ýéá]\w*\s+cíl\w*|specifick[ýéá]\w*\s+cíl\w*|opatřen\w*|cíl\w*)?"
    rf"\s*(?P<refs>{_REF}(?:\s*(?:,|;|\ba\b|\bi\b)?\s*{_REF})*)",
    re.IGNORECASE,
)
_TYPES_BY_DEPTH = {2: "StrategicGoal", 3: "SpecificGoal", 4: "Measure"}


def parse_links(text: str) -> tuple[list[tuple[str, str | None, str | None, str]], str]:
    """The references in a "Vazba na …" value: ``(kind, target, target_type, raw)`` and the rest.

    The rest is the text that named no goal or measure (empty when everything was read).

    Examples
    --------
    >>> parse_links("Strategický cíl 5.2")
    ([('goal', '5.2', 'StrategicGoal', 'Strategický cíl 5.2')], '')
    >>> parse_links("Opatření 1.2.3.4")[0][0][:3]
    ('measure', '1.2.3.4', 'Measure')
    >>> [link[1] for link in parse_links("opatření A.1.1 a III.2")[0]]
    ['A.1.1', 'III.2']
    >>> parse_links("Osoby bez přístřeší")
    ([], 'Osoby bez přístřeší')
    >>> parse_links("-")
    ([], '')
    """
    text = clean_cell(text)
    links: list[tuple[str, str | None, str | None, str]] = []
    for m in _LINK.finditer(text):
        label = fold(m.group("label") or "", tidy=True)
        for ref in parse_refs(m.group("refs")):
            if label.startswith("strategick"):
                target_type = "StrategicGoal"
            elif label.startswith("specifick"):
                target_type = "SpecificGoal"
            elif label.startswith("opatren"):
                target_type = "Measure"
            else:
                target_type = _TYPES_BY_DEPTH.get(ref.count(".") + 1, "SpecificGoal")
            kind = "measure" if target_type == "Measure" else "goal"
            links.append((kind, ref, target_type, m.group(0).strip()))
    rest = _LINK.sub(" ", text)
    rest = re.sub(r"\b(a|i|viz)\b", " ", rest, flags=re.IGNORECASE)
    rest = rest.strip(f" ,;.:{DASHES}")
    return links, re.sub(r"\s+", " ", rest)


@dataclass(slots=True)
class RawField:
    """One field of a card as printed, with its lines."""

    name: str
    key: str | None
    value: str
    first: int
    last: int


@dataclass(slots=True)
class RawCard:
    """A card's lines read into a title, free text and fields, before any interpretation."""

    printed: str
    header: int
    title: str = ""
    free_text: list[str] = field(default_factory=list)
    fields: list[RawField] = field(default_factory=list)
    last: int = 0

    def get(self, key: str) -> RawField | None:
        """The first field of the given typed key, or None."""
        return next((f for f in self.fields if f.key == key), None)


def read_card(
    document: Document,
    printed: str,
    header: int,
    title: str,
    body: list[tuple[int, str]],
    labels: Labels | None = None,
) -> tuple[RawCard, list[Diagnostic]]:
    """Read the lines of one card (after its header line) into a :class:`RawCard`.

    ``body`` holds ``(line number, text)`` pairs up to the next heading; ``labels`` are the
    card's field labels (:func:`match_field`).
    """
    card = RawCard(printed=printed, header=header, title=clean_cell(title), last=header)
    label = printed.rstrip(".")
    diagnostics: list[Diagnostic] = []
    current: RawField | None = None
    waiting = False  # the current field is a label alone on its line, its value to come
    cells = document.cells(header) is not None
    for number, text in body:
        if not text.strip() or is_separator(text):
            waiting = waiting and bool(text.strip())  # an empty line is an empty cell
            continue
        card.last = number
        row = document.cells(number)
        found = match_field(text, row, labels)
        if waiting and current is not None and not (found and not found.value):
            # One cell per line: the label, then its value on the next line.
            current.value, current.last, waiting = clean_cell(text), number, False
            continue
        cells = cells or row is not None
        if found:
            # In a card of cells (a table), a label alone is a field left empty.
            waiting = not cells and not found.value
            current = RawField(found.name, found.key, found.value, number, number)
            card.fields.append(current)
            if found.key is None:
                diagnostics.append(
                    Diagnostic(
                        document.name,
                        number,
                        "field",
                        f"measure {label}: unknown field {found.name!r}; kept as printed",
                    )
                )
            continue
        if current is None:
            if not card.title:
                card.title = clean_cell(text)
            else:
                card.free_text.append(text.strip())
            continue
        if (
            _BULLET.match(text)
            or text.strip()[0].islower()
            or current.key == "description"
            or current.value.rstrip().endswith(",")
        ):
            current.value = f"{current.value}\n{text.strip()}" if current.value else text.strip()
            current.last = number
            continue
        diagnostics.append(
            Diagnostic(
                document.name,
                number,
                "unplaced",
                f"measure {label}: text after field {current.name!r} attaches to nothing: "
                f"{clean_cell(text)[:60]!r}",
            )
        )
    return card, diagnostics


def refers_to_area(value: str) -> str | None:
    """What of its thematic area a target-group value points to, or None.

    Examples
    --------
    >>> refers_to_area("Viz cílová skupina tematické oblasti")
    'target_groups'
    >>> refers_to_area("Viz aktéři tematické oblasti"), refers_to_area("Senioři")
    ('actors', None)
    """
    folded = fold(value, tidy=True)
    if "tematick" not in folded:
        return None
    if "akter" in folded:
        return "actors"
    return "target_groups" if "oblast" in folded else None


def _mentions(items: list[str], span: SourceSpan) -> tuple[Mention, ...]:
    return tuple(Mention(item, span) for item in items)


def build_measure(
    document: Document,
    card: RawCard,
    *,
    plan: str,
    ident: str,
    goal: str,
    area: str,
    area_groups: tuple[Mention, ...],
    area_actors: tuple[Mention, ...],
    need_areas: Mapping[str, str] | None = None,
) -> tuple[Measure, list[Diagnostic]]:
    """Interpret a :class:`RawCard` as a :class:`Measure`.

    Links from "Vazba na …" and the ``cost`` link of "Viz opatření …" are included; whether
    their targets exist is checked by the caller, which knows the whole plan. With
    ``need_areas`` (area id → title), the text of a "Vazba na …" that names no goal or
    measure is read as needs and area links (:func:`vazby.loaders.needs.parse_links`)
    rather than kept as one ``text`` link.
    """
    diagnostics: list[Diagnostic] = []
    span = document.span(card.header, max(card.last, card.header))

    def fspan(f: RawField) -> SourceSpan:
        return document.span(f.first, f.last)

    def diag(line: int, kind: str, message: str) -> None:
        diagnostics.append(Diagnostic(document.name, line, kind, f"measure {ident}: {message}"))

    description_parts = [clean_cell(t) for t in card.free_text]
    described = card.get("description")
    if described:
        description_parts.append(clean_cell(described.value))
    description = " ".join(p for p in description_parts if p) or None

    groups: tuple[Mention, ...] = ()
    target = card.get("target_groups")
    if target:
        refers = refers_to_area(target.value)
        if refers == "actors":
            if not area_actors:
                diag(target.first, "field", f"{target.value!r}: the area lists no actors")
        elif refers == "target_groups":
            groups = area_groups
            if not area_groups:
                diag(target.first, "field", f"{target.value!r}: the area lists no target groups")
        else:
            groups = _mentions(split_groups(target.value), fspan(target))

    indicators = card.get("indicators")
    responsible = card.get("guarantors")
    schedule = card.get("schedule")
    impacts = card.get("impacts")
    funding = card.get("funding")
    cost_field = card.get("cost")
    cost = parse_czk(clean_cell(cost_field.value)) if cost_field else None
    if cost_field and cost and cost.czk is None and cost.reference is None:
        if not _empty(cost_field.value):
            diag(cost_field.first, "field", f"cost {cost_field.value!r} names no amount")

    links: list[Link] = []
    for f in card.fields:
        if f.key != "links":
            continue
        found, rest = parse_links(f.value)
        for kind, target_id, target_type, raw in found:
            links.append(Link(kind, target_id, raw, fspan(f), target_type))
        needs: tuple[Link, ...] = ()
        if rest and need_areas is not None:
            needs = needs_of(clean_cell(f.value), fspan(f), need_areas, area)
        if needs:
            links.extend(needs)
        elif rest:
            links.append(Link("text", None, rest, fspan(f)))
            diag(f.first, "field", f"link text {rest!r} names no goal or measure")
    if cost_field is not None and cost is not None and cost.reference:
        links.append(Link("cost", cost.reference, cost.raw, fspan(cost_field), "Measure"))

    timing = parse_schedule(clean_cell(schedule.value)) if schedule else None
    measure = Measure(
        plan=plan,
        id=ident,
        number=card.printed,
        title=card.title,
        goal=goal,
        area=area,
        source=span,
        description=description,
        target_groups=groups,
        guarantors=_mentions(split_actors(responsible.value), fspan(responsible))
        if responsible
        else (),
        indicators=tuple(split_run_together(clean_cell(indicators.value))) if indicators else (),
        impacts=clean_cell(impacts.value) or None if impacts else None,
        schedule=timing,
        cost=schedule_total(cost, timing) if cost is not None else None,
        funding_sources=_mentions(split_sources(funding.value), fspan(funding)) if funding else (),
        links=tuple(links),
        fields=tuple((f.name, f.value) for f in card.fields),
    )
    if not card.title:
        diag(card.header, "field", "the card has no title")
    return measure, diagnostics


def field_line(document: Document, measure: Measure, key: str) -> int:
    """The line of the first field of ``measure`` with the typed ``key`` (else its first line)."""
    for number in range(measure.source.first_line, measure.source.last_line + 1):
        found = match_field(document.line(number), document.cells(number))
        if found and found.key == key:
            return number
    return measure.source.line
