"""What a measure relies on, what relies on it, and how two measures are connected.

The dependency relation, read from the graph (an edge ``A → B`` means *A relies on B*):

* **links**: a ``vz:Link`` from A to B, of its kind (``goal``, ``measure``, ``area``,
  ``need``, ``cost`` for "Viz opatření 1.1.1.1", ``budget`` for a measure named in a shared
  budget line); dangling links have no target and lead nowhere;
* **part-of**: a measure relies on its parent goal, a specific goal on its strategic goal,
  a goal on its thematic area (the plan itself is not a dependency: it would make every
  measure depend on every other);
* **funded-by / shared-budget**: a measure relies on its budget line (``funded-by``) and
  through it on every other measure the line is shared with (``shared-budget``), so
  sharing works in both directions.

*Upstream* follows the edges, *downstream* follows them backwards. Traversal is a breadth-
first search that asks the store for the neighbours of one frontier at a time (one query
per level, both directions in it), so its cost grows with the size of the answer, not of
the graph. In a SPARQL store each request costs more than its rows (every published graph
is named in it), so the query that finds the node a user named reads its first level too,
and one query describes what was reached with the sources of the edges. Every node is
reported once per edge that reaches it at its shortest depth. Cycles among directed links
(``goal``, ``measure``, ``area``, ``cost``) are flagged on the rows, never followed twice;
the symmetric relations (shared budget lines, ``budget`` links) are not cycles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import VazbyError
from ..rdf.store import VALUES_AT_ONCE, in_chunks, select, values_clause, without_gc
from .entities import Entity, candidates, chosen, describe_with_spans, naming
from .measures import natural_key

__all__ = ["DependencyRow", "PathHop", "DIRECTIONS", "DIRECTED_KINDS", "dependencies", "paths"]

DIRECTIONS = ("up", "down", "both")

#: Link kinds that point one way and so can close a cycle.
DIRECTED_KINDS = frozenset({"goal", "measure", "area", "cost"})

# ``{values}`` binds the known end (a VALUES block, or the node a user named); it is repeated
# inside every branch so that the store starts each branch from the frontier instead of
# scanning every link. ``{way}`` says which search a row is for, where one request reads
# the next level of several.
_EDGES = """
  {{ {values} ?why vz:linkSource ?from ; vz:linkTarget ?to ; vz:linkKind ?kind .
     OPTIONAL {{ ?why vz:rawText ?raw }} {way} }}
  UNION {{ {values} ?to vz:hasPart ?from . FILTER NOT EXISTS {{ ?to a vz:Plan }}
           BIND("part-of" AS ?kind) BIND(?from AS ?why) {way} }}
  UNION {{ {values} ?from vz:fundedBy ?to . BIND("funded-by" AS ?kind) BIND(?to AS ?why)
           OPTIONAL {{ ?to vz:costText ?raw }} {way} }}
  UNION {{ {values} ?to vz:fundedBy ?from . BIND("shared-budget" AS ?kind) BIND(?from AS ?why)
           OPTIONAL {{ ?from vz:costText ?raw }} {way} }}
"""

#: Frontier nodes of one request: each is bound in the four branches of :data:`_EDGES`.
_NODES_AT_ONCE = VALUES_AT_ONCE // 4

_COLUMNS = "?end ?x ?type ?plan ?way ?from ?to ?kind ?raw ?why"


@dataclass(frozen=True, slots=True)
class DependencyRow:
    """One thing a measure relies on (``up``) or that relies on it (``down``), and why.

    ``via`` is the identifier of the node the edge starts from (at ``depth - 1``), ``kind``
    the edge's kind, ``raw`` the text it was read from and ``source`` its ``file:line``;
    ``path`` runs from the queried node to this one. ``cycle`` is true when the node lies on
    a cycle of directed links (a row whose ``id`` is the queried node itself closes one).
    ``reached`` is ``direct`` when every step of the path is a link, a part-of or the
    queried node's own budget line, and ``shared-budget`` when the path passes through a
    budget line another measure shares (a goal of that other measure is no goal of this one).
    """

    direction: str
    depth: int
    plan: str
    id: str
    type: str
    label: str
    kind: str
    via: str
    raw: str
    source: str
    path: tuple[str, ...]
    cycle: bool
    reached: str = "direct"


#: Edge kinds that leave the queried measure's own facts for another measure's through a
#: budget line they share.
SHARING_KINDS = frozenset({"shared-budget", "budget"})


@dataclass(frozen=True, slots=True)
class PathHop:
    """One hop of a shortest connection; ``reverse`` means ``to`` relies on ``from``."""

    path: int
    step: int
    from_id: str
    to_id: str
    kind: str
    reverse: bool
    raw: str
    source: str


@dataclass(frozen=True, slots=True)
class _Edge:
    """An edge in its own orientation: ``head`` relies on ``tail``."""

    head: Node
    tail: Node
    kind: str
    raw: str
    why: Node


def _edge_group(way: str, upstream: bool, binding: Callable[[str], str]) -> str:
    """The edges leaving the nodes ``binding(variable)`` binds upstream (they rely on) or
    entering them (downstream), each row's ``?way`` being ``way``."""
    values = binding("from" if upstream else "to")
    tag = f"BIND({Literal(way).n3()} AS ?way)"
    return "{ " + _EDGES.format(values=values, way=tag) + " }"


def _edges_of(rows: list[dict], way: str, upstream: bool, node: Node | None = None) -> list[_Edge]:
    """The edges of ``way`` among ``rows`` (those leaving or entering ``node`` when given),
    in a fixed order."""
    bound = "from" if upstream else "to"
    out = [
        _Edge(row["from"], row["to"], str(row["kind"]), row["raw"] or "", row["why"])
        for row in rows
        if row["way"] == way and (node is None or row[bound] == node)
    ]
    out.sort(key=lambda e: (str(e.head), str(e.tail), e.kind, str(e.why)))
    return out


def _values(variable: str, nodes: Sequence[Node]) -> str:
    return values_clause({variable: nodes})


def _edges(
    graph: Graph, frontiers: Mapping[str, tuple[bool, Sequence[Node]]]
) -> dict[str, list[_Edge]]:
    """The next level of each search: ``way → (upstream, frontier)`` to ``way → edges``, in
    one request (one for every few hundred frontier nodes)."""
    parts = [
        (way, upstream, chunk)
        for way, (upstream, nodes) in frontiers.items()
        for chunk in in_chunks(list(nodes), _NODES_AT_ONCE)
    ]
    rows: list[dict] = []
    while parts:
        batch: list[tuple[str, bool, Sequence[Node]]] = []
        size = 0
        while parts and (not batch or size + len(parts[0][2]) <= _NODES_AT_ONCE):
            size += len(parts[0][2])
            batch.append(parts.pop(0))
        groups = [_edge_group(way, up, partial(_values, nodes=nodes)) for way, up, nodes in batch]
        rows += select(graph, f"SELECT {_COLUMNS} WHERE {{ {' UNION '.join(groups)} }}")
    return {way: _edges_of(rows, way, upstream) for way, (upstream, _) in frontiers.items()}


def _begin(
    graph: Graph, names: Mapping[str, str], plan: str | None, ways: Mapping[str, bool]
) -> tuple[list[URIRef | BNode], dict[str, list[_Edge]]]:
    """The nodes ``names`` (end → identifier) name, and the first level of each search of
    ``ways`` (way → upstream) from the first of them, read in one request."""
    first = next(iter(names.values()))
    groups = [candidates(identifier, plan, end) for end, identifier in names.items()]
    starting = partial(naming, first, plan=plan)
    groups += [_edge_group(way, up, starting) for way, up in ways.items()]
    rows = select(graph, f"SELECT {_COLUMNS} WHERE {{ {' UNION '.join(groups)} }}")
    nodes = [
        chosen(graph, identifier, plan, [r for r in rows if r["end"] == end])
        for end, identifier in names.items()
    ]
    # the next levels bind the start node: a blank node, which no query can name, is refused
    # here with the message that says how to name it (found in the rows, it was not named)
    values_clause({"x": nodes[:1]})
    return nodes, {way: _edges_of(rows, way, up, nodes[0]) for way, up in ways.items()}


class _Search:
    """A breadth-first search from ``start``, upstream or down, fed one level at a time."""

    def __init__(self, start: Node, upstream: bool, max_depth: int | None) -> None:
        self.start, self.upstream, self.max_depth = start, upstream, max_depth
        self.depth_of: dict[Node, int] = {start: 0}
        self.arrivals: dict[Node, list[_Edge]] = defaultdict(list)
        self.directed = nx.DiGraph()
        self.frontier: list[Node] = [start]
        self.closing: list[tuple[int, _Edge]] = []
        self.level = 0

    @property
    def going(self) -> bool:
        """Whether another level is to be read."""
        return bool(self.frontier) and (self.max_depth is None or self.level < self.max_depth)

    def take(self, edges: list[_Edge]) -> None:
        """Walk the edges of the next level (those of the frontier)."""
        self.level += 1
        found: list[Node] = []
        for edge in edges:
            far = edge.tail if self.upstream else edge.head
            if edge.kind in DIRECTED_KINDS:
                self.directed.add_edge(edge.head, edge.tail)
            if far == self.start:
                if edge.kind in DIRECTED_KINDS:
                    self.closing.append((self.level, edge))
                continue
            if far not in self.depth_of:
                self.depth_of[far] = self.level
                found.append(far)
            if self.depth_of[far] == self.level:
                self.arrivals[far].append(edge)
        self.frontier = found

    def whys(self) -> set[Node]:
        """What the rows' sources are read of: the edges' reasons."""
        edges = [e for arrived in self.arrivals.values() for e in arrived]
        return {e.why for e in edges} | {e.why for _, e in self.closing}


@without_gc
def dependencies(
    graph: Graph,
    identifier: str,
    *,
    direction: str = "up",
    depth: int | None = None,
    plan: str | None = None,
) -> list[DependencyRow]:
    """What a measure or goal relies on, or what relies on it, transitively.

    Parameters
    ----------
    graph : rdflib.Graph
        A vazby graph.
    identifier : str
        ``1.1.1.1``, ``B.3/1.1.2`` or a full IRI.
    direction : {"up", "down", "both"}
        ``up``: what it relies on; ``down``: what relies on it; ``both``: the two lists.
    depth : int, optional
        Stop after this many steps; unlimited by default.
    plan : str, optional
        Plan slug, needed when the identifier is in several plans.

    Returns
    -------
    list of DependencyRow
        Sorted by direction, depth, plan and identifier.

    Raises
    ------
    UnknownEntity
        The identifier is not in the graph (or is ambiguous without ``plan``).
    """
    if direction not in DIRECTIONS:
        raise VazbyError(f"unknown direction {direction!r}; choose one of {', '.join(DIRECTIONS)}")
    if depth is not None and depth < 1:
        raise VazbyError("depth must be at least 1")
    ways = {way: way == "up" for way in ("up", "down") if direction in (way, "both")}
    # one request finds the node and reads the first level of each way; then one request a
    # level reads the next level of every search still going; one describes what was reached
    (start,), first = _begin(graph, {"start": identifier}, plan, ways)
    searches = {way: _Search(start, upstream, depth) for way, upstream in ways.items()}
    for way, search in searches.items():
        search.take(first[way])
    while going := {w: (s.upstream, s.frontier) for w, s in searches.items() if s.going}:
        for way, edges in _edges(graph, going).items():
            searches[way].take(edges)
    entities, sources = describe_with_spans(
        graph,
        {n: None for s in searches.values() for n in s.depth_of},
        {n: None for s in searches.values() for n in s.whys()},
    )
    rows: list[DependencyRow] = []
    for way, search in searches.items():
        rows.extend(_rows(way, search, entities, sources))
    rows.sort(
        key=lambda r: (r.direction != "up", r.depth, r.plan, natural_key(r.id), r.kind, r.via)
    )
    return rows


def _rows(
    way: str, search: _Search, entities: dict[Node, Entity], sources: dict[Node, str]
) -> list[DependencyRow]:
    upstream, arrivals, depth_of = search.upstream, search.arrivals, search.depth_of
    start = entities[search.start]
    in_cycle = _cycle_nodes(search.directed)

    def path_to(node: Node) -> tuple[str, ...]:
        chain = [node]
        while chain[-1] != start.iri:
            edge = arrivals[chain[-1]][0]
            chain.append(edge.head if upstream else edge.tail)
        return tuple(entities[n].id for n in reversed(chain))

    def shares(node: Node) -> bool:
        """Whether the path to ``node`` passes through a shared budget line."""
        while node != start.iri:
            edge = arrivals[node][0]
            if edge.kind in SHARING_KINDS:
                return True
            node = edge.head if upstream else edge.tail
        return False

    rows = []
    for node, edges in arrivals.items():
        target = entities[node]
        for edge in edges:
            near = edge.head if upstream else edge.tail
            rows.append(
                _row(
                    way,
                    depth_of[node],
                    target,
                    entities[near],
                    edge,
                    sources,
                    path_to(near) + (target.id,),
                    node in in_cycle,
                    "shared-budget" if edge.kind in SHARING_KINDS or shares(near) else "direct",
                )
            )
    for level, edge in search.closing if start.iri in in_cycle else ():
        near = edge.head if upstream else edge.tail
        rows.append(
            _row(
                way,
                level,
                start,
                entities[near],
                edge,
                sources,
                path_to(near) + (start.id,),
                True,
                "shared-budget" if edge.kind in SHARING_KINDS or shares(near) else "direct",
            )
        )
    return rows


def _row(
    way: str,
    depth: int,
    target: Entity,
    near: Entity,
    edge: _Edge,
    sources: dict,
    path: tuple[str, ...],
    cycle: bool,
    reached: str,
) -> DependencyRow:
    return DependencyRow(
        direction=way,
        depth=depth,
        plan=target.plan,
        id=target.id,
        type=target.type,
        label=target.label,
        kind=edge.kind,
        via=near.id,
        raw=edge.raw,
        source=sources.get(edge.why, ""),
        path=path,
        cycle=cycle,
        reached=reached,
    )


def _cycle_nodes(directed: nx.DiGraph) -> set[Node]:
    nodes: set[Node] = set()
    for component in nx.strongly_connected_components(directed):
        if len(component) > 1:
            nodes |= component
    nodes |= {n for n in directed.nodes if directed.has_edge(n, n)}
    return nodes


@without_gc
def paths(
    graph: Graph,
    source: str,
    target: str,
    *,
    plan: str | None = None,
    limit: int = 10,
) -> list[PathHop]:
    """The shortest connections between two measures or goals, hop by hop.

    Edges are those of :func:`dependencies`, walked in either direction; each hop says
    whether it follows an edge (``reverse`` false: ``from`` relies on ``to``) or goes
    against one. The search widens one level at a time from ``source`` and stops at the
    level where ``target`` appears, so it never reads more than the ball around ``source``.

    Parameters
    ----------
    graph : rdflib.Graph
    source, target : str
        Identifiers as printed or IRIs.
    plan : str, optional
        Plan slug for identifiers used by several plans.
    limit : int
        At most this many shortest paths, in a deterministic order.

    Returns
    -------
    list of PathHop
        Empty when the two are not connected.
    """
    # one request finds both ends and reads the first level around ``source``; then one
    # request a level, and one describes the hops
    (start, goal), edges = _begin(
        graph, {"source": source, "target": target}, plan, {"up": True, "down": False}
    )
    if start == goal:
        return []
    parents: dict[Node, list[tuple[Node, _Edge, bool]]] = defaultdict(list)
    depth_of: dict[Node, int] = {start: 0}
    level = 0
    while True:
        level += 1
        found = []
        # a shared-budget edge mirrors a funded-by edge: walking both would double each path
        steps = [(e, False) for e in edges["up"] if e.kind != "shared-budget"]
        steps += [(e, True) for e in edges["down"] if e.kind != "shared-budget"]
        for edge, reverse in steps:
            near, far = (edge.tail, edge.head) if reverse else (edge.head, edge.tail)
            if far not in depth_of:
                depth_of[far] = level
                found.append(far)
            if depth_of[far] == level and not any(
                p[0] == near and p[1] == edge for p in parents[far]
            ):
                parents[far].append((near, edge, reverse))
        if not found or goal in depth_of:
            break
        edges = _edges(graph, {"up": (True, found), "down": (False, found)})
    if goal not in depth_of:
        return []
    chains = _chains(parents, start, goal, limit)
    nodes = {n for chain in chains for step in chain for n in (step[0], step[1].head, step[1].tail)}
    entities, sources = describe_with_spans(
        graph, nodes, {step[1].why for chain in chains for step in chain}
    )
    hops = []
    for number, chain in enumerate(chains, 1):
        for step, (near, edge, reverse) in enumerate(chain, 1):
            far = edge.head if reverse else edge.tail
            hops.append(
                PathHop(
                    number,
                    step,
                    entities[near].id,
                    entities[far].id,
                    edge.kind,
                    reverse,
                    edge.raw,
                    sources.get(edge.why, ""),
                )
            )
    return hops


def _chains(parents, start: Node, goal: Node, limit: int) -> list[list[tuple[Node, _Edge, bool]]]:
    """Every shortest chain of (node, edge, reverse) steps from start to goal, up to limit."""
    out: list[list[tuple[Node, _Edge, bool]]] = []

    def walk(node: Node, suffix: list) -> None:
        if len(out) >= limit:
            return
        if node == start:
            out.append(list(suffix))
            return
        for near, edge, reverse in sorted(
            parents[node], key=lambda p: (str(p[0]), p[1].kind, str(p[1].why))
        ):
            walk(near, [(near, edge, reverse)] + suffix)

    walk(goal, [])
    return out
