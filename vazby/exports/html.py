"""The interactive map: one self-contained, offline HTML file built with pyvis.

pyvis 0.3.2 builds the node and edge lists; the page itself comes from our own template
(``assets/map.html``), which inlines pyvis's bundled vis-network script and style and our own
``map.js`` / ``map.css`` (legend, search, filters by type / plan / area, focus mode). Nothing
is fetched from the network: no CDN, no Bootstrap; a Content-Security-Policy forbids loads.

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
from .layout import compute_layout
from .styles import EDGE_STYLES, NODE_STYLES, edge_key, edge_style, node_style

__all__ = ["map_html", "write_map_html", "ASSETS"]

ASSETS = Path(__file__).resolve().parent / "assets"
_SCALE = 160.0
_LABEL_CHARS = 48


def _pyvis_templates() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates"


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _display_label(attrs: dict[str, Any]) -> str:
    label = str(attrs.get("label", ""))
    ident = attrs.get("identifier")
    if ident and attrs.get("type") in ("area", "goal", "measure") and not label.startswith(ident):
        return f"{ident} {label}"
    return label


def _node_info(attrs: dict[str, Any], degree: int) -> list[list[str]]:
    rows = [["type", str(attrs.get("type", ""))]]
    for key in ("identifier", "plan", "area", "level"):
        if attrs.get(key) is not None:
            rows.append([key, str(attrs[key])])
    if attrs.get("amount") is not None:
        rows.append(["amount", f"{attrs['amount']:,.0f} CZK".replace(",", " ")])
    if attrs.get("generic"):
        rows.append(["generic", "yes (a kind of actor, not one organisation)"])
    rows.append(["connections", str(degree)])
    if attrs.get("source"):
        rows.append(["source", str(attrs["source"])])
    return rows


def _edge_info(attrs: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key in ("link_kind", "raw", "weight", "measures", "source"):
        if attrs.get(key) is not None:
            rows.append([key.replace("_", " "), str(attrs[key])])
    return rows


def _network(graph: nx.MultiDiGraph, layout: str) -> Any:
    from pyvis.network import Network

    positions = compute_layout(graph, layout)
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for node, attrs in graph.nodes(data=True):
        style = node_style(str(attrs.get("type")))
        degree = graph.degree(node)
        x, y = positions[node]
        plan, area = attrs.get("plan"), attrs.get("area")
        net.add_node(
            node,
            label=_short(_display_label(attrs)),
            shape=style.shape,
            color=style.color,
            size=10 + 4 * degree**0.5,
            x=round(x * _SCALE, 1),
            y=round(-y * _SCALE, 1),
            vzType=str(attrs.get("type")),
            vzLabel=_display_label(attrs),
            vzIdentifier=attrs.get("identifier"),
            vzPlan=plan,
            vzAreaKey=f"{plan}|{area}" if plan and area else None,
            vzInfo=_node_info(attrs, degree),
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
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "nodes": {
            "font": {"face": "DejaVu Sans, Arial, sans-serif", "size": 14},
            "borderWidth": 1,
        },
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
    }


def _config(graph: nx.MultiDiGraph) -> dict[str, Any]:
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
            areas[f"{a['plan']}|{a['area']}"] = _short(
                f"{a['plan']} · {a['area']} {a.get('label', '')}", 60
            )
    return {
        "options": _options(),
        "nodeTypes": node_types,
        "edgeKinds": edge_kinds,
        "plans": [[p, p] for p in plans],
        "areas": sorted(areas.items()),
    }


def map_html(graph: nx.MultiDiGraph, title: str | None = None, layout: str = "auto") -> str:
    """The interactive map of a map view as one self-contained HTML document.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph.
    title : str, optional
        Page title and heading (escaped); default names the view.
    layout : str
        A :data:`~vazby.exports.layout.LAYOUTS` name.

    Returns
    -------
    str
        The HTML text; it references no external resource.
    """
    net = _network(graph, layout)
    net.options = _options()
    env = Environment(
        loader=FileSystemLoader([str(ASSETS), str(_pyvis_templates())]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.globals["vazby_title"] = title or f"vazby — {graph.graph.get('view', 'map')} map"
    env.globals["vazby_config"] = _config(graph)
    net.templateEnv = env
    net.path = "map.html"
    return net.generate_html(name="map.html")


@atomic
def write_map_html(
    graph: nx.MultiDiGraph, path: str | Path, title: str | None = None, layout: str = "auto"
) -> Path:
    """Write :func:`map_html` to ``path`` as UTF-8; return the path."""
    target = Path(path)
    target.write_text(map_html(graph, title=title, layout=layout), encoding="utf-8")
    return target
