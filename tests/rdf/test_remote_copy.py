"""A copy of the published graphs read under a store's cap (vazby.rdf.remote.copy_graphs),
against a made-up store that cuts every answer as Virtuoso does, without saying so."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Literal, URIRef

from vazby.rdf.endpoint import SelectAnswer
from vazby.rdf.remote import copy_graphs
from vazby.rdf.store import triple_count


class CappedStore:
    """Named graphs of made-up triples; every answer cut at ``cap`` rows."""

    def __init__(self, sizes: dict[str, int], cap: int | None) -> None:
        self.graphs = {
            name: [
                ox.Triple(ox.NamedNode(f"{name}/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(i))
                for i in range(size)
            ]
            for name, size in sizes.items()
        }
        self.cap = cap
        self.default_graphs: list[str] = []
        self.constructs = 0

    def _named(self, query: str) -> list[str]:
        values = re.search(r"VALUES \?g \{([^}]*)\}", query)
        assert values and not self.default_graphs
        return re.findall(r"<([^>]+)>", values.group(1))

    def select(self, query: str) -> SelectAnswer:
        rows = [
            {"g": URIRef(name), "n": Literal(len(self.graphs[name]))}
            for name in self._named(query)
            if self.graphs[name]
        ]
        return SelectAnswer(["g", "n"], rows)

    def constructed(self, query: str) -> list[ox.Triple]:
        self.constructs += 1
        triples = [t for name in self._named(query) for t in self.graphs[name]]
        return triples if self.cap is None else triples[: self.cap]


def _names(store: CappedStore) -> list[str]:
    return sorted(store.graphs)


def test_copy_reads_graphs_in_batches_under_the_cap_it_learns():
    store = CappedStore({f"http://x/g{i}": 200 + 20 * i for i in range(30)}, cap=1_000)
    copy = copy_graphs(store, _names(store))  # type: ignore[arg-type]
    assert copy is not None
    assert triple_count(copy) == sum(len(t) for t in store.graphs.values())
    # one answer cut (the first batch of the default budget), then batches under the cap:
    # more than the 15 the triples need, fewer than one a graph
    assert 16 <= store.constructs < len(store.graphs)


def test_copy_of_a_graph_over_the_cap_is_refused():
    store = CappedStore({"http://x/a": 10, "http://x/b": 1_500}, cap=1_000)
    assert copy_graphs(store, _names(store)) is None  # type: ignore[arg-type]


def test_copy_from_a_store_without_cap_takes_few_requests():
    store = CappedStore({f"http://x/g{i}": 3_000 for i in range(20)}, cap=None)
    copy = copy_graphs(store, _names(store))  # type: ignore[arg-type]
    assert copy is not None and triple_count(copy) == 60_000
    assert store.constructs <= 4  # batches of 10,000, 20,000 and 40,000 triples
