"""Orphan findings: stored by the build, read by the queries, equal to the rules applied to
the graph (in Python and in SPARQL), and recomputed where a graph has none."""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))

from fixtures.tinygraph import lhota_graph, seeds_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.pipeline import build_corpus  # noqa: E402
from vazby.query.named import run_named  # noqa: E402
from vazby.query.orphans import (  # noqa: E402
    RULES_VERSION,
    facts_from_triples,
    find_orphans,
)
from vazby.query.queries import orphan_measures, stores_findings  # noqa: E402
from vazby.rdf.store import open_store, run_query, select  # noqa: E402

RULES = (resources.files("vazby.query") / "sparql" / "rules" / "orphans.rq").read_text("utf-8")


def _rows(rows) -> list[tuple]:
    return [(r.plan, r.id, r.reason, r.title, r.detail, r.source) for r in rows]


def _rules_sparql(graph) -> list[tuple]:
    return sorted((str(r["plan"]), str(r["id"]), str(r["reason"])) for r in run_query(graph, RULES))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    import synth

    folder = tmp_path_factory.mktemp("synth")
    synth.write_corpus(folder, 400, seed=5)
    return build_corpus([folder], jobs=1).graph


def test_build_stores_findings_equal_to_the_rules_on_the_seeds():
    graph = seeds_graph()
    assert stores_findings(graph)
    stored = orphan_measures(graph)
    assert stored
    assert _rows(stored) == _rows(orphan_measures(graph, recompute=True))
    for plan in {r.plan for r in stored}:
        assert _rows(orphan_measures(graph, plan=plan)) == _rows(
            orphan_measures(graph, plan=plan, recompute=True)
        )
    for kind in ("unlinked", "unfunded"):
        assert _rows(orphan_measures(graph, kind)) == [
            row for row in _rows(stored) if row[2] == kind
        ]


def test_build_stores_findings_equal_to_the_rules_on_a_synthetic_corpus(synthetic):
    stored = orphan_measures(synthetic)
    assert {r.reason for r in stored} >= {"unlinked", "unfunded"}
    assert _rows(stored) == _rows(orphan_measures(synthetic, recompute=True))


def test_rules_in_sparql_agree_with_the_rules_in_python(synthetic):
    for graph in (lhota_graph().graph, seeds_graph(), synthetic):
        python = sorted((r.plan, r.id, r.reason) for r in orphan_measures(graph, recompute=True))
        assert python == _rules_sparql(graph)


def test_named_orphans_reads_the_stored_findings_with_their_source():
    graph = seeds_graph()
    named = {
        (r["plan"], r["id"], r["reason"]): (r["detail"], f"{r['file']}:{r['line']}")
        for r in run_named(graph, "orphans")
    }
    python = {
        (r.plan, r.id, r.reason): (r.detail, re.sub(r"-\d+$", "", r.source))
        for r in orphan_measures(graph)
    }
    assert named == python
    plan = next(iter(python))[0]
    assert {k for k in named if k[0] == plan} == {
        (r["plan"], r["id"], r["reason"]) for r in run_named(graph, "orphans", plan=plan)
    }


def test_a_graph_without_findings_is_answered_by_the_rules():
    graph = lhota_graph().graph
    assert not stores_findings(graph)
    rows = orphan_measures(graph)
    assert rows and _rows(rows) == _rows(orphan_measures(graph, recompute=True))
    assert run_named(graph, "orphans") == []  # the named query reads stored findings only


def test_findings_of_older_rules_are_not_read():
    graph = open_store()
    graph.add((URIRef("urn:doc"), VZ.orphanRules, Literal("0")))
    assert not stores_findings(graph)
    assert not stores_findings(lhota_graph().graph)
    assert RULES_VERSION != "0"


def test_a_document_the_build_did_not_check_makes_the_rules_run():
    merged = open_store()
    for triple in seeds_graph():
        merged.add(triple)
    assert stores_findings(merged)  # every seed is marked, also those without measures
    merged.add((URIRef("urn:other-doc"), RDF.type, VZ.SourceDocument))  # built otherwise
    assert not stores_findings(merged)
    merged.add((URIRef("urn:other-doc"), VZ.orphanRules, Literal(RULES_VERSION)))
    assert stores_findings(merged)


def test_recompute_sees_an_edit_the_stored_findings_do_not(synthetic):
    measure, guarantor = next(
        (r["m"], r["a"])
        for r in select(synthetic, "SELECT ?m ?a WHERE { ?m a vz:Measure ; vz:guarantor ?a }")
    )
    edited = open_store()
    for triple in synthetic:
        edited.add(triple)
    edited.remove((URIRef(measure), VZ.guarantor, None))
    unowned = {r.id for r in orphan_measures(edited, "unowned", recompute=True)}
    ident = select(edited, "SELECT ?id WHERE { ?m vz:identifier ?id }", {"m": [measure]})
    assert ident[0]["id"] in unowned
    assert ident[0]["id"] not in {r.id for r in orphan_measures(edited, "unowned")}
    assert guarantor


def test_facts_from_builder_triples_read_literals_as_their_text():
    m, line = URIRef("http://x/plan/p/measure/1"), URIRef("http://x/plan/p/budget/1")
    triples = [
        (m, URIRef(str(VZ)[:-1] + "#nothing"), m),
        (m, RDF.type, VZ.Measure),
        (m, VZ.fundedBy, line),
        (line, VZ.amountCZK, '"0.00"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        (m, VZ.indicator, '" \\u2013 "@cs'),
        (m, VZ.guarantor, URIRef("http://x/actor/a")),
    ]
    facts = facts_from_triples(triples)
    assert facts.measures == {str(m)}
    assert not facts.paid and not facts.indicated
    assert facts.guaranteed == {str(m)}
    found = find_orphans(facts)
    assert set(found["unfunded"]) == {str(m)}  # an amount of zero is no amount
    assert set(found["unmeasured"]) == {str(m)}  # "–" says nothing
    assert not found["unowned"]


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_facts_from_graph_judge_literals_as_the_builder_does(backend):
    """The store writes literals its own way (bare numbers, escapes): the judged facts must
    be those the builder's triples give."""
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD

    from vazby.query.orphans import facts_from_graph
    from vazby.rdf.store import open_store

    graph = open_store() if backend == "oxigraph" else Graph()
    m1, m2 = URIRef("http://x/plan/p/measure/1"), URIRef("http://x/plan/p/measure/2")
    paid, unpaid = URIRef("http://x/plan/p/budget/1"), URIRef("http://x/plan/p/budget/2")
    link, source = URIRef("http://x/plan/p/link/1"), URIRef("http://x/source/opz")
    said, dash = URIRef("http://x/mention/1"), URIRef("http://x/mention/2")
    for t in [
        (m1, RDF.type, VZ.Measure),
        (m2, RDF.type, VZ.Measure),
        (m1, VZ.fundedBy, paid),
        (m2, VZ.fundedBy, unpaid),
        (paid, VZ.amountCZK, Literal("120000.50", datatype=XSD.decimal)),
        (unpaid, VZ.amountCZK, Literal("0", datatype=XSD.integer)),
        (m1, VZ.indicator, Literal(' \u2013 "x"', lang="cs")),  # not blank: has quotes
        (m2, VZ.indicator, Literal(" \u2013 ", lang="cs")),
        (m2, VZ.indicator, Literal("-")),
        (m1, VZ.guarantor, URIRef("http://x/actor/a")),
        (link, VZ.linkSource, m2),
        (link, VZ.linkTarget, m1),
        (link, VZ.linkKind, Literal("cost")),
        (m2, VZ.fundingSource, source),
        (said, VZ.mentionIn, m2),
        (said, VZ.mentionOf, source),
        (said, VZ.rawText, Literal("\u2013")),
        (dash, VZ.mentionIn, m1),
        (dash, VZ.mentionOf, source),
        (dash, VZ.rawText, Literal('OPZ "plus"')),
    ]:
        graph.add(t)
    facts = facts_from_graph(graph)
    assert facts.measures == {str(m1), str(m2)}
    assert facts.paid == {str(paid)}
    assert facts.indicated == {str(m1)}
    assert facts.guaranteed == {str(m1)}
    assert facts.cost_links == {str(link)}
    assert facts.blank_sources == {(str(m2), str(source))}
    triples = [(s, p, o if not isinstance(o, Literal) else o.n3()) for s, p, o in graph]
    expected = facts_from_triples(triples)
    for name in ("measures", "paid", "indicated", "guaranteed", "cost_links", "blank_sources"):
        assert getattr(facts, name) == getattr(expected, name), name
    assert find_orphans(facts) == find_orphans(expected)


def _random_plan(rng, store):
    """A small graph with what the rules must judge: goals with several parents and cycles
    of hasPart, links with several or no targets, budget lines shared or repeated, funding
    sources named by blank and non-blank mentions, cost links, blank indicators."""
    from rdflib import XSD

    x = "http://x.test/"
    graph = store()
    plan = URIRef(x + "plan")
    graph.add((plan, VZ.identifier, Literal("p")))
    goals = [URIRef(f"{x}goal/{i}") for i in range(rng.randint(1, 4))]
    measures = [URIRef(f"{x}measure/{i}") for i in range(rng.randint(1, 9))]
    lines = [URIRef(f"{x}line/{i}") for i in range(rng.randint(0, 5))]
    sources = [URIRef(f"{x}source/{i}") for i in range(3)]
    for i, m in enumerate(measures):
        graph.add((m, RDF.type, VZ.Measure))
        graph.add((m, VZ.identifier, Literal(f"1.{i}")))
        graph.add((m, VZ.inPlan, plan))
        for goal in rng.sample(goals, rng.randint(0, len(goals))):
            graph.add((goal, VZ.hasPart, m))
        if rng.random() < 0.7:
            graph.add((m, VZ.guarantor, URIRef(x + "actor")))
        if rng.random() < 0.7:
            graph.add((m, VZ.indicator, Literal(rng.choice(["-", "počet klientů", " x "]))))
        for line in rng.sample(lines, rng.randint(0, min(2, len(lines)))):
            graph.add((m, VZ.fundedBy, line))
    for goal in goals:  # goals in goals, cycles included
        if rng.random() < 0.5:
            graph.add((rng.choice(goals), VZ.hasPart, goal))
    for line in lines:
        if rng.random() < 0.5:
            amount = rng.choice(["0", "150000", "-5"])
            graph.add((line, VZ.amountCZK, Literal(amount, datatype=XSD.decimal)))
    holders = measures + lines
    for k in range(rng.randint(0, 6)):
        holder, source = rng.choice(holders), rng.choice(sources)
        graph.add((holder, VZ.fundingSource, source))
        for j in range(rng.randint(0, 2)):
            mention = URIRef(f"{x}mention/{k}/{j}")
            graph.add((mention, VZ.mentionIn, holder))
            graph.add((mention, VZ.mentionOf, source))
            graph.add((mention, VZ.rawText, Literal(rng.choice(["-", "OPZ+", " – "]))))
    for k in range(rng.randint(0, 6)):
        link = URIRef(f"{x}link/{k}")
        graph.add((link, VZ.linkSource, rng.choice(measures)))
        targets = rng.sample(measures + goals, rng.randint(0, 2))
        for target in targets:
            graph.add((link, VZ.linkTarget, target))
        costs = targets and set(targets) <= set(measures) and rng.random() < 0.5
        graph.add((link, VZ.linkKind, Literal("cost" if costs else "goal")))
    return graph


@pytest.mark.parametrize(("backend", "graphs"), [("oxigraph", 400), ("rdflib", 30)])
def test_python_and_sparql_rules_agree_on_random_graphs(backend, graphs):
    import random

    from rdflib import Graph

    store = open_store if backend == "oxigraph" else Graph
    rng = random.Random(20261123)
    reasons = set()
    for _ in range(graphs):
        graph = _random_plan(rng, store)
        python = sorted((r.plan, r.id, r.reason) for r in orphan_measures(graph, recompute=True))
        assert python == _rules_sparql(graph), graph.serialize(format="nt")
        reasons |= {r[2] for r in python}
    assert reasons == {"unlinked", "unowned", "unfunded", "unmeasured"}


def test_stored_and_recomputed_findings_name_a_measure_with_several_labels_alike():
    from rdflib import RDFS, SKOS

    graph = open_store()
    for triple in seeds_graph():
        graph.add(triple)
    stored = orphan_measures(graph)
    measures = {r.id: r for r in stored}
    first, second = sorted(measures)[:2]
    for ident, extra in ((first, RDFS.label), (second, SKOS.prefLabel)):
        node = select(
            graph,
            "SELECT ?m WHERE { ?m a vz:Measure ; vz:identifier ?id ; vz:inPlan/vz:identifier ?p }",
            {"id": [Literal(ident)], "p": [Literal(measures[ident].plan)]},
        )[0]["m"]
        graph.add((node, extra, Literal("A title in English", lang="en")))
        graph.add((node, extra, Literal("Aaa název", lang="cs")))
    assert _rows(orphan_measures(graph)) == _rows(orphan_measures(graph, recompute=True))
    titles = {r.id: r.title for r in orphan_measures(graph)}
    assert titles[first] == "Aaa název"
