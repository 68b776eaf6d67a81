"""Static maps for reports: SVG, PNG and PDF laid out by Graphviz.

Graphviz (Debian's ``graphviz``, installed by ``scripts/setup-graphviz.sh``) places the
nodes in layers, ``dot`` left to right: plan, areas, goals, measures, then what the
measures point at (actors, needs, target groups, budget lines). Every label sits *inside*
its node's shape, so Graphviz keeps labels apart and routes edges around them, and the
drawing is fitted to the page, so no label leaves it. Measures show their number and a
shortened title, wrapped; the title names the town and the plan; a legend draws each node
type in its shape, and the relations, with counts. The page is A4 or A3 landscape. Text
stays text: SVG ``<text>``, PDF text in an embedded DejaVu font (selectable, searchable).
The same graph gives the same bytes.

In the SVG each node is a ``<g class="node vz-<type>">`` and the legend is the cluster with
the id ``vz-legend``, so tests and scripts can count what a map shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic
from ..errors import VazbyError
from .labels import clean, map_title, node_text
from .network_formats import dot_quote
from .placing import node_order
from .styles import EDGE_STYLES, NODE_STYLES, edge_key, edge_style, node_style

__all__ = [
    "STATIC_FORMATS",
    "PAPERS",
    "map_dot",
    "render_dot",
    "static_map",
    "write_static_map",
]

#: What Graphviz draws a static map as here: name → media type. These are the static-map
#: entries of the format registry (:mod:`vazby.exports.registry`), file ending ``.{name}``.
STATIC_FORMATS = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
#: A printed page cannot show more nodes readably, and ``dot`` needs minutes past it
#: (a full view of 2,699 nodes: 220 s); bigger views are refused with advice to narrow.
MAX_NODES = 2000
#: Seconds Graphviz may take before the map is given up with an error.
TIMEOUT = 120
#: Landscape paper sizes in inches (width, height).
PAPERS = {"a4": (11.69, 8.27), "a3": (16.54, 11.69)}
_MARGIN = 0.3
_FONT = "DejaVu Sans"
#: Layout name (see :data:`vazby.exports.layout.LAYOUTS`) → Graphviz engine.
_ENGINES = {"hierarchical": "dot"}
#: Edge kinds that set the ranks (left to right); other links are drawn without moving nodes.
_RANKED = {"part", "guarantor", "responsible", "funded-by", "targets", "funding-source"}
_LEGEND = {"en": "Legend", "cs": "Legenda"}


def _dot_attrs(attrs: dict[str, Any]) -> str:
    items = [f"{k}={dot_quote(v)}" for k, v in attrs.items() if v is not None]
    return " [" + ", ".join(items) + "]" if items else ""


def _tint(color: str, share: float = 0.72) -> str:
    """``color`` mixed with white, as the fill behind dark label text."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * share) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _node_attrs(node_type: str, label: str, node_id: str) -> dict[str, Any]:
    style = node_style(node_type)
    bold = node_type in ("plan", "area")
    return {
        "label": label,
        "shape": style.dot_shape,
        "style": "filled",
        "fillcolor": _tint(style.color),
        "color": style.color,
        "penwidth": 2 if bold else 1.2,
        "fontsize": {"plan": 16, "area": 14, "goal": 11}.get(node_type, 10),
        "fontname": f"{_FONT} Bold" if bold else _FONT,
        "class": f"vz-{node_type}",
        "id": node_id,
    }


def _dash(dashes: tuple[int, ...] | None) -> str:
    if not dashes:
        return "solid"
    return "dotted" if dashes[0] <= 3 else "dashed"


def _legend(graph: nx.MultiDiGraph, lang: str) -> list[str]:
    """A cluster with one sample node per type (in its shape) and a table of relations."""
    cs = lang == "cs"
    types = Counter(str(a.get("type")) for _, a in graph.nodes(data=True))
    order = [t for t in NODE_STYLES if types[t]] + sorted(set(types) - set(NODE_STYLES))
    lines = [
        "  subgraph cluster_legend {",
        f'    id="vz-legend"; label={dot_quote(_LEGEND[lang])}; fontsize=12;',
        f'    fontname="{_FONT} Bold"; style="rounded"; color="#999999"; margin=8;',
    ]
    names = []
    for i, node_type in enumerate(order):
        style = node_style(node_type)
        text = f"{style.legend_cs if cs else style.legend} ({types[node_type]})"
        attrs = _node_attrs(node_type, text, f"vz-legend-{i}")
        attrs.update(fontsize=10, fontname=_FONT, penwidth=1.2, margin="0.05,0.02")
        attrs["class"] = f"vz-legend-{node_type}"
        names.append(f"vz_legend_{i}")
        lines.append(f"    {names[-1]}{_dot_attrs(attrs)};")
    kinds = Counter(
        edge_key(str(a.get("kind")), a.get("link_kind")) for *_, a in graph.edges(data=True)
    )
    rows = []
    for key in [k for k in EDGE_STYLES if kinds[k]] + sorted(set(kinds) - set(EDGE_STYLES)):
        line = edge_style(key.split(":")[0], key.split(":")[1] if ":" in key else None)
        mark = {"solid": "━━━", "dashed": "─ ─ ─", "dotted": "· · · ·"}[_dash(line.dashes)]
        text = f"{_relation(line.legend, cs)} ({kinds[key]})"
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{line.color}">{mark}</FONT></TD>'
            f'<TD ALIGN="LEFT">{_html(text)}</TD></TR>'
        )
    if rows:
        table = '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
        names.append("vz_legend_edges")
        lines.append(
            f'    vz_legend_edges [shape=plaintext, fontsize=10, id="vz-legend-edges", '
            f'class="vz-legend-edges", label=<{table}>];'
        )
    if names:
        lines.append("    { rank=same; " + "; ".join(names) + "; }")
        for a, b in zip(names, names[1:], strict=False):
            lines.append(f"    {a} -> {b} [style=invis];")
    lines.append("  }")
    return lines


#: Czech legend text of each relation (the English is in :data:`EDGE_STYLES`).
_RELATIONS_CS = {
    "part of": "část",
    "refers to goal": "odkaz na cíl",
    "refers to measure": "odkaz na opatření",
    "cost taken from": "náklady převzaty z",
    "shares budget with": "sdílí rozpočet s",
    "refers to area": "odkaz na oblast",
    "responds to need": "reaguje na potřebu",
    "cross-reference": "odkaz",
    "guaranteed by": "garant",
    "responsible": "odpovědný subjekt",
    "targets group": "cílová skupina",
    "funded from": "zdroj financování",
    "paid by budget line": "hrazeno z položky",
    "share measures": "společná opatření",
    "other relation": "jiný vztah",
    "implemented by": "realizuje",
    "funded by": "financuje",
    "present at meeting": "přítomen na jednání",
    "excused from meeting": "omluven z jednání",
    "absent from meeting": "nepřítomen na jednání",
    "guest at meeting": "host jednání",
    "mentioned in": "zmíněn v",
}


def _relation(legend: str, cs: bool) -> str:
    return _RELATIONS_CS.get(legend, legend) if cs else legend


def _html(text: str) -> str:
    """Text for a Graphviz HTML-like label: ``&``, ``<``, ``>`` and quotes as entities."""
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def map_dot(
    graph: nx.MultiDiGraph,
    title: str | None = None,
    *,
    paper: str = "a4",
    layout: str = "auto",
    lang: str = "en",
    fit: bool = True,
    labels: str = "auto",
) -> tuple[str, str]:
    """The Graphviz text of a static map and the engine that lays it out.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph.
    title : str, optional
        Default: :func:`map_title`.
    paper : {"a4", "a3"}
        Landscape page the drawing is scaled to fit.
    layout : str
        ``auto`` or ``hierarchical``: Graphviz ``dot``, left to right.
    lang : {"en", "cs"}
        Language of the legend.
    labels : {"auto", "all", "none"}
        ``auto`` and ``all`` name every node (its label sits in its shape, so names never
        collide); ``none`` shows numbers only (identifiers of areas, goals and measures).
    fit : bool
        Let Graphviz scale the drawing to the page (PDF, PNG). SVG is drawn unscaled, spread
        to the page's shape (``ratio``), and fitted by its ``viewBox`` instead: Graphviz
        writes an SVG scale with two decimals, which pushes labels past the page's edge by
        up to 3 %.

    Returns
    -------
    tuple of str
        (DOT text, engine name).

    Raises
    ------
    VazbyError
        Unknown paper, layout or language.
    """
    if paper not in PAPERS:
        raise VazbyError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}")
    if labels not in ("auto", "all", "none"):
        raise VazbyError(f"unknown label mode {labels!r}; choose auto, all or none")
    if lang not in _LEGEND:
        raise VazbyError(f"unknown language {lang!r}; choose one of {', '.join(_LEGEND)}")
    if layout == "auto":
        layout = "hierarchical"
    if layout not in _ENGINES:
        # neato and circo have no clusters (the legend) and no rank order to read along
        raise VazbyError(
            f"static maps are laid out in layers; layout {layout!r} is for the HTML map "
            "(use auto or hierarchical)"
        )
    engine = _ENGINES[layout]
    width, height = PAPERS[paper]
    heading = textwrap.fill(clean(title or map_title(graph, lang)), 90)
    page = (
        f'size="{width - 2 * _MARGIN:.2f},{height - 2 * _MARGIN:.2f}", ratio=fill, '
        f'margin="{_MARGIN}", pad="0.1", '
        if fit
        else f'ratio="{height / width:.4f}", margin=0, pad="{_MARGIN}", '
    )
    lines = [
        "digraph vazby {",
        f"  graph [rankdir=LR, {page}"
        f'fontname="{_FONT} Bold", fontsize=20, labelloc=t, '
        f"labeljust=l, nodesep=0.12, ranksep=0.35, splines=true, overlap=prism, start=1, "
        f"outputorder=edgesfirst, label={dot_quote(heading)}];",
        f'  node [fontname="{_FONT}", margin="0.06,0.03"];',
        '  edge [arrowsize=0.5, color="#9A9A9A"];',
    ]
    ids = {}
    order = sorted(graph, key=lambda n: node_order(graph, n))
    for i, node in enumerate(order):
        attrs = graph.nodes[node]
        ids[node] = f"n{i}"
        text = node_text(attrs) if labels != "none" else str(attrs.get("identifier", ""))
        lines.append(
            f"  n{i}{_dot_attrs(_node_attrs(str(attrs.get('type')), text, f'vz-node-{i}'))};"
        )
    edges = sorted(
        graph.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]], str(e[2].get("kind")))
    )
    for source, target, attrs in edges:
        line = edge_style(str(attrs.get("kind")), attrs.get("link_kind"))
        structural = attrs.get("kind") in _RANKED or attrs.get("link_kind") == "need"
        extra = {
            "color": line.color,
            "style": _dash(line.dashes),
            "penwidth": line.width,
            # cross-references must not pull the ladder out of its ranks
            "constraint": None if structural else "false",
        }
        if attrs.get("weight"):
            extra["penwidth"] = round(
                line.width * (1 + 0.5 * (float(attrs["weight"]) - 1) ** 0.5), 2
            )
        lines.append(f"  {ids[source]} -> {ids[target]}{_dot_attrs(extra)};")
    lines.extend(_legend(graph, lang))
    lines.append("}")
    return "\n".join(lines) + "\n", engine


def _graphviz(engine: str) -> str:
    found = shutil.which(engine)
    if found is None:
        raise VazbyError(
            f"static maps need Graphviz's {engine!r}: run scripts/setup-graphviz.sh "
            "(or apt-get install graphviz)"
        )
    return found


def render_dot(
    text: str, fmt: str, engine: str = "dot", *, paper: str = "a4", dpi: int = 200
) -> bytes:
    """Run Graphviz on DOT ``text`` and return the picture.

    PDF pages are the landscape ``paper`` size with the drawing centred; PNG is written at
    ``dpi`` (at least 200). PDF bytes do not change with the clock: ``SOURCE_DATE_EPOCH`` is
    fixed, and the creation date set to it where cairo writes the clock anyway.

    Raises
    ------
    VazbyError
        Graphviz is missing or refuses the text.
    """
    if fmt not in STATIC_FORMATS:
        raise VazbyError(f"static maps are {', '.join(STATIC_FORMATS)}, not {fmt!r}")
    width, height = PAPERS[paper]
    command = [_graphviz(engine), f"-T{fmt}"]
    if fmt == "pdf":
        command += [f"-Gpage={width},{height}", "-Gcenter=true"]
    if fmt == "png":
        command.append(f"-Gdpi={max(dpi, 200)}")
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    done = subprocess.run(
        command, input=text.encode("utf-8"), capture_output=True, env=env, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise VazbyError(f"Graphviz {engine} failed: {message}")
    if fmt == "pdf":
        # cairo before 1.17 ignores SOURCE_DATE_EPOCH; a date of the same length keeps the
        # cross-reference table's byte offsets true
        return _CREATED.sub(rb"\1(D:19700101000000Z)", done.stdout)
    return done.stdout


_CREATED = re.compile(rb"(/CreationDate\s*)\(D:\d{14}Z\)")


_SVG_SIZE = re.compile(rb'<svg width="[\d.]+pt" height="[\d.]+pt"')


def _on_page(svg: bytes, paper: str) -> bytes:
    """An unscaled Graphviz SVG set on the landscape page: the ``viewBox`` fits the whole
    drawing (and its margin) to the page, centred, the same scale across and down."""
    width, height = PAPERS[paper]
    svg = _SVG_SIZE.sub(
        f'<svg width="{width * 72:.0f}pt" height="{height * 72:.0f}pt" '
        'preserveAspectRatio="xMidYMid meet"'.encode(),
        svg,
        count=1,
    )
    # Graphviz names the bold face as a family; browsers would fall back to a serif font
    bold = f'font-family="{_FONT} Bold"'.encode()
    return svg.replace(bold, f'font-family="{_FONT}" font-weight="bold"'.encode())


def static_map(
    graph: nx.MultiDiGraph,
    fmt: str,
    title: str | None = None,
    layout: str = "auto",
    dpi: int = 200,
    *,
    paper: str = "a4",
    lang: str = "en",
    labels: str = "auto",
) -> bytes:
    """The bytes of a static map (see :func:`write_static_map` for the parameters)."""
    if len(graph) > MAX_NODES:
        raise VazbyError(
            f"a static map of {len(graph)} nodes cannot be read on one page (at most "
            f"{MAX_NODES}); narrow it with --plan, --area or --focus"
        )
    text, engine = map_dot(
        graph, title, paper=paper, layout=layout, lang=lang, fit=fmt != "svg", labels=labels
    )
    data = render_dot(text, fmt, engine, paper=paper, dpi=dpi)
    return _on_page(data, paper) if fmt == "svg" else data


@atomic
def write_static_map(
    graph: nx.MultiDiGraph,
    path: str | Path,
    title: str | None = None,
    layout: str = "auto",
    fmt: str | None = None,
    dpi: int = 200,
    *,
    paper: str = "a4",
    lang: str = "en",
    labels: str = "auto",
) -> Path:
    """Draw a map view to an SVG, PNG or PDF file (whole or not at all).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph.
    path : str or Path
        The file to write; its ending gives the format unless ``fmt`` does.
    title : str, optional
        Title over the map; default :func:`map_title` (the town and the plan).
    layout : str
        See :func:`map_dot`.
    fmt : {"svg", "png", "pdf"}, optional
        The format, when the ending does not say it.
    dpi : int
        Resolution of PNG output (at least 200).
    paper : {"a4", "a3"}
        Landscape page size.
    lang : {"en", "cs"}
        Language of the legend.
    labels : {"auto", "all", "none"}
        See :func:`map_dot`.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    VazbyError
        Unknown format, layout or paper, or Graphviz missing.
    """
    target = Path(path)
    name = (fmt or target.suffix.lstrip(".")).lower()
    if name not in STATIC_FORMATS:
        raise VazbyError(f"{path}: static maps are {', '.join(STATIC_FORMATS)}, not {name!r}")
    target.write_bytes(
        static_map(graph, name, title, layout, dpi, paper=paper, lang=lang, labels=labels)
    )
    return target
