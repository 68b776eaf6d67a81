"""How much of a document became facts, for every loader.

The outline reader counts its own units as it places them. For the other loaders (action
plan, evaluation, minutes, results, programme report) the count is made here, from what
every record already carries: its provenance. A unit of text — a non-empty line of a text
file, a paragraph or table row of a PDF, DOCX or ODT rendered one to a line — is placed
when some record's source span covers it; the rest is unplaced, grouped by the section
it stands in. Under :data:`COVERAGE_GOAL` placed is a ``coverage`` diagnostic.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import replace

from .records import Coverage, Diagnostic, Document, LoadResult, SourceSpan

__all__ = [
    "COVERAGE_GOAL",
    "counted",
    "coverage_of",
    "low_coverage",
    "placed_lines",
    "section_titles",
    "units_of_text",
]

#: Below this share of a document's text placed, a ``coverage`` diagnostic is reported.
COVERAGE_GOAL = 0.6

_SENTENCE_END = re.compile(r"[.,;]$")


def _spans(value: object, out: list[SourceSpan]) -> None:
    """Every source span inside a record: its own and its mentions', amounts' …"""
    if isinstance(value, SourceSpan):
        out.append(value)
    elif isinstance(value, tuple | list):
        for item in value:
            _spans(item, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _spans(getattr(value, f.name), out)


#: Records that open a part of the outline. A record whose span holds the start of one of
#: these (a plan over its areas, an area over its goals) is a container: it places only its
#: own first line, or the whole document would count as placed.
_STRUCTURE = frozenset({"Plan", "Programme", "Area", "Goal", "ProgrammeGoal", "Measure"})


def placed_lines(result: LoadResult) -> set[int]:
    """The lines of ``result.document`` some record's provenance covers."""
    name, sha = result.document.name, result.document.sha256

    def ours(span: SourceSpan) -> bool:
        return span.sha256 == sha or span.document == name

    starts = sorted(
        start.first_line
        for r in result.records
        if type(r).__name__ in _STRUCTURE
        and isinstance(start := getattr(r, "source", None), SourceSpan)
    )
    lines: set[int] = set()
    for record in result.records:
        own = getattr(record, "source", None)
        spans: list[SourceSpan] = []
        _spans(record, spans)
        for span in spans:
            if not ours(span):
                continue
            if span is own and _holds_a_start(span, starts):
                lines.add(span.first_line)
            else:
                lines.update(range(span.first_line, span.last_line + 1))
    return lines


def _holds_a_start(span: SourceSpan, starts: list[int]) -> bool:
    i = bisect_right(starts, span.first_line)
    return i < len(starts) and starts[i] <= span.last_line


def section_titles(document: Document) -> list[str]:
    """For every line, the title of the section it stands in.

    A section opens at a heading the file marks (a heading style, a Markdown ``#``); where
    the file marks none, at a short line (2 to 80 characters; a row with one cell filled
    reads as a line) without a sentence end that follows an empty line.
    """
    titles: list[str] = []
    current = "(before the first heading)"
    marked = bool(document.headings)
    previous_blank = True
    for number, text in enumerate(document.lines, 1):
        cells = document.cells(number)
        filled = [cell.strip() for cell in cells if cell.strip()] if cells is not None else []
        stripped = " ".join(filled) if cells is not None else text.strip()
        if marked:
            opens = document.heading_level(number) > 0 or stripped.startswith("#")
        else:
            opens = (
                previous_blank
                and len(filled) <= 1
                and 2 <= len(stripped) <= 80
                and not _SENTENCE_END.search(stripped)
            )
        if opens and stripped:
            current = stripped.lstrip("# ")[:60]
        titles.append(current)
        previous_blank = not stripped
    return titles


def coverage_of(result: LoadResult) -> Coverage:
    """The coverage of a loaded document, counted from its records' provenance."""
    document = result.document
    placed = placed_lines(result)
    titles = section_titles(document)
    units = [n for n, text in enumerate(document.lines, 1) if text.strip()]
    unplaced: dict[str, list[int]] = {}
    for number in units:
        if number not in placed:
            unplaced.setdefault(titles[number - 1], []).append(number)
    measures = sum(1 for r in result.records if type(r).__name__ == "Measure")
    return Coverage(
        result.loader,
        f"{measures} measures, {len(result.records)} records",
        sum(1 for n in units if n in placed),
        len(units),
        tuple((name, tuple(lines)) for name, lines in unplaced.items()),
        document.units,
    )


def counted(result: LoadResult) -> LoadResult:
    """``result`` with its coverage (counted here when the loader did not count it) and,
    when under :data:`COVERAGE_GOAL` of the text was placed, a ``coverage`` diagnostic
    naming the sections that lost the most."""
    if result.coverage is not None:
        return result
    coverage = coverage_of(result)
    diagnostics = result.diagnostics
    if coverage.total and coverage.share < COVERAGE_GOAL:
        diagnostics += (low_coverage(result.document, coverage, f"the {result.loader} loader"),)
    return replace(result, coverage=coverage, diagnostics=diagnostics)


def low_coverage(document: Document, coverage: Coverage, reader: str) -> Diagnostic:
    """The ``coverage`` diagnostic of a document read under :data:`COVERAGE_GOAL`."""
    worst = sorted(coverage.unplaced, key=lambda s: -len(s[1]))[:3]
    parts = ", ".join(f"{name!r} {len(lines)}" for name, lines in worst)
    return Diagnostic(
        document.name,
        1,
        "coverage",
        f"only {coverage.percent}% of the {coverage.units} placed with {reader}: "
        f"{coverage.total - coverage.placed} {coverage.units} became no fact"
        + (f", most in {parts}" if parts else ""),
    )


def units_of_text(document: Document, count: int) -> str:
    """The name of ``count`` units of ``document``'s text: "1 line", "3 paragraphs and rows"."""
    if count == 1:
        return "paragraph or row" if document.units != "lines" else "line"
    return document.units
