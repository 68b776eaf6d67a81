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
        for r in run_query(
            graph,
            "SELECT ?id ?profile ?loader ?placed ?total ?units WHERE { ?p a vz:Plan ;"
            " vz:identifier ?id ; dcterms:source ?d . ?d vz:profile ?profile ;"
            " vz:linesPlaced ?placed ; vz:linesTotal ?total"
            " OPTIONAL { ?d vz:loader ?loader } OPTIONAL { ?d vz:coverageUnits ?units } }",
        )
    ]
    return GraphInfo(
        triples=triple_count(graph),
        coverage=tuple(sorted(coverage)),
        classes=tuple(sorted(classes)),
        plans=tuple(sorted(plans)),
        diagnostics=tuple(sorted(diagnostics)),
        documents=tuple(sorted(documents)),
    )
