"""The one registry of output formats: a format's name, kind, file endings, media type and
writer, shared by ``vazby export``, ``build -o``, ``map``, ``report``, the listing commands'
``--format`` and the endpoint's answers to CONSTRUCT and DESCRIBE (:mod:`vazby.protocol`).

Adding a format is one entry in :data:`FORMATS`, beside the code that writes it, with two
exceptions where the writer itself must know its formats: the RDF formats, which
:mod:`vazby.rdf` reads and writes and which may not import this package (their entries come
from :data:`vazby.rdf.store.FORMATS` and :data:`vazby.rdf.writers.RDF_WRITERS`), and the
static maps Graphviz draws (:data:`vazby.exports.static.STATIC_FORMATS`).

The writer's arguments depend on the kind:

``rdf``         ``writer(graph, path)``: the whole RDF graph
``network``     ``writer(view, path)``: a :func:`~vazby.exports.network.map_view` graph
``tables``      ``writer(graph, view, folder)``: CSV tables of a view and of the measures
``html-map``    ``writer(view, path, title=, layout=, color_by=, size_by=)``
``static-map``  ``writer(view, path, title=, layout=, paper=, lang=, labels=)``
``report``      ``writer(graph, path, plan=, lang=)``
``rows``        ``writer(rows, columns=)``: the lines of a listing (no file)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import VazbyError
from ..rdf.store import FORMATS as RDF_SYNTAXES
from ..rdf.writers import RDF_WRITERS
from .csv_tables import write_csv_tables
from .html import write_map_html
from .network_formats import write_cytoscape, write_dot, write_gexf, write_graphml
from .report_render import write_report
from .static import STATIC_FORMATS, write_static_map
from .tables import render_rows

__all__ = [
    "RDF",
    "NETWORK",
    "TABLES",
    "HTML_MAP",
    "STATIC_MAP",
    "REPORT",
    "ROWS",
    "KINDS",
    "Format",
    "FORMATS",
    "formats",
    "names",
    "find",
    "by_suffix",
    "choose",
    "media_types",
]

RDF = "rdf"
NETWORK = "network"
TABLES = "tables"
HTML_MAP = "html-map"
STATIC_MAP = "static-map"
REPORT = "report"
ROWS = "rows"
#: The kinds, with what a message calls them.
KINDS = {
    RDF: "RDF",
    NETWORK: "network",
    TABLES: "table",
    HTML_MAP: "map",
    STATIC_MAP: "map",
    REPORT: "report",
    ROWS: "listing",
}


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: ``name`` is unique within its ``kind``; ``suffixes`` are the
    file endings that choose it (the first is the one to write); ``media_type`` is what an
    HTTP answer in it is labelled; ``writer`` takes the arguments of its kind (see the
    module docstring)."""

    name: str
    kind: str
    suffixes: tuple[str, ...]
    media_type: str | None
    writer: Callable[..., Any]
    description: str


_RDF_DESCRIPTIONS = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "nq": "N-Quads",
    "trig": "TriG, one named graph per plan",
    "jsonld": "JSON-LD with the vazby @context",
    "xml": "RDF/XML",
}

#: Every output format, in the order help texts and messages list them.
FORMATS: tuple[Format, ...] = (
    *(
        Format(
            name,
            RDF,
            syntax.suffixes,
            syntax.media_type,
            RDF_WRITERS[name],
            _RDF_DESCRIPTIONS.get(name, name),
        )
        for name, syntax in RDF_SYNTAXES.items()
    ),
    Format("graphml", NETWORK, (".graphml",), "application/graphml+xml", write_graphml, "GraphML"),
    Format("gexf", NETWORK, (".gexf",), "application/gexf+xml", write_gexf, "GEXF (Gephi)"),
    Format(
        "cytoscape",
        NETWORK,
        (".cyjs",),
        "application/json",
        write_cytoscape,
        "Cytoscape.js JSON",
    ),
    Format("dot", NETWORK, (".dot", ".gv"), "text/vnd.graphviz", write_dot, "Graphviz DOT"),
    Format(
        "csv",
        TABLES,
        (),
        None,
        write_csv_tables,
        "a folder of CSV tables: nodes, edges, measures",
    ),
    Format("html", HTML_MAP, (".html", ".htm"), "text/html", write_map_html, "interactive map"),
    *(
        Format(
            name,
            STATIC_MAP,
            (f".{name}",),
            media,
            partial(write_static_map, fmt=name),
            f"static map, {name.upper()}",
        )
        for name, media in STATIC_FORMATS.items()
    ),
    Format(
        "html",
        REPORT,
        (".html", ".htm"),
        "text/html",
        partial(write_report, fmt="html"),
        "report, one page",
    ),
    Format(
        "pdf",
        REPORT,
        (".pdf",),
        "application/pdf",
        partial(write_report, fmt="pdf"),
        "report printed by Chromium",
    ),
    *(
        Format(name, ROWS, suffixes, media, partial(render_rows, fmt=name), text)
        for name, suffixes, media, text in (
            ("table", (), "text/plain", "aligned columns"),
            ("csv", (".csv",), "text/csv", "CSV"),
            ("tsv", (".tsv",), "text/tab-separated-values", "TSV"),
            ("json", (".jsonl",), "application/x-ndjson", "one JSON object per line"),
        )
    ),
)


def formats(*kinds: str) -> tuple[Format, ...]:
    """The formats of ``kinds`` (all formats when none is given), in registry order.

    Examples
    --------
    >>> [f.name for f in formats(NETWORK)]
    ['graphml', 'gexf', 'cytoscape', 'dot']
    """
    return tuple(f for f in FORMATS if not kinds or f.kind in kinds)


def names(*kinds: str) -> tuple[str, ...]:
    """The names of the formats of ``kinds``, each once (for ``--format`` choices).

    Examples
    --------
    >>> names(HTML_MAP, STATIC_MAP)
    ('html', 'svg', 'png', 'pdf')
    """
    return tuple(dict.fromkeys(f.name for f in formats(*kinds)))


def _what(kinds: tuple[str, ...]) -> str:
    return "/".join(dict.fromkeys(KINDS[k] for k in kinds)) if kinds else "output"


def find(name: str, *kinds: str) -> Format:
    """The format called ``name`` among ``kinds`` (the first of them that has one).

    Raises
    ------
    VazbyError
        No format of those kinds has that name; the message lists the names.

    Examples
    --------
    >>> find("gexf", NETWORK).suffixes
    ('.gexf',)
    >>> find("svg", HTML_MAP, STATIC_MAP).kind
    'static-map'
    """
    for fmt in formats(*kinds):
        if fmt.name == name:
            return fmt
    raise VazbyError(
        f"unknown {_what(kinds)} format {name!r}; choose one of {', '.join(names(*kinds))}"
    )


def by_suffix(path: str | Path, *kinds: str) -> Format:
    """The format among ``kinds`` that the ending of ``path`` names (case does not matter).

    Raises
    ------
    VazbyError
        The ending names none of them; the message names the file and lists the endings.

    Examples
    --------
    >>> by_suffix("graph.TTL", RDF).name
    'ttl'
    >>> by_suffix("map.htm", HTML_MAP, STATIC_MAP).kind
    'html-map'
    """
    suffix = Path(path).suffix.lower()
    for fmt in formats(*kinds):
        if suffix and suffix in fmt.suffixes:
            return fmt
    endings = ", ".join(dict.fromkeys(s for f in formats(*kinds) for s in f.suffixes))
    raise VazbyError(
        f"{path}: cannot tell the {_what(kinds)} format from the ending "
        f"{suffix or '(none)'!r}; end the file in one of {endings} "
        f"(formats {', '.join(names(*kinds))})"
    )


def choose(path: str | Path, name: str | None, *kinds: str) -> Format:
    """The format ``name`` when given, else the one the ending of ``path`` names."""
    return find(name, *kinds) if name else by_suffix(path, *kinds)


def media_types(*kinds: str) -> dict[str, Format]:
    """Media type → format, for the formats of ``kinds`` that have one (the first format of
    a media type wins), in registry order: the first is the default answer.

    Examples
    --------
    >>> list(media_types(RDF))[:2]
    ['text/turtle', 'application/n-triples']
    """
    out: dict[str, Format] = {}
    for fmt in formats(*kinds):
        if fmt.media_type is not None:
            out.setdefault(fmt.media_type, fmt)
    return out
