"""Loader for the action-plan layout: areas, goals and measure cards (seed ``001``).

The layout, as a converter leaves it in plain text::

    1 Bydlení                                  ← thematic area
    Cílová skupina                             ← the area's target groups (bullets) and,
    - ohrožené rodiny s dětmi,                   after "Z hlediska aktérů … se jedná o:",
    Struktura strategických cílů                 its actors
    Strategický cíl 1.1: Podporovat …          ← strategic goal
    Specifický cíl 1.1.1: Do roku 2025 …       ← specific goal
    Očekávaný dopad: …                         ← its impact
    Indikátory dopadu:  - **Počet …**          ← its impact indicators
    Opatření 1.1.1.1<TAB>Zajištění …           ← a measure card, one field per line
    Popis opatření<TAB>…                         (see :mod:`vazby.loaders.cards`)

followed by the financing and allocation tables (:mod:`vazby.loaders.plan_tables`). The
headings are walked by :mod:`vazby.loaders.plan_structure`; this module reads the title page,
the table of contents and abbreviations, numbers the cards and joins everything up. Every
word it looks for — level words and numbers, card and goal field labels, chapter and section
titles, the plan's name — is the action-plan profile's (``profiles/action-plan.toml``, or a
user's copy), compiled by :mod:`vazby.loaders.plan_words`.

What is read and what is skipped:

* The title page gives the :class:`Plan` ("Plán sociálního začleňování <Town> <years>",
  "Akční plán I."); the slug is town and period ("brno-2023-2028"), or town and kind, or
  the file stem when the text names no town.
* The table of contents (``Title<TAB>page``) is skipped, and its titles name the document's
  chapters. The list of abbreviations ("Seznam zkratek", ``NNO – Nestátní …``) gives
  :class:`Abbreviation` records.
* The design part starts at the last area heading before the first card. Goal lines before
  it form the summary overview (one line per goal, "Specifický cíl 1.1.1 … (2 opatření)"),
  which creates nothing: it is compared with the goals (titles, ``card-table-mismatch``;
  missing goals, ``missing-row``) and its counts with the cards found (``total``); so is
  "celkem 48 opatření". It ends at the first chapter heading or table after the cards.
* Inside the design part, prose under "Cílová skupina" and "Struktura strategických cílů"
  is the area's own text and is not kept; any other line that attaches to nothing, and every
  such line inside a card, is an ``unplaced`` diagnostic.
* Outside it, whole chapters named in the table of contents (or known chapter names such as
  "Úvod", "Analýza rizik", "Monitoring dopadů") are skipped silently as narrative; lines
  that belong to no known chapter are reported as one ``unplaced`` diagnostic per block.
* Numbering: a trailing dot ("3.2.1.1."), a number with the wrong depth ("Opatření 6.1.1"
  inside goal 6.1.1: given the next free number under its goal), a prefix that disagrees
  with the enclosing goal (the card stays where it is printed) are ``numbering``; the same
  number twice is ``duplicate`` (the second card is renumbered).
* Costs: "Viz opatření 1.1.1.1" is a ``cost`` link; the measures sharing one amount are one
  :class:`BudgetLine` ``budget/1.1.1.1``; each measure with its own amount has its own line;
  a measure whose cost is "-" has none. Every reference to a goal or measure that is not in
  the document is kept and reported as ``dangling-link``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from ..lang import fold
from . import plan_tables
from .cards import build_measure, field_line, match_field
from .detect import Sniff
from .plan_structure import Body, Overview, read_overview, read_structure
from .plan_words import PlanWords, default_words, plan_words
from .profiles import Profile
from .records import (
    Abbreviation,
    BudgetLine,
    Diagnostic,
    Document,
    Goal,
    Link,
    LoadResult,
    Measure,
    Plan,
)
from .text import abbreviation, clean_cell, cost_shared_by

__all__ = ["sniff", "load", "plan_slug", "cost_budget_lines"]

LOADER = "action-plan"

#: "Úvod ........ 3": a contents entry printed as text (as cells: a title, a page number).
_TOC_DOTS = re.compile(r"^.+?\s*\.{3,}\s*\d{1,4}\s*$")
_PAGE = re.compile(r"\d{1,4}\s*")
#: "OSPOD – orgán sociálně-právní ochrany dětí" (as cells: the abbreviation, its expansion).
_ABBREVIATION = re.compile(r"^\s*(?P<abbr>\S[^–—]{0,24}?)\s*\s[–—-]\s\s*(?P<exp>\S.*)$")
_ABBREVIATION_CELL = re.compile(r"\s*(?P<abbr>\S[^–—]{0,24}?)\s*")
_TOWN_LINE = re.compile(
    r"^(?:statutární\s+)?(?:město|obec)\s+(?P<town>[^\W\d_][\w -]{1,40})$", re.I
)


def sniff(document: Document, profile: Profile | None = None) -> Sniff:
    """Recognise the action-plan layout by its cards, goal headings and card fields, in
    the words of ``profile`` (the shipped action-plan profile by default).

    Examples
    --------
    >>> from vazby.loaders.lines import document_of_lines
    >>> lines = ["Specifický cíl 1.1.1: Cíl", ("Opatření 1.1.1.1", "Titul"),
    ...          ("Popis opatření", "Text"), ("Odpovědný subjekt", "NNO"), ("Harmonogram", "2023")]
    >>> sniff(document_of_lines(lines)).score > 0
    True
    >>> sniff(document_of_lines([("1.1.1 Opatření", "Text")])).score
    0
    """
    words = _words(profile)
    name = words.profile.name
    cards = sum(1 for line in document.lines if words.card.match(line))
    goals = sum(1 for line in document.lines if words.goal_line.match(line))
    fields = sum(
        1
        for number, line in enumerate(document.lines, 1)
        if (found := match_field(line, document.cells(number), words.fields))
        and found.key in ("description", "guarantors", "schedule", "cost", "funding")
    )
    if not cards:
        return Sniff(0, f"{name} profile: no measure cards 'Opatření X.Y.Z.W' at a line's start")
    if fields < 2:
        return Sniff(
            0, f"{name} profile: {cards} 'Opatření' lines but no card fields (Popis opatření, …)"
        )
    score = min(100, 40 + min(cards, 20) + min(goals, 20) + min(fields // 3, 20))
    if not goals:
        # Every card of this layout sits under a "Specifický cíl": cards with no goal
        # heading are another layout's, which the outline reader is asked to read too.
        score = min(score, 45)
    return Sniff(
        score,
        f"{name} profile: {cards} measure cards 'Opatření X.Y.Z.W', {goals} "
        f"'Strategický/Specifický cíl' headings, {fields} card fields (Popis opatření, …)",
    )


def _words(profile: Profile | None) -> PlanWords:
    return plan_words(profile) if profile is not None else default_words()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text, tidy=True)).strip("-")


def plan_slug(town: str | None, period: str | None, kind: str, stem: str) -> str:
    """The plan's slug: town and period, town and kind, or the file stem.

    Examples
    --------
    >>> plan_slug("Nové Město pod Smrkem", "2023–2026", "action-plan", "x")
    'nove-mesto-pod-smrkem-2023-2026'
    >>> plan_slug("Brno", None, "action-plan", "x")
    'brno-action-plan'
    >>> plan_slug(None, None, "action-plan", "001_Plan")
    '001-plan'
    """
    if town and period:
        return _slug(f"{town} {period}")
    if town:
        return _slug(f"{town} {kind}")
    return _slug(stem) or "plan"


def _read_plan(document: Document, title_page: range, words: PlanWords) -> Plan:
    lines = [(n, clean_cell(document.line(n))) for n in title_page]
    lines = [(n, t) for n, t in lines if t]
    joined = " ".join(t for _, t in lines)
    town = period = name = None
    m = words.plan_name.search(joined)
    if m:
        town, name = m.group("town").strip(" ,–-"), clean_cell(m.group(0))
        period = f"{m.group('y1')}–{m.group('y2')}"
    if not town:
        town = next(
            (tm.group("town").strip() for _, t in lines if (tm := _TOWN_LINE.match(t))), None
        )
    heading = next((t for _, t in lines if words.plan_kind.match(t)), None)
    title = " – ".join(t for t in (heading, name) if t) or (lines[0][1] if lines else document.name)
    first = lines[0][0] if lines else 1
    last = next((n for n, t in lines if m and m.group("y2") in t), first)
    return Plan(
        slug=plan_slug(town, period, "action-plan", Path(document.name).stem),
        title=title,
        town=town,
        kind="action-plan",
        source=document.span(first, max(first, last)),
        period=period,
    )


def _read_toc(document: Document, words: PlanWords) -> tuple[set[str], set[int]]:
    """Titles of the table of contents and the lines it occupies."""
    titles: set[str] = set()
    used: set[int] = set()
    for number, text in enumerate(document.lines, 1):
        title = _toc_title(text, document.cells(number))
        if title is not None and not words.card.match(text):
            titles.add(fold(clean_cell(title), tidy=True))
            used.add(number)
    return titles, used


def _toc_title(text: str, cells: tuple[str, ...] | None) -> str | None:
    """The title of a table-of-contents entry: a line "Úvod ..... 3", or a row of a title
    and a page number (empty cells between them); None for any other line.

    Examples
    --------
    >>> _toc_title("Úvod ........ 3", None), _toc_title("", ("Úvod", "", "3"))
    ('Úvod ', 'Úvod')
    >>> _toc_title("", ("Garant", "2024")), _toc_title("", ("Garant", "NNO"))
    ('Garant', None)
    """
    if cells is None:
        return re.split(r"\.{3,}", text)[0] if _TOC_DOTS.match(text) else None
    if not cells[0] or any(cells[1:-1]) or not _PAGE.fullmatch(cells[-1]):
        return None
    return re.split(r"\.{3,}", cells[0])[0]


def _abbreviation(text: str, cells: tuple[str, ...] | None) -> tuple[str, str] | None:
    """``(abbreviation, expansion)`` of a line of the list of abbreviations, or None.

    Examples
    --------
    >>> _abbreviation("MPSV – Ministerstvo práce", None)
    ('MPSV', 'Ministerstvo práce')
    >>> _abbreviation("", ("", "IROP", "Integrovaný", "program"))
    ('IROP', 'Integrovaný program')
    """
    return abbreviation(text, cells, _ABBREVIATION, _ABBREVIATION_CELL)


def _read_abbreviations(
    document: Document, words: PlanWords
) -> tuple[list[Abbreviation], set[int]]:
    records: list[Abbreviation] = []
    used: set[int] = set()
    lines = document.lines
    for start, text in enumerate(lines, 1):
        if document.cells(start) is not None:
            continue
        if words.section(text) != "abbreviations":
            continue
        used.add(start)
        for number in range(start + 1, len(lines) + 1):
            line = lines[number - 1]
            if not line.strip():
                continue
            found = _abbreviation(line, document.cells(number))
            if not found or not any(ch.isupper() for ch in found[0]):
                break
            used.add(number)
            records.append(
                Abbreviation(document.name, found[0].strip(), found[1], document.span(number))
            )
        break
    return records, used


def load(document: Document, profile: Profile | None = None) -> LoadResult:
    """Load an action plan into records and diagnostics, read in the words of ``profile``
    (the shipped action-plan profile by default).

    Returns
    -------
    LoadResult
        ``loader="action-plan"``; records in document order: the plan, abbreviations, areas,
        goals, measures, budget lines and table rows.
    """
    words = _words(profile)
    toc_titles, toc_lines = _read_toc(document, words)
    abbreviations, abbreviation_lines = _read_abbreviations(document, words)

    def is_chapter(number: int, text: str) -> bool:
        f = fold(clean_cell(text), tidy=True)
        if not f or document.cells(number) is not None or number in toc_lines:
            return False
        if words.area.match(text):
            return False
        return f in toc_titles or words.section(text) == "chapters"

    tables = plan_tables.find_tables(document, is_chapter)
    table_lines = {n for t in tables for n in (t.header, *t.lines)}
    body_range, overview_range = _design_range(document, tables, is_chapter, words)
    first_structure = min(toc_lines | abbreviation_lines | {body_range.start}, default=1)
    plan = _read_plan(document, range(1, first_structure), words)
    overview: Overview = read_overview(document, overview_range, words)
    body: Body = read_structure(
        document, body_range, is_chapter=is_chapter, words=words, plan=plan.slug
    )
    diagnostics = list(body.diagnostics)
    measures = _measures(document, plan.slug, body, diagnostics)
    measures, budget_lines = cost_budget_lines(document, plan.slug, measures, diagnostics)
    _check_links(document, body.goals, measures, diagnostics)
    diagnostics += overview.check(document, body.goals, measures)
    rows = []
    for table in tables:
        table_rows, table_diagnostics = plan_tables.read_table(document, table, plan.slug)
        rows += table_rows
        diagnostics += table_diagnostics
    read = toc_lines | abbreviation_lines | table_lines | set(range(1, first_structure))
    diagnostics += _unknown_chapters(document, body_range, overview_range, read, is_chapter)
    diagnostics.sort(key=lambda d: (d.line, d.kind, d.message))
    records: list[object] = [plan, *abbreviations, *body.areas, *body.goals, *measures]
    records += [*budget_lines, *rows]
    return LoadResult(document, LOADER, tuple(records), tuple(diagnostics))


def _design_range(
    document: Document, tables: list, is_chapter, words: PlanWords
) -> tuple[range, range]:
    """The lines of the design part, and the lines before it (where the overview is)."""
    in_table = {n for t in tables for n in (t.header, *t.lines)}
    cards = [
        n for n, t in enumerate(document.lines, 1) if words.card.match(t) and n not in in_table
    ]
    total = len(document.lines)
    if not cards:
        return range(total + 1, total + 1), range(1, total + 1)
    start = cards[0]
    for pattern in (words.area, words.strategic, words.specific):
        found = [
            n
            for n in range(1, cards[0])
            if pattern.match(document.line(n))
            and (pattern is not words.area or document.cells(n) is None)
        ]
        if found:
            start = found[-1]
            break
    end = total + 1
    for n in range(cards[-1] + 1, total + 1):
        if n in in_table or is_chapter(n, document.line(n)):
            end = n
            break
    return range(start, end), range(1, start)


def _measures(
    document: Document, plan: str, body: Body, diagnostics: list[Diagnostic]
) -> list[Measure]:
    """Give every card its identifier (reporting malformed numbers) and build its measure."""
    name = document.name
    printed = [c.card.printed.rstrip(".") for c in body.cards]
    used = {p for c, p in zip(body.cards, printed, strict=True) if _well_formed(p, c.goal)}
    assigned: dict[str, int] = {}
    measures: list[Measure] = []
    for placed, number in zip(body.cards, printed, strict=True):
        card, goal = placed.card, placed.goal
        line = card.header
        ident = number
        if card.printed.endswith("."):
            diagnostics.append(
                Diagnostic(
                    name,
                    line,
                    "numbering",
                    f"measure number {card.printed!r} ends with a dot; read as {number}",
                )
            )
        if goal and not _well_formed(number, goal):
            if number.count(".") != goal.count(".") + 1:
                ident = _next_free(goal, used)
                diagnostics.append(
                    Diagnostic(
                        name,
                        line,
                        "numbering",
                        f"measure number {number} inside specific goal {goal} has "
                        f"{number.count('.') + 1} parts, not {goal.count('.') + 2}; "
                        f"numbered {ident}, the next free number under its goal",
                    )
                )
            else:
                diagnostics.append(
                    Diagnostic(
                        name,
                        line,
                        "numbering",
                        f"measure {number} is printed inside specific goal {goal}, "
                        f"whose number it does not start with",
                    )
                )
        elif not goal:
            diagnostics.append(
                Diagnostic(
                    name, line, "numbering", f"measure {number} is printed before any specific goal"
                )
            )
        if ident in assigned:
            renumbered = _next_free(goal, used) if goal else f"{ident}-{line}"
            diagnostics.append(
                Diagnostic(
                    name,
                    line,
                    "duplicate",
                    f"measure number {ident} is used twice; this one is numbered {renumbered}",
                    (assigned[ident],),
                )
            )
            ident = renumbered
        used.add(ident)
        assigned[ident] = line
        measure, found = build_measure(
            document,
            card,
            plan=plan,
            ident=ident,
            goal=goal or "",
            area=placed.area or "",
            area_groups=placed.area_groups,
            area_actors=placed.area_actors,
        )
        measures.append(measure)
        diagnostics.extend(found)
    return measures


def _well_formed(number: str, goal: str | None) -> bool:
    if goal is None:
        return number.count(".") == 3
    return number.startswith(goal + ".") and number.count(".") == goal.count(".") + 1


def _next_free(goal: str, used: set[str]) -> str:
    k = 1
    while f"{goal}.{k}" in used:
        k += 1
    return f"{goal}.{k}"


def cost_budget_lines(
    document: Document,
    plan: str,
    measures: list[Measure],
    diagnostics: list[Diagnostic],
    cost_lines: Mapping[str, int] | None = None,
) -> tuple[list[Measure], list[BudgetLine]]:
    """One budget line per amount; measures that say "Viz opatření …", and those the amount
    lists in brackets, share it.

    A line is ``budget/{measure}`` of the measure whose amount it is, or, where the amount
    lists measures, ``{part}/budget/{first}-{last}`` of the list ("D.2/budget/1.1.1-1.1.2");
    each listed measure links to the carrier (``budget``). ``cost_lines`` (measure id →
    line of its cost field) places the line where a reader knows it better than the card
    labels do.
    """

    def cost_line(m: Measure) -> int:
        known = (cost_lines or {}).get(m.id)
        return known if known is not None else field_line(document, m, "cost")

    by_id = {m.id: m for m in measures}
    owner_of: dict[str, str] = {}
    for m in measures:
        seen: set[str] = {m.id}
        current: Measure | None = m
        while current is not None and current.cost is not None and current.cost.reference:
            target = by_id.get(current.cost.reference)
            if target is not None and target.id in seen:
                diagnostics.append(
                    Diagnostic(
                        document.name,
                        m.source.line,
                        "field",
                        f"measure {m.id}: its cost references go round in a circle "
                        f"({' → '.join([*seen, target.id])})",
                    )
                )
            current = None if target is None or target.id in seen else target
            seen.add(target.id if target else "")
        if current is not None and current.cost is not None and current.cost.czk is not None:
            owner_of[m.id] = current.id
        elif m.cost is not None and m.cost.reference and current is not None:
            diagnostics.append(
                Diagnostic(
                    document.name,
                    m.source.line,
                    "field",
                    f"measure {m.id} takes its cost from {m.cost.reference}, which names no amount",
                )
            )
    listed = _share_listed(document, by_id, owner_of, diagnostics, cost_line)
    lines: list[BudgetLine] = []
    updated: list[Measure] = []
    shared_by: dict[str, list[str]] = {}
    for m in measures:
        if m.id in owner_of:
            shared_by.setdefault(owner_of[m.id], []).append(m.id)
    line_ids: dict[str, str] = {}
    for carrier_id in shared_by:
        line_ids[carrier_id] = _budget_id(carrier_id, by_id[carrier_id], set(line_ids.values()))
    for m in measures:
        owner = owner_of.get(m.id)
        if owner is None:
            updated.append(m)
            continue
        line_id = line_ids[owner]
        carrier = by_id[owner]
        links = m.links
        if m.id in listed and carrier.cost is not None:
            raw = " ".join(re.findall(r"\(([^()]*)\)", carrier.cost.raw))
            source = document.span(cost_line(carrier))
            links = (*links, Link("budget", owner, raw, source, "Measure"))
        updated.append(dataclasses.replace(m, budget_line=line_id, links=links))
        if owner == m.id and m.cost is not None:
            sharing = tuple(shared_by[owner])
            source = document.span(cost_line(m))
            lines.append(BudgetLine(plan, line_id, m.cost, sharing, source, m.funding_sources))
    return updated, lines


def _budget_id(owner: str, carrier: Measure, taken: set[str]) -> str:
    part, _, number = owner.rpartition("/")
    numbers = cost_shared_by(carrier.cost.raw) if carrier.cost is not None else ()
    if len(numbers) > 1:
        number = f"{numbers[0]}-{numbers[-1]}"
    wanted = f"{part}/budget/{number}" if part else f"budget/{number}"
    line_id, n = wanted, 1
    while line_id in taken:
        n += 1
        line_id = f"{wanted}_{n}"
    return line_id


def _share_listed(
    document: Document,
    by_id: dict[str, Measure],
    owner_of: dict[str, str],
    diagnostics: list[Diagnostic],
    cost_line: Callable[[Measure], int],
) -> set[str]:
    """Measures a cost lists in brackets ("800 000 Kč/OPZ+ (1.1.1 a 1.1.2)") share its line;
    returns those that take it so.

    A listed number is read in the carrier's part of the plan ("D.2/1.1.2" lists "1.1.1" as
    "D.2/1.1.1"); a measure with an amount of its own keeps it, and is reported.
    """
    listed: set[str] = set()
    for carrier, owner in list(owner_of.items()):
        cost = by_id[carrier].cost
        if carrier != owner or cost is None:
            continue
        part = carrier.rpartition("/")[0]
        for number in cost_shared_by(cost.raw):
            target = f"{part}/{number}" if part else number
            line = cost_line(by_id[carrier])
            if target not in by_id:
                diagnostics.append(
                    Diagnostic(
                        document.name,
                        line,
                        "dangling-link",
                        f"measure {carrier}: its cost lists measure {target}, "
                        "which the document does not contain",
                    )
                )
            elif target != carrier and owner_of.setdefault(target, carrier) == carrier:
                listed.add(target)
            elif owner_of[target] != carrier:
                diagnostics.append(
                    Diagnostic(
                        document.name,
                        line,
                        "duplicate",
                        f"measure {carrier}: its cost lists measure {target}, which is "
                        f"already funded by {owner_of[target]}",
                    )
                )
    return listed


def _check_links(
    document: Document, goals: list[Goal], measures: list[Measure], diagnostics: list[Diagnostic]
) -> None:
    goal_ids = {g.id for g in goals}
    measure_ids = {m.id for m in measures}
    for m in measures:
        for link in m.links:
            if link.kind not in ("goal", "measure", "cost") or link.target is None:
                continue
            known = goal_ids if link.kind == "goal" else measure_ids
            if link.target not in known:
                what = "goal" if link.kind == "goal" else "measure"
                diagnostics.append(
                    Diagnostic(
                        document.name,
                        link.source.line,
                        "dangling-link",
                        f"measure {m.id} refers to {what} {link.target}, which the document "
                        f"does not contain ({link.raw!r})",
                    )
                )


def _unknown_chapters(
    document: Document, body: range, overview: range, read: set[int], is_chapter
) -> list[Diagnostic]:
    """One ``unplaced`` diagnostic per block of lines outside any known chapter."""
    diagnostics: list[Diagnostic] = []
    known = False
    block: list[int] = []

    def flush() -> None:
        if block:
            diagnostics.append(
                Diagnostic(
                    document.name,
                    block[0],
                    "unplaced",
                    f"lines {block[0]}–{block[-1]} belong to no known chapter and were not read",
                )
            )
            block.clear()

    for number in [*overview, *range(body.stop, len(document.lines) + 1)]:
        text = document.line(number)
        if number == body.stop:
            known = False
        if number in read or not text.strip():
            continue
        if is_chapter(number, text):
            flush()
            known = True
        elif not known:
            block.append(number)
    flush()
    return diagnostics
