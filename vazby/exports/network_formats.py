"""Graph file formats for map views: GraphML, GEXF, Cytoscape JSON and Graphviz DOT.

Every writer takes a :func:`~vazby.exports.network.map_view` graph and a path and keeps
the node and edge attributes (type, label, identifier, plan, area, amount, source ...), so
Gephi, Cytoscape and Graphviz show types and labels. Their names and endings are the
network entries of :mod:`vazby.exports.registry`.

In Cytoscape JSON the edge ``source`` and ``target`` name the end nodes, as Cytoscape.js
requires; the edge provenance (``file:line``) is stored there as ``provenance``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic
from .safe import xml_text
from .styles import node_style

__all__ = [
    "write_graphml",
    "write_gexf",
    "write_cytoscape",
    "write_dot",
    "dot_text",
    "dot_quote",
]


def _plain(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes hold only values every format can store, and no text that
    XML 1.0 forbids (:func:`~vazby.exports.safe.xml_text`)."""
    out = nx.MultiDiGraph()
    out.graph.update(
        {k: _xml(v) for k, v in graph.graph.items() if isinstance(v, (str, int, float))}
    )
    for n, attrs in graph.nodes(data=True):
        out.add_node(_xml(n), **{k: _xml(v) for k, v in attrs.items() if v is not None})
    for s, t, key, attrs in graph.edges(keys=True, data=True):
        out.add_edge(
            _xml(s),
            _xml(t),
            key=_xml(key),
            **{k: _xml(v) for k, v in attrs.items() if v is not None},
        )
    return out


def _xml(value: Any) -> Any:
    return xml_text(value) if isinstance(value, str) else value


@atomic
def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML (UTF-8) with typed node and edge attributes.

    Examples
    --------
    >>> import io, tempfile, os
    >>> g = nx.MultiDiGraph(); g.add_node("a", type="measure", label="Asistent prevence")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_graphml(g, os.path.join(d, "m.graphml"))
    ...     nx.read_graphml(os.path.join(d, "m.graphml")).nodes["a"]["label"]
    'Asistent prevence'
    """
    nx.write_graphml(_plain(graph), str(path), encoding="utf-8", named_key_ids=True)


@atomic
def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GEXF 1.2 (Gephi's own format); ``label`` becomes the node label."""
    nx.write_gexf(_plain(graph), str(path), encoding="utf-8")


def cytoscape_document(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The Cytoscape.js JSON document of a map view (also readable by ``nx.cytoscape_graph``)."""
    nodes = []
    for n, attrs in graph.nodes(data=True):
        data = {k: v for k, v in attrs.items() if v is not None and k not in ("x", "y")}
        data.update(id=n, value=n, name=attrs.get("label", n))
        element: dict[str, Any] = {"data": data}
        if "x" in attrs and "y" in attrs:
            element["position"] = {"x": attrs["x"], "y": attrs["y"]}
        nodes.append(element)
    edges = []
    for number, (s, t, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        data = {
            ("provenance" if k == "source" else k): v for k, v in attrs.items() if v is not None
        }
        data.update(id=f"e{number}", source=s, target=t, key=key)
        edges.append({"data": data})
    graph_data = {k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float))}
    return {
        "format_version": "1.0",
        "generated_by": "vazby",
        "target_cytoscapejs_version": "~3",
        "data": graph_data,
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


@atomic
def write_cytoscape(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write Cytoscape.js JSON (Cytoscape desktop: File → Import → Network from File)."""
    text = json.dumps(cytoscape_document(graph), ensure_ascii=False, indent=1, sort_keys=True)
    Path(path).write_text(text + "\n", encoding="utf-8")


def dot_quote(value: Any) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped.

    Examples
    --------
    >>> print(dot_quote('Řekl "ano"\\nkonec'))
    "Řekl \\"ano\\"\\nkonec"
    """
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _dot_attrs(attrs: dict[str, Any]) -> str:
    items = [f"{k}={dot_quote(v)}" for k, v in attrs.items() if v is not None]
    return " [" + ", ".join(items) + "]" if items else ""


def dot_text(graph: nx.MultiDiGraph) -> str:
    """The Graphviz DOT text of a map view; node attributes plus a shape per type.

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("p", type="plan", label="Plán")
    >>> g.add_node("a", type="area", label="Bydlení"); _ = g.add_edge("p", "a", kind="part")
    >>> print(dot_text(g))  # doctest: +NORMALIZE_WHITESPACE
    digraph "vazby" {
      node [fontname="DejaVu Sans"];
      "p" [type="plan", label="Plán", shape="doubleoctagon"];
      "a" [type="area", label="Bydlení", shape="box"];
      "p" -> "a" [kind="part"];
    }
    """
    view = graph.graph.get("view")
    lines = [f"digraph {dot_quote(f'vazby {view}' if view else 'vazby')} {{"]
    lines.append('  node [fontname="DejaVu Sans"];')
    for n, attrs in graph.nodes(data=True):
        extra = dict(attrs)
        shape = node_style(str(attrs.get("type"))).dot_shape if attrs.get("type") else None
        if shape and "shape" not in extra:
            extra["shape"] = shape
        extra.pop("x", None)
        extra.pop("y", None)
        lines.append(f"  {dot_quote(n)}{_dot_attrs(extra)};")
    for s, t, attrs in graph.edges(data=True):
        lines.append(f"  {dot_quote(s)} -> {dot_quote(t)}{_dot_attrs(attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


@atomic
def write_dot(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write Graphviz DOT (render with ``dot -Tsvg`` or ``sfdp -Tsvg``)."""
    Path(path).write_text(dot_text(graph), encoding="utf-8")
