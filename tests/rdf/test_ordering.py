"""The final ORDER BY of a query sent to a store, applied to its rows by Oxigraph."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from vazby.rdf.ordering import order_rows, split_order


def test_split_order_cuts_the_final_order_only():
    query = "SELECT ?a WHERE { { SELECT ?a WHERE { } ORDER BY ?a } }\nORDER BY DESC(?a) ?b\n"
    assert split_order(query) == (
        "SELECT ?a WHERE { { SELECT ?a WHERE { } ORDER BY ?a } }\n",
        "ORDER BY DESC(?a) ?b\n",
    )


def test_split_order_leaves_a_query_with_a_window_or_without_order_whole():
    assert split_order("SELECT ?a WHERE { } ORDER BY ?a LIMIT 10") is None
    assert split_order("SELECT ?a WHERE { } ORDER BY ?a OFFSET 10") is None
    assert split_order("SELECT ?a WHERE { ?s ?p '# ORDER BY ?a' }") is None


def test_order_rows_sorts_as_sparql_does():
    rows = [
        {"label": Literal("b"), "n": Literal(2)},
        {"label": Literal("A"), "n": Literal(10)},
        {"n": Literal(10)},
        {"label": Literal("c"), "n": Literal(2)},
    ]
    ordered = order_rows("", "ORDER BY DESC(?n) LCASE(STR(?label))", ["label", "n"], rows)
    # numbers by value; an unbound label before a bound one
    assert ordered == [rows[2], rows[1], rows[0], rows[3]]


def test_order_rows_declines_what_it_cannot_evaluate_from_the_rows():
    rows = [{"a": URIRef("http://x/1")}]
    assert order_rows("", "ORDER BY MIN(?a)", ["a"], rows) is None
    assert order_rows("", "ORDER BY ?hidden", ["a"], rows) is None
    assert order_rows("", "ORDER BY ?a", ["a"], [{"a": BNode()}]) is None


def test_order_rows_reads_the_prologue_prefixes():
    rows = [{"x": URIRef("http://x/b")}, {"x": URIRef("http://x/a")}]
    ordered = order_rows("PREFIX x: <http://x/>\n", "ORDER BY (?x = x:b)", ["x"], rows)
    assert ordered == [rows[1], rows[0]]
