"""Card/table findings stored by the build: equal to the check on the whole graph, read by
the audit, and recomputed where a graph has none or the caller asks.

The fixture plan (``tests/fixtures/action_plan_small.txt``) has a card of 1.1.2.1 saying
"1,5 mil. Kč" while the financing table says "2 mil. Kč", and a table row for 3.1.1.1, which
has no card.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))

from fixtures.tinygraph import lhota_graph, seeds_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.pipeline import build_corpus  # noqa: E402
from vazby.query import audit as audit_module  # noqa: E402
from vazby.query.audit import (  # noqa: E402
    AUDIT_RULES_VERSION,
    CHECKS,
    audit,
    card_table_findings,
    stores_audit,
)
from vazby.rdf.store import open_store, select  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "action_plan_small.txt"


def _sorted(rows) -> list:
    return sorted(rows, key=lambda r: (r.source, r.kind, r.message))


def _stored(graph, plan=None) -> list:
    return _sorted(audit_module._STORED_CARD_TABLE(graph, plan))


@pytest.fixture(scope="module")
def plan_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan")
    (folder / "plan.txt").write_text(FIXTURE.read_text("utf-8"), "utf-8")
    return build_corpus([folder], jobs=1).graph


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    import synth

    folder = tmp_path_factory.mktemp("synth")
    synth.write_corpus(folder, 600, seed=11)
    return build_corpus([folder], jobs=1).graph


def test_the_build_stores_each_card_table_finding_with_its_table_row(plan_graph):
    assert stores_audit(plan_graph)
    stored = _stored(plan_graph)
    assert {(r.kind, r.subject) for r in stored} == {
        ("card-table-mismatch", "1.1.2.1"),
        ("missing-row", "3.1.1.1"),
    }
    mismatch = next(r for r in stored if r.kind == "card-table-mismatch")
    assert "card 1 500 000 Kč" in mismatch.message and "2 000 000 Kč" in mismatch.message
    assert mismatch.related  # the card's line
    assert stored == _sorted(CHECKS["card-table"](plan_graph))
    rows = select(
        plan_graph,
        "SELECT ?f ?entry ?span WHERE { ?f a vz:AuditFinding ; vz:concerns ?entry ; "
        "prov:wasDerivedFrom ?span . ?entry a vz:TableEntry }",
    )
    assert len({r["f"] for r in rows}) == 2  # each concerns its row and keeps its span


def test_the_audit_reads_the_stored_findings_as_it_would_check_them(plan_graph):
    assert audit(plan_graph) == audit(plan_graph, recompute=True)
    plan = "dolni-kotlina-2024-2029"
    assert audit(plan_graph, plan) == audit(plan_graph, plan, recompute=True)


def test_stored_findings_equal_the_check_on_the_seeds():
    graph = seeds_graph()
    assert stores_audit(graph)
    stored = _stored(graph)
    assert any(r.kind == "card-table-mismatch" for r in stored)
    assert stored == _sorted(CHECKS["card-table"](graph))
    assert audit(graph) == audit(graph, recompute=True)
    for plan in {r.plan for r in stored}:
        assert _stored(graph, plan) == _sorted(CHECKS["card-table"](graph, plan))


def test_stored_findings_equal_the_check_on_a_synthetic_corpus(synthetic):
    stored = _stored(synthetic)
    assert "card-table-mismatch" in {r.kind for r in stored}
    assert stored == _sorted(CHECKS["card-table"](synthetic))
    assert audit(synthetic) == audit(synthetic, recompute=True)


def test_a_source_described_by_an_earlier_document_is_named_by_its_label(tmp_path):
    # the builder describes a minted funding source once, in the first document naming it;
    # the second document's finding must still name it, not print its IRI
    row = "1.1.2.1 Doučování žáků základních škol\tAktivita\t"
    text = FIXTURE.read_text("utf-8").replace(
        row + "2 mil. Kč (3 roky)\tOPZ+", row + "1,5 mil. Kč (3 roky)\tSbírka Kotlinka"
    )
    (tmp_path / "a.txt").write_text(text, "utf-8")
    (tmp_path / "b.txt").write_text(text.replace("Dolní Kotlina", "Horní Kotlina"), "utf-8")
    graph = build_corpus([tmp_path], jobs=1).graph
    messages = sorted(
        r.message for r in _stored(graph) if r.subject == "1.1.2.1" and "funding" in r.message
    )
    assert len(messages) == 2
    assert messages[0] == messages[1]
    assert messages[0].endswith("table financing Sbírka Kotlinka")


def test_findings_of_older_rules_or_none_are_checked_again():
    graph = open_store()
    graph.add((URIRef("urn:doc"), VZ.auditRules, Literal("0")))
    assert not stores_audit(graph)
    tiny = lhota_graph().graph
    assert not stores_audit(tiny)
    assert AUDIT_RULES_VERSION != "0"
    assert audit(tiny) == audit(tiny, recompute=True)


def test_a_document_the_build_did_not_check_makes_the_audit_check_all(plan_graph):
    merged = open_store()
    for triple in plan_graph:
        merged.add(triple)
    assert stores_audit(merged)
    merged.add((URIRef("urn:other-doc"), RDF.type, VZ.SourceDocument))  # built otherwise
    assert not stores_audit(merged)
    merged.add((URIRef("urn:other-doc"), VZ.auditRules, Literal("0")))  # by older rules
    assert not stores_audit(merged)
    merged.add((URIRef("urn:other-doc"), VZ.auditRules, Literal(AUDIT_RULES_VERSION)))
    assert stores_audit(merged)


def test_recompute_sees_an_edit_the_stored_findings_do_not(plan_graph):
    edited = open_store()
    for triple in plan_graph:
        edited.add(triple)
    for row in select(edited, "SELECT ?t WHERE { ?t a vz:TableEntry ; vz:identifier '3.1.1.1' }"):
        edited.remove((URIRef(row["t"]), None, None))
    kinds = {(r.kind, r.subject) for r in audit(edited, recompute=True) if r.origin == "graph"}
    assert ("missing-row", "3.1.1.1") not in kinds
    assert ("missing-row", "3.1.1.1") in {(r.kind, r.subject) for r in _stored(edited)}


def test_the_check_alone_gives_each_finding_its_table_row(plan_graph):
    found = card_table_findings(plan_graph)
    entries = {str(t) for t, _ in found}
    typed = {r["t"] for r in select(plan_graph, "SELECT ?t WHERE { ?t a vz:TableEntry }")}
    assert entries and entries <= {str(t) for t in typed}
