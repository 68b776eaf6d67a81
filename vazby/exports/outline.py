"""The outline layout of the interactive map: plans as blocks, areas as columns, goals as rows.

A plan reads like its document: the plan's name over a row of its thematic areas, each area
a column of its goals (specific goals indented under their strategic goal), and each goal's
measures as a row of small nodes under the goal's name. Every name gets room for its lines
at its size on screen (a column's width, a row's height), and plan blocks are packed in
shelves to the shape of a screen, so the first view of a corpus of a few plans names every
area and goal; measures are named as the user zooms in. Nodes outside the ladder (needs,
actors, target groups, budget lines, narrative resources) sit in a band under the plan they
belong to, or under all plans when they are shared, each near its neighbours.

Measures of a view without the ladder (the actors view) are placed by their ``plan`` and
``area`` attributes, so a plan reads the same way in every view. Units are canvas pixels
(at zoom 1 a label of 11 px takes 11 canvas pixels); the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .placing import Positions, node_order

__all__ = ["outline_layout", "COLUMN", "SCREEN"]

#: Width of an area's column: a name of 16 characters at 11 px with room to spare.
COLUMN = 130.0
#: The screen blocks are packed for (the map's part of a laptop screen, CSS pixels).
SCREEN = (1230.0, 900.0)
_MEASURE_STEP = 18.0
_INDENT = 8.0
_BAND_STEP = 80.0
_BAND_ROW = 34.0
_GAP = 30.0
_LINE = 1.22
#: A plan without areas spreads its goals over columns of at most this many rows.
_ROWS_PER_COLUMN = 4


def _ladder(graph: nx.MultiDiGraph) -> dict[Hashable, list[Hashable]]:
    """Children along ``part`` edges between plan, area, goal and measure nodes, in order."""
    kinds = {"plan", "area", "goal", "measure"}
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    has_parent: set[Hashable] = set()
    for s, t, attrs in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if (
            attrs.get("kind") == "part"
            and t not in has_parent
            and graph.nodes[s].get("type") in kinds
            and graph.nodes[t].get("type") in kinds
        ):
            children[s].append(t)
            has_parent.add(t)
    for node in children:
        children[node].sort(key=lambda n: node_order(graph, n))
    return children


@dataclass
class _Block:
    """One plan: its node and columns, each column a list of (anchor, depth) rows; an
    anchor is a node, or a key standing for measures that have no goal or area in view."""

    plan_node: Hashable | None = None
    columns: list[list[tuple[Hashable, int]]] = field(default_factory=list)

    def column(self) -> list[tuple[Hashable, int]]:
        self.columns.append([])
        return self.columns[-1]


def _goal_rows(graph, children, node, depth, rows, seen) -> None:
    seen.add(node)
    rows.append((node, depth))
    for child in children.get(node, ()):
        if child not in seen and graph.nodes[child].get("type") == "goal":
            _goal_rows(graph, children, child, depth + 1, rows, seen)


def _split(rows: list[tuple[Hashable, int]], per: int) -> list[list[tuple[Hashable, int]]]:
    """A column of rows cut into columns of at most ``per`` goals (a head stays on top)."""
    head = rows[:1] if rows and rows[0][1] < 0 else []
    body = rows[len(head) :]
    if not body:
        return [rows]
    parts = [body[i : i + per] for i in range(0, len(body), per)]
    parts[0] = head + parts[0]
    return parts


def _blocks(graph: nx.MultiDiGraph, children: dict) -> dict[Any, _Block]:
    """Each plan's columns: an area's head (depth -1) over its goals, long areas cut into
    several columns so that a plan's columns are about as long as each other."""
    blocks: dict[Any, _Block] = {}
    seen: set[Hashable] = set()
    ordered = sorted(graph, key=lambda n: node_order(graph, n))
    for plan in (n for n in ordered if graph.nodes[n].get("type") == "plan"):
        block = blocks.setdefault(graph.nodes[plan].get("plan", plan), _Block())
        block.plan_node = plan
        seen.add(plan)
        areas: list[list[tuple[Hashable, int]]] = []
        loose: list[tuple[Hashable, int]] = []
        for child in children.get(plan, ()):
            kind = graph.nodes[child].get("type")
            if kind == "area":
                seen.add(child)
                rows = [(child, -1)]
                for goal in children.get(child, ()):
                    if graph.nodes[goal].get("type") == "goal":
                        _goal_rows(graph, children, goal, 0, rows, seen)
                areas.append(rows)
            elif kind == "goal":
                _goal_rows(graph, children, child, 0, loose, seen)
        goals = sum(len(rows) - 1 for rows in areas) + len(loose)
        per = max(_ROWS_PER_COLUMN, math.ceil(goals / max(len(areas), 4)))
        for rows in areas:
            for part in _split(rows, per):
                block.columns.append(part)
        for part in _split(loose, per):
            if part:
                block.columns.append(part)
    # areas and goals whose plan is not in the view (an --area or --focus cut)
    for node in ordered:
        attrs = graph.nodes[node]
        if node in seen or attrs.get("type") not in ("area", "goal"):
            continue
        rows = blocks.setdefault(attrs.get("plan"), _Block()).column()
        _goal_rows(graph, children, node, -1 if attrs["type"] == "area" else 0, rows, seen)
    return blocks


def _measure_homes(graph, children, blocks) -> dict[Hashable, list[Hashable]]:
    """The goal or area each measure hangs under; one without either in the view hangs
    under its area's column, or a column kept for its (plan, area)."""
    homes: dict[Hashable, list[Hashable]] = defaultdict(list)
    placed: set[Hashable] = set()
    for parent, kids in children.items():
        for kid in kids:
            if graph.nodes[kid].get("type") == "measure" and kid not in placed:
                homes[parent].append(kid)
                placed.add(kid)
    heads = {}
    for plan, block in blocks.items():
        for rows in block.columns:
            if rows and rows[0][1] < 0 and rows[0][0] in graph:
                heads[(plan, graph.nodes[rows[0][0]].get("area"))] = rows[0][0]
    for node in sorted(graph, key=lambda n: node_order(graph, n)):
        attrs = graph.nodes[node]
        if attrs.get("type") != "measure" or node in placed:
            continue
        key = (attrs.get("plan"), attrs.get("area"))
        if key not in heads:
            heads[key] = ("column", *key)
            blocks.setdefault(key[0], _Block()).column().append((heads[key], -1))
        homes[heads[key]].append(node)
        placed.add(node)
    return homes


class _Sizes:
    """Room a node's label needs under it: its lines at its size on screen."""

    def __init__(self, graph, lines, px, radius) -> None:
        self.graph, self.lines, self.px, self.radius = graph, lines, px, radius

    def pitch(self, node: Hashable) -> float:
        node_type = self.graph.nodes[node].get("type")
        text = self.lines.get(node, 2) * self.px.get(node_type, 11) * _LINE
        return 2 * self.radius.get(node, 10.0) + text + 8


def _place_block(graph, block: _Block, homes, sizes: _Sizes) -> tuple[dict, float, float]:
    """One plan's positions from (0, 0), and the block's width and height."""
    pos: dict[Hashable, tuple[float, float]] = {}
    width = max(len(block.columns), 1) * COLUMN
    top = 0.0
    if block.plan_node is not None:  # the plan's name is drawn above its node
        plan = block.plan_node
        radius = sizes.radius.get(plan, 10.0)
        pos[plan] = (width / 2, sizes.pitch(plan) - 2 * radius)
        top = sizes.pitch(plan) + 10
    heads = [sizes.pitch(c[0][0]) for c in block.columns if c and c[0][1] < 0 and c[0][0] in graph]
    head = max(heads, default=0.0)
    height = top
    for i, rows in enumerate(block.columns):
        middle = i * COLUMN + COLUMN / 2
        y = top
        if rows and rows[0][1] >= 0:  # a column without a head: its goals align with others'
            y += head
        for anchor, depth in rows:
            x = middle + max(depth, 0) * _INDENT
            if anchor in graph:
                pos[anchor] = (x, y)
                y += sizes.pitch(anchor)
            measures = homes.get(anchor, [])
            widest = max((sizes.radius.get(m, 6.0) for m in measures), default=6.0)
            step = max(_MEASURE_STEP, 2 * widest + 3)
            per_row = max(1, int((COLUMN - 20) // step))
            count = min(len(measures), per_row)
            for j, measure in enumerate(measures):
                row, col = divmod(j, per_row)
                left = x - (count - 1) * step / 2
                pos[measure] = (left + col * step, y + widest + row * step)
            y += step * math.ceil(len(measures) / per_row) + 6 if measures else 0
        height = max(height, y)
    return pos, width, height


def _band(graph, nodes: list[Hashable], pos: dict, x0: float, y0: float, width: float) -> float:
    """Place ``nodes`` in rows from y0, each near its placed neighbours; return the height."""

    def wanted(n: Hashable) -> float:
        xs = [pos[m][0] for m in nx.all_neighbors(graph, n) if m in pos]
        return sum(xs) / len(xs) if xs else x0 + width

    order = sorted(nodes, key=lambda n: (wanted(n), node_order(graph, n)))
    per_row = max(1, int(width // _BAND_STEP))
    for i, node in enumerate(order):
        row, col = divmod(i, per_row)
        shift = (_BAND_STEP / 2) * (row % 2)
        pos[node] = (x0 + _BAND_STEP / 2 + col * _BAND_STEP + shift, y0 + row * _BAND_ROW)
    return math.ceil(len(order) / per_row) * _BAND_ROW if order else 0.0


def _rows(boxes: list[tuple[float, float]], limit: float) -> list[tuple[float, float]]:
    corners = []
    x = y = row = 0.0
    for w, h in boxes:
        if x > 0 and x + w > limit:
            x, y, row = 0.0, y + row + _GAP, 0.0
        corners.append((x, y))
        x += w + _GAP
        row = max(row, h)
    return corners


def _shelves(boxes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Corners of boxes (width, height) packed in rows: of every row width that changes
    the packing, the one whose drawing fits :data:`SCREEN` at the largest zoom."""
    widest = max((w for w, _ in boxes), default=0.0)
    limits = {widest} | {
        sum(w + _GAP for w, _ in boxes[i:j])
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes) + 1)
    }

    def zoom(limit: float) -> tuple[float, float]:
        corners = _rows(boxes, limit)
        right = max(x + w for (x, _), (w, _) in zip(corners, boxes, strict=True))
        bottom = max(y + h for (_, y), (_, h) in zip(corners, boxes, strict=True))
        return min(SCREEN[0] / right, SCREEN[1] / bottom), -limit

    best = max(sorted(x for x in limits if x >= widest)[:64], key=zoom)
    return _rows(boxes, best)


def outline_layout(
    graph: nx.MultiDiGraph,
    *,
    lines: Mapping[Hashable, int] | None = None,
    px: Mapping[str, float] | None = None,
    radius: Mapping[Hashable, float] | None = None,
) -> Positions:
    """Positions (canvas pixels, y down) of the outline layout; see the module docstring.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A map view.
    lines, px, radius : mappings, optional
        Lines of each node's label, label size of each type, radius of each node: the room
        a name needs (defaults: two lines of 11 px under a node of radius 10).

    Examples
    --------
    >>> g = nx.MultiDiGraph(view="dependencies")
    >>> g.add_node("p", type="plan", plan="lhota"); g.add_node("a", type="area", plan="lhota")
    >>> g.add_node("g", type="goal", plan="lhota"); g.add_node("m", type="measure", plan="lhota")
    >>> for s, t in [("p", "a"), ("a", "g"), ("g", "m")]: _ = g.add_edge(s, t, kind="part")
    >>> pos = outline_layout(g)
    >>> pos["p"][1] < pos["a"][1] < pos["g"][1] < pos["m"][1]
    True
    """
    if len(graph) == 0:
        return {}
    sizes = _Sizes(graph, lines or {}, px or {}, radius or {})
    children = _ladder(graph)
    blocks = _blocks(graph, children)
    homes = _measure_homes(graph, children, blocks)
    placed = []
    for key in sorted(blocks, key=str):
        pos, width, height = _place_block(graph, blocks[key], homes, sizes)
        own = [
            n
            for n, a in graph.nodes(data=True)
            if n not in pos and a.get("plan") == key and a.get("type") != "plan"
        ]
        if own:
            height += _band(graph, own, pos, 0.0, height + _BAND_ROW / 2, max(width, 3 * COLUMN))
            width = max(width, 3 * COLUMN)
        placed.append((pos, width, height))
    out: dict[Hashable, tuple[float, float]] = {}
    corners = _shelves([(w, h) for _, w, h in placed])
    for (pos, _, _), (x0, y0) in zip(placed, corners, strict=True):
        out.update({n: (x + x0, y + y0) for n, (x, y) in pos.items()})
    bottom = max((y + h for (_, _, h), (_, y) in zip(placed, corners, strict=True)), default=0.0)
    right = max((x + w for (_, w, _), (x, _) in zip(placed, corners, strict=True)), default=0.0)
    rest = [n for n in graph if n not in out]
    if rest:
        _band(graph, rest, out, 0.0, bottom + _GAP + _BAND_ROW / 2, max(right, 3 * COLUMN))
    return {n: (float(x), float(y)) for n, (x, y) in out.items()}
