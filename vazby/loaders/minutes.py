"""Loader for minutes of a working-group meeting (zápis z jednání pracovní skupiny).

The layout, as Czech municipal minutes print it:

- a heading: "ZÁPIS" / "Zápis z jednání <body>", "konané dne <date>" (or "Datum:", "Místo:");
- attendance lists, each a header word with a colon and comma-separated names on the same
  or the following lines: "Přítomni:", "Omluveni:", "Nepřítomni:", "Hosté:"; guests carry a
  role or an organisation after a dash ("Ing. Eva Nová – koordinátorka KP");
- "Program:" and its numbered items;
- one discussion section per item, headed "add 1)", "Ad 2)", "K bodu 3:";
- the author: "Zápis vyhotovila: …", "Zapsal: …".

The discussion is read by :mod:`vazby.loaders.minutes_discussion`. Every line ends up in a
record, is a recognised structural line (heading, separator, list header), or is reported
as an "unplaced" :class:`~vazby.loaders.records.Diagnostic`.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from ..lang import fold, slugify
from .detect import Sniff
from .minutes_discussion import Section, read_sections
from .minutes_text import parse_date
from .persons import looks_like_name, parse_name, split_names
from .records import AgendaItem, Diagnostic, Document, LoadResult, Meeting, Mention, Person
from .text import clean_cell

__all__ = ["sniff", "load", "ATTENDANCE_HEADERS", "AUTHOR_FIELDS"]

#: Attendance-list headers (folded, as regular expressions) → attendance. Checked in
#: order: "nepřítomni" and "neomluveni" before "přítomni" and "omluveni". One or two
#: words may follow ("Přítomni členové PS:").
ATTENDANCE_HEADERS: tuple[tuple[str, str], ...] = (
    (r"(?:nepritomn[iyae]?|nepritomen|neomluven[iyae]?)", "absent"),
    (r"(?:pritomn[iyae]?|pritomen)", "present"),
    (r"omluven[iyae]?", "excused"),
    (r"host[ei]?", "guest"),
)
#: Field names (folded regular expressions) that introduce the author or the verifier.
AUTHOR_FIELDS: tuple[tuple[str, str], ...] = (
    (r"zapis\s+(?:vyhotovil|poridil|sepsal)[ai]?", "author"),
    (r"(?:zapsal[ai]?|zapisovatel(?:ka)?)", "author"),
    (r"(?:overil[ai]?|overovatel(?:ka|e)?)", "verifier"),
)
_PROGRAMME_HEADERS = ("program", "program jednani", "body jednani", "navrh programu")

_FIELD = re.compile(r"^\s*(?P<name>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+){0,2})\s*:\s*(?P<rest>.*)$")
_SEPARATOR = re.compile(r"^\s*[_\-=*~]{5,}\s*$")
_SECTION = re.compile(
    r"^\s*(?:add?\.?|k\s+bodu)\s*(?P<number>\d+)\s*[).:]?\s*(?P<rest>.*)$", re.IGNORECASE
)
_ITEM = re.compile(r"^\s*(?P<number>\d+)\s*[.)]\s*(?P<title>\S.*)$")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_BODY = re.compile(
    r"\bz\s+(?:jednání|zasedání|setkání|schůze)\s+(?P<body>.+?)"
    r"(?=\s+(?:konan\w*|ze\s+dne|dne|v\s+prostorách)\b|$)",
    re.IGNORECASE,
)
_PLACE_FIELD = re.compile(r"^\s*místo(?:\s+konání)?\s*:\s*(?P<place>.+)$", re.IGNORECASE)
_CAPS_NAME = re.compile(r"\b[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{2,}(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]+)+\b")
_TOWN = re.compile(
    r"\b(?:[Mm]ěst(?:o|a|u|em|ě)|[Oo]b(?:ec|ce|ci|cí))\s+"
    r"(?P<town>[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]\w+(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]\w+)*(?:\s+(?:nad|pod)\s+\w+)?)"
)


def clean_line(text: str) -> str:
    """A line without converter leftovers ("[bookmark: _GoBack]", HTML) and extra spaces.

    Examples
    --------
    >>> clean_line("[bookmark: _GoBack]Doplnění  zápisu")
    'Doplnění zápisu'
    """
    return clean_cell(_BOOKMARK.sub("", text))


def _field(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    m = _FIELD.match(text)
    if not m:
        return None
    name = fold(m.group("name"))
    for pattern, value in table:
        if re.fullmatch(pattern + r"(?:\s+\w+){0,2}", name):
            return value, m.group("rest").strip()
    return None


def sniff(document: Document) -> Sniff:
    """Recognise minutes by their heading, attendance lists and programme.

    Examples
    --------
    >>> from vazby.loaders.records import Document
    >>> lines = ("ZÁPIS", "z jednání komise", "Přítomni: Jan Bor")
    >>> doc = Document("z.txt", "z.txt", "0", "utf-8", lines)
    >>> sniff(doc).score > 0
    True
    """
    reasons: list[str] = []
    score = 0
    head = [fold(clean_line(line)) for line in document.lines[:15]]
    if any(h.startswith("zapis") for h in head):
        score += 3
        reasons.append("a heading 'Zápis'")
    if any(re.search(r"\bz (?:jednani|zasedani|setkani|schuze)\b", h) for h in head):
        score += 3
        reasons.append("'z jednání …'")
    lists = {
        value
        for line in document.lines[:200]
        if (f := _field(line, ATTENDANCE_HEADERS))
        for value in [f[0]]
    }
    if lists:
        score += 3 * len(lists)
        reasons.append(f"attendance lists ({', '.join(sorted(lists))})")
    if any(_SECTION.match(line) for line in document.lines):
        score += 2
        reasons.append("discussion sections 'add N)'")
    if not lists and score < 6:
        return Sniff(0, "no minutes heading and no attendance list ('Přítomni:')")
    return Sniff(score, "minutes: " + ", ".join(reasons))


@dataclass
class _State:
    document: Document
    header: list[tuple[int, str]] = field(default_factory=list)
    people: list[tuple[int, str, str]] = field(default_factory=list)  # line, entry, attendance
    items: list[tuple[int, str, str]] = field(default_factory=list)  # line, number, title
    sections: list[Section] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def unplaced(self, number: int, text: str) -> None:
        self.diagnostics.append(
            Diagnostic(
                self.document.name, number, "unplaced", f"minutes line not placed: {text[:80]!r}"
            )
        )


def _scan(document: Document) -> _State:
    """Sort every line into header, lists, programme, sections; report what fits nowhere."""
    state = _State(document)
    mode, attendance = "header", ""
    for number, raw in enumerate(document.lines, 1):
        text = clean_line(raw)
        if not text or _SEPARATOR.match(text):
            if mode in ("list", "programme"):
                mode = "none"
            elif mode == "section":
                state.sections[-1].lines.append((number, ""))
            continue
        author = _field(text, AUTHOR_FIELDS)
        listed = _field(text, ATTENDANCE_HEADERS)
        section = _SECTION.match(text)
        if author:
            state.people.extend((number, entry, author[0]) for entry in split_names(author[1]))
            mode = "none" if mode != "section" else mode
        elif listed:
            mode, attendance = "list", listed[0]
            state.people.extend((number, entry, attendance) for entry in split_names(listed[1]))
        elif fold(text).rstrip(": ") in _PROGRAMME_HEADERS and text.rstrip().endswith(":"):
            mode = "programme"
        elif section:
            state.sections.append(
                Section(section.group("number"), section.group("rest").strip(), number)
            )
            mode = "section"
        elif mode == "list":
            state.people.extend((number, entry, attendance) for entry in split_names(text))
        elif mode == "programme" and (item := _ITEM.match(text)):
            state.items.append((number, item.group("number"), item.group("title").strip()))
        elif mode == "section":
            state.sections[-1].lines.append((number, text))
        elif mode == "header":
            state.header.append((number, text))
        else:
            state.unplaced(number, text)
    return state


def _meeting(state: _State) -> Meeting:
    document = state.document
    header = " ".join(text for _, text in state.header)
    dated = parse_date(header)
    date = dated[0] if dated else None
    if date is None:
        line = state.header[0][0] if state.header else 1
        state.diagnostics.append(
            Diagnostic(document.name, line, "field", "no meeting date in the heading")
        )
    heading = " ".join(text for _, text in state.header if not _FIELD.match(text))
    body_match = _BODY.search(heading)
    body = body_match.group("body").strip(" ,") if body_match else None
    title = re.split(r"\s+(?:konan\w*\s+)?(?:ze\s+)?dne\b", heading, maxsplit=1, flags=re.I)[
        0
    ].strip()
    place = None
    for _, text in state.header:
        if m := _PLACE_FIELD.match(text):
            place = m.group("place").strip()
    caps = _CAPS_NAME.search(body or "")
    slug = slugify(caps.group(0) if caps else body or document.name.rsplit(".", 1)[0])[:60].strip(
        "-"
    )
    first = state.header[0][0] if state.header else 1
    last = state.header[-1][0] if state.header else 1
    return Meeting(
        id=f"{date or 'undated'}-{slug}",
        title=title or document.name,
        source=document.span(first, last),
        date=date,
        body=body,
        place=place,
        town=_town(document),
    )


def _town(document: Document) -> str | None:
    """The town the minutes speak of: the commonest name after "Město"/"města" in the text."""
    counts: Counter[str] = Counter()
    for line in document.lines:
        for m in _TOWN.finditer(line):
            counts[m.group("town")] += 1
    return counts.most_common(1)[0][0] if counts else None


def _persons(state: _State, meeting: Meeting) -> list[Person]:
    persons: list[Person] = []
    for number, entry, attendance in state.people:
        parsed = parse_name(entry)
        if not looks_like_name(parsed.name):
            state.diagnostics.append(
                Diagnostic(state.document.name, number, "field", f"not a person's name: {entry!r}")
            )
            continue
        span = state.document.span(number)
        persons.append(
            Person(
                id=slugify(parsed.name),
                name=parsed.name,
                source=span,
                meeting=meeting.id,
                attendance=attendance,
                role=parsed.role,
                title=parsed.title,
                organisation=Mention(parsed.organisation, span) if parsed.organisation else None,
            )
        )
    return persons


def _agenda(state: _State, meeting: Meeting) -> dict[str, AgendaItem]:
    items: dict[str, AgendaItem] = {}
    for number, item_number, title in state.items:
        if item_number in items:
            state.diagnostics.append(
                Diagnostic(
                    state.document.name, number, "duplicate", f"programme item {item_number} twice"
                )
            )
            continue
        items[item_number] = AgendaItem(meeting.id, item_number, title, state.document.span(number))
    for section in state.sections:
        if section.number not in items:
            state.diagnostics.append(
                Diagnostic(
                    state.document.name,
                    section.line,
                    "numbering",
                    f"discussion of item {section.number} has no item in the programme",
                )
            )
            title = section.heading or f"bod {section.number}"
            items[section.number] = AgendaItem(
                meeting.id, section.number, title, state.document.span(section.line)
            )
    return items


def load(document: Document) -> LoadResult:
    """Load minutes into a Meeting, Persons, AgendaItems, OrganisationNotes and Projects.

    Parameters
    ----------
    document : Document
        The decoded minutes.

    Returns
    -------
    LoadResult
        Records in document order of kind (meeting, people, agenda, notes, projects) and
        the diagnostics: unplaced lines, names that are not names, sections without an item.
    """
    state = _scan(document)
    meeting = _meeting(state)
    persons = _persons(state, meeting)
    items = _agenda(state, meeting)
    discussion = read_sections(document, meeting, state.sections, items, persons)
    if discussion.place and meeting.place is None:
        meeting = dataclasses.replace(meeting, place=discussion.place)
    records: list[object] = [meeting, *discussion.persons, *discussion.items.values()]
    records.extend(discussion.notes)
    records.extend(discussion.projects)
    return LoadResult(
        document=document,
        loader="minutes",
        records=tuple(records),
        diagnostics=tuple(state.diagnostics + discussion.diagnostics),
    )
