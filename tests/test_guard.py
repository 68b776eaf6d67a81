"""``vazby.guard``: what a query may do, read from its tokens as Oxigraph reads them.

The oracle: Oxigraph refuses to open an HTTP connection to port 1 ("The port 1 is not
allowed…") and says so only when it evaluates a ``SERVICE`` to such an IRI. So a query that
the guard lets through must never make Oxigraph say it, and nothing touches the network.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vazby.errors import QueryError
from vazby.guard import MAX_DEPTH, QueryRefused, check_query

PORT_ONE = "http://127.0.0.1:1/"
PRO = f"PREFIX ex: <{PORT_ONE}> PREFIX : <{PORT_ONE}> "


def tried_service(query: str) -> bool:
    """Whether Oxigraph, running ``query`` on a one-triple store, tried to fetch a SERVICE."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))
    try:
        result = store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except OSError as exc:
        return "port 1 is not allowed" in str(exc)
    except (SyntaxError, ValueError, RuntimeError):
        return False
    return False


def guard_lets_through(query: str) -> bool:
    try:
        check_query(query)
    except QueryError:
        return False
    return True


# The forms a regular expression over the text missed, and the ones Oxigraph reads as SERVICE
# although no word "SERVICE" stands alone in them (it matches keywords without a boundary).
BYPASSES = [
    r"PREFIX ex: <http://x/> SELECT * { VALUES ?x { ex:a\# } SERVICE <PORT> { ?s ?p ?o } }",
    r"PREFIX ex: <http://x/> SELECT * { VALUES ?x { ex:a\' } SERVICE <PORT> { ?s ?p ?o } }",
    r"SELECT * { SERVICE <\u0068ttp://127.0.0.1:1/x> { ?s ?p ?o } }",
    "SELECT * { SERVICE:x { ?s ?p ?o } }",
    "SELECT * { SERVICEex:x { ?s ?p ?o } }",
    "SELECT * { SERVICE<PORT>{ ?s ?p ?o } }",
    "SELECT * { service\tex:x { ?s ?p ?o } }",
    "SELECT * { SERVICE#c\nex:x { ?s ?p ?o } }",
    "SELECT * { OPTIONAL { SERVICE ex:y {} } }",
    "SELECT * { ?s ?p ?o.SERVICE:x {} }",
]
#: Glued to the term before them: refused as well (no triple of the oracle's store matches).
GLUED = [
    "SELECT * { ?s ?p 1.SERVICE:x {} }",
    "SELECT * { ?s ?p 'a'.SERVICE:x {} }",
    'SELECT * { ?s ?p "x"@en.SERVICE:x {} }',
    "SELECT * { ?s ?p ?o FILTER(?s<ex:a) SERVICE:x {} }",
]


@pytest.mark.parametrize("query", BYPASSES)
def test_guard_service_forms_oxigraph_would_fetch_refused(query):
    text = PRO + query.replace("PORT", PORT_ONE)
    assert tried_service(text)  # the form really is a federated query to Oxigraph
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(text)


@pytest.mark.parametrize("query", GLUED)
def test_guard_service_glued_to_a_term_refused(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(PRO + query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ex:p 'SERVICE <x> {}' } # SERVICE <y> {}",
        "SELECT * { ?s <http://x/SERVICE> ?o ; ex:service ?z }",
        'SELECT * { ?s ?p """a "" SERVICE "" b""" }',
        r"SELECT * { ?s ?p 'it\'s SERVICE' }",
        "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) } ORDER BY DESC(?o) LIMIT 2",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) >= 2)",
        "ASK { ?s ?p 1.5e3, .5, -2, +3 ; ex:q true, _:b1, [ ex:r ?x ] }",
        "SELECT * { ?s ?p ?o } VALUES ?x { 1 }",
        'SELECT * { ?s ?p "x"@cs-CZ , "1"^^<http://www.w3.org/2001/XMLSchema#int> }',
        r"SELECT * { ?s ex:a%C3\.b ?o . ?s $v ?w ; ex:č ?z }",
    ],
)
def test_guard_plain_queries_pass(query):
    check_query(PRO + query)


@pytest.mark.parametrize(
    "update",
    [
        "PREFIX ex: <http://x/#a>  # cleanup\nBASE <http://y/>\n delete WHERE { ?s ?p ?o }",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "LOAD <http://127.0.0.1:9/x>",
        "CLEAR ALL",
        "WITH <g:1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_guard_updates_refused(update):
    with pytest.raises(QueryRefused, match="read-only"):
        check_query(update)


def test_guard_5000_nested_parentheses_refused_before_the_engine():
    # 5,000 nested parentheses ended the server with a segmentation fault
    deep = "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(QueryRefused, match=f"more than {MAX_DEPTH} deep"):
        check_query(deep)
    check_query("SELECT * { FILTER(" + "(" * 50 + "1" + ")" * 50 + ") }")


def test_guard_unterminated_long_string_read_in_linear_time():
    # '"""' then 20,000 escaped quotes kept a regular expression busy for 14 s
    text = 'SELECT * { ?s ?p """' + '\\"' * 20000 + " }"
    started = time.perf_counter()
    with pytest.raises(QueryError, match="cannot read"):
        check_query(text)
    assert time.perf_counter() - started < 1.0


def test_guard_oversized_query_refused_with_the_limit():
    with pytest.raises(QueryRefused, match="more than the 100 accepted"):
        check_query("ASK {" + " " * 200 + "}", max_chars=100)


def test_guard_unreadable_text_named_with_its_position():
    with pytest.raises(QueryError, match=r"line 2, column 3"):
        check_query("SELECT *\n{ ` }")


# -- fuzz: pieces of SPARQL put together, with Oxigraph as the oracle --------------------------

PIECES = [
    "SERVICE",
    "service",
    "SeRvIcE",
    "SILENT",
    "OPTIONAL",
    "GRAPH",
    "ex:",
    ":",
    "ex:x",
    ":x",
    f"<{PORT_ONE}>",
    r"<\u0068ttp://127.0.0.1:1/>",
    "?s",
    "?service",
    "$x",
    "_:b",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ".",
    ";",
    ",",
    " ",
    "\n",
    "\t",
    "#",
    "'",
    '"',
    "'''",
    '"""',
    "\\",
    "\\#",
    "\\'",
    "a",
    "1",
    "1.",
    ".5",
    "@en",
    "^^",
    "<",
    ">",
    "FILTER",
    "VALUES",
    "ex:a.",
    "%41",
]


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_guard_fuzz_nothing_it_passes_reaches_a_service(pieces):
    query = PRO + "SELECT * { " + "".join(pieces) + " { ?s ?p ?o } }"
    if guard_lets_through(query):
        assert not tried_service(query), query


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_guard_fuzz_any_text_answers_quickly_without_crashing(text):
    started = time.perf_counter()
    try:
        check_query(text)
    except QueryError:
        pass
    assert time.perf_counter() - started < 0.5


# -- parameters of named queries: a value never becomes query text -----------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.sampled_from(["x:a", ">", "<", "}", "{", " ", '"', "SERVICE", f"<{PORT_ONE}>", "\\"]),
        min_size=1,
        max_size=8,
    )
)
def test_guard_fuzz_named_query_parameter_never_injects(pieces):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
    from tinygraph import lhota_graph

    from vazby.errors import UnknownEntity
    from vazby.query.named import run_named

    graph = _lhota(lhota_graph)
    try:
        run_named(graph, "deps-up", node="".join(pieces), plan="lhota")
    except (QueryError, UnknownEntity) as exc:
        assert "port 1" not in str(exc)


_GRAPHS: dict = {}


def _lhota(make):
    if "lhota" not in _GRAPHS:
        _GRAPHS["lhota"] = make().graph
    return _GRAPHS["lhota"]


def test_vazby_own_queries_grow_with_the_corpus_and_are_not_size_bounded():
    # dependency and audit queries inline VALUES blocks of thousands of IRIs
    from vazby.rdf.store import open_store, select

    iris = " ".join(f"<https://w3id.org/vazby/id/plan/p/measure/{i}>" for i in range(6000))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?m {{ {iris} }} }}"
    assert len(query) > 256 * 1024
    assert select(open_store(), query)[0]["n"] == "6000"


def test_sparql_command_refuses_an_oversized_query_file(tmp_path):
    from click.testing import CliRunner

    from vazby.cli import main

    graph = tmp_path / "g.nt"
    graph.write_text("<a:s> <a:p> <a:o> .\n", encoding="utf-8")
    query = tmp_path / "big.rq"
    query.write_text("ASK {" + " " * (300 * 1024) + "}", encoding="utf-8")
    result = CliRunner().invoke(main, ["sparql", str(graph), str(query)])
    assert result.exit_code == 1
    assert f"{query}: the query has" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "unit",
    ["a.", "a-", "ex:a.", "1.", "@a-", "-a", ":a", "a:", "%41", "<a", '"', "\\'", "_:a.", "(a"],
)
def test_guard_repeated_fragments_scanned_in_linear_time(unit):
    # "a.a.a…" once made every name start rescan the rest of the text: 14 s for 100 KB
    text = "ASK {" + unit * (100_000 // len(unit)) + "}"
    started = time.perf_counter()
    try:
        check_query(text, max_depth=10**6)
    except QueryError:
        pass
    assert time.perf_counter() - started < 1.5
