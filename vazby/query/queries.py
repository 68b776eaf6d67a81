"""The questions users bring to vazby, as pure functions returning sorted, typed rows.

* :func:`dependencies` and :func:`paths`: what a measure relies on and what relies on it
  (:mod:`vazby.query.dependencies`);
* :func:`orphan_measures`: measures that are unlinked, unowned, unfunded or unmeasured;
* :func:`actor_spread`, :func:`actor_pairs`, :func:`kind_spread`: actors active across
  areas, goals, plans or target groups, pairs of actors and their Jaccard similarity, and
  measure kinds shared by towns (:mod:`vazby.query.overlap`);
* :func:`audit`: what the loaders flagged plus graph-level checks (:mod:`vazby.query.audit`).

Every function takes identifiers as printed (``1.1.1.1``, ``B.3/1.1.2``) or full IRIs and
raises :class:`~vazby.errors.UnknownEntity` for one the graph does not hold. The same
questions ship as named SPARQL in ``query/sparql/*.rq`` (:mod:`vazby.query.named`); the tests
check that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..errors import VazbyError
from ..rdf.store import (
    in_chunks,
    kept_rows,
    least_values,
    read_together,
    reading,
    select,
    select_table,
    term_value,
    without_gc,
)
from .audit import AuditRow, audit
from .dependencies import DependencyRow, PathHop, dependencies, paths
from .entities import (
    AmbiguousEntity,
    Entity,
    as_node,
    describe,
    line_number,
    plan_filter,
    resolve,
    span_text,
)
from .labels import labels_of
from .measures import natural_key
from .orphans import (
    BLANK_REGEX,
    ORPHAN_KINDS,
    facts_from_graph,
    facts_of_plan,
    find_orphans,
    is_blank,
)
from .overlap import (
    ActorPairRow,
    ActorSpreadRow,
    KindSpreadRow,
    actor_pairs,
    actor_spread,
    kind_spread,
)
from .plans import check_plan, plan_nodes, plan_reads

__all__ = [
    "BLANK_REGEX",
    "AmbiguousEntity",
    "ActorPairRow",
    "ActorSpreadRow",
    "AuditRow",
    "DependencyRow",
    "Entity",
    "KindSpreadRow",
    "ORPHAN_KINDS",
    "OrphanRow",
    "PathHop",
    "actor_pairs",
    "actor_spread",
    "audit",
    "check_plan",
    "dependencies",
    "is_blank",
    "kind_spread",
    "orphan_measures",
    "orphan_query_rows",
    "paths",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class OrphanRow:
    """A measure and one reason it stands alone; ``detail`` says what was (not) found."""

    plan: str
    id: str
    reason: str
    title: str
    detail: str
    source: str


@kept_rows
@without_gc
def orphan_measures(graph: Graph, kind: str = "all", plan: str | None = None) -> list[OrphanRow]:
    """Measures that stand alone, one row per measure and reason.

    * ``unlinked``: no link in or out, beyond links to its own parent goals and area. A
      budget line shared with another measure *is* a link (the two depend on one amount);
      so are links to needs, unresolved ("text") links and dangling links, since the card
      does refer to something.
    * ``unowned``: no guarantor (a generic one such as "NNO" counts as an owner).
    * ``unfunded``: no budget line with an amount above zero and no funding source other
      than a blank ("-") one, on the measure or on its budget line; a cost that refers to
      another measure ("Viz opatření 1.1.1.1") is funded when that measure is.
    * ``unmeasured``: no output indicator (or only blank ones).

    The rules (:mod:`vazby.query.orphans`) are applied to the links, budget lines and fields
    the graph holds now, one scan per predicate: a graph edited by hand answers as edited.

    Parameters
    ----------
    graph : rdflib.Graph
    kind : str
        One of :data:`ORPHAN_KINDS` or ``"all"``.
    plan : str, optional
        Only this plan's measures.

    Returns
    -------
    list of OrphanRow
        Sorted by plan, measure number and reason.
    """
    kinds = ORPHAN_KINDS if kind == "all" else (kind,)
    if any(k not in ORPHAN_KINDS for k in kinds):
        raise VazbyError(
            f"unknown orphan kind {kind!r}; choose one of {', '.join(ORPHAN_KINDS)}, all"
        )
    check_plan(graph, plan)
    found = _computed_findings(graph, kinds, plan)
    rows = [OrphanRow(e.plan, e.id, k, e.label, detail, e.source) for k, m, detail, e in found]
    rank = {k: i for i, k in enumerate(ORPHAN_KINDS)}
    rows.sort(key=lambda r: (r.plan, natural_key(r.id), rank[r.reason]))
    return rows


# What a row shows of a measure, as :func:`describe` gives it, in one join: the measures
# bound to ?m. Inner joins only: an OPTIONAL
# group makes Oxigraph scan its whole predicates. A measure that lacks one of these facts is
# described on its own. (A span without a last line, which vazby never writes, is not joined:
# describe() would count it.)
_DESCRIBED = """
  ?m vz:identifier ?id ; rdfs:label ?label ; vz:inPlan ?p ; prov:wasDerivedFrom ?span .
  ?span vz:firstLine ?first ; vz:lastLine ?last ; vz:document ?d .
"""
_MEASURES = "SELECT ?m ?id ?label ?p ?d ?first ?last WHERE {" + _DESCRIBED + "}"

# What has a preferred label (concepts and actors, a few thousand): a measure among them is
# named as describe() names it. Read apart: joined to the measures in SPARQL, the store
# would start from every measure.
_PREFERRED = "SELECT DISTINCT ?m WHERE { ?m skos:prefLabel ?any }"


def _preferred(graph: Graph) -> set[Node]:
    return {r["m"] for r in select(graph, _PREFERRED)}


def _described(graph: Graph, rows: list[tuple], preferred: set[Node]) -> dict[Node, Entity]:
    """Measures as :func:`describe` gives them, of ``(m, id, label, plan node, document,
    first, last)`` rows (:data:`_DESCRIBED`); of several, the least id, plan and span."""
    # plans and documents are few: their slugs and file names are read once each
    plans = least_values(graph, {r[3] for r in rows if isinstance(r[3], URIRef)}, "vz:identifier")
    files = least_values(graph, {r[4] for r in rows if isinstance(r[4], URIRef)}, "vz:fileName")
    located = _locators(graph)
    held: dict[Node, tuple] = {}
    relabel = {r[0] for r in rows if r[0] in preferred}
    for m, ident, label, p, d, first, last in rows:
        file, start, end = files.get(d), line_number(first), line_number(last)
        span = None  # a line that is no number is no span, as describe() reads it
        if file is not None and start is not None:
            span = (file, start, start if end is None else end)
        row = (ident, label, plans.get(p) or "", span)
        before = held.get(m)
        if before is not None:  # several spans, ids or plans: the least of each
            if before[1] != label:
                relabel.add(m)
            row = tuple(
                min((a, b), key=lambda v: (v is None, v)) for a, b in zip(row, before, strict=True)
            )
        held[m] = row
    # a measure with several labels, or a preferred one, named by the label chooser
    names = labels_of(graph, relabel)
    return {
        m: Entity(
            as_node(m),
            slug,
            ident,
            "measure",
            names.get(str(m), label),
            _span_text(span, located) if span is not None else "",
        )
        for m, (ident, label, slug, span) in held.items()
    }


# Spans that carry a locator: only those of files not addressed by line (PDF, DOCX, ODT),
# none in a graph of text files, so reading them all is cheap where it is not empty.
_LOCATED = """
SELECT ?file ?first ?last ?locator WHERE {
  ?s vz:locator ?locator ; vz:firstLine ?first ; vz:lastLine ?last ; vz:document ?d .
  ?d vz:fileName ?file .
}
"""


def _span_text(span: tuple[str, int, int], located: dict[tuple[str, int, int], str]) -> str:
    file, first, last = span
    return span_text(file, first, last, located.get(span, ""))


def _locators(graph: Graph) -> dict[tuple[str, int, int], str]:
    """``(file, first, last) → locator`` of every span that has one."""
    found: dict[tuple[str, int, int], str] = {}
    for row in select(graph, _LOCATED):
        first, last = line_number(row["first"]), line_number(row["last"])
        if first is not None and last is not None:
            found[(str(row["file"]), first, last)] = str(row["locator"])
    return found


def _found(graph: Graph, kinds: tuple[str, ...], plan: str | None) -> list[tuple[str, Node, str]]:
    """(reason, measure, detail) of every orphan finding of ``kinds`` (of one plan)."""
    nodes = plan_nodes(graph, plan)
    facts = facts_of_plan(graph, nodes) if nodes else None  # one plan: read its part
    found = find_orphans(facts if facts is not None else facts_from_graph(graph))
    # the rules' nodes are IRIs, or blank nodes as the store writes them (_:id)
    allowed = None if plan is None else {_cell(m) for m in _measure_set(graph, plan)}
    return [
        (k, BNode(m[2:]) if m.startswith("_:") else URIRef(m), detail)
        for k in kinds
        for m, detail in found[k].items()
        if allowed is None or m in allowed
    ]


def _computed_findings(graph: Graph, kinds: tuple[str, ...], plan: str | None) -> list[tuple]:
    picked = _found(graph, kinds, plan)
    measures = {m for _, m, _ in picked}
    bound = [m for m in measures if isinstance(m, URIRef)]  # a blank node cannot be bound
    entities: dict[Node, Entity] = {}
    if bound:
        got = read_together(
            graph,
            {
                "rows": lambda: [
                    row
                    for some in in_chunks(bound)
                    for row in select_table(graph, _MEASURES, {"m": some})[1]
                ],
                "preferred": lambda: _preferred(graph),
            },
        )
        entities = _described(graph, got["rows"], got["preferred"])
    # a measure without an identifier, label, plan or source line: described on its own
    entities.update(describe(graph, measures - entities.keys()))
    return [(k, m, detail, entities[m]) for k, m, detail in picked]


def _cell(node: Node) -> str:
    """A node as the orphan rules key it: an IRI's text, a blank node's ``_:id``."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _measure_set(graph: Graph, plan: str | None) -> set[Node]:
    query = f"SELECT ?m WHERE {{ ?m a vz:Measure . {plan_filter(plan)} }}"
    return {r["m"] for r in select(graph, query)}


# What a row of the named query ``orphans`` shows of a measure: its plans' identifiers and
# its own (every pair), and its spans with a first line: their files and locators.
_NAMED_READS = {
    "spans": """
SELECT ?m ?first ?file ?locator WHERE {
  ?m a vz:Measure ; prov:wasDerivedFrom ?span . ?span vz:firstLine ?first .
  OPTIONAL { ?span vz:document ?d . ?d vz:fileName ?file OPTIONAL { ?span vz:locator ?locator } }
}""",
    "ids": "SELECT ?m ?plan ?id WHERE { ?m a vz:Measure ; vz:inPlan ?p ; vz:identifier ?id . "
    "?p vz:identifier ?plan }",
}


@kept_rows
@without_gc
def orphan_query_rows(graph: Graph, plan: str | None = None) -> list[dict[str, Any]]:
    """The findings as the named query ``orphans`` gives them: plain rows
    (:func:`vazby.rdf.store.select`) of its columns, sorted by its ``ORDER BY`` and then by
    every column. Like the query, a measure without a plan or an identifier has no row, and a
    row names each of the measure's spans at its first line that has a file (none: a row
    without a place)."""
    reads = plan_reads(graph, _NAMED_READS, plan_nodes(graph, plan), "?m vz:inPlan ?in_plan .")
    # the places are read while the rules run (a store answers without holding the GIL)
    with reading(graph, reads) as answers:
        picked = _found(graph, ORPHAN_KINDS, plan)
        wanted = {m.n3() for _, m, _ in picked}  # as raw cells write them
        names: dict[str, list[tuple[str, str]]] = {}
        for m, plan_id, ident in answers["ids"]:
            if m in wanted and (plan is None or term_value(plan_id) == plan):
                names.setdefault(m, []).append((term_value(plan_id), term_value(ident)))
        places: dict[str, list[tuple[str, str, str]]] = {}
        for m, first, file, locator in answers["spans"]:
            if m in wanted:
                places.setdefault(m, []).append((first, file, locator))
    rows = [
        {
            "plan": plan_id,
            "id": ident,
            "reason": reason,
            "measure": m,
            "file": file,
            "line": line,
            "locator": locator,
        }
        for reason, m, _ in picked
        for plan_id, ident in names.get(m.n3(), ())
        for file, line, locator in _first_places(places.get(m.n3(), []))
    ]
    rows.sort(key=lambda r: tuple((v is not None, str(v or "")) for v in r.values()))
    return rows


def _first_places(spans: list[tuple[str, str, str]]) -> list[tuple[Any, Any, Any]]:
    """(file, line, locator) of the spans at the least first line that have a file, of
    raw (first line, file, locator) cells; one place of nothing where none has one (the
    query's OPTIONAL then binds nothing)."""
    if not spans:
        return [(None, None, None)]
    least = min((first for first, _, _ in spans), key=_line_order)
    line = term_value(least)
    found = [
        (term_value(file), line, term_value(locator) if locator else f"{term_value(file)}:{line}")
        for first, file, locator in spans
        if first == least and file
    ]
    return found or [(None, None, None)]


def _line_order(cell: str) -> tuple[bool, int]:
    """A raw first line's place in SPARQL's order of numbers: numbers first, by value."""
    number = line_number(term_value(cell))
    return number is None, number or 0
