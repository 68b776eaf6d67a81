"""A summary of a graph: triples, resources per class, plans, diagnostics by kind."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ..rdf.store import run_query, triple_count

__all__ = ["GraphInfo", "graph_info"]


@dataclass(frozen=True, slots=True)
class GraphInfo:
    """What ``vazby info`` prints."""

    triples: int
    classes: tuple[tuple[str, int], ...]
    plans: tuple[tuple[str, str, int], ...]
    diagnostics: tuple[tuple[str, int], ...]
    documents: tuple[tuple[str, str], ...]


def graph_info(graph: Graph) -> GraphInfo:
    """Count the graph's contents.

    Returns
    -------
    GraphInfo
        Classes as (prefixed name, count) sorted by name; plans as (slug, label, measures);
        diagnostics as (kind, count); documents as (file name, loader).
    """
    classes = []
    for row in run_query(
        graph, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
    ):
        classes.append((graph.namespace_manager.normalizeUri(row["c"]), int(row["n"])))
    plans = []
    for row in run_query(
        graph,
        """SELECT ?id ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
             ?p a vz:Plan ; vz:identifier ?id . OPTIONAL { ?p rdfs:label ?label }
             OPTIONAL { ?m a vz:Measure ; vz:inPlan ?p } } GROUP BY ?id ?label""",
    ):
        plans.append((str(row["id"]), str(row["label"] or ""), int(row["n"])))
    diagnostics = [
        (str(r["k"]), int(r["n"]))
        for r in run_query(
            graph,
            "SELECT ?k (COUNT(?d) AS ?n) WHERE { ?d a vz:Diagnostic ; vz:diagnosticKind ?k }"
            " GROUP BY ?k",
        )
    ]
    documents = [
        (str(r["name"]), str(r["loader"] or ""))
        for r in run_query(
            graph,
            "SELECT ?name ?loader WHERE { ?d a vz:SourceDocument ; vz:fileName ?name ."
            " OPTIONAL { ?d vz:loader ?loader } }",
        )
    ]
    return GraphInfo(
        triples=triple_count(graph),
        classes=tuple(sorted(classes)),
        plans=tuple(sorted(plans)),
        diagnostics=tuple(sorted(diagnostics)),
        documents=tuple(sorted(documents)),
    )
