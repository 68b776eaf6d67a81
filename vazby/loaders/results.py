"""Load a summary of results: a town per heading, an achievement per bullet.

The layout, as a converter leaves it in Markdown or plain text::

    ## VÝSLEDKY SPOLUPRÁCE … V OBDOBÍ LEDEN 2016 – PROSINEC 2018
    ### Dolní Lhota
    - **zaměstnání 42 osob** z řad dlouhodobě nezaměstnaných
    - zřízení **nízkoprahového klubu** (35 dětí)

Rules:

* a heading (``#``… or a line that is wholly bold) with bullets under it is a town; a heading
  with a period ("LEDEN 2016 – PROSINEC 2018") and no bullets is the title, and its period
  applies to the achievements under it (so does a title line without ``#``);
* a bullet (``-``, ``*``, ``•``, ``–``, ``1.``) is an achievement of the town above it; lines
  that follow a bullet directly continue it, a deeper-indented bullet is a detail of it;
  blank lines inside a town's list are fine;
* the figures of an achievement are parsed by :func:`parse_figures`;
* anything else (a paragraph, a bullet before any town, a heading with nothing under it) is
  reported as an "unplaced" diagnostic with its line, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang import fold, slugify
from .detect import Sniff
from .figures import parse_figures
from .records import Achievement, Diagnostic, Document, LoadResult, Town
from .report_tables import iso_interval, parse_period
from .text import clean_cell

__all__ = ["sniff", "load", "parse_figures"]

_ATX = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_]{1,80})\1\s*:?\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•–—]|\d{1,2}[.)])\s+(?P<text>\S.*?)\s*$")
#: A town's name is short; a longer heading is a section of the text, not a town.
_MAX_TOWN_WORDS = 6


@dataclass
class _Line:
    kind: str  # blank / heading / bullet / text
    text: str
    indent: int = 0


def _classify(line: str) -> _Line:
    if not line.strip():
        return _Line("blank", "")
    m = _ATX.match(line) or _BOLD_LINE.match(line)
    if m:
        return _Line("heading", clean_cell(m.group("text")).rstrip(":").strip())
    m = _BULLET.match(line)
    if m:
        return _Line("bullet", m.group("text"), len(m.group("indent").expandtabs(4)))
    return _Line("text", line.strip())


def _has_period(text: str) -> bool:
    period = parse_period(text)
    return bool(period.start and period.end)


def _town_headings(lines: list[_Line]) -> set[int]:
    """Indexes of headings that are towns: short, no period, and bullets right under them."""
    towns = set()
    for i, line in enumerate(lines):
        if line.kind != "heading" or not line.text or _has_period(line.text):
            continue
        if len(line.text.split()) > _MAX_TOWN_WORDS:
            continue
        nxt = next((x for x in lines[i + 1 :] if x.kind != "blank"), None)
        if nxt is not None and nxt.kind == "bullet":
            towns.add(i)
    return towns


def sniff(document: Document) -> Sniff:
    """Recognise a results summary: several town headings, each over a list of bullets.

    Examples
    --------
    >>> from vazby.loaders.records import Document
    >>> doc = Document("r.md", "r.md", "0", "utf-8",
    ...     ("## VÝSLEDKY 2016 – 2018", "### Lhota", "- a", "- b", "### Horka", "- c", "- d"))
    >>> sniff(doc).score > 0
    True
    """
    lines = [_classify(line) for line in document.lines]
    towns = _town_headings(lines)
    bullets = sum(1 for x in lines if x.kind == "bullet")
    other = sum(1 for x in lines if x.kind == "text")
    tabbed = sum(1 for n in range(1, len(document.lines) + 1) if document.cells(n) is not None)
    if len(towns) < 2:
        return Sniff(0, f"{len(towns)} town heading(s) over bullet lists; a summary has several")
    if bullets < 2 * len(towns) or other + tabbed > bullets:
        return Sniff(
            0, f"{bullets} bullets against {other + tabbed} other lines: not a list summary"
        )
    score = 60 + (
        20 if any("vysledk" in fold(x.text, tidy=True) for x in lines if x.kind == "heading") else 0
    )
    return Sniff(score, f"{len(towns)} town headings over {bullets} bulleted achievements")


@dataclass
class _Open:
    """A bullet being read: its lines and parts (sub-bullets joined with "; ")."""

    first: int
    last: int
    indent: int
    parts: list[str] = field(default_factory=list)


@dataclass
class _State:
    document: Document
    records: list[object] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    towns: dict[str, Town] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    town: str | None = None
    period: str | None = None
    bullet: _Open | None = None

    def unplaced(self, line: int, message: str, last: int | None = None) -> None:
        related = tuple(range(line + 1, last + 1)) if last and last > line else ()
        self.diagnostics.append(Diagnostic(self.document.name, line, "unplaced", message, related))

    def close(self) -> None:
        bullet, self.bullet = self.bullet, None
        if bullet is None:
            return
        text = clean_cell(" ".join(bullet.parts[:1]) + "".join(f"; {p}" for p in bullet.parts[1:]))
        if self.town is None:
            self.unplaced(
                bullet.first, f"bullet before any town heading: {text[:80]!r}", bullet.last
            )
            return
        number = self.counts[self.town] = self.counts.get(self.town, 0) + 1
        self.records.append(
            Achievement(
                id=f"{self.town}/{number}",
                town=self.town,
                text=text,
                source=self.document.span(bullet.first, bullet.last),
                figures=parse_figures(text),
                period=self.period,
            )
        )


def load(document: Document) -> LoadResult:
    """Read a results summary into towns and their achievements.

    Returns
    -------
    LoadResult
        :class:`Town` and :class:`Achievement` records in document order, and "unplaced" and
        "duplicate" diagnostics.
    """
    lines = [_classify(line) for line in document.lines]
    towns = _town_headings(lines)
    st = _State(document)
    previous = "blank"
    for index, line in enumerate(lines):
        number = index + 1
        if line.kind == "heading":
            st.close()
            _heading(st, line.text, number, index in towns)
        elif line.kind == "bullet":
            if st.bullet is not None and line.indent > st.bullet.indent:
                st.bullet.parts.append(line.text)
                st.bullet.last = number
            else:
                st.close()
                st.bullet = _Open(number, number, line.indent, [line.text])
        elif line.kind == "text":
            if st.bullet is not None and previous != "blank":
                st.bullet.parts[-1] += " " + line.text
                st.bullet.last = number
            elif st.town is None and _has_period(line.text):
                st.close()
                st.period = iso_interval(parse_period(line.text))
            else:
                st.close()
                st.unplaced(number, f"text outside any bullet: {clean_cell(line.text)[:80]!r}")
        previous = line.kind
    st.close()
    return LoadResult(document, "results", tuple(st.records), tuple(st.diagnostics))


def _heading(st: _State, text: str, number: int, is_town: bool) -> None:
    if is_town:
        slug = slugify(text)
        if slug in st.towns:
            st.diagnostics.append(
                Diagnostic(
                    st.document.name,
                    number,
                    "duplicate",
                    f"town {text!r} has a second heading; its bullets are added to the first",
                    (st.towns[slug].source.first_line,),
                )
            )
        else:
            town = Town(slug, text, st.document.span(number))
            st.towns[slug] = town
            st.records.append(town)
        st.town = slug
    elif _has_period(text):
        st.period = iso_interval(parse_period(text))
        st.town = None
    else:
        st.town = None
        st.unplaced(number, f"heading with no bullets under it: {text[:80]!r}")
