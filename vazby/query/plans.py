"""The plans of a graph, and the one check that a plan asked for is among them."""

from __future__ import annotations

from rdflib import Graph

from ..errors import UnknownEntity
from ..rdf.store import select_columns, term_value

__all__ = ["check_plan", "plan_slugs"]


def plan_slugs(graph: Graph) -> list[str]:
    """The identifiers of every plan in the graph, sorted."""
    column = select_columns(graph, "SELECT ?id WHERE { ?p a vz:Plan ; vz:identifier ?id }")[0]
    return sorted({str(term_value(cell)) for cell in column})


def check_plan(graph: Graph, plan: str | None) -> None:
    """Raise :class:`UnknownEntity` when ``plan`` is given and is not a plan of the graph.

    Examples
    --------
    >>> from vazby.rdf.store import open_store
    >>> check_plan(open_store(), None)
    >>> check_plan(open_store(), "lhota")
    Traceback (most recent call last):
    ...
    vazby.errors.UnknownEntity: no plan 'lhota' in the graph; plans: none
    """
    if plan is not None:
        slugs = plan_slugs(graph)
        if plan not in slugs:
            raise UnknownEntity(
                f"no plan {plan!r} in the graph; plans: {', '.join(slugs) or 'none'}"
            )
