"""The RDF writers: Turtle, N-Triples, JSON-LD with a context, TriG with a graph per plan,
and every other format of :data:`~vazby.rdf.store.FORMATS` by Oxigraph (:data:`RDF_WRITERS`,
the writers of the RDF entries of :mod:`vazby.exports.registry`).

Turtle and N-Triples are written by Oxigraph (fast, streaming). JSON-LD is rdflib's
serializer with an ``@context`` that maps the vazby prefixes (``vz``, ``skos``, ``prov`` ...),
so keys read ``vz:guarantor`` rather than full IRIs.

TriG partitions the triples into named graphs so that a triple store can load, replace or
drop one plan at a time:

* ``<{plan IRI}/graph>`` holds every triple whose subject belongs to that plan: the plan
  itself, resources with ``vz:inPlan`` the plan, resources whose IRI lies under the plan's
  IRI (mentions, links), the plan's source document, its source spans and whatever is
  derived (``prov:wasDerivedFrom``) from a span of that document;
* ``<{document IRI}/graph>`` does the same for a document that holds no plan (minutes,
  reports);
* the default graph holds what plans share: actors, concepts, vocabularies, municipalities.

The union of all graphs is exactly the source graph.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from ..atomic import atomic
from ..errors import VazbyError
from ..ontology.namespace import PREFIXES
from .store import FORMATS, bind_prefixes, format_for, select_table

__all__ = [
    "RDF_WRITERS",
    "answer_bytes",
    "jsonld_context",
    "write_jsonld",
    "write_trig",
    "partition_by_plan",
    "owner_graph",
    "subject_graph",
    "write_rdf",
    "save_graph",
]


def jsonld_context() -> dict[str, str]:
    """The JSON-LD ``@context``: every vazby prefix mapped to its namespace.

    Examples
    --------
    >>> jsonld_context()["vz"]
    'https://w3id.org/vazby/ontology#'
    """
    return dict(PREFIXES)


@atomic
def write_jsonld(graph: Graph, path: str | Path) -> None:
    """Write ``graph`` as compacted JSON-LD (UTF-8) with the vazby ``@context``."""
    text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=1)
    Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _owner_maps(graph: Graph) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(subject → plan IRI, document IRI → plan IRI, span IRI → document IRI)."""
    in_plan: dict[str, str] = {}
    for (plan,) in _rows(graph, "SELECT ?p WHERE { ?p a vz:Plan }"):
        in_plan[plan] = plan
    for subject, plan in _rows(graph, "SELECT ?s ?p WHERE { ?s vz:inPlan ?p }"):
        in_plan.setdefault(subject, plan)
    doc_plan: dict[str, str] = {}
    for plan, doc in _rows(graph, "SELECT ?p ?d WHERE { ?p a vz:Plan ; dcterms:source ?d }"):
        doc_plan.setdefault(doc, plan)
    span_doc: dict[str, str] = {}
    for span, doc in _rows(graph, "SELECT ?s ?d WHERE { ?s a vz:SourceSpan ; vz:document ?d }"):
        span_doc[span] = doc
    return in_plan, doc_plan, span_doc


def _rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    """The rows of ``query`` with every cell as ``str`` (an IRI, a blank node's id)."""
    return [tuple(map(str, row)) for row in select_table(graph, query)[1]]


def owner_graph(owner: str) -> str:
    """The named graph of a plan's or a plan-less document's triples (its IRI given).

    Examples
    --------
    >>> owner_graph("https://w3id.org/vazby/id/plan/x")
    'https://w3id.org/vazby/id/plan/x/graph'
    """
    return f"{owner}/graph"


def subject_graph(graph: Graph) -> Callable[[str], str | None]:
    """The rule of the module docstring: a subject of ``graph`` (an IRI, or a blank node's
    id) → the named graph that holds its triples, None for the default graph.

    The facts the rule reads are gathered once; the function asks no more of the graph.

    Examples
    --------
    >>> from vazby.ontology.namespace import VZ, RDF
    >>> g = Graph(); p = URIRef("https://w3id.org/vazby/id/plan/x")
    >>> _ = g.add((p, RDF.type, VZ.Plan))
    >>> graph_of = subject_graph(g)
    >>> graph_of(p + "/measure/1"), graph_of("https://w3id.org/vazby/id/actor/a")
    ('https://w3id.org/vazby/id/plan/x/graph', None)
    """
    in_plan, doc_plan, span_doc = _owner_maps(graph)
    derived: dict[str, str] = {}
    for subject, span in _rows(graph, "SELECT ?s ?span WHERE { ?s prov:wasDerivedFrom ?span }"):
        doc = span_doc.get(span)
        if doc is not None:
            derived.setdefault(subject, doc)
    documents = sorted(set(span_doc.values()) | set(doc_plan), key=len, reverse=True)
    plans = sorted(set(in_plan.values()), key=len, reverse=True)

    def owner(subject: str) -> str | None:
        if subject in in_plan:
            return in_plan[subject]
        doc = span_doc.get(subject) or (subject if subject in doc_plan else None)
        doc = doc or derived.get(subject)
        if doc is None:
            doc = next((d for d in documents if subject.startswith(d + "/")), None)
        if doc is not None:
            return doc_plan.get(doc, doc)
        return next((p for p in plans if subject.startswith(p + "/")), None)

    def graph_of(subject: str) -> str | None:
        found = owner(subject)
        return owner_graph(found) if found else None

    return graph_of


def partition_by_plan(graph: Graph) -> dict[URIRef | None, list]:
    """Group the triples of ``graph`` by named graph (None: the default graph), by the rule
    of :func:`subject_graph`. Returns graph name → list of triples.
    """
    graph_of = subject_graph(graph)
    cache: dict[str, URIRef | None] = {}
    parts: dict[URIRef | None, list] = {}
    for triple in graph:
        subject = str(triple[0])
        if subject not in cache:
            name = graph_of(subject)
            cache[subject] = URIRef(name) if name else None
        parts.setdefault(cache[subject], []).append(triple)
    return parts


@atomic
def write_trig(graph: Graph, path: str | Path) -> None:
    """Write TriG with one named graph per plan (and per plan-less document).

    Examples
    --------
    >>> import tempfile, os
    >>> from rdflib import Literal
    >>> from vazby.ontology.namespace import VZ, RDF
    >>> g = Graph(); p = URIRef("https://w3id.org/vazby/id/plan/x")
    >>> _ = g.add((p, RDF.type, VZ.Plan))
    >>> _ = g.add((URIRef("https://e/a"), VZ.generic, Literal(True)))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_trig(g, os.path.join(d, "g.trig"))
    ...     text = open(os.path.join(d, "g.trig"), encoding="utf-8").read()
    >>> "<https://w3id.org/vazby/id/plan/x/graph> {" in text
    True
    """
    dataset = bind_prefixes(Dataset(store="Oxigraph"))
    for name, triples in partition_by_plan(graph).items():
        target = dataset.default_graph if name is None else dataset.graph(name)
        dataset.addN((s, p, o, target) for s, p, o in triples)
    dataset.serialize(destination=str(path), format="ox-trig")


def _oxigraph_writer(name: str) -> Callable[[Graph, str | Path], None]:
    @atomic
    def write(graph: Graph, path: str | Path) -> None:
        graph.serialize(destination=str(path), format=FORMATS[name].parser)

    write.__doc__ = f"Write ``graph`` as {name} with Oxigraph's serializer."
    return write


#: The formats written otherwise than by their serializer alone.
_OWN_WRITERS: dict[str, Callable[[Graph, str | Path], None]] = {
    "jsonld": write_jsonld,
    "trig": write_trig,
}

#: Format name → writer(graph, path), for every format of :data:`~vazby.rdf.store.FORMATS`.
RDF_WRITERS: dict[str, Callable[[Graph, str | Path], None]] = {
    name: _OWN_WRITERS.get(name) or _oxigraph_writer(name) for name in FORMATS
}


#: Formats of named graphs: rdflib writes them from a dataset only.
_QUAD_FORMATS = ("nq", "trig")


def answer_bytes(graph: Graph, fmt: str) -> bytes:
    """A small graph (an endpoint's CONSTRUCT or DESCRIBE answer) in the RDF format
    ``fmt``, UTF-8, with the vazby prefixes (JSON-LD: as its ``@context``); in a format of
    named graphs, as the default graph."""
    target: Graph = graph
    if fmt in _QUAD_FORMATS:
        target = Dataset()
        target.default_graph.addN((s, p, o, target.default_graph) for s, p, o in graph)
    bind_prefixes(target)
    options: dict[str, Any] = {}
    if fmt == "jsonld":
        options = {"context": jsonld_context(), "auto_compact": True}
    body = target.serialize(format=FORMATS[fmt].answer, encoding="utf-8", **options)
    return body if isinstance(body, bytes) else body.encode("utf-8")


def write_rdf(graph: Graph, path: str | Path, fmt: str) -> None:
    """Write ``graph`` to ``path`` in the RDF format ``fmt`` (see :data:`RDF_WRITERS`).

    Raises
    ------
    VazbyError
        ``fmt`` is not an RDF export format.
    """
    try:
        writer = RDF_WRITERS[fmt]
    except KeyError:
        raise VazbyError(
            f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_WRITERS)}"
        ) from None
    writer(graph, path)


def save_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> str:
    """Serialize ``graph`` to ``path`` in ``fmt`` or the format its ending names, by its
    writer in :data:`RDF_WRITERS`; return the format name used.

    Raises
    ------
    VazbyError
        The file cannot be written.
    """
    name = format_for(path, fmt)
    try:
        RDF_WRITERS[name](graph, path)
    except OSError as exc:
        raise VazbyError(f"{path}: cannot write the graph file: {exc.strerror}") from None
    return name
