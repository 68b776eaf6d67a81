"""Two columns of a whole-predicate read (subjects and objects, say), indexed in C.

The audit and the orphan rules join whole predicates (``vz:hasPart``, ``vz:fundedBy``,
``vz:aboutMeasure`` …) in Python. Most keys of such a read have one value (a measure one
parent goal, a table row one measure): a ``dict`` built from the two columns indexes them
without a Python step per row, and only the keys that repeat are grouped in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from itertools import compress

__all__ = ["Pairs", "ancestors", "grouped"]


def grouped(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``{first cell: [second cells]}`` of two-column rows.

    Examples
    --------
    >>> grouped([("a", "1"), ("b", "2"), ("a", "3")])
    {'a': ['1', '3'], 'b': ['2']}
    """
    out: dict[str, list[str]] = {}
    for key, value in rows:
        values = out.get(key)
        if values is None:
            out[key] = [value]
        else:
            values.append(value)
    return out


class Pairs:
    """Rows of (key, value) as two columns, with indexes built when first asked for.

    Examples
    --------
    >>> p = Pairs(["g1", "g1", "g2"], ["m1", "m2", "m3"])
    >>> p.get("g1"), p.get("g9"), p.last["g1"], p.back["m3"], p.single()
    (['m1', 'm2'], [], 'm2', 'g2', True)
    """

    def __init__(self, keys: list[str], values: list[str]) -> None:
        if len(keys) != len(values):
            raise ValueError(f"{len(keys)} keys but {len(values)} values")
        self.keys, self.values = keys, values

    @classmethod
    def of(cls, columns: list[list[str]]) -> Pairs:
        """The pairs of a read's first two columns."""
        return cls(columns[0], columns[1])

    @classmethod
    def of_rows(cls, rows: list[tuple[str, str]]) -> Pairs:
        """The pairs of (key, value) rows."""
        return cls([k for k, _ in rows], [v for _, v in rows])

    @cached_property
    def last(self) -> dict[str, str]:
        """The last value of each key."""
        return dict(zip(self.keys, self.values, strict=True))

    @cached_property
    def back(self) -> dict[str, str]:
        """The last key of each value."""
        return dict(zip(self.values, self.keys, strict=True))

    @cached_property
    def repeated(self) -> dict[str, list[str]]:
        """``{key: [values]}`` of the keys with more than one value."""
        if len(self.last) == len(self.keys):
            return {}
        again = {k for k, n in Counter(self.keys).items() if n > 1}
        return self.among(again)

    @cached_property
    def turned(self) -> Pairs:
        """The pairs the other way round."""
        return Pairs(self.values, self.keys)

    def get(self, key: str) -> list[str]:
        """Every value of ``key``, in a new list."""
        more = self.repeated.get(key)
        if more is not None:
            return list(more)
        one = self.last.get(key)
        return [] if one is None else [one]

    def among(self, keys: set[str]) -> dict[str, list[str]]:
        """``{key: [values]}`` of the rows whose key is in ``keys``."""
        rows = zip(self.keys, self.values, strict=True)
        return grouped(compress(rows, map(keys.__contains__, self.keys)))

    def single(self) -> bool:
        """Whether each value has one key (``back`` then says which)."""
        return len(self.back) == len(self.values)


def ancestors(has_part: Pairs, nodes: Iterable[str]) -> set[str]:
    """Everything that has one of ``nodes`` as a part, transitively, of (whole, part) pairs;
    a cycle of parts ends. A node is in the answer only if it is a part of one of them.

    Examples
    --------
    >>> sorted(ancestors(Pairs(["area", "goal", "goal"], ["goal", "m1", "m2"]), ["m1"]))
    ['area', 'goal']
    """
    if has_part.single():  # a part of one whole each: climb a level at a time
        parent = has_part.back
        seen: set[str] = set()
        level = {parent[node] for node in nodes if node in parent}
        while level:
            seen |= level
            level = {parent[node] for node in level if node in parent} - seen
        return seen
    wholes = has_part.turned
    seen = set()
    todo = [whole for node in nodes for whole in wholes.get(node)]
    while todo:
        up = todo.pop()
        if up not in seen:
            seen.add(up)
            todo.extend(wholes.get(up))
    return seen
