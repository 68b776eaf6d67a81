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
per level), so its cost grows with the size of the answer, not of the graph. Every node is
reported once per edge that reaches it at its shortest depth. Cycles among directed links
(``goal``, ``measure``, ``area``, ``cost``) are flagged on the rows, never followed twice;
the symmetric relations (shared budget lines, ``budget`` links) are not cycles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph
from rdflib.term import Node

from ..errors import VazbyError
from ..rdf.store import select, values_clause, without_gc
from .entities import Entity, describe, resolve, spans_of
from .measures import natural_key

__all__ = ["DependencyRow", "PathHop", "DIRECTIONS", "DIRECTED_KINDS", "dependencies", "paths"]

DIRECTIONS = ("up", "down", "both")

#: Link kinds that point one way and so can close a cycle.
DIRECTED_KINDS = frozenset({"goal", "measure", "area", "cost"})

# ``{values}`` is a VALUES block binding the known end; it is repeated inside every branch
# so that the store starts each branch from the frontier instead of scanning every link.
_EDGES = """
SELECT ?from ?to ?kind ?raw ?why WHERE {{
  {{ {values} ?why vz:linkSource ?from ; vz:linkTarget ?to ; vz:linkKind ?kind .
     OPTIONAL {{ ?why vz:rawText ?raw }} }}
  UNION {{ {values} ?to vz:hasPart ?from . FILTER NOT EXISTS {{ ?to a vz:Plan }}
           BIND("part-of" AS ?kind) BIND(?from AS ?why) }}
  UNION {{ {values} ?from vz:fundedBy ?to . BIND("funded-by" AS ?kind) BIND(?to AS ?why)
           OPTIONAL {{ ?to vz:costText ?raw }} }}
  UNION {{ {values} ?to vz:fundedBy ?from . BIND("shared-budget" AS ?kind) BIND(?from AS ?why)
           OPTIONAL {{ ?from vz:costText ?raw }} }}
}}
"""


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


def _edges(graph: Graph, nodes: Sequence[Node], upstream: bool) -> list[_Edge]:
    """Edges leaving ``nodes`` upstream (they rely on) or entering them (downstream)."""
    if not nodes:
        return []
    bound = "from" if upstream else "to"
    out = []
    query = _EDGES.format(values=values_clause({bound: nodes}))
    for row in select(graph, query):
        out.append(_Edge(row["from"], row["to"], str(row["kind"]), row["raw"] or "", row["why"]))
    out.sort(key=lambda e: (str(e.head), str(e.tail), e.kind, str(e.why)))
    return out


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
    start = resolve(graph, identifier, plan)
    rows: list[DependencyRow] = []
    for way in ("up", "down"):
        if direction in (way, "both"):
            rows.extend(_traverse(graph, start, way == "up", depth))
    rows.sort(
        key=lambda r: (r.direction != "up", r.depth, r.plan, natural_key(r.id), r.kind, r.via)
    )
    return rows


def _traverse(
    graph: Graph, start: Entity, upstream: bool, max_depth: int | None
) -> list[DependencyRow]:
    depth_of: dict[Node, int] = {start.iri: 0}
    arrivals: dict[Node, list[_Edge]] = defaultdict(list)
    directed = nx.DiGraph()
    frontier: list[Node] = [start.iri]
    closing: list[tuple[int, _Edge]] = []
    level = 0
    while frontier and (max_depth is None or level < max_depth):
        level += 1
        found: list[Node] = []
        for edge in _edges(graph, frontier, upstream):
            far = edge.tail if upstream else edge.head
            if edge.kind in DIRECTED_KINDS:
                directed.add_edge(edge.head, edge.tail)
            if far == start.iri:
                if edge.kind in DIRECTED_KINDS:
                    closing.append((level, edge))
                continue
            if far not in depth_of:
                depth_of[far] = level
                found.append(far)
            if depth_of[far] == level:
                arrivals[far].append(edge)
        frontier = found
    in_cycle = _cycle_nodes(directed)
    entities = describe(graph, list(depth_of))
    sources = spans_of(
        graph, {e.why for edges in arrivals.values() for e in edges} | {e.why for _, e in closing}
    )
    way = "up" if upstream else "down"

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
    for level, edge in closing if start.iri in in_cycle else ():
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
    start = resolve(graph, source, plan)
    goal = resolve(graph, target, plan)
    if start.iri == goal.iri:
        return []
    parents: dict[Node, list[tuple[Node, _Edge, bool]]] = defaultdict(list)
    depth_of: dict[Node, int] = {start.iri: 0}
    frontier: list[Node] = [start.iri]
    level = 0
    while frontier and goal.iri not in depth_of:
        level += 1
        found = []
        # a shared-budget edge mirrors a funded-by edge: walking both would double each path
        steps = [(e, False) for e in _edges(graph, frontier, True) if e.kind != "shared-budget"]
        steps += [(e, True) for e in _edges(graph, frontier, False) if e.kind != "shared-budget"]
        for edge, reverse in steps:
            near, far = (edge.tail, edge.head) if reverse else (edge.head, edge.tail)
            if far not in depth_of:
                depth_of[far] = level
                found.append(far)
            if depth_of[far] == level and not any(
                p[0] == near and p[1] == edge for p in parents[far]
            ):
                parents[far].append((near, edge, reverse))
        frontier = found
    if goal.iri not in depth_of:
        return []
    chains = _chains(parents, start.iri, goal.iri, limit)
    nodes = {n for chain in chains for step in chain for n in (step[0], step[1].head, step[1].tail)}
    entities = describe(graph, nodes)
    sources = spans_of(graph, {step[1].why for chain in chains for step in chain})
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
