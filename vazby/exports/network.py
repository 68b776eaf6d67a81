"""Graph files of the map views: the network formats of :mod:`vazby.exports.registry`
(written by :mod:`vazby.exports.network_formats`) beside the projection they write,
:func:`vazby.query.views.map_view`, the one RDF → NetworkX projection module.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..query.views import CLASS_TYPES, MAP_VIEWS, NODE_TYPES, map_view, narrow_view
from .registry import NETWORK, find

__all__ = [
    "VIEWS",
    "NODE_TYPES",
    "CLASS_TYPES",
    "map_view",
    "narrow_view",
    "write_network",
]

#: The map views, by name.
VIEWS = MAP_VIEWS


def write_network(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    """Write ``graph`` to ``path`` in the network format ``fmt`` (a name in the registry).

    Raises
    ------
    VazbyError
        ``fmt`` is not a network format; the message lists them.
    """
    find(fmt, NETWORK).writer(graph, path)
