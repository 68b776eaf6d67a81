"""The measures table: one row per measure with its resolved fields, read from the graph.

Used by ``vazby table measures``. Rows are sorted by plan and by the measure's number
(``1.10`` after ``1.9``), so output is deterministic.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import TypeVar

from rdflib import Graph

from ..rdf.store import (
    kept_rows,
    reading,
    term_value,
    whole_corpus,
    without_gc,
)
from .labels import best_label, cell_language, labels_of
from .orphans import amount_value
from .pairs import grouped
from .plans import check_plan, plan_nodes, plan_reads

__all__ = ["MeasureRow", "measure_rows", "mention_order", "natural_key", "source_text"]


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One measure as the measures table shows it.

    ``cost_czk`` is the amount of the budget line that funds the measure; a line shared by
    several measures shows its whole amount on each of them (the line is one node in the
    graph, so graph queries never count it twice).
    """

    plan: str
    id: str
    title: str
    area: str | None
    goal: str | None
    guarantors: tuple[str, ...]
    target_groups: tuple[str, ...]
    funding_sources: tuple[str, ...]
    cost_czk: Decimal | None
    status: str | None
    links: tuple[str, ...]
    source: str


V = TypeVar("V")

_DIGITS = re.compile(r"\d+")
_LONGEST = 0x10FFFF - 0x20  # digits a run's length character can count


@functools.lru_cache(maxsize=4096)
def _number(digits: str) -> str:
    """A run of digits as a string that sorts before any text and by value among numbers:
    a NUL, a character counting the digits, the digits without leading zeros. (Runs repeat
    across identifiers, "1" in most of them: cached.)"""
    digits = (digits if digits.isascii() else "".join(str(int(d)) for d in digits)).lstrip("0")
    digits = digits or "0"
    return f"\x00{chr(0x20 + min(len(digits), _LONGEST))}{digits}"


def _run(match: re.Match) -> str:
    return _number(match.group())


@functools.lru_cache(maxsize=65536)
def _natural(text: str) -> str:
    return _DIGITS.sub(_run, text)


def natural_key(identifier: str) -> str:
    """Sort key that orders numbers inside identifiers numerically.

    The key is a string (a string compares in C, a tuple of parts in Python): each run of
    digits becomes a NUL, a character counting its digits and the digits without leading
    zeros, so that numbers sort by value and before any text at the same place. A name
    ``plan:number`` is keyed by its two parts, each cached: plans and numbers repeat where
    the names do not (no run of digits spans the colon, so the key is the same).

    Examples
    --------
    >>> sorted(["1.10", "1.9", "B.2/1.1", "B.10/1.1"], key=natural_key)
    ['1.9', '1.10', 'B.2/1.1', 'B.10/1.1']
    >>> sorted(["lhota2:1.10", "lhota10:1.9", "lhota2:1.9"], key=natural_key)
    ['lhota2:1.9', 'lhota2:1.10', 'lhota10:1.9']
    """
    head, colon, tail = identifier.rpartition(":")
    return _natural(head) + colon + _natural(tail)


def source_text(doc: object, line: object, locator: object = None) -> str:
    """Where a fact comes from, as printed: the span's locator in the file's own terms
    where it has one (``plan.pdf:p3:7``), else ``file:line``; empty when unknown.

    Examples
    --------
    >>> source_text("plan.txt", 12)
    'plan.txt:12'
    >>> source_text("plan.pdf", 40, "plan.pdf:p3:7")
    'plan.pdf:p3:7'
    """
    if doc is None and locator is None:
        return ""
    return span_text(str(doc), line, line, "" if locator is None else str(locator))


def span_text(doc: str, first: object, last: object, locator: str = "") -> str:
    """A span as printed: its locator where the file is not addressed by line (PDF, DOCX,
    ODT), else ``file:line`` or ``file:first-last``: the one rule for where a fact comes from.

    Examples
    --------
    >>> span_text("plan.txt", 3, 5)
    'plan.txt:3-5'
    >>> span_text("plan.pdf", 3, 5, "plan.pdf:p1:3")
    'plan.pdf:p1:3'
    """
    if locator:
        return locator
    return f"{doc}:{first}" if first == last else f"{doc}:{first}-{last}"


# What the table shows, read as separate inner joins side by side and joined here by the
# measure's node: an OPTIONAL group, or a UNION joined to the measures, makes the store scan
# whole predicates once per measure (a funding-source UNION did not finish in ten minutes at
# 20,000 measures). Each read names the measure ?m first; cells stay as the store writes them.
_READS = {
    "base": "SELECT ?m ?plan ?id ?title WHERE { ?m a vz:Measure ; vz:identifier ?id ;"
    " vz:inPlan ?p ; rdfs:label ?title . ?p vz:identifier ?plan }",
    # a span of a file not addressed by line (PDF, DOCX, ODT) names its place itself (one
    # triple looked up per span: cheaper than a read of its own from the measures)
    "source": "SELECT ?m ?doc ?line ?locator WHERE { ?m a vz:Measure ; prov:wasDerivedFrom ?s ."
    " ?s vz:firstLine ?line ; vz:document ?d . ?d vz:fileName ?doc"
    " OPTIONAL { ?s vz:locator ?locator } }",
    "area": "SELECT ?m ?area WHERE { ?m vz:inArea ?a . ?a vz:identifier ?area }",
    "goal": "SELECT ?m ?goal WHERE { ?g vz:hasPart ?m . ?g vz:identifier ?goal }",
    "cost": "SELECT ?m ?cost WHERE { ?m vz:fundedBy ?line . ?line vz:amountCZK ?cost }",
    "links": "SELECT ?m ?link ?target WHERE { ?link a vz:Link ; vz:linkSource ?m ;"
    " vz:targetText ?target }",
}

#: Column → (the measure's predicate, the role of the mentions that name its concepts, and
#: a pattern that keeps measures only where other nodes hold many of them). A cell holds
#: the concepts the measure has by the predicate (the facts the orphan rules read too, so
#: a guarantor added by hand shows), ordered by their first mention of that role, those
#: never mentioned last. Facts and mentions are read apart: the store's join of the two
#: cost half as much again as both reads.
_CONCEPTS = {
    "guarantors": ("vz:guarantor", "guarantor", ""),
    "target_groups": ("vz:targets", "target-group", ""),
    # budget lines and table rows name funding sources too (two holders in three at 20,000
    # measures): the measures' own are read alone, for the same store time
    "funding_sources": ("vz:fundingSource", "funding-source", " . ?m a vz:Measure"),
    "status": ("vz:status", "status", ""),
}
_FACTS = "SELECT ?m ?c WHERE {{ ?m {predicate} ?c{only} }}"
_MENTIONS = (
    "SELECT ?m ?mention ?c WHERE {{ ?mention vz:mentionRole '{role}' ; vz:mentionIn ?m ;"
    " vz:mentionOf ?c{only} }}"
)
# A card's funding sources are also those of the budget line it shares (Žatec prints a
# shared line's source only on the card that carries it). The line's mentions before its
# sources: in the other order Virtuoso refused to page the answer (estimated 817 s at
# 10,000 measures, over its limit of 400 s).
_LINE_FACTS = {
    "funding_sources/facts/lines": "SELECT ?m ?c WHERE { ?m vz:fundedBy ?line ."
    " ?line vz:fundingSource ?c }",
}
_LINE_MENTIONS = {
    "funding_sources/mentions/lines": "SELECT ?m ?mention ?c WHERE { ?m vz:fundedBy ?line ."
    " ?mention vz:mentionIn ?line ; vz:mentionOf ?c . ?line vz:fundingSource ?c }",
}


def _reads() -> dict[str, str]:
    """The table's reads in the order they start: the concepts each column holds (their
    names are read while the rest is), the mentions that order them, then the rest; so the
    heaviest work on the answers runs beside the store's later reads."""
    facts = {f"{k}/facts": _FACTS.format(predicate=p, only=o) for k, (p, _, o) in _CONCEPTS.items()}
    mentions = {
        f"{k}/mentions": _MENTIONS.format(role=r, only=o) for k, (_, r, o) in _CONCEPTS.items()
    }
    return facts | _LINE_FACTS | mentions | _LINE_MENTIONS | _READS


def mention_order(iri: str) -> str:
    """The sort key of a mention or link by its place in the document: the number its IRI
    ends with (``<…/mention/guarantor/2>``, ``…/mention/funder/36-1``), in natural order.

    Examples
    --------
    >>> sorted(["<x/mention/status/10>", "<x/mention/status/9>"], key=mention_order)
    ['<x/mention/status/9>', '<x/mention/status/10>']
    """
    return _natural(iri[iri.rfind("/") + 1 :].rstrip(">"))


@kept_rows
@without_gc
def measure_rows(graph: Graph, plan: str | None = None) -> list[MeasureRow]:
    """Every measure of the graph (or of one plan) as a :class:`MeasureRow`.

    Raises
    ------
    UnknownEntity
        ``plan`` names no plan in the graph.
    """
    if plan is None:
        graph = whole_corpus(graph)
    check_plan(graph, plan)
    nodes = plan_nodes(graph, plan)  # each read starts from the plan's measures
    reads = plan_reads(graph, _reads(), nodes, "?m vz:inPlan ?in_plan .", columns=True)
    with reading(graph, reads) as got:  # each answer worked on while later reads run
        held = {key: _held(got, key) for key in _CONCEPTS}
        cells = set().union(*(found for column in held.values() for found in column.values()))
        concepts = {c: term_value(c) for c in cells}
        labels = labels_of(graph, concepts.values())
        names = {cell: labels.get(str(c), str(c)) for cell, c in concepts.items()}
        named = {key: _named(got, key, found, names) for key, found in held.items()}
        # each answer made into what a row shows as it comes (the table's order too), so
        # that little is left once the last read is in
        measures = _measures(got["base"], plan)
        sources = {m: _source(row) for m, row in _first_row(got["source"]).items()}
        area, goal = (_values(_first(*got[key])) for key in ("area", "goal"))
        cost = {m: amount_value(term_value(cell)) for m, cell in _first(*got["cost"]).items()}
        links = _links(got["links"], measures)
    guarantors, groups = named["guarantors"], named["target_groups"]
    funding, status = named["funding_sources"], named["status"]
    none: tuple[str, ...] = ()
    rows = []
    for m, (slug, ident, title) in measures.items():
        statuses = status.get(m, none)
        rows.append(
            MeasureRow(
                plan=slug,
                id=ident,
                title=title,
                area=area.get(m),
                goal=goal.get(m),
                guarantors=guarantors.get(m, none),
                target_groups=groups.get(m, none),
                funding_sources=funding.get(m, none),
                cost_czk=cost.get(m),
                status=statuses[0] if statuses else None,
                links=links.get(m, none),
                source=sources.get(m, ""),
            )
        )
    return rows


Columns = list[list[str]]


def _measures(columns: Columns, plan: str | None) -> dict[str, tuple[str, str, str]]:
    """Measure → (plan slug, number, title) of the ``base`` read, in the table's order: by
    plan, then by number (:func:`natural_key`)."""
    base: dict[str, tuple[str, str]] = {}
    titles: dict[str, list[str]] = {}
    slugs: dict[str, str] = {}  # a plan's cell → its slug: one per plan, not per measure
    for m, plan_cell, ident, title in zip(*columns, strict=True):
        slug = slugs.get(plan_cell)
        if slug is None:
            slug = slugs[plan_cell] = str(term_value(plan_cell))
        if plan is not None and slug != plan:
            continue
        held = titles.get(m)
        if held is None:
            titles[m] = [title]
            base[m] = (slug, term_value(ident))
        else:
            held.append(title)
    order = sorted(base, key=lambda m: (base[m][0], natural_key(base[m][1])))
    return {m: (*base[m], _title(titles[m])) for m in order}


def _title(cells: list[str]) -> str:
    """A measure's title of its ``rdfs:label`` cells (:func:`best_label`)."""
    if len(cells) == 1:
        return str(term_value(cells[0]))
    return best_label({(term_value(c), cell_language(c), False) for c in cells}) or ""


def _first(measures: Sequence[str], values: Sequence[V]) -> dict[str, V]:
    """Measure → the first of its values, as the store gives them (``measures[i]`` has
    ``values[i]``)."""
    # the first written wins: written last
    return dict(zip(reversed(measures), reversed(values), strict=True))


def _values(cells: Mapping[str, str]) -> dict[str, str]:
    """``cells`` with each cell's value (:func:`term_value`), worked out once per value."""
    values = {cell: term_value(cell) for cell in set(cells.values())}
    return {m: values[cell] for m, cell in cells.items()}


def _first_row(columns: Columns) -> dict[str, tuple[str, ...]]:
    """Measure → the rest of the first row the store gives for it."""
    return _first(columns[0], list(zip(*columns[1:], strict=True)))


def _source(row: tuple[str, ...]) -> str:
    """Where a measure was read, as printed (:func:`source_text`), of its ``source`` row."""
    doc, line, locator = row
    return source_text(term_value(doc), term_value(line), term_value(locator) if locator else None)


def _links(columns: Columns, measures: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    """Measure → the targets of its links as written, in the order of the links."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m, link, target in zip(*columns, strict=True):
        if m in measures:
            found[m].append((mention_order(link), term_value(target)))
    return {m: _unique(t for _, t in sorted(pairs)) for m, pairs in found.items()}


def _held(got: Mapping[str, Columns], key: str) -> dict[str, list[str]]:
    """Of the reads' answers for column ``key`` (see :data:`_CONCEPTS`): node → its
    concepts as raw cells, each once, in the store's order."""
    pairs = chain.from_iterable(
        zip(*got[name], strict=True)
        for name in (f"{key}/facts", f"{key}/facts/lines")
        if name in got
    )
    return grouped(dict.fromkeys(pairs))  # each pair once


def _named(
    got: Mapping[str, Columns],
    key: str,
    held: Mapping[str, list[str]],
    names: Mapping[str, str],
) -> dict[str, tuple[str, ...]]:
    """Node → the names of its concepts in column ``key`` (:func:`_held`), ordered by the
    first mention of each (:func:`_names_in_order`): read only for nodes with several."""
    several = {m for m, concepts in held.items() if len(concepts) > 1}
    first: dict[tuple[str, str], str] = {}
    for name in (f"{key}/mentions", f"{key}/mentions/lines"):
        if name not in got:
            continue
        ms, mentions, cs = got[name]
        for m, mention, c in zip(ms, mentions, cs, strict=True):
            if m in several:
                order = mention_order(mention)
                known = first.get((m, c))
                if known is None or order < known:
                    first[(m, c)] = order
    return {m: _names_in_order(concepts, m, first, names) for m, concepts in held.items()}


def _names_in_order(
    concepts: list[str], m: str, first: Mapping[tuple[str, str], str], names: Mapping[str, str]
) -> tuple[str, ...]:
    """The names of a measure's concepts by their first mention (by name where two share
    it), those never mentioned last by name; each name once."""
    if len(concepts) == 1:
        return (names[concepts[0]],)
    keyed = []
    for c in concepts:
        order = first.get((m, c))
        keyed.append((order is None, order or "", names[c]))
    return _unique(name for _, _, name in sorted(keyed))


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
