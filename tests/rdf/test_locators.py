"""Locators in the graph: a plan read from a PDF keeps its pages in provenance, and the
measures table, the map's nodes and SPARQL answers print them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from vazby.loaders import evaluation, located
from vazby.loaders.lines import document_of
from vazby.ontology.namespace import VZ
from vazby.query.measures import measure_rows
from vazby.query.views import dependency_graph
from vazby.rdf.build import GraphBuilder, new_graph
from vazby.rdf.store import run_query, select
from vazby.rdf.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from made_blocks import pdf_plan  # noqa: E402


def _graph():
    graph = new_graph()
    builder = GraphBuilder(graph)
    builder.add_result(located(evaluation.load(document_of(pdf_plan()))))
    builder.add_vocabulary()
    builder.flush()
    return graph


def test_pdf_spans_store_page_table_row_and_locator():
    graph = _graph()
    rows = run_query(
        graph,
        "SELECT ?loc ?page ?table ?row WHERE { ?m a vz:Measure ; prov:wasDerivedFrom ?s . "
        "?s vz:locator ?loc ; vz:page ?page ; vz:tableNumber ?table ; vz:rowNumber ?row }",
    )
    [row] = list(rows)
    assert str(row["loc"]).startswith("plan.pdf:p2:6")
    assert (int(row["page"]), int(row["table"]), int(row["row"])) == (2, 1, 3)
    assert validate(graph).results == ()


def test_measures_table_and_map_nodes_print_the_pdf_locator():
    graph = _graph()
    [measure] = measure_rows(graph)
    assert measure.source.startswith("plan.pdf:p2:6")
    nodes = dependency_graph(graph).nodes(data=True)
    sources = {attrs["source"] for _, attrs in nodes if attrs.get("type") == "measure"}
    assert sources == {measure.source}


def test_text_spans_store_no_locator():
    from vazby.loaders.text import read_document

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    graph = new_graph()
    builder = GraphBuilder(graph)
    builder.add_result(evaluation.load(read_document(fixtures / "evaluation_small.txt")))
    builder.flush()
    assert not list(graph.triples((None, VZ.locator, None)))
    assert not list(graph.triples((None, VZ.page, None)))


def test_diagnostics_audit_and_named_query_print_the_pdf_locator():
    from vazby.query.audit import audit
    from vazby.query.named import run_named

    graph = _graph()
    [row] = [r for r in run_named(graph, "diagnostics") if r["kind"] == "dangling-link"]
    assert row["locator"] == "plan.pdf:p3:2"
    sources = {r.source for r in audit(graph) if r.kind == "dangling-link"}
    assert "plan.pdf:p3:2" in sources


def test_describe_and_network_tooltips_print_the_pdf_locator():
    from vazby.exports.network import map_view
    from vazby.query.entities import describe

    graph = _graph()
    [measure] = measure_rows(graph)
    [node] = [s for s in graph.subjects(VZ.identifier, None) if "/measure/" in str(s)]
    assert describe(graph, [node])[node].source == measure.source
    view = map_view(graph)
    assert {a.get("source") for _, a in view.nodes(data=True) if a.get("type") == "measure"} == {
        measure.source
    }


def test_orphan_rows_print_the_pdf_locator():
    from vazby.query.queries import orphan_measures

    graph = _graph()
    [measure] = measure_rows(graph)
    rows = orphan_measures(graph)
    assert rows and {row.source for row in rows} == {measure.source}


def _text_graph():
    from vazby.loaders.text import read_document

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    graph = new_graph()
    builder = GraphBuilder(graph)
    builder.add_result(evaluation.load(read_document(fixtures / "evaluation_small.txt")))
    builder.add_vocabulary()
    builder.flush()
    return graph


def _named_text(name):
    from importlib import resources

    return (resources.files("vazby.query") / "sparql" / name).read_text("utf-8")


def test_named_dangling_links_and_orphans_answer_the_pdf_locator():
    from vazby.query.named import run_named

    graph = _graph()
    [dangling] = run_named(graph, "dangling-links")
    assert str(dangling["locator"]) == "plan.pdf:p3:2"
    [measure] = measure_rows(graph)
    orphans = run_named(graph, "orphans")
    assert orphans and {str(r["locator"]) for r in orphans} == {measure.source}


def test_named_queries_answer_file_and_line_for_text():
    from vazby.query.named import run_named

    graph = _text_graph()
    rows = run_named(graph, "dangling-links") + run_named(graph, "orphans")
    assert rows
    for row in rows:
        assert str(row["locator"]) == f"{row['file']}:{row['line']}"


def test_actor_mentions_print_the_pdf_locator():
    from vazby.query.actors import actor_mentions
    from vazby.query.named import run_named

    graph = _graph()
    refs = [str(ref) for row in actor_mentions(graph) for ref in row.mentions]
    # "Garant: NNO, Město, Úřad práce" is on page 2, line 9 of the made-up PDF
    assert refs and all(" plan.pdf:p2:9" in ref for ref in refs)
    across = run_named(graph, "actors-across-documents", min=1)
    named = run_named(graph, "actors")
    for rows in (across, named):
        sources = " | ".join(str(r["sources"]) for r in rows)
        assert "plan.pdf:p2:9" in sources and "plan.pdf:9" not in sources


def test_actor_mentions_print_file_and_line_for_text():
    from vazby.query.actors import actor_mentions

    graph = _text_graph()
    refs = [ref for row in actor_mentions(graph) for ref in row.mentions]
    assert refs and all(str(ref).endswith(f" {ref.document}:{ref.line}") for ref in refs)
    sources = " | ".join(str(r["sources"]) for r in select(graph, _named_text("actors.rq")))
    assert all(f"{ref.document}:{ref.line}" in sources for ref in refs)


def test_card_table_disagreements_answer_the_docx_locator_and_file_line_for_text(tmp_path):
    # the made-up action plan's financing table row of 1.1.2.1 (2 mil. Kč) disagrees with
    # its card (1,5 mil. Kč): in the text the row's line, in the DOCX its table and row
    from fixtures.forms import docx_from_text

    from vazby.pipeline import build_corpus
    from vazby.query.named import run_named, run_named_sparql

    text = Path(__file__).resolve().parents[1] / "fixtures" / "action_plan_small.txt"
    made = tmp_path / "plan.docx"
    made.write_bytes(docx_from_text(text.read_text("utf-8")))

    def amounts(path: Path) -> list[dict]:
        graph = build_corpus([str(path)]).graph
        rows = run_named(graph, "card-table-disagreements")  # by the Python rule
        assert rows == run_named_sparql(graph, "card-table-disagreements")
        return [r for r in rows if r["what"] == "amount"]

    [plain] = amounts(text)
    assert str(plain["locator"]) == f"{text.name}:{plain['line']}"
    [docx_row] = amounts(made)
    assert str(docx_row["id"]) == str(plain["id"])
    assert re.fullmatch(r"plan\.docx:t\d+:r\d+", str(docx_row["locator"]))
