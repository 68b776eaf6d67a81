"""The interactive map: one self-contained, offline HTML file built with pyvis.

pyvis 0.3.2 builds the node and edge lists; the page itself comes from our own template
(``assets/map.html``), which inlines pyvis's bundled vis-network script and style and our own
``map.js`` / ``map.css``: legend with each type in its node shape, search, filters by type /
plan / area, focus mode, colour by type / area / status / funding source, size by degree /
budget / betweenness, plans and areas that collapse into one node and open again, and the
keyboard (``/`` search, Enter focus, Escape reset, ``c`` collapse). Nothing is fetched from
the network: no CDN, no Bootstrap; a Content-Security-Policy forbids loads.

Labels: map.js gives every label a size in screen pixels (areas 13, goals and measures 11)
whatever the zoom, and places them in order (plans, areas, goals, then measures), leaving out
a label that would cover one already placed; so areas and goals are named at the first view
and measures as soon as there is room, and no label is drawn over another.

Safety: every string from the documents travels as JSON inside
``<script type="application/json">`` (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and
``'``, so ``</script>`` and ``<!--`` cannot end the block) and reaches the page through
``textContent`` only; tooltips are DOM elements built from text, never HTML strings.

The layout is computed in Python (:mod:`vazby.exports.layout`) and passed as ``x``/``y``;
physics is off, so the map is still from the first frame, however many nodes it has.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..atomic import atomic
from ..errors import VazbyError
from .labels import map_title, node_text, shorten
from .layout import UNIT, compute_layout, default_layout
from .mapdata import COLOR_MODES, SIZE_MODES, info_rows, node_colors, node_sizes
from .outline import outline_layout
from .styles import EDGE_STYLES, NODE_STYLES, edge_key, edge_style, node_style

__all__ = ["map_html", "write_map_html", "ASSETS"]

ASSETS = Path(__file__).resolve().parent / "assets"
#: Label size on screen, in CSS pixels, by node type (map.js keeps it at any zoom).
_LABEL_PX = {"plan": 14, "area": 13, "goal": 11, "measure": 11}
#: Characters per line and longest label on the map, by type (tooltips hold the whole text).
_WRAP = {"plan": (34, 68), "area": (15, 30), "goal": (16, 32), "measure": (16, 32)}


def _pyvis_templates() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates"


def _display_label(attrs: dict[str, Any]) -> str:
    label = " ".join(str(attrs.get("label", "")).split())
    ident = attrs.get("identifier")
    if ident and attrs.get("type") in ("area", "goal", "measure") and not label.startswith(ident):
        return f"{ident} {label}"
    if attrs.get("type") == "plan" and attrs.get("town") and str(attrs["town"]) not in label:
        return f"{attrs['town']}: {label}"
    return label


def _edge_info(attrs: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key in ("link_kind", "raw", "weight", "measures", "source"):
        if attrs.get(key) is not None:
            rows.append([key.replace("_", " "), str(attrs[key])])
    return rows


def _rank(attrs: dict[str, Any]) -> int:
    """Order in which labels claim room: plans, areas, strategic goals, other goals,
    measures, then the rest."""
    node_type = attrs.get("type")
    if node_type == "goal":
        return 2 if attrs.get("level") != "specific" else 3
    return {"plan": 0, "area": 1, "measure": 4}.get(str(node_type), 5)


def _ladder_parent(graph: nx.MultiDiGraph) -> dict[Any, Any]:
    parent = {}
    for s, t, kind in graph.edges(data="kind"):
        if kind == "part" and t not in parent:
            parent[t] = s
    return parent


def _network(graph: nx.MultiDiGraph, layout: str, color_by: str, size_by: str) -> Any:
    from pyvis.network import Network

    colors, _ = node_colors(graph)
    sizes = node_sizes(graph)
    labels = {n: node_text(a, _WRAP) for n, a in graph.nodes(data=True)}
    if layout == "auto":
        layout = default_layout(str(graph.graph.get("view", "full")))
    if layout == "outline":
        positions = outline_layout(
            graph,
            lines={n: text.count("\n") + 1 for n, text in labels.items()},
            px=_LABEL_PX,
            radius={n: sizes[n][size_by] for n in graph},
        )
    else:
        positions = {
            n: (x * UNIT, -y * UNIT) for n, (x, y) in compute_layout(graph, layout).items()
        }
    parent = _ladder_parent(graph)
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for node, attrs in graph.nodes(data=True):
        node_type = str(attrs.get("type"))
        style = node_style(node_type)
        x, y = positions[node]
        plan, area = attrs.get("plan"), attrs.get("area")
        net.add_node(
            node,
            label=labels[node],
            shape=style.shape,
            color=colors[node][color_by],
            size=sizes[node][size_by],
            font={"size": _LABEL_PX.get(node_type, 11)},
            x=round(x, 1),
            y=round(y, 1),
            vzType=node_type,
            vzLabel=_display_label(attrs),
            vzIdentifier=attrs.get("identifier"),
            vzPlan=plan,
            vzAreaKey=f"{plan}|{area}" if plan and area else None,
            vzParent=parent.get(node),
            vzRank=_rank(attrs),
            vzInfo=info_rows(graph, node),
            vzColors=colors[node],
            vzSizes=sizes[node],
        )
    for source, target, attrs in graph.edges(data=True):
        line = edge_style(str(attrs.get("kind")), attrs.get("link_kind"))
        width = line.width * (1 + 0.5 * (float(attrs.get("weight", 1)) - 1) ** 0.5)
        net.add_edge(
            source,
            target,
            color=line.color,
            dashes=list(line.dashes) if line.dashes else False,
            width=round(width, 2),
            vzKind=line.legend,
            vzInfo=_edge_info(attrs),
        )
    return net


def _options() -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": True,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "navigationButtons": False,
        },
        "nodes": {
            "font": {
                "face": "DejaVu Sans, Arial, sans-serif",
                "size": 12,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "borderWidth": 1,
            # map.js sets each label's size for the zoom; below 1 px a label is not drawn
            "scaling": {"label": {"enabled": False, "drawThreshold": 1, "maxVisible": 400}},
        },
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
    }


def _config(graph: nx.MultiDiGraph, color_by: str, size_by: str) -> dict[str, Any]:
    types = Counter(str(a.get("type")) for _, a in graph.nodes(data=True))
    order = list(NODE_STYLES) + sorted(set(types) - set(NODE_STYLES))
    node_types = [
        {
            "type": t,
            "legend": node_style(t).legend,
            "color": node_style(t).color,
            "shape": node_style(t).shape,
            "count": types[t],
        }
        for t in order
        if types[t]
    ]
    kinds = Counter(
        edge_key(str(a.get("kind")), a.get("link_kind")) for *_, a in graph.edges(data=True)
    )
    edge_kinds = [
        {
            "legend": edge_style(k).legend,
            "color": edge_style(k).color,
            "dashes": bool(edge_style(k).dashes),
            "count": kinds[k],
        }
        for k in list(EDGE_STYLES) + sorted(set(kinds) - set(EDGE_STYLES))
        if kinds[k]
    ]
    plans = sorted({str(a["plan"]) for _, a in graph.nodes(data=True) if a.get("plan")})
    areas = {}
    for _, a in graph.nodes(data=True):
        if a.get("type") == "area" and a.get("plan") and a.get("area"):
            areas[f"{a['plan']}|{a['area']}"] = shorten(
                f"{a['plan']} · {a['area']} {a.get('label', '')}", 60
            )
    _, legends = node_colors(graph)
    return {
        "options": _options(),
        "nodeTypes": node_types,
        "edgeKinds": edge_kinds,
        "plans": [[p, p] for p in plans],
        "areas": sorted(areas.items()),
        "colorBy": color_by,
        "sizeBy": size_by,
        "colorModes": list(COLOR_MODES),
        "sizeModes": list(SIZE_MODES),
        "colorLegends": legends,
        "labelPx": _LABEL_PX,
        "labelAbove": ["plan"],
        "view": str(graph.graph.get("view", "map")),
    }


def map_html(
    graph: nx.MultiDiGraph,
    title: str | None = None,
    layout: str = "auto",
    *,
    color_by: str = "type",
    size_by: str = "degree",
) -> str:
    """The interactive map of a map view as one self-contained HTML document.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph.
    title : str, optional
        Page title and heading (escaped); default names the view.
    layout : str
        A :data:`~vazby.exports.layout.LAYOUTS` name.
    color_by : {"type", "area", "status", "funding"}
        How nodes are coloured at first (the page switches between all four).
    size_by : {"degree", "budget", "betweenness"}
        How nodes are sized at first (the page switches between all three).

    Returns
    -------
    str
        The HTML text; it references no external resource.

    Raises
    ------
    VazbyError
        Unknown colour or size mode.
    """
    if color_by not in COLOR_MODES:
        raise VazbyError(
            f"unknown colour mode {color_by!r}; choose one of {', '.join(COLOR_MODES)}"
        )
    if size_by not in SIZE_MODES:
        raise VazbyError(f"unknown size mode {size_by!r}; choose one of {', '.join(SIZE_MODES)}")
    net = _network(graph, layout, color_by, size_by)
    net.options = _options()
    env = Environment(
        loader=FileSystemLoader([str(ASSETS), str(_pyvis_templates())]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.globals["vazby_title"] = title or map_title(graph)
    env.globals["vazby_config"] = _config(graph, color_by, size_by)
    net.templateEnv = env
    net.path = "map.html"
    return net.generate_html(name="map.html")


@atomic
def write_map_html(
    graph: nx.MultiDiGraph,
    path: str | Path,
    title: str | None = None,
    layout: str = "auto",
    *,
    color_by: str = "type",
    size_by: str = "degree",
) -> Path:
    """Write :func:`map_html` to ``path`` as UTF-8 (whole or not at all); return the path."""
    target = Path(path)
    text = map_html(graph, title=title, layout=layout, color_by=color_by, size_by=size_by)
    target.write_text(text, encoding="utf-8")
    return target
