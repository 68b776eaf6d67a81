"""The measures table: one plan's rows are the whole table's rows of that plan."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import BNode, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.errors import UnknownEntity  # noqa: E402
from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query.measures import measure_rows  # noqa: E402
from vazby.rdf.store import open_store  # noqa: E402


def test_one_plans_rows_are_those_of_the_whole_table():
    graph = lhota_graph().graph
    every = measure_rows(graph)
    plans = sorted({row.plan for row in every})
    assert len(plans) == 2
    for plan in plans:
        assert measure_rows(graph, plan) == [row for row in every if row.plan == plan]
    with pytest.raises(UnknownEntity, match="no plan 'nowhere'"):
        measure_rows(graph, "nowhere")


def test_a_plan_that_is_a_blank_node_is_read_whole_and_filtered():
    graph = lhota_graph().graph
    every = measure_rows(graph)
    copy = open_store()
    plan = URIRef("https://w3id.org/vazby/id/plan/lhota")
    blank = BNode("lhota")
    assert (plan, None, None) in graph
    for s, p, o in graph:
        copy.add((blank if s == plan else s, p, blank if o == plan else o))
    assert measure_rows(copy, "lhota") == [row for row in every if row.plan == "lhota"]


def _row(graph, plan: str, ident: str):
    return next(r for r in measure_rows(graph, plan) if r.id == ident)


def test_guarantors_follow_the_facts_in_the_order_of_their_mentions():
    graph = lhota_graph().graph
    # printed "Městská policie, Agentura …": the mentions' order, not the names'
    assert _row(graph, "lhota", "2.1.1.3").guarantors == (
        "Městská policie",
        "Agentura pro sociální začleňování",
    )
    measure = URIRef("https://w3id.org/vazby/id/plan/lhota/measure/2.1.1.3")
    police = next(a for a in graph.objects(measure, VZ.guarantor) if "polic" in str(a).lower())
    # a guarantor removed by hand leaves the table as it leaves the orphan rules
    graph.remove((measure, VZ.guarantor, police))
    assert _row(graph, "lhota", "2.1.1.3").guarantors == ("Agentura pro sociální začleňování",)
    # one added by hand, with no mention in any document, shows after the mentioned ones
    school = URIRef("https://w3id.org/vazby/id/actor/zs-lhota")
    assert (school, None, None) in graph
    graph.add((measure, VZ.guarantor, school))
    graph.add((measure, VZ.guarantor, police))
    assert _row(graph, "lhota", "2.1.1.3").guarantors == (
        "Městská policie",
        "Agentura pro sociální začleňování",
        "ZŠ Lhota",
    )
