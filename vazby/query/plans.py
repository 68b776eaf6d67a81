"""The plans of a graph, and the one check that a plan asked for is among them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rdflib import Graph, Literal, URIRef

from ..errors import UnknownEntity
from ..rdf.store import select_columns, table_read, term_value

__all__ = ["check_plan", "plan_nodes", "plan_reads", "plan_slugs", "unknown_plan"]


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
            raise unknown_plan(plan, slugs)


def unknown_plan(plan: str, slugs: list[str]) -> UnknownEntity:
    """The error for a plan asked for that is not among ``slugs``, naming those there are.

    Examples
    --------
    >>> str(unknown_plan("lhota", ["brno", "zlin"]))
    "no plan 'lhota' in the graph; plans: brno, zlin"
    """
    return UnknownEntity(f"no plan {plan!r} in the graph; plans: {', '.join(slugs) or 'none'}")


def plan_nodes(graph: Graph, plan: str | None) -> list[URIRef]:
    """The nodes of the plan ``plan`` names, to bind in each read; none for the whole graph
    or a plan that is a blank node (which no query can name: its rows are filtered)."""
    if plan is None:
        return []
    nodes = select_columns(
        graph, "SELECT ?p WHERE { ?p a vz:Plan ; vz:identifier ?id }", {"id": [Literal(plan)]}
    )[0]
    if not nodes or not all(cell.startswith("<") for cell in nodes):
        return []
    return [URIRef(cell[1:-1]) for cell in nodes]


def plan_reads(
    graph: Graph,
    queries: Mapping[str, str],
    nodes: list[URIRef],
    start: str,
    *,
    columns: bool = False,
) -> dict[str, Callable[[], list]]:
    """Reads of ``queries``' raw rows (:func:`vazby.rdf.store.table_read`), or with
    ``columns`` their raw cells by column (:func:`vazby.rdf.store.select_columns`), each
    starting from the plan ``nodes`` (:func:`plan_nodes`) bound as ``?in_plan`` in the
    pattern ``start`` (``"?m vz:inPlan ?in_plan ."``): a store on disk then reads that
    plan's part only. With no nodes, each reads the whole graph."""

    def read(query: str) -> Callable[[], list]:
        bindings = None
        if nodes:
            query = query.replace("WHERE {", f"WHERE {{ {start}", 1)
            bindings = {"in_plan": nodes}
        if columns:
            return lambda: select_columns(graph, query, bindings)
        return table_read(graph, query, bindings)

    return {name: read(query) for name, query in queries.items()}
