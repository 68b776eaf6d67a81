"""A summary of a graph: triples, resources per class, plans, diagnostics by kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from ..rdf.store import read_together, select, select_columns, term_value, triple_count

__all__ = ["GraphInfo", "graph_info"]

_READS = {
    "classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "diagnostics": "SELECT ?k (COUNT(?d) AS ?n) WHERE { ?d a vz:Diagnostic ;"
    " vz:diagnosticKind ?k } GROUP BY ?k",
    "documents": "SELECT ?name ?loader WHERE { ?d a vz:SourceDocument ; vz:fileName ?name ."
    " OPTIONAL { ?d vz:loader ?loader } }",
    "coverage": "SELECT ?id ?profile ?loader ?placed ?total ?units WHERE { ?p a vz:Plan ;"
    " vz:identifier ?id ; dcterms:source ?d . ?d vz:profile ?profile ;"
    " vz:linesPlaced ?placed ; vz:linesTotal ?total"
    " OPTIONAL { ?d vz:loader ?loader } OPTIONAL { ?d vz:coverageUnits ?units } }",
}
# A plan's slug, labels and measures are read apart and joined here: joined in one query
# with OPTIONAL parts, a store holding the plans in a graph each (Virtuoso, 200 plans)
# estimated the query far over its time limit and refused it. The measures are counted by
# the store: a row per plan, where a row per measure is paged through a store's cap.
_PLAN_READS = {
    "ids": "SELECT ?p ?id WHERE { ?p a vz:Plan ; vz:identifier ?id }",
    "labels": "SELECT ?p ?label WHERE { ?p a vz:Plan ; rdfs:label ?label }",
    "measures": "SELECT ?p (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a vz:Measure ;"
    " vz:inPlan ?p } GROUP BY ?p",
}


@dataclass(frozen=True, slots=True)
class GraphInfo:
    """What ``vazby info`` prints."""

    triples: int
    classes: tuple[tuple[str, int], ...]
    plans: tuple[tuple[str, str, int], ...]
    diagnostics: tuple[tuple[str, int], ...]
    documents: tuple[tuple[str, str], ...]
    #: (plan slug, what read it — "outline profile", "action-plan loader" —, units of its
    #: document's text placed, units in all, what a unit is) for plans with a coverage.
    coverage: tuple[tuple[str, str, int, int, str], ...] = ()


def graph_info(graph: Graph) -> GraphInfo:
    """Count the graph's contents.

    Returns
    -------
    GraphInfo
        Classes as (prefixed name, count) sorted by name; plans as (slug, label, measures);
        diagnostics as (kind, count); documents as (file name, loader); coverage as
        (plan, reader, placed, total, units) for the plans whose document has a coverage.
    """
    # every read side by side, the longest first: counting the triples walks the whole
    # store, which the store does without holding the GIL
    got = read_together(
        graph,
        {
            "triples": lambda: triple_count(graph),
            **{name: _rows(graph, query) for name, query in _READS.items()},
            **{name: _columns(graph, query) for name, query in _PLAN_READS.items()},
        },
    )
    classes = [
        (graph.namespace_manager.normalizeUri(row["c"]), int(row["n"])) for row in got["classes"]
    ]
    plans = _plans(got)
    diagnostics = [(str(r["k"]), int(r["n"])) for r in got["diagnostics"]]
    documents = [(str(r["name"]), str(r["loader"] or "")) for r in got["documents"]]
    coverage = [
        (
            str(r["id"]),
            f"{r['profile']} profile"
            if str(r["loader"] or "outline") == "outline"
            else f"{r['loader']} loader",
            int(r["placed"]),
            int(r["total"]),
            str(r["units"] or "lines"),
        )
        for r in got["coverage"]
    ]
    return GraphInfo(
        triples=got["triples"],
        coverage=tuple(sorted(coverage)),
        classes=tuple(sorted(classes)),
        plans=tuple(sorted(plans)),
        diagnostics=tuple(sorted(diagnostics)),
        documents=tuple(sorted(documents)),
    )


def _plans(got: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    """(slug, label, measures) per slug and label of a plan: its distinct measures, "" for
    a plan without a label, the plans' counts added where plans share a slug and label; of
    the answers to :data:`_PLAN_READS`."""
    labels: dict[str, list[str]] = {}
    for plan, label in zip(*got["labels"], strict=True):
        labels.setdefault(plan, []).append(label)
    measures = {plan: int(term_value(n)) for plan, n in zip(*got["measures"], strict=True)}
    plans: dict[tuple[str, str], set[str]] = {}
    for plan, slug in zip(*got["ids"], strict=True):
        for label in labels.get(plan, [""]):
            key = (str(term_value(slug)), str(term_value(label)) if label else "")
            plans.setdefault(key, set()).add(plan)
    return [
        (slug, label, sum(measures.get(plan, 0) for plan in same))
        for (slug, label), same in plans.items()
    ]


def _rows(graph: Graph, query: str) -> Callable[[], list[dict[str, Any]]]:
    return lambda: select(graph, query)


def _columns(graph: Graph, query: str) -> Callable[[], list[list[str]]]:
    return lambda: select_columns(graph, query)
