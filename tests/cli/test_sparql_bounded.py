"""``vazby sparql`` with a caller's query text: evaluated in a killable worker with a
deadline (``--timeout``) and a memory ceiling (``--memory``), like the endpoint's queries."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from vazby.cli import main
from vazby.rdf.store import open_store

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"


@pytest.fixture(scope="module")
def wide_graph(tmp_path_factory) -> str:
    # 250 triples over one predicate: a three-way join has 15.6 million rows
    graph = open_store()
    for i in range(250):
        graph.add((URIRef(f"http://x/s{i}"), URIRef("http://x/p"), Literal(i)))
    path = tmp_path_factory.mktemp("wide") / "wide.nt"
    graph.serialize(str(path), format="nt", encoding="utf-8")
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_sparql_query_past_timeout_stopped_with_message(wide_graph):
    started = time.monotonic()
    result = run("sparql", wide_graph, "-e", CROSS_JOIN, "--timeout", "1")
    took = time.monotonic() - started
    assert result.exit_code == 1
    assert "ran longer than 1 s and was stopped" in result.output
    assert "--timeout" in result.output and "Traceback" not in result.output
    assert took < 20  # the worker's start-up and 1 s, not the join's minutes


def test_sparql_query_over_memory_ceiling_stopped_with_message(wide_graph):
    big = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z } ORDER BY ?x ?y ?z"
    result = run("sparql", wide_graph, "-e", big, "--memory", "400", "--timeout", "120")
    assert result.exit_code == 1
    assert "400 MiB" in result.output and "--memory" in result.output


def test_sparql_cheap_query_answered_in_worker_select_ask_construct(wide_graph):
    select = run(
        "sparql", wide_graph, "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "csv"
    )
    assert select.exit_code == 0 and select.output.splitlines() == ["n", "250"]
    ask = run("sparql", wide_graph, "-e", "ASK { <http://x/s7> ?p 7 }")
    assert ask.exit_code == 0 and ask.output.strip() == "true"
    construct = run(
        "sparql", wide_graph, "-e", "CONSTRUCT WHERE { <http://x/s3> ?p ?o }", "--timeout", "30"
    )
    assert construct.exit_code == 0
    triples = set(Graph().parse(data=construct.output, format="turtle"))
    assert triples == {(URIRef("http://x/s3"), URIRef("http://x/p"), Literal(3))}


def test_sparql_timeout_must_be_positive(wide_graph):
    result = run("sparql", wide_graph, "-e", "ASK {}", "--timeout", "0")
    assert result.exit_code == 2


def test_sparql_unreadable_graph_clean_message(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/b> .\n", encoding="utf-8")  # an object is missing
    result = run("sparql", str(bad), "-e", "ASK {}")
    assert result.exit_code == 1
    assert "bad.ttl: not valid" in result.output and "Traceback" not in result.output
    assert "VazbyError" not in result.output and "--memory" not in result.output


def test_sparql_incomplete_store_refused_with_the_stores_message(tmp_path):
    # a store whose build was killed: the same refusal as every other command
    from vazby.rdf.store import INCOMPLETE_MARK

    store = tmp_path / "store"
    graph = open_store(store)
    graph.add((URIRef("http://x/a"), URIRef("http://x/b"), Literal(1)))
    graph.close()
    (store / INCOMPLETE_MARK).write_text("", encoding="utf-8")
    result = run("sparql", str(store), "-e", "ASK {}")
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {store}: this store is incomplete")
    assert "worker" not in result.output and "--memory" not in result.output
