"""What the map layouts share: a node's position, and the order nodes are placed in (by
plan, then by number, as the tables order measures: ``1.10`` after ``1.9``)."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from ..query.measures import natural_key

__all__ = ["Positions", "node_order"]

#: Node → (x, y).
Positions = dict[Hashable, tuple[float, float]]


def node_order(graph: nx.MultiDiGraph, node: Hashable) -> tuple[str, str, str]:
    """Sort key of a map node: its plan and identifier in natural order, then the node.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", plan="lhota", identifier="1.10")
    >>> g.add_node("b", plan="lhota", identifier="1.9")
    >>> sorted(g, key=lambda n: node_order(g, n))
    ['b', 'a']
    """
    attrs = graph.nodes[node]
    plan, identifier = attrs.get("plan", ""), attrs.get("identifier", "")
    return natural_key(str(plan)), natural_key(str(identifier)), str(node)
