"""Load the final report of a consultancy programme (závěrečná zpráva poradenského programu).

The layout: a title naming the town ("… poradenského programu města Dolní Lhota Poradenský
program 7"), a table of contents, then sections under headings known by their words
(:data:`SECTIONS`): the period, facts about the locality, the long-term and the numbered
specific goals with lettered sub-goals, the planned schedule, the outputs, the criteria
with their baseline indicators, the activities, the final assessment of the criteria, the
evaluation of the goals ("Způsob plnění cíle: …") and the list of abbreviations.

Rules:

* the table of contents (titles with a page number after a tab) is skipped, so its titles
  are never taken for sections;
* a heading is recognised by its words, in any case ("OBDOBÍ REALIZACE", "Období
  realizace"); in a free-text section, a short capitalised line between blank lines that
  does not end a sentence starts a new free-text section;
* free-text sections (annotation, background, summary, …) are kept on the programme as
  (heading, text) pairs; the locality's facts as its ``facts``;
* the goals repeated in the evaluation part are matched to the goals by number; what the
  report says of meeting each goal becomes its ``evaluation``;
* every line that fits no rule is an "unplaced" diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..lang import fold, slugify
from .detect import Sniff
from .programme_tables import (
    attach_assessments,
    read_activities,
    read_assessment,
    read_baseline,
    read_schedule,
)
from .records import (
    Abbreviation,
    Diagnostic,
    Document,
    LoadResult,
    Passage,
    Programme,
    ProgrammeGoal,
)
from .report_tables import is_toc_entry, pair_abbreviations, parse_period, similarity
from .text import abbreviation, clean_cell

__all__ = ["sniff", "load", "SECTIONS"]

#: Folded beginnings of section headings → the kind of section. Longer beginnings first.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("obdobi realizace", "period"),
    ("zakladni udaje o lokalit", "facts"),
    ("dlouhodoby cil", "long-term"),
    ("dlouhodobe cile", "long-term"),
    ("specificke cile", "specific"),
    ("predpokladany harmonogram", "schedule"),
    ("harmonogram realizace", "schedule"),
    ("popis vystupu", "outputs"),
    ("popis vychoziho stavu", "baseline"),
    ("prubeh realizace", "activities"),
    ("vyhodnoceni plneni kriterii", "assessment"),
    ("vyhodnoceni naplneni vystupu a cilu", "evaluation"),
    ("vyhodnoceni naplneni cilu", "evaluation"),
    ("seznam zkrat", "abbreviations"),
    ("obsah", "toc"),
    ("anotace", "text"),
    ("vychodiska", "text"),
    ("cile poradenskeho programu", "text"),
    ("vyhodnoceni a shrnuti", "text"),
    ("dalsi mozny plan spoluprace", "text"),
    ("informace o nastaveni", "text"),
    ("vyhodnoceni poradenskeho programu", "text"),
)
_PART = re.compile(r"^cast\s+(?:\d+|[ivx]+)\b\s*(?P<rest>.*)$")
_TITLE = re.compile(
    r"poradensk\w*\s+program\w*\s+(?:mesta|obce|mestyse|mestske\s+casti|obvodu)\s+",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\bporadensk\w*\s+program\w*\s+(?:c\.\s*)?(?P<n>\d+)\s*$")
_GOAL = re.compile(
    r"^\s*(?:specifick\w+\s+c[ií]l\w*\s*)?(?P<n>\d{1,2})\s*[.):]\s*(?P<text>\S.*)$", re.IGNORECASE
)
_SUB = re.compile(r"^\s*(?:[-–•*]\s*)?(?P<l>[a-z])\s*[.)]\s+(?P<text>\S.*)$")
_HOW = re.compile(r"^\s*zp[uů]sob\s+pln[eě]n[ií]\s+c[ií]le\s*:\s*(?P<text>.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–•*])\s+(?P<text>\S.*)$")
_ABBR = re.compile(r"^\s*(?P<abbr>[^\s–—=:][^–—=:]{0,40}?)\s*(?:\s[-–—=]\s|:\s)\s*(?P<exp>\S.*)$")
#: A cell holding an abbreviation alone, its expansion in the cells after it.
_ABBR_CELL = re.compile(r"\s*(?P<abbr>[^\s–—=:][^–—=:]{0,40}?)\s*(?:\s[-–—=]|:)?\s*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?P<t>[^*\n]+)\*(?![\w*])")


def _heading(text: str, cells: tuple[str, ...] | None) -> tuple[str, str] | None:
    """(kind, rest of the line) when ``text`` is a known section heading (never a table
    row: ``cells``, the line's cells if it is one)."""
    if cells is not None or len(text) > 250:
        return None
    folded = fold(clean_cell(text), tidy=True).rstrip(" :")
    part = _PART.match(folded)
    if part:
        rest = part.group("rest")
        return ("text", rest) if rest else ("part", "")
    for start, kind in SECTIONS:
        if folded.startswith(start) and len(folded) < len(start) + 160 and not folded.endswith("."):
            return kind, ""
    return None


def sniff(document: Document) -> Sniff:
    """Recognise a programme report by its title and by the headings of its sections."""
    title = next(
        (line for line in document.lines[:60] if _TITLE.search(fold(line, tidy=True))), None
    )
    kinds = {
        h[0]
        for number, line in enumerate(document.lines, 1)
        if (h := _heading(line, document.cells(number)))
    }
    criteria = sum(
        1 for line in document.lines if fold(line, tidy=True).startswith("nazev kriteria")
    )
    marks = len(kinds & {"long-term", "specific", "baseline", "activities", "assessment"}) + min(
        criteria, 2
    )
    if title is None and marks < 4:
        return Sniff(0, "no consultancy-programme title and too few of its sections")
    score = (40 if title else 0) + 10 * marks
    return Sniff(
        min(score, 95),
        f"programme report: title {'found' if title else 'missing'}, {marks} report sections",
    )


@dataclass
class _Section:
    kind: str
    name: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    evaluating: bool = False


def _is_loose_heading(doc: Document, i: int) -> bool:
    """A short capitalised line between blank lines that does not end a sentence (a row
    with one cell filled reads as a line)."""
    lines = doc.lines
    text = _filled(doc, i + 1)
    if text is None:
        return False
    if not text or ":" in text or text[-1] in ".,;:!?" or not text[0].isupper():
        return False
    if len(text.split()) > 12 or _ITEM.match(text) or _GOAL.match(text):
        return False
    before = lines[i - 1].strip() if i > 0 else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return not before and not after


def _split(doc: Document) -> tuple[list[tuple[int, str]], list[_Section]]:
    """Front matter lines and the sections of the body, the table of contents left out."""
    front: list[tuple[int, str]] = []
    sections: list[_Section] = []
    in_toc = False
    evaluating = False
    for index, text in enumerate(doc.lines):
        number = index + 1
        cells = doc.cells(number)
        if in_toc:
            if not text.strip() or is_toc_entry(text, cells):
                continue
            in_toc = False
        heading = _heading(text, cells)
        if heading is None and not sections and is_toc_entry(text, cells):
            continue
        if heading is not None and heading[0] == "toc" and not sections:
            in_toc = True
            continue
        if (
            heading is None
            and sections
            and sections[-1].kind == "text"
            and _is_loose_heading(doc, index)
        ):
            heading = ("text", "")
        if heading is None:
            (sections[-1].lines if sections else front).append((number, text))
            continue
        kind, rest = heading
        if kind == "evaluation":
            evaluating = True
        elif kind not in ("long-term", "specific"):
            evaluating = False
        name = clean_cell(rest or text)
        sections.append(
            _Section(kind, name, number, evaluating=evaluating and kind != "evaluation")
        )
    return front, sections


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Runs of non-blank lines joined: (first line, last line, text)."""
    out: list[tuple[int, int, str]] = []
    run: list[tuple[int, str]] = []
    for number, text in [*lines, (0, "")]:
        if text.strip():
            run.append((number, text))
        elif run:
            joined = clean_cell(_EMPHASIS.sub(r"\g<t>", " ".join(t for _, t in run)))
            out.append((run[0][0], run[-1][0], joined))
            run = []
    return out


@dataclass
class _Report:
    doc: Document
    programme: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    goals: dict[str, ProgrammeGoal] = field(default_factory=dict)
    facts: list[Passage] = field(default_factory=list)
    texts: list[Passage] = field(default_factory=list)
    outputs: list[Passage] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)

    def unplaced(self, line: int, what: str, text: str) -> None:
        message = f"{what}: {clean_cell(text)[:80]!r}"
        self.diagnostics.append(Diagnostic(self.doc.name, line, "unplaced", message))

    def goal(self, goal: ProgrammeGoal, evaluating: bool) -> ProgrammeGoal:
        """Add a goal, or in the evaluation part find the goal it repeats."""
        known = self.goals.get(goal.id)
        if known is None:
            if evaluating:
                message = f"goal {goal.id} appears only in the evaluation"
                self.diagnostics.append(
                    Diagnostic(self.doc.name, goal.source.line, "missing-row", message)
                )
            self.goals[goal.id] = goal
            return goal
        if not evaluating:
            message = f"goal {goal.id} defined twice"
            self.diagnostics.append(
                Diagnostic(
                    self.doc.name, goal.source.line, "duplicate", message, (known.source.line,)
                )
            )
            return known
        if similarity(known.title, goal.title) < 0.8:
            self.diagnostics.append(
                Diagnostic(
                    self.doc.name, goal.source.line, "card-table-mismatch",
                    f"goal {goal.id} is worded differently in the evaluation", (known.source.line,),
                )
            )  # fmt: skip
        # The evaluation part prints the goal again: a second source of the same goal.
        known = replace(known, restated=(*known.restated, goal.source))
        self.goals[goal.id] = known
        return known

    def evaluate(self, ident: str, text: str, line: int) -> None:
        goal = self.goals[ident]
        joined = f"{goal.evaluation} {text}" if goal.evaluation else text
        first = goal.evaluation_source.first_line if goal.evaluation_source else line
        source = self.doc.span(first, line)
        self.goals[ident] = replace(goal, evaluation=joined, evaluation_source=source)

    def passage(self, section: _Section, first: int, last: int, text: str) -> Passage:
        """A passage of ``section``; the section's first passage is derived from its heading
        too, the words it stands under."""
        opening = first == _first_text_line(section)
        return Passage(section.name, text, self.doc.span(section.line if opening else first, last))


def _long_term(rep: _Report, section: _Section) -> None:
    for n, (first, last, text) in enumerate(_paragraphs(section.lines), 1):
        ident = "long-term" if n == 1 else f"long-term-{n}"
        goal = ProgrammeGoal(rep.programme, ident, "", "long-term", text, rep.doc.span(first, last))
        rep.goal(goal, section.evaluating)


def _specific(rep: _Report, section: _Section) -> None:
    parent = "long-term" if "long-term" in rep.goals else None
    current: str | None = None  # the goal or sub-goal that continuation lines extend
    top: str | None = None
    evaluating: str | None = None  # the goal whose "Způsob plnění cíle" is being read
    previous_blank = True
    for number, raw in section.lines:
        text = clean_cell(raw)
        if not text:
            previous_blank = True
            continue
        goal, sub, how = _GOAL.match(text), _SUB.match(raw), _HOW.match(text)
        if how and top is not None:
            rep.evaluate(top, how.group("text"), number)
            evaluating = top
        elif goal:
            made = ProgrammeGoal(
                rep.programme, goal.group("n"), goal.group("n"), "specific", goal.group("text"),
                rep.doc.span(number), parent=parent,
            )  # fmt: skip
            top = current = rep.goal(made, section.evaluating).id
            evaluating = None
        elif sub and top is not None:
            ident = f"{top}.{sub.group('l')}"
            made = ProgrammeGoal(
                rep.programme,
                ident,
                ident,
                "sub",
                sub.group("text"),
                rep.doc.span(number),
                parent=top,
            )
            current = rep.goal(made, section.evaluating).id
            evaluating = None
        elif evaluating is not None:
            rep.evaluate(evaluating, text, number)
        elif current is not None and not previous_blank and not section.evaluating:
            goal_now = rep.goals[current]
            rep.goals[current] = replace(
                goal_now,
                title=f"{goal_now.title} {text}",
                source=rep.doc.span(goal_now.source.first_line, number),
            )
        else:
            rep.unplaced(number, "line among the specific goals", text)
        previous_blank = False


def _filled(doc: Document, number: int) -> str | None:
    """The stripped text of line ``number``, or of a row's one filled cell; None for a row
    of more filled cells."""
    cells = doc.cells(number)
    if cells is None:
        return doc.line(number).strip()
    filled = [cell.strip() for cell in cells if cell.strip()]
    return None if len(filled) > 1 else "".join(filled)


def _abbreviation(text: str, cells: tuple[str, ...] | None) -> tuple[str, str] | None:
    """``(abbreviation, expansion)`` of a line of the list of abbreviations, or None.

    Examples
    --------
    >>> _abbreviation("MAS = místní akční skupina", None)
    ('MAS', 'místní akční skupina')
    >>> _abbreviation("", ("", "LK:", "lokální konzultant", ""))
    ('LK', 'lokální konzultant')
    """
    return abbreviation(text, cells, _ABBR, _ABBR_CELL)


def _abbreviations(rep: _Report, section: _Section) -> None:
    for number, raw in section.lines:
        cells = rep.doc.cells(number)
        text = clean_cell(raw if cells is None else " ".join(cells))
        if not text:
            continue
        found = _abbreviation(raw, cells)
        if not found:
            rep.unplaced(number, "line in the list of abbreviations", text)
            continue
        abbrs = [a.strip() for a in re.split(r"\s*/\s*", found[0]) if a.strip()]
        expansion = found[1]
        parts = [e.strip() for e in re.split(r"\s*/\s*", expansion) if e.strip()]
        paired = pair_abbreviations(abbrs, parts) if len(abbrs) > 1 else [expansion]
        for abbr, meaning in zip(abbrs, paired, strict=True):
            rep.abbreviations.append(
                Abbreviation(rep.doc.name, abbr, meaning, rep.doc.span(number))
            )


def _outputs(rep: _Report, section: _Section) -> None:
    """Numbered or bulleted items are the outputs, one a line; other text is kept as text."""
    intro: list[tuple[int, str]] = []
    for number, text in section.lines:
        item = _ITEM.match(text)
        if item:
            output = re.sub(r"(?:,|\s+a|\.)\s*$", "", clean_cell(item.group("text"))).strip()
            rep.outputs.append(Passage(section.name, output, rep.doc.span(number)))
        else:
            intro.append((number, text))
    _text(rep, section, intro)


def _text(rep: _Report, section: _Section, lines: list[tuple[int, str]]) -> None:
    """Free text of a section kept as one passage, its paragraphs a line each."""
    paragraphs = _paragraphs(lines)
    if paragraphs:
        text = "\n".join(t for _, _, t in paragraphs)
        rep.texts.append(rep.passage(section, paragraphs[0][0], paragraphs[-1][1], text))


def _first_text_line(section: _Section) -> int | None:
    return next((n for n, t in section.lines if t.strip()), None)


def _title(rep: _Report, front: list[tuple[int, str]]) -> tuple[str, str | None, str, int, int]:
    """(title, town, programme id, title line, last line of the title) from the front
    matter (a subtitle on the line after the title is the programme's name); the rest
    reported."""
    heading = next(((n, t) for n, t in front if _TITLE.search(fold(t, tidy=True))), None)
    if heading is None:
        for number, text in front:
            if text.strip():
                rep.unplaced(number, "front matter", text)
        return rep.doc.name, None, slugify(rep.doc.name.rsplit(".", 1)[0]), 1, 1
    line, text = heading
    text = clean_cell(text)
    start = _TITLE.search(fold(text, tidy=True))  # fold keeps a clean text's length: offsets agree
    assert start is not None
    rest = text[start.end() :]
    numbered = _NUMBER.search(fold(rest, tidy=True))
    if numbered:
        rest = rest[: numbered.start()].strip()
    town = re.split(r"\s+[–—-]\s+|,", rest)[0].strip() or None
    after = [(n, clean_cell(t)) for n, t in front if n > line and t.strip()]
    subtitle = next((t for _, t in after[:1] if len(t.split()) <= 12 and not t.endswith(".")), None)
    for n, t in front:
        if t.strip() and n != line and (subtitle is None or n != after[0][0]):
            rep.unplaced(n, "front matter", t)
    suffix = numbered.group("n") if numbered else ""
    ident = slugify(" ".join(x for x in (town or text, suffix) if x))
    return subtitle or text, town, ident, line, after[0][0] if subtitle else line


def load(document: Document) -> LoadResult:
    """Read a programme report into a programme, its goals, criteria, activities and abbreviations.

    Returns
    -------
    LoadResult
        :class:`Programme`, :class:`ProgrammeGoal`, :class:`Criterion`,
        :class:`IndicatorAssessment`, :class:`Activity` and :class:`Abbreviation` records,
        and diagnostics for whatever could not be placed.
    """
    rep = _Report(document)
    front, sections = _split(document)
    title, town, rep.programme, title_line, title_end = _title(rep, front)
    period = period_source = None
    criteria: list = []
    indicators: list = []
    assessed: list = []
    activities: list = []
    steps: list = []
    pending_activities: list[_Section] = []
    for section in sections:
        kind = section.kind
        if kind == "period":
            paragraphs = _paragraphs(section.lines)
            if paragraphs:
                period = parse_period(paragraphs[0][2])
                period_source = document.span(section.line, paragraphs[0][1])
            for first, _, text in paragraphs[1:]:
                rep.unplaced(first, "text after the period", text)
        elif kind == "facts":
            rep.facts.extend(
                rep.passage(section, first, last, text)
                for first, last, text in _paragraphs(section.lines)
            )
        elif kind == "long-term":
            _long_term(rep, section)
        elif kind == "specific":
            _specific(rep, section)
        elif kind == "schedule":
            found, diagnostics = read_schedule(document, rep.programme, section.lines)
            steps.extend(found)
            rep.diagnostics.extend(diagnostics)
        elif kind == "outputs":
            _outputs(rep, section)
        elif kind == "baseline":
            more_c, more_i, diagnostics = read_baseline(
                document, rep.programme, section.lines, len(criteria) + 1
            )
            criteria.extend(more_c)
            indicators.extend(more_i)
            rep.diagnostics.extend(diagnostics)
        elif kind == "assessment":
            rows, diagnostics = read_assessment(document, section.lines)
            assessed.extend(rows)
            rep.diagnostics.extend(diagnostics)
        elif kind == "activities":
            pending_activities.append(section)
        elif kind == "abbreviations":
            _abbreviations(rep, section)
        else:  # free text, parts and the evaluation heading
            _text(rep, section, section.lines)
    numbers = {g.id for g in rep.goals.values() if g.level == "specific"}
    for section in pending_activities:
        found, diagnostics = read_activities(
            document, rep.programme, section.lines, numbers, len(activities) + 1
        )
        activities.extend(found)
        rep.diagnostics.extend(diagnostics)
    if assessed:
        criteria, indicators, diagnostics = attach_assessments(
            document, rep.programme, criteria, indicators, assessed
        )
        rep.diagnostics.extend(diagnostics)
    programme = Programme(
        id=rep.programme,
        title=title,
        source=document.span(title_line, title_end),
        town=town,
        period=period,
        period_source=period_source,
        facts=tuple(rep.facts),
        sections=tuple(rep.texts),
        outputs=tuple(rep.outputs),
    )
    records: list[object] = [
        programme,
        *rep.goals.values(),
        *steps,
        *criteria,
        *indicators,
        *activities,
    ]
    records.extend(rep.abbreviations)
    rep.diagnostics.sort(key=lambda d: d.line)
    return LoadResult(document, "programme-report", tuple(records), tuple(rep.diagnostics))
