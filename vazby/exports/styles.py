"""How maps draw each node type and edge kind: one table for the HTML and the static maps.

Colours are from the colour-blind-safe palettes of Okabe & Ito (2008) and Paul Tol (muted);
the four types a strategist reads first (area, goal, measure, actor) take Okabe–Ito hues far
apart (blue, green, orange, sky blue), and every type also has its own shape, so a map printed
in grey still tells the main types apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "NodeStyle",
    "EdgeStyle",
    "NODE_STYLES",
    "EDGE_STYLES",
    "node_style",
    "edge_key",
    "edge_style",
]


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """Drawing of one node type: legend text, colour, vis-network shape, Graphviz shape.

    The Graphviz shape holds its label inside (edges are routed around it, never across
    the text); ``legend_cs`` is the Czech legend text of maps and reports.
    """

    legend: str
    color: str
    shape: str
    dot_shape: str
    legend_cs: str


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """Drawing of one edge kind: legend text, colour, dash pattern (None: solid), width."""

    legend: str
    color: str
    dashes: tuple[int, ...] | None
    width: float


NODE_STYLES: dict[str, NodeStyle] = {
    "plan": NodeStyle("plan", "#332288", "star", "doubleoctagon", "plán"),
    "area": NodeStyle("thematic area", "#0072B2", "square", "box", "tematická oblast"),
    "goal": NodeStyle("goal", "#009E73", "triangle", "hexagon", "cíl"),
    "measure": NodeStyle("measure", "#E69F00", "dot", "ellipse", "opatření"),
    "actor": NodeStyle("actor", "#56B4E9", "diamond", "house", "aktér"),
    "target-group": NodeStyle(
        "target group", "#CC79A7", "triangleDown", "invtrapezium", "cílová skupina"
    ),
    "funding-source": NodeStyle(
        "funding source", "#882255", "hexagon", "cylinder", "zdroj financování"
    ),
    "budget-line": NodeStyle("budget line", "#44AA99", "square", "note", "rozpočtová položka"),
    "need": NodeStyle("need / problem", "#888888", "dot", "octagon", "potřeba / problém"),
    "project": NodeStyle("project", "#AA4499", "diamond", "component", "projekt"),
    "activity": NodeStyle("activity", "#117733", "dot", "cds", "aktivita"),
    "meeting": NodeStyle("meeting", "#999933", "square", "tab", "jednání"),
    "achievement": NodeStyle("achievement", "#DDCC77", "star", "egg", "výsledek"),
    "municipality": NodeStyle("municipality", "#661100", "hexagon", "folder", "obec"),
}
_OTHER_NODE = NodeStyle("other", "#BBBBBB", "dot", "ellipse", "jiné")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "part": EdgeStyle("part of", "#9A9A9A", None, 1.0),
    "link:goal": EdgeStyle("refers to goal", "#CC3311", (8, 5), 1.6),
    "link:measure": EdgeStyle("refers to measure", "#AA3377", (8, 5), 1.6),
    "link:cost": EdgeStyle("cost taken from", "#996600", (2, 4), 1.6),
    "link:budget": EdgeStyle("shares budget with", "#996600", (2, 4), 1.6),
    "link:area": EdgeStyle("refers to area", "#0077BB", (12, 6), 1.6),
    "link:need": EdgeStyle("responds to need", "#666666", (3, 3), 1.3),
    "link": EdgeStyle("cross-reference", "#CC3311", (8, 5), 1.6),
    "guarantor": EdgeStyle("guaranteed by", "#D55E00", None, 1.3),
    "responsible": EdgeStyle("responsible", "#D55E00", None, 1.3),
    "targets": EdgeStyle("targets group", "#CC79A7", (1, 3), 1.0),
    "funding-source": EdgeStyle("funded from", "#882255", (1, 3), 1.0),
    "funded-by": EdgeStyle("paid by budget line", "#44AA99", None, 1.3),
    "overlap": EdgeStyle("share measures", "#D55E00", None, 1.0),
    "implementedBy": EdgeStyle("implemented by", "#56B4E9", None, 1.3),
    "funder": EdgeStyle("funded by", "#882255", None, 1.3),
    "present": EdgeStyle("present at meeting", "#999933", None, 1.0),
    "excused": EdgeStyle("excused from meeting", "#999933", (3, 3), 1.0),
    "absent": EdgeStyle("absent from meeting", "#999933", (3, 3), 1.0),
    "guest": EdgeStyle("guest at meeting", "#999933", (8, 5), 1.0),
    "mentions": EdgeStyle("mentioned in", "#777777", (1, 3), 1.0),
}
_OTHER_EDGE = EdgeStyle("other relation", "#BBBBBB", (4, 4), 1.0)


def node_style(node_type: str) -> NodeStyle:
    """The style of a node type (a neutral grey dot for types not in the table)."""
    return NODE_STYLES.get(node_type, _OTHER_NODE)


def edge_key(kind: str, link_kind: str | None = None) -> str:
    """The :data:`EDGE_STYLES` key of an edge.

    Examples
    --------
    >>> edge_key("link", "goal"), edge_key("link", "unknown"), edge_key("part")
    ('link:goal', 'link', 'part')
    """
    if kind == "link" and link_kind and f"link:{link_kind}" in EDGE_STYLES:
        return f"link:{link_kind}"
    return kind if kind in EDGE_STYLES else "other"


def edge_style(kind: str, link_kind: str | None = None) -> EdgeStyle:
    """The style of an edge kind (links styled by their link kind)."""
    return EDGE_STYLES.get(edge_key(kind, link_kind), _OTHER_EDGE)
