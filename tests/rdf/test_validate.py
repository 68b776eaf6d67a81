"""SHACL shapes accept a small correct graph and reject the mistakes they exist for."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from vazby.ontology.namespace import VZ
from vazby.rdf.validate import validate

EX = "https://example.org/zelenov/"
SHA = "ab" * 32


def _iri(name: str) -> URIRef:
    return URIRef(EX + name)


def _valid_graph() -> Graph:
    """Plan → area → strategic goal → specific goal → measure, funded by one budget line."""
    g = Graph()
    doc, span = _iri("doc"), _iri("doc/lines/3-9")
    g.add((doc, RDF.type, VZ.SourceDocument))
    g.add((doc, VZ.fileName, Literal("zelenov.txt")))
    g.add((doc, VZ.sha256, Literal(SHA)))
    g.add((span, RDF.type, VZ.SourceSpan))
    g.add((span, VZ.document, doc))
    g.add((span, VZ.firstLine, Literal(3)))
    g.add((span, VZ.lastLine, Literal(9)))
    plan, area, sg, spg, measure = (
        _iri(n) for n in ("plan", "area/1", "goal/1.1", "goal/1.1.1", "m/1.1.1.1")
    )
    g.add((plan, RDF.type, VZ.Plan))
    g.add((plan, RDFS.label, Literal("Plán sociálního začleňování Zelenov", lang="cs")))
    g.add((plan, PROV.wasDerivedFrom, span))
    for node, cls, ident, label in (
        (area, VZ.ThematicArea, "1", "Bydlení"),
        (sg, VZ.StrategicGoal, "1.1", "Podporovat domácnosti v bytové nouzi"),
        (spg, VZ.SpecificGoal, "1.1.1", "Do roku 2026 zabydlet 12 domácností"),
    ):
        g.add((node, RDF.type, cls))
        if cls != VZ.ThematicArea:
            g.add((node, RDF.type, VZ.Goal))
        g.add((node, RDFS.label, Literal(label, lang="cs")))
        g.add((node, VZ.identifier, Literal(ident)))
        g.add((node, VZ.inPlan, plan))
        g.add((node, PROV.wasDerivedFrom, span))
    g.add((plan, VZ.hasPart, area))
    g.add((area, VZ.hasPart, sg))
    g.add((sg, VZ.hasPart, spg))
    g.add((spg, VZ.hasPart, measure))
    g.add((measure, RDF.type, VZ.Measure))
    g.add((measure, RDFS.label, Literal("Zajištění sociálních bytů", lang="cs")))
    g.add((measure, VZ.identifier, Literal("1.1.1.1")))
    g.add((measure, VZ.inPlan, plan))
    g.add((measure, PROV.wasDerivedFrom, span))
    g.add((measure, VZ.scheduleStart, Literal("2025-01", datatype=XSD.gYearMonth)))
    line = _iri("budget/1")
    g.add((line, RDF.type, VZ.BudgetLine))
    g.add((line, VZ.inPlan, plan))
    g.add((line, VZ.amountCZK, Literal(Decimal("1417500"), datatype=XSD.decimal)))
    g.add((line, PROV.wasDerivedFrom, span))
    g.add((measure, VZ.fundedBy, line))
    link = _iri("m/1.1.1.1/link/1")
    g.add((link, RDF.type, VZ.Link))
    g.add((link, VZ.linkSource, measure))
    g.add((link, VZ.linkKind, Literal("goal")))
    g.add((link, VZ.linkTarget, sg))
    g.add((link, PROV.wasDerivedFrom, span))
    return g


def test_validate_small_plan_conforms():
    report = validate(_valid_graph())
    assert report.results == ()
    assert report.conforms


def test_validate_measure_without_label_fails():
    # A card whose title line was lost: "1.1.1.1 Opatření" with nothing after it.
    g = _valid_graph()
    g.remove((_iri("m/1.1.1.1"), RDFS.label, None))
    report = validate(g)
    assert not report.conforms
    assert [(r.focus, r.path) for r in report.results] == [(EX + "m/1.1.1.1", str(RDFS.label))]


def test_validate_measure_with_two_labels_fails():
    g = _valid_graph()
    g.add((_iri("m/1.1.1.1"), RDFS.label, Literal("Druhý název", lang="cs")))
    assert any(r.path == str(RDFS.label) for r in validate(g).results)


def test_validate_measure_with_two_parents_fails():
    # "Opatření 6.1.1" inside specific goal 6.1.1 must not hang under two goals.
    g = _valid_graph()
    g.add((_iri("goal/1.1"), VZ.hasPart, _iri("m/1.1.1.1")))
    assert any(r.path == f"^{VZ.hasPart}" for r in validate(g).results)


def test_validate_amount_as_string_fails():
    # "1 417 500 Kč" kept as text in vz:amountCZK instead of a decimal.
    g = _valid_graph()
    line = _iri("budget/1")
    g.remove((line, VZ.amountCZK, None))
    g.add((line, VZ.amountCZK, Literal("1 417 500 Kč")))
    report = validate(g)
    assert not report.conforms
    assert {r.path for r in report.results} == {str(VZ.amountCZK)}


def test_validate_negative_amount_fails():
    g = _valid_graph()
    line = _iri("budget/1")
    g.remove((line, VZ.amountCZK, None))
    g.add((line, VZ.amountCZK, Literal(Decimal("-5"), datatype=XSD.decimal)))
    assert not validate(g).conforms


def test_validate_link_without_target_or_raw_text_fails():
    g = _valid_graph()
    g.remove((_iri("m/1.1.1.1/link/1"), VZ.linkTarget, None))
    report = validate(g)
    assert not report.conforms
    assert report.results[0].focus == EX + "m/1.1.1.1/link/1"


def test_validate_dangling_link_with_raw_text_conforms():
    # "Vazba na další cíle: Strategický cíl 9.9" where 9.9 does not exist: kept as text.
    g = _valid_graph()
    link = _iri("m/1.1.1.1/link/1")
    g.remove((link, VZ.linkTarget, None))
    g.add((link, VZ.rawText, Literal("Strategický cíl 9.9", lang="cs")))
    g.add((link, VZ.dangling, Literal(True)))
    assert validate(g).conforms


def test_validate_span_first_line_after_last_fails():
    g = _valid_graph()
    span = _iri("doc/lines/3-9")
    g.remove((span, VZ.firstLine, None))
    g.add((span, VZ.firstLine, Literal(12)))
    report = validate(g)
    assert not report.conforms
    assert {r.path for r in report.results} == {str(VZ.firstLine)}


def test_validate_document_with_short_hash_fails():
    g = _valid_graph()
    doc = _iri("doc")
    g.remove((doc, VZ.sha256, None))
    g.add((doc, VZ.sha256, Literal("abc123")))
    assert {r.path for r in validate(g).results} == {str(VZ.sha256)}


def test_validate_budget_line_without_measure_fails():
    g = _valid_graph()
    g.remove((_iri("m/1.1.1.1"), VZ.fundedBy, None))
    assert {r.path for r in validate(g).results} == {f"^{VZ.fundedBy}"}


def test_validate_report_text_and_result_strings():
    g = _valid_graph()
    g.remove((_iri("plan"), RDFS.label, None))
    report = validate(g)
    assert "Conforms: False" in report.text
    assert str(report.results[0]).startswith("Violation: <https://example.org/zelenov/plan>")


@pytest.mark.parametrize("store", ["Memory", "Oxigraph"])
def test_validate_graph_from_builder_conforms(store):
    """A plan built by the graph builder from loader records passes the shapes, in either store."""
    build = pytest.importorskip("vazby.rdf.build")
    from vazby.loaders.records import (
        Amount,
        Area,
        BudgetLine,
        Document,
        Goal,
        Link,
        LoadResult,
        Measure,
        Mention,
        Plan,
        Schedule,
    )

    doc = Document(
        "zelenov.txt", "zelenov.txt", SHA, "utf-8", tuple(f"line {i}" for i in range(1, 30))
    )
    s = doc.span
    records = (
        Plan("zelenov", "Akční plán Zelenov", "Zelenov", "action-plan", s(1)),
        Area("zelenov", "1", "1", "Bydlení", s(3)),
        Goal("zelenov", "1.1", "1.1", "strategic", "Podporovat domácnosti", "1", "1", s(4)),
        Goal("zelenov", "1.1.1", "1.1.1", "specific", "Zabydlet 12 domácností", "1.1", "1", s(5)),
        Measure(
            "zelenov", "1.1.1.1", "1.1.1.1", "Sociální byty", "1.1.1", "1", s(6, 14),
            guarantors=(Mention("Město", s(8)), Mention("NNO", s(8))),
            target_groups=(Mention("Rodiny s dětmi", s(7)),),
            funding_sources=(Mention("OPZ+", s(12)),),
            schedule=Schedule("01/2025–12/2026", "2025-01", "2026-12"),
            cost=Amount("2 mil. Kč", Decimal(2000000)),
            budget_line="b1",
            status=Mention("TRVÁ – CÍL POSUNUT", s(9)),
            links=(
                Link("goal", "1.1", "Strategický cíl 1.1", s(13)),
                Link("goal", "9.9", "Strategický cíl 9.9", s(13)),
            ),
        ),
        BudgetLine("zelenov", "b1", Amount("2 mil. Kč", Decimal(2000000)), ("1.1.1.1",), s(11)),
    )  # fmt: skip
    graph = build.new_graph(store=store)
    builder = build.GraphBuilder(graph)
    builder.add_result(LoadResult(doc, "test", records))
    builder.add_vocabulary()
    builder.flush()
    assert len(graph) > 100
    report = validate(graph)
    assert report.results == ()


def test_validate_programme_goal_in_programme_conforms():
    # A consultancy programme's "Dlouhodobý cíl" belongs to the programme, not to a plan.
    g = _valid_graph()
    programme, goal, span = _iri("programme"), _iri("programme/goal/0"), _iri("doc/lines/3-9")
    g.add((programme, RDF.type, VZ.Programme))
    g.add((goal, RDF.type, VZ.Goal))
    g.add((goal, RDF.type, VZ.StrategicGoal))
    g.add((goal, RDFS.label, Literal("Obec vytváří podmínky pro podporu rodin", lang="cs")))
    g.add((goal, VZ.identifier, Literal("0")))
    g.add((goal, VZ.inPlan, programme))
    g.add((goal, PROV.wasDerivedFrom, span))
    assert validate(g).conforms
    g.remove((programme, RDF.type, VZ.Programme))
    assert not validate(g).conforms
