"""The tables of a programme report: planned steps, criteria, final assessment, activities.

Each reader takes the lines of one section (``(line number, text)`` pairs, the heading left
out) and returns records and diagnostics. Columns are found by the words of their header
cells, not by position, so another converter's column order works too. Rules shared by all:

* a row that begins in lower case continues the row above (a page break split it);
* an empty first cell in the activities table means "the same period as the row above";
* a line that fits no rule is an "unplaced" diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..lang import fold
from .records import (
    Activity,
    Criterion,
    Diagnostic,
    Document,
    IndicatorAssessment,
    Mention,
)
from .report_tables import (
    Row,
    map_header,
    match_pairs,
    merge_continuation,
    parse_period,
    similarity,
    split_row,
)
from .target_groups import names_the_target_group
from .text import clean_cell, expand_range, split_items

__all__ = [
    "Lines",
    "read_schedule",
    "read_baseline",
    "read_assessment",
    "attach_assessments",
    "read_activities",
]

Lines = Sequence[tuple[int, str]]

#: Header words of the expected schedule ("Předpokládaný harmonogram realizace").
_SCHEDULE_COLUMNS = (
    ("step", ("poradi", "krok")),
    ("time", ("casov", "termin", "harmonogram", "obdobi")),
    ("team", ("tym", "odpovedn", "realizator", "zodpoved")),
    ("text", ("popis", "aktivit", "nazev", "cinnost")),
)
#: Header words of the activities table ("Období | Název a typ … | vazba … | Stručný popis").
_ACTIVITY_COLUMNS = (
    ("links", ("vazb",)),
    ("period", ("obdobi", "termin")),
    ("title", ("nazev",)),
    ("text", ("popis",)),
)
_ASSESSMENT_COLUMNS = (
    ("indicator", ("ukazatel",)),
    ("assessment", ("vyhodnoc", "posun", "hodnoceni")),
    ("criterion", ("kriteri",)),
)
_CRITERION = re.compile(r"^\s*n[aá]zev\s+krit[eé]ri[aa]\s*:\s*(?P<title>.*)$", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*koment[aá][rř]\b[^:]*:\s*(?P<rest>.*)$", re.IGNORECASE)


def _unplaced(doc: Document, line: int, what: str, text: str) -> Diagnostic:
    return Diagnostic(doc.name, line, "unplaced", f"{what}: {clean_cell(text)[:80]!r}")


def _cell(row: Row, columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row.cells[index] if index is not None and index < len(row.cells) else ""


def _table(
    doc: Document, lines: Lines, columns: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[dict[str, int], list[Row], list[Diagnostic]]:
    """Read a plain table: the first tabbed line is its header, the rest rows."""
    header: dict[str, int] | None = None
    rows: list[Row] = []
    diagnostics: list[Diagnostic] = []
    for number, text in lines:
        if not text.strip():
            continue
        cells = split_row(doc, number)
        is_row = doc.cells(number) is not None
        if header is None and is_row:
            header = map_header(cells, columns)
        elif not merge_continuation(rows, cells, number):
            if is_row:
                rows.append(Row(cells, number, number))
            else:
                diagnostics.append(_unplaced(doc, number, "text in a table", text))
    return header or {}, rows, diagnostics


def read_schedule(
    doc: Document, programme: str, lines: Lines
) -> tuple[list[Activity], list[Diagnostic]]:
    """Planned steps of the expected schedule as :class:`Activity` records, status "planned".

    The team cell ("LK, obec, aktéři") becomes the steps' ``responsible`` mentions; a
    target group named there ("cílové skupiny") is a ``participants`` mention instead.
    """
    columns, rows, diagnostics = _table(doc, lines, _SCHEDULE_COLUMNS)
    steps = []
    for index, row in enumerate(rows, 1):
        step = _cell(row, columns, "step").rstrip(".") or str(index)
        time = _cell(row, columns, "time")
        span = doc.span(row.first, row.last)
        team = split_items(_cell(row, columns, "team"))
        steps.append(
            Activity(
                programme=programme,
                id=f"step-{step}",
                title=_cell(row, columns, "text") or f"krok {step}",
                source=span,
                period=parse_period(time) if time else None,
                responsible=tuple(Mention(t, span) for t in team if not names_the_target_group(t)),
                participants=tuple(Mention(t, span) for t in team if names_the_target_group(t)),
                status="planned",
            )
        )
    return steps, diagnostics


def read_baseline(
    doc: Document, programme: str, lines: Lines, first_id: int = 1
) -> tuple[list[Criterion], list[IndicatorAssessment], list[Diagnostic]]:
    """Criteria ("Název kritéria: …") and their indicators with the baseline situation."""
    criteria: list[Criterion] = []
    rows: dict[str, list[Row]] = {}
    diagnostics: list[Diagnostic] = []
    current: list[Row] | None = None
    for number, text in lines:
        if not text.strip():
            continue
        match = _CRITERION.match(clean_cell(text))
        if match:
            ident = str(first_id + len(criteria))
            criteria.append(
                Criterion(programme, ident, match.group("title").strip(), doc.span(number))
            )
            current = rows.setdefault(ident, [])
            continue
        cells = split_row(doc, number)
        if fold(cells[0], tidy=True).startswith("ukazatel"):
            continue  # the header row of a criterion's table
        if current is not None and merge_continuation(current, cells, number):
            continue
        if current is None or doc.cells(number) is None:
            diagnostics.append(_unplaced(doc, number, "line outside a criterion's table", text))
            continue
        current.append(Row(cells, number, number))
    indicators = [
        IndicatorAssessment(
            criterion=ident,
            id=f"{ident}.{n}",
            text=row.cells[0],
            source=doc.span(row.first, row.last),
            baseline=" ".join(c for c in row.cells[1:] if c) or None,
            programme=programme,
        )
        for ident, block in rows.items()
        for n, row in enumerate(block, 1)
    ]
    return criteria, indicators, diagnostics


@dataclass
class AssessedRow:
    """A row of the final assessment: the criterion it sits under, indicator, assessment."""

    criterion: str
    indicator: str
    assessment: str
    first: int
    last: int
    extra: list[str] = field(default_factory=list)


def read_assessment(doc: Document, lines: Lines) -> tuple[list[AssessedRow], list[Diagnostic]]:
    """Rows of "Kritérium | Název ukazatele | Vyhodnocení …"; the criterion cell carries down."""
    columns, rows, diagnostics = _table(doc, lines, _ASSESSMENT_COLUMNS)
    if not columns:
        columns = {"criterion": 0, "indicator": 1, "assessment": 2}
    assessed: list[AssessedRow] = []
    criterion = ""
    for row in rows:
        criterion = _cell(row, columns, "criterion") or criterion
        assessed.append(
            AssessedRow(
                criterion,
                _cell(row, columns, "indicator"),
                _cell(row, columns, "assessment"),
                row.first,
                row.last,
            )
        )
    return assessed, diagnostics


def attach_assessments(
    doc: Document,
    programme: str,
    criteria: list[Criterion],
    indicators: list[IndicatorAssessment],
    rows: list[AssessedRow],
) -> tuple[list[Criterion], list[IndicatorAssessment], list[Diagnostic]]:
    """Pair each assessed indicator with its baseline by text similarity.

    The two tables are separate and word their indicators a little differently, so each
    assessed row takes the most similar baseline indicator not yet taken (at least 0.6).
    A row with no baseline becomes an indicator of its own; either side left alone is a
    "missing-row" diagnostic, and a pair whose criteria disagree a "card-table-mismatch".
    """
    criteria = list(criteria)
    diagnostics: list[Diagnostic] = []
    pairs = match_pairs([i.text for i in indicators], [r.indicator for r in rows])
    by_id = {c.id: c for c in criteria}
    result = list(indicators)
    for j, row in enumerate(rows):
        span = doc.span(row.first, row.last)
        home = _criterion_of(row.criterion, criteria)
        if j in pairs:
            i = pairs[j][0]
            result[i] = replace(
                result[i], assessment=row.assessment or None, assessment_source=span
            )
            if home is not None and home.id != result[i].criterion:
                diagnostics.append(
                    Diagnostic(
                        doc.name, row.first, "card-table-mismatch",
                        f"indicator {result[i].id} is assessed under criterion "
                        f"{row.criterion[:60]!r}, its baseline under "
                        f"{by_id[result[i].criterion].title[:60]!r}",
                        (result[i].source.first_line,),
                    )
                )  # fmt: skip
            continue
        if home is None:
            home = Criterion(programme, str(len(criteria) + 1), row.criterion or "?", span)
            criteria.append(home)
            by_id[home.id] = home
        count = sum(1 for x in result if x.criterion == home.id) + 1
        result.append(
            IndicatorAssessment(
                home.id, f"{home.id}.{count}", row.indicator, span,
                assessment=row.assessment or None, assessment_source=span, programme=programme,
            )
        )  # fmt: skip
        diagnostics.append(
            Diagnostic(
                doc.name,
                row.first,
                "missing-row",
                f"indicator assessed without a baseline: {row.indicator[:60]!r}",
            )
        )
    for i, indicator in enumerate(indicators):
        if rows and i not in {pair[0] for pair in pairs.values()}:
            diagnostics.append(
                Diagnostic(
                    doc.name, indicator.source.first_line, "missing-row",
                    f"indicator {indicator.id} has a baseline but no final assessment",
                )
            )  # fmt: skip
    return criteria, result, diagnostics


def _criterion_of(text: str, criteria: list[Criterion]) -> Criterion | None:
    if not text or not criteria:
        return None
    score, best = max((similarity(text, c.title), c.id) for c in criteria)
    return next(c for c in criteria if c.id == best) if score >= 0.5 else None


def read_activities(
    doc: Document, programme: str, lines: Lines, goals: set[str], first_id: int = 1
) -> tuple[list[Activity], list[Diagnostic]]:
    """Reported activities: period (empty = as above), title, the goals served, description.

    "1.– 5." is expanded to goals 1 to 5; a goal number the report does not define stays in
    ``goals`` and is reported as a "dangling-link". "Komentář experta:" and the paragraphs
    after it are the comment on the rows since the previous comment.
    """
    header: dict[str, int] | None = None
    rows: list[Row] = []
    # Rows [start, end), their comment and the comment's lines (its label's line first).
    blocks: list[tuple[int, int, list[str], list[int]]] = []
    comment: list[str] | None = None
    comment_lines: list[int] = []
    diagnostics: list[Diagnostic] = []
    for number, text in lines:
        if not text.strip():
            continue
        is_row = doc.cells(number) is not None
        if is_row and header is None:
            header = map_header(split_row(doc, number), _ACTIVITY_COLUMNS)
            continue
        match = _COMMENT.match(clean_cell(text)) if not is_row else None
        if match:
            start = blocks[-1][1] if blocks else 0
            if len(rows) == start:
                diagnostics.append(
                    _unplaced(doc, number, "comment with no activities before it", text)
                )
            comment = [match.group("rest")] if match.group("rest") else []
            comment_lines = [number]
            blocks.append((start, len(rows), comment, comment_lines))
        elif is_row:
            comment = None
            if not merge_continuation(rows, split_row(doc, number), number):
                rows.append(Row(split_row(doc, number), number, number))
        elif comment is not None:
            comment.append(clean_cell(text))
            comment_lines.append(number)
        elif not merge_continuation(rows, [clean_cell(text)], number):
            diagnostics.append(_unplaced(doc, number, "text in the activities table", text))
    columns = header or {"period": 0, "title": 1, "links": 2, "text": 3}
    activities = []
    period = ""
    for index, row in enumerate(rows):
        period = _cell(row, columns, "period") or period
        numbers = tuple(str(n) for n in expand_range(_cell(row, columns, "links")))
        for n in numbers:
            if n not in goals:
                diagnostics.append(
                    Diagnostic(
                        doc.name, row.first, "dangling-link",
                        f"activity serves goal {n}, which the report does not define",
                    )
                )  # fmt: skip
        block = next((blk for blk in blocks if blk[0] <= index < blk[1] and blk[2]), None)
        said = " ".join(block[2]) if block else None
        said_at = doc.span(block[3][0], block[3][-1]) if block else None
        activities.append(
            Activity(
                programme=programme,
                id=str(first_id + index),
                title=_cell(row, columns, "title"),
                source=doc.span(row.first, row.last),
                period=parse_period(period) if period else None,
                goals=numbers,
                description=_cell(row, columns, "text") or None,
                comment=said,
                comment_source=said_at,
            )
        )
    return activities, diagnostics
