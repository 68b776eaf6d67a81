"""NetworkX views of the RDF graph: dependencies, actors and measures, actor overlap.

The RDF graph is the one source of truth; these are projections for traversal, metrics and
layout, never edited and written back. Every node carries ``iri``, ``label``, ``type``,
``plan``, ``area`` and ``source`` (``file:line``) so that exports and tooltips can say where
it comes from. Each view is one function in the :data:`VIEWS` registry.

The query functions do not build a whole view per call where the answer is small: a
dependency query walks the store level by level (:mod:`vazby.graph.dependencies`); overlap
counts use :func:`actor_items`, the dictionary underneath the actor views.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import networkx as nx
from rdflib import Graph, URIRef

from .entities import TYPE_NAMES, plan_filter
from .store import select, select_table

__all__ = [
    "DIMENSIONS",
    "VIEWS",
    "Actor",
    "actor_items",
    "dependency_graph",
    "actor_measure_graph",
    "actor_overlap_graph",
]

#: What actors can be compared by → SPARQL pattern binding ``?item`` for the measure ``?m``
#: of plan ``?p``.
DIMENSIONS: dict[str, str] = {
    "measures": "BIND(?m AS ?item)",
    "goals": "?item vz:hasPart ?m .",
    "areas": "?m vz:inArea ?item .",
    "plans": "BIND(?p AS ?item)",
    "target-groups": "?m vz:targets ?item .",
}

# Who guarantees what, and each measure with its number, plan and items: two reads joined in
# Python, since a measure has several guarantors and several items.
_GUARANTORS = "SELECT ?m ?a WHERE { ?m vz:guarantor ?a }"
_MEASURE_ITEMS = """
SELECT ?m ?mid ?p ?item WHERE {{
  ?m a vz:Measure ; vz:identifier ?mid ; vz:inPlan ?p .
  {plan}
  {dimension}
}}
"""

# What an item is called: an area or goal by its number (shown as ``plan:number``, since
# numbers repeat across plans), a target group by its label (Czech first).
_ITEM_LABELS = {
    "goals": "SELECT ?x ?label WHERE { ?x vz:identifier ?label }",
    "areas": "SELECT ?x ?label WHERE { ?x vz:identifier ?label }",
    "target-groups": """
SELECT ?x ?label ?rank WHERE {
  { ?x skos:prefLabel ?label BIND(IF(LANG(?label) = "cs", 0, 1) AS ?rank) }
  UNION { ?x rdfs:label ?label BIND(2 AS ?rank) }
}""",
}

# Labels and the generic flag of the (few) actors, asked once per actor rather than per row.
_ACTOR_FACTS = """
SELECT ?a ?label ?generic WHERE {
  OPTIONAL { ?a skos:prefLabel ?pl FILTER(lang(?pl) = "cs") }
  OPTIONAL { ?a rdfs:label ?al }
  BIND(COALESCE(?pl, ?al, STR(?a)) AS ?label)
  BIND(EXISTS { ?a a vz:GenericActor } || EXISTS { ?a vz:generic true } AS ?generic)
}
"""


class Actor:
    """An actor as the overlap rows show it: IRI, label, generic flag, items and measures."""

    __slots__ = ("iri", "label", "generic", "items", "measures")

    def __init__(self, iri: URIRef, label: str, generic: bool) -> None:
        self.iri = iri
        self.label = label
        self.generic = generic
        self.items: dict[str, str] = {}  # item IRI → its label
        self.measures: set[str] = set()  # measure IRIs


def actor_items(
    graph: Graph, by: str = "measures", *, plan: str | None = None, include_generic: bool = False
) -> dict[URIRef, Actor]:
    """Every guarantor with the items (measures, goals, areas, plans or target groups) of
    the measures it is responsible for.

    Items of measures, areas and goals are labelled ``plan:id`` since numbers repeat across
    plans; a measure counts when it has an identifier and a plan with a slug. Generic actors
    ("NNO" of a plan) are left out unless ``include_generic``. Items and measures are keyed
    by IRI strings.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; choose one of {', '.join(DIMENSIONS)}")
    guarantors: dict[str, list[str]] = defaultdict(list)
    for m, a in select_table(graph, _GUARANTORS, raw=True)[1]:
        guarantors[m].append(a)
    query = _MEASURE_ITEMS.format(plan=plan_filter(plan), dimension=DIMENSIONS[by])
    rows = [r for r in select_table(graph, query, raw=True)[1] if r[0] in guarantors]
    slugs = _least(
        graph, "SELECT ?x ?label WHERE { ?x vz:identifier ?label }", {r[2] for r in rows}
    )
    names: dict = {}
    if by in _ITEM_LABELS:
        names = _least(graph, _ITEM_LABELS[by], {r[3] for r in rows})
    facts: dict[str, tuple[str, bool]] = {}
    who = sorted({URIRef(a) for r in rows for a in guarantors[r[0]]})
    if who:
        for row in select(graph, _ACTOR_FACTS, {"a": who}):
            facts.setdefault(str(row["a"]), (str(row["label"]), row["generic"] == "true"))
    actors: dict[str, Actor] = {}
    for m, mid, p, item in rows:
        slug = slugs.get(p)
        if slug is None:
            continue
        if by == "measures":
            name = f"{slug}:{mid}"
        elif by == "plans":
            name = slug
        elif (own := names.get(item)) is None:
            continue
        else:
            name = f"{slug}:{own}" if by in ("goals", "areas") else own
        for a in guarantors[m]:
            label, generic = facts[a]
            if generic and not include_generic:
                continue
            actor = actors.get(a)
            if actor is None:
                actor = actors[a] = Actor(URIRef(a), label, generic)
            held = actor.items.get(item)
            if held is None or name < held:
                actor.items[item] = name
            actor.measures.add(m)
    return {actor.iri: actor for actor in actors.values()}


def _least(graph: Graph, query: str, nodes: set) -> dict:
    """``node → label`` for ``nodes``: the least of the best-ranked labels the query gives."""
    out: dict = {}
    if not nodes:
        return out
    for row in select(graph, query, {"x": sorted(URIRef(n) for n in nodes)}):
        key = (int(row.get("rank") or 0), str(row["label"]))
        x = str(row["x"])
        if x not in out or key < out[x]:
            out[x] = key
    return {x: label for x, (_, label) in out.items()}


def actor_measure_graph(
    graph: Graph, *, plan: str | None = None, include_generic: bool = False
) -> nx.Graph:
    """Bipartite graph of actors (``bipartite=0``) and the measures they guarantee (``1``)."""
    view = nx.Graph()
    actors = actor_items(graph, "measures", plan=plan, include_generic=include_generic)
    for actor in actors.values():
        view.add_node(
            actor.iri,
            iri=str(actor.iri),
            label=actor.label,
            type="actor",
            generic=actor.generic,
            bipartite=0,
            plan="",
            area="",
            source="",
        )
    measures = {URIRef(m) for a in actors.values() for m in a.measures}
    facts = _node_facts(graph, measures)
    for m in measures:
        view.add_node(m, bipartite=1, **facts.get(m, {"iri": str(m), "type": "measure"}))
    for actor in actors.values():
        for m in actor.measures:
            view.add_edge(actor.iri, URIRef(m), kind="guarantor")
    return view


def actor_overlap_graph(
    graph: Graph, by: str = "measures", *, plan: str | None = None, include_generic: bool = False
) -> nx.Graph:
    """Actors joined when they share items of ``by``; edges carry ``weight`` (how many
    items they share) and ``jaccard`` (shared / items of either)."""
    actors = actor_items(graph, by, plan=plan, include_generic=include_generic)
    view = nx.Graph()
    for actor in actors.values():
        view.add_node(
            actor.iri,
            iri=str(actor.iri),
            label=actor.label,
            type="actor",
            generic=actor.generic,
            items=len(actor.items),
            plan="",
            area="",
            source="",
        )
    for (a, b), shared in shared_items(actors).items():
        union = len(actors[a].items) + len(actors[b].items) - len(shared)
        view.add_edge(a, b, weight=len(shared), jaccard=len(shared) / union)
    return view


def shared_items(actors: dict[URIRef, Actor]) -> dict[tuple[URIRef, URIRef], set[str]]:
    """For every pair of actors sharing an item, the items they share (pairs sorted by IRI)."""
    holders: dict[str, list[URIRef]] = defaultdict(list)
    for actor in actors.values():
        for item in actor.items:
            holders[item].append(actor.iri)
    pairs: dict[tuple[URIRef, URIRef], set[str]] = defaultdict(set)
    for item, who in holders.items():
        who.sort()
        for i, a in enumerate(who):
            for b in who[i + 1 :]:
                pairs[(a, b)].add(item)
    return pairs


_NODES = """
SELECT ?x ?type ?id ?label ?plan ?area ?doc ?first WHERE {{
  ?x a ?type . FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea, vz:Need, vz:BudgetLine))
  {plan}
  OPTIONAL {{ ?x vz:identifier ?id }}
  OPTIONAL {{ ?x rdfs:label ?label }}
  OPTIONAL {{ ?x vz:inPlan/vz:identifier ?plan }}
  OPTIONAL {{ ?x vz:inArea/vz:identifier ?area }}
  OPTIONAL {{ ?x prov:wasDerivedFrom ?s . ?s vz:firstLine ?first ; vz:document/vz:fileName ?doc }}
}}
"""


def _node_facts(graph: Graph, nodes: set | None = None, plan: str | None = None) -> dict:
    """Node attributes (iri, label, type, plan, area, source) of the plan ladder's nodes."""
    facts: dict = {}
    bindings = {"x": list(nodes)} if nodes is not None else None
    if nodes is not None and not nodes:
        return facts
    for row in select(graph, _NODES.format(plan=plan_filter(plan, "?x")), bindings):
        x = row["x"]
        source = f"{row['doc']}:{row['first']}" if row["doc"] is not None else ""
        old = facts.get(x)
        if old is not None and old["source"] and (not source or old["source"] <= source):
            continue
        facts[x] = {
            "iri": str(x),
            "id": str(row["id"] or row["label"] or ""),
            "label": str(row["label"] or row["id"] or ""),
            "type": TYPE_NAMES[row["type"]],
            "plan": str(row["plan"] or ""),
            "area": str(row["area"] or ""),
            "source": source,
        }
    return facts


_DEPENDENCY_EDGES = """
SELECT ?from ?to ?kind ?why WHERE {{
  {{ ?why vz:linkSource ?from ; vz:linkTarget ?to ; vz:linkKind ?kind . }}
  UNION {{ ?to vz:hasPart ?from . FILTER NOT EXISTS {{ ?to a vz:Plan }}
           BIND("part-of" AS ?kind) BIND(?from AS ?why) }}
  UNION {{ ?from vz:fundedBy ?to . BIND("funded-by" AS ?kind) BIND(?to AS ?why) }}
  UNION {{ ?to vz:fundedBy ?from . BIND("shared-budget" AS ?kind) BIND(?from AS ?why) }}
  {plan}
}}
"""


def dependency_graph(graph: Graph, *, plan: str | None = None) -> nx.MultiDiGraph:
    """The whole dependency relation as a directed multigraph: ``A → B`` when A relies on B.

    Edge kinds are those of :mod:`vazby.graph.dependencies` (link kinds, ``part-of``,
    ``funded-by``, ``shared-budget``); each edge's key is its kind and it carries ``why``
    (the IRI of the link node, child or budget line it was read from).
    """
    view = nx.MultiDiGraph()
    for node, attrs in _node_facts(graph, plan=plan).items():
        view.add_node(node, **attrs)
    for row in select(graph, _DEPENDENCY_EDGES.format(plan=plan_filter(plan, "?from"))):
        kind = str(row["kind"])
        for end in (row["from"], row["to"]):
            if end not in view:
                view.add_node(
                    end, iri=str(end), id="", label="", type="other", plan="", area="", source=""
                )
        view.add_edge(row["from"], row["to"], key=kind, kind=kind, why=str(row["why"]))
    return view


#: View name → function(graph, **options) returning a NetworkX graph.
VIEWS: dict[str, Callable[..., nx.Graph]] = {
    "dependencies": dependency_graph,
    "actor-measure": actor_measure_graph,
    "actor-overlap": actor_overlap_graph,
}
