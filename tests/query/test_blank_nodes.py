"""Blank nodes where the answers expect IRIs: a graph from elsewhere may name a guarantor by
a blank node, and a query cannot bind one."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from vazby.ontology.namespace import VZ
from vazby.query.queries import actor_pairs, actor_spread
from vazby.rdf.store import open_store


def _graph(store):
    graph = store()
    plan = URIRef("urn:x:plan")
    graph.add((plan, VZ.identifier, Literal("p")))
    spolek, nno = BNode(), BNode()
    graph.add((spolek, RDF.type, VZ.Actor))
    graph.add((spolek, RDFS.label, Literal("Spolek", lang="cs")))
    graph.add((nno, RDF.type, VZ.GenericActor))
    graph.add((nno, RDFS.label, Literal("NNO")))
    for i in range(3):
        measure = URIRef(f"urn:x:measure/{i}")
        graph.add((measure, RDF.type, VZ.Measure))
        graph.add((measure, VZ.identifier, Literal(f"1.{i}")))
        graph.add((measure, VZ.inPlan, plan))
        graph.add((measure, VZ.guarantor, spolek))
        if i:
            graph.add((measure, VZ.guarantor, nno))
    return graph


@pytest.mark.parametrize("store", [open_store, Graph], ids=["oxigraph", "rdflib"])
def test_overlap_names_and_flags_blank_node_guarantors(store):
    graph = _graph(store)
    spread = actor_spread(graph, "measures", minimum=1, include_generic=True)
    expected = [("Spolek", 3, False), ("NNO", 2, True)]
    assert [(r.actor, r.count, r.generic) for r in spread] == expected
    assert [r.actor for r in actor_spread(graph, "measures", minimum=1)] == ["Spolek"]
    pairs = actor_pairs(graph, "measures", include_generic=True)
    assert [(r.actor_a, r.actor_b, r.shared) for r in pairs] == [("NNO", "Spolek", 2)]


def _blank_measure(store):
    graph = store()
    plan = URIRef("urn:x:plan")
    graph.add((plan, RDF.type, VZ.Plan))
    graph.add((plan, VZ.identifier, Literal("p")))
    measure = BNode()
    graph.add((measure, RDF.type, VZ.Measure))
    graph.add((measure, VZ.identifier, Literal("1.1.1")))
    graph.add((measure, VZ.inPlan, plan))
    graph.add((measure, RDFS.label, Literal("Terénní práce", lang="cs")))
    return graph, measure


def test_orphans_describe_a_blank_node_measure_on_oxigraph():
    from vazby.query.queries import orphan_measures

    graph, measure = _blank_measure(open_store)
    rows = orphan_measures(graph)
    assert {(r.plan, r.id, r.title) for r in rows} == {("p", "1.1.1", "Terénní práce")}
    assert {r.reason for r in rows} == {"unlinked", "unowned", "unfunded", "unmeasured"}


@pytest.mark.parametrize("store", [open_store, Graph], ids=["oxigraph", "rdflib"])
def test_named_orphans_of_a_blank_node_measure_are_the_querys_rows(store):
    from vazby.query.named import run_named, run_named_sparql

    graph, measure = _blank_measure(store)
    rows = run_named(graph, "orphans")
    assert {(r["id"], r["reason"]) for r in rows} == {
        ("1.1.1", reason) for reason in ("unlinked", "unowned", "unfunded", "unmeasured")
    }
    assert all(r["measure"] == measure and r["file"] is None for r in rows)
    assert sorted(map(str, rows)) == sorted(map(str, run_named_sparql(graph, "orphans")))


@pytest.mark.parametrize("store", [open_store, Graph], ids=["oxigraph", "rdflib"])
def test_a_question_that_must_name_a_blank_node_says_so(store):
    from vazby.errors import VazbyError
    from vazby.query.queries import dependencies

    graph, _ = _blank_measure(store)
    with pytest.raises(VazbyError, match="cannot ask about the blank node .*skolemize"):
        dependencies(graph, "1.1.1")
