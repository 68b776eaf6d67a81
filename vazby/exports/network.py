"""Map-oriented NetworkX views of the graph, and the graph file formats written from them.

:func:`map_view` projects the RDF graph into a :class:`networkx.MultiDiGraph` whose nodes are
the resources a map shows (plans, areas, goals, measures, actors, target groups, funding
sources, budget lines, needs, and the narrative resources) and whose edges are the relations
between them. Node ids are IRIs; nodes carry ``type``, ``label``, ``identifier``, ``plan``,
``area``, ``amount``, ``generic``, ``town`` (of a plan) and ``source`` (the locator); measures
also ``guarantors``, ``target_groups``, ``funding_sources`` (``"; "``-joined), ``cost`` (CZK)
and ``status`` when the graph has them; edges carry ``kind``
(``part``, ``link``, ``guarantor``, ``targets``, ``funding-source``, ``funded-by``,
``overlap``, ...), ``link_kind`` for cross-references and ``source``. Attributes that have
no value are left out, so every format can store them (GraphML has no null).

The views:

``dependencies``
    the plan ladder (``vz:hasPart``) and the cross-references (``vz:Link``).
``actors``
    measures and the actors that guarantee them, and the actors of the narrative documents:
    those responsible for activities, implementing or funding projects, and at meetings.
``overlap``
    actors only, joined when they guarantee the same measures (``weight`` = how many).
``full``
    every map resource and every relation between two of them.

The writers (:data:`NETWORK_WRITERS`) live in :mod:`vazby.exports.network_formats`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from ..errors import UnknownEntity, VazbyError
from ..ontology.namespace import DCTERMS, VZ
from ..query.labels import LABELS, best_label, labels_of
from ..rdf.store import run_query
from .network_formats import NETWORK_WRITERS, write_network

__all__ = [
    "VIEWS",
    "NODE_TYPES",
    "CLASS_TYPES",
    "map_view",
    "narrow_view",
    "NETWORK_WRITERS",
    "write_network",
]

VIEWS = ("dependencies", "actors", "overlap", "full")

#: Map node types, in legend order.
NODE_TYPES = (
    "plan",
    "area",
    "goal",
    "measure",
    "actor",
    "target-group",
    "funding-source",
    "budget-line",
    "need",
    "project",
    "activity",
    "meeting",
    "achievement",
    "municipality",
)

#: Ontology class → map node type; the first matching class (in this order) wins.
CLASS_TYPES: dict[URIRef, str] = {
    VZ.Plan: "plan",
    VZ.ThematicArea: "area",
    VZ.StrategicGoal: "goal",
    VZ.SpecificGoal: "goal",
    VZ.Goal: "goal",
    VZ.Measure: "measure",
    VZ.GenericActor: "actor",
    VZ.Actor: "actor",
    VZ.BudgetLine: "budget-line",
    VZ.Need: "need",
    VZ.Project: "project",
    VZ.Activity: "activity",
    VZ.Meeting: "meeting",
    VZ.Achievement: "achievement",
    VZ.Municipality: "municipality",
}

#: Concepts are typed by the predicate that points at them.
CONCEPT_TYPES: dict[URIRef, str] = {
    VZ.targets: "target-group",
    VZ.fundingSource: "funding-source",
}

#: Predicate → edge kind; predicates mapped to None are never edges (they repeat others).
EDGE_KINDS: dict[URIRef, str | None] = {
    VZ.hasPart: "part",
    VZ.guarantor: "guarantor",
    VZ.targets: "targets",
    VZ.fundingSource: "funding-source",
    VZ.fundedBy: "funded-by",
    VZ.linksTo: None,
    VZ.inPlan: None,
    VZ.inArea: None,
    VZ.town: None,
    DCTERMS.spatial: "town",
}

#: How the narrative documents tie actors in: projects (implementer, funder), meetings
#: (present, excused, absent, guest, or mentioned in the minutes).
_ACTOR_ROLES = {"implementedBy", "funder", "present", "excused", "absent", "guest", "mentions"}

#: Which node types and edge kinds each view keeps (None: all of them).
_VIEW_EDGES: dict[str, set[str] | None] = {
    "dependencies": {"part", "link"},
    "actors": {"guarantor", "responsible", *_ACTOR_ROLES},
    "overlap": {"guarantor", "responsible"},
    "full": None,
}
_VIEW_NODES: dict[str, set[str] | None] = {
    "dependencies": {"plan", "area", "goal", "measure", "need"},
    "actors": {"measure", "actor", "activity", "project", "meeting"},
    "overlap": {"measure", "actor"},
    "full": None,
}
_STRUCTURE = {"area", "goal", "measure"}


def _one(value: Any) -> str | None:
    return None if value is None else str(value)


def _rows(graph: Graph, query: str) -> Iterable[Any]:
    return run_query(graph, query)


def _collect_nodes(graph: Graph) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    order = {cls: i for i, cls in enumerate(CLASS_TYPES)}
    ranks: dict[str, int] = {}
    classes = " ".join(f"<{c}>" for c in CLASS_TYPES)
    for row in _rows(graph, f"SELECT ?n ?c WHERE {{ VALUES ?c {{ {classes} }} ?n a ?c }}"):
        iri, cls = str(row["n"]), row["c"]
        if ranks.get(iri, len(order)) > order[cls]:
            ranks[iri] = order[cls]
            nodes.setdefault(iri, {})["type"] = CLASS_TYPES[cls]
            if cls in (VZ.StrategicGoal, VZ.SpecificGoal):
                nodes[iri]["level"] = "strategic" if cls == VZ.StrategicGoal else "specific"
    for predicate, kind in CONCEPT_TYPES.items():
        query = f"SELECT DISTINCT ?c WHERE {{ ?s <{predicate}> ?c . FILTER(isIRI(?c)) }}"
        for row in _rows(graph, query):
            nodes.setdefault(str(row["c"]), {"type": kind})
    _attach(graph, nodes)
    _attach_measures(graph, nodes)
    return nodes


def _attach_measures(graph: Graph, nodes: dict[str, dict[str, Any]]) -> None:
    """What a strategist looks for on a measure, from the measures table (one reading):
    guarantors, target groups, funding sources (``"; "``-joined), cost and status."""
    from ..query.measures import measure_rows

    by_key = {
        (a.get("plan"), a.get("identifier")): a for a in nodes.values() if a["type"] == "measure"
    }
    for row in measure_rows(graph):
        attrs = by_key.get((row.plan, row.id))
        if attrs is None:
            continue
        for key, values in (
            ("guarantors", row.guarantors),
            ("target_groups", row.target_groups),
            ("funding_sources", row.funding_sources),
        ):
            if values:
                attrs[key] = "; ".join(values)
        if row.cost_czk is not None:
            attrs["cost"] = float(row.cost_czk)
        if row.status:
            attrs["status"] = row.status


def _attach(graph: Graph, nodes: dict[str, dict[str, Any]]) -> None:
    labels: dict[str, list[tuple[str, str | None, bool]]] = defaultdict(list)
    for row in _rows(graph, LABELS):
        if str(row["x"]) in nodes:
            label, preferred = row["label"], row["pref"] is not None
            labels[str(row["x"])].append((str(label), getattr(label, "language", None), preferred))
    simple = {
        "identifier": "SELECT ?n ?v WHERE { ?n vz:identifier ?v }",
        "plan": "SELECT ?n ?v WHERE { ?n vz:inPlan/vz:identifier ?v }",
        "area": "SELECT ?n ?v WHERE { ?n vz:inArea/vz:identifier ?v }",
        "amount": "SELECT ?n ?v WHERE { ?n vz:amountCZK ?v }",
        "generic": "SELECT ?n ?v WHERE { ?n vz:generic ?v }",
    }
    towns = {
        str(r["n"]): str(r["t"])
        for r in _rows(graph, "SELECT ?n ?t WHERE { ?n dcterms:spatial ?t }")
    }
    town_names = labels_of(graph, [URIRef(t) for t in sorted(set(towns.values()))], shortest=True)
    for key, query in simple.items():
        for row in _rows(graph, query):
            attrs = nodes.get(str(row["n"]))
            if attrs is not None and key not in attrs:
                attrs[key] = row["v"].toPython() if key in ("amount", "generic") else str(row["v"])
    source_query = (
        "SELECT ?n ?f ?l ?loc WHERE { ?n prov:wasDerivedFrom ?s . "
        "?s vz:firstLine ?l ; vz:document/vz:fileName ?f OPTIONAL { ?s vz:locator ?loc } }"
    )
    spans: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for row in _rows(graph, source_query):
        if str(row["n"]) in nodes:
            spans[str(row["n"])].append((str(row["f"]), int(row["l"]), str(row["loc"] or "")))
    for iri, attrs in nodes.items():
        attrs["label"] = best_label(labels.get(iri, ())) or _fallback_label(iri)
        if attrs["type"] == "plan" and "identifier" in attrs:
            attrs["plan"] = attrs["identifier"]
            if town_names.get(towns.get(iri, "")):
                attrs["town"] = town_names[towns[iri]]
        if attrs["type"] == "area" and "identifier" in attrs:
            attrs["area"] = attrs["identifier"]
        if "amount" in attrs:
            attrs["amount"] = float(attrs["amount"])
        if attrs.get("type") == "actor":
            attrs["generic"] = bool(attrs.get("generic", False))
        if spans.get(iri):
            file, line, locator = min(spans[iri])
            attrs["source"] = locator or f"{file}:{line}"


def _fallback_label(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _local_name(iri: str) -> str:
    return _fallback_label(iri)


def _collect_edges(
    graph: Graph, nodes: dict[str, dict[str, Any]]
) -> list[tuple[str, str, dict[str, Any]]]:
    edges: list[tuple[str, str, dict[str, Any]]] = []
    link_query = (
        "SELECT ?link ?s ?t ?kind ?raw ?f ?l ?loc WHERE { ?link a vz:Link ; vz:linkSource ?s ; "
        "vz:linkTarget ?t . OPTIONAL { ?link vz:linkKind ?kind } "
        "OPTIONAL { ?link vz:rawText ?raw } "
        "OPTIONAL { ?link prov:wasDerivedFrom ?sp . ?sp vz:firstLine ?l ; "
        "vz:document/vz:fileName ?f OPTIONAL { ?sp vz:locator ?loc } } }"
    )
    seen_links: set[str] = set()
    for row in _rows(graph, link_query):
        s, t, link = str(row["s"]), str(row["t"]), str(row["link"])
        if s in nodes and t in nodes and link not in seen_links:
            seen_links.add(link)
            attrs: dict[str, Any] = {"kind": "link", "link": link}
            if row["kind"] is not None:
                attrs["link_kind"] = str(row["kind"])
            if row["raw"] is not None:
                attrs["raw"] = str(row["raw"])
            if row["f"] is not None:
                attrs["source"] = str(row["loc"] or "") or f"{row['f']}:{int(row['l'])}"
            edges.append((s, t, attrs))
    for row in _rows(graph, "SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o)) }"):
        s, o = str(row["s"]), str(row["o"])
        if s not in nodes or o not in nodes or s == o:
            continue
        predicate = row["p"]
        kind = EDGE_KINDS[predicate] if predicate in EDGE_KINDS else _local_name(str(predicate))
        if kind is None or kind == "type":
            continue
        attrs = {"kind": kind}
        child = o if kind == "part" else s
        if "source" in nodes[child]:
            attrs["source"] = nodes[child]["source"]
        edges.append((s, o, attrs))
    edges.sort(key=lambda e: (e[0], e[1], e[2]["kind"], e[2].get("link", "")))
    return edges


def map_view(
    graph: Graph,
    view: str = "dependencies",
    plan: str | None = None,
    area: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
    hide_generic: bool = False,
) -> nx.MultiDiGraph:
    """Project the RDF graph into a NetworkX multigraph for a map or a graph file.

    Parameters
    ----------
    graph : rdflib.Graph
        The vazby graph.
    view : {"dependencies", "actors", "overlap", "full"}
        Which resources and relations to keep (see the module docstring).
    plan : str, optional
        Keep the resources of this plan (its slug) and the shared resources (actors,
        concepts) they point at.
    area : str, optional
        Keep the resources of the thematic area with this identifier (in every plan, unless
        ``plan`` is given), the plan above it and what they point at.
    focus : str, optional
        An IRI or an identifier (``1.2.3``): keep that node and its neighbourhood.
    depth : int, optional
        Radius of the neighbourhood around ``focus`` (edges in either direction); default 1.
    hide_generic : bool
        Leave out generic actors ("NNO", "město"), as overlap questions usually want.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI, sorted; ``graph.graph`` records the view and the filters.

    Raises
    ------
    VazbyError
        Unknown view, or a focus identifier that matches nodes of several plans.
    UnknownEntity
        The plan, area or focus is not in the graph.
    """
    if view not in VIEWS:
        raise VazbyError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    nodes = _collect_nodes(graph)
    if plan is not None and not any(a.get("plan") == plan for a in nodes.values()):
        raise UnknownEntity(f"no plan {plan!r} in the graph")
    wanted_types = _VIEW_NODES[view]
    wanted_kinds = _VIEW_EDGES[view]
    result = nx.MultiDiGraph(view=view)
    for iri in sorted(nodes):
        if wanted_types is None or nodes[iri]["type"] in wanted_types:
            result.add_node(iri, **nodes[iri])
    for s, o, attrs in _collect_edges(graph, nodes):
        if (wanted_kinds is None or attrs["kind"] in wanted_kinds) and s in result and o in result:
            result.add_edge(s, o, **attrs)
    if hide_generic:
        result.remove_nodes_from([n for n, a in result.nodes(data=True) if a.get("generic")])
    if plan is not None:
        result = _restrict(result, {n for n, a in result.nodes(data=True) if a.get("plan") == plan})
        result.graph["plan"] = plan
    if area is not None:
        result = _restrict_area(result, area)
        result.graph["area"] = area
    if view == "overlap":
        result = _overlap(result)
    if view in ("actors", "overlap") and not (plan or area):
        result.remove_nodes_from([n for n in list(result) if result.degree(n) == 0])
    if focus is not None:
        result = _focus(result, nodes, focus, plan, 1 if depth is None else depth)
    return result


def narrow_view(
    view: nx.MultiDiGraph, plan: str | None = None, area: str | None = None
) -> nx.MultiDiGraph:
    """A ``dependencies`` or ``full`` view of every plan cut to one plan and/or area: the
    same graph as ``map_view(graph, view, plan=plan, area=area)``, without reading the RDF
    graph again (a report draws a map per plan and per area).

    Raises
    ------
    VazbyError
        The view is not a dependencies or full view of every plan.
    UnknownEntity
        The plan or area is not in the view.
    """
    name = view.graph.get("view")
    if name not in ("dependencies", "full") or "plan" in view.graph or "focus" in view.graph:
        raise VazbyError(f"only a dependencies or full view of every plan narrows, not {name!r}")
    result = view
    if plan is not None:
        core = {n for n, a in view.nodes(data=True) if a.get("plan") == plan}
        if not core:
            raise UnknownEntity(f"no plan {plan!r} in the graph")
        result = _restrict(result, core)
        result.graph["plan"] = plan
    if area is not None:
        result = _restrict_area(result, area)
        result.graph["area"] = area
    return result


def _restrict(g: nx.MultiDiGraph, core: set[str]) -> nx.MultiDiGraph:
    """Keep ``core`` and those of its neighbours that belong to no plan."""
    keep = set(core)
    for n in core:
        for m in nx.all_neighbors(g, n):
            if g.nodes[m].get("plan") is None:
                keep.add(m)
    return nx.MultiDiGraph(g.subgraph(sorted(keep)))


def _restrict_area(g: nx.MultiDiGraph, area: str) -> nx.MultiDiGraph:
    core = {n for n, a in g.nodes(data=True) if a.get("area") == area}
    if not core:
        raise UnknownEntity(f"no thematic area {area!r} in this view")
    keep = set(core)
    for n in core:
        for _, m, attrs in list(g.out_edges(n, data=True)) + [
            (x, y, a) for y, x, a in g.in_edges(n, data=True)
        ]:
            structural = attrs["kind"] == "part" and g.nodes[m]["type"] in _STRUCTURE
            if not structural:
                keep.add(m)
    return nx.MultiDiGraph(g.subgraph(sorted(keep)))


def _overlap(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Actors joined by the number of measures they both guarantee."""
    measures_of: dict[str, set[str]] = defaultdict(set)
    for s, o in g.edges():
        if g.nodes[o]["type"] == "actor" and g.nodes[s]["type"] == "measure":
            measures_of[o].add(s)
    result = nx.MultiDiGraph(**g.graph)
    for n in sorted(measures_of):
        result.add_node(n, **g.nodes[n])
    for a, b in combinations(sorted(measures_of), 2):
        shared = measures_of[a] & measures_of[b]
        if shared:
            ids = sorted(g.nodes[m].get("identifier", m) for m in shared)
            result.add_edge(a, b, kind="overlap", weight=len(shared), measures="; ".join(ids))
    return result


def _focus(
    g: nx.MultiDiGraph, nodes: dict[str, dict[str, Any]], focus: str, plan: str | None, depth: int
) -> nx.MultiDiGraph:
    if focus in g:
        centre = focus
    else:
        matches = sorted(
            n
            for n, a in g.nodes(data=True)
            if a.get("identifier") == focus and (plan is None or a.get("plan") == plan)
        )
        if not matches:
            raise UnknownEntity(f"no node {focus!r} in this view (give an IRI or an identifier)")
        if len(matches) > 1:
            plans = ", ".join(sorted({str(g.nodes[m].get("plan")) for m in matches}))
            raise VazbyError(f"{focus!r} names {len(matches)} nodes (plans {plans}); add --plan")
        centre = matches[0]
    ego = nx.ego_graph(g, centre, radius=depth, undirected=True)
    result = nx.MultiDiGraph(g.subgraph(sorted(ego)))
    result.graph["focus"] = centre
    result.graph["depth"] = depth
    return result
