"""The audit: cases that take another way through its whole-predicate reads.

Funding sources named only by blank mentions ("-"), amounts written two ways, self-links,
a plan's audit, and rdflib's own store (no Oxigraph) must give what the rules say.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from rdflib import Graph, Literal  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402
from tinygraph import TinyGraph, lhota_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query.audit import CHECKS  # noqa: E402
from vazby.query.queries import audit  # noqa: E402


def _town() -> tuple[TinyGraph, dict]:
    t = TinyGraph()
    t.document("ap.txt")
    t.plan("obec", "Akční plán")
    area = t.area("obec", "1", "Bydlení", 2)
    t.goal("obec", "1.1", "Cíl", area, "1", 3)
    concepts = {
        "irop": t.concept("funding-source", "irop", "IROP"),
        "city": t.concept("funding-source", "mesto", "Rozpočet města"),
    }
    return t, concepts


def _graph_rows(graph, kind="card-table-mismatch"):
    return [(r.kind, r.message) for r in audit(graph) if r.kind == kind and r.origin == "graph"]


def test_a_card_source_named_only_by_a_blank_does_not_count():
    t, c = _town()
    # the card names the city budget only as "-": the table's city budget is not on it
    sources = [(c["irop"], "IROP"), (c["city"], "-")]
    t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9, sources=sources)
    row = [(c["irop"], "IROP"), (c["city"], "rozpočet města")]
    t.table_row("obec", "financing", "1.1.1", None, 40, row)
    assert _graph_rows(t.graph) == [
        (
            "card-table-mismatch",
            "measure 1.1.1: card funding 'IROP, -', financing table 'IROP, rozpočet města'",
        )
    ]


def test_a_card_source_also_named_in_words_counts():
    t, c = _town()
    sources = [(c["irop"], "IROP"), (c["city"], "-")]
    measure = t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9, sources=sources)
    t.mention(measure, VZ.fundingSource, c["city"], "město", "funding-source", 6)
    row = [(c["irop"], "IROP"), (c["city"], "rozpočet města")]
    t.table_row("obec", "financing", "1.1.1", None, 40, row)
    assert _graph_rows(t.graph) == []


def test_a_table_source_named_only_by_a_blank_does_not_count():
    t, c = _town()
    t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9, sources=[(c["irop"], "IROP")])
    t.table_row("obec", "financing", "1.1.1", None, 40, [(c["irop"], "IROP"), (c["city"], "–")])
    assert _graph_rows(t.graph) == []


def test_an_allocation_row_may_name_fewer_sources_than_the_card():
    t, c = _town()
    sources = [(c["irop"], "IROP"), (c["city"], "rozpočet města")]
    t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9, sources=sources)
    t.table_row("obec", "allocation", "1.1.1", None, 40, [(c["irop"], "IROP")])
    assert _graph_rows(t.graph) == []


def test_an_amount_written_another_way_agrees():
    t, c = _town()
    t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9)
    t.budget("obec", "budget/1.1.1", 5_000_000, "5 mil. Kč", ["1.1.1"], 8)
    row = t.table_row("obec", "financing", "1.1.1", None, 40)
    t.add(row, VZ.amountCZK, Literal("5000000.00", datatype=XSD.decimal))
    assert _graph_rows(t.graph) == []
    t.table_row("obec", "allocation", "1.1.1", 4_000_000, 41)
    assert _graph_rows(t.graph) == [
        (
            "card-table-mismatch",
            "measure 1.1.1: card cost '5 000 000 Kč', allocation table '4 000 000 Kč'",
        )
    ]


def test_a_measure_linked_to_itself_is_a_cycle():
    t, _ = _town()
    t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9)
    t.measure("obec", "1.1.2", "Poradna", "1.1", "1", 10, 15)
    t.link("obec", "1.1.1", "measure", "1.1.1", "viz opatření 1.1.1", 8)
    t.link("obec", "1.1.2", "goal", "1.1", "cíl 1.1", 14, target_kind="goal")
    assert [(r.kind, r.subject, r.message) for r in audit(t.graph) if r.kind == "cycle"] == [
        ("cycle", "1.1.1", "measures rely on each other in a cycle: 1.1.1")
    ]


@pytest.fixture(scope="module")
def lhota():
    return lhota_graph().graph


def _key(rows):
    return [(r.source, r.kind, r.origin, r.plan, r.subject, r.message, r.related) for r in rows]


def test_rdflib_store_gives_the_same_audit(lhota):
    copy = Graph()
    for triple in lhota:
        copy.add(triple)
    assert _key(audit(copy)) == _key(audit(lhota))


@pytest.mark.parametrize("plan", ["lhota", "horni"])
def test_a_plans_audit_is_its_part_of_the_whole(lhota, plan):
    whole = [r for r in audit(lhota) if r.plan == plan]
    assert _key(audit(lhota, plan=plan)) == _key(whole)


def test_each_check_runs_alone(lhota):
    kinds = {r.kind for check in CHECKS.values() for r in check(lhota)}
    assert {"empty-goal", "cycle", "card-table-mismatch", "missing-row"} <= kinds
