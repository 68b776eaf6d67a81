"""SHACL validation of a built graph against the shipped shapes.

pyshacl walks the data graph through rdflib's API; on an Oxigraph-backed graph every triple
pattern crosses into the store, which is several times slower than rdflib's in-memory store,
so the graph is first copied into a plain in-memory graph (the seed graph of ~50k triples
copies in a fraction of a second). No inference is run: the builder asserts the classes the
shapes target (a goal is typed both vz:Goal and vz:StrategicGoal), which keeps validation
fast and its result independent of the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..ontology import load_shapes
from .iris import local_name

__all__ = ["ValidationResult", "ValidationReport", "validate", "shapes_graph"]


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL finding: the node, the property path, the message and the severity.

    ``path`` is the property IRI as text, ``^iri`` for an inverse path, or ``""``.
    ``severity`` is the local name of the SHACL severity: ``Violation``, ``Warning``, ``Info``.
    """

    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`validate`: whether the graph conforms, and every finding."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    text: str


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The shipped SHACL shapes, parsed once."""
    return load_shapes(Graph())


def _plain(graph: Graph) -> Graph:
    if type(graph.store).__name__ == "Memory":
        return graph
    plain = Graph()
    plain.addN((s, p, o, plain) for s, p, o in graph.triples((None, None, None)))
    return plain


def _path_text(results: Graph, path: Node | None) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return str(path)


def _message(results: Graph, node: Node) -> str:
    messages = sorted(str(m) for m in results.objects(node, SH.resultMessage))
    if messages:
        return "; ".join(messages)
    constraint = results.value(node, SH.sourceConstraintComponent)
    return local_name(constraint) if constraint is not None else "constraint not met"


def validate(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` against the shipped SHACL shapes.

    Parameters
    ----------
    graph : rdflib.Graph
        A built graph, in any store; an Oxigraph-backed graph is copied into memory first.
    shapes : rdflib.Graph, optional
        Other shapes to use instead of the shipped ones.

    Returns
    -------
    ValidationReport
        ``conforms`` and the results sorted by focus node, path and message.

    Examples
    --------
    >>> from rdflib import Graph, Literal, URIRef
    >>> from vazby.ontology.namespace import VZ, RDF
    >>> g = Graph()
    >>> doc = URIRef("https://example.org/doc")
    >>> _ = g.add((doc, RDF.type, VZ.SourceDocument))
    >>> _ = g.add((doc, VZ.fileName, Literal("plan.txt")))
    >>> report = validate(g)
    >>> report.conforms
    False
    >>> report.results[0].path.endswith("#sha256")
    True
    """
    import pyshacl

    conforms, results, text = pyshacl.validate(
        _plain(graph),
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    found: list[ValidationResult] = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(node, SH.resultSeverity)
        found.append(
            ValidationResult(
                focus=str(results.value(node, SH.focusNode)),
                path=_path_text(results, results.value(node, SH.resultPath)),
                message=_message(results, node),
                severity=local_name(severity) if severity is not None else "Violation",
            )
        )
    found.sort(key=lambda r: (r.focus, r.path, r.message))
    return ValidationReport(conforms=bool(conforms), results=tuple(found), text=str(text))
