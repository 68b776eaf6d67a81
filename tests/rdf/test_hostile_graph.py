"""A graph built elsewhere may put a literal where vazby puts a node, an amount that is no
number or a line that is no line: every question still answers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import PROV, RDF, XSD, Graph, Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query import queries as q  # noqa: E402
from vazby.rdf.store import open_store  # noqa: E402


def _hostile(store):
    graph = store()
    for triple in lhota_graph().graph:
        graph.add(triple)
    first, second, third = sorted(set(graph.subjects(RDF.type, VZ.Measure)))[:3]
    graph.add((first, VZ.guarantor, Literal("a guarantor written as text")))
    graph.add((first, VZ.guarantor, Literal(42)))
    graph.add((second, VZ.targets, Literal("a target group written as text")))
    graph.add((third, VZ.inPlan, Literal("not-a-plan")))
    for line in set(graph.subjects(RDF.type, VZ.BudgetLine)):
        graph.add((line, VZ.amountCZK, Literal("abc", datatype=XSD.decimal)))
    for span in set(graph.objects(second, PROV.wasDerivedFrom)):
        graph.add((span, VZ.firstLine, Literal("abc")))
    return graph, first


@pytest.mark.parametrize("store", [open_store, Graph], ids=["oxigraph", "rdflib"])
def test_every_question_answers_a_graph_with_literals_out_of_place(store):
    graph, first = _hostile(store)
    assert q.orphan_measures(graph) is not None
    assert q.audit(graph) is not None
    assert q.dependencies(graph, first) is not None
    assert q.kind_spread(graph, minimum=1) is not None
    for by in ("measures", "goals", "areas", "plans", "target-groups"):
        spread = q.actor_spread(graph, by, minimum=1, include_generic=True)
        assert "a guarantor written as text" not in {row.actor for row in spread}
        assert q.actor_pairs(graph, by, include_generic=True) is not None


def test_validate_reports_what_the_questions_pass_over():
    from vazby.rdf.validate import validate

    graph, first = _hostile(open_store)
    report = validate(graph)
    paths = {(r.path, r.severity) for r in report.results}
    assert not report.conforms
    for predicate in (VZ.guarantor, VZ.targets, VZ.amountCZK, VZ.firstLine):
        assert (str(predicate), "Violation") in paths, predicate
    assert any(r.focus == str(first) and r.path == str(VZ.guarantor) for r in report.results)


def test_orphans_read_a_line_that_is_no_number_as_no_line():
    from tinygraph import seeds_graph

    from vazby.rdf.store import select

    graph = open_store()
    for triple in seeds_graph():
        graph.add(triple)
    row = q.orphan_measures(graph)[0]  # an orphan: break its line
    node = select(
        graph,
        "SELECT ?m WHERE { ?m a vz:Measure ; vz:identifier ?id ; vz:inPlan/vz:identifier ?p }",
        {"id": [Literal(row.id)], "p": [Literal(row.plan)]},
    )[0]["m"]
    for span in set(graph.objects(node, PROV.wasDerivedFrom)):
        graph.remove((span, VZ.firstLine, None))
        graph.add((span, VZ.firstLine, Literal("abc")))
    again = {(r.plan, r.id): r for r in q.orphan_measures(graph)}[(row.plan, row.id)]
    assert again.source == ""


@pytest.mark.parametrize("store", [open_store, Graph], ids=["oxigraph", "rdflib"])
def test_an_amount_that_is_not_a_number_is_read_as_none(store):
    graph, _ = _hostile(store)
    line = sorted(set(graph.subjects(RDF.type, VZ.BudgetLine)))[0]
    graph.remove((line, VZ.amountCZK, None))
    graph.add((line, VZ.amountCZK, Literal("NaN", datatype=XSD.double)))
    # Decimal("NaN") > 0 raises: the rules and the audit must read it as no amount
    assert q.orphan_measures(graph) is not None
    assert q.audit(graph) is not None
