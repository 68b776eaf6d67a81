"""Publishing one part at a time (vazby.publish), against a store kept in pyoxigraph: the
integration tests publish into a real Virtuoso (tests/integration/test_publish_virtuoso.py)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pyoxigraph as ox
from rdflib import Literal, URIRef

from vazby import publish
from vazby.ontology.namespace import RDF, VZ
from vazby.publish import graph_parts, publish_graph
from vazby.rdf.store import open_store

BASE = "https://w3id.org/vazby/id/"
PLANS = [URIRef(f"{BASE}plan/{slug}") for slug in ("a", "b", "c")]


def _corpus():
    graph = open_store()
    for plan in PLANS:
        graph.add((plan, RDF.type, VZ.Plan))
        for n in range(3):
            measure = URIRef(f"{plan}/measure/{n}")
            graph.add((measure, RDF.type, VZ.Measure))
            graph.add((measure, VZ.inPlan, plan))
            graph.add((measure, VZ.identifier, Literal(str(n))))
    graph.add((URIRef(f"{BASE}actor/x"), RDF.type, VZ.Actor))
    return graph


@dataclass
class _Store:
    """What publish asks of an endpoint, answered by a pyoxigraph store; ``events`` says
    which graph was written and which read back, in order."""

    store: ox.Store
    events: list[tuple[str, str]]
    default_graphs: list[str]

    def select(self, query: str):
        result = self.store.query(query)
        names = result.variables
        return SimpleNamespace(
            rows=[{v.value: URIRef(row[v].value) for v in names} for row in result]
        )

    def update(self, text: str, *, what: str = "") -> None:
        self.store.update(text)

    def graph_send(self, store_url: str, graph: str, body: bytes, *, replace: bool):
        self.events.append(("send", graph))
        name = ox.NamedNode(graph)
        if replace:
            self.store.update(f"DROP SILENT GRAPH <{graph}>")
        self.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        return SimpleNamespace(status_code=201)

    def graph_triples(self, graph: str):
        self.events.append(("check", graph))
        held = [
            q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ]
        return held, len(held)


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


def test_publish_graph_checks_each_part_before_reading_the_next(monkeypatch):
    graph = _corpus()
    endpoint = _Store(ox.Store(), [], [])
    read = publish._Source.triples

    def reading(self, subjects, predicate=None):
        found = read(self, subjects, predicate)
        if predicate is None:
            endpoint.events.append(("read", str(len(found))))
        return found

    monkeypatch.setattr(publish._Source, "triples", reading)
    report = publish_graph(graph, endpoint, graph_store="http://store/", per_plan=True)
    assert report.ok and report.triples == len(graph) == 3 * 10 + 1
    kinds = [kind for kind, _ in endpoint.events]
    assert kinds == ["read", "send", "check"] * 4
    sent = [name for kind, name in endpoint.events if kind == "send"]
    assert sent == [f"{BASE}graph/actors"] + [f"{plan}/graph" for plan in PLANS]
    assert [c.sent for c in report.checks] == [1, 10, 10, 10]
