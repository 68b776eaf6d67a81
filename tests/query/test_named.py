"""The named SPARQL queries: headers, parameters, and agreement with the Python answers."""

from __future__ import annotations

import sys
from collections import Counter
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph, seeds_graph  # noqa: E402

from vazby.errors import QueryError, UnknownEntity  # noqa: E402
from vazby.query import queries as q  # noqa: E402
from vazby.query.named import (  # noqa: E402
    named_queries,
    parse_named,
    run_named,
    run_named_sparql,
)
from vazby.rdf.store import select  # noqa: E402


@pytest.fixture(scope="module")
def lhota():
    return lhota_graph().graph


@pytest.fixture(scope="module", params=["lhota", "seeds"])
def graph(request):
    return lhota_graph().graph if request.param == "lhota" else seeds_graph()


def test_parse_named_header_reads_title_description_and_parameters():
    text = (
        "# title: Upstream\n# description: What it relies on,\n#   transitively.\n"
        "# parameters: ?node (IRI) the measure\n#   ?plan (literal, optional) a plan\n"
        "SELECT * WHERE { ?node ?p ?o }\n"
    )
    named = parse_named("up", text)
    assert named.description == "What it relies on, transitively."
    assert [(p.name, p.type, p.optional, p.description) for p in named.parameters] == [
        ("node", "IRI", False, "the measure"),
        ("plan", "literal", True, "a plan"),
    ]


def test_whole_corpus_header_is_read():
    marked = [named.name for named in named_queries() if named.whole_corpus]
    assert marked == ["card-table-disagreements"]
    assert not parse_named("x", "# title: X\nSELECT * WHERE { }").whole_corpus


def test_parse_named_without_title_raises():
    with pytest.raises(QueryError, match="title"):
        parse_named("x", "SELECT * WHERE { }")


def test_named_queries_every_shipped_file_has_a_header_and_runs(lhota):
    queries = named_queries()
    names = {n.name for n in queries}
    assert {
        "deps-up",
        "deps-down",
        "orphans",
        "overlap-areas",
        "overlap-pairs",
        "dangling-links",
        "card-table-disagreements",
        "diagnostics",
        "goals-without-measures",
        "budget-totals",
        "measure-kinds",
    } <= names
    for named in queries:
        assert named.title and named.description, named.name
        params = {p.name: "2.1.1.1" for p in named.parameters if not p.optional}
        run_named(lhota, named.name, plan="lhota", **params)


def test_run_named_missing_parameter_raises(lhota):
    with pytest.raises(QueryError, match=r"needs \?node"):
        run_named(lhota, "deps-up")


def test_run_named_unknown_parameter_raises(lhota):
    with pytest.raises(QueryError, match=r"no parameter \?colour"):
        run_named(lhota, "orphans", colour="blue")


def test_run_named_unknown_query_lists_the_known_ones(lhota):
    with pytest.raises(QueryError, match="deps-up"):
        run_named(lhota, "no-such-query")


def test_run_named_identifier_parameter_is_resolved(lhota):
    with pytest.raises(UnknownEntity):
        run_named(lhota, "deps-up", node="9.9.9.9")


def test_select_reports_error_position_in_the_callers_text(lhota):
    with pytest.raises(QueryError, match="line 3"):
        select(lhota, "SELECT ?m WHERE {\n  ?m a vz:Measure .\n  ?m ?m }}")


# -- SPARQL and Python agree ---------------------------------------------------------------


def _measures(graph):
    return [
        (r["plan"], r["m"])
        for r in select(
            graph, "SELECT ?m ?plan WHERE { ?m a vz:Measure ; vz:inPlan/vz:identifier ?plan }"
        )
    ]


def test_deps_sparql_and_python_agree_for_every_measure(graph):
    for _, measure in _measures(graph):
        for direction, name in (
            ("up", "deps-up"),
            ("down", "deps-down"),
        ):
            python = {
                r.id
                for r in q.dependencies(graph, str(measure), direction=direction)
                if r.id != q.resolve(graph, str(measure)).id
            }
            sparql = {r["id"] or r["label"] for r in run_named(graph, name, node=measure)}
            assert python == sparql, (measure, direction)


def test_orphans_sparql_and_python_agree(graph):
    python = [(r.plan, r.id, r.reason) for r in q.orphan_measures(graph)]
    rows = run_named(graph, "orphans")
    assert sorted(python) == sorted((r["plan"], r["id"], r["reason"]) for r in rows)


def test_overlap_areas_sparql_and_python_agree(graph):
    python = {(r.iri, r.count, r.measures) for r in q.actor_spread(graph, "areas", minimum=1)}
    sparql = {
        (str(r["actor"]), int(r["areas"]), int(r["measures"]))
        for r in run_named(graph, "overlap-areas")
    }
    assert python == sparql


def test_overlap_pairs_sparql_and_python_agree(graph):
    python = {(r.iri_a, r.iri_b, r.shared, r.jaccard) for r in q.actor_pairs(graph, "measures")}
    python = {(*sorted(p[:2]), p[2], p[3]) for p in python}
    sparql = {
        (str(r["a"]), str(r["b"]), int(r["shared"]), round(float(r["jaccard"]), 3))
        for r in run_named(graph, "overlap-pairs")
    }
    assert python == sparql


def test_kinds_sparql_and_python_agree(graph):
    python = {(r.iri, r.towns) for r in q.kind_spread(graph, minimum=1)}
    sparql = {
        (str(r["kind"]), int(r["towns"]))
        for r in run_named(graph, "measure-kinds")
        if int(r["towns"]) >= 1
    }
    assert python == sparql


def test_audit_checks_sparql_and_python_agree(graph):
    rows = q.audit(graph)
    for kind, name in (
        ("dangling-link", "dangling-links"),
        ("empty-goal", "goals-without-measures"),
    ):
        python = {(r.plan, r.subject) for r in rows if r.kind == kind and r.origin == "graph"}
        sparql = {(r["plan"], r["id"]) for r in run_named(graph, name)}
        # loader diagnostics may stand in for a graph finding at the same line
        loader_lines = {r.line for r in rows if r.kind == kind and r.origin == "loader"}
        assert python <= sparql
        assert len(sparql) - len(python) <= len(loader_lines)
    diagnostics = run_named(graph, "diagnostics")
    assert len(diagnostics) == len([r for r in rows if r.origin == "loader"])


def test_card_table_sparql_and_audit_agree(graph):
    def card_table_row(r) -> bool:
        if r.kind == "duplicate":
            return "has two rows" in r.message  # not a measure read from two places
        titles = "may point at another measure" in r.message  # compared in Python only
        return r.kind in ("card-table-mismatch", "missing-row") and not titles

    python = Counter(
        (r.plan, r.subject, r.kind, r.line)
        for r in q.audit(graph)
        if r.origin == "graph" and card_table_row(r)
    )
    sparql = Counter(
        (r["plan"], r["id"], r["kind"], int(r["line"]))
        for r in run_named_sparql(graph, "card-table-disagreements")
    )
    assert python == sparql and python


def test_budget_totals_count_a_shared_line_once(lhota):
    [row] = run_named(lhota, "budget-totals")
    # 800 000 + 1 000 000 (the second line is shared by two measures)
    assert (row["lines"], Decimal(row["totalCZK"]), row["measures"]) == (
        "2",
        Decimal(1_800_000),
        "3",
    )


def test_actors_query_runs_on_rdflib_and_agrees(graph):
    # GROUP_CONCAT(DISTINCT …) over an unbound plan fails on some engines: not on rdflib's.
    from rdflib import Graph, Literal

    text = (resources.files("vazby.query") / "sparql" / "actors.rq").read_text("utf-8")
    copy = Graph()
    for triple in graph:
        copy.add(triple)

    def rows(g, plan=None):
        bound = {"plan": [Literal(plan)]} if plan else None
        return sorted(
            (str(r["actor"]), r["plans"], r["mentions"], r["files"], r["sources"])
            for r in select(g, text, bound)
        )

    assert rows(copy) == rows(graph)
    assert any(r[1] for r in rows(graph))
    plan = sorted(
        r["id"] for r in select(graph, "SELECT ?id WHERE { ?p a vz:Plan ; vz:identifier ?id }")
    )[0]
    assert rows(copy, plan=plan) == rows(graph, plan=plan)


BUDGET = """
@prefix vz: <https://w3id.org/vazby/ontology#> .
@prefix x: <http://x.test/> .
x:a a vz:Plan ; vz:identifier "a" .
x:b a vz:Plan ; vz:identifier "b" .
x:c a vz:Plan ; vz:identifier "c" .
x:l1 a vz:BudgetLine ; vz:inPlan x:a ; vz:amountCZK 500 .
x:l2 a vz:BudgetLine ; vz:inPlan x:a .
x:m1 vz:fundedBy x:l1 .
x:m2 vz:fundedBy x:l1 .
x:l3 a vz:BudgetLine ; vz:inPlan x:b ; vz:amountCZK 70 .
x:l4 vz:inPlan x:c .
x:m3 vz:fundedBy x:l4 .
"""


def test_budget_totals_list_plans_of_budget_lines_with_or_without_measures():
    from vazby.rdf.store import open_store

    graph = open_store()
    graph.parse(data=BUDGET, format="turtle")
    rows = [
        (r["plan"], r["lines"], r["measures"], Decimal(r["totalCZK"]))
        for r in run_named(graph, "budget-totals")
    ]
    assert rows == [("a", "2", "2", Decimal(500)), ("b", "1", None, Decimal(70))]
    [only] = run_named(graph, "budget-totals", plan="b")
    assert only["plan"] == "b" and only["measures"] is None
