"""The shipped ontology, SHACL shapes and SKOS vocabularies, and loaders for them.

The Turtle files live inside the package (``vazby.ttl``, ``shapes.ttl``, ``vocab/*.ttl``) and
are found with :mod:`importlib.resources`, so they work from a wheel as well as from a
checkout.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

from rdflib import Graph

__all__ = [
    "ontology_path",
    "shapes_path",
    "vocab_paths",
    "load_ontology",
    "load_shapes",
    "load_vocabularies",
    "VOCABULARIES",
]

#: The concept schemes shipped in ``vocab/``, by file stem.
VOCABULARIES = (
    "actor-types",
    "actors",
    "funding-sources",
    "measure-kinds",
    "statuses",
    "target-groups",
)


def _here() -> Traversable:
    return resources.files(__name__)


def ontology_path() -> Traversable:
    """The ontology file ``vazby.ttl``.

    Examples
    --------
    >>> ontology_path().name
    'vazby.ttl'
    """
    return _here() / "vazby.ttl"


def shapes_path() -> Traversable:
    """The SHACL shapes file ``shapes.ttl``.

    Examples
    --------
    >>> shapes_path().name
    'shapes.ttl'
    """
    return _here() / "shapes.ttl"


def vocab_paths() -> tuple[Traversable, ...]:
    """The vocabulary files ``vocab/*.ttl``, in :data:`VOCABULARIES` order.

    Examples
    --------
    >>> [p.name for p in vocab_paths()][:2]
    ['actor-types.ttl', 'actors.ttl']
    """
    folder = _here() / "vocab"
    return tuple(folder / f"{name}.ttl" for name in VOCABULARIES)


def _parse_into(graph: Graph, path: Traversable) -> Graph:
    graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


def load_ontology(graph: Graph | None = None) -> Graph:
    """Add the ontology's triples to ``graph`` (a new in-memory graph when None).

    Parameters
    ----------
    graph : rdflib.Graph, optional
        The graph to add to.

    Returns
    -------
    rdflib.Graph
        The same graph.

    Examples
    --------
    >>> from vazby.ontology.namespace import VZ, OWL, RDF
    >>> (VZ.Measure, RDF.type, OWL.Class) in load_ontology()
    True
    """
    return _parse_into(Graph() if graph is None else graph, ontology_path())


def load_shapes(graph: Graph | None = None) -> Graph:
    """Add the SHACL shapes to ``graph`` (a new in-memory graph when None)."""
    return _parse_into(Graph() if graph is None else graph, shapes_path())


def load_vocabularies(graph: Graph | None = None) -> Graph:
    """Add every shipped concept scheme and curated actor to ``graph``.

    Curated actors keep their IRIs under the default base; a
    :class:`vazby.rdf.resolve.Resolver` with another base gives them under its own base
    (:meth:`~vazby.rdf.resolve.Resolver.vocabulary_graph`).

    Examples
    --------
    >>> from vazby.ontology.namespace import SKOS, RDF, VOCAB
    >>> (VOCAB["status"], RDF.type, SKOS.ConceptScheme) in load_vocabularies()
    True
    """
    graph = Graph() if graph is None else graph
    for path in vocab_paths():
        _parse_into(graph, path)
    return graph
