"""Records become triples: IRIs, shared budget lines, links, provenance, round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef

from vazby.loaders.records import (
    Amount,
    Area,
    BudgetLine,
    Diagnostic,
    Document,
    Goal,
    Link,
    LoadResult,
    Measure,
    Mention,
    Plan,
    Schedule,
)
from vazby.ontology.namespace import PROV, RDF, VZ
from vazby.query.measures import measure_rows
from vazby.rdf.build import GraphBuilder, new_graph
from vazby.rdf.store import load_graph
from vazby.rdf.writers import save_graph

BASE = "https://example.org/id/"
DOC = Document("plan.txt", "plan.txt", "ab" * 32, "utf-8", tuple(f"line {n}" for n in range(1, 41)))


def span(first, last=None):
    return DOC.span(first, last)


def small_result() -> LoadResult:
    """A made-up plan: one area, a strategic and a specific goal, three measures sharing a line."""
    plan = "lhota"
    records = [
        Plan(plan, "Plán Horní Lhota", "Horní Lhota", "action-plan", span(1)),
        Area(plan, "1", "1", "Bydlení", span(2)),
        Goal(
            plan,
            "1.1",
            "1.1",
            "strategic",
            "Podporovat domácnosti",
            "1",
            "1",
            span(3),
            "Strategický cíl",
        ),
        Goal(
            plan,
            "1.1.1",
            "1.1.1",
            "specific",
            "Zabydlet 20 domácností",
            "1.1",
            "1",
            span(4),
            "Specifický cíl",
        ),
        Measure(
            plan,
            "1.1.1.1",
            "1.1.1.1",
            "Sociální byty",
            "1.1.1",
            "1",
            span(5, 12),
            guarantors=(Mention("NNO", span(7)),),
            target_groups=(Mention("Rodiny s dětmi", span(6)),),
            indicators=("Počet bytů",),
            schedule=Schedule("01/2023–12/2025", "2023-01", "2025-12"),
            cost=Amount("3 mil. Kč", Decimal(3000000)),
            funding_sources=(Mention("OPZ+", span(10)),),
            budget_line="budget/1.1.1.1",
            links=(Link("goal", "1.1", "Strategický cíl 1.1", span(11), "StrategicGoal"),),
        ),
        Measure(
            plan,
            "1.1.1.2",
            "1.1.1.2",
            "Kontaktní místo",
            "1.1.1",
            "1",
            span(13, 18),
            cost=Amount("Viz opatření 1.1.1.1", reference="1.1.1.1"),
            budget_line="budget/1.1.1.1",
            links=(
                Link("cost", "1.1.1.1", "Viz opatření 1.1.1.1", span(16), "Measure"),
                Link("goal", "9.9", "Strategický cíl 9.9", span(17), "StrategicGoal"),
            ),
        ),
        Measure(
            plan,
            "1.1.1.3",
            "1.1.1.3",
            "Platforma",
            "1.1.1",
            "1",
            span(19, 24),
            budget_line="budget/1.1.1.1",
            links=(Link("need", None, "nízká dostupnost bydlení", span(23), "Need"),),
        ),
        BudgetLine(
            plan,
            "budget/1.1.1.1",
            Amount("3 mil. Kč", Decimal(3000000)),
            ("1.1.1.1", "1.1.1.2", "1.1.1.3"),
            span(9),
            (Mention("OPZ+", span(10)),),
        ),
    ]
    diagnostics = (Diagnostic("plan.txt", 17, "dangling-link", "no strategic goal 9.9"),)
    return LoadResult(DOC, "action-plan", tuple(records), diagnostics)


@pytest.fixture(scope="module")
def built() -> Graph:
    graph = new_graph()
    builder = GraphBuilder(graph, base=BASE)
    builder.add_results([small_result()])
    return graph


def measure(ident: str) -> URIRef:
    return URIRef(f"{BASE}plan/lhota/measure/{ident}")


def test_build_measure_iri_is_readable_and_typed(built):
    assert (measure("1.1.1.1"), RDF.type, VZ.Measure) in built
    assert str(built.value(measure("1.1.1.1"), VZ.identifier)) == "1.1.1.1"


def test_build_shared_budget_line_is_one_node_funding_three_measures(built):
    lines = set(built.subjects(RDF.type, VZ.BudgetLine))
    assert len(lines) == 1
    line = lines.pop()
    assert {m for m in built.subjects(VZ.fundedBy, line)} == {
        measure("1.1.1.1"),
        measure("1.1.1.2"),
        measure("1.1.1.3"),
    }
    amounts = list(built.objects(line, VZ.amountCZK))
    assert [a.toPython() for a in amounts] == [Decimal(3000000)]


def test_build_dangling_link_kept_and_flagged(built):
    dangling = list(built.subjects(VZ.dangling, Literal(True)))
    assert len(dangling) == 1
    assert str(built.value(dangling[0], VZ.targetText)) == "9.9"
    assert built.value(dangling[0], VZ.linkTarget) is None
    assert built.value(dangling[0], VZ.rawText) == Literal("Strategický cíl 9.9", lang="cs")


def test_build_resolved_link_has_plain_links_to_triple(built):
    goal = URIRef(f"{BASE}plan/lhota/goal/1.1")
    assert (measure("1.1.1.1"), VZ.linksTo, goal) in built


def test_build_need_link_creates_need_node(built):
    needs = list(built.subjects(RDF.type, VZ.Need))
    assert len(needs) == 1
    assert (measure("1.1.1.3"), VZ.linksTo, needs[0]) in built


def test_build_every_resource_has_provenance_with_lines(built):
    for cls in (VZ.Plan, VZ.ThematicArea, VZ.Goal, VZ.Measure, VZ.BudgetLine, VZ.Link, VZ.Mention):
        for node in built.subjects(RDF.type, cls):
            spans = list(built.objects(node, PROV.wasDerivedFrom))
            assert spans, f"{node} has no provenance"
            assert built.value(spans[0], VZ.firstLine) is not None
            document = built.value(spans[0], VZ.document)
            assert str(built.value(document, VZ.sha256)) == "ab" * 32


def test_build_goal_ladder_uses_has_part(built):
    plan = URIRef(f"{BASE}plan/lhota")
    area = URIRef(f"{BASE}plan/lhota/area/1")
    strategic = URIRef(f"{BASE}plan/lhota/goal/1.1")
    specific = URIRef(f"{BASE}plan/lhota/goal/1.1.1")
    assert (plan, VZ.hasPart, area) in built
    assert (area, VZ.hasPart, strategic) in built
    assert (strategic, VZ.hasPart, specific) in built
    assert (specific, VZ.hasPart, measure("1.1.1.2")) in built


def test_build_diagnostics_stored_in_graph(built):
    diagnostics = list(built.subjects(RDF.type, VZ.Diagnostic))
    assert len(diagnostics) == 1
    assert built.value(diagnostics[0], VZ.line) == Literal(17)


def test_build_raw_mentions_kept_beside_resolved_concept(built):
    mentions = [m for m in built.subjects(VZ.mentionIn, measure("1.1.1.1"))]
    raw = {str(built.value(m, VZ.rawText)) for m in mentions}
    assert {"NNO", "Rodiny s dětmi", "OPZ+"} <= raw


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq", ".jsonld"])
def test_build_serialize_parse_round_trip_loses_no_triple(built, tmp_path, suffix):
    path = tmp_path / f"graph{suffix}"
    save_graph(built, path)
    again = load_graph(path)
    assert len(again) == len(built)
    plain_a, plain_b = Graph(), Graph()
    for triple in built:
        plain_a.add(triple)
    for triple in again:
        plain_b.add(triple)
    from rdflib.compare import isomorphic

    assert isomorphic(plain_a, plain_b)


def test_measure_rows_give_resolved_fields_and_shared_cost(built):
    rows = {r.id: r for r in measure_rows(built)}
    assert list(rows) == ["1.1.1.1", "1.1.1.2", "1.1.1.3"]
    first = rows["1.1.1.1"]
    assert first.cost_czk == Decimal(3000000)
    assert first.links == ("1.1",)
    assert first.source == "plan.txt:5"
    assert first.area == "1" and first.goal == "1.1.1"
    assert len(first.guarantors) == 1
    assert rows["1.1.1.2"].links == ("1.1.1.1", "9.9")
    assert rows["1.1.1.3"].cost_czk == Decimal(3000000)
