"""NetworkX views of the RDF graph: dependencies, actors and measures, actor overlap.

The RDF graph is the one source of truth; these are projections for traversal, metrics and
layout, never edited and written back. Every node carries ``iri``, ``label``, ``type``,
``plan``, ``area`` and ``source`` (``file:line``) so that exports and tooltips can say where
it comes from. Each view is one function in the :data:`VIEWS` registry. What a node is (its
type, label, plan, area, source) is read by :func:`vazby.query.nodes.node_facts` for these
views and the maps alike.

The query functions do not build a whole view per call where the answer is small: a
dependency query walks the store level by level (:mod:`vazby.query.dependencies`); overlap
counts use :func:`actor_items`, the dictionary underneath the actor views.

The map views (:func:`map_view`) keep every resource a map shows (plans, areas, goals,
measures, actors, target groups, funding sources, budget lines, needs, and the narrative
resources) with the relations between them. Node ids are IRIs; nodes carry ``type``,
``label``, ``identifier``, ``plan``, ``area``, ``amount``, ``generic``, ``town`` (of a plan)
and ``source`` (the locator); measures also ``guarantors``, ``target_groups``,
``funding_sources`` (``"; "``-joined), ``cost`` (CZK) and ``status`` when the graph has them;
edges carry ``kind`` (``part``, ``link``, ``guarantor``, ``targets``, ``funding-source``,
``funded-by``, ``overlap``, ...), ``link_kind`` for cross-references and ``source``.
Attributes that have no value are left out, so every graph file format can store them
(GraphML has no null). The map views:

``dependencies``
    the plan ladder (``vz:hasPart``) and the cross-references (``vz:Link``).
``actors``
    measures and the actors that guarantee them, and the actors of the narrative documents:
    those responsible for activities, implementing or funding projects, and at meetings.
``overlap``
    actors only, joined when they guarantee the same measures (``weight`` = how many).
``full``
    every map resource and every relation between two of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

import networkx as nx
from rdflib import RDF, BNode, Graph, Literal, URIRef

from ..errors import UnknownEntity, VazbyError
from ..ontology.namespace import DCTERMS, VZ
from ..rdf.iris import local_name
from ..rdf.store import (
    VALUES_AT_ONCE,
    bounded_scan,
    in_chunks,
    is_iri,
    least_values,
    oxigraph,
    read_together,
    select,
    select_table,
    table_read,
    term_value,
    whole_corpus,
    without_gc,
)
from .entities import plan_filter
from .labels import LABELS, cell_language, labels_of, rank
from .nodes import CLASS_TYPES, node_facts, other_facts
from .plans import check_plan, unknown_plan

__all__ = [
    "DIMENSIONS",
    "VIEWS",
    "Actor",
    "actor_items",
    "item_names",
    "dependency_graph",
    "actor_measure_graph",
    "actor_overlap_graph",
    "pair_counts",
    "PairCounts",
    "MAP_VIEWS",
    "NODE_TYPES",
    "CLASS_TYPES",
    "map_view",
    "narrow_view",
]

#: What actors can be compared by → a scan of the measures' items (``?m``, ``?item``); None
#: where the item is the measure itself.
DIMENSIONS: dict[str, str | None] = {
    "measures": None,
    "goals": "SELECT ?m ?item WHERE { ?item vz:hasPart ?m }",
    "areas": "SELECT ?m ?item WHERE { ?m vz:inArea ?item }",
    "plans": "SELECT ?m ?item WHERE { ?m a vz:Measure ; vz:inPlan ?item }",
    "target-groups": "SELECT ?m ?item WHERE { ?m vz:targets ?item }",
}

#: Dimensions whose scan reads measures only, so that it names the measures too. (Everything
#: in a plan has ``vz:inPlan``: the join reads 100k rows where the bare scan reads 340k.)
_OF_MEASURES = frozenset({"plans"})

#: Dimensions whose items are many (a goal holds a few measures), named by a scan of their
#: type read beside the others, which costs less than binding them all in a read of their
#: own. An item the scan does not name (a measure held by an area) is named by the read of
#: the few left; so are all of one plan's.
_TYPED_NAMES = {
    "goals": "SELECT ?x ?label ?p WHERE { ?x a vz:Goal ; vz:identifier ?label ; vz:inPlan ?p }",
}

# Whole-corpus reads are scans of one predicate each, joined in Python: a scanned row costs
# the store far less than an index lookup per row.
_GUARANTORS = "SELECT ?m ?a WHERE { ?m vz:guarantor ?a }"
_MEASURES = "SELECT ?m WHERE {{ ?m a vz:Measure . {plan} }}"
# Every measure with its number and plan where it has them (as fast on Oxigraph as the
# inner join, and one 100k-row read rather than two)
_MEASURE_NAMES = """
SELECT ?m ?id ?p WHERE {{ ?m a vz:Measure . {plan}
  OPTIONAL {{ ?m vz:identifier ?id }} OPTIONAL {{ ?m vz:inPlan ?p }} }}
"""

# What an item is called: an area or goal by its number (shown as ``plan:number``, since
# numbers repeat across plans), a plan by its slug, a target group by its label (Czech first).
_NUMBER_IN_PLAN = "SELECT ?x ?label ?p WHERE { ?x vz:identifier ?label ; vz:inPlan ?p }"
_ITEM_LABELS = {
    "measures": _NUMBER_IN_PLAN,
    "goals": _NUMBER_IN_PLAN,
    "areas": _NUMBER_IN_PLAN,
    "plans": "SELECT ?x ?label WHERE { ?x vz:identifier ?label }",
    "target-groups": LABELS,
}

# The generic flag of the (few) actors, asked once per actor rather than per row; where
# many are asked, every generic actor in one scan (a plan has a few: "NNO", "město").
# A union, not BIND(EXISTS … || EXISTS …): Virtuoso cannot compile EXISTS inside a BIND.
_GENERIC = "SELECT DISTINCT ?a WHERE { { ?a a vz:GenericActor } UNION { ?a vz:generic true } }"
_ALL_GENERIC = (
    "SELECT DISTINCT ?a WHERE {{ {{ ?a a vz:GenericActor }} UNION {{ ?a vz:generic true }} }}"
    " LIMIT {limit}"
)


class Actor:
    """An actor as the overlap rows show it: IRI, label, generic flag, items and measures."""

    __slots__ = ("iri", "label", "generic", "items", "measures")

    def __init__(self, iri: URIRef, label: str, generic: bool) -> None:
        self.iri = iri
        self.label = label
        self.generic = generic
        self.items: dict[str, str] = {}  # item IRI → its label
        self.measures: set[str] = set()  # measure IRIs


@without_gc
def actor_items(
    graph: Graph,
    by: str = "measures",
    *,
    plan: str | None = None,
    include_generic: bool = False,
    named: bool = True,
) -> dict[URIRef, Actor]:
    """Every guarantor with the items (measures, goals, areas, plans or target groups) of
    the measures it is responsible for.

    Measures, areas and goals are labelled ``plan:number`` since numbers repeat across
    plans. An area, goal, plan or target group without a name (a number and plan, a slug, a
    label) is left out: the scans that find them reach other parts too. A measure without
    one is named by its IRI. Generic actors ("NNO" of a plan) are left out unless
    ``include_generic``. Items and measures are keyed by IRI strings.

    ``named=False`` leaves measures unnamed (their names are their IRIs), for callers that
    name only the few they show (:func:`item_names`); other dimensions are always named.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; choose one of {', '.join(DIMENSIONS)}")
    scope = plan_filter(plan)
    scan = DIMENSIONS[by]

    # every read that needs no other runs at once; the measures dimension names measures
    # by their number and plan
    reads = {"guarantors": table_read(graph, _GUARANTORS)}
    if scan is None and named:
        reads["measures"] = table_read(graph, _MEASURE_NAMES.format(plan=scope))
    elif by not in _OF_MEASURES or plan is not None:
        reads["measures"] = table_read(graph, _MEASURES.format(plan=scope))
    if scan is not None:
        reads["items"] = table_read(graph, scan)
    if by in _TYPED_NAMES and plan is None:  # one plan's few items are bound, as others
        reads["typed"] = table_read(graph, _TYPED_NAMES[by])
    got: dict[str, Any] = read_together(graph, reads)
    measures = {r[0] for r in got["measures" if "measures" in got else "items"]}
    guarantors: dict[str, list[str]] = defaultdict(list)
    for m, a in got["guarantors"]:
        if m in measures and (a[0] == "<" or a[:2] == "_:"):  # a literal is no actor
            guarantors[m].append(a)
    later: dict[str, Callable[[], Any]] = {}
    if scan is None:
        pairs = [(m, m) for m in guarantors]
        if named:
            rows = [(m, i, p) for m, i, p in got["measures"] if i and m in guarantors]
            later["names"] = lambda: _item_names(graph, rows)
    else:
        pairs = [(m, item) for m, item in got["items"] if m in guarantors]
        items = {i for _, i in pairs}
        typed = [row for row in got.get("typed", ()) if row[0] in items]
        rest = items.difference(row[0] for row in typed)
        later["names"] = lambda: _item_names(
            graph, typed + _item_rows(graph, _ITEM_LABELS[by], rest)
        )
    having = {m for m, _ in pairs}  # measures with an item
    who = sorted(set(chain.from_iterable(guarantors[m] for m in having)))
    later["facts"] = lambda: _actor_facts(graph, who)
    got.update(read_together(graph, later))
    facts = got["facts"]
    # each measure's named items, each actor's measures; then an actor's items at once
    items_of: dict[str, list[str]] = defaultdict(list)
    if scan is None:
        names = _IriNames(got.get("names", {}))
        for m, item in pairs:
            items_of[m].append(item)
    else:
        names = got["names"]
        for m, item in pairs:
            if item in names:
                items_of[m].append(item)
    measures_of: dict[str, list[str]] = defaultdict(list)
    for m in items_of:
        for a in guarantors[m]:
            measures_of[a].append(m)
    actors: dict[str, Actor] = {}
    for a, ms in measures_of.items():
        label, generic = facts[a]
        if generic and not include_generic:
            continue
        actor = actors[a] = Actor(term_value(a), label, generic)
        held = set(chain.from_iterable(items_of[m] for m in ms))
        actor.items = {item[1:-1]: names[item] for item in held}
        actor.measures = {m[1:-1] for m in ms}
    return {actor.iri: actor for actor in actors.values()}


class _IriNames(dict):
    """Names of raw IRI cells; a cell without one is named by its IRI."""

    def __missing__(self, cell: str) -> str:
        return cell[1:-1]


def item_names(graph: Graph, by: str, items: Iterable[str]) -> dict[str, str]:
    """The names of ``items`` (IRI strings) of the dimension ``by``, as :func:`actor_items`
    gives them, for the few items a caller shows of an unnamed answer."""
    cells = {f"<{item}>" for item in items}
    found = _item_names(graph, _item_rows(graph, _ITEM_LABELS[by], cells))
    if by == "measures":  # a measure without a name is named by its IRI
        found = _IriNames(found)
        return {cell[1:-1]: found[cell] for cell in cells}
    return {cell[1:-1]: found[cell] for cell in cells if cell in found}


def _actor_facts(graph: Graph, who: list[str]) -> dict[str, tuple[str, bool]]:
    """Raw actor cell → (name, generic) for the actors ``who`` (named by IRI where they
    have no label). A blank node cannot be bound in a query: its flag is read on its own."""
    nodes = {cell: term_value(cell) for cell in who}
    names = labels_of(graph, nodes.values())
    iris = [node for node in nodes.values() if not isinstance(node, BNode)]
    scanned = bounded_scan(graph, _ALL_GENERIC, len(iris))
    if scanned is not None:
        generic = {str(term_value(a)) for (a,) in scanned}
    else:
        rows = select(graph, _GENERIC, {"a": iris}) if iris else []
        generic = {str(r["a"]) for r in rows}
    for node in nodes.values():
        if isinstance(node, BNode) and (
            (node, RDF.type, VZ.GenericActor) in graph or (node, VZ.generic, Literal(True)) in graph
        ):
            generic.add(str(node))
    return {
        cell: (names.get(str(node), str(node)), str(node) in generic)
        for cell, node in nodes.items()
    }


def _item_rows(graph: Graph, query: str, items: set[str]) -> list[tuple[str, str, str, int]]:
    """``(item, label, plan, rank)`` of ``items`` by a query of ``?x ?label`` (and ``?p``,
    ``?pref`` where it has them: :data:`vazby.query.labels.LABELS`), all as raw cells but
    the label's rank (:func:`vazby.query.labels.rank`)."""
    bound = [term_value(x) for x in sorted(items) if x.startswith("<")]
    if not bound:
        return []
    names, rows = select_table(graph, query, {"x": bound}, raw=True)
    at = {n: i for i, n in enumerate(names)}
    return [
        (
            row[at["x"]],
            row[at["label"]],
            row[at["p"]] if "p" in at else "",
            rank(cell_language(row[at["label"]]), bool(row[at["pref"]])) if "pref" in at else 0,
        )
        for row in rows
    ]


def _item_names(graph: Graph, rows: list[tuple]) -> dict[str, str]:
    """Raw item cell → its name from ``(item, label, plan[, rank])`` rows: ``plan:label``
    where the plan is given; of several, the best-ranked and least."""
    best: dict[str, tuple] = {}
    held = best.get
    for row in rows:
        x = row[0]
        key = (row[3] if len(row) > 3 else 0, term_value(row[1]), row[2])
        before = held(x)
        if before is None or key < before:
            best[x] = key
    # the plans of the names chosen, each read once
    wanted = [term_value(p) for p in {key[2] for key in best.values()} if p.startswith("<")]
    slugs = {f"<{p}>": slug for p, slug in least_values(graph, wanted, "vz:identifier").items()}
    out = {}
    for x, (_, label, p) in best.items():
        if not p:
            out[x] = label
        elif (slug := slugs.get(p)) is not None:
            out[x] = f"{slug}:{label}"
    return out


def _add_actor(view: nx.Graph, actor: Actor, **extra: Any) -> None:
    """An actor's node in an actor view: the attributes every view node carries (an actor
    belongs to no plan or area, and its source is its measures'), and the view's ``extra``."""
    view.add_node(
        actor.iri,
        iri=str(actor.iri),
        label=actor.label,
        type="actor",
        generic=actor.generic,
        **extra,
        plan="",
        area="",
        source="",
    )


def actor_measure_graph(
    graph: Graph, *, plan: str | None = None, include_generic: bool = False
) -> nx.Graph:
    """Bipartite graph of actors (``bipartite=0``) and the measures they guarantee (``1``)."""
    graph = whole_corpus(graph, plan)
    view = nx.Graph()
    actors = actor_items(graph, "measures", plan=plan, include_generic=include_generic, named=False)
    for actor in actors.values():
        _add_actor(view, actor, bipartite=0)
    measures = {URIRef(m) for a in actors.values() for m in a.measures}
    facts = node_facts(graph, nodes=[str(m) for m in measures], types=("measure",))
    for m in measures:
        view.add_node(m, bipartite=1, **_analysis_attrs(str(m), facts[str(m)]))
    for actor in actors.values():
        for measure in actor.measures:
            view.add_edge(actor.iri, URIRef(measure), kind="guarantor")
    return view


def actor_overlap_graph(
    graph: Graph, by: str = "measures", *, plan: str | None = None, include_generic: bool = False
) -> nx.Graph:
    """Actors joined when they share items of ``by``; edges carry ``weight`` (how many
    items they share) and ``jaccard`` (shared / items of either)."""
    # the view counts items: no measure needs a name
    actors = actor_items(graph, by, plan=plan, include_generic=include_generic, named=False)
    view = nx.Graph()
    for actor in actors.values():
        _add_actor(view, actor, items=len(actor.items))
    counts = pair_counts(actors)
    jaccard = counts.jaccard().tolist()
    for k, (a, b, shared) in enumerate(
        zip(counts.first.tolist(), counts.second.tolist(), counts.shared.tolist(), strict=True)
    ):
        view.add_edge(counts.actors[a], counts.actors[b], weight=shared, jaccard=jaccard[k])
    return view


class PairCounts:
    """How many items each pair of actors shares: ``actors`` sorted by IRI, and for every
    pair sharing at least one item its two indices into ``actors`` (``first`` < ``second``)
    and the count, as NumPy arrays."""

    __slots__ = ("actors", "first", "second", "shared", "sizes")

    def __init__(self, actors: list[URIRef], first, second, shared, sizes) -> None:
        self.actors = actors
        self.first, self.second, self.shared, self.sizes = first, second, shared, sizes

    def jaccard(self):
        """Shared items / items of either, per pair."""
        union = self.sizes[self.first] + self.sizes[self.second] - self.shared
        return self.shared / union


#: An item held by more actors than this is counted in a matrix product rather than pair by
#: pair (a target group shared by a thousand actors makes half a million pairs).
_CROWDED = 32


def pair_counts(actors: dict[URIRef, Actor]) -> PairCounts:
    """Count the items every pair of actors shares.

    An item held by a few actors adds one to each of their pairs; the items held by many
    are counted at once as the product of the actor–item incidence matrix with itself.
    """
    import numpy as np

    order = sorted(actors)
    index = {iri: i for i, iri in enumerate(order)}
    holders: dict[str, list[int]] = defaultdict(list)
    for actor in actors.values():
        i = index[actor.iri]
        for item in actor.items:
            holders[item].append(i)
    n = len(order)
    firsts: list[int] = []
    seconds: list[int] = []
    crowded: list[list[int]] = []
    for who in holders.values():
        if len(who) > _CROWDED:
            crowded.append(who)
        elif len(who) > 1:
            who.sort()
            for k, a in enumerate(who):
                firsts.extend([a] * (len(who) - k - 1))
                seconds.extend(who[k + 1 :])
    codes = np.array(firsts, dtype=np.int64) * n + np.array(seconds, dtype=np.int64)
    codes, counts = np.unique(codes, return_counts=True)
    sizes = np.array([len(actors[iri].items) for iri in order], dtype=np.int64)
    if not crowded:
        first, second = np.divmod(codes, n) if n else (codes, codes)
        return PairCounts(order, first, second, counts.astype(np.int64), sizes)
    incidence = np.zeros((n, len(crowded)), dtype=np.float32)
    for j, who in enumerate(crowded):
        incidence[who, j] = 1.0
    matrix = incidence @ incidence.T  # exact while a count stays below 2**24
    np.add.at(matrix, np.divmod(codes, n), counts)
    first, second = np.nonzero(np.triu(matrix, 1))
    shared = matrix[first, second].astype(np.int64)
    return PairCounts(order, first.astype(np.int64), second.astype(np.int64), shared, sizes)


#: The plan ladder's node types, the nodes of the dependency graph.
_LADDER = ("measure", "goal", "area", "need", "budget-line")


def _analysis_attrs(iri: str, facts: dict[str, Any]) -> dict[str, Any]:
    """An analysis graph node's attributes (every one present, empty where unknown) from its
    facts (:func:`vazby.query.nodes.node_facts`); ``id`` is the identifier, else the label."""
    return {
        "iri": iri,
        "id": facts.get("identifier") or facts["label"],
        "label": facts["label"],
        "type": facts["type"],
        "plan": facts.get("plan", ""),
        "area": facts.get("area", ""),
        "source": facts.get("source", ""),
    }


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

    Edge kinds are those of :mod:`vazby.query.dependencies` (link kinds, ``part-of``,
    ``funded-by``, ``shared-budget``); each edge's key is its kind and it carries ``why``
    (the IRI of the link node, child or budget line it was read from).
    """
    graph = whole_corpus(graph, plan)
    view = nx.MultiDiGraph()
    for iri, facts in node_facts(graph, plan=plan, types=_LADDER).items():
        view.add_node(URIRef(iri), **_analysis_attrs(iri, facts))
    rows = select(graph, _DEPENDENCY_EDGES.format(plan=plan_filter(plan, "?from")))
    # the other ends (a meeting, a project) as the maps show them, in the order reached
    reached = dict.fromkeys(chain.from_iterable((r["from"], r["to"]) for r in rows))
    ends = [e for e in reached if e not in view]
    iris = [str(e) for e in ends if isinstance(e, URIRef)]  # a blank node cannot be bound
    facts = node_facts(graph, nodes=iris) if iris else {}
    for end in ends:
        view.add_node(end, **_analysis_attrs(str(end), facts.get(str(end)) or other_facts(end)))
    for row in rows:
        kind = str(row["kind"])
        view.add_edge(row["from"], row["to"], key=kind, kind=kind, why=str(row["why"]))
    return view


#: View name → function(graph, **options) returning a NetworkX graph.
VIEWS: dict[str, Callable[..., nx.Graph]] = {
    "dependencies": dependency_graph,
    "actor-measure": actor_measure_graph,
    "actor-overlap": actor_overlap_graph,
}


#: The map views (see :func:`map_view`).
MAP_VIEWS = ("dependencies", "actors", "overlap", "full")

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


#: The links between nodes, with where each was written (the span in small OPTIONAL groups
#: joined on ?sp, which Oxigraph evaluates per link rather than over the whole graph).
_LINKS = (
    "SELECT ?link ?s ?t ?kind ?raw ?f ?l ?loc WHERE { ?link a vz:Link ; vz:linkSource ?s ; "
    "vz:linkTarget ?t . OPTIONAL { ?link vz:linkKind ?kind } "
    "OPTIONAL { ?link vz:rawText ?raw } "
    "OPTIONAL { ?link prov:wasDerivedFrom ?sp . ?sp vz:firstLine ?l } "
    "OPTIONAL { ?link prov:wasDerivedFrom ?sp . ?sp vz:document/vz:fileName ?f } "
    "OPTIONAL { ?link prov:wasDerivedFrom ?sp . ?sp vz:locator ?loc } }"
)
#: :data:`_LINKS` in two reads for links bound by an end: the links, then their spans (the
#: optional spans of a link not yet bound made the store read every span).
_LINK_ENDS = (
    "SELECT ?link ?s ?t ?kind ?raw WHERE { ?link a vz:Link ; vz:linkSource ?s ; "
    "vz:linkTarget ?t . OPTIONAL { ?link vz:linkKind ?kind } OPTIONAL { ?link vz:rawText ?raw } }"
)
_LINK_SPANS = (
    "SELECT ?link ?f ?l ?loc WHERE { ?link prov:wasDerivedFrom ?sp . ?sp vz:firstLine ?l . "
    "?sp vz:document/vz:fileName ?f OPTIONAL { ?sp vz:locator ?loc } }"
)
#: Every IRI-valued triple (kept as the store writes it and matched to the nodes by that
#: text: rdflib terms for a corpus's million triples cost a minute at 20k).
_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o)) }"


def _collect_edges(
    graph: Graph,
    nodes: dict[str, dict[str, Any]],
    links: list[dict[str, Any]] | None = None,
    triples: Iterable[tuple[str, str, str]] | None = None,
) -> list[tuple[str, str, dict[str, Any]]]:
    """The edges between ``nodes``: of the graph's links and its IRI-valued triples, read
    whole unless given (:func:`_plan_part` reads those around one plan)."""
    edges: list[tuple[str, str, dict[str, Any]]] = []
    seen_links: set[str] = set()
    for row in select(graph, _LINKS) if links is None else links:
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
    written = {f"<{n}>": n for n in nodes} | {f"_:{n}": n for n in nodes}
    if triples is None:
        triples = select_table(graph, _TRIPLES, raw=True)[1]
    for raw_s, raw_p, raw_o in triples:
        subject, target = written.get(raw_s), written.get(raw_o)
        if subject is None or target is None or subject == target:
            continue
        s, o = subject, target
        predicate = URIRef(raw_p[1:-1])
        kind = EDGE_KINDS[predicate] if predicate in EDGE_KINDS else local_name(predicate)
        if kind is None or kind == "type":
            continue
        attrs = {"kind": kind}
        child = o if kind == "part" else s
        if "source" in nodes[child]:
            attrs["source"] = nodes[child]["source"]
        edges.append((s, o, attrs))
    edges.sort(key=lambda e: (e[0], e[1], e[2]["kind"], e[2].get("link", "")))
    return edges


def _plan_part(
    graph: Graph, plan: str
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, dict[str, Any]]]] | None:
    """The nodes and edges a map of one ``plan`` keeps, read around the plan rather than
    over the whole graph: the plan's nodes, the nodes one triple or link away, and the
    edges among them all, so that the view cut to the plan (:func:`_restrict`) is the one
    cut from the whole graph's. None where a node of the plan is a blank node, which no
    query can bind (the whole graph is read then)."""
    core = node_facts(graph, plan=plan, details=True)
    if not all(map(is_iri, core)):  # a blank node's label is no IRI
        return None
    links = _bound_links(graph, "s", core) + _bound_links(graph, "t", core)
    triples = set(_bound_rows(graph, _TRIPLES, "s", core, raw=True))
    triples |= set(_bound_rows(graph, _INCOMING, "o", core, raw=True))
    ends = {str(r[end]) for r in links for end in ("s", "t")}
    ends |= {cell[1:-1] for triple in triples for cell in (triple[0], triple[2]) if cell[0] == "<"}
    others = node_facts(graph, nodes=sorted(ends - core.keys()))
    links += _bound_links(graph, "s", others)  # the other ends among themselves
    triples |= set(_bound_rows(graph, _TRIPLES, "s", others, raw=True))
    nodes = {**others, **core}
    return nodes, _collect_edges(graph, nodes, links, triples)


#: What points at a node: every triple with it as object.
_INCOMING = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def _bound_links(graph: Graph, variable: str, nodes: Iterable[str]) -> list[dict[str, Any]]:
    """The rows of :data:`_LINKS` with ``variable`` (``s`` or ``t``) bound to ``nodes``."""
    links = _bound_rows(graph, _LINK_ENDS, variable, nodes)
    spans: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _bound_rows(graph, _LINK_SPANS, "link", {str(r["link"]) for r in links}):
        spans[str(row["link"])].append(row)
    none = {"f": None, "l": None, "loc": None}
    return [
        {**link, **{k: span[k] for k in none}}
        for link in links
        for span in spans.get(str(link["link"]), [none])
    ]


def _bound_rows(
    graph: Graph, query: str, variable: str, nodes: Iterable[str], *, raw: bool = False
) -> list[Any]:
    """The rows of ``query`` with ``variable`` bound to each of ``nodes`` (IRIs), as
    dictionaries, or with ``raw`` as tuples of cells as the store writes them."""
    rows: list[Any] = []
    for some in in_chunks([URIRef(n) for n in sorted(nodes)], VALUES_AT_ONCE):
        if raw:
            rows += select_table(graph, query, {variable: some}, raw=True)[1]
        else:
            rows += select(graph, query, {variable: some})
    return rows


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
    if view not in MAP_VIEWS:
        raise VazbyError(f"unknown view {view!r}; choose one of {', '.join(MAP_VIEWS)}")
    graph = whole_corpus(graph, plan)  # a store's copy: of the plan's graphs, with a plan
    check_plan(graph, plan)
    # one plan read around it on the embedded store; a SPARQL store's graph, when it could
    # not be copied, is read whole (its answers come in pages)
    part = None if plan is None or oxigraph(graph) is None else _plan_part(graph, plan)
    if part is None:
        nodes = node_facts(graph, details=True)
        part = nodes, _collect_edges(graph, nodes)
    nodes, edges = part
    wanted_types = _VIEW_NODES[view]
    wanted_kinds = _VIEW_EDGES[view]
    result = nx.MultiDiGraph(view=view)
    for iri in sorted(nodes):
        if wanted_types is None or nodes[iri]["type"] in wanted_types:
            result.add_node(iri, **nodes[iri])
    for s, o, attrs in edges:
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
            in_view = {str(a["plan"]) for _, a in view.nodes(data=True) if a.get("plan")}
            raise unknown_plan(plan, sorted(in_view))
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
    """Actors joined by the number of measures they both guarantee, the pairs counted as
    the overlap question counts them (:func:`pair_counts`)."""
    measures_of: dict[str, set[str]] = defaultdict(set)
    for s, o in g.edges():
        if g.nodes[o]["type"] == "actor" and g.nodes[s]["type"] == "measure":
            measures_of[o].add(s)
    result = nx.MultiDiGraph(**g.graph)
    actors: dict[URIRef, Actor] = {}
    for n in sorted(measures_of):
        result.add_node(n, **g.nodes[n])
        actor = actors[URIRef(n)] = Actor(URIRef(n), "", False)
        actor.items = dict.fromkeys(measures_of[n], "")
    counts = pair_counts(actors)
    pairs = sorted(
        (str(counts.actors[a]), str(counts.actors[b]))
        for a, b in zip(counts.first.tolist(), counts.second.tolist(), strict=True)
    )
    for a, b in pairs:
        shared = measures_of[a] & measures_of[b]
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
