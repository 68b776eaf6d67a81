"""Orphan findings: decided from the graph as it is, equal in Python and in SPARQL."""

from __future__ import annotations

import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))

from fixtures.tinygraph import lhota_graph, seeds_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.pipeline import build_corpus  # noqa: E402
from vazby.query.named import run_named, run_named_sparql  # noqa: E402
from vazby.query.orphans import facts_from_graph, find_orphans  # noqa: E402
from vazby.query.queries import orphan_measures  # noqa: E402
from vazby.rdf.store import open_store, run_query, select  # noqa: E402

RULES = (resources.files("vazby.query") / "sparql" / "orphans.rq").read_text("utf-8")


def _rows(rows) -> list[tuple]:
    return [(r.plan, r.id, r.reason, r.title, r.detail, r.source) for r in rows]


def _named(graph, **params) -> Counter:
    """The named query ``orphans`` as vazby answers it (by the rules), every column, after
    checking its rows are sorted as the query's ORDER BY; equal to the rows of its SPARQL
    text (ties of that order are left to the engine: compared as a multiset)."""
    rows = run_named(graph, "orphans", **params)
    keys = [(r["plan"], r["id"], r["reason"]) for r in rows]
    assert keys == sorted(keys)
    got = Counter(tuple(sorted(r.items())) for r in rows)
    assert got == Counter(
        tuple(sorted(r.items())) for r in run_named_sparql(graph, "orphans", **params)
    )
    return got


def _rules_sparql(graph) -> list[tuple]:
    return sorted((str(r["plan"]), str(r["id"]), str(r["reason"])) for r in run_query(graph, RULES))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    import synth

    folder = tmp_path_factory.mktemp("synth")
    synth.write_corpus(folder, 400, seed=5)
    return build_corpus([folder], jobs=1).graph


def test_orphans_of_one_kind_or_plan_are_those_of_all():
    graph = seeds_graph()
    every = orphan_measures(graph)
    assert every
    for plan in {r.plan for r in every}:
        assert _rows(orphan_measures(graph, plan=plan)) == [
            row for row in _rows(every) if row[0] == plan
        ]
    for kind in ("unlinked", "unfunded"):
        assert _rows(orphan_measures(graph, kind)) == [
            row for row in _rows(every) if row[2] == kind
        ]


def test_a_synthetic_corpus_has_unlinked_and_unfunded_measures(synthetic):
    assert {r.reason for r in orphan_measures(synthetic)} >= {"unlinked", "unfunded"}


def test_rules_in_sparql_agree_with_the_rules_in_python(synthetic):
    for graph in (lhota_graph().graph, seeds_graph(), synthetic):
        python = sorted((r.plan, r.id, r.reason) for r in orphan_measures(graph))
        assert python == _rules_sparql(graph)


def test_named_orphans_answers_by_the_rules_for_one_plan_too():
    graph = seeds_graph()
    named = {(r["plan"], r["id"], r["reason"]) for r in run_named(graph, "orphans")}
    assert named == {(r.plan, r.id, r.reason) for r in orphan_measures(graph)}
    plans = {k[0] for k in named}
    assert len(plans) > 1
    every = _named(graph)
    for plan in plans:
        assert _named(graph, plan=plan) == Counter(
            {row: n for row, n in every.items() if dict(row)["plan"] == plan}
        )
    assert not run_named(graph, "orphans", plan="no-such-plan")


def test_named_orphans_rows_of_a_graph_edited_by_hand_equal_the_querys():
    """Rows as the query's joins make them: one per span at the measure's first line that
    has a file (a span's locator, else file:line), none for a measure without an
    identifier, one per identifier, and no place where the first span has no file."""
    from rdflib import PROV

    graph = open_store()
    for triple in lhota_graph().graph:
        graph.add(triple)
    before = _named(graph)
    rows = run_named(graph, "orphans")
    assert all(r["file"] and r["line"] and r["locator"] for r in rows)
    first, second, third, fourth = list(dict.fromkeys(r["measure"] for r in rows))[:4]
    span = next(graph.objects(first, PROV.wasDerivedFrom))
    twin = URIRef(str(span) + "-twin")
    for p, o in graph.predicate_objects(span):
        graph.add((twin, p, o))
    other = URIRef("http://x.test/document/other")
    graph.set((twin, VZ.document, other))
    graph.add((other, VZ.fileName, Literal("other.pdf")))
    graph.add((twin, VZ.locator, Literal("other.pdf:p2:5")))
    graph.add((first, PROV.wasDerivedFrom, twin))
    graph.remove((next(graph.objects(second, PROV.wasDerivedFrom)), VZ.document, None))
    graph.remove((third, VZ.identifier, None))
    graph.add((fourth, VZ.identifier, Literal("9.9.9.9")))
    after = _named(graph)
    assert after != before
    places = {(dict(r)["file"], dict(r)["locator"]) for r in after if dict(r)["measure"] == first}
    assert ("other.pdf", "other.pdf:p2:5") in places and len(places) == 2
    assert {dict(r)["file"] for r in after if dict(r)["measure"] == second} == {None}
    assert not any(dict(r)["measure"] == third for r in after)
    assert {dict(r)["id"] for r in after if dict(r)["measure"] == fourth} >= {"9.9.9.9"}


def test_a_guarantor_removed_by_hand_leaves_its_measure_unowned(synthetic):
    measure = next(
        r["m"] for r in select(synthetic, "SELECT ?m WHERE { ?m a vz:Measure ; vz:guarantor ?a }")
    )
    edited = open_store()
    for triple in synthetic:
        edited.add(triple)
    ident = select(edited, "SELECT ?id WHERE { ?m vz:identifier ?id }", {"m": [measure]})[0]["id"]
    assert ident not in {r.id for r in orphan_measures(edited, "unowned")}
    edited.remove((URIRef(measure), VZ.guarantor, None))
    assert ident in {r.id for r in orphan_measures(edited, "unowned")}
    assert ident in {r["id"] for r in run_named(edited, "orphans") if r["reason"] == "unowned"}


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_facts_from_graph_judge_literals_by_their_text(backend):
    """The store writes literals its own way (bare numbers, escapes): each is judged by its
    lexical form, alike on both stores."""
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD

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
    found = find_orphans(facts)
    assert set(found["unmeasured"]) == {str(m2)}  # "–" and "-" say nothing
    assert not found["unowned"].keys() & {str(m1)}


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
        python = sorted((r.plan, r.id, r.reason) for r in orphan_measures(graph))
        assert python == _rules_sparql(graph), graph.serialize(format="nt")
        assert sum(_named(graph).values()) == len(python)
        reasons |= {r[2] for r in python}
    assert reasons == {"unlinked", "unowned", "unfunded", "unmeasured"}


def test_a_measure_with_several_labels_is_named_by_the_label_chooser():
    from rdflib import RDFS, SKOS

    graph = open_store()
    for triple in seeds_graph():
        graph.add(triple)
    measures = {r.id: r for r in orphan_measures(graph)}
    first, second = sorted(measures)[:2]
    for ident, extra in ((first, RDFS.label), (second, SKOS.prefLabel)):
        node = select(
            graph,
            "SELECT ?m WHERE { ?m a vz:Measure ; vz:identifier ?id ; vz:inPlan/vz:identifier ?p }",
            {"id": [Literal(ident)], "p": [Literal(measures[ident].plan)]},
        )[0]["m"]
        graph.add((node, extra, Literal("A title in English", lang="en")))
        graph.add((node, extra, Literal("Aaa název", lang="cs")))
    titles = {r.id: r.title for r in orphan_measures(graph)}
    assert titles[first] == "Aaa název"


BLANK_SOURCES = """
@prefix vz: <https://w3id.org/vazby/ontology#> .
@prefix x: <http://x.test/> .
x:m1 vz:fundingSource x:opz .
x:d1 vz:mentionIn x:m1 ; vz:mentionOf x:opz ; vz:rawText "-" .
x:m2 vz:fundingSource x:opz .
x:d2 vz:mentionIn x:m2 ; vz:mentionOf x:opz ; vz:rawText "–" .
x:s2 vz:mentionIn x:m2 ; vz:mentionOf x:opz ; vz:rawText "OPZ+" .
x:m3 vz:fundingSource x:mesto .
x:s3 vz:mentionIn x:m3 ; vz:mentionOf x:mesto ; vz:rawText "rozpočet města" .
"""


def test_blank_sources_are_pairs_named_by_blank_mentions_only():
    from vazby.query.orphans import blank_sources

    graph = open_store()
    graph.parse(data=BLANK_SOURCES, format="turtle")
    assert blank_sources(graph) == {("<http://x.test/m1>", "<http://x.test/opz>")}


def test_one_plan_is_judged_from_its_part_as_from_the_whole_graph():
    """A plan's measures read with their links, lines and costs into other plans: a link in
    from plan b, a budget line shared with b, a cost "Viz opatření b:1" funded in b."""
    from vazby.query.orphans import facts_of_plan
    from vazby.query.plans import plan_nodes

    graph = open_store()
    x = "http://x.test/"
    plans = {slug: URIRef(f"{x}plan/{slug}") for slug in ("a", "b")}
    m = {k: URIRef(f"{x}plan/{k[0]}/measure/{k[1:]}") for k in ("a1", "a2", "a3", "b1", "b2")}
    for key, node in m.items():
        graph.add((node, RDF.type, VZ.Measure))
        graph.add((node, VZ.identifier, Literal(key)))
        graph.add((node, VZ.inPlan, plans[key[0]]))
    for slug, node in plans.items():
        graph.add((node, RDF.type, VZ.Plan))
        graph.add((node, VZ.identifier, Literal(slug)))
    link_in, cost = URIRef(f"{x}link/1"), URIRef(f"{x}link/2")
    shared, paid = URIRef(f"{x}budget/shared"), URIRef(f"{x}budget/paid")
    for t in [
        (link_in, VZ.linkSource, m["b2"]),
        (link_in, VZ.linkTarget, m["a1"]),
        (m["a2"], VZ.fundedBy, shared),
        (m["b2"], VZ.fundedBy, shared),
        (cost, VZ.linkSource, m["a3"]),
        (cost, VZ.linkTarget, m["b1"]),
        (cost, VZ.linkKind, Literal("cost")),
        (m["b1"], VZ.fundedBy, paid),
        (paid, VZ.amountCZK, Literal("5000")),
    ]:
        graph.add(t)
    every = _rows(orphan_measures(graph))
    for slug in plans:
        assert _rows(orphan_measures(graph, plan=slug)) == [r for r in every if r[0] == slug]
    a = {(r[1], r[2]) for r in every if r[0] == "a"}
    assert ("a1", "unlinked") not in a and ("a2", "unlinked") not in a
    assert ("a3", "unfunded") not in a and ("a1", "unfunded") in a
    facts = facts_of_plan(graph, plan_nodes(graph, "a"))
    assert facts.measures == {str(m[k]) for k in ("a1", "a2", "a3", "b1")}
