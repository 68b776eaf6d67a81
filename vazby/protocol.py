"""The SPARQL 1.1 Protocol without the socket: content negotiation, result formats and
what a read-only endpoint refuses to run. :mod:`vazby.serve` puts these behind HTTP.

SELECT and ASK answer as SPARQL results in JSON (the default), XML, CSV or TSV; CONSTRUCT
and DESCRIBE as Turtle (the default), N-Triples, JSON-LD or RDF/XML. rdflib serializes all
of them except TSV, written here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import BNode, Identifier, Node

from .errors import QueryError
from .guard import UPDATE_KEYWORDS, QueryRefused, check_query
from .ontology.namespace import PREFIXES

__all__ = [
    "Reply",
    "text_reply",
    "negotiate",
    "refusal",
    "render",
    "rows_result",
    "drain",
    "tsv_results",
    "SELECT_TYPES",
    "ASK_TYPES",
    "GRAPH_TYPES",
    "FORMAT_PARAM",
    "UPDATE_KEYWORDS",
]

#: Media types offered for each query form → rdflib serializer name; the first is the default.
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
ASK_TYPES = {k: v for k, v in SELECT_TYPES.items() if v in ("json", "xml")}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
#: ``format=`` short names → the media types they stand for (one per query form).
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, body, media type and extra headers."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    """A plain-text answer (every error is one)."""
    return Reply(status, (message.rstrip() + "\n").encode("utf-8"), headers=tuple(headers))


# -- content negotiation ----------------------------------------------------------------------


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the ``Accept`` header prefers, or None if it accepts none.

    Each offered type takes the quality of the most specific range matching it
    (``text/csv`` over ``text/*`` over ``*/*``); ties go to the earlier offered type.

    Examples
    --------
    >>> negotiate(None, ["application/sparql-results+json", "text/csv"])
    'application/sparql-results+json'
    >>> negotiate("text/*;q=0.5, text/csv", ["application/json", "text/tsv", "text/csv"])
    'text/csv'
    >>> negotiate("*/*, text/csv;q=0", ["text/csv", "text/turtle"])
    'text/turtle'
    >>> negotiate("image/png", ["text/csv"]) is None
    True
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges: list[tuple[str, str, float]] = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        main, _, sub = media.lower().partition("/")
        if not main or not sub:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((main, sub, quality))
    best, best_q = None, 0.0
    for candidate in offered:
        main, _, sub = candidate.partition("/")
        matched = -1, 0.0
        for r_main, r_sub, quality in ranges:
            specificity = (
                2 if (r_main, r_sub) == (main, sub) else 1 if (r_main, r_sub) == (main, "*") else 0
            )
            if specificity == 0 and (r_main, r_sub) != ("*", "*"):
                continue
            if specificity > matched[0]:
                matched = specificity, quality
        if matched[1] > best_q:
            best, best_q = candidate, matched[1]
    return best


# -- what is refused before running -----------------------------------------------------------


def refusal(text: str) -> str | None:
    """Why a request text must not run (an update, a federated ``SERVICE``, too large or
    too deep: :func:`vazby.guard.check_query`), or None. A text that is not SPARQL is left
    to the engine, whose message gives the position.

    Examples
    --------
    >>> refusal("SELECT * WHERE { ?s ?p 'DELETE this' }") is None
    True
    >>> refusal("PREFIX ex: <http://x/>  # a comment\\nINSERT DATA { ex:a ex:b ex:c }")[:30]
    'updates are refused: vazby is '
    >>> refusal("SELECT * { SERVICE <http://other/sparql> { ?s ?p ?o } }")[:28]
    'federated queries (SERVICE, '
    """
    try:
        check_query(text)
    except QueryRefused as exc:
        return str(exc)
    except QueryError:
        return None
    return None


# -- serializing results ------------------------------------------------------------------------


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    escaped = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype:  # xsd:string too: rdflib tells "a" from "a"^^xsd:string
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


def tsv_results(result: Result) -> bytes:
    """SELECT results as SPARQL 1.1 TSV (rdflib has a parser for it but no serializer).

    Examples
    --------
    >>> r = Result("SELECT"); r.vars = [Variable("s"), Variable("l")]
    >>> r.bindings = [{Variable("s"): URIRef("http://x/1"), Variable("l"): Literal("a\\tb")}]
    >>> tsv_results(r).decode()
    '?s\\t?l\\n<http://x/1>\\t"a\\\\tb"\\n'
    """
    names = list(result.vars or ())
    lines = ["\t".join(f"?{v}" for v in names)]
    for row in result.bindings:
        lines.append("\t".join(_tsv_term(row.get(v)) for v in names))
    return ("\n".join(lines) + "\n").encode("utf-8")


def render(result: Result, accept: str | None) -> Reply:
    """Serialize a query result in the media type ``accept`` prefers; 406 if none fits."""
    drain(result)
    is_graph = result.type in ("CONSTRUCT", "DESCRIBE")
    offered = GRAPH_TYPES if is_graph else ASK_TYPES if result.type == "ASK" else SELECT_TYPES
    media = negotiate(accept, list(offered))
    if media is None:
        return text_reply(
            406,
            f"cannot answer a {result.type} query in {accept!r}; "
            f"ask for one of: {', '.join(offered)}",
        )
    fmt = offered[media]
    body: bytes | str
    if is_graph:
        graph = result.graph if result.graph is not None else Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        options: dict[str, Any] = {}
        if fmt == "json-ld":
            options = {"context": dict(PREFIXES), "auto_compact": True}
        body = graph.serialize(format=fmt, encoding="utf-8", **options)
    elif fmt == "tsv":
        body = tsv_results(result)
    else:
        body = result.serialize(format=fmt, encoding="utf-8") or b""
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    return Reply(200, body.encode("utf-8") if isinstance(body, str) else body, media + charset)


def drain(result: Result) -> None:
    """Read all SELECT rows now, in this thread (empty rows included).

    oxrdflib leaves the rows in a generator that refers back to its result; collected
    later by another thread, pyoxigraph's solutions raise "unsendable" errors.
    """
    if result.type == "SELECT":
        result.bindings  # noqa: B018 (the property reads the generator to its end)


def rows_result(names: Sequence[str], rows: Sequence[Mapping[str, Node | str | None]]) -> Result:
    """A SELECT result built from plain rows (literals given as text become plain literals)."""
    result = Result("SELECT")
    variables = [Variable(n) for n in names]
    result.vars = variables
    result.bindings = [
        {
            v: value if isinstance(value, Identifier) else Literal(value)
            for v in variables
            if (value := row.get(str(v))) is not None
        }
        for row in rows
    ]
    return result
