"""The measures table: one plan's rows are the whole table's rows of that plan."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import BNode, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.errors import UnknownEntity  # noqa: E402
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
