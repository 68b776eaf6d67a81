"""Plain records that loaders return: frozen dataclasses with a required source span.

Loaders know a document's layout and nothing about RDF; these records are the whole
contract between them and :mod:`vazby.rdf.build`. Identifiers are the numbers as printed
in the document, made unique within a plan (Žatec's numbering restarts in every section,
so its identifiers carry the section: ``B.3/1.1.2``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..documents.model import Locator

__all__ = [
    "SourceSpan",
    "Document",
    "Mention",
    "Amount",
    "Schedule",
    "Link",
    "Plan",
    "Area",
    "Goal",
    "Measure",
    "BudgetLine",
    "TableRow",
    "Abbreviation",
    "Diagnostic",
    "Coverage",
    "LoadResult",
    "Meeting",
    "Person",
    "AgendaItem",
    "OrganisationNote",
    "Project",
    "Figure",
    "Town",
    "Achievement",
    "Passage",
    "Programme",
    "ProgrammeGoal",
    "Criterion",
    "IndicatorAssessment",
    "Activity",
    "GOAL_LEVELS",
    "LINK_KINDS",
    "DIAGNOSTIC_KINDS",
]

#: Levels of the goal ladder, top to bottom. Žatec's "priorita" and "obecný cíl" map onto
#: the same ladder as Ostrava's "strategický cíl" and "specifický cíl".
GOAL_LEVELS = ("strategic", "specific")

#: What a cross-reference points at.
#: goal: a strategic or specific goal; measure: another measure; area: a thematic area;
#: need: a need or problem from the analysis; cost: "Viz opatření 1.1.1.1" in a cost field;
#: budget: a measure named in a shared budget line; text: unresolved free text.
LINK_KINDS = ("goal", "measure", "area", "need", "cost", "budget", "text")

#: Kinds of non-fatal findings.
DIAGNOSTIC_KINDS = (
    "unplaced",  # text the loader could not attach to anything
    "numbering",  # malformed or inconsistent numbering
    "dangling-link",  # a reference to something that does not exist
    "card-table-mismatch",  # a card and a summary table disagree
    "missing-row",  # a measure missing from a table, or a row without a card
    "duplicate",  # the same identifier twice
    "field",  # a field that is empty, unknown or could not be parsed
    "encoding",  # the file was not UTF-8 and was decoded otherwise
    "total",  # amounts that do not add up to a stated total
    "reader",  # what a file's reader left out: footnotes, comments, form fields …
    "coverage",  # less than COVERAGE_GOAL of a document's text was placed
    "profile",  # which layout profile read a document, on a tie or a poor fit
)


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a fact comes from: a document and an inclusive range of 1-based lines.

    The lines count the lines of the document as the loaders read it (for a text file, its
    own lines). A file that is not addressed by line (PDF, DOCX, ODT) also carries
    ``locator``, the span in that file's own terms (:meth:`Locator.format
    <vazby.documents.model.Locator.format>`), and the ``page``, ``table`` and ``row`` it
    starts at.

    Examples
    --------
    >>> str(SourceSpan("plan.txt", "ab12", 3, 5))
    'plan.txt:3-5'
    >>> str(SourceSpan("plan.txt", "ab12", 7, 7))
    'plan.txt:7'
    >>> str(SourceSpan("plan.pdf", "ab12", 40, 41, locator="plan.pdf:p3:7-p3:8", page=3))
    'plan.pdf:p3:7-p3:8'
    """

    document: str
    sha256: str
    first_line: int
    last_line: int
    locator: str | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None

    def __str__(self) -> str:
        if self.locator is not None:
            return self.locator
        if self.last_line != self.first_line:
            return f"{self.document}:{self.first_line}-{self.last_line}"
        return f"{self.document}:{self.first_line}"

    @property
    def line(self) -> int:
        return self.first_line


@dataclass(frozen=True, slots=True)
class Document:
    """A document as the loaders read it: its lines (without line ends) and identity.

    ``path`` is the path as given; ``name`` is the file name used in provenance. The lines
    are the rendering of the file's blocks (:mod:`vazby.loaders.lines`); ``locators``, when
    the file is not addressed by its own lines (PDF, DOCX, ODT, or a text file whose blocks
    could not keep their lines), holds for every line the locator of the block it came from.
    ``unread`` is what the file's reader left out (footnotes, comments, form fields …), each
    as ``(locator as printed, message)``: reported as diagnostics. ``rows`` holds, for every
    line that renders a table row, the row's cells (read them with :meth:`cells`).
    """

    path: str
    name: str
    sha256: str
    encoding: str
    lines: tuple[str, ...]
    locators: tuple[Locator | None, ...] = ()
    kind: str = "text"
    unread: tuple[tuple[str, str], ...] = ()
    #: For every line, the level of the heading it renders (a word processor's heading
    #: style, a Markdown ``#``), 0 for other lines; empty when the file marks none.
    headings: tuple[int, ...] = ()
    #: For every line, the cells of the table row it renders, None for other lines; empty
    #: when the file has no table rows.
    rows: tuple[tuple[str, ...] | None, ...] = ()

    def span(self, first: int, last: int | None = None) -> SourceSpan:
        """The source span of lines ``first``..``last`` (1-based, inclusive)."""
        last = first if last is None else last
        if not self.locators:
            return SourceSpan(self.name, self.sha256, first, last)
        start, end = self.locator(first), self.locator(last)
        if start is None:
            return SourceSpan(self.name, self.sha256, first, last)
        text = start.format(self.name)
        if end is not None and end != start:
            text += "-" + end.format(self.name)[len(self.name) + 1 :]
        return SourceSpan(
            self.name, self.sha256, first, last, text, start.page, start.table, start.row
        )

    def locator(self, number: int) -> Locator | None:
        """The locator of 1-based line ``number`` in the original file, where known."""
        if not self.locators or not 1 <= number <= len(self.locators):
            return None
        return self.locators[number - 1]

    def where(self, number: int) -> str:
        """Line ``number`` in the original file's terms: ``plan.pdf:p3:7``, ``plan.txt:12``."""
        found = self.locator(number)
        return found.format(self.name) if found is not None else f"{self.path}:{number}"

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``."""
        return self.lines[number - 1]

    def cells(self, number: int) -> tuple[str, ...] | None:
        """The cells of 1-based line ``number`` when it renders a table row, else None.

        A row is two cells or more: a row of one cell (a title merged across a table, a
        one-column table) reads as a line of text.
        """
        if not 1 <= number <= len(self.rows):
            return None
        return self.rows[number - 1]

    def heading_level(self, number: int) -> int:
        """The heading level of 1-based line ``number``: 0 when it renders no heading."""
        if not 1 <= number <= len(self.headings):
            return 0
        return self.headings[number - 1]

    @property
    def units(self) -> str:
        """What one line stands for, in the file's terms: "lines" of a text file, or
        "paragraphs and rows" of a PDF, DOCX or ODT rendered one block to a line."""
        return "paragraphs and rows" if self.locators else "lines"


@dataclass(frozen=True, slots=True)
class Mention:
    """A raw mention of an actor, target group, funding source or status, as printed."""

    text: str
    source: SourceSpan
    #: Read from a sentence ("financováno z IROP"), not from a field of its own.
    prose: bool = False


@dataclass(frozen=True, slots=True)
class Amount:
    """A cost parsed from text.

    ``czk`` is None when the text names no amount ("-", "Viz opatření 1.1.1.1");
    ``reference`` holds the measure whose cost is meant in the latter case.
    """

    raw: str
    czk: Decimal | None = None
    approximate: bool = False
    reference: str | None = None
    period: str | None = None
    #: For an amount per year ("cca 2 mil. Kč ročně") under a schedule whose years are
    #: known: the schedule's length in years and the total over it, computed, not printed.
    total_czk: Decimal | None = None
    total_years: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Schedule:
    """A schedule as printed, and its start and end where the text allows.

    ``start`` and ``end`` are ISO strings of year or year-month: ``"2023"``, ``"2023-01"``.
    """

    raw: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """One cross-reference from a measure or goal.

    ``target`` is the identifier as it resolves within the plan (``"5.2"``, ``"B.2"``,
    ``"1.1.1.1"``) or None for a need or free text; ``raw`` is the text it came from.
    """

    kind: str
    target: str | None
    raw: str
    source: SourceSpan
    target_type: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A municipality's plan, action plan or evaluation report."""

    slug: str
    title: str
    town: str | None
    kind: str
    source: SourceSpan
    period: str | None = None
    vision: str | None = None


@dataclass(frozen=True, slots=True)
class Area:
    """A thematic area (Ostrava's "1 Bydlení", Žatec's section "B.4/ BYDLENÍ")."""

    plan: str
    id: str
    number: str
    title: str
    source: SourceSpan
    target_groups: tuple[Mention, ...] = ()
    #: The area's own list of actors ("Z hlediska aktérů … se jedná o:"), which cards refer
    #: to with "Viz aktéři tematické oblasti".
    actors: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal on the ladder area → strategic → specific → measure.

    ``level`` is one of :data:`GOAL_LEVELS`; ``label_cs`` is the document's own name of the
    level ("Strategický cíl", "Priorita", "Obecný cíl"). ``parent`` is the id of the parent
    goal, or of the area for a top-level goal.
    """

    plan: str
    id: str
    number: str
    level: str
    title: str
    parent: str
    area: str
    source: SourceSpan
    label_cs: str = ""
    impact: str | None = None
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure (opatření) with every field its card carries.

    ``fields`` keeps every raw field of the card as (name as printed, text) pairs so that
    nothing the card says is lost even where no typed field holds it.
    """

    plan: str
    id: str
    number: str
    title: str
    goal: str
    area: str
    source: SourceSpan
    description: str | None = None
    target_groups: tuple[Mention, ...] = ()
    guarantors: tuple[Mention, ...] = ()
    indicators: tuple[str, ...] = ()
    impacts: str | None = None
    schedule: Schedule | None = None
    cost: Amount | None = None
    funding_sources: tuple[Mention, ...] = ()
    budget_line: str | None = None
    status: Mention | None = None
    links: tuple[Link, ...] = ()
    fields: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One amount of money, possibly shared by several measures: one node, never summed twice."""

    plan: str
    id: str
    amount: Amount
    measures: tuple[str, ...]
    source: SourceSpan
    funding_sources: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of a summary table (financing, allocation) about one measure."""

    plan: str
    table: str
    measure: str
    source: SourceSpan
    title: str | None = None
    amount: Amount | None = None
    funding_sources: tuple[Mention, ...] = ()
    service_type: str | None = None
    programme: str | None = None
    #: A remark on the row, e.g. an amount printed in brackets (outside the allocation).
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An entry of a document's list of abbreviations (Seznam zkratek)."""

    document: str
    abbreviation: str
    expansion: str
    source: SourceSpan


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A non-fatal finding: printed as ``path:line: kind: message``.

    ``related`` lists other lines the finding concerns (the table row a card disagrees with).
    ``locator`` and ``related_locators``, set for files not addressed by line, say the same
    places in the file's own terms and are what is printed.

    Examples
    --------
    >>> str(Diagnostic("plan.txt", 4, "numbering", "number restarts", (9,)))
    'plan.txt:4: numbering: number restarts (see also line 9)'
    >>> str(Diagnostic("p.pdf", 4, "field", "empty", (9,), "p.pdf:p1:4", ("p.pdf:p2:1",)))
    'p.pdf:p1:4: field: empty (see also p.pdf:p2:1)'
    """

    path: str
    line: int
    kind: str
    message: str
    related: tuple[int, ...] = ()
    locator: str | None = None
    related_locators: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """Where the finding is: the locator, else ``path:line``."""
        return self.locator if self.locator is not None else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.kind}: {self.message}"
        if self.related_locators:
            text += f" (see also {', '.join(self.related_locators)})"
        elif self.related:
            lines = ", ".join(str(n) for n in self.related)
            text += f" (see also line{'s' if len(self.related) > 1 else ''} {lines})"
        return text


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a document's text became facts, and what did not, by section.

    ``placed`` and ``total`` count units of text (a line, a paragraph, a table row);
    ``unplaced`` holds each section's heading as printed and the lines left in it;
    ``profile`` is the layout profile that read the document, or the loader's name.

    Examples
    --------
    >>> Coverage("outline", "5 measures", 87, 100).percent
    87
    """

    profile: str
    reason: str
    placed: int
    total: int
    unplaced: tuple[tuple[str, tuple[int, ...]], ...] = ()
    #: What a unit is, in the file's terms (:attr:`Document.units`).
    units: str = "lines"

    @property
    def share(self) -> float:
        return self.placed / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return percent_of(self.placed, self.total)


def percent_of(placed: int, total: int) -> int:
    """``placed`` of ``total`` in whole percent, halves rounded up (0 when ``total`` is 0)."""
    return (placed * 200 + total) // (2 * total) if total else 0


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a loader returns for one document: its records and its diagnostics.

    ``coverage`` is set by the outline reader as it places units, and for every other
    loader by :func:`vazby.loaders.coverage.counted` from the records' provenance.
    """

    document: Document
    loader: str
    records: tuple[object, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    coverage: Coverage | None = None

    def of_type(self, cls: type) -> list:
        """The records that are instances of ``cls``, in document order."""
        return [r for r in self.records if isinstance(r, cls)]


# -- narrative documents: minutes, results summaries, programme reports ------------------


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting whose minutes were loaded (zápis z jednání)."""

    id: str
    title: str
    source: SourceSpan
    date: str | None = None
    body: str | None = None
    place: str | None = None
    town: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in a document; ``attendance`` is present / excused / absent / guest.

    ``organisation`` is the raw mention of the organisation the text ties the person to.
    """

    id: str
    name: str
    source: SourceSpan
    meeting: str | None = None
    attendance: str | None = None
    role: str | None = None
    title: str | None = None
    organisation: Mention | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A numbered item of a meeting's programme.

    ``description`` is the prose the minutes record under the item ("add 2)" …) that no
    other record took; ``discussion`` is the span of that part of the minutes.
    """

    meeting: str
    number: str
    title: str
    source: SourceSpan
    description: str | None = None
    discussion: SourceSpan | None = None


@dataclass(frozen=True, slots=True)
class OrganisationNote:
    """An organisation or service mentioned in a document, with what the text says of it."""

    document: str
    organisation: Mention
    text: str
    source: SourceSpan
    meeting: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """A project: its organisation, funder or call, status and period."""

    id: str
    name: str
    source: SourceSpan
    organisation: Mention | None = None
    funder: Mention | None = None
    status: str | None = None  # approved / rejected / waiting / running / planned
    period: str | None = None
    description: str | None = None
    meeting: str | None = None
    town: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a text states, with its unit: "zaměstnání 187 osob" → 187 osob."""

    quantity: Decimal
    unit: str
    raw: str
    #: The text hedges the number: "cca 30 osob".
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Town:
    """A town (municipality) a document reports on."""

    id: str
    name: str
    source: SourceSpan


@dataclass(frozen=True, slots=True)
class Achievement:
    """An outcome reported for a town, with the figures it states."""

    id: str
    town: str
    text: str
    source: SourceSpan
    figures: tuple[Figure, ...] = ()
    period: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of a report's prose kept as printed, under the heading it stands under."""

    name: str
    text: str
    source: SourceSpan


@dataclass(frozen=True, slots=True)
class Programme:
    """A consultancy programme (poradenský program) in a locality."""

    id: str
    title: str
    source: SourceSpan
    town: str | None = None
    period: Schedule | None = None
    #: Where the period is printed: its heading and its line.
    period_source: SourceSpan | None = None
    #: Facts about the locality, a paragraph each.
    facts: tuple[Passage, ...] = ()
    #: The report's further narrative sections, so that nothing it says is lost:
    #: annotation, background, summary, further cooperation.
    sections: tuple[Passage, ...] = ()
    #: The programme's stated outputs ("Popis výstupů programu"), one per item.
    outputs: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgrammeGoal:
    """A goal of a programme: long-term, specific, or a lettered sub-goal."""

    programme: str
    id: str
    number: str
    level: str  # long-term / specific / sub
    title: str
    source: SourceSpan
    parent: str | None = None
    #: How the final report says the goal was met ("Způsob plnění cíle: …"), and where.
    evaluation: str | None = None
    evaluation_source: SourceSpan | None = None
    #: Where the report prints the goal again (its evaluation part).
    restated: tuple[SourceSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class Criterion:
    """A criterion of social inclusion with its indicators."""

    programme: str
    id: str
    title: str
    source: SourceSpan


@dataclass(frozen=True, slots=True)
class IndicatorAssessment:
    """An indicator of a criterion with its baseline and its final assessment."""

    criterion: str
    id: str
    text: str
    source: SourceSpan
    baseline: str | None = None
    assessment: str | None = None
    #: Where the final assessment is printed (a separate table from the baseline).
    assessment_source: SourceSpan | None = None
    #: The programme the indicator's criterion belongs to.
    programme: str | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity of a programme, its period and the goals it serves."""

    programme: str
    id: str
    title: str
    source: SourceSpan
    period: Schedule | None = None
    goals: tuple[str, ...] = ()
    description: str | None = None
    responsible: tuple[Mention, ...] = ()
    #: "planned" for a step of the expected schedule, "done" for a reported activity.
    status: str = "done"
    #: The expert's comment on the block of activities the row belongs to, and where.
    comment: str | None = None
    comment_source: SourceSpan | None = None
    #: The measure the activity belongs to, in a plan that lists activities under measures
    #: (``programme`` is then the plan's slug).
    measure: str | None = None
    #: Target groups named among those who take part ("Obec, aktéři, cílové skupiny"):
    #: people the activity is for, not responsible bodies.
    participants: tuple[Mention, ...] = ()
