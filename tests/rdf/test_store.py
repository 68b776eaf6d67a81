"""``select`` reads Oxigraph's TSV results; it must give what rdflib's own engine gives."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from vazby.errors import QueryError
from vazby.rdf.store import inline_terms, open_store, select, tsv_table

EX = "http://example.org/"

TRICKY = [
    Literal('tab\tquote"back\\slash\nnew line\rreturn', lang="cs"),
    Literal("ú žluťoučký kůň"),
    Literal("control \x01 and \x1f separators"),
    Literal("<not an iri>"),
    Literal('"quoted"'),
    Literal("_:not-a-blank"),
    Literal(""),
    Literal("12", datatype=XSD.integer),
    Literal("12.5", datatype=XSD.decimal),
    Literal("true", datatype=XSD.boolean),
    Literal("2023", datatype=XSD.gYear),
    URIRef(EX + "o?x=1&y=\u00e9"),
    BNode("b1"),
]


def _graphs() -> tuple[Graph, Graph]:
    ours, theirs = open_store(), Graph()
    for i, obj in enumerate(TRICKY):
        for g in (ours, theirs):
            g.add((URIRef(f"{EX}s{i}"), URIRef(EX + "p"), obj))
    return ours, theirs


def test_select_on_oxigraph_reads_every_kind_of_term_as_rdflib_does():
    ours, theirs = _graphs()
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
    got, want = select(ours, query), select(theirs, query)
    assert [r["s"] for r in got] == [r["s"] for r in want]
    for g, w in zip(got, want, strict=True):
        if isinstance(w["o"], BNode):
            assert isinstance(g["o"], BNode)
        else:
            assert g["o"] == w["o"], w["s"]


def test_select_keeps_unbound_cells_and_rows_with_nothing_bound():
    ours, _ = _graphs()
    rows = select(
        ours,
        "SELECT ?x WHERE { VALUES ?k { 1 2 } OPTIONAL { ?k <http://example.org/none> ?x } }",
    )
    assert rows == [{"x": None}, {"x": None}]
    rows = select(ours, "SELECT ?x ?y WHERE { VALUES (?x ?y) { (UNDEF 1) (<http://e/a> UNDEF) } }")
    assert rows == [{"x": None, "y": "1"}, {"x": URIRef("http://e/a"), "y": None}]


def test_select_with_no_rows():
    ours, _ = _graphs()
    assert select(ours, "SELECT ?x WHERE { ?x <http://example.org/none> ?y }") == []


def test_tsv_table_unescapes_literals_and_reuses_one_object_per_iri():
    body = '?a\t?b\n<http://x/1>\t"t\\"o\\\\p\\u00e9"@cs\n<http://x/1>\t12\n_:b0\t\n'
    rows = tsv_table(body, 2)
    assert rows[0] == (URIRef("http://x/1"), 't"o\\pé')
    assert rows[1][0] is rows[0][0] and rows[1][1] == "12"
    assert rows[2] == (BNode("b0"), None)


def test_tsv_table_refuses_a_row_of_the_wrong_width():
    with pytest.raises(QueryError, match="TSV"):
        tsv_table("?a\t?b\n<http://x/1>\n", 2)


@pytest.mark.parametrize(
    ("body", "width", "rows"),
    [
        ("?a\t?b\n", 2, []),  # a header, no row
        ("?a\t?b\n<http://x/1>\t\n\t12\n", 2, [("<http://x/1>", ""), ("", "12")]),
        ("?a\n", 1, []),
        ("?a\n\n", 1, [("",)]),  # one row, its one variable unbound
        ("?a\n<http://x/1>\n\n", 1, [("<http://x/1>",), ("",)]),
        ("?a\n<http://x/1>", 1, [("<http://x/1>",)]),  # no newline after the last row
    ],
)
def test_tsv_table_raw_cells_by_row(body, width, rows):
    assert tsv_table(body, width, raw=True) == rows


def test_tsv_table_raw_refuses_a_row_of_the_wrong_width():
    with pytest.raises(QueryError, match="wrong width"):
        tsv_table("?a\t?b\n<http://x/1>\t1\n<http://x/2>\n", 2, raw=True)


def test_select_table_raw_cells_read_back_alike_from_both_stores():
    from vazby.rdf.store import select_table, term_value

    ours, theirs = _graphs()
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
    got = select_table(ours, query, raw=True)[1]
    want = select_table(theirs, query, raw=True)[1]
    assert [s for s, _ in got] == [s for s, _ in want]
    assert all(s.startswith("<") for s, _ in got)
    for (_, g), (s, w) in zip(got, want, strict=True):
        if w.startswith("_:"):
            assert g.startswith("_:")
        else:
            assert term_value(g) == term_value(w), s
    assert select_table(ours, "SELECT ?x WHERE { VALUES ?x { UNDEF 1 } }", raw=True)[1] == [
        ("",),
        ("1",),
    ]


def test_without_gc_pauses_the_collector_and_restores_it():
    import gc

    from vazby.rdf.store import without_gc

    seen = []

    @without_gc
    def inner():
        seen.append(gc.isenabled())

    @without_gc
    def outer(fail: bool):
        inner()
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")

    assert gc.isenabled()
    outer(False)
    assert seen == [False, False] and gc.isenabled()
    with pytest.raises(ValueError):
        outer(True)
    assert gc.isenabled()
    gc.disable()
    try:
        outer(False)
        assert not gc.isenabled()  # a caller's pause is left as it was
    finally:
        gc.enable()


def test_inline_terms_writes_only_the_variable_tokens_of_the_body():
    """A path's start as a constant (Virtuoso refuses a start bound by VALUES); the same
    name inside a string, an IRI or a comment, or as a longer variable, stays as written."""
    query = (
        "SELECT ?t WHERE { ?node vz:linksTo+ ?t . FILTER(?t != $node) "
        'FILTER(?label != "?node") ?nodeX <http://x/?node> ?t } # ?node'
    )
    got = inline_terms(query, {"node": URIRef("http://x/1")})
    assert got == (
        "SELECT ?t WHERE { <http://x/1> vz:linksTo+ ?t . FILTER(?t != <http://x/1>) "
        'FILTER(?label != "?node") ?nodeX <http://x/?node> ?t } # ?node'
    )


def test_inline_terms_refuses_a_projected_variable_and_a_term_that_breaks_out():
    with pytest.raises(QueryError, match="projected"):
        inline_terms("SELECT ?node WHERE { ?node ?p ?o }", {"node": URIRef("http://x/1")})
    with pytest.raises(QueryError, match="not an IRI"):
        inline_terms("SELECT ?o WHERE { ?node ?p ?o }", {"node": URIRef("http://x/> } #")})
