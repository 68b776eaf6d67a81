"""Publish a graph to a SPARQL 1.1 store, and check that the store holds it.

The graph is sent in named graphs: by default all of it in one (``{base}graph/corpus``);
with ``per_plan``, one graph per plan (and per plan-less document) as the TriG export
partitions it (:func:`vazby.rdf.writers.partition_by_plan`), and what plans share in graphs
of their own by kind: ``{base}graph/actors``, ``…/towns``, ``…/vocabularies`` and
``…/shared``. A plan's graph is *replaced* when published again; a shared graph is
*merged* (a store holds a set of triples, so nothing is duplicated), since other plans
published before may rely on its actors and concepts.

The triples travel as N-Triples (a form every store reads alike; Turtle's ``\\/``
local-name escapes came out of Virtuoso as part of the IRI), by the Graph Store Protocol in
chunks, or, where the store offers no Graph Store Protocol, by SPARQL Update in small
batches (Virtuoso fails ``INSERT DATA`` of a few thousand triples). Triples that share a
blank node travel in one request, since a store gives each request's blank nodes fresh
identities.

Every graph, in either mode, travels and is checked in slices (:data:`SLICE`): which graph
each subject's triples go to is decided first (strings only); then, graph by graph, a run of
subjects has its triples read from the store under the rdflib graph, sent, read back from
the store by subject (a graph of one slice: whole, in one request) and compared, and only
the differences are kept before the next run is read. The triples that touch a blank node
are kept out of the slices, sent in one request at the end of their graph and compared
whole, by isomorphism. Last, the store counts the graph: a replaced graph must hold nothing
but the triples sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, SKOS, VOID, XSD
from rdflib.term import Node

from .errors import VazbyError
from .ontology.namespace import DEFAULT_BASE, VZ
from .rdf.endpoint import Endpoint
from .rdf.remote import catalog_graph, dataset_iri, published_graphs
from .rdf.store import oxigraph, select_columns, term_value, triple_count
from .rdf.writers import subject_graph

__all__ = [
    "GraphPart",
    "GraphCheck",
    "PublishReport",
    "SHARED_KINDS",
    "SLICE",
    "Slice",
    "graph_parts",
    "guess_graph_store",
    "publish_graph",
    "verify",
]

Triple = tuple

#: Shared graph name → the classes whose resources it holds (first match wins); what is
#: shared and of none of these classes goes to ``shared``.
SHARED_KINDS: dict[str, tuple[URIRef, ...]] = {
    "actors": (VZ.Actor, ORG.Organization),
    "towns": (VZ.Municipality,),
    "vocabularies": (SKOS.Concept, SKOS.ConceptScheme, SKOS.Collection),
}

#: Triples per Graph Store Protocol request, and per SPARQL Update (Virtuoso refuses an
#: INSERT DATA of 2,000 triples: "generated SQL text exceeded 10000 lines").
GSP_CHUNK = 50_000
UPDATE_BATCH = 500

#: Triples of a graph held at a time while it is sent and checked (a run of its subjects).
SLICE = 100_000

#: Triples asked for per CONSTRUCT when a slice is read back by subject (half of Virtuoso's
#: default cap of 10,000); a store that cuts an answer lower sets it to half the cut.
READ_BATCH = 5_000

#: Triples a graph may hold beyond those sent for vazby to find and list them (it reads the
#: graph's subjects to find them); more are only counted.
LISTED = 1_000

#: Statuses by which a store says it has no Graph Store Protocol at that address.
NO_GSP = (404, 405, 406, 415, 501)


@dataclass(frozen=True, slots=True)
class Slice:
    """A run of one graph's subjects and their triples that touch no blank node; or
    (``blank``) every triple of the graph that touches one, sent in one request and compared
    whole. ``subjects``: the run's IRIs → the triples the graph holds about each (those with
    a blank object too: what a store answers when asked about the subject); ``whole``: the
    run is every subject of the graph."""

    triples: list[ox.Triple]
    subjects: dict[str, int]
    blank: bool = False
    whole: bool = False


@dataclass(frozen=True, slots=True)
class GraphPart:
    """One named graph to publish: its name, whether publishing replaces what the store
    holds there (a plan's graph) or adds to it (a shared graph), and its subjects (as
    N-Triples writes them), whose triples are read from the graph when they are asked for,
    as Oxigraph's terms (the form in which they are sent and compared)."""

    name: URIRef
    replace: bool
    subjects: Sequence[str]
    source: _Source = field(repr=False, compare=False)

    @property
    def triples(self) -> tuple[ox.Triple, ...]:
        """Every triple of the graph, read at once (publishing reads :meth:`slices`)."""
        return self.source.triples(self.subjects)

    def slices(self, size: int | None = None) -> Iterator[Slice]:
        """The graph in slices of about ``size`` triples (:data:`SLICE`), each read when it
        is asked for; the triples touching a blank node, gathered on the way, come last."""
        size = SLICE if size is None else size
        ground: list[ox.Triple] = []
        counts: dict[str, int] = {}
        blank: list[ox.Triple] = []
        whole = True
        last = len(self.subjects) - 1
        for index, cell in enumerate(self.subjects):
            triples = self.source.triples([cell])
            for triple in triples:
                (blank if _ox_blank(triple) else ground).append(triple)
            if cell.startswith("<"):
                counts[cell[1:-1]] = len(triples)
            if len(ground) >= size and index < last:
                yield Slice(ground, counts)
                ground, counts, whole = [], {}, False
        if ground or counts:
            yield Slice(ground, counts, whole=whole)
        if blank:
            yield Slice(blank, {}, blank=True)


@dataclass(frozen=True, slots=True)
class GraphCheck:
    """What the store holds in one graph against what was sent: ``held`` as the store
    counts it; the triples sent that it does not hold; those it holds that were not sent,
    listed, and how many more it holds that were not read (over :data:`LISTED`, or a cut
    answer's)."""

    name: str
    sent: int
    held: int
    missing: tuple[Triple, ...]
    unexpected: tuple[Triple, ...]
    replace: bool
    unread: int = 0

    @property
    def ok(self) -> bool:
        """Every triple sent is held; a replaced graph holds nothing else."""
        return not self.missing and (not self.replace or not (self.unexpected or self.unread))


@dataclass(frozen=True, slots=True)
class PublishReport:
    method: str  # "graph store protocol" or "sparql update"
    triples: int
    seconds: float
    checks: tuple[GraphCheck, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def _kind_of(types: set[str]) -> str:
    for kind, classes in SHARED_KINDS.items():
        if any(str(c) in types for c in classes):
            return kind
    return "shared"


def graph_parts(
    graph: Graph, *, base: str = DEFAULT_BASE, per_plan: bool = False
) -> Iterator[GraphPart]:
    """The named graphs ``graph`` is published in (see the module docstring), sorted by name,
    one at a time: a part's triples are read when the part is asked for.

    Examples
    --------
    >>> from rdflib import Literal
    >>> g = Graph(); plan = URIRef("https://w3id.org/vazby/id/plan/x")
    >>> _ = g.add((plan, RDF.type, VZ.Plan))
    >>> actor = URIRef("https://w3id.org/vazby/id/actor/a")
    >>> _ = g.add((actor, RDF.type, VZ.Actor))
    >>> for part in graph_parts(g, per_plan=True):
    ...     print(part.name, len(part.triples), part.replace)
    https://w3id.org/vazby/id/graph/actors 1 False
    https://w3id.org/vazby/id/plan/x/graph 1 True
    >>> [(str(p.name), [len(s.triples) for s in p.slices(1)]) for p in graph_parts(g)]
    [('https://w3id.org/vazby/id/graph/corpus', [1, 1])]
    """
    source = _Source(graph)
    return _parts(source, _layout(source, base, per_plan))


#: Graph name → (whether publishing replaces it, the subjects whose triples it holds, as
#: N-Triples writes them).
_Layout = dict[str, tuple[bool, list[str]]]


def _layout(source: _Source, base: str, per_plan: bool) -> _Layout:
    """Which graph each subject's triples are published in, decided once per subject by the
    rule of :func:`vazby.rdf.writers.subject_graph`; shared subjects by their classes."""
    subjects = source.subjects()
    if not per_plan:
        return {f"{base}graph/corpus": (True, subjects)}
    graph_of = subject_graph(source.graph)
    layout: _Layout = {}
    for cell in subjects:
        name = graph_of(cell[1:-1] if cell.startswith("<") else cell[2:])
        if name is None:
            name = f"{base}graph/{_kind_of(source.types(cell))}"
            replace = False
        else:
            replace = True
        layout.setdefault(name, (replace, []))[1].append(cell)
    return {name: layout[name] for name in sorted(layout)}


def _parts(source: _Source, layout: _Layout) -> Iterator[GraphPart]:
    for name, (replace, subjects) in layout.items():
        yield GraphPart(URIRef(name), replace, subjects, source)


class _Source:
    """The triples of a graph by subject: read from Oxigraph's index, as Oxigraph's terms,
    where the graph is Oxigraph-backed (every graph vazby opens), else through rdflib."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.direct = oxigraph(graph)

    def subjects(self) -> list[str]:
        """Every subject, as N-Triples writes it (``<iri>``, ``_:id``)."""
        (column,) = select_columns(self.graph, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")
        return column

    def triples(self, subjects: Iterable[str], predicate: URIRef | None = None) -> tuple:
        """The triples about ``subjects`` (with ``predicate`` only, when given)."""
        out: list[ox.Triple] = []
        if self.direct is not None:
            store, name = self.direct
            wanted = None if predicate is None else ox.NamedNode(str(predicate))
            for cell in subjects:
                subject = _ox_subject(cell)
                out.extend(q.triple for q in store.quads_for_pattern(subject, wanted, None, name))
            return tuple(out)
        for cell in subjects:
            out.extend(_oxigraph_triples(self.graph.triples((term_value(cell), predicate, None))))
        return tuple(out)

    def types(self, subject: str) -> set[str]:
        """The IRIs of the classes of ``subject``."""
        return {t.object.value for t in self.triples([subject], RDF.type)}


def _ox_subject(cell: str) -> ox.NamedNode | ox.BlankNode:
    return ox.NamedNode(cell[1:-1]) if cell.startswith("<") else ox.BlankNode(cell[2:])


_BLANK = (BNode, ox.BlankNode)


def _chunks(triples: Sequence[Any], size: int) -> list[list[Any]]:
    """``triples`` (rdflib's or Oxigraph's) in lists of ``size``, those touching a blank
    node all in the last one."""
    ground = [t for t in triples if not any(isinstance(x, _BLANK) for x in t)]
    blank = [t for t in triples if any(isinstance(x, _BLANK) for x in t)]
    chunks = [ground[i : i + size] for i in range(0, len(ground), size)]
    if blank:
        chunks.append(blank)
    return chunks or [[]]


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    """N-Triples of ``triples``, written by Oxigraph (one line per triple, every string
    escaped as N-Triples wants it)."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _oxigraph_triples(triples: Iterable[Triple]) -> list[ox.Triple]:
    return [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in triples]


def _ox(term: Node) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and term.datatype != XSD.string:
            # xsd:string written plain: Virtuoso keeps "x"^^xsd:string apart from "x", and a
            # query asking for "x" would miss it
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise VazbyError(f"cannot publish the term {term!r}")


def publish_graph(
    graph: Graph,
    endpoint: Endpoint,
    *,
    graph_store: str | None = None,
    base: str = DEFAULT_BASE,
    per_plan: bool = False,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = GSP_CHUNK,
    slice_size: int = SLICE,
) -> PublishReport:
    """Publish ``graph`` to the store behind ``endpoint``, slice by slice; read each slice
    back and compare.

    ``graph_store`` is the store's Graph Store Protocol address (Virtuoso:
    ``…/sparql-graph-crud-auth``); without it, or where the store answers that address
    with "not supported", SPARQL Update on the endpoint carries the triples.
    ``progress(done, total)`` is called as triples are sent.

    Raises
    ------
    VazbyError
        The store cannot be reached, refuses the credentials or a request.
    """
    started = time.perf_counter()
    source = _Source(graph)
    layout = _layout(source, base, per_plan)
    _retire(endpoint, _superseded(published_graphs(endpoint, base), list(layout), per_plan), base)
    sender = _Sender(endpoint, graph_store, chunk, progress, triple_count(graph))
    reader = _Reader(endpoint)
    checks = []
    for part in _parts(source, layout):
        check = _Check(reader, part)
        begun = False  # the graph's first request replaces it
        for piece in part.slices(slice_size):
            begun |= sender.send(part.name, piece.triples, part.replace and not begun)
            check.add(piece)
        checks.append(check.result())
    _write_catalog(endpoint, [(check.name, check.sent) for check in checks], base)
    return PublishReport(
        method="graph store protocol" if sender.use_gsp else "sparql update",
        triples=sender.sent,
        seconds=time.perf_counter() - started,
        checks=tuple(checks),
    )


class _Sender:
    """Sends slices in chunks by the Graph Store Protocol, or by SPARQL Update from the
    moment the store says it has none; counts the triples sent for ``progress``."""

    def __init__(
        self,
        endpoint: Endpoint,
        graph_store: str | None,
        chunk: int,
        progress: Callable[[int, int], None] | None,
        total: int,
    ) -> None:
        self.endpoint, self.graph_store, self.chunk = endpoint, graph_store, chunk
        self.progress, self.total = progress, total
        self.use_gsp = graph_store is not None
        self.sent = 0

    def send(self, name: URIRef, triples: Sequence[ox.Triple], replace: bool) -> bool:
        """Send ``triples`` into the graph ``name``, the first request replacing the graph
        when ``replace``; whether anything was sent."""
        if not triples:
            return False
        if self.use_gsp and self._by_graph_store(name, triples, replace):
            return True
        for index, batch in enumerate(_chunks(triples, UPDATE_BATCH)):
            _update_batch(self.endpoint, name, batch, replace and index == 0)
            self._count(len(batch))
        return True

    def _by_graph_store(self, name: URIRef, triples: Sequence[ox.Triple], replace: bool) -> bool:
        """Send by the Graph Store Protocol; False where the store has none."""
        assert self.graph_store is not None
        for index, batch in enumerate(_chunks(triples, self.chunk)):
            response = self.endpoint.graph_send(
                self.graph_store, str(name), _ntriples(batch), replace=replace and index == 0
            )
            if response.status_code in NO_GSP:
                if self.sent or index:
                    raise VazbyError(
                        f"{self.graph_store}: the Graph Store Protocol stopped working "
                        f"(status {response.status_code}) after {self.sent} triples"
                    )
                self.use_gsp = False
                return False
            self._count(len(batch))
        return True

    def _count(self, sent: int) -> None:
        self.sent += sent
        if self.progress:
            self.progress(self.sent, self.total)


#: The ending of a store's query endpoint → the ending of its Graph Store Protocol address.
_GRAPH_STORES = (
    ("/sparql-auth", "/sparql-graph-crud-auth"),  # Virtuoso, with authentication
    ("/sparql", "/sparql-graph-crud"),  # Virtuoso (Fuseki's /ds/sparql: see below)
    ("/query", "/store"),  # Oxigraph server
)


def guess_graph_store(endpoint: str) -> str | None:
    """The Graph Store Protocol address of the stores vazby knows, from their query
    endpoint; None when unknown (SPARQL Update is used).

    Examples
    --------
    >>> guess_graph_store("http://127.0.0.1:8890/sparql-auth")
    'http://127.0.0.1:8890/sparql-graph-crud-auth'
    >>> guess_graph_store("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/data'
    >>> guess_graph_store("http://localhost:7878/query")
    'http://localhost:7878/store'
    """
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    segments = path.split("/")
    # Fuseki serves a dataset at /NAME with /NAME/sparql (or /query) and /NAME/data.
    if len(segments) == 3 and segments[1] and segments[2] in ("sparql", "query"):
        return urlunsplit(parts._replace(path=f"/{segments[1]}/data", query=""))
    for ending, store in _GRAPH_STORES:
        if path.endswith(ending):
            return urlunsplit(parts._replace(path=path[: -len(ending)] + store, query=""))
    return None


def _update_batch(endpoint: Endpoint, name: URIRef, batch: list[ox.Triple], replace: bool) -> None:
    body = f"INSERT DATA {{ GRAPH <{name}> {{\n{_ntriples(batch).decode()}}} }}"
    if replace:
        body = f"DROP SILENT GRAPH <{name}> ;\n{body}"
    endpoint.update(body, what=f"write the graph <{name}>")


def _superseded(listed: list[str], names: list[str], per_plan: bool) -> list[str]:
    """The graphs of an earlier publish that this one replaces in another form: one graph
    for everything replaces every graph; graphs per plan replace the one for everything.
    Left in place they would hold the same triples twice, and a store that does not merge
    its default graph's duplicates (Virtuoso) would answer every row twice."""
    if per_plan:
        return [g for g in listed if g.endswith("/graph/corpus") and g not in names]
    (whole,) = names
    return [g for g in listed if g != whole]


def _retire(endpoint: Endpoint, names: list[str], base: str) -> None:
    catalog = catalog_graph(base)
    for name in names:
        endpoint.update(
            f"DROP SILENT GRAPH <{name}> ;\n"
            f"WITH <{catalog}> DELETE {{ ?d ?p <{name}> . <{name}> ?q ?o }} "
            f"WHERE {{ {{ ?d ?p <{name}> }} UNION {{ <{name}> ?q ?o }} }}",
            what=f"drop the graph <{name}> an earlier publish wrote",
        )


def _write_catalog(endpoint: Endpoint, sizes: list[tuple[str, int]], base: str) -> None:
    """List the published graphs, with their sizes (name, triples), in the store's catalog
    graph."""
    catalog, dataset = catalog_graph(base), dataset_iri(base)
    for start in range(0, len(sizes), UPDATE_BATCH // 3):
        some = sizes[start : start + UPDATE_BATCH // 3]
        values = " ".join(f"<{name}>" for name, _ in some)
        lines = "".join(
            f"{dataset.n3()} {VOID.subset.n3()} <{name}> .\n"
            f"<{name}> {RDF.type.n3()} {VOID.Dataset.n3()} .\n"
            f"<{name}> {VOID.triples.n3()} {size} .\n"
            for name, size in some
        )
        endpoint.update(
            f"WITH <{catalog}> DELETE {{ ?g {VOID.triples.n3()} ?n }} "
            f"WHERE {{ VALUES ?g {{ {values} }} ?g {VOID.triples.n3()} ?n }} ;\n"
            f"INSERT DATA {{ GRAPH <{catalog}> {{\n"
            f"{dataset.n3()} {RDF.type.n3()} {VOID.Dataset.n3()} .\n{lines}}} }}",
            what=f"list the published graphs in <{catalog}>",
        )


def verify(
    endpoint: Endpoint, parts: Iterable[GraphPart], *, slice_size: int = SLICE
) -> list[GraphCheck]:
    """Read every graph of ``parts`` back from the store and compare its triples with those
    sent, one slice at a time (see :class:`_Check`)."""
    reader = _Reader(endpoint)
    checks = []
    for part in parts:
        check = _Check(reader, part)
        for piece in part.slices(slice_size):
            check.add(piece)
        checks.append(check.result())
    return checks


class _Check:
    """One graph's check, slice by slice: ground triples compared as N-Triples written one
    way (Oxigraph's), the store's read by the slice's subjects; the triples touching a blank
    node by graph isomorphism, at the end; then the store's count of the graph, which tells
    whether it holds triples about other subjects (found and listed when few). A graph of
    one slice is read back whole at the end, in one request where the store gives it whole
    (a request by subject costs a store more than one by graph)."""

    def __init__(self, reader: _Reader, part: GraphPart) -> None:
        self.reader, self.part = reader, part
        self.sent = 0
        self.seen = 0  # triples of the store's graph compared
        self.missing: set[ox.Triple] = set()
        self.unexpected: set[ox.Triple] = set()
        self.blank: list[ox.Triple] = []
        self.whole: Slice | None = None

    def add(self, piece: Slice) -> None:
        """Compare what the store holds about ``piece`` (once it is sent) with it."""
        self.sent += len(piece.triples)
        if piece.blank:
            self.blank = piece.triples
        elif piece.whole:
            self.whole = piece
        else:
            self._compare(piece, self.reader.about(str(self.part.name), piece.subjects))

    def _compare(self, piece: Slice, held: list[ox.Triple]) -> None:
        ours = {str(t): t for t in piece.triples}
        theirs = {str(t): t for t in held if not _ox_blank(t)}
        self.seen += len(theirs)
        self.missing.update(ours[k] for k in ours.keys() - theirs.keys())
        self.unexpected.update(theirs[k] for k in theirs.keys() - ours.keys())

    def result(self) -> GraphCheck:
        name = str(self.part.name)
        endpoint = self.reader.endpoint
        held = endpoint.triple_count(name)
        blank = None
        if self.whole is not None:
            # read whole only what may be held at once: the slice and at most LISTED more
            got = self.reader.graph(name, held) if held <= self.sent + LISTED else None
            if got is None:
                self._compare(self.whole, self.reader.about(name, self.whole.subjects))
            else:
                self._compare(self.whole, got)
                blank = [t for t in got if _ox_blank(t)]
        if blank is None and (self.blank or held > self.seen):
            blank = endpoint.blank_triples(name)
        if blank is not None:
            self.seen += len(blank)
            if (self.blank or blank) and not _same_blank(self.blank, blank):
                self.missing.update(self.blank)
                self.unexpected.update(blank)
        unread = max(held - self.seen, 0)
        if 0 < unread <= LISTED:
            ours = {cell[1:-1] for cell in self.part.subjects if cell.startswith("<")}
            others = self.reader.others(name, ours)
            self.unexpected.update(others)
            unread = max(unread - len(others), 0)
        return GraphCheck(
            name=name,
            sent=self.sent,
            held=held,
            missing=_rdflib_triples(self.missing),
            unexpected=_rdflib_triples(self.unexpected),
            replace=self.part.replace,
            unread=unread,
        )


class _Reader:
    """Reads a graph back from the store by subject, in CONSTRUCTs kept under the store's
    cap on answers (Virtuoso cuts a CONSTRUCT silently at its ``ResultSetMaxRows``): an
    answer shorter than the store's count of those subjects' triples tells the cap, and
    later batches ask for half of it."""

    def __init__(self, endpoint: Endpoint, budget: int = READ_BATCH) -> None:
        self.endpoint, self.budget = endpoint, budget
        self.cap: int | None = None  # the most triples the store was seen to answer

    def _cut(self, answered: int) -> None:
        self.cap = answered if self.cap is None else min(self.cap, answered)
        self.budget = min(self.budget, max(answered // 2, 1))

    def graph(self, graph: str, held: int) -> list[ox.Triple] | None:
        """Every triple of ``graph`` (``held`` as the store counts them) by one CONSTRUCT;
        None where the store cuts the answer."""
        if self.cap is not None and held > self.cap:
            return None
        got = self.endpoint.graph_triples(graph)
        if len(got) < held:
            self._cut(len(got))
            return None
        return got

    def about(self, graph: str, counts: dict[str, int]) -> list[ox.Triple]:
        """The triples the store holds in ``graph`` about the IRIs of ``counts`` (each with
        the number of triples expected about it)."""
        held: list[ox.Triple] = []
        for batch in _batches(counts, lambda: self.budget):
            held.extend(self._batch(graph, batch, counts))
        return held

    def _batch(self, graph: str, batch: list[str], counts: dict[str, int]) -> list[ox.Triple]:
        got = self.endpoint.subject_triples(graph, batch)
        if len(got) == sum(counts[s] for s in batch):
            return got
        # fewer or more than sent: differences, or an answer cut at the store's cap
        if len(got) >= self.endpoint.triple_count(graph, batch):
            return got
        self._cut(len(got))
        if len(batch) == 1:  # one subject over the cap: its triples by pages of SELECT
            (subject,) = batch
            rows = self.endpoint.select(
                f"SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ <{subject}> ?p ?o }} }}"
            ).rows
            return _oxigraph_triples((URIRef(subject), r["p"], r["o"]) for r in rows)
        some = {s: counts[s] for s in batch}
        halves = list(_batches(some, lambda: self.budget))
        if len(halves) == 1:  # the store holds more about them than was sent
            halves = [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
        return [t for half in halves for t in self._batch(graph, half, counts)]

    def others(self, graph: str, ours: set[str]) -> list[ox.Triple]:
        """The triples the store holds in ``graph`` about IRIs not in ``ours`` that touch no
        blank node: its subjects are read (as many names as ``ours``, plus the others)."""
        rows = self.endpoint.select(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(isIRI(?s)) }} }}"
        ).rows
        strangers = sorted({str(row["s"]) for row in rows} - ours)
        held = self.about(graph, dict.fromkeys(strangers, 1))
        return [t for t in held if not _ox_blank(t)]


def _batches(counts: dict[str, int], budget: Callable[[], int]) -> Iterator[list[str]]:
    """The keys of ``counts`` in lists whose counts add up to at most ``budget()`` (a key
    over the budget alone), the budget asked for each key: one lowered meanwhile applies
    to the next list at once.

    Examples
    --------
    >>> list(_batches({"a": 3, "b": 4, "c": 2, "d": 9}, lambda: 7))
    [['a', 'b'], ['c'], ['d']]
    """
    batch: list[str] = []
    size = 0
    for key, count in counts.items():
        if batch and size + count > budget():
            yield batch
            batch, size = [], 0
        batch.append(key)
        size += count
    if batch:
        yield batch


def _ox_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _rdflib_triples(triples: set[ox.Triple]) -> tuple[Triple, ...]:
    """Differences as rdflib triples, sorted, for the report."""
    graph = Graph()
    graph.parse(data="".join(f"{t} .\n" for t in triples), format="nt")
    return tuple(sorted(graph))


def _same_blank(ours: list[ox.Triple], theirs: list[ox.Triple]) -> bool:
    a, b = Graph(), Graph()
    a.parse(data="".join(f"{t} .\n" for t in ours), format="nt")
    b.parse(data="".join(f"{t} .\n" for t in theirs), format="nt")
    return isomorphic(a, b)
