"""Publishing one graph at a time, in slices of subjects (vazby.publish), against a store kept
in pyoxigraph in this process that answers the requests an Endpoint sends: the integration
tests publish into a real Virtuoso (tests/integration/test_publish_virtuoso.py)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef

from vazby import publish
from vazby.cli import main
from vazby.ontology.namespace import RDF, VZ
from vazby.publish import GraphCheck, PublishReport, graph_parts, publish_graph, verify
from vazby.rdf.endpoint import Endpoint, json_term
from vazby.rdf.store import open_store

BASE = "https://w3id.org/vazby/id/"
PLANS = [URIRef(f"{BASE}plan/{slug}") for slug in ("a", "b", "c")]
CORPUS = f"{BASE}graph/corpus"
STORE = "http://store.test/graph-store"


def _corpus(measures: int = 3):
    graph = open_store()
    for plan in PLANS:
        graph.add((plan, RDF.type, VZ.Plan))
        for n in range(measures):
            measure = URIRef(f"{plan}/measure/{n}")
            graph.add((measure, RDF.type, VZ.Measure))
            graph.add((measure, VZ.inPlan, plan))
            graph.add((measure, VZ.identifier, Literal(str(n))))
    graph.add((URIRef(f"{BASE}actor/x"), RDF.type, VZ.Actor))
    return graph


def _with_blank_nodes(graph):
    """Two measures funded through blank nodes, one blank node pointing at another."""
    for n, amount in ((0, 100), (1, 200)):
        funding, source = BNode(), BNode()
        measure = URIRef(f"{PLANS[0]}/measure/{n}")
        graph.add((measure, VZ.fundedBy, funding))
        graph.add((funding, VZ.amountCZK, Literal(amount)))
        graph.add((funding, VZ.fundingSource, source))
        graph.add((source, VZ.identifier, Literal(f"source {n}")))
    return graph


class OxEndpoint(Endpoint):
    """An :class:`Endpoint` whose requests are answered by a pyoxigraph store in this
    process: the SPARQL that publishing writes runs there. ``cap`` cuts every CONSTRUCT and
    SELECT answer silently, as Virtuoso's ``ResultSetMaxRows`` does; ``lose`` are
    N-Triples lines the store drops when they are sent; ``no_gsp`` answers the Graph Store
    Protocol with 404. ``events`` lists the requests: ("send", graph, triples),
    ("read", triples), ("count", query), ("select", query), ("update", graph)."""

    def __init__(self, cap: int | None = None, lose: tuple[str, ...] = (), no_gsp=False):
        super().__init__("http://store.test/sparql")
        self.store = ox.Store()
        self.cap, self.lose, self.no_gsp = cap, set(lose), no_gsp
        self.events: list[tuple] = []

    def _cut(self, items: list) -> list:
        return items if self.cap is None else items[: self.cap]

    def _select_once(self, query):
        self.events.append(("count" if "COUNT(*)" in query else "select", query))
        answer = json.loads(self.store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
        rows = [
            {name: json_term(cell) for name, cell in row.items()}
            for row in answer["results"]["bindings"]
        ]
        # a cut SELECT is marked, as Virtuoso marks it (X-SPARQL-MaxRows); a CONSTRUCT not
        return answer["head"]["vars"], self._cut(rows), len(self._cut(rows)) < len(rows)

    def construct(self, query):
        lines = self.store.query(query).serialize(format=ox.RdfFormat.N_TRIPLES).splitlines()
        lines = self._cut(lines)
        self.events.append(("read", len(lines)))
        return b"".join(line + b"\n" for line in lines)

    def update(self, text, *, what=""):
        named = re.search(r"GRAPH <([^>]*)>", text)
        self.events.append(("update", named and named.group(1)))
        self.store.update(text)
        self._lose()

    def graph_send(self, store_url, graph, body, *, replace):
        if self.no_gsp:
            return SimpleNamespace(status_code=404)
        self.events.append(("send", graph, body.count(b"\n")))
        if replace:
            self.store.update(f"DROP SILENT GRAPH <{graph}>")
        self.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        self._lose()
        return SimpleNamespace(status_code=201)

    def _lose(self) -> None:
        for quad in list(self.store):
            if str(quad.triple) + " ." in self.lose:
                self.store.remove(quad)

    def held(self, graph: str) -> set[str]:
        return {
            str(q.triple)
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        }

    def kinds(self) -> list[str]:
        return [event[0] for event in self.events]


def _ground(graph) -> set[str]:
    """The graph's triples as the store writes them (Oxigraph's N-Triples)."""
    return {str(t) for part in graph_parts(graph) for t in part.triples}


def test_graph_parts_reads_a_part_when_it_is_asked_for():
    graph = _corpus()
    parts = graph_parts(graph, per_plan=True)
    first = next(parts)
    assert str(first.name) == f"{BASE}graph/actors"
    # a triple added after the first part was taken is in a later part: no part was read
    # before it was asked for
    late = (URIRef(f"{PLANS[2]}/measure/0"), VZ.identifier, Literal("late"))
    graph.add(late)
    rest = {str(part.name): part.triples for part in parts}
    assert (
        ox.Triple(*(ox.NamedNode(str(t)) for t in late[:2]), ox.Literal("late"))
        in rest[f"{PLANS[2]}/graph"]
    )


def test_publish_graph_per_plan_sends_and_checks_each_graph_before_the_next():
    graph = _corpus()
    endpoint = OxEndpoint()
    report = publish_graph(graph, endpoint, graph_store=STORE, per_plan=True)
    assert report.ok and report.triples == len(graph) == 3 * 10 + 1
    graphs = [(kind, *rest) for kind, *rest in endpoint.events if kind in ("send", "read")]
    sent = [event[1] for event in graphs if event[0] == "send"]
    assert sent == [f"{BASE}graph/actors"] + [f"{plan}/graph" for plan in PLANS]
    assert [event[0] for event in graphs] == ["send", "read"] * 4  # each graph read whole
    assert [c.sent for c in report.checks] == [c.held for c in report.checks] == [1, 10, 10, 10]


def test_publish_graph_larger_than_a_slice_goes_in_several_slices_checked_equal():
    graph = _corpus(measures=10)
    endpoint = OxEndpoint()
    report = publish_graph(graph, endpoint, graph_store=STORE, slice_size=20)
    sends = [event for event in endpoint.events if event[0] == "send"]
    assert len(sends) >= len(graph) // 21 >= 4 and all(n <= 20 + 3 for _, _, n in sends)
    assert report.ok and report.checks == (
        GraphCheck(CORPUS, len(graph), len(graph), (), (), replace=True),
    )
    assert endpoint.held(CORPUS) == _ground(graph)
    # each slice is sent, then read back, before the next one is sent
    kinds = [kind for kind in endpoint.kinds() if kind in ("send", "read")]
    assert kinds == ["send", "read"] * len(sends)
    # publishing again replaces the graph (the first slice's request) and duplicates nothing
    again = publish_graph(graph, endpoint, graph_store=STORE, slice_size=20)
    assert again.ok and endpoint.held(CORPUS) == _ground(graph)


def test_publish_graph_holds_one_slice_of_triples_at_a_time(monkeypatch):
    """The triples read from the graph run at most one slice ahead of those checked."""
    graph = _corpus(measures=10)
    read = [0]
    ahead: list[int] = []
    triples, add = publish._Source.triples, publish._Check.add

    def counted(self, subjects, predicate=None):
        found = triples(self, subjects, predicate)
        read[0] += len(found)
        return found

    def checked(self, piece):
        ahead.append(read[0] - self.sent)
        add(self, piece)

    monkeypatch.setattr(publish._Source, "triples", counted)
    monkeypatch.setattr(publish._Check, "add", checked)
    report = publish_graph(graph, OxEndpoint(), graph_store=STORE, slice_size=20)
    assert report.ok and len(ahead) >= 4
    assert max(ahead) <= 20 + 3  # a slice, and the last subject's triples that ended it
    assert read[0] == len(graph)


def test_slices_are_read_when_asked_for():
    graph = _corpus(measures=10)
    (part,) = graph_parts(graph)
    slices = part.slices(5)
    first = next(slices)
    assert 5 <= len(first.triples) < 5 + 3
    later = next(s for s in part.subjects if s[1:-1] not in first.subjects)
    graph.add((URIRef(later[1:-1]), VZ.identifier, Literal("late")))
    rest = [t for piece in slices for t in piece.triples]
    assert ox.Literal("late") in {t.object for t in rest}


def test_verify_reports_a_triple_the_store_dropped_from_the_second_slice():
    graph = _corpus(measures=10)
    (part,) = graph_parts(graph)
    pieces = list(part.slices(20))
    lost = pieces[1].triples[3]
    endpoint = OxEndpoint(lose=(f"{lost} .",))
    report = publish_graph(graph, endpoint, graph_store=STORE, slice_size=20)
    (check,) = report.checks
    assert not report.ok and check.held == check.sent - 1 == len(graph) - 1
    assert [" ".join(t.n3() for t in triple) for triple in check.missing] == [str(lost)]
    assert check.unexpected == () and check.unread == 0


def test_verify_reports_a_triple_a_replaced_graph_holds_that_was_not_sent(monkeypatch):
    graph = _corpus(measures=10)
    endpoint = OxEndpoint()
    assert publish_graph(graph, endpoint, graph_store=STORE, slice_size=20).ok
    about_ours = (URIRef(f"{PLANS[0]}/measure/1"), VZ.identifier, Literal("extra"))
    stranger = (URIRef(f"{BASE}plan/stranger"), RDF.type, VZ.Plan)
    for s, p, o in (about_ours, stranger):
        endpoint.store.update(
            f"INSERT DATA {{ GRAPH <{CORPUS}> {{ {s.n3()} {p.n3()} {o.n3()} }} }}"
        )
    # read by the subjects of each slice, then the stranger's found by the store's count;
    # a graph of one slice is read whole
    for size in (20, publish.SLICE):
        (check,) = verify(endpoint, graph_parts(graph), slice_size=size)
        assert not check.ok and check.held == check.sent + 2
        assert check.missing == () and check.unread == 0
        assert check.unexpected == tuple(sorted([about_ours, stranger]))
    # more than vazby lists: counted, not read
    monkeypatch.setattr(publish, "LISTED", 0)
    for size in (20, publish.SLICE):
        (check,) = verify(endpoint, graph_parts(graph), slice_size=size)
        assert not check.ok and check.unexpected == (about_ours,) and check.unread == 1


def test_a_shared_graph_may_hold_more_than_was_sent():
    graph = _corpus()
    endpoint = OxEndpoint()
    actors = f"{BASE}graph/actors"
    endpoint.store.update(
        f"INSERT DATA {{ GRAPH <{actors}> {{ <{BASE}actor/y> a <{VZ.Actor}> }} }}"
    )
    report = publish_graph(graph, endpoint, graph_store=STORE, per_plan=True)
    check = next(c for c in report.checks if c.name == actors)
    assert report.ok and not check.replace and len(check.unexpected) == 1


@pytest.mark.parametrize("size", [10, publish.SLICE])  # read by subject, or whole
def test_blank_node_triples_travel_in_one_request_at_the_end_and_are_compared_whole(size):
    graph = _with_blank_nodes(_corpus(measures=10))
    blank = [t for t in graph if any(isinstance(x, BNode) for x in t)]
    endpoint = OxEndpoint()
    report = publish_graph(graph, endpoint, graph_store=STORE, slice_size=size, chunk=4)
    assert report.ok, report.checks
    sends = [n for kind, _, n, *_ in (e for e in endpoint.events if e[0] == "send")]
    assert sends[-1] == len(blank) == 8 and all(n <= 4 for n in sends[:-1])
    (check,) = report.checks
    assert check.sent == check.held == len(graph)
    # a store that changes a blank node's triple: the blank-node triples differ
    endpoint.store.update(
        f"DELETE {{ GRAPH <{CORPUS}> {{ ?b <{VZ.amountCZK}> 100 }} }} "
        f"INSERT {{ GRAPH <{CORPUS}> {{ ?b <{VZ.amountCZK}> 101 }} }} "
        f"WHERE {{ GRAPH <{CORPUS}> {{ ?b <{VZ.amountCZK}> 100 }} }}"
    )
    (check,) = verify(endpoint, graph_parts(graph), slice_size=size)
    assert not check.ok and len(check.missing) == len(check.unexpected) == len(blank)


def test_a_store_that_cuts_answers_is_read_under_its_cap():
    """Virtuoso cuts a CONSTRUCT at its cap without saying so: a cut answer tells the cap,
    later reads stay under it, and a subject with more triples than the cap is paged."""
    graph = _corpus(measures=10)
    big = URIRef(f"{BASE}actor/big")
    for n in range(12):
        graph.add((big, VZ.identifier, Literal(f"name {n}")))
    endpoint = OxEndpoint(cap=8)
    report = publish_graph(graph, endpoint, graph_store=STORE, slice_size=30)
    assert report.ok and report.checks[0].held == len(graph), report.checks
    # two answers cut and counted (the first batch, then the big subject alone, which is
    # paged by SELECT); every later batch asks for at most half the cap
    counted = [e for e in endpoint.events if e[0] == "count" and "VALUES" in e[1]]
    reads = [e[1] for e in endpoint.events if e[0] == "read"]
    assert len(counted) == 2 and reads[:2] == [8, 8] and all(n <= 4 for n in reads[2:])
    # a graph of one slice, read whole where the store gives it whole, else by subject
    for cap in (None, 8):
        endpoint = OxEndpoint(cap=cap)
        report = publish_graph(graph, endpoint, graph_store=STORE)
        assert report.ok and report.checks[0].held == len(graph), report.checks
        reads = [e[1] for e in endpoint.events if e[0] == "read"]
        assert reads == [len(graph)] if cap is None else reads[0] == 8 and len(reads) > 20


def test_publish_by_sparql_update_where_the_store_has_no_graph_store():
    graph = _with_blank_nodes(_corpus(measures=10))
    endpoint = OxEndpoint(no_gsp=True)
    report = publish_graph(graph, endpoint, graph_store=STORE, slice_size=20)
    assert report.method == "sparql update" and report.ok
    held = endpoint.held(CORPUS)
    assert len(held) == len(graph) and {t for t in _ground(graph) if "_:" not in t} < held
    assert not [e for e in endpoint.events if e[0] == "send"]


def test_publish_cli_lists_what_is_missing_and_not_sent(monkeypatch, tmp_path):
    s, p = URIRef(f"{BASE}plan/a"), RDF.type
    check = GraphCheck(
        CORPUS, 10, 12, ((s, p, VZ.Plan),), ((s, p, VZ.Measure),), replace=True, unread=2
    )
    report = PublishReport("graph store protocol", 10, 1.0, (check,))
    monkeypatch.setattr(publish, "publish_graph", lambda *a, **k: report)
    path = tmp_path / "g.nt"
    path.write_text(f"{s.n3()} {p.n3()} {VZ.Plan.n3()} .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(path), "--endpoint", "http://x.test/sparql"])
    assert result.exit_code == 1
    assert f"{CORPUS}: sent 10, the store holds 12: 1 missing, 3 not sent" in result.stdout
    assert f"missing: {s.n3()} {p.n3()} {VZ.Plan.n3()}" in result.stdout
    assert f"not sent: {s.n3()} {p.n3()} {VZ.Measure.n3()}" in result.stdout
    assert "not sent: 2 more triples, not read" in result.stdout
