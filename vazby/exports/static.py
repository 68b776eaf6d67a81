"""Static network maps for reports: SVG, PNG and PDF with matplotlib.

A map has a title, a legend of the node types and relations it shows (with counts), Czech
labels in DejaVu Sans (diacritics intact; SVG keeps them as text, so they stay searchable),
and a deterministic layout: the same graph gives the same picture, and the same SVG bytes
(``svg.hashsalt`` fixed, no dates in the metadata). PNG is written at 200 dpi or more.

In the SVG every node group has an id ``vz-nodes-<type>`` (one ``<path>`` or ``<use>`` per
node) and the legend has the id ``vz-legend``, so tests and scripts can count what a map shows.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic
from ..errors import VazbyError
from .layout import compute_layout
from .safe import xml_text
from .styles import EDGE_STYLES, NODE_STYLES, edge_key, edge_style, node_style

__all__ = ["STATIC_FORMATS", "write_static_map", "label_nodes"]

STATIC_FORMATS = ("svg", "png", "pdf")
_RC: Any = {
    "svg.hashsalt": "vazby",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 9,
}
_METADATA = {
    "svg": {"Date": None, "Creator": "vazby"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "vazby"},
    "png": {"Software": "vazby"},
}
_ALWAYS_LABELLED = {"plan", "area", "actor", "funding-source", "target-group"}
#: Types labelled by their short identifier in a crowded map.
_SHORT_LABELS = {"goal", "measure"}


def label_nodes(graph: nx.MultiDiGraph, labels: str = "auto", limit: int = 80) -> list[Any]:
    """Which nodes get a text label: all, none, or (``auto``) all of a small map and, in a
    large one, plans, areas, goals, measures (by identifier), actors and concepts plus the
    best-connected other nodes up to ``limit``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("a", type="measure")
    >>> label_nodes(g)
    ['a']
    """
    if labels not in ("auto", "all", "none"):
        raise VazbyError(f"unknown label mode {labels!r}; choose auto, all or none")
    nodes = list(graph)
    if labels == "none":
        return []
    if labels == "all" or len(nodes) <= limit:
        return nodes
    chosen = [n for n in nodes if graph.nodes[n].get("type") in _ALWAYS_LABELLED | _SHORT_LABELS]
    rest = sorted(
        (n for n in nodes if n not in set(chosen)), key=lambda n: (-graph.degree(n), str(n))
    )
    return chosen + rest[: max(0, limit - len(chosen))]


def _label(attrs: dict[str, Any], crowded: bool, limit: int = 38) -> str:
    """A node's label; in a crowded map goals and measures show their identifier only."""
    text = " ".join(xml_text(str(attrs.get("label", ""))).split())
    ident = attrs.get("identifier")
    if ident and attrs.get("type") in ("goal", "measure") and crowded:
        return str(ident)
    if ident and attrs.get("type") in ("area", "goal", "measure") and not text.startswith(ident):
        text = f"{ident} {text}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _draw(graph: nx.MultiDiGraph, title: str, layout: str, labels: str) -> Any:
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    pos = compute_layout(graph, layout)
    n = max(len(graph), 1)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    aspect = (max(ys) - min(ys) + 1) / (max(xs) - min(xs) + 1)
    width = min(40.0, max(9.0, 7.0 + 0.75 * n**0.5))
    height = min(40.0, max(6.0, width * min(max(aspect, 0.45), 1.6)))
    fig = Figure(figsize=(width + 3.0, height))
    ax = fig.add_axes((0.01, 0.02, width / (width + 3.0) - 0.01, 0.9))
    ax.set_axis_off()
    fig.suptitle(title, fontsize=15, fontweight="bold", x=0.01, ha="left")

    edges_by_key: dict[str, list] = {}
    for s, t, attrs in graph.edges(data=True):
        edges_by_key.setdefault(
            edge_key(str(attrs.get("kind")), attrs.get("link_kind")), []
        ).append((pos[s], pos[t]))
    handles = []
    for key in sorted(
        edges_by_key, key=lambda k: (list(EDGE_STYLES).index(k) if k in EDGE_STYLES else 99, k)
    ):
        line = edge_style(key.split(":")[0], key.split(":")[1] if ":" in key else None)
        dash: Any = (0, line.dashes) if line.dashes else "solid"
        collection = LineCollection(
            edges_by_key[key],
            colors=line.color,
            linewidths=line.width,
            linestyles=[dash],
            zorder=1,
        )
        collection.set_gid(f"vz-edges-{key.replace(':', '-')}")
        ax.add_collection(collection)
        handles.append(
            Line2D(
                [],
                [],
                color=line.color,
                linewidth=1.6,
                linestyle=dash,
                label=f"{line.legend} ({len(edges_by_key[key])})",
            )
        )

    types = Counter(str(a.get("type")) for _, a in graph.nodes(data=True))
    node_handles = []
    for node_type in [t for t in NODE_STYLES if types[t]] + sorted(set(types) - set(NODE_STYLES)):
        style = node_style(node_type)
        members = [v for v in graph if str(graph.nodes[v].get("type")) == node_type]
        sizes = [40 + 25 * graph.degree(v) ** 0.5 for v in members]
        drawn = ax.scatter(
            [pos[v][0] for v in members],
            [pos[v][1] for v in members],
            s=sizes,
            c=style.color,
            marker=style.marker,
            edgecolors="#333333",
            linewidths=0.5,
            zorder=2,
        )
        drawn.set_gid(f"vz-nodes-{node_type}")
        node_handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=style.marker,
                markersize=8,
                markerfacecolor=style.color,
                markeredgecolor="#333333",
                label=f"{style.legend} ({types[node_type]})",
            )
        )
    crowded = labels == "auto" and len(graph) > 80
    for v in label_nodes(graph, labels):
        tilted = crowded and graph.nodes[v].get("type") == "measure"
        ax.annotate(
            _label(graph.nodes[v], crowded),
            pos[v],
            xytext=(0, -9),
            textcoords="offset points",
            ha="right" if tilted else "center",
            va="top",
            fontsize=7,
            zorder=3,
            rotation=60 if tilted else 0,
            rotation_mode="anchor",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )
    ax.margins(0.05)
    ax.autoscale_view()
    legend = fig.legend(
        handles=node_handles + handles,
        loc="upper right",
        frameon=True,
        fontsize=9,
        title="Legend",
        title_fontsize=10,
        borderaxespad=0.8,
    )
    legend.set_gid("vz-legend")
    return fig


@atomic
def write_static_map(
    graph: nx.MultiDiGraph,
    path: str | Path,
    title: str | None = None,
    layout: str = "auto",
    fmt: str | None = None,
    dpi: int = 200,
    labels: str = "auto",
) -> Path:
    """Draw a map view to an SVG, PNG or PDF file.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph.
    path : str or Path
        The file to write; its ending gives the format unless ``fmt`` does.
    title : str, optional
        Title over the map; default names the view.
    layout : str
        A :data:`~vazby.exports.layout.LAYOUTS` name.
    fmt : {"svg", "png", "pdf"}, optional
        The format, when the ending does not say it.
    dpi : int
        Resolution of PNG output (at least 200; lower values are raised to 200).
    labels : {"auto", "all", "none"}
        Which nodes carry a text label (see :func:`label_nodes`).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    VazbyError
        Unknown format, layout or label mode.
    """
    import matplotlib

    target = Path(path)
    name = (fmt or target.suffix.lstrip(".")).lower()
    if name not in STATIC_FORMATS:
        raise VazbyError(f"{path}: static maps are {', '.join(STATIC_FORMATS)}, not {name!r}")
    with matplotlib.rc_context(_RC):
        title = xml_text(title or f"vazby — {graph.graph.get('view', 'map')} map")
        fig = _draw(graph, title, layout, labels)
        fig.savefig(
            target, format=name, dpi=max(dpi, 200), metadata=_METADATA[name], facecolor="white"
        )
    return target
