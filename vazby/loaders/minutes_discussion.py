"""The discussion part of minutes: organisation notes, projects, people named in prose.

Each discussion section ("add 4)") is read line by line; a line is, in this order,

1. the header of a list of projects ("Projekty čekající na hodnocení:"), whose status
   the items below it share unless they say their own;
2. an item of such a list: "Name (kind) – Organisation. What else the text says.";
3. an organisation note: "Organisation – what it says" where the head reads as a name
   (:func:`~vazby.loaders.minutes_text.looks_like_organisation`); an addendum right after a
   note ("Doplnění zápisu – komentář …") and the lines that follow it continue that note;
4. a line naming a project: "schválen projekt Name – Organisation", "s projektem Name,
   který …", "Druhý podaný projekt: Name - Organisation nebyl schválen"; its further
   sentences describe the project and may give its status, period, implementer, funder;
5. prose of the item, kept as the item's description. Prose may name the call that the
   projects of the section went to ("uzavřená KPSVL výzva č. 052 …"): projects named after
   it without a funder of their own get it.

People named in any of these lines with an office ("místostarostovi Novákovi") or as
"pan/paní …" who are not on an attendance list become persons too.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..czech import UPPER
from ..lang import fold, slugify
from .minutes_text import (
    STATUS_PATTERNS,
    find_funder,
    find_period,
    looks_like_organisation,
    merge_periods,
    project_status,
    sentences,
    split_head,
    strip_stop,
)
from .persons import NameIndex, is_title
from .records import (
    AgendaItem,
    Diagnostic,
    Document,
    Meeting,
    Mention,
    OrganisationNote,
    Person,
    Project,
)

__all__ = ["Section", "Discussion", "read_sections", "OFFICES"]

_CAP_WORD = rf"[{UPPER}][\w.-]*"
#: Folded forms of offices that precede a person's name in prose → the office's name
#: ("" for "pan"/"paní", which name no office). "starosti" (care) is not "starosta".
OFFICES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), role)
    for pattern, role in (
        (r"mistostarost(?:a|y|ovi|ou|u|o|ka|ky|ce|kou)", "místostarosta"),
        (r"starost(?:a|y|ovi|ou|u|o|ka|ky|ce|kou)", "starosta"),
        (r"primator\w*", "primátor"),
        (r"namest(?:ek|ka|kovi|kem|kyne|kyni)", "náměstek"),
        (r"reditel\w*", "ředitel"),
        (r"tajemni(?:k|ka|kovi|kem|ce|ci)", "tajemník"),
        (r"radni\w*", "radní"),
        (r"vedouci\w*", "vedoucí"),
        (r"(?:pan|pana|panu|panem|pani)", ""),
    )
)
#: Folded stems of words that name institutions, not people ("vedoucí Odboru …").
_INSTITUTION_WORDS = (
    "odbor", "urad", "mest", "obec", "obc", "spol", "charit", "centr", "agentur", "minister",
    "kraj", "komis", "rad", "skol", "ustav", "sluzb", "nadac", "organizac", "policie", "sprav",
)  # fmt: skip
_NAMED_PROJECT = re.compile(rf"(?i:\bprojekt(?:u|em)?)\s*:?\s+(?P<name>[„\"]?[{UPPER}0-9].*)")
#: A project "of the Town" is not a project called "Town …".
_NOT_A_NAME = ("mest", "obc", "obec", "kraj", "organizac", "spolk")
_NAME_END = re.compile(r",\s*(?:který|která|jenž|jež|jehož|jejíž)\b|\s+[–—-]\s+|\s*\(|\.\s*$|\.\s+")
_ORG_OF_PROJECT = re.compile(
    rf"(?i:projekt\w*\s+(?:organizace|spolku|města|obce))\s+(?P<org>{_CAP_WORD}(?:\s+{_CAP_WORD})*)"
)
_IMPLEMENTER = (
    re.compile(
        rf"(?P<org>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,5}})\s+je\s+(?i:realizátorem|nositelem|žadatelem|příjemcem)"
    ),
    re.compile(
        rf"(?i:realizátorem|nositelem|žadatelem)\s+(?:projektu\s+)?je\s+(?P<org>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,5}})"
    ),
)
_GRANT = re.compile(
    r"(?i:získal\w*\s+(?:\w+\s+)?)(?P<what>(?i:grant|dotac\w*|příspěv\w*)\s+(?i:od|z|ze)\s+)"
)
_PLACE = re.compile(
    r"\bv\s+(?:prostorách|budově|zasedací\s+místnosti|sále|místnosti)\s+(?P<place>[^.;]+)"
)
_ADDENDUM = ("doplneni", "komentar", "poznamka")


@dataclass
class Section:
    """One discussion section of the minutes: its item number, heading text and lines."""

    number: str
    heading: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Draft:
    name: str
    lines: list[int]
    organisation: Mention | None = None
    funder: Mention | None = None
    status: str | None = None
    period: str | None = None
    description: list[str] = field(default_factory=list)


@dataclass
class Discussion:
    """What the discussion sections gave: records and the meeting's place if prose names it."""

    persons: list[Person]
    items: dict[str, AgendaItem]
    notes: list[OrganisationNote] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    place: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Reader:
    def __init__(self, document: Document, meeting: Meeting, persons: list[Person]) -> None:
        self.document = document
        self.meeting = meeting
        self.persons = list(persons)
        self.names = NameIndex([p.name for p in self.persons])
        self.drafts: dict[str, _Draft] = {}
        self.notes: list[OrganisationNote] = []
        self.place: str | None = None
        self.current: _Draft | None = None
        self.call: Mention | None = None

    # -- projects ---------------------------------------------------------------------
    def project(self, name: str, number: int) -> _Draft:
        name = name.strip(" .,:")
        if name[:1] in '„"' and name[-1:] in '“"':
            name = name[1:-1]
        key = fold(name)
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _Draft(name, [number], funder=self.call)
        elif number not in draft.lines:
            draft.lines.append(number)
        self.current = draft
        return draft

    def facts(self, draft: _Draft, text: str, number: int, own_status: bool = True) -> None:
        """Status, period, implementer and funder a text gives the project being read."""
        span = self.document.span(number)
        if own_status and draft.status is None:
            draft.status = project_status(text)
        draft.period = merge_periods(draft.period, find_period(text))
        if draft.organisation is None:
            for pattern in (_ORG_OF_PROJECT, *_IMPLEMENTER):
                if m := pattern.search(text):
                    draft.organisation = Mention(m.group("org").strip(" ."), span)
                    break
        funder = find_funder(text)
        if funder and (draft.funder is None or draft.funder is self.call):
            draft.funder = Mention(funder[0], span)

    def named_projects(self, text: str, number: int, organisation: Mention | None = None) -> bool:
        """Read the projects a line names; return whether it named any."""
        named = False
        for _, sentence in sentences(text):
            m = _NAMED_PROJECT.search(sentence)
            if m is None:
                if self.current is not None and named:
                    self.current.description.append(sentence)
                    self.facts(self.current, sentence, number, own_status=_about_project(sentence))
                continue
            rest = m.group("name")
            if fold(rest).startswith(_NOT_A_NAME):
                continue
            end = _NAME_END.search(rest)
            name = rest[: end.start()] if end else rest
            draft = self.project(name, number)
            named = True
            after = rest[end.start() :] if end else ""
            dash = re.match(r"\s+[–—-]\s+", after)
            tail = after[dash.end() :] if dash else ""
            if tail[:1].isupper() and draft.organisation is None:
                org = _cut_status(tail)
                draft.organisation = Mention(org, self.document.span(number))
            if organisation is not None and draft.organisation is None:
                draft.organisation = organisation
            self.facts(draft, sentence, number)
        return named

    def list_item(self, text: str, number: int, status: str | None) -> bool:
        first = sentences(text)[0][1] if text else ""
        split = split_head(first)
        if split is None or any(is_title(w) for w in split[0].split()[:1]):
            return False
        head, tail = split
        bracket = re.search(r"\(([^()]*)\)\s*$", head)
        name = head[: bracket.start()] if bracket else head
        draft = self.project(name, number)
        if bracket:
            draft.description.append(f"({bracket.group(1)})")
        org = _ORG_OF_PROJECT.search(tail)
        if org is None and tail[:1].isupper():
            draft.organisation = draft.organisation or Mention(
                _cut_status(tail), self.document.span(number)
            )
        rest = text[len(first) :].strip()
        if rest:
            draft.description.append(rest)
        self.facts(draft, text, number)
        if draft.status is None:
            draft.status = status
        return True

    # -- organisation notes -----------------------------------------------------------
    def note(self, head: str, tail: str, number: int) -> OrganisationNote:
        span = self.document.span(number)
        note = OrganisationNote(
            self.document.name, Mention(head, span), tail, span, self.meeting.id
        )
        self.notes.append(note)
        if grant := _GRANT.search(tail):
            funder = find_funder(tail[grant.start("what") :])
            if funder:
                start = grant.start("what")
                draft = self.project(tail[start : start + funder[2]], number)
                draft.organisation = draft.organisation or Mention(head, span)
                draft.funder = Mention(funder[0], span)
                draft.status = draft.status or "approved"
                self.current = None
        self.named_projects(tail, number, organisation=Mention(head, span))
        return note

    def extend_note(self, text: str, number: int) -> None:
        last = self.notes[-1]
        self.notes[-1] = dataclasses.replace(
            last,
            text=f"{last.text}\n{text}",
            source=self.document.span(last.source.first_line, number),
        )

    # -- people in prose --------------------------------------------------------------
    def people_in(self, text: str, number: int) -> None:
        for ref in self.names.references(text):
            after = text[ref.end :]
            role = re.match(r"\s+je\s+(?P<role>[a-zěščřžýáíéůúňťď][^.;]+)", after)
            person = self.persons[ref.index]
            if role and person.role is None:
                self.persons[ref.index] = dataclasses.replace(
                    person, role=role.group("role").strip()
                )
        pattern = rf"\b(?P<office>[a-záčďéěíňóřšťúůýž]+)\s+(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD})?)"
        for m in re.finditer(pattern, text):
            office = fold(m.group("office"))
            office_name = next((r for regex, r in OFFICES if regex.fullmatch(office)), None)
            if office_name is None:
                continue
            words = [w.strip(".,") for w in m.group("name").split()]
            words = [w for w in words if not any(fold(w).startswith(s) for s in _INSTITUTION_WORDS)]
            if not words or any(self.names.person_of(w) is not None for w in words):
                continue
            name = " ".join(words)
            span = self.document.span(number)
            person = Person(
                slugify(name), name, span, meeting=self.meeting.id, role=office_name or None
            )
            self.persons.append(person)
            self.names = NameIndex([p.name for p in self.persons])


def _cut_status(text: str) -> str:
    """An organisation's name: its sentence, without the status phrase that follows it."""
    text = sentences(text)[0][1] if text.strip() else text
    folded = fold(text)
    cut = len(text)
    for _, pattern in STATUS_PATTERNS:
        if m := pattern.search(folded):
            cut = min(cut, m.start())
    return strip_stop(text[:cut])


def _about_project(sentence: str) -> bool:
    """Whether a sentence's status words are said of a project ("projekt již funguje")."""
    m = re.search(r"\b[Pp]rojekt\b((?:\s+\S+){1,4})", sentence)
    return bool(m and project_status(m.group(1)))


def read_sections(
    document: Document,
    meeting: Meeting,
    sections: list[Section],
    items: dict[str, AgendaItem],
    persons: list[Person],
) -> Discussion:
    """Read the programme's titles and every discussion section into records.

    Parameters
    ----------
    document, meeting : the minutes and their meeting.
    sections : the discussion sections in document order.
    items : programme items by number; those with a section get its prose as description.
    persons : the people of the attendance lists (their roles may be completed from prose).
    """
    reader = _Reader(document, meeting, persons)
    for item in list(items.values()):
        number = item.source.first_line
        if not reader.named_projects(item.title, number):
            split = split_head(item.title)
            if split and looks_like_organisation(split[0]):
                reader.note(*split, number)
        reader.current = None
    for section in sections:
        reader.current, reader.call = None, None
        prose: list[str] = []
        list_status: str | None = None
        in_list = in_note = in_addendum = False
        for number, text in section.lines:
            if not text:
                in_list = in_note = in_addendum = False
                continue
            reader.people_in(text, number)
            if reader.place is None and (place := _PLACE.search(text)):
                reader.place = place.group("place").strip()
            split = split_head(sentences(text)[0][1])
            if text.endswith(":") and "projekt" in fold(text):
                list_status, in_list, in_note = project_status(text), True, False
            elif in_list and reader.list_item(text, number, list_status):
                in_note = False
            elif in_note and fold(text).startswith(_ADDENDUM):
                reader.extend_note(text, number)
                in_addendum = True
            elif in_addendum and not (split and looks_like_organisation(split[0])):
                reader.extend_note(text, number)
            elif split and looks_like_organisation(split[0]) and "projekt" not in fold(split[0]):
                in_list, in_note, in_addendum = False, True, False
                reader.note(split[0], text.split(split[0], 1)[1].strip(" –—-"), number)
            elif reader.named_projects(text, number):
                in_list = in_note = in_addendum = False
            else:
                in_list = in_note = in_addendum = False
                prose.append(text)
                reader.current = None if not _about_project(text) else reader.current
                if reader.current is not None:
                    reader.facts(reader.current, text, number)
                funder = find_funder(text)
                if funder and "výzv" in funder[0].lower():
                    reader.call = Mention(funder[0], document.span(number))
        item = items[section.number]
        last = max([section.line] + [n for n, text in section.lines if text])
        items[section.number] = dataclasses.replace(
            item,
            description="\n".join(prose) or None,
            discussion=document.span(section.line, last),
        )
    projects = [
        Project(
            id=slugify(d.name)[:80],
            name=d.name,
            source=document.span(min(d.lines), max(d.lines)),
            organisation=d.organisation,
            funder=d.funder,
            status=d.status,
            period=d.period,
            description=" ".join(d.description) or None,
            meeting=meeting.id,
            town=meeting.town,
        )
        for d in reader.drafts.values()
    ]
    return Discussion(reader.persons, items, reader.notes, projects, reader.place)
