"""A query's final ``ORDER BY``, applied to its rows here rather than by the store.

Virtuoso cannot sort a row that holds a long string ("SR319: Max row length is exceeded
when trying to store a string of 3984 chars into a temp col"): a named query that lists
every mention of an actor in one cell is refused as soon as it is sorted. So the rows of a
query sent to a store are asked for unsorted and put in order by Oxigraph, from the same
``ORDER BY`` text over a ``VALUES`` block of the rows: the order is SPARQL's, as the
embedded store gives it. A clause that needs more than the projected variables (an
aggregate, a variable not selected) is left to the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode
from rdflib.term import Node

from ..guard import tokens

__all__ = ["split_order", "order_rows"]

#: Words after which a query's tail is more than an order: leave such a query whole.
_AFTER_ORDER = {"LIMIT", "OFFSET", "VALUES"}
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
#: The variable that carries each row's position through the sort.
_ROW = "vazby_row__"


def split_order(query: str) -> tuple[str, str] | None:
    """``(query, order)``: the query without its final ``ORDER BY`` and that clause; None
    when it has none at its top level, or has ``LIMIT``, ``OFFSET`` or ``VALUES`` after it.

    Examples
    --------
    >>> split_order("SELECT ?a { { SELECT ?a {} ORDER BY ?a } } ORDER BY DESC(?a) # x")
    ('SELECT ?a { { SELECT ?a {} ORDER BY ?a } } ', 'ORDER BY DESC(?a) # x')
    >>> split_order("SELECT ?a {} ORDER BY ?a LIMIT 3") is None
    True
    """
    depth = 0
    start = None
    for kind, text, position in tokens(query):
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "name":
            word = text.upper()
            if word == "ORDER":
                start = position
            elif start is not None and word in _AFTER_ORDER:
                return None
    if start is None:
        return None
    return query[:start], query[start:]


def order_rows(
    prologue: str, order: str, names: Sequence[str], rows: list[dict[str, Node]]
) -> list[dict[str, Node]] | None:
    """``rows`` sorted by the ``ORDER BY`` clause ``order`` (prefixes declared in
    ``prologue``); None when the clause uses an aggregate or a variable not in ``names``,
    or sorts by a blank node (which a ``VALUES`` block cannot hold).

    Examples
    --------
    >>> from rdflib import Literal
    >>> rows = [{"n": Literal(2)}, {"n": Literal(10)}, {}]
    >>> order_rows("", "ORDER BY DESC(?n)", ["n"], rows)
    [{'n': rdflib.term.Literal('10', ...)}, {'n': rdflib.term.Literal('2', ...)}, {}]
    """
    import pyoxigraph as ox

    used: list[str] = []
    for kind, text, _ in tokens(order):
        if kind == "name" and text.upper() in _AGGREGATES:
            return None
        if kind == "var" and text[1:] not in used:
            used.append(text[1:])
    if any(name not in names for name in used):
        return None
    lines = []
    for index, row in enumerate(rows):
        cells = []
        for name in used:
            value = row.get(name)
            if isinstance(value, BNode):
                return None
            cells.append("UNDEF" if value is None else value.n3())
        lines.append(f"({index} {' '.join(cells)})")
    header = " ".join(f"?{name}" for name in (_ROW, *used))
    block = "\n".join(lines)
    query = f"{prologue}SELECT ?{_ROW} WHERE {{ VALUES ({header}) {{\n{block}\n}} }}\n{order}"
    solutions = ox.Store().query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return [rows[int(solution[_ROW].value)] for solution in solutions]  # type: ignore[union-attr]
