"""Answers kept by the store (:mod:`vazby.rdf.cache`): never older than the store."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.tinygraph import lhota_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query.named import run_named  # noqa: E402
from vazby.query.queries import orphan_measures  # noqa: E402
from vazby.rdf import cache  # noqa: E402
from vazby.rdf.cache import CountedStore  # noqa: E402
from vazby.rdf.store import kept_rows, load_graph, open_store, oxigraph, select  # noqa: E402

X = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(graph) -> int:
    return int(select(graph, COUNT)[0]["n"])


def _graph():
    graph = open_store()
    graph.add((URIRef(X + "a"), URIRef(X + "p"), Literal("1")))
    return graph


def test_every_graph_vazby_opens_counts_its_changes(tmp_path):
    assert isinstance(oxigraph(open_store())[0], CountedStore)
    (tmp_path / "g.nt").write_text(f"<{X}a> <{X}p> <{X}b> .\n", encoding="utf-8")
    assert isinstance(oxigraph(load_graph(tmp_path / "g.nt"))[0], CountedStore)
    assert isinstance(oxigraph(open_store(tmp_path / "store"))[0], CountedStore)


def test_an_answer_is_read_once_while_the_store_is_unchanged():
    store = CountedStore(ox.Store())
    reads = []

    def read():
        reads.append(1)
        return "answer", 4

    assert store.answer("SELECT 1", "DEFAULT", read) == "answer"
    assert store.answer("SELECT 1", "DEFAULT", read) == "answer"
    assert len(reads) == 1
    store.add(ox.Quad(ox.NamedNode(X + "a"), ox.NamedNode(X + "p"), ox.Literal("x")))
    assert store.version == 1
    store.answer("SELECT 1", "DEFAULT", read)
    assert len(reads) == 2


def test_every_way_of_editing_a_graph_is_seen_at_the_next_question(tmp_path):
    graph = _graph()
    assert _count(graph) == 1
    graph.add((URIRef(X + "b"), URIRef(X + "p"), Literal("2")))
    assert _count(graph) == 2
    graph.remove((URIRef(X + "b"), None, None))
    assert _count(graph) == 1
    graph.update(f'INSERT DATA {{ <{X}c> <{X}p> "3" }}')
    assert _count(graph) == 2
    (tmp_path / "more.nt").write_text(f'<{X}d> <{X}p> "4" .\n', encoding="utf-8")
    graph.parse(tmp_path / "more.nt", format="nt")
    assert _count(graph) == 3
    graph.parse(tmp_path / "more.nt", format="ox-ntriples")  # pyoxigraph's own parser
    graph.parse(data=f'<{X}e> <{X}p> "5" .', format="ox-ntriples")
    assert _count(graph) == 4
    oxigraph(graph)[0].remove(
        ox.Quad(ox.NamedNode(X + "e"), ox.NamedNode(X + "p"), ox.Literal("5"))
    )
    assert _count(graph) == 3


def test_a_guarantor_removed_after_a_question_leaves_the_measure_unowned():
    graph = lhota_graph().graph
    owned = {r.id for r in orphan_measures(graph, "unowned")}
    named = {r["id"] for r in run_named(graph, "orphans") if r["reason"] == "unowned"}
    measure = next(
        m
        for m in graph.subjects(VZ.guarantor, None)
        if (m, VZ.identifier, None) in graph and str(graph.value(m, VZ.identifier)) not in owned
    )
    ident = str(graph.value(measure, VZ.identifier))
    graph.remove((measure, VZ.guarantor, None))
    assert ident in {r.id for r in orphan_measures(graph, "unowned")} - owned
    assert ident in {r["id"] for r in run_named(graph, "orphans") if r["reason"] == "unowned"}
    assert ident not in named


def test_answers_that_change_from_run_to_run_are_not_kept():
    graph = _graph()
    first = select(graph, "SELECT (STRUUID() AS ?u) WHERE {}")[0]["u"]
    assert select(graph, "SELECT (STRUUID() AS ?u) WHERE {}")[0]["u"] != first


def test_the_oldest_answers_go_first_beyond_the_budget(monkeypatch):
    monkeypatch.setattr(cache, "BUDGET", 40)
    store = CountedStore(ox.Store())
    reads: list[str] = []

    def read(name: str):
        def run():
            reads.append(name)
            return name, 10

        return run

    for name in "abcde":  # 50 characters: "a" no longer fits
        store.answer(name, "DEFAULT", read(name))
    store.answer("e", "DEFAULT", read("e"))
    store.answer("a", "DEFAULT", read("a"))
    assert reads == ["a", "b", "c", "d", "e", "a"]


def test_a_questions_rows_are_kept_until_the_graph_changes():
    graph = _graph()
    calls = []

    @kept_rows
    def rows(graph, prefix, *, upper=False):
        calls.append(prefix)
        found = [{"v": prefix + str(r["o"])} for r in select(graph, "SELECT ?o WHERE { ?s ?p ?o }")]
        return [{"v": r["v"].upper()} for r in found] if upper else found

    assert rows(graph, "x") == [{"v": "x1"}]
    got = rows(graph, "x")
    got[0]["v"] = "changed by the caller"
    got.append({"v": "added by the caller"})
    assert rows(graph, "x") == [{"v": "x1"}] and calls == ["x"]
    assert rows(graph, "y") == [{"v": "y1"}] and rows(graph, "x", upper=True) == [{"v": "X1"}]
    assert calls == ["x", "y", "x"]
    graph.add((URIRef(X + "b"), URIRef(X + "p"), Literal("2")))
    assert sorted(r["v"] for r in rows(graph, "x")) == ["x1", "x2"]
    assert calls == ["x", "y", "x", "x"]


def test_rows_of_a_graph_whose_store_keeps_nothing_are_worked_out_each_time():
    from rdflib import Graph

    graph = Graph()
    graph.add((URIRef(X + "a"), URIRef(X + "p"), Literal("1")))
    calls = []

    @kept_rows
    def rows(graph):
        calls.append(1)
        return [len(graph)]

    assert rows(graph) == rows(graph) == [1] and len(calls) == 2
