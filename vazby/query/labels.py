"""What a node is called, chosen the same way in every answer and map.

A node may carry several labels: a vocabulary concept has a Czech and an English
``skos:prefLabel``, a minted one an ``rdfs:label`` too, a graph from elsewhere anything. The
name shown is the best-ranked label (:func:`rank`: Czech first, then untagged, then other
languages; ``skos:prefLabel`` before ``rdfs:label``), the least text among equals.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDFS, SKOS, BNode, Graph
from rdflib.term import Node

from ..rdf.store import bounded_scan, select_table, term_value

__all__ = ["LABELS", "best_label", "cell_language", "labels_of", "rank"]

#: Every label of ``?x``, and whether it is its ``skos:prefLabel`` (``?pref`` bound) or an
#: ``rdfs:label`` (unbound).
LABELS = """
SELECT ?x ?label ?pref WHERE {
  { ?x skos:prefLabel ?label BIND(true AS ?pref) } UNION { ?x rdfs:label ?label }
}
"""

_LANGUAGES = {"cs": 0, None: 1}

#: Every Czech preferred label, read as one scan where many nodes are named at once
#: (:func:`vazby.rdf.store.bounded_scan`): a node that has one is named by it whatever
#: else it has (:func:`rank`).
_CZECH_PREFERRED = (
    'SELECT ?x ?label WHERE {{ ?x skos:prefLabel ?label FILTER(LANG(?label) = "cs") }}'
    " LIMIT {limit}"
)


def rank(language: str | None, preferred: bool) -> int:
    """The rank of a label (lower is better): Czech, untagged, then any other language;
    within each, ``skos:prefLabel`` before ``rdfs:label``.

    Examples
    --------
    >>> sorted([("en", True), (None, False), ("cs", False), ("cs", True)], key=lambda a: rank(*a))
    [('cs', True), ('cs', False), (None, False), ('en', True)]
    """
    return 2 * _LANGUAGES.get(language, 2) + (0 if preferred else 1)


def best_label(
    labels: Iterable[tuple[str, str | None, bool]], *, shortest: bool = False
) -> str | None:
    """The name among ``(text, language, preferred)`` labels: of the best-ranked, the least
    text, or with ``shortest`` the shortest (a town: "Žatec" before "Město Žatec"); None
    when there are none.

    Examples
    --------
    >>> best_label([("Roma", "en", True), ("Romové", "cs", False), ("Romové", None, True)])
    'Romové'
    """
    keys = ((rank(lang, pref), len(text) if shortest else 0, text) for text, lang, pref in labels)
    best = min(keys, default=None)
    return None if best is None else best[2]


def cell_language(cell: str) -> str | None:
    """The language tag of a literal written in N-Triples (``"Romové"@cs`` → ``cs``).

    Examples
    --------
    >>> cell_language('"Romové"@cs'), cell_language('"x"'), cell_language('"1"^^<urn:t>')
    ('cs', None, None)
    """
    end = cell.rfind('"')
    return cell[end + 2 :] if cell[end + 1 : end + 2] == "@" else None


def labels_of(graph: Graph, nodes: Iterable[Node], *, shortest: bool = False) -> dict[str, str]:
    """The name of each node that has a label (:func:`best_label`), by IRI string."""
    wanted = list(dict.fromkeys(nodes))
    found: dict[str, list[tuple[str, str | None, bool]]] = {}
    iris = [node for node in wanted if not isinstance(node, BNode)]
    scanned = bounded_scan(graph, _CZECH_PREFERRED, len(iris))
    if scanned is not None:
        asked = {str(node) for node in iris}
        for x, label in scanned:
            name = str(term_value(x))
            if name in asked:
                found.setdefault(name, []).append((term_value(label), "cs", True))
        iris = [node for node in iris if str(node) not in found]
    if iris:
        _, rows = select_table(graph, LABELS, {"x": iris}, raw=True)
        for x, label, pref in rows:
            found.setdefault(term_value(x), []).append(
                (term_value(label), cell_language(label), bool(pref))
            )
    for node in wanted:  # a blank node cannot be bound in a query: asked one by one
        if isinstance(node, BNode):
            for predicate, preferred in ((SKOS.prefLabel, True), (RDFS.label, False)):
                for label in graph.objects(node, predicate):
                    language = getattr(label, "language", None)
                    found.setdefault(str(node), []).append((str(label), language, preferred))
    return {
        str(x): best_label(labels, shortest=shortest)  # type: ignore[misc]
        for x, labels in found.items()
    }
