"""The card/table check reads the graph as it is: an edit is seen, with no option to pass.

The fixture plan (``tests/fixtures/action_plan_small.txt``) has a card of 1.1.2.1 saying
"1,5 mil. Kč" while the financing table says "2 mil. Kč", and a table row for 3.1.1.1, which
has no card.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from vazby.pipeline import build_corpus
from vazby.query.audit import CHECKS, audit
from vazby.rdf.store import open_store, select

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "action_plan_small.txt"


@pytest.fixture(scope="module")
def plan_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan")
    (folder / "plan.txt").write_text(FIXTURE.read_text("utf-8"), "utf-8")
    return build_corpus([folder], jobs=1).graph


def test_a_table_row_removed_by_hand_is_no_longer_missing_its_card(plan_graph):
    def missing(graph) -> set:
        return {r.subject for r in CHECKS["card-table"](graph) if r.kind == "missing-row"}

    assert "3.1.1.1" in missing(plan_graph)
    edited = open_store()
    for triple in plan_graph:
        edited.add(triple)
    for row in select(edited, "SELECT ?t WHERE { ?t a vz:TableEntry ; vz:identifier '3.1.1.1' }"):
        edited.remove((URIRef(row["t"]), None, None))
    assert "3.1.1.1" not in missing(edited)
    assert ("missing-row", "3.1.1.1") not in {(r.kind, r.subject) for r in audit(edited)}


def test_a_source_described_by_an_earlier_document_is_named_as_written(tmp_path):
    # a minted funding source is described once, in the first document naming it; the
    # second document's finding must still name it as its table writes it, not by its IRI
    row = "1.1.2.1 Doučování žáků základních škol\tAktivita\t"
    text = FIXTURE.read_text("utf-8").replace(
        row + "2 mil. Kč (3 roky)\tOPZ+", row + "1,5 mil. Kč (3 roky)\tSbírka Kotlinka"
    )
    (tmp_path / "a.txt").write_text(text, "utf-8")
    (tmp_path / "b.txt").write_text(text.replace("Dolní Kotlina", "Horní Kotlina"), "utf-8")
    graph = build_corpus([tmp_path], jobs=1).graph
    messages = sorted(
        r.message
        for r in CHECKS["card-table"](graph)
        if r.subject == "1.1.2.1" and "funding" in r.message
    )
    assert len(messages) == 2
    assert messages[0] == messages[1]
    assert messages[0].endswith("financing table 'Sbírka Kotlinka'")
