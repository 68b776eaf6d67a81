"""Graph files of the map views: the writers (:data:`NETWORK_WRITERS`, in
:mod:`vazby.exports.network_formats`) beside the projection they write,
:func:`vazby.query.views.map_view`, the one RDF → NetworkX projection module.
"""

from __future__ import annotations

from ..query.views import CLASS_TYPES, MAP_VIEWS, NODE_TYPES, map_view, narrow_view
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

#: The map views, by name.
VIEWS = MAP_VIEWS
