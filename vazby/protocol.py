"""The SPARQL 1.1 Protocol without the socket: content negotiation, result formats and
what a read-only endpoint refuses to run. :mod:`vazby.serve` puts these behind HTTP.

SELECT and ASK answer as SPARQL results in JSON (the default), XML, CSV or TSV; CONSTRUCT
and DESCRIBE in the RDF formats of the format registry (:mod:`vazby.exports.registry`):
Turtle (the default), N-Triples, N-Quads, TriG, JSON-LD or RDF/XML. rdflib serializes all
of them except CSV and TSV, written here: those are what a spreadsheet opens, so a value
that would start a formula is neutralised as every CSV vazby writes
(:func:`vazby.exports.safe.csv_cell`); JSON and XML carry every value exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import XSD, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import BNode, Identifier, Node

from .errors import QueryError
from .exports.registry import RDF, media_types
from .exports.safe import csv_cell
from .guard import UPDATE_KEYWORDS, QueryRefused, check_query
from .rdf.writers import answer_bytes

__all__ = [
    "Reply",
    "text_reply",
    "negotiate",
    "refusal",
    "render",
    "rows_result",
    "drain",
    "tsv_results",
    "csv_results",
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
#: CONSTRUCT and DESCRIBE answer in every RDF format of the registry: media type → its name.
GRAPH_TYPES = {media: fmt.name for media, fmt in media_types(RDF).items()}
#: ``format=`` short names → the media types they stand for (one per query form): the
#: registry's RDF names, ``turtle``, and the result formats (``json`` and ``xml`` name a
#: result format and an RDF one).
FORMAT_PARAM = {
    **{name: media for media, name in GRAPH_TYPES.items()},
    "turtle": "text/turtle",
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
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
    # a spreadsheet strips the quotes of a plain "…" cell and runs what is left; a typed
    # cell ("…"^^<…>) keeps them, and its lexical form must stay valid for its datatype
    plain = term.datatype is None or term.datatype == XSD.string
    escaped = (
        (csv_cell(str(term)) if plain else str(term))
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


def csv_results(result: Result) -> bytes:
    """SELECT results as SPARQL 1.1 CSV: lexical values, CRLF line ends, and no cell a
    spreadsheet would run as a formula.

    Examples
    --------
    >>> r = Result("SELECT"); r.vars = [Variable("l"), Variable("n")]
    >>> r.bindings = [{Variable("l"): Literal("=1+1"), Variable("n"): Literal(-3)}]
    >>> csv_results(r).decode()
    "l,n\\r\\n'=1+1,-3\\r\\n"
    """
    names = list(result.vars or ())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([str(v) for v in names])
    for row in result.bindings:
        writer.writerow([_csv_term(row.get(v)) for v in names])
    return buffer.getvalue().encode("utf-8")


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return csv_cell(str(term))


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
        body = answer_bytes(result.graph if result.graph is not None else Graph(), fmt)
    elif fmt == "tsv":
        body = tsv_results(result)
    elif fmt == "csv":
        body = csv_results(result)
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
