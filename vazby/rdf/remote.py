"""A graph that lives in a SPARQL store: rdflib's ``Graph`` API over :class:`Endpoint`.

Every question reads a graph through :mod:`vazby.rdf.store` (``run_query``, ``select``,
``select_table`` …) and, where it must, through rdflib's ``objects``/``in``; on a
:class:`RemoteStore` each of these becomes a SPARQL query sent to the store, whose default
graph is the union of the graphs ``vazby publish`` listed in the store's catalog graph.
So a question asked with ``--endpoint`` is the same code, answered by the store.

A question about the whole corpus joins most of it; a store joins slowly over a default
graph of many named graphs (Virtuoso over 42 plans' graphs: five times slower than over the
union of all its graphs), and cuts a large answer that then has to be paged. Such a question asks
:func:`vazby.rdf.store.whole_corpus` for a copy instead: the published graphs read into an
in-memory Oxigraph store, a few graphs per CONSTRUCT, each request under the store's cap
(learnt from the first answer it cuts), and the question is answered there by the same
code as on a file. Where one graph alone is larger than the cap (everything published in
one graph to a store that caps answers), there is no bounded way to copy it, and the
store answers as before.

A question about one plan (``--plan``) leaves out the other plans' graphs (:func:`plan_scope`)
when the plan was published in a graph of its own: a store then joins that plan's triples and
the shared ones rather than the whole corpus. A map or analysis graph of one plan, which reads
every node, copies those graphs only (``whole_corpus(graph, plan)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

from rdflib import Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import VOID
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import Node

from ..errors import VazbyError
from ..ontology.namespace import DEFAULT_BASE, VZ
from .endpoint import Endpoint, query_form
from .store import bind_prefixes, open_store
from .writers import owner_graph

__all__ = [
    "catalog_graph",
    "dataset_iri",
    "published_graphs",
    "graph_sizes",
    "copy_graphs",
    "plan_scope",
    "RemoteStore",
    "open_endpoint",
]


def catalog_graph(base: str = DEFAULT_BASE) -> URIRef:
    """The named graph where ``vazby publish`` lists the graphs it wrote.

    Examples
    --------
    >>> str(catalog_graph("https://example.org/id/"))
    'https://example.org/id/graph/catalog'
    """
    return URIRef(f"{base}graph/catalog")


def dataset_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The ``void:Dataset`` whose ``void:subset`` are the published graphs."""
    return URIRef(f"{base}dataset")


def published_graphs(endpoint: Endpoint, base: str = DEFAULT_BASE) -> list[str]:
    """The graphs the store's catalog lists, sorted (none when nothing was published)."""
    query = (
        f"SELECT DISTINCT ?g WHERE {{ GRAPH <{catalog_graph(base)}> "
        f"{{ <{dataset_iri(base)}> <{VOID.subset}> ?g }} }}"
    )
    with _named_only(endpoint):
        return sorted(str(row["g"]) for row in endpoint.select(query).rows)


@contextmanager
def _named_only(endpoint: Endpoint) -> Iterator[Endpoint]:
    """``endpoint`` without default graphs, for a query that names its graphs: a request
    that names default graphs and no named ones leaves a query no GRAPH to read."""
    kept, endpoint.default_graphs = endpoint.default_graphs, []
    try:
        yield endpoint
    finally:
        endpoint.default_graphs = kept


def graph_sizes(endpoint: Endpoint, names: list[str]) -> dict[str, int]:
    """The number of triples the store holds in each graph of ``names`` (0 for none)."""
    values = " ".join(f"<{name}>" for name in names)
    query = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
        "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    with _named_only(endpoint):
        rows = endpoint.select(query).rows
    sizes = dict.fromkeys(names, 0)
    sizes.update({str(row["g"]): int(str(row["n"])) for row in rows})
    return sizes


#: Triples asked for in the first CONSTRUCT of a copy (Virtuoso's default cap); the batches
#: grow twofold while the store gives them whole.
FIRST_BATCH = 10_000


def copy_graphs(endpoint: Endpoint, names: list[str]) -> Graph | None:
    """The triples of the graphs ``names`` in an in-memory Oxigraph graph, read a few graphs
    per CONSTRUCT; None when one graph alone is more than the store gives in one answer.

    A batch the store cuts tells its cap (the number of triples it gave); the batches are
    then kept under it. While none is cut they grow, so a store without a cap is read in a
    few requests.
    """
    with _named_only(endpoint):
        return _copy(endpoint, names)


def _copy(endpoint: Endpoint, names: list[str]) -> Graph | None:
    sizes = graph_sizes(endpoint, names)
    copy = open_store(None)
    inner = copy.store._inner  # type: ignore[attr-defined]
    pending = [name for name in names if sizes[name]]
    budget = FIRST_BATCH
    while pending:
        batch = _batch(pending, sizes, budget)
        size = sum(sizes[name] for name in batch)
        quads = _graph_quads(endpoint, batch)
        del pending[: len(batch)]
        if len(quads) < size:
            if len(batch) == 1:
                return None  # one graph over the cap
            pending[:0] = batch
            break
        inner.extend(quads)
        budget *= 2
    # the cap is known: the rest in batches under it, two requests at a time (the store
    # writes one answer while this side reads the other)
    batches = []
    while pending:
        batches.append(_batch(pending, sizes, len(quads)))
        del pending[: len(batches[-1])]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for batch, quads in zip(
            batches, pool.map(partial(_graph_quads, endpoint), batches), strict=True
        ):
            if len(quads) < sum(sizes[name] for name in batch):
                return None  # one graph over the cap, or a cap below the one shown
            inner.extend(quads)
    return copy


def _batch(pending: list[str], sizes: dict[str, int], budget: int) -> list[str]:
    """The first graphs of ``pending`` that hold at most ``budget`` triples together (the
    first one alone if it holds more).

    Examples
    --------
    >>> _batch(["a", "b", "c"], {"a": 3, "b": 4, "c": 2}, 7)
    ['a', 'b']
    >>> _batch(["a", "b"], {"a": 9, "b": 1}, 7)
    ['a']
    """
    batch, size = [pending[0]], sizes[pending[0]]
    for name in pending[1:]:
        if size + sizes[name] > budget:
            break
        batch.append(name)
        size += sizes[name]
    return batch


def _graph_quads(endpoint: Endpoint, names: list[str]) -> list:
    """The triples of the graphs ``names`` (one CONSTRUCT, sent without default graphs), as
    Oxigraph quads of the default graph."""
    import pyoxigraph as ox

    values = " ".join(f"<{name}>" for name in names)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    triples = endpoint.constructed(query)
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


def plan_scope(endpoint: Endpoint, names: list[str], plan: str) -> list[str]:
    """The graphs of ``names`` a question about the plan whose identifier is ``plan`` reads:
    all but the other plans' own graphs (:func:`~vazby.rdf.writers.owner_graph`), so the
    plan's graph, the graphs plans share and those of plan-less documents (a programme's
    mentions may be held by the plan's measures); all of ``names`` when the plan has no
    graph among them (a corpus published in one graph, or no such plan: the question then
    says which plans there are).
    """
    query = f"SELECT DISTINCT ?p ?id WHERE {{ ?p a <{VZ.Plan}> ; <{VZ.identifier}> ?id }}"
    kept, endpoint.default_graphs = endpoint.default_graphs, list(names)
    try:
        rows = endpoint.select(query).rows
    finally:
        endpoint.default_graphs = kept
    plans_of: dict[str, set[str]] = {}  # a plan's own graph → the plans named so
    for row in rows:
        if isinstance(row["p"], URIRef):
            plans_of.setdefault(owner_graph(str(row["p"])), set()).add(str(row["id"]))
    if not any(plan in plans_of.get(name, set()) for name in names):
        return list(names)
    return [name for name in names if plan in plans_of.get(name, {plan})]


def _n3(term: Node | None, name: str) -> str:
    return f"?{name}" if term is None else term.n3()


class RemoteStore(Store):
    """A read-only rdflib store answering by SPARQL over HTTP (see the module docstring)."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__()
        self.endpoint = endpoint
        self._prefixes: dict[str, URIRef] = {}
        self._namespaces: dict[URIRef, str] = {}
        self._copies: dict[str | None, Graph | None] = {}

    def local_copy(self, plan: str | None = None) -> Graph | None:
        """The published graphs copied into memory (:func:`copy_graphs`), read once; for a
        question about the plan ``plan``, only those :func:`plan_scope` keeps. None when
        they cannot be read under the store's cap. A copy of them all, once read, serves
        every plan."""
        if self._copies.get(None) is not None:
            return self._copies[None]
        if plan is None and None in self._copies.values():
            return None  # a plan's graphs could not be copied, nor then can all of them
        if plan not in self._copies:
            names = list(self.endpoint.default_graphs)
            if plan is not None:
                names = plan_scope(self.endpoint, names, plan)
            self._copies[plan] = copy_graphs(self.endpoint, names)
        return self._copies[plan]

    # -- reading ----------------------------------------------------------------------

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any):  # noqa: N803 - rdflib's names
        if initBindings:
            raise VazbyError("a remote graph takes variables as VALUES, not initBindings")
        text = str(query)
        form = query_form(text)
        result = Result(form)
        if form == "SELECT":
            answer = self.endpoint.select(text)
            names = [Variable(n) for n in answer.variables]
            result.vars = names
            result.bindings = [
                {Variable(k): v for k, v in row.items()}  # type: ignore[misc]
                for row in answer.rows
            ]
        elif form == "ASK":
            result.askAnswer = self.endpoint.ask(text)
        else:
            graph = Graph()
            graph.parse(data=self.endpoint.construct(text).decode("utf-8"), format="nt")
            result.graph = graph
        return result

    def triples(self, triple_pattern, context=None) -> Iterator:
        s, p, o = triple_pattern
        if s is not None and p is not None and o is not None:
            if self.endpoint.ask(f"ASK {{ {s.n3()} {p.n3()} {o.n3()} }}"):
                yield (s, p, o), iter(())
            return
        names = [n for n, t in (("s", s), ("p", p), ("o", o)) if t is None]
        query = (
            f"SELECT {' '.join('?' + n for n in names)} WHERE "
            f"{{ {_n3(s, 's')} {_n3(p, 'p')} {_n3(o, 'o')} }}"
        )
        for row in self.endpoint.select(query).rows:
            yield (row.get("s", s), row.get("p", p), row.get("o", o)), iter(())

    def __len__(self, context=None) -> int:
        names = self.endpoint.default_graphs
        if not names:
            return self.endpoint.count("SELECT * WHERE { ?s ?p ?o }")
        # the store counts every graph at once from its indexes, where it counts the union
        # of the graphs named as default graphs row by row (Virtuoso, 2,002 graphs of
        # 12.5 M triples: 0.4 s against over 120 s)
        with _named_only(self.endpoint):
            rows = self.endpoint.select(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            ).rows
        sizes = {str(row["g"]): int(str(row["n"])) for row in rows}
        return sum(sizes.get(name, 0) for name in names)

    def contexts(self, triple=None):  # type: ignore[override]
        return iter(())

    # -- a read-only store --------------------------------------------------------------

    def add(self, triple, context, quoted=False) -> None:
        raise VazbyError("a graph in a SPARQL store is read-only here: use `vazby publish`")

    def addN(self, quads) -> None:  # noqa: N802 - rdflib's name
        raise VazbyError("a graph in a SPARQL store is read-only here: use `vazby publish`")

    def remove(self, triple, context=None) -> None:
        raise VazbyError("a graph in a SPARQL store is read-only here: use `vazby publish`")

    # -- prefixes, kept here (the store's own are not read) ------------------------------

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        namespace = URIRef(namespace)
        if not override and (prefix in self._prefixes or namespace in self._namespaces):
            return
        old = self._prefixes.pop(prefix, None)
        if old is not None:
            self._namespaces.pop(old, None)
        self._namespaces.pop(namespace, None)
        self._prefixes[prefix] = namespace
        self._namespaces[namespace] = prefix

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._namespaces.get(URIRef(namespace))

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._prefixes.items()


def open_endpoint(
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    base: str = DEFAULT_BASE,
    graphs: list[str] | None = None,
    plan: str | None = None,
) -> Graph:
    """The graph published to the store at ``url``: the union of the graphs its catalog
    lists (or of ``graphs``), read-only, asked by SPARQL; for a question about the plan
    whose identifier is ``plan``, of those :func:`plan_scope` keeps.

    Raises
    ------
    VazbyError
        The store cannot be reached, refuses the credentials, or holds no published graph.
    """
    endpoint = Endpoint(url, user=user, password=password)
    names = list(graphs) if graphs else published_graphs(endpoint, base)
    if not names:
        raise VazbyError(
            f"{url}: no graph of vazby there (the catalog graph <{catalog_graph(base)}> lists "
            "none): publish one with `vazby publish GRAPH --endpoint URL`"
        )
    endpoint.default_graphs = plan_scope(endpoint, names, plan) if plan is not None else names
    return bind_prefixes(Graph(store=RemoteStore(endpoint), identifier=DATASET_DEFAULT_GRAPH_ID))
