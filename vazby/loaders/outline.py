"""The outline reader: a plan in any numbered layout, read with a layout profile.

A profile (:mod:`vazby.loaders.profiles`) says how a layout names its levels, numbers them
and labels a measure's fields. The reader finds the heads of the outline
(:mod:`~vazby.loaders.outline_heads`), orders their levels by the document's own nesting
(:mod:`~vazby.loaders.outline_tree`), reads each section's fields
(:mod:`~vazby.loaders.outline_fields`) and yields the records every loader yields: plan,
areas, goals, measures (with their cards' parsers, :func:`vazby.loaders.cards.build_measure`),
activities, budget lines and diagnostics.

Where the ladder needs a rung the document does not print, the nearest printed level stands
for it, with its own number, title and lines: a plan with no areas has each top goal as its
area; measures straight under an area have the area as their goal; measures above every
goal (an overview with no details) sit under the plan's own area and goal ``0``.

Never all-or-nothing: every unit of text (a line, a paragraph, a table row) is placed or
reported. :class:`~vazby.loaders.records.Coverage` counts them, the unplaced ones by
section, and under :data:`COVERAGE_GOAL` placed is a ``coverage`` diagnostic. Only a
document in which no profile finds a measure is refused, naming the closest profile and
what it missed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..documents.model import Block
from ..errors import DetectError
from ..lang import fold
from .action_plan import cost_budget_lines, plan_slug
from .cards import (
    RawCard,
    RawField,
    build_measure,
    parse_links,
    refers_to_area,
    split_actors,
    split_groups,
)
from .coverage import COVERAGE_GOAL, low_coverage, units_of_text
from .detect import Sniff
from .evaluation import infer_town
from .outline_blocks import blocks_of
from .outline_fields import FieldReader, Section, SectionField
from .outline_heads import Head, HeadReader, Unit, agreed, units_of
from .outline_refs import ReferenceReader
from .outline_tree import Node, ancestor, arrange
from .plan_structure import area_lists
from .profiles import Profile, shipped_profiles
from .records import (
    Activity,
    Area,
    Coverage,
    Diagnostic,
    Document,
    Goal,
    Link,
    LoadResult,
    Measure,
    Mention,
    Plan,
    SourceSpan,
)
from .target_groups import split_groups as split_target_groups
from .text import clean_cell, cost_funding, parse_schedule, split_items

__all__ = [
    "LOADER",
    "COVERAGE_GOAL",
    "Reading",
    "read_outline",
    "choose",
    "why",
    "forget",
    "sniff",
    "load",
]

LOADER = "outline"


_PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})\b")
#: A yearly plan's one year: "na rok 2025", "pro rok 2025", "rok 2025" (not "do roku 2030").
_YEAR = re.compile(r"(?:\b(?:na|pro)\s+(?:rok\s+)?|\brok\s+)((?:19|20)\d{2})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """One profile's reading of a document: records, diagnostics and coverage."""

    profile: Profile
    records: tuple[object, ...]
    diagnostics: tuple[Diagnostic, ...]
    coverage: Coverage
    measures: int
    heads: int
    missed: str


class _Builder:
    """Turns the arranged outline of one document into records."""

    def __init__(self, document: Document, units: list[Unit], profile: Profile) -> None:
        self.document = document
        self.units = units
        self.profile = profile
        self.fields = FieldReader(profile)
        self.references = ReferenceReader(profile)
        self.records: list[object] = []
        self.diagnostics: list[Diagnostic] = []
        self.placed: set[int] = set()
        self.made: set[tuple[str, str]] = set()
        self.slug = ""
        self.town: str | None = None
        #: Top node's unit → the part of the plan that is its area: mark, title and lines.
        self.parts: dict[int, tuple[str, str, int, int]] = {}
        #: Area id → title of every area of the document, for links that name an area.
        self.area_titles: dict[str, str] = {}
        #: Measure id → the line of its cost field, for its budget line's source.
        self.cost_lines: dict[str, int] = {}

    def span(self, first: int, last: int | None = None) -> SourceSpan:
        return self.document.span(first, max(first, last or first))

    def diag(self, line: int, kind: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.document.name, line, kind, message))

    def of(self, cls: type) -> list:
        return [r for r in self.records if isinstance(r, cls)]


def _ends(units: list[Unit], heads: list[Head], fields: FieldReader, reader: HeadReader) -> dict:
    """Where each head's own text ends: the next head, or a heading that is no field label."""
    stops = sorted(
        {h.unit for h in heads}
        | {
            u.index
            for u in units
            if u.style[0] == "H" and not fields.split(u.text) and not reader.is_level_word(u.text)
        }
    )
    ends = {}
    for h in heads:
        at = bisect.bisect_right(stops, h.unit)
        ends[h.unit] = stops[at] if at < len(stops) else len(units)
    return ends


def read_outline(document: Document, blocks: Sequence[Block], profile: Profile) -> Reading:
    """Read ``document`` (its ``blocks``) with ``profile``.

    Returns
    -------
    Reading
        The records, diagnostics and coverage; ``measures`` is 0 when the profile found no
        outline, and ``missed`` then says what it lacked.
    """
    units = units_of(tuple(blocks))
    reader = HeadReader(profile)
    fields = FieldReader(profile)
    heads = agreed(
        [
            h
            for u in units
            if (h := reader.head(u)) is not None and not _value_of_label(fields, units, u.index)
        ]
    )
    ends = _ends(units, heads, fields, reader)
    sections = {h.unit: fields.read(units[h.unit + 1 : ends[h.unit]], units[h.unit]) for h in heads}
    heads = [_inline_fields(fields, h, sections[h.unit]) for h in heads]
    tree = arrange(heads, {unit: len(s.fields) for unit, s in sections.items()})
    b = _Builder(document, units, profile)
    plan = _plan(b, heads)
    b.slug = plan.slug
    b.town = plan.town
    _name_restarted_parts(b, tree.nodes, sections)
    nodes = _merge(b, tree.nodes, sections)
    b.area_titles = _area_titles(b, nodes)
    for node in nodes:
        _title_from_next_line(node, sections[node.head.unit], units)
    for node in nodes:
        b.placed.add(node.head.unit)
        b.placed.update(h.unit for h in node.duplicates)
        b.placed.update(sections[node.head.unit].structure)
        _emit(b, node, sections[node.head.unit], ends[node.head.unit])
    measures = sum(1 for r in b.records if isinstance(r, Measure))
    missed = ""
    if not measures:
        missed = (
            f"{len(heads)} numbered headings but no measure level ({tree.reason})"
            if heads
            else "no numbered headings of its level words or numbering"
        )
    coverage = _coverage(b, units, heads, tree.reason, measures)
    measures_list, lines = cost_budget_lines(
        document, plan.slug, b.of(Measure), b.diagnostics, b.cost_lines
    )
    records = _replace_measures(b.records, _linked_by_kind(b, measures_list))
    return Reading(
        profile,
        (plan, *records, *lines),
        tuple(sorted(b.diagnostics, key=lambda d: (d.line, d.kind))),
        coverage,
        measures,
        len(heads),
        missed,
    )


def _value_of_label(fields: FieldReader, units: list[Unit], index: int) -> bool:
    """Whether the unit is the value of a label printed alone on the line before it:
    "Vazba na další cíle" / "Specifický cíl 1.1.1" names a goal, it opens none."""
    if index == 0 or units[index - 1].style == "R":
        return False
    found = fields.split(units[index - 1].text)
    return found is not None and not found[2] and found[1] != "activities"


def _linked_by_kind(b: _Builder, measures: list[Measure]) -> list[Measure]:
    """Measures whose bare-number links ("Vazba na: B.1.1") name what the outline holds: a
    number is a goal's or a measure's by the document's own nesting, not by its depth."""
    ids = {
        "goal": {g.id for g in b.of(Goal)},
        "measure": {m.id for m in measures},
    }
    types = {"goal": None, "measure": "Measure"}
    out = []
    for measure in measures:
        links = []
        for link in measure.links:
            other = "measure" if link.kind == "goal" else "goal"
            if (
                link.kind in ids
                and link.target is not None
                and link.target not in ids[link.kind]
                and link.target in ids[other]
                and not _named_kind(link.raw)
            ):
                target_type = types[other] or _goal_type(b, link.target)
                link = replace(link, kind=other, target_type=target_type)
            links.append(link)
        out.append(replace(measure, links=tuple(links)))
    return out


def _named_kind(raw: str) -> bool:
    """Whether a link's text names its kind ("opatření 1.2", "cíl 3.1") before the number."""
    return bool(re.match(r"\s*[^\W\d_]{2,}\s", raw))


def _goal_type(b: _Builder, ident: str) -> str:
    goal = next(g for g in b.of(Goal) if g.id == ident)
    return "StrategicGoal" if goal.level == "strategic" else "SpecificGoal"


def _replace_measures(records: list[object], measures: list[Measure]) -> list[object]:
    by_id = {m.id: m for m in measures}
    return [by_id.get(r.id, r) if isinstance(r, Measure) else r for r in records]


def _plan(b: _Builder, heads: list[Head]) -> Plan:
    """The plan: its title is the first heading (else the first line) before the outline."""
    first_head = heads[0].unit if heads else len(b.units)
    opening = [u for u in b.units[:first_head]]
    titled = next((u for u in opening if u.style[0] == "H"), opening[0] if opening else None)
    title = clean_cell(titled.text) if titled else b.document.name
    if titled is not None:
        b.placed.add(titled.index)
        after = titled.index + 1
        # a title wrapped over lines: "Akční plán sociálního" / "začleňování obce Lhota" /
        # "2026–2028" (a line going on in lower case, or its period alone)
        while not _PERIOD.search(title) and after < first_head and after <= titled.index + 3:
            text = clean_cell(b.units[after].text)
            short = len(text.split()) <= 4 and _PERIOD.search(text)
            if not (short or (text[:1].islower() and len(text.split()) <= 8)):
                break
            title = f"{title} {text}"
            b.placed.add(after)
            after += 1
    town = infer_town([u.text for u in b.units])
    period_match = _PERIOD.search(title)
    year = _YEAR.search(title)
    if period_match:
        period: str | None = f"{period_match.group(1)}–{period_match.group(2)}"
    else:
        period = year.group(1) if year else None
    stem = b.document.name.rsplit(".", 1)[0]
    slug = plan_slug(town, period, "plan", stem)
    line = titled.line if titled else 1
    last = b.units[-1].line if b.units else 1
    vision = _vision(b, opening)
    return Plan(slug, title, town, "plan", b.span(line, last), period=period, vision=vision)


def _vision(b: _Builder, opening: list[Unit]) -> str | None:
    """The plan's vision: a "Vize" / "Dlouhodobý cíl" field before the outline, its value on
    the label's line or the next."""
    for n, unit in enumerate(opening):
        found = b.fields.split(unit.text)
        if found is None or found[1] != "vision":
            continue
        b.placed.add(unit.index)
        if found[2]:
            return clean_cell(found[2])
        if n + 1 < len(opening):
            b.placed.add(opening[n + 1].index)
            return clean_cell(opening[n + 1].text)
    return None


#: A part's mark printed before its outline: "B/ ZAMĚSTNANOST", "B.2/ Bydlení", "C) Dluhy",
#: "IV. ČÁST" — letters or roman numerals, with or without a number, then / ) . or a dash.
_PART_MARK = re.compile(
    r"^\s*(?:část\s+)?(?P<mark>(?:[A-Z]|[IVX]{1,4})(?:\.\d{1,2})?)\s*[/).:–—-]\s*\S", re.IGNORECASE
)


def _name_restarted_parts(b: _Builder, nodes: list[Node], sections: dict[int, Section]) -> None:
    """Numbering that starts again in every part of a plan names each part's nodes apart.

    A top-level number printed again opens a new run of the outline. Where every run has
    measures with fields of their own, the runs are parts (areas numbered afresh), not an
    overview list followed by the details: each node's id is prefixed with its part's mark
    (the "B/" of a "B/ ZAMĚSTNANOST" line before the run), else with the run's order. A
    marked part over a run that prints no areas is the area of the run ("B.1/ RODINA" over
    "1 PRIORITA …": area "B.1", goal "B.1/1").
    """
    runs: list[list[Node]] = [[]]
    seen: set[tuple[str, str]] = set()
    for node in nodes:
        if node.parent is None and node.role != "section":
            key = (node.role, node.id)
            if key in seen and runs[-1]:
                runs.append([])
                seen = set()
            seen.add(key)
        runs[-1].append(node)
    if len(runs) < 2 or not all(
        any(n.role == "measure" and sections[n.head.unit].fields for n in run) for run in runs
    ):
        return
    previous = 0
    marks: list[tuple[str, int | None]] = []
    for run in runs:
        first = run[0].head.unit
        found = next(
            (
                (m.group("mark"), u.index)
                for u in reversed(b.units[previous:first])
                if (m := _PART_MARK.match(u.text)) and u.index not in sections
            ),
            None,
        )
        marks.append(found or ("", None))
        previous = run[-1].head.unit + 1
    named = all(m for m, _ in marks) and len({m for m, _ in marks}) == len(marks)
    for order, (run, (mark, unit)) in enumerate(zip(runs, marks, strict=True), 1):
        label = mark if named else str(order)
        if named and unit is not None:
            b.placed.add(unit)
            _drop_free(sections.values(), unit)  # the mark is the part's, no measure's text
            if not any(n.role == "area" for n in run):
                # "D.2/ BYDLENÍ" over a run of goals: the part is their area
                text = b.units[unit].text
                printed = _PART_MARK.match(text)
                title = clean_cell(text[printed.end() - 1 :]) if printed else text
                part = (mark, title, b.units[unit].line, run[-1].head.line)
                b.parts.update({n.head.unit: part for n in run if n.parent is None})
        for node in run:
            if node.role != "section":
                node.id = f"{label}/{node.id}"


def _drop_free(sections: Iterable[Section], unit: int) -> None:
    for section in sections:
        if unit in section.free_units:
            at = section.free_units.index(unit)
            del section.free_units[at], section.free[at]


def _merge(b: _Builder, nodes: list[Node], sections: dict[int, Section]) -> list[Node]:
    """One node per (role, id): an overview line and its detailed section are one."""
    kept: dict[tuple[str, str], Node] = {}
    canonical: dict[int, Node] = {}
    for node in nodes:
        if node.role == "section":
            canonical[node.head.unit] = node
            continue
        key = (node.role, node.id)
        other = kept.get(key)
        if other is None:
            kept[key] = node
            canonical[node.head.unit] = node
            continue
        mine, theirs = sections[node.head.unit], sections[other.head.unit]
        if mine.fields and theirs.fields:
            b.diag(
                node.head.line,
                "duplicate",
                f"{node.role} {node.id} is printed twice with fields (see line "
                f"{other.head.line}); the fuller one is kept",
            )
        better, worse = (node, other) if _weight(mine) >= _weight(theirs) else (other, node)
        if better.parent is None:
            better.parent = worse.parent
        if not better.head.title and worse.head.title:
            better.head = replace(better.head, title=worse.head.title)
        better.duplicates = (*better.duplicates, *worse.duplicates, worse.head)
        kept[key] = better
        canonical[node.head.unit] = better
        canonical[other.head.unit] = better
    result = []
    for node in nodes:
        if canonical.get(node.head.unit) is not node:
            continue
        parent = node.parent
        while parent is not None and canonical.get(parent.head.unit) is not parent:
            parent = canonical.get(parent.head.unit, parent.parent)
        node.parent = parent
        result.append(node)
    return result


def _area_titles(b: _Builder, nodes: list[Node]) -> dict[str, str]:
    """The areas the records will have: printed areas, else marked parts, else top goals."""
    areas = {n.id: n.head.title for n in nodes if n.role == "area"}
    areas.update({mark: title for mark, title, _, _ in b.parts.values()})
    if not areas:
        areas = {n.id: n.head.title for n in nodes if n.role == "goal" and n.parent is None}
    return areas


def _weight(section: Section) -> tuple[int, int]:
    return (len(section.fields), len(section.used))


def _inline_fields(fields: FieldReader, head: Head, section: Section) -> Head:
    """The head with the fields printed on its own line ("Opatření 1.1 – Byty (garant:
    Obec; termín: 2025)") taken out of its title into its section."""
    title, found = fields.inline(head.title)
    if not found:
        return head
    section.fields[:0] = [
        SectionField(label, key, value, head.line, head.line, [head.unit])
        for label, key, value in found
    ]
    return replace(head, title=title)


def _title_from_next_line(node: Node, section: Section, units: list[Unit]) -> None:
    """ "Opatření 2.3" alone on its line: the title is the next line that is no field.

    Where an overview line gave the title already, a next line that says the same is the
    title printed again, not the start of the description.
    """
    if not section.free:
        return
    line, text = section.free[0]
    if node.head.title and fold(node.head.title, tidy=True) != fold(clean_cell(text), tidy=True):
        return
    section.free.pop(0)
    unit = section.free_units.pop(0)
    node.head = replace(node.head, title=clean_cell(text))
    node.duplicates = (*node.duplicates, replace(node.head, unit=unit, line=line))


def _area_of(b: _Builder, node: Node) -> str:
    """The id of the area ``node`` is in; the top goal stands for the area a plan lacks."""
    area = node if node.role == "area" else ancestor(node, "area")
    if area is not None:
        return area.id
    root = node
    while root.parent is not None:
        root = root.parent
    if root.head.unit in b.parts:
        mark, title, first, last = b.parts[root.head.unit]
        if ("area", mark) not in b.made:
            b.made.add(("area", mark))
            b.records.append(Area(b.slug, mark, mark, title, b.span(first, last)))
        return mark
    top = node if node.role == "goal" else None
    parent = node.parent
    while parent is not None:
        if parent.role == "goal":
            top = parent
        parent = parent.parent
    if top is None:
        return _root(b)
    if ("area", top.id) not in b.made:
        b.made.add(("area", top.id))
        b.records.append(
            Area(b.slug, top.id, top.head.number, top.head.title, b.span(top.head.line))
        )
    return top.id


def _goal_of(b: _Builder, node: Node) -> str:
    """The id of the goal a measure is under; an area with no goals stands for its goal."""
    goal = ancestor(node, "goal")
    if goal is not None:
        return goal.id
    area = ancestor(node, "area")
    if area is None:
        return _root(b)
    if ("goal", area.id) not in b.made:
        b.made.add(("goal", area.id))
        b.records.append(
            Goal(
                b.slug,
                area.id,
                area.head.number,
                "strategic",
                area.head.title,
                area.id,
                area.id,
                b.span(area.head.line),
                label_cs=area.head.word or "",
            )
        )
    return area.id


def _root(b: _Builder) -> str:
    """The plan's own area and goal ``0``, for measures printed above every goal."""
    if ("goal", "0") not in b.made:
        plan = b.records[0] if b.records and isinstance(b.records[0], Plan) else None
        title = plan.title if plan else b.document.name
        span = b.span(1)
        b.made.update({("goal", "0"), ("area", "0")})
        b.records.append(Area(b.slug, "0", "0", title, span))
        b.records.append(Goal(b.slug, "0", "0", "strategic", title, "0", "0", span))
        b.diag(1, "numbering", "measures with no goal above them are placed under the plan (0)")
    return "0"


def _emit(b: _Builder, node: Node, section: Section, end: int) -> None:
    last = b.units[end - 1].line if end > node.head.unit else node.head.line
    span = b.span(node.head.line, last)
    head = node.head
    if node.role == "area":
        groups = section.get("target_groups")
        mentions: tuple[Mention, ...] = ()
        actors: tuple[Mention, ...] = ()
        if groups:
            source = b.span(groups.first, groups.last)
            listed = area_lists(groups.value.split("\n"))
            names, others = listed if listed is not None else (split_groups(groups.value), [])
            mentions = tuple(Mention(g, source) for g in names)
            actors = tuple(Mention(a, source) for a in others)
            b.placed.update(groups.units)
        b.records.append(Area(b.slug, node.id, head.number, head.title, span, mentions, actors))
        b.made.add(("area", node.id))
    elif node.role == "goal":
        parent = node.parent
        while parent is not None and parent.role not in ("goal", "area"):
            parent = parent.parent
        area = _area_of(b, node)
        indicators = section.get("indicators")
        impact = section.get("impacts")
        for f in (indicators, impact):
            if f is not None:
                b.placed.update(f.units)
        b.records.append(
            Goal(
                b.slug,
                node.id,
                head.number,
                node.level or "specific",
                head.title,
                parent.id if parent is not None else area,
                area,
                span,
                label_cs=head.word or "",
                impact=clean_cell(impact.value) if impact else None,
                indicators=tuple(_lines(indicators.value)) if indicators else (),
            )
        )
        b.made.add(("goal", node.id))
    elif node.role == "measure":
        _measure(b, node, section, span)
    elif node.role == "activity":
        _activity(b, node, section, span)


def _lines(value: str) -> list[str]:
    return [clean_cell(v).lstrip("-–•* ").strip() for v in value.split("\n") if clean_cell(v)]


def _measure(b: _Builder, node: Node, section: Section, span: SourceSpan) -> None:
    card = RawCard(
        printed=node.head.number,
        header=node.head.line,
        title=node.head.title,
        free_text=[text for _, text in section.free],
        fields=[
            RawField(f.name, _card_key(f), _joined(f.value, f.key), f.first, f.last)
            for f in section.fields
        ],
        last=span.last_line,
    )
    area = _area_of(b, node)
    area_record = next((a for a in reversed(b.of(Area)) if a.id == area), None)
    measure, found = build_measure(
        b.document,
        card,
        plan=b.slug,
        ident=node.id,
        goal=_goal_of(b, node),
        area=area,
        area_groups=area_record.target_groups if area_record is not None else (),
        area_actors=area_record.actors if area_record is not None else (),
        need_areas=b.area_titles,
    )
    b.diagnostics.extend(found)
    measure = replace(measure, source=span)
    status = section.get("status")
    if status is not None and clean_cell(status.value):
        text = clean_cell(_joined(status.value, "status"))
        measure = replace(measure, status=Mention(text, b.span(status.first, status.last)))
    if b.references.active:
        measure = replace(measure, links=_profile_links(b, measure, section))
    else:
        measure = replace(measure, links=(*measure.links, *_prose_links(b, section)))
    groups = section.get("target_groups")
    if groups is not None and measure.target_groups and not refers_to_area(groups.value):
        # A cell a converter ran together ("Spolupracující NNO Pracovníci MěÚ Lhotka
        # Odborná veřejnost") is split where a reader starts a new group, the town kept whole.
        names = (b.town,) if b.town else ()
        value = _joined(groups.value, "target_groups")
        source = b.span(groups.first, groups.last)
        mentions = tuple(Mention(g, source) for g in split_target_groups(value, names))
        measure = replace(measure, target_groups=mentions)
    cost = section.get("cost") or section.get("cost_and_funding")
    if cost is not None:
        b.cost_lines[node.id] = cost.first
    if not section.get("funding") and cost is not None and measure.cost is not None:
        sources = _cost_sources(clean_cell(cost.value), measure, cost.key == "cost_and_funding")
        source = b.span(cost.first, cost.last)
        measure = replace(measure, funding_sources=tuple(Mention(s, source) for s in sources))
    if not measure.funding_sources and not section.get("funding"):
        # "Náklady: 2 mil. Kč, hrazeno z IROP": a cost field's sentence names a source too
        cost_text = [(cost.first, clean_cell(cost.value))] if cost is not None else []
        prose = _prose(b, [*section.free, *cost_text], "funding")
        measure = replace(measure, funding_sources=prose)
    if not section.get("guarantors"):
        measure = replace(measure, guarantors=_prose(b, section.free, "guarantors"))
    b.records.append(measure)
    b.placed.update(section.used)
    activities = section.get("activities")
    if activities is not None:
        for n, text in enumerate(_lines(activities.value), 1):
            b.records.append(
                Activity(
                    b.slug,
                    f"{node.id}/{n}",
                    text,
                    b.span(activities.first, activities.last),
                    status="planned",
                    measure=node.id,
                )
            )


#: "800 000 Kč/OPZ+": a funding source written after the amount, behind a slash.
_AMOUNT_SLASH = re.compile(r"(?:Kč|CZK)\s*/\s*\S", re.IGNORECASE)


def _cost_sources(text: str, measure: Measure, both: bool = False) -> tuple[str, ...]:
    """The funding sources a cost field names after its amount ("… Kč/OPZ+ (1.1.1)"); in a
    field labelled for ``both`` cost and funding, also after a comma.

    Examples
    --------
    >>> from vazby.loaders.text import parse_czk
    >>> m = Measure("p", "1", "1", "t", "1", "1", SourceSpan("p", "0", 1, 1))
    >>> text = "800 000 Kč/OPZ+, rozpočet města (1.1.1 a 1.1.2)"
    >>> _cost_sources(text, replace(m, cost=parse_czk(text)))
    ('OPZ+', 'rozpočet města')
    >>> _cost_sources("30 tis. Kč ročně", replace(m, cost=parse_czk("30 tis. Kč ročně")))
    ()
    """
    if measure.cost is None or measure.cost.czk is None:
        return ()
    if not both and not _AMOUNT_SLASH.search(text):
        return ()
    return split_items(cost_funding(text, measure.cost))


def _card_key(f: SectionField) -> str:
    """The card field a section field is read as: a cost-and-funding field with no number
    in it names only the source ("Vlastní zdroje")."""
    if f.key == "cost_and_funding":
        return "cost" if re.search(r"\d", f.value) else "funding"
    return f.key


def _prose_links(b: _Builder, section: Section) -> list[Link]:
    """The links of the measure's sentences with a links cue ("navazuje na opatření 1.1"),
    read by the built-in rule of a "Vazba na" field."""
    links = []
    for line, _, tail in b.fields.cued(section.free, "links"):
        found, _ = parse_links(tail)
        links += [
            Link(kind, to, raw, b.span(line), kind_type) for kind, to, kind_type, raw in found
        ]
    return links


def _profile_links(b: _Builder, measure: Measure, section: Section) -> tuple[Link, ...]:
    """The measure's links read as the profile's ``[references]`` writes them: its links
    fields whole, and each sentence of its free text that has a cue; the cost reference
    ("Viz opatření …" as the cost) stays as the card reader found it."""
    links = [link for link in measure.links if link.kind == "cost"]
    for f in section.fields:
        if f.key != "links":
            continue
        found, rest = b.references.read(_joined(f.value, f.key), b.span(f.first, f.last))
        links.extend(found)
        if rest:
            links.append(Link("text", None, rest, b.span(f.first, f.last)))
            b.diag(f.first, "field", f"measure {measure.id}: link text {rest!r} names no target")
    for line, text in section.free:
        links.extend(b.references.in_prose(text, b.span(line)))
    return tuple(links)


_BULLET = re.compile(r"^\s*[-–•*]\s+")


def _joined(value: str, key: str) -> str:
    r"""A value printed over several lines, as one: a line that starts with a bullet or a
    capital after a line that does not end in a comma is a new item ("Osoby v exekuci" /
    "Senioři" in two rows of a card); other lines continue the one before (a wrapped value).

    Examples
    --------
    >>> _joined("Osoby v exekuci\nSenioři", "target_groups")
    'Osoby v exekuci; Senioři'
    >>> _joined("Město Lhota ve spolupráci se spolkem Háj,\nmístní školou", "guarantors")
    'Město Lhota ve spolupráci se spolkem Háj, místní školou'
    >>> _joined("- výlety\n- tábor", "activities")
    'výlety\ntábor'
    """
    if key in ("description", "activities", "impacts", "indicators"):
        joiner = "\n" if key != "description" else " "
        return joiner.join(_BULLET.sub("", line).strip() for line in value.split("\n"))
    out = ""
    for line in value.split("\n"):
        item = _BULLET.sub("", line).strip()
        if not item:
            continue
        new_item = bool(_BULLET.match(line)) or (item[:1].isupper() and not out.endswith(","))
        out = item if not out else f"{out}{'; ' if new_item else ' '}{item}"
    return out


def _prose(b: _Builder, free: list[tuple[int, str]], key: str) -> tuple[Mention, ...]:
    mentions = []
    for found in b.fields.from_prose(free, key):
        split = split_actors(found.text) if key == "guarantors" else [found.text]
        mentions += [Mention(name, b.span(found.line), prose=True) for name in split]
    return tuple(mentions)


def _activity(b: _Builder, node: Node, section: Section, span: SourceSpan) -> None:
    measure = ancestor(node, "measure")
    schedule = section.get("schedule")
    responsible = section.get("guarantors")
    b.records.append(
        Activity(
            b.slug,
            node.id,
            node.head.title,
            span,
            period=parse_schedule(clean_cell(schedule.value)) if schedule else None,
            description=" ".join(clean_cell(t) for _, t in section.free) or None,
            responsible=tuple(
                Mention(a, b.span(responsible.first, responsible.last))
                for a in split_actors(responsible.value)
            )
            if responsible
            else (),
            status="planned",
            measure=measure.id if measure is not None else None,
        )
    )
    b.placed.update(section.used)


def _coverage(
    b: _Builder, units: list[Unit], heads: list[Head], reason: str, measures: int
) -> Coverage:
    head_at = {h.unit: h for h in heads}
    section = "(before the first heading)"
    unplaced: dict[str, list[int]] = {}
    for unit in units:
        if unit.index in head_at:
            h = head_at[unit.index]
            section = " ".join(p for p in (h.word, h.number, h.title) if p)[:60]
        elif unit.style[0] == "H":
            section = unit.text[:60]
        if unit.index not in b.placed:
            unplaced.setdefault(section, []).append(unit.line)
    for name, lines in unplaced.items():
        b.diag(
            lines[0],
            "unplaced",
            f"{len(lines)} {units_of_text(b.document, len(lines))} of {name!r} became no fact"
            + (f" (lines {lines[0]}–{lines[-1]})" if len(lines) > 1 else ""),
        )
    placed = len(b.placed & {u.index for u in units})
    levels = f"{measures} measures ({reason})"
    return Coverage(
        b.profile.name,
        levels,
        placed,
        len(units),
        tuple((name, tuple(lines)) for name, lines in unplaced.items()),
        b.document.units,
    )


def choose(
    document: Document, profiles: Sequence[Profile] = ()
) -> tuple[Reading, list[Diagnostic]]:
    """Read ``document`` with every outline profile (``profiles`` first, then the shipped
    ones; a profile of a layout's own loader is that loader's) and keep the reading that
    explains most of it: most measures found, then most text placed.

    A tie between profiles, and a poor fit, are diagnostics.
    """
    # detect and load both ask for the same document: read it once
    return _choose(document, tuple(profiles))


@lru_cache(maxsize=2)
def _choose(document: Document, profiles: tuple[Profile, ...]) -> tuple[Reading, list[Diagnostic]]:
    blocks = blocks_of(document)
    # a profile of a layout with a loader of its own is read by that loader, not here
    own = [p for p in profiles if p.loader == LOADER]
    shipped = [p for p in shipped_profiles() if p.loader == LOADER and p.name not in _names(own)]
    candidates = [*own, *shipped]
    readings = [read_outline(document, blocks, p) for p in candidates]
    ranked = sorted(
        range(len(readings)),
        key=lambda i: (-(readings[i].measures > 0), -readings[i].coverage.placed, i),
    )
    best = readings[ranked[0]]
    notes: list[Diagnostic] = []
    if len(ranked) > 1:
        second = readings[ranked[1]]
        if second.measures and (second.coverage.placed, second.measures) == (
            best.coverage.placed,
            best.measures,
        ):
            notes.append(
                Diagnostic(
                    document.name,
                    1,
                    "profile",
                    f"profiles {best.profile.name!r} and {second.profile.name!r} read this "
                    f"document equally ({best.coverage.percent}% placed); "
                    f"{best.profile.name!r} was used",
                )
            )
    if best.measures and best.coverage.share < COVERAGE_GOAL:
        notes.append(low_coverage(document, best.coverage, f"profile {best.profile.name!r}"))
    return best, notes


def forget() -> None:
    """Drop the readings :func:`choose` keeps of the documents it read last."""
    _choose.cache_clear()


def _names(profiles: Sequence[Profile]) -> set[str]:
    return {p.name for p in profiles}


def sniff(document: Document, profiles: Sequence[Profile] = ()) -> Sniff:
    """The outline reader's verdict: a low score, for it is the last resort of detection.

    Examples
    --------
    >>> lines = ("Plán", "Cíl 1.1 Bydlení", "Opatření 1.1.1: Poradna", "Garant: Město")
    >>> sniff(Document("p.txt", "p.txt", "0", "utf-8", lines)).score
    10
    """
    reading, _ = choose(document, profiles)
    if not reading.measures:
        return Sniff(0, f"outline: closest profile {reading.profile.name!r}: {reading.missed}")
    return Sniff(10, why(reading))


def why(reading: Reading) -> str:
    """What a reading found, in one line: profile, measures and coverage."""
    return (
        f"{reading.profile.name} profile: {reading.coverage.reason}, "
        f"{reading.coverage.percent}% of {reading.coverage.units} placed"
    )


def load(document: Document, profiles: Sequence[Profile] = ()) -> LoadResult:
    """Read ``document`` with the profile that explains most of it.

    Raises
    ------
    DetectError
        No profile finds a measure in it: the message names the closest profile and what
        it missed.
    """
    reading, notes = choose(document, profiles)
    if not reading.measures:
        raise DetectError(
            document.path,
            0,
            f"no plan outline found; closest profile {reading.profile.name!r}: {reading.missed}",
        )
    diagnostics = tuple(sorted((*notes, *reading.diagnostics), key=lambda d: (d.line, d.kind)))
    coverage = replace(reading.coverage, reason=why(reading))
    return LoadResult(document, LOADER, reading.records, diagnostics, coverage)
