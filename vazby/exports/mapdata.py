"""What the interactive map shows of each node: its rows of facts, colours and sizes.

Pure functions of a :func:`~vazby.exports.network.map_view` graph, so the HTML writer only
assembles them. Colours by type come from :mod:`vazby.exports.styles`; colours by area,
status or funding source from Paul Tol's muted palette (colour-blind safe), grey for nodes
without a value. Sizes by degree, budget (CZK) or betweenness centrality.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from typing import Any

import networkx as nx

from .styles import edge_style, node_style

__all__ = [
    "COLOR_MODES",
    "SIZE_MODES",
    "info_rows",
    "color_values",
    "node_colors",
    "node_sizes",
    "money",
]

COLOR_MODES = ("type", "area", "status", "funding")
SIZE_MODES = ("degree", "budget", "betweenness")
#: Paul Tol's muted palette, then his light palette: 18 hues before any repeats.
PALETTE = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499", "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#BBCC33", "#AAAA00",
    "#E69F00", "#0072B2",
)  # fmt: skip
NONE_COLOR = "#DDDDDD"
#: Above this many nodes betweenness is estimated from a fixed sample of sources: exact on a
#: synthetic full view of 2,699 nodes it took 24 s of the map's 28 (500 sources), and node
#: sizes need the ranking, not the third decimal.
_EXACT_BETWEENNESS = 800
_SAMPLED_SOURCES = 64


def money(amount: float) -> str:
    """An amount in CZK with thin groups, as Czech documents write it.

    Examples
    --------
    >>> money(1417500.0)
    '1 417 500 Kč'
    """
    return f"{amount:,.0f} Kč".replace(",", " ")


def _links(graph: nx.MultiDiGraph, node: Hashable) -> list[str]:
    """Cross-references of a node with their kinds, both ways."""
    out = []
    for _, target, attrs in graph.out_edges(node, data=True):
        if attrs.get("kind") == "link":
            kind = edge_style("link", attrs.get("link_kind")).legend
            out.append(f"→ {_name(graph.nodes[target])} ({kind})")
    for source, _, attrs in graph.in_edges(node, data=True):
        if attrs.get("kind") == "link":
            kind = edge_style("link", attrs.get("link_kind")).legend
            out.append(f"← {_name(graph.nodes[source])} ({kind})")
    return sorted(out)


def _name(attrs: dict[str, Any]) -> str:
    ident, label = attrs.get("identifier"), str(attrs.get("label", ""))
    if ident and not label.startswith(str(ident)) and attrs.get("type") != "plan":
        label = f"{ident} {label}"
    return label if len(label) <= 70 else label[:69] + "…"


def info_rows(graph: nx.MultiDiGraph, node: Hashable) -> list[list[str]]:
    """The rows a tooltip and the side panel show for one node, most wanted first.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", type="measure", identifier="1.1", label="Poradna",
    ...            guarantors="Město", cost=30000.0, source="plan.txt:12")
    >>> info_rows(g, "m")[:3]
    [['type', 'measure'], ['identifier', '1.1'], ['guarantors', 'Město']]
    """
    attrs = graph.nodes[node]
    rows = [["type", node_style(str(attrs.get("type"))).legend]]
    if attrs.get("identifier") and attrs.get("type") != "plan":
        rows.append(["identifier", str(attrs["identifier"])])
    if attrs.get("town"):
        rows.append(["town", str(attrs["town"])])
    for key, name in (
        ("guarantors", "guarantors"),
        ("target_groups", "target groups"),
        ("funding_sources", "funding sources"),
    ):
        if attrs.get(key):
            rows.append([name, str(attrs[key])])
    if attrs.get("cost") is not None:
        rows.append(["cost", money(float(attrs["cost"]))])
    if attrs.get("amount") is not None:
        rows.append(["amount", money(float(attrs["amount"]))])
    if attrs.get("status"):
        rows.append(["status", str(attrs["status"])])
    for line in _links(graph, node):
        rows.append(["link", line])
    for key in ("plan", "area", "level"):
        if attrs.get(key) is not None and attrs.get("type") != "plan":
            rows.append([key, str(attrs[key])])
    if attrs.get("generic"):
        rows.append(["generic", "yes (a kind of actor, not one organisation)"])
    rows.append(["connections", str(graph.degree(node))])
    if attrs.get("source"):
        rows.append(["source", str(attrs["source"])])
    return rows


def _funding(graph: nx.MultiDiGraph, node: Hashable) -> str | None:
    attrs = graph.nodes[node]
    if attrs.get("type") == "funding-source":
        return str(attrs.get("label"))
    if attrs.get("funding_sources"):
        return str(attrs["funding_sources"]).split("; ")[0]
    for _, target, kind in graph.out_edges(node, data="kind"):
        if kind == "funding-source":
            return str(graph.nodes[target].get("label"))
    return None


def color_values(graph: nx.MultiDiGraph, mode: str) -> dict[Hashable, str | None]:
    """The value each node is coloured by in ``mode`` (None: no value)."""
    values: dict[Hashable, str | None] = {}
    for node, attrs in graph.nodes(data=True):
        if mode == "type":
            values[node] = str(attrs.get("type"))
        elif mode == "area":
            area = attrs.get("area")
            values[node] = f"{attrs.get('plan')} · {area}" if area else None
        elif mode == "status":
            values[node] = str(attrs["status"]) if attrs.get("status") else None
        else:
            values[node] = _funding(graph, node)
    return values


def node_colors(graph: nx.MultiDiGraph) -> tuple[dict[Hashable, dict[str, str]], dict[str, list]]:
    """Each node's colour in every mode, and each mode's legend [(value, colour, count)].

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("m", type="measure", status="PLNĚNO")
    >>> colors, legends = node_colors(g)
    >>> colors["m"]["type"], legends["status"][0][0]
    ('#E69F00', 'PLNĚNO')
    """
    colors: dict[Hashable, dict[str, str]] = {n: {} for n in graph}
    legends: dict[str, list] = {}
    for mode in COLOR_MODES:
        values = color_values(graph, mode)
        counts = Counter(v for v in values.values() if v is not None)
        if mode == "type":
            chosen = {v: node_style(v).color for v in counts}
        else:
            chosen = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(sorted(counts))}
        for node, value in values.items():
            colors[node][mode] = chosen[value] if value is not None else NONE_COLOR
        legend = [[v, chosen[v], counts[v]] for v in sorted(counts)]
        missing = sum(1 for v in values.values() if v is None)
        if missing:
            legend.append(["(none)", NONE_COLOR, missing])
        legends[mode] = legend
    return colors, legends


def _betweenness(graph: nx.MultiDiGraph) -> dict[Hashable, float]:
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((s, t) for s, t in graph.edges() if s != t)
    if len(simple) > _EXACT_BETWEENNESS:  # a fixed sample keeps big maps quick
        return nx.betweenness_centrality(simple, k=_SAMPLED_SOURCES, seed=7)
    return nx.betweenness_centrality(simple)


def node_sizes(graph: nx.MultiDiGraph) -> dict[Hashable, dict[str, float]]:
    """Each node's radius in every size mode: 6 plus a share of up to 16 (sqrt scale).

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("a", cost=100.0); g.add_node("b")
    >>> _ = g.add_edge("a", "b")
    >>> node_sizes(g)["a"]["budget"], node_sizes(g)["b"]["budget"]
    (22.0, 6.0)
    """
    sizes: dict[Hashable, dict[str, float]] = {n: {} for n in graph}
    budget = {n: float(a.get("cost") or a.get("amount") or 0) for n, a in graph.nodes(data=True)}
    central = _betweenness(graph)
    for mode, values in (
        ("degree", {n: float(d) for n, d in graph.degree()}),
        ("budget", budget),
        ("betweenness", central),
    ):
        top = max(values.values(), default=0.0) or 1.0
        for node, value in values.items():
            share = math.sqrt(max(value, 0.0) / top)
            sizes[node][mode] = round(6 + 16 * share, 2)
    return sizes
