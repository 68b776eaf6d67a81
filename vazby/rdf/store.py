"""The embedded store: Oxigraph behind rdflib's API, in memory or on disk.

A GRAPH argument on the command line is either an RDF file (Turtle, N-Triples, JSON-LD, TriG,
N-Quads, RDF/XML, chosen by its ending) or a folder holding an Oxigraph store written by
``vazby build --store``. All SPARQL goes through :func:`run_query`, with the vazby prefixes
pre-declared and variables passed as ``VALUES`` (``initBindings`` fails through oxrdflib).
"""

from __future__ import annotations

import functools
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from oxrdflib import OxigraphStore
from rdflib import BNode, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..atomic import write_error
from ..errors import QueryError, VazbyError
from ..guard import check_query, tokens
from ..ontology.namespace import PREFIXES
from .cache import CountedStore, counted

__all__ = [
    "kept_rows",
    "inline_terms",
    "FORMATS",
    "RdfSyntax",
    "format_for",
    "open_store",
    "bind_prefixes",
    "INCOMPLETE_MARK",
    "begin_store_build",
    "end_store_build",
    "check_store_complete",
    "load_graph",
    "run_query",
    "select",
    "select_columns",
    "named_columns",
    "prefix_header",
    "triple_count",
    "values_clause",
    "VALUES_AT_ONCE",
    "in_chunks",
    "oxigraph",
    "counting",
    "whole_corpus",
    "least_values",
    "read_together",
    "reading",
    "table_read",
    "bounded_scan",
    "Answers",
    "select_table",
    "term_value",
    "tsv_table",
]


class RdfSyntax(NamedTuple):
    """How an RDF format is read and written: the rdflib plugin that parses and writes
    files (Oxigraph's where it has one), the file endings that choose it, its media type,
    and the rdflib serializer of a small answer in memory (an endpoint's CONSTRUCT), which
    declares only the prefixes the answer uses."""

    parser: str
    suffixes: tuple[str, ...]
    media_type: str
    answer: str


#: Our RDF format names → syntax. These are the RDF entries of the format registry
#: (:mod:`vazby.exports.registry`); the writers are :data:`vazby.rdf.writers.RDF_WRITERS`.
FORMATS: dict[str, RdfSyntax] = {
    "ttl": RdfSyntax("ox-turtle", (".ttl", ".turtle"), "text/turtle", "turtle"),
    "nt": RdfSyntax("ox-ntriples", (".nt",), "application/n-triples", "nt"),
    "nq": RdfSyntax("ox-nquads", (".nq",), "application/n-quads", "nquads"),
    "trig": RdfSyntax("ox-trig", (".trig",), "application/trig", "trig"),
    "jsonld": RdfSyntax("json-ld", (".jsonld", ".json"), "application/ld+json", "json-ld"),
    "xml": RdfSyntax("ox-xml", (".rdf", ".xml", ".owl"), "application/rdf+xml", "xml"),
}


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """Our format name for a file, from ``explicit`` or from its ending.

    Examples
    --------
    >>> format_for("graph.ttl")
    'ttl'
    >>> format_for("x.data", "nt")
    'nt'
    """
    if explicit:
        if explicit not in FORMATS:
            raise VazbyError(f"unknown RDF format {explicit!r}; choose one of {', '.join(FORMATS)}")
        return explicit
    suffix = Path(path).suffix.lower()
    for name, syntax in FORMATS.items():
        if suffix in syntax.suffixes:
            return name
    raise VazbyError(
        f"{path}: cannot tell the RDF format from the ending {suffix or '(none)'!r}; "
        f"end the file in one of {', '.join(s for f in FORMATS.values() for s in f.suffixes)} "
        f"(formats {', '.join(FORMATS)})"
    )


_G = TypeVar("_G", bound=Graph)


def bind_prefixes(graph: _G) -> _G:
    """``graph`` with the vazby prefixes bound (``vz:``, ``skos:`` …), replacing others'."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def open_store(path: str | Path | None = None, create: bool = True, fresh: bool = False) -> Graph:
    """An Oxigraph-backed graph, in memory (``path`` None) or persistent in folder ``path``.

    ``create`` allows a new store folder; ``fresh`` empties an existing store (a rebuild).
    """
    # The default graph, not a graph named by a fresh blank node: a store reopened later
    # must see the same triples.
    graph = Graph(store=OxigraphStore(), identifier=DATASET_DEFAULT_GRAPH_ID)
    if path is not None:
        folder = Path(path)
        exists = folder.is_dir() and any(folder.iterdir())
        if not exists and not create:
            raise VazbyError(f"{path}: no such store folder")
        if exists and not fresh:
            check_store_complete(folder)
        if folder.exists() and not folder.is_dir():
            raise VazbyError(f"{path}: not a folder")
        try:
            graph.open(str(folder), create=not exists)
        except (OSError, ValueError) as exc:
            raise VazbyError(f"{path}: cannot open the store: {exc}") from None
        if fresh and exists:
            graph.remove((None, None, None))
    return bind_prefixes(counting(graph))


def counting(graph: Graph) -> Graph:
    """``graph`` with its Oxigraph store counting its changes and keeping the answers read
    since (:mod:`vazby.rdf.cache`); every graph vazby opens is made so."""
    store = graph.store
    store._store = counted(store._inner)  # type: ignore[attr-defined]
    return graph


#: A file a store folder holds while ``vazby build --store`` fills it; a build that did not
#: finish (killed, a full disk) leaves it, and every command refuses the store.
INCOMPLETE_MARK = "vazby-build-incomplete"


def begin_store_build(path: str | Path) -> None:
    """Mark the store folder ``path`` as being built (created when missing)."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / INCOMPLETE_MARK).write_text(
            "vazby build has not finished filling this store; build it again.\n", encoding="utf-8"
        )
    except OSError as exc:
        raise write_error(folder, exc, "prepare the store folder") from None


def end_store_build(path: str | Path) -> None:
    """Mark the store folder ``path`` as whole: its build finished."""
    try:
        (Path(path) / INCOMPLETE_MARK).unlink(missing_ok=True)
    except OSError as exc:
        raise write_error(path, exc, "mark the store complete") from None


def check_store_complete(path: str | Path) -> None:
    """Refuse a store folder whose build did not finish.

    Raises
    ------
    VazbyError
        The folder carries :data:`INCOMPLETE_MARK`.
    """
    if (Path(path) / INCOMPLETE_MARK).exists():
        raise VazbyError(
            f"{path}: this store is incomplete: the build that filled it did not finish "
            "(stopped, killed or out of disk space). Build it again with vazby build --store."
        )


#: Formats of datasets (named graphs); each name is also pyoxigraph's file extension for it.
_QUAD_FORMATS = frozenset({"trig", "nq"})


def load_graph(path: str | Path, fmt: str | None = None) -> Graph:
    """Open a graph file or a store folder into an Oxigraph-backed graph.

    Raises
    ------
    VazbyError
        The path is missing or the file is not valid RDF in its format.
    """
    p = Path(path)
    if p.is_dir():
        return open_store(p, create=False)
    if not p.exists():
        raise VazbyError(f"{path}: no such graph file or store folder")
    name = format_for(p, fmt)
    graph = open_store()
    try:
        if name in _QUAD_FORMATS:
            # vazby keeps every triple in the default graph: a dataset's named graphs (a
            # plan each, as `export --format trig` writes them) are read into it
            import pyoxigraph as ox

            inner = graph.store._inner  # type: ignore[attr-defined]
            inner.extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in ox.parse(path=str(p), format=ox.RdfFormat.from_extension(name))
            )
        else:
            graph.parse(str(p), format=FORMATS[name].parser)
    except Exception as exc:  # parsers raise many types; report them as ours
        raise VazbyError(f"{path}: not valid {name} RDF: {exc}") from None
    return graph


def triple_count(graph: Graph) -> int:
    """The number of triples in ``graph``, cheaply.

    ``len()`` of an oxrdflib graph runs ``COUNT(DISTINCT …)`` in SPARQL, which holds every
    triple in a hash set (gigabytes at 100,000 measures); vazby keeps its triples in the
    store's default graph only, so the store's own quad count is the answer.
    """
    inner = getattr(graph.store, "_inner", None)
    if inner is not None and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        return len(inner)
    return len(graph)


def oxigraph(graph: Graph) -> tuple[Any, Any] | None:
    """``(store, graph name)`` of pyoxigraph for an Oxigraph-backed graph, else None.

    Query functions use it to read one predicate's index directly (``quads_for_pattern``),
    which is much cheaper than a SPARQL join over a whole corpus; each keeps a SPARQL path
    for any other rdflib store.
    """
    inner = getattr(graph.store, "_inner", None)
    if inner is None or not hasattr(inner, "quads_for_pattern"):
        return None
    import pyoxigraph as ox
    from rdflib import BNode

    ident = graph.identifier
    name: ox.DefaultGraph | ox.BlankNode | ox.NamedNode
    if ident == DATASET_DEFAULT_GRAPH_ID:
        name = ox.DefaultGraph()
    else:
        name = ox.BlankNode(ident) if isinstance(ident, BNode) else ox.NamedNode(ident)
    return inner, name


def whole_corpus(graph: Graph, plan: str | None = None) -> Graph:
    """The graph a question about the whole corpus reads: ``graph`` itself, or for a graph
    in a SPARQL store its copy in memory where the store can give one in bounded requests
    (:mod:`vazby.rdf.remote`: a store joins a whole corpus slowly and cuts large answers).
    A question that reads every node but keeps one ``plan``'s (a map of that plan) is given
    the copy of the graphs that plan's questions read.
    """
    copy = getattr(graph.store, "local_copy", None)
    return (copy(plan) or graph) if copy is not None else graph


def prefix_header() -> str:
    """``PREFIX`` lines for every vazby prefix, to put before a user's query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def values_clause(bindings: Mapping[str, Sequence[Node]]) -> str:
    """A SPARQL ``VALUES`` block binding each variable to one or more terms.

    Examples
    --------
    >>> values_clause({"m": [URIRef("http://x/1")]})
    'VALUES (?m) { (<http://x/1>) }'
    """
    names = list(bindings)
    if not names:
        return ""
    columns = [list(bindings[n]) for n in names]
    rows = zip(*columns, strict=True)
    body = " ".join("(" + " ".join(_written(term) for term in row) + ")" for row in rows)
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ {body} }}"


#: Rows of one ``VALUES`` block: Virtuoso compiles the block into one call with an
#: argument per term and refuses some 5,000 of them ("Too many arguments").
VALUES_AT_ONCE = 2000


def in_chunks(items: Sequence[Any], size: int = VALUES_AT_ONCE) -> Iterator[Sequence[Any]]:
    """``items`` in consecutive slices of at most ``size``, to bind one ``VALUES`` each.

    Examples
    --------
    >>> [list(c) for c in in_chunks([1, 2, 3], 2)]
    [[1, 2], [3]]
    """
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _written(term: Node) -> str:
    """A term as SPARQL text, refusing what would not stay one term."""
    if isinstance(term, BNode):
        raise VazbyError(
            f"cannot ask about the blank node _:{term}: a SPARQL query cannot name a "
            "blank node. Name the graph's measures, goals, plans and actors by IRIs "
            "(skolemize the graph, e.g. with rdflib's Graph.skolemize())"
        )
    if isinstance(term, URIRef) and _NOT_IRI.search(term):
        raise QueryError(
            f'{str(term)!r} is not an IRI: an IRI has no spaces and none of <>"{{}}|^`\\'
        )
    return term.n3()


def inline_terms(query: str, terms: Mapping[str, Node]) -> str:
    """``query`` with each variable named in ``terms`` written as its term.

    A path's start given as a constant is what every store's path engine accepts; given by
    ``VALUES``, Virtuoso refuses it ("transitive start not given") or answers wrongly. A
    variable the query projects keeps its name (it must then be bound by ``VALUES``).

    Examples
    --------
    >>> inline_terms("SELECT ?t WHERE { ?node vz:linksTo+ ?t } # ?node",
    ...              {"node": URIRef("http://x/1")})
    'SELECT ?t WHERE { <http://x/1> vz:linksTo+ ?t } # ?node'

    Raises
    ------
    QueryError
        A variable of ``terms`` that the query projects, or a term that cannot be written.
    """
    out: list[str] = []
    in_body = False
    for kind, text, _ in tokens(query):
        if kind == "open" and text == "{":
            in_body = True
        if kind == "var" and text[1:] in terms:
            if not in_body:
                raise QueryError(f"{text} is projected: bind it with VALUES, not as a constant")
            text = _written(terms[text[1:]])
        out.append(text)
    return "".join(out)


#: What SPARQL's IRIREF excludes: such a "IRI" would end the term early and inject text.
_NOT_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_HAS_PREFIX = re.compile(r"^\s*PREFIX\s+(\w*):", re.IGNORECASE | re.MULTILINE)


def _query_text(query: str, bindings: Mapping[str, Sequence[Node]] | None) -> tuple[str, int]:
    """The query with the missing vazby prefixes and a ``VALUES`` block; and the header's lines.

    Every query passes :func:`vazby.guard.check_query` here, the one door to the engine
    (its size is bounded where a caller's text comes in: ``serve``, ``vazby sparql``)."""
    check_query(query, max_chars=None)
    declared = {m.group(1) for m in _HAS_PREFIX.finditer(query)}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    text = header + query
    if bindings:
        match = re.search(r"WHERE\s*\{", text, re.IGNORECASE)
        if not match:
            raise QueryError("bindings need a query with a WHERE clause")
        text = text[: match.end()] + " " + values_clause(bindings) + " " + text[match.end() :]
    return text, header.count("\n")


def run_query(graph: Graph, query: str, bindings: Mapping[str, Sequence[Node]] | None = None):
    """Run a SPARQL query with the vazby prefixes declared; return rdflib's result.

    ``bindings`` are inlined as a ``VALUES`` block at the top of the WHERE clause.

    Raises
    ------
    QueryError
        The query does not parse or fails; the message carries the parser's words, with
        positions counted in the caller's own text (the prefix header is not counted).
    """
    text, header_lines = _query_text(query, bindings)
    try:
        return graph.query(text)
    except Exception as exc:  # pyoxigraph raises SyntaxError / ValueError / OSError
        raise QueryError(_query_message(exc, header_lines)) from None


def without_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn`` with Python's cyclic garbage collector paused (reference counting still
    frees everything at once).

    Reading a whole-corpus answer makes millions of tuples, lists and strings, none of them
    in a reference cycle; every burst of allocations would start a collection that walks
    every object alive, a large share of a whole-corpus query's time.
    """

    @functools.wraps(fn)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():  # paused already, by a caller
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused


#: What a kept row is taken to cost of the store's :data:`~vazby.rdf.cache.BUDGET`, in
#: characters: about the memory of a row of the larger questions (a measure's row, with
#: its title, names and source).
ROW_COST = 1024

RowsFunction = TypeVar("RowsFunction", bound=Callable[..., list])


def kept_rows(function: RowsFunction) -> RowsFunction:
    """Keep the rows ``function(graph, …)`` answers with the graph's store, as its reads'
    answers are kept (:class:`vazby.rdf.cache.CountedStore`): asked again with the same
    arguments before the graph changes, the question is not worked out again; any change
    to the graph forgets them. A list of rows is returned afresh each time (a row that is a
    dictionary copied), so a caller may change what it gets. A graph whose store keeps no
    answers (another rdflib store, a SPARQL endpoint) is asked every time."""

    @functools.wraps(function)
    def keeping(graph: Graph, *args: Any, **kwargs: Any) -> list:
        direct = oxigraph(graph)
        if direct is None or not isinstance(direct[0], CountedStore):
            return function(graph, *args, **kwargs)
        store, name = direct
        # a comment, the key of no query a store could run
        key = f"# {function.__module__}.{function.__qualname__} {args!r} {sorted(kwargs.items())!r}"

        def work() -> tuple[list, int]:
            rows = function(graph, *args, **kwargs)
            return rows, len(rows) * ROW_COST

        rows = store.answer(key, str(name), work)
        return [dict(row) if isinstance(row, dict) else row for row in rows]

    return keeping  # type: ignore[return-value]


@without_gc
def select(
    graph: Graph, query: str, bindings: Mapping[str, Sequence[Node]] | None = None
) -> list[dict[str, Any]]:
    """Run a SELECT like :func:`run_query`, returning plain rows quickly.

    Each row maps variable names to IRIs (``URIRef``), blank nodes (``BNode``), the
    lexical form of literals (``str``) or None. On an Oxigraph-backed graph the rows are
    read from one TSV buffer that pyoxigraph writes, which is several times faster than
    building rdflib terms for every cell: use it where a query returns a row per measure
    of a large corpus.
    """
    names, rows = select_table(graph, query, bindings)
    return [dict(zip(names, row, strict=True)) for row in rows]


@without_gc
def select_table(
    graph: Graph,
    query: str,
    bindings: Mapping[str, Sequence[Node]] | None = None,
    *,
    raw: bool = False,
) -> tuple[list[str], list[tuple]]:
    """:func:`select` as the variable names and one tuple per row, in the names' order
    (cheaper than a dictionary per row where a query returns many).

    With ``raw``, every cell is the term as N-Triples writes it (``<iri>``, ``"text"@cs``,
    ``12``; ``""`` when unbound): rdflib's terms hash and compare in Python, so code that
    joins hundreds of thousands of rows in dictionaries keys them by these strings and
    converts the few it shows (:func:`term_value`).
    """
    direct = oxigraph(graph)
    if direct is None:
        result = run_query(graph, query, bindings)
        names = [str(v) for v in result.vars or ()]
        convert = _n3 if raw else _plain
        return names, [tuple(convert(row[name]) for name in names) for row in result]
    names, body = _tsv_answer(direct, query, bindings)
    return names, tsv_table(body, len(names), raw=raw)


def _tsv_answer(direct, query: str, bindings) -> tuple[list[str], str]:
    """Variable names and the TSV text of a SELECT run on pyoxigraph (``direct``)."""
    import pyoxigraph as ox

    inner, default = direct
    text, header_lines = _query_text(query, bindings)

    def read() -> tuple[tuple[list[str], str], int]:
        try:
            result = inner.query(text, default_graph=default, prefixes={})
            names = [v.value for v in result.variables]
            body = result.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
        except Exception as exc:
            raise QueryError(_query_message(exc, header_lines)) from None
        return (names, body), len(body)

    if isinstance(inner, CountedStore):  # answers kept until the store changes
        return inner.answer(text, str(default), read)  # type: ignore[no-any-return]
    return read()[0]


def least_values(graph: Graph, nodes: Iterable[Node], predicate: str) -> dict[Node, str]:
    """``node → the least lexical value of predicate`` (a prefixed name such as
    ``vz:identifier``) for a few nodes: plans' slugs, documents' file names."""
    wanted = sorted(set(nodes), key=str)
    out: dict[Node, str] = {}
    if wanted:
        for row in select(graph, f"SELECT ?x ?v WHERE {{ ?x {predicate} ?v }}", {"x": wanted}):
            value = str(row["v"])
            if row["x"] not in out or value < out[row["x"]]:
                out[row["x"]] = value
    return out


#: A scan pays where many nodes are asked for at once and the scan reads few rows per node:
#: a node bound in VALUES costs the store an order of magnitude more than a scanned row.
SCAN_FROM = 500
SCAN_ROWS_PER_NODE = 8


def bounded_scan(graph: Graph, query: str, asked: int) -> list[tuple] | None:
    """The raw rows of ``query``, a scan whose text ends in ``LIMIT {limit}``, in place of
    binding ``asked`` nodes: None where fewer than :data:`SCAN_FROM` nodes are asked for, or
    where the scan reaches :data:`SCAN_ROWS_PER_NODE` rows a node (the graph holds more of
    them than binding would read). The caller then binds the nodes."""
    if asked < SCAN_FROM:
        return None
    limit = SCAN_ROWS_PER_NODE * asked
    _, rows = select_table(graph, query.format(limit=limit), raw=True)
    return rows if len(rows) < limit else None


class Answers(Mapping[str, Any]):
    """The answers of reads started at once (:func:`reading`). Asking for an answer waits
    for it, so a caller can work on one while others still read."""

    def __init__(self, reads: Mapping[str, Callable[[], Any]], pool: Executor | None) -> None:
        self._futures: dict[str, Future] = {}
        self._answers: dict[str, Any] = {}
        for name, read in reads.items():
            if pool is None:
                self._answers[name] = read()
            else:
                self._futures[name] = pool.submit(read)

    def __getitem__(self, name: str) -> Any:
        if name not in self._answers:
            self._answers[name] = self._futures[name].result()
        return self._answers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._futures or self._answers)

    def __len__(self) -> int:
        return len(self._futures or self._answers)


@contextmanager
def reading(graph: Graph, reads: Mapping[str, Callable[[], Any]]) -> Iterator[Answers]:
    """Start independent reads of ``graph`` (in the order given: list the longest first)
    and give their answers by name as each is asked for.

    Oxigraph evaluates and writes a query's answer without holding Python's GIL, so on an
    Oxigraph store two reads use two cores; on other stores they run one after another.
    """
    if oxigraph(graph) is None or len(reads) < 2:
        yield Answers(reads, None)
        return
    with ThreadPoolExecutor(max_workers=min(len(reads), os.cpu_count() or 1)) as pool:
        yield Answers(reads, pool)


def table_read(
    graph: Graph, query: str, bindings: Mapping[str, Sequence[Node]] | None = None
) -> Callable[[], list[tuple]]:
    """A read for :func:`read_together`: the rows of ``query`` as raw cells
    (:func:`select_table` with ``raw``)."""
    return lambda: select_table(graph, query, bindings, raw=True)[1]


def read_together(graph: Graph, reads: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run independent reads of ``graph`` side by side (:func:`reading`); their answers."""
    with reading(graph, reads) as answers:
        return dict(answers)


_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match) -> str:
    short, long, char = match.groups()
    if char is None:
        return chr(int(short or long, 16))
    return _ECHARS.get(char, char)


def tsv_table(body: str, width: int, *, raw: bool = False) -> list[tuple]:
    """The rows of SPARQL TSV results (W3C SPARQL 1.1 Query Results TSV) as tuples.

    IRIs become ``URIRef`` (one object per IRI), blank nodes ``BNode``, literals their lexical
    form (``str``; numbers and booleans written bare stay as written), empty cells None.
    Reading one serialized buffer is several times faster than a Python object per cell.
    With ``raw``, cells stay as written (see :func:`select_table`).
    """
    if raw:
        return list(zip(*_raw_columns(body, width), strict=True))
    lines = body.split("\n")
    cells: dict[str, Any] = {"": None}  # each distinct cell parsed once
    get = cells.get

    def parse(cell: str) -> Any:
        value = cells[cell] = term_value(cell)
        return value

    rows = []
    for line in lines[1:]:
        if not line and width != 1:
            continue
        parts = line.split("\t")
        if len(parts) != width:
            if not line:
                continue
            raise QueryError(f"cannot read the store's TSV results: {line[:80]!r}")
        rows.append(
            tuple([c if (c := get(p, _MISSING)) is not _MISSING else parse(p) for p in parts])
        )
    if width == 1 and rows and rows[-1][0] is None and lines[-1] == "":
        rows.pop()  # the newline after the last row, not an unbound row
    return rows


def _raw_columns(body: str, width: int) -> list[list[str]]:
    """The cells of a TSV answer, one list per column, as written."""
    # Cells cannot hold a raw tab or newline (TSV escapes them): cut the rows after the
    # header once, and deal the cells out by column.
    start = body.find("\n") + 1
    end = len(body) - 1 if body.endswith("\n") else len(body)
    if start == 0 or end < start:  # no row ("?x\n"; "?x\n\n" is one row, unbound)
        return [[] for _ in range(width)]
    rest = body[start:end]
    cells = rest.replace("\n", "\t").split("\t")
    if len(cells) != width * (rest.count("\n") + 1):
        raise QueryError("cannot read the store's TSV results: a row of the wrong width")
    return [cells[i::width] for i in range(width)]


def select_columns(
    graph: Graph, query: str, bindings: Mapping[str, Sequence[Node]] | None = None
) -> list[list[str]]:
    """The answer of a SELECT as one list per variable of raw cells (see
    :func:`select_table`), in the query's order: a whole predicate joins in sets and
    dictionaries without a Python step per row."""
    return list(named_columns(graph, query, bindings).values())


@without_gc
def named_columns(
    graph: Graph, query: str, bindings: Mapping[str, Sequence[Node]] | None = None
) -> dict[str, list[str]]:
    """:func:`select_columns` by variable name."""
    direct = oxigraph(graph)
    if direct is None:
        names, rows = select_table(graph, query, bindings, raw=True)
        columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in names]
    else:
        names, body = _tsv_answer(direct, query, bindings)
        columns = _raw_columns(body, len(names))
    return dict(zip(names, columns, strict=True))


def _n3(term: Node | None) -> str:
    """A term as Oxigraph's TSV results write it (N-Triples; numbers and booleans bare);
    ``""`` for None."""
    if term is None:
        return ""
    from rdflib import Literal

    if not isinstance(term, Literal):
        return term.n3()
    if term.datatype is not None and str(term.datatype).endswith(_BARE):
        return str(term)
    text = str(term)
    for char, escaped in _ESCAPES:
        text = text.replace(char, escaped)
    if term.language:
        return f'"{text}"@{term.language}'
    return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'


_BARE = ("#integer", "#decimal", "#double", "#boolean")
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))


_MISSING = object()


def term_value(cell: str) -> Any:
    """A term written in N-Triples syntax (as in TSV results): ``URIRef``, ``BNode``, or a
    literal's lexical form; a bare number or boolean stays as written."""
    first = cell[0]
    if first == "<":
        return URIRef(cell[1:-1])
    if first == '"':
        close = cell.rindex('"')
        text = cell[1:close]
        return _ECHAR.sub(_unescape, text) if "\\" in text else text
    if cell.startswith("_:"):
        from rdflib import BNode

        return BNode(cell[2:])
    return cell  # a number or boolean written bare


def _from_ox(term, ox) -> Node | str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    from rdflib import BNode

    return BNode(term.value)


def _plain(value: Node | None) -> Node | str | None:
    from rdflib import Literal

    return str(value) if isinstance(value, Literal) else value


_POSITION = re.compile(r"error at (\d+):(\d+)")


def _query_message(exc: Exception, header_lines: int) -> str:
    """The parser's message, with line numbers counted from the start of the caller's text."""
    message = str(exc).strip() or type(exc).__name__

    def shift(match: re.Match) -> str:
        line = max(int(match.group(1)) - header_lines, 1)
        return f"error at line {line}, column {match.group(2)}"

    return f"SPARQL error: {_POSITION.sub(shift, message, count=1)}"


def is_iri(value: str) -> bool:
    """Whether ``value`` looks like an absolute IRI."""
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", value)) and " " not in value


def term(value: str) -> URIRef:
    return URIRef(value)
