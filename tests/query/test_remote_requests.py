"""How many requests ``query deps`` and ``query path`` send to a SPARQL store: each costs a
store with many published graphs some 0.3 s before any work (every request names them all
as its default graph), so the count is what the answer costs there. The store here is
Oxigraph in this process behind :class:`~vazby.rdf.endpoint.Endpoint`, so the rows are
compared with the embedded store's as well."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.errors import UnknownEntity  # noqa: E402
from vazby.query.queries import AmbiguousEntity, dependencies, paths  # noqa: E402
from vazby.rdf.endpoint import Endpoint, json_term  # noqa: E402
from vazby.rdf.remote import RemoteStore  # noqa: E402
from vazby.rdf.store import bind_prefixes  # noqa: E402


class CountingEndpoint(Endpoint):
    """An endpoint answered by an Oxigraph store in this process; ``sent`` lists every
    query it was asked (a SELECT, an ASK or a CONSTRUCT: one request each)."""

    def __init__(self, graph: Graph) -> None:
        super().__init__("http://store.test/sparql")
        self.store = ox.Store()
        self.store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
        self.sent: list[str] = []

    def _select_once(self, query):
        self.sent.append(query)
        answer = json.loads(self.store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
        rows = [
            {name: json_term(cell) for name, cell in row.items()}
            for row in answer["results"]["bindings"]
        ]
        return answer["head"]["vars"], rows, False

    def ask(self, query):
        self.sent.append(query)
        return bool(self.store.query(query))

    def construct(self, query):
        self.sent.append(query)
        return self.store.query(query).serialize(format=ox.RdfFormat.N_TRIPLES)


@pytest.fixture(scope="module")
def lhota():
    return lhota_graph().graph


@pytest.fixture()
def remote(lhota):
    endpoint = CountingEndpoint(lhota)
    graph = Graph(store=RemoteStore(endpoint), identifier=DATASET_DEFAULT_GRAPH_ID)
    return bind_prefixes(graph), endpoint


@pytest.mark.parametrize(
    ("direction", "requests"),
    [
        # up from 2.1.1.1 (rows 5 steps deep): 1 request finds the measure and reads its
        # first level; 1 a level reads levels 2 to 5 and 1 level 6, which reaches nothing
        # new; 1 describes the nodes reached and reads the sources of the edges
        ("up", 7),
        # down (2 steps deep): 1 finds it and reads level 1, 2 read levels 2 and 3, 1 describes
        ("down", 4),
        # both: one request reads the next level of both searches, one describes for both
        ("both", 7),
    ],
)
def test_deps_requests(lhota, remote, direction, requests):
    graph, endpoint = remote
    rows = dependencies(graph, "2.1.1.1", direction=direction, plan="lhota")
    assert rows == dependencies(lhota, "2.1.1.1", direction=direction, plan="lhota")
    deepest = max(r.depth for r in rows)
    assert len(endpoint.sent) == requests == deepest + 2


def test_deps_with_depth_reads_no_level_past_it(lhota, remote):
    graph, endpoint = remote
    rows = dependencies(graph, "2.1.1.1", direction="both", depth=1, plan="lhota")
    assert rows == dependencies(lhota, "2.1.1.1", direction="both", depth=1, plan="lhota")
    # 1 finds the measure and reads the first level both ways, 1 describes
    assert len(endpoint.sent) == 2


def test_path_requests(lhota, remote):
    graph, endpoint = remote
    hops = paths(graph, "1.1.1.2", "2.1.1.1", plan="lhota")
    assert hops == paths(lhota, "1.1.1.2", "2.1.1.1", plan="lhota")
    # 1 finds both ends and reads the first level around 1.1.1.2 (both ways), 1 request a
    # level after it up to the one that reaches 2.1.1.1, 1 describes the hops' nodes and
    # reads their sources
    assert max(h.step for h in hops) == 4
    assert len(endpoint.sent) == 5


def test_path_to_itself_reads_nothing_more(lhota, remote):
    graph, endpoint = remote
    assert paths(graph, "1.1.1.2", "1.1.1.2", plan="lhota") == []
    assert len(endpoint.sent) == 1  # finds both ends (and reads a first level)


def test_unknown_and_ambiguous_identifiers_say_so_as_on_a_file(lhota, remote):
    graph, _ = remote
    for store in (graph, lhota):
        with pytest.raises(AmbiguousEntity, match="--plan"):
            dependencies(store, "1.1.1.1")
        with pytest.raises(UnknownEntity, match="9.9"):
            paths(store, "1.1.1.2", "9.9", plan="lhota")
