"""An Oxigraph store that knows when it changes, and keeps the answers read since.

vazby's questions read a few whole predicates each and join them in Python; at the scale of
a national corpus (20,000 measures, 2.5 M triples) the store takes most of a second to
evaluate and write those reads, and the same reads come back from question to question (the
measures, their spans, mentions, budget lines). :class:`CountedStore` wraps the pyoxigraph
store a graph holds: every call that can change it (anything but the reads listed in
:data:`READS`) counts as a change and forgets every kept answer, so an answer is never older
than the store. A graph edited through rdflib (``add``, ``remove``, ``update``, ``parse``)
or through the store itself is read afresh at the next question.

The answers are kept as the TSV text the store wrote (immutable, compact), up to
:data:`BUDGET` characters per store, least recently used first out; queries whose answer
changes between runs (``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()``, ``BNODE()``) are
never kept. A question's own rows are kept the same way, beside the reads they were worked
out from (:func:`vazby.rdf.store.kept_rows`).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["BUDGET", "READS", "CountedStore", "counted"]

#: The pyoxigraph ``Store`` methods that leave its content as it is; any other call counts
#: as a change (a method added by a later pyoxigraph is taken for a change, the safe side).
READS = frozenset(
    {
        "query",
        "quads_for_pattern",
        "named_graphs",
        "contains_named_graph",
        "dump",
        "backup",
        "flush",
        "optimize",
    }
)

#: Characters of answers kept per store (about as many bytes: the text is mostly ASCII).
BUDGET = 256 * 1024 * 1024

#: Functions whose value differs between two runs of the same query.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


class CountedStore:
    """A pyoxigraph ``Store`` (``inner``) with a count of its changes (``version``) and the
    answers read since the last change (:meth:`answer`)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.version = 0
        self._answers: OrderedDict[tuple[str, str], tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    # -- the store's own API -------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name in READS or not callable(attr):
            return attr

        def changing(*args: Any, **kwargs: Any) -> Any:
            try:
                return attr(*args, **kwargs)
            finally:  # after the change: an answer read meanwhile is not kept
                self.changed()

        return changing

    # the calls rdflib makes for each triple, without a closure each
    def add(self, quad: Any) -> None:
        try:
            self._inner.add(quad)
        finally:
            self.changed()

    def remove(self, quad: Any) -> None:
        try:
            self._inner.remove(quad)
        finally:
            self.changed()

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._inner)

    def __contains__(self, quad: object) -> bool:
        return quad in self._inner

    def changed(self) -> None:
        """Count a change and forget every kept answer."""
        with self._lock:
            self.version += 1
            self._forget()

    def forget(self) -> None:
        """Forget every kept answer (to time a question as first asked)."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        self._answers.clear()
        self._size = 0

    # -- kept answers ----------------------------------------------------------------------

    def answer(self, text: str, graph_name: str, read: Callable[[], tuple[Any, int]]) -> Any:
        """``read()``'s value for the query ``text`` on ``graph_name``: kept from an earlier
        call while the store has not changed, else read now (and kept when the store did
        not change while it was read). ``read`` returns ``(value, size)``, the characters of
        :data:`BUDGET` the value costs (of an answer kept as TSV text, its length)."""
        key = (text, graph_name)
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                return kept[0]
            version = self.version
        value, size = read()
        if _VOLATILE.search(text) or size > BUDGET // 4:
            return value
        with self._lock:
            if self.version == version and key not in self._answers:
                self._answers[key] = (value, size)
                self._size += size
                while self._size > BUDGET:
                    _, (_, size) = self._answers.popitem(last=False)
                    self._size -= size
        return value


def counted(inner: Any) -> CountedStore:
    """``inner`` wrapped in a :class:`CountedStore` (once)."""
    return inner if isinstance(inner, CountedStore) else CountedStore(inner)
