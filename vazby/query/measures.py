"""The measures table: one row per measure with its resolved fields, read from the graph.

Used by ``vazby table measures``. Rows are sorted by plan and by the measure's number
(``1.10`` after ``1.9``), so output is deterministic.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import UnknownEntity
from ..rdf.store import run_query
from .labels import best_label, labels_of

__all__ = ["MeasureRow", "measure_rows", "natural_key"]


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
    if locator is not None:
        return str(locator)
    return f"{doc}:{line}" if doc is not None else ""


_BASE = """
SELECT ?m ?plan ?id ?title ?area ?goal ?cost ?doc ?line ?locator WHERE {
  ?m a vz:Measure ; vz:identifier ?id ; vz:inPlan ?p ; rdfs:label ?title .
  ?p vz:identifier ?plan .
  OPTIONAL { ?m vz:inArea/vz:identifier ?area }
  OPTIONAL { ?g vz:hasPart ?m . ?g vz:identifier ?goal }
  OPTIONAL { ?m vz:fundedBy/vz:amountCZK ?cost }
  OPTIONAL { ?m prov:wasDerivedFrom ?s . ?s vz:firstLine ?line ; vz:document/vz:fileName ?doc
             OPTIONAL { ?s vz:locator ?locator } }
}
"""

_MENTION = "?mention vz:mentionIn ?m ; vz:mentionOf ?c ; vz:mentionRole '{role}' ."
_MULTI = {
    "guarantors": "?m a vz:Measure ; vz:guarantor ?c . " + _MENTION.format(role="guarantor"),
    "target_groups": "?m a vz:Measure ; vz:targets ?c . " + _MENTION.format(role="target-group"),
    # The card's own sources, and those of the budget line it shares (Žatec prints a shared
    # line's source only on the card that carries the line). Each branch names ?m a measure
    # itself: joined outside the UNION, Oxigraph took 18 s on 1,000 measures instead of 0.3.
    "funding_sources": "{ ?m a vz:Measure ; vz:fundingSource ?c . "
    + _MENTION.format(role="funding-source")
    + " } UNION { ?m a vz:Measure ; vz:fundedBy ?line . ?line vz:fundingSource ?c ."
    " ?mention vz:mentionIn ?line ; vz:mentionOf ?c . }",
    "status": "?m a vz:Measure ; vz:status ?c . " + _MENTION.format(role="status"),
}

# each measure's concepts of one kind, in the order of their mentions (named by labels_of)
_CONCEPTS = """
SELECT ?m ?mention ?c WHERE {{
  {pattern}
}}
"""

_LINKS = """
SELECT ?m ?link ?target WHERE {
  ?link a vz:Link ; vz:linkSource ?m ; vz:targetText ?target .
  ?m a vz:Measure .
}
"""


def _mention_order(mention: URIRef) -> str:
    return natural_key(str(mention).rsplit("/", 1)[-1])


def measure_rows(graph: Graph, plan: str | None = None) -> list[MeasureRow]:
    """Every measure of the graph (or of one plan) as a :class:`MeasureRow`.

    Raises
    ------
    UnknownEntity
        ``plan`` names no plan in the graph.
    """
    base: dict[URIRef, dict] = {}
    titles: dict[URIRef, set[tuple[str, str | None, bool]]] = defaultdict(set)
    for row in run_query(graph, _BASE):
        m = row["m"]
        if plan is not None and str(row["plan"]) != plan:
            continue
        titles[m].add((str(row["title"]), getattr(row["title"], "language", None), False))
        if m in base:
            continue
        base[m] = {
            "plan": str(row["plan"]),
            "id": str(row["id"]),
            "area": _str(row["area"]),
            "goal": _str(row["goal"]),
            "cost": Decimal(str(row["cost"])) if row["cost"] is not None else None,
            "source": source_text(row["doc"], row["line"], row["locator"]),
        }
    if plan is not None and not base and plan not in plan_slugs(graph):
        raise UnknownEntity(f"no plan {plan!r} in the graph; plans: {', '.join(plan_slugs(graph))}")
    mentioned: dict[str, list[tuple[URIRef, str, Node]]] = {k: [] for k in _MULTI}
    for key, pattern in _MULTI.items():
        for row in run_query(graph, _CONCEPTS.format(pattern=pattern)):
            if row["m"] in base:
                mentioned[key].append((row["m"], _mention_order(row["mention"]), row["c"]))
    names = labels_of(graph, {c for found in mentioned.values() for _, _, c in found})
    multi: dict[str, dict[URIRef, list[tuple[str, str]]]] = {k: defaultdict(list) for k in _MULTI}
    for key, found in mentioned.items():
        for m, order, c in found:
            multi[key][m].append((order, names.get(str(c), str(c))))
    links: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for row in run_query(graph, _LINKS):
        if row["m"] in base:
            links[row["m"]].append((_mention_order(row["link"]), str(row["target"])))
    rows = []
    for m, b in base.items():

        def values(key: str, m: URIRef = m) -> tuple[str, ...]:
            return _unique(label for _, label in sorted(multi[key].get(m, [])))

        statuses = values("status")
        rows.append(
            MeasureRow(
                plan=b["plan"],
                id=b["id"],
                title=best_label(titles[m]) or "",
                area=b["area"],
                goal=b["goal"],
                guarantors=values("guarantors"),
                target_groups=values("target_groups"),
                funding_sources=values("funding_sources"),
                cost_czk=b["cost"],
                status=statuses[0] if statuses else None,
                links=_unique(t for _, t in sorted(links.get(m, []))),
                source=b["source"],
            )
        )
    rows.sort(key=lambda r: (r.plan, natural_key(r.id)))
    return rows


def plan_slugs(graph: Graph) -> list[str]:
    """The identifiers of every plan in the graph, sorted."""
    return sorted(
        str(r["id"])
        for r in run_query(graph, "SELECT ?id WHERE { ?p a vz:Plan ; vz:identifier ?id }")
    )


def _str(value: Literal | None) -> str | None:
    return None if value is None else str(value)


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
