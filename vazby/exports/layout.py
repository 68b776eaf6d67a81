"""Deterministic node layouts for maps: same graph in, same positions out.

Every layout lays each connected component out on its own and packs the components in rows,
largest first, so that small plans do not drift off the picture. The force layout uses a
fixed seed; the hierarchical layout is a pure function of the plan ladder (``part`` edges)
and the identifiers. Positions come back in abstract units: about one unit between
neighbouring nodes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import numpy as np

from ..errors import VazbyError
from .outline import outline_layout
from .placing import Positions, node_order

__all__ = ["LAYOUTS", "UNIT", "compute_layout", "default_layout"]

SEED = 20240611

#: Layer of each node type in the hierarchical layout (others go below their neighbours).
_RANK = {"plan": 0, "area": 1, "goal": 2, "measure": 4}


#: Canvas pixels per layout unit (the outline layout works in pixels).
UNIT = 160.0


def default_layout(view: str) -> str:
    """The layout a view reads best in: plans as outlines (areas in columns, goals in rows,
    measures under their goal) where the plan ladder shows; actors sharing measures by force.
    """
    return "spring" if view == "overlap" else "outline"


def _normalise(pos: dict[Hashable, np.ndarray], n: int) -> Positions:
    """Scale to a box whose side grows with sqrt(n), origin at the lower left."""
    import numpy as np  # here, not at import: every command imports LAYOUTS

    coords = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    low, high = coords.min(axis=0), coords.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    side = max(1.0, 1.6 * math.sqrt(n))
    return {k: tuple(((np.asarray(v) - low) / span * side).tolist()) for k, v in pos.items()}


def _force(graph: nx.Graph, seed: int, iterations: int = 80) -> dict[Hashable, np.ndarray]:
    """Fruchterman–Reingold in numpy, in row blocks so memory stays linear-ish."""
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    edges = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b], dtype=int)
    k = 1.0 / math.sqrt(n)
    step = 0.1
    block = 512
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        for start in range(0, n, block):
            delta = pos[start : start + block, None, :] - pos[None, :, :]
            dist2 = np.maximum((delta**2).sum(axis=2), 1e-6)
            disp[start : start + block] += (delta * (k * k / dist2)[:, :, None]).sum(axis=1)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.maximum(np.sqrt((delta**2).sum(axis=1)), 1e-3)
            pull = delta * (dist / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.96
    return {v: pos[i] for v, i in index.items()}


def _spring(component: nx.Graph, seed: int) -> dict[Hashable, np.ndarray]:
    if len(component) < 500:
        return nx.spring_layout(component, seed=seed, iterations=100)
    try:
        import scipy  # noqa: F401
    except ImportError:
        return _force(component, seed)
    return nx.spring_layout(component, seed=seed)


def _kamada_kawai(component: nx.Graph, seed: int) -> dict[Hashable, np.ndarray]:
    try:
        import scipy  # noqa: F401
    except ImportError:
        raise VazbyError("the kamada-kawai layout needs scipy: pip install scipy") from None
    return nx.kamada_kawai_layout(component)


def _circular(component: nx.Graph, seed: int) -> dict[Hashable, np.ndarray]:
    return nx.circular_layout(component)


def _hierarchical(graph: nx.MultiDiGraph, nodes: list[Hashable]) -> Positions:
    """Plan ladder top-down: parents centred over children, others under their neighbours."""
    sub = graph.subgraph(nodes)
    children: dict[Hashable, list[Hashable]] = {n: [] for n in nodes}
    has_parent: set[Hashable] = set()
    for s, t, attrs in sub.edges(data=True):
        if attrs.get("kind") == "part" and t not in has_parent:
            children[s].append(t)
            has_parent.add(t)
    tree_nodes = {n for n in nodes if children[n] or n in has_parent}
    x: dict[Hashable, float] = {}
    y: dict[Hashable, float] = {}
    cursor = [0.0]

    def place(node: Hashable, depth: int, seen: set[Hashable]) -> float:
        seen.add(node)
        level = max(depth, _RANK.get(str(sub.nodes[node].get("type")), depth))
        y[node] = -float(level)
        kids = [
            c for c in sorted(children[node], key=lambda c: node_order(sub, c)) if c not in seen
        ]
        if not kids:
            x[node] = cursor[0]
            cursor[0] += 1.0
            return x[node]
        xs = [place(c, level + 1, seen) for c in kids]
        x[node] = (xs[0] + xs[-1]) / 2
        return x[node]

    seen: set[Hashable] = set()
    roots = sorted((n for n in tree_nodes if n not in has_parent), key=lambda n: node_order(sub, n))
    for root in roots:
        place(root, 0, seen)
    rest = sorted((n for n in nodes if n not in x), key=lambda n: node_order(sub, n))
    bottom = min(y.values(), default=0.0) - 1.5
    slots: dict[float, list[tuple[float, Hashable]]] = {}
    for n in rest:
        placed = [x[m] for m in nx.all_neighbors(sub, n) if m in x]
        want = sum(placed) / len(placed) if placed else cursor[0]
        if not placed:
            cursor[0] += 1.0
        slots.setdefault(bottom, []).append((want, n))
    for row, items in slots.items():
        items.sort(key=lambda item: (item[0], node_order(sub, item[1])))
        last = -math.inf
        for want, n in items:
            last = max(want, last + 1.0)
            x[n] = last
            y[n] = row
    return {n: (x[n], y[n] * 2.0) for n in nodes}


_COMPONENT_LAYOUTS: dict[str, Callable[[nx.Graph, int], dict[Hashable, np.ndarray]]] = {
    "spring": _spring,
    "kamada-kawai": _kamada_kawai,
    "circular": _circular,
}

#: Layout names accepted by :func:`compute_layout` (``auto`` picks one per view).
LAYOUTS = ("auto", "outline", "hierarchical", *_COMPONENT_LAYOUTS)


def _pack(boxes: list[Positions]) -> Positions:
    """Place laid-out components in rows, largest first, one unit apart."""
    total = sum(
        (max(p[0] for p in b.values()) + 2) * (max(p[1] for p in b.values()) + 2) for b in boxes
    )
    row_width = max(math.sqrt(total) * 1.5, max(max(p[0] for p in b.values()) for b in boxes))
    out: Positions = {}
    x0 = y0 = row_height = 0.0
    for box in boxes:
        width = max(p[0] for p in box.values()) + 2.0
        height = max(p[1] for p in box.values()) + 2.0
        if x0 > 0 and x0 + width > row_width:
            x0, y0, row_height = 0.0, y0 + row_height, 0.0
        for n, (px, py) in box.items():
            out[n] = (px + x0, -(py + y0))
        x0 += width
        row_height = max(row_height, height)
    return out


def compute_layout(graph: nx.MultiDiGraph, layout: str = "auto", seed: int = SEED) -> Positions:
    """Positions for every node of a map view, the same for the same graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph.
    layout : str
        One of :data:`LAYOUTS`; ``auto`` follows :func:`default_layout` of the graph's view.
    seed : int
        Seed of the force layout.

    Returns
    -------
    dict
        node → (x, y); y grows upwards (flip it for screen coordinates).

    Examples
    --------
    >>> g = nx.MultiDiGraph(view="dependencies")
    >>> g.add_node("p", type="plan"); g.add_node("a", type="area")
    >>> _ = g.add_edge("p", "a", kind="part")
    >>> compute_layout(g) == compute_layout(g)
    True
    """
    if layout == "auto":
        layout = default_layout(str(graph.graph.get("view", "full")))
    if layout not in LAYOUTS:
        raise VazbyError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if len(graph) == 0:
        return {}
    if layout == "outline":
        return {n: (x / UNIT, -y / UNIT) for n, (x, y) in outline_layout(graph).items()}
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    undirected.add_edges_from((s, t) for s, t in graph.edges() if s != t)
    components = sorted(
        (
            sorted(c, key=lambda n: node_order(graph, n))
            for c in nx.connected_components(undirected)
        ),
        key=lambda c: (-len(c), node_order(graph, c[0])),
    )
    if layout == "hierarchical":
        return _pack([_shift(_hierarchical(graph, c)) for c in components])
    boxes = []
    for nodes in components:
        if len(nodes) == 1:
            boxes.append({nodes[0]: (0.0, 0.0)})
            continue
        component = nx.Graph()
        component.add_nodes_from(nodes)
        component.add_edges_from(sorted(undirected.subgraph(nodes).edges(), key=str))
        raw = _COMPONENT_LAYOUTS[layout](component, seed)
        boxes.append(_normalise(raw, len(nodes)))
    return _pack(boxes)


def _shift(pos: Positions) -> Positions:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return {n: (px - min(xs), max(ys) - py) for n, (px, py) in pos.items()}
