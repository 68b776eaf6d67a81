"""``vazby.serve`` and ``vazby.protocol``: the read-only SPARQL endpoint, on an ephemeral
port of 127.0.0.1 in a thread, over small graphs written inline."""

from __future__ import annotations

import csv
import io
import json
import logging
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from tinygraph import TinyGraph, lhota_graph  # noqa: E402

from vazby.cli import main  # noqa: E402
from vazby.exports.registry import RDF, formats  # noqa: E402
from vazby.protocol import negotiate, refusal  # noqa: E402
from vazby.query.named import run_named  # noqa: E402
from vazby.rdf.store import FORMATS as RDF_SYNTAXES  # noqa: E402
from vazby.rdf.store import open_store, run_query  # noqa: E402
from vazby.serve import Endpoint, make_server  # noqa: E402

PLANS = "SELECT ?p ?l WHERE { ?p a vz:Plan ; rdfs:label ?l } ORDER BY ?p"
#: Three patterns over the same predicate: n³ rows for n triples, seconds for a few hundred.
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"


class Served:
    """A running server and a bounded client for it."""

    def __init__(self, endpoint: Endpoint, **options) -> None:
        self.endpoint = endpoint
        self.server = make_server(endpoint, "127.0.0.1", 0, **options)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def request(self, path: str, data: bytes | None = None, **headers: str):
        """(status, headers, body) of one request; never raises for an HTTP status."""
        headers = {k.replace("_", "-"): v for k, v in headers.items()}
        req = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=20) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def get(self, query: str, accept: str | None = None):
        extra = {"Accept": accept} if accept else {}
        return self.request("/sparql?" + urlencode({"query": query}), **extra)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def lhota() -> Graph:
    return lhota_graph().graph


@pytest.fixture(scope="module")
def served(lhota) -> Iterator[Served]:  # one server and worker pool for the module: seconds each
    s = Served(Endpoint(lhota, "lhota.ttl"), max_body=4096)
    yield s
    s.stop()


def slow_endpoint(timeout: float, max_queries: int, per_client: int = 0) -> Endpoint:
    """250 triples; these tests' one client may fill every worker unless ``per_client``."""
    graph = open_store()
    for i in range(250):
        graph.add((URIRef(f"http://x/s{i}"), URIRef("http://x/p"), Literal(i)))
    return Endpoint(graph, "slow", timeout=timeout, max_queries=max_queries, per_client=per_client)


def rows(result: Result) -> list[tuple]:
    names = list(result.vars or ())
    return [tuple(b.get(v) for v in names) for b in result.bindings]


# -- negotiation and refusals (no socket) ------------------------------------------------------


def test_negotiate_specific_range_beats_wildcard_quality():
    # "Accept: text/*;q=0.2, text/tab-separated-values" (a TSV-preferring client)
    offered = ["application/sparql-results+json", "text/csv", "text/tab-separated-values"]
    assert negotiate("text/*;q=0.2, text/tab-separated-values", offered) == offered[2]


def test_negotiate_browser_accept_default_json():
    # a browser following an index link: "text/html,application/xhtml+xml,…,*/*;q=0.8"
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate(accept, ["application/sparql-results+json", "text/csv"]) == (
        "application/sparql-results+json"
    )


def test_negotiate_zero_quality_excludes_type():
    assert negotiate("text/csv;q=0, */*;q=0.1", ["text/csv", "text/turtle"]) == "text/turtle"
    assert negotiate("application/pdf", ["text/csv"]) is None


def test_refusal_update_after_prologue_and_comment_refused():
    # "PREFIX ex: <…>  # cleanup\n DELETE WHERE { … }" sent as a query
    text = "PREFIX ex: <http://x/#a>  # cleanup\nBASE <http://y/>\n delete WHERE { ?s ?p ?o }"
    assert "read-only" in refusal(text)
    for keyword in ("LOAD <http://x/>", "CLEAR ALL", "DROP GRAPH <g:1>", "WITH <g:1> DELETE {}"):
        assert refusal(keyword), keyword


def test_refusal_keywords_inside_strings_iris_and_names_allowed():
    # a label search: FILTER(CONTAINS(?l, "DELETE")) and a ?service variable are harmless
    text = (
        "SELECT ?service WHERE { ?service rdfs:label ?l ; <http://x/SERVICE> ?o ; "
        "ex:service ?z FILTER(CONTAINS(?l, 'SERVICE')) } # SERVICE in a comment"
    )
    assert refusal(text) is None


def test_refusal_service_clause_refused():
    text = "SELECT * WHERE { Service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert "SERVICE" in refusal(text)


# -- the protocol over HTTP --------------------------------------------------------------------


def test_serve_get_without_accept_json_equals_run_query(served, lhota):
    status, headers, body = served.get(PLANS)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    answer = Result.parse(io.BytesIO(body), format="json")
    assert rows(answer) == rows(run_query(lhota, PLANS))
    assert len(rows(answer)) == 2


@pytest.mark.parametrize(
    "accept, fmt",
    [("application/sparql-results+xml", "xml"), ("text/tab-separated-values", "tsv")],
)
def test_serve_accept_xml_or_tsv_parses_back_to_same_terms(served, lhota, accept, fmt):
    status, headers, body = served.get(PLANS, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    answer = Result.parse(io.BytesIO(body), format=fmt)
    expected = rows(run_query(lhota, PLANS))
    assert rows(answer) == expected
    assert expected[0][1] == Literal("Akční plán Horní Lhota", lang="cs")


def test_serve_accept_csv_lexical_values(served):
    status, _, body = served.get(PLANS, "text/csv")
    assert status == 200
    assert body.decode("utf-8").splitlines() == [
        "p,l",
        "https://w3id.org/vazby/id/plan/horni,Akční plán Horní Lhota",
        "https://w3id.org/vazby/id/plan/lhota,Akční plán Dolní Lhota",
    ]


def test_serve_post_form_and_raw_body_same_answer_as_get(served):
    _, _, by_get = served.get(PLANS)
    status, _, by_form = served.request(
        "/sparql",
        urlencode({"query": PLANS}).encode(),
        Content_Type="application/x-www-form-urlencoded",
    )
    assert status == 200 and by_form == by_get
    status, _, by_body = served.request(
        "/sparql", PLANS.encode(), Content_Type="application/sparql-query; charset=utf-8"
    )
    assert status == 200 and by_body == by_get


def test_serve_select_row_with_all_unbound_kept(served):
    # "OPTIONAL { … }" that matches nothing: one solution with nothing bound, not zero rows
    status, _, body = served.get("SELECT ?x WHERE { OPTIONAL { ?s <http://nope/> ?x } }")
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == [{}]


def test_serve_construct_default_turtle_and_every_registry_format_isomorphic(served, lhota):
    query = "CONSTRUCT WHERE { ?p a vz:Plan ; rdfs:label ?l }"
    expected = run_query(lhota, query).graph
    assert len(expected) == 4
    for accept, fmt in [(None, formats(RDF)[0])] + [(f.media_type, f) for f in formats(RDF)]:
        status, headers, body = served.get(query, accept)
        assert status == 200, accept
        assert headers["Content-Type"].split(";")[0] == (accept or "text/turtle")
        read = Dataset()
        read.parse(data=body, format=RDF_SYNTAXES[fmt.name].answer)
        answer = Graph()
        for s, p, o, _ in read.quads():
            answer.add((s, p, o))
        assert isomorphic(answer, expected), accept
    status, headers, _ = served.request("/sparql?" + urlencode({"query": query, "format": "nq"}))
    assert status == 200 and headers["Content-Type"].startswith("application/n-quads")


def test_serve_ask_in_csv_406_lists_offered(served):
    status, _, body = served.get("ASK { ?s a vz:Plan }", "text/csv")
    assert status == 406
    assert b"application/sparql-results+json" in body
    status, _, body = served.get("ASK { ?s a vz:Plan }")
    assert (status, json.loads(body)["boolean"]) == (200, True)


def test_serve_format_parameter_overrides_accept(served):
    status, headers, _ = served.request(
        "/sparql?" + urlencode({"query": PLANS, "format": "tsv"}), Accept="text/csv"
    )
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")


def test_serve_updates_refused_403_and_graph_unchanged(served, lhota):
    before = len(lhota)
    insert = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    attempts = [
        served.request("/sparql", urlencode({"update": insert}).encode()),
        served.request("/sparql", insert.encode(), Content_Type="application/sparql-update"),
        served.get(insert),
        served.get("DROP ALL"),
    ]
    for status, _, body in attempts:
        assert status == 403 and b"read-only" in body
    assert len(lhota) == before


def test_serve_service_clause_403_without_connecting_out(served):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        status, _, body = served.get(
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        )
        assert status == 403 and b"SERVICE" in body
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_serve_syntax_error_400_with_parser_position(served):
    # a researcher's typo on the second line: "SELECT ?m\nWHERE { ?m a vz:Measure"
    status, headers, body = served.get("SELECT ?m\nWHERE { ?m a vz:Measure")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert body.startswith(b"SPARQL error: error at line 2")


def test_serve_missing_or_repeated_query_400(served):
    assert served.request("/sparql")[0] == 400
    status, _, body = served.request("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400 and b"exactly one" in body


def test_serve_unknown_path_404_with_hint(served):
    status, _, body = served.request("/query?query=ASK%7B%7D")
    assert status == 404 and b"/sparql" in body


def test_serve_body_over_limit_413(served):
    status, _, _ = served.request(
        "/sparql", b"ASK {}" + b" " * 5000, Content_Type="application/sparql-query"
    )
    assert status == 413


def test_serve_bad_body_400_or_415(served):
    status, _, _ = served.request(
        "/sparql", b"ASK { ?s ?p '\xff' }", Content_Type="application/sparql-query"
    )
    assert status == 400
    status, _, body = served.request("/sparql", b"ASK {}", Content_Type="text/plain")
    assert status == 415 and b"application/sparql-query" in body


def test_serve_internal_error_500_without_traceback(served, monkeypatch):
    def broken(text, accept):
        raise RuntimeError("/home/secret/path exploded")

    monkeypatch.setattr(served.endpoint, "query", broken)
    status, _, body = served.get(PLANS)
    assert status == 500
    assert b"Traceback" not in body and b"secret" not in body


def test_serve_request_logged_with_method_path_status(served, caplog):
    def logged() -> bool:
        return any(
            r.getMessage().startswith("GET /sparql 200 ") and r.getMessage().endswith(" ms")
            for r in caplog.records
        )

    with caplog.at_level(logging.INFO, logger="vazby.serve"):
        served.get("ASK {}")
        # the server thread logs once the response is sent: the client may read it first
        deadline = time.monotonic() + 5
        while not logged() and time.monotonic() < deadline:
            time.sleep(0.01)
    assert logged()


def test_serve_cors_flag_adds_header(lhota):
    plain = Served(Endpoint(lhota, "x"))
    open_ = Served(Endpoint(lhota, "x"), cors=True)
    try:
        assert "Access-Control-Allow-Origin" not in plain.get("ASK {}")[1]
        assert open_.get("ASK {}")[1]["Access-Control-Allow-Origin"] == "*"
        req = urllib.request.Request(open_.base + "/sparql", method="OPTIONS")
        with urllib.request.urlopen(req, timeout=10) as answer:
            assert answer.status == 204
            assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    finally:
        plain.stop()
        open_.stop()


# -- limits on time and concurrency ------------------------------------------------------------


def test_serve_slow_query_503_worker_killed_and_slot_freed():
    s = Served(slow_endpoint(timeout=0.5, max_queries=1))
    try:
        assert s.get("ASK {}")[0] == 200
        before = s.endpoint.pool().pids()
        started = time.monotonic()
        status, _, body = s.get(CROSS_JOIN)
        assert status == 503 and b"longer than 0.5 s" in body and b"stopped" in body
        assert time.monotonic() - started < 5
        # the worker that ran it is gone, with its memory; the spare takes the one slot
        assert len([p for p in before if not Path(f"/proc/{p}").exists()]) == 1
        assert answered_within(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", 30) == "250"
        assert s.endpoint.pool().pids() != before
    finally:
        s.stop()


def answered_within(s: Served, query: str, seconds: float) -> str:
    """The first value of the first row, once the endpoint answers 200 (it may be busy)."""
    deadline = time.monotonic() + seconds
    while True:
        status, _, body = s.get(query)
        if status == 200:
            return json.loads(body)["results"]["bindings"][0]["n"]["value"]
        assert status == 503 and time.monotonic() < deadline, (status, body)
        time.sleep(0.1)


def test_serve_cheap_queries_answered_while_an_expensive_one_runs():
    s = Served(slow_endpoint(timeout=20, max_queries=2))
    try:
        s.endpoint.pool()
        slow = threading.Thread(target=s.get, args=(CROSS_JOIN,), daemon=True)
        slow.start()
        time.sleep(0.3)
        started = time.monotonic()
        for _ in range(5):
            assert answered_within(s, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", 5) == "250"
        assert time.monotonic() - started < 5
        assert slow.is_alive()  # still evaluating in the other worker
    finally:
        s.stop()


def test_serve_every_worker_busy_503_busy_after_the_queue_wait():
    s = Served(slow_endpoint(timeout=20, max_queries=1))
    try:
        s.endpoint.pool()
        slow = threading.Thread(target=s.get, args=(CROSS_JOIN,), daemon=True)
        slow.start()
        time.sleep(0.3)
        started = time.monotonic()
        status, headers, body = s.get("ASK {}")
        assert status == 503 and body.startswith(b"busy")
        assert headers["Retry-After"]
        assert 0.9 < time.monotonic() - started < 5  # queue_wait is 1 s
    finally:
        s.stop()


def test_serve_query_over_the_memory_ceiling_503_and_endpoint_recovers():
    graph = open_store()
    for i in range(250):
        graph.add((URIRef(f"http://x/s{i}"), URIRef("http://x/p"), Literal(i)))
    s = Served(Endpoint(graph, "mem", timeout=60, max_queries=1, memory_mb=400))
    try:
        # 15 million rows held for sorting need far more than 400 MiB
        big = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z } ORDER BY ?x ?y ?z"
        status, _, body = s.get(big)
        assert status == 503 and b"memory" in body
        assert answered_within(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", 30) == "250"
    finally:
        s.stop()


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.mark.parametrize(
    "template",
    [
        r"PREFIX ex: <http://x/> SELECT * { VALUES ?x { ex:a\# } SERVICE <URL> { ?s ?p ?o } }",
        r"PREFIX ex: <http://x/> SELECT * { VALUES ?x { ex:a\' } SERVICE <URL> { ?s ?p ?o } }",
        r"SELECT * { SERVICE <\u0068ttp://127.0.0.1:PORT/x> { ?s ?p ?o } }",
        "PREFIX p: <URL> SELECT * { ?s ?p ?o . SERVICEp:x { ?s ?p ?o } }",
        "PREFIX : <URL> SELECT * { ?s ?p ?o . SERVICE:x { ?s ?p ?o } }",
    ],
)
def test_serve_service_forms_refused_and_listener_receives_nothing(served, template):
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/x"
        query = template.replace("URL", url).replace("PORT", str(listener.port))
        status, _, body = served.get(query)
        assert status == 403 and b"SERVICE" in body
        time.sleep(0.2)
        assert listener.connections == 0
    finally:
        listener.close()


def test_worker_without_network_cannot_reach_loopback_even_past_the_guard():
    # the second line of defence: a worker leaves the network before it opens the graph
    listener = Listener()
    script = (
        "import sys, pyoxigraph as ox\n"
        "from vazby.workers import leave_network\n"
        "why = leave_network()\n"
        "if why: print('SKIP', why); sys.exit(0)\n"
        "q = 'SELECT * { SERVICE <http://127.0.0.1:%s/x> { ?s ?p ?o } }' % sys.argv[1]\n"
        "try: list(ox.Store().query(q))\n"
        "except OSError as exc: print('REFUSED', exc)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(listener.port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.stdout.startswith("SKIP"):
            pytest.skip(f"this kernel lets no process leave the network: {done.stdout}")
        assert done.stdout.startswith("REFUSED"), done
        time.sleep(0.2)
        assert listener.connections == 0
    finally:
        listener.close()


def test_serve_deeply_nested_parentheses_403_and_server_alive(served):
    deep = "SELECT * { FILTER(" + "(" * 1500 + "1" + ")" * 1500 + ") }"  # within max_body
    status, _, body = served.request(
        "/sparql", deep.encode(), Content_Type="application/sparql-query"
    )
    assert status == 403 and b"deep" in body
    assert served.get("ASK {}")[0] == 200


def test_serve_long_string_of_escaped_quotes_answered_at_once(served):
    text = 'SELECT * { ?s ?p """' + '\\"' * 1500 + " }"
    started = time.monotonic()
    status, _, _ = served.request("/sparql", text.encode(), Content_Type="application/sparql-query")
    assert status == 400 and time.monotonic() - started < 2


@pytest.mark.parametrize(
    "query",
    [
        "node=1.1.1.2&plan=lhota&graph=x",
        "node=1.1.1.2&plan=lhota&name=x",
        "node=" + quote("x:a>") + "&plan=lhota",
        "node=" + quote('x:a"') + "&plan=lhota",
        "node=" + quote("x:a{}") + "&plan=lhota",
        "node=" + quote("x:a> } SERVICE <http://127.0.0.1:9/> {") + "&plan=lhota",
    ],
)
def test_serve_named_query_bad_parameters_4xx_never_5xx(served, query):
    status, _, body = served.request("/named/deps-up?" + query)
    assert 400 <= status < 500, (status, body)


# -- index page and named queries --------------------------------------------------------------


def test_serve_index_escapes_hostile_plan_title():
    tiny = TinyGraph()
    tiny.document("zla-lhota.txt")
    tiny.plan("zla", "Plán <script>alert('x')</script> & \"spol.\"", "Zlá Lhota")
    s = Served(Endpoint(tiny.graph, "<b>graph</b>.ttl"))
    try:
        status, headers, body = s.request("/")
        page = body.decode("utf-8")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert "<script>" not in page and "<b>graph" not in page
        escaped = "Plán &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;spol.&quot;"
        assert escaped in page
        assert f"{len(tiny.graph)} triples" in page
        assert "default-src 'none'" in headers["Content-Security-Policy"]
    finally:
        s.stop()


def test_serve_index_links_each_named_query_to_a_runnable_url(served):
    page = served.request("/")[2].decode("utf-8")
    assert "href='/sparql?query=" in page
    assert "orphans" in page and "action='/named/deps-up'" in page
    start = page.index("href='/sparql?query=") + len("href='")
    link = page[start : page.index("'", start)].replace("&amp;", "&")
    assert served.request(link)[0] == 200


def test_serve_named_query_matches_run_named(served, lhota):
    status, _, body = served.request("/named/deps-up?node=1.1.1.2&plan=lhota&format=json")
    assert status == 200
    answer = json.loads(body)
    expected = run_named(lhota, "deps-up", node="1.1.1.2", plan="lhota")
    assert answer["head"]["vars"] == ["target", "type", "id", "label", "plan"]
    got = [b["target"]["value"] for b in answer["results"]["bindings"]]
    assert got == [str(r["target"]) for r in expected] and got


def test_serve_named_query_errors_400_404(served):
    status, _, body = served.request("/named/deps-up")
    assert status == 400 and b"?node" in body
    status, _, body = served.request("/named/no-such-query")
    assert status == 404 and b"deps-up" in body
    status, _, _ = served.request("/named/deps-up?node=" + quote("9.9.9.9") + "&plan=lhota")
    assert status == 404


# -- the command ------------------------------------------------------------------------------


def test_serve_cli_port_in_use_exits_1_with_message(tmp_path, lhota):
    path = tmp_path / "g.ttl"
    lhota.serialize(str(path), format="ox-turtle")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(main, ["serve", str(path), "--port", port, "-q"])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1:" in result.output


def test_serve_cli_quiet_turns_request_lines_off():
    from vazby.cli.serve import _configure_log

    logger = logging.getLogger("vazby.serve")
    try:
        _configure_log(quiet=True)
        assert not logger.isEnabledFor(logging.INFO)
        _configure_log(quiet=False)
        assert logger.isEnabledFor(logging.INFO)
    finally:
        logger.setLevel(logging.NOTSET)
        logger.propagate = True
        for handler in list(logger.handlers):
            logger.removeHandler(handler)


def test_serve_tsv_escapes_tab_newline_quote_and_parses_back():
    # a label pasted from a spreadsheet: 'Kontaktní\tmísto\n"K2"' must stay one TSV cell
    graph = open_store()
    label = Literal('Kontaktní\tmísto\n"K2" \\', lang="cs")
    graph.add((URIRef("http://x/m"), URIRef("http://x/label"), label))
    s = Served(Endpoint(graph, "tsv"))
    try:
        status, _, body = s.get("SELECT ?o WHERE { ?s ?p ?o }", "text/tab-separated-values")
        assert status == 200 and body.count(b"\n") == 2
        assert rows(Result.parse(io.BytesIO(body), format="tsv")) == [(label,)]
    finally:
        s.stop()


def test_open_read_only_store_folder_serves_and_refuses_writes(tmp_path, lhota):
    from vazby.jobs import open_read_only

    store = open_store(tmp_path / "store")
    store += lhota
    store.close()
    graph = open_read_only(tmp_path / "store")
    endpoint = Endpoint(graph, "store")
    assert endpoint.triples == len(lhota)
    assert sorted(endpoint.plans.values()) == ["Akční plán Dolní Lhota", "Akční plán Horní Lhota"]
    reply = endpoint.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
    assert reply.body.decode().splitlines() == ["n", str(len(lhota))]
    with pytest.raises(RuntimeError, match="read-write"):
        graph.add((URIRef("http://x/a"), URIRef("http://x/b"), URIRef("http://x/c")))


# -- CSV and TSV results safe for spreadsheets -------------------------------------------------


@pytest.fixture(scope="module")
def hostile_cells() -> Iterator[Served]:
    # labels a document could carry: '=HYPERLINK("http://x","klikni")', '@SUM(A1)', '-12'
    graph = open_store()
    labels = ['=HYPERLINK("http://x","klikni")', "+1+cmd", "@SUM(A1)", "\t=1", "-12", "Klub"]
    for n, label in enumerate(labels):
        graph.add((URIRef(f"http://x/m{n}"), URIRef("http://x/label"), Literal(label)))
    graph.add((URIRef("http://x/m9"), URIRef("http://x/count"), Literal(-7)))
    s = Served(Endpoint(graph, "cells", max_queries=1, spares=0))
    yield s
    s.stop()


def test_serve_csv_results_neutralise_formula_cells_keep_numbers(hostile_cells):
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    status, _, body = hostile_cells.get(query, "text/csv")
    assert status == 200
    cells = [row[0] for row in csv.reader(io.StringIO(body.decode("utf-8")))][1:]
    assert cells == [
        '\'=HYPERLINK("http://x","klikni")',
        "'+1+cmd",
        "'@SUM(A1)",
        "'\t=1",
        "-12",
        "Klub",
        "-7",
    ]
    assert body.endswith(b"\r\n")  # SPARQL 1.1 CSV: lines end with CRLF


def test_serve_tsv_results_neutralise_formula_literals_keep_numbers(hostile_cells):
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    status, _, body = hostile_cells.get(query, "text/tab-separated-values")
    assert status == 200
    values = [str(r[0]) for r in rows(Result.parse(io.BytesIO(body), format="tsv"))]
    assert values == [
        '\'=HYPERLINK("http://x","klikni")',
        "'+1+cmd",
        "'@SUM(A1)",
        "'\t=1",
        "-12",
        "Klub",
        "-7",
    ]
    # no raw cell (what a spreadsheet shows once it strips the quotes) starts a formula
    for line in body.decode("utf-8").splitlines()[1:]:
        assert not line.strip('"').startswith(("=", "+", "@"))


# -- fairness between clients ------------------------------------------------------------------


def request_from(s: Served, source: str, path: str, timeout: float = 30):
    """(status, headers, body) of one GET sent from the loopback address ``source``."""
    import http.client

    port = s.server.server_address[1]
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        conn.close()


def test_serve_second_query_of_one_client_429_at_once_while_others_served():
    s = Served(slow_endpoint(timeout=20, max_queries=2, per_client=1))
    try:
        s.endpoint.pool()
        slow_path = "/sparql?" + urlencode({"query": CROSS_JOIN})
        slow = threading.Thread(target=request_from, args=(s, "127.0.0.2", slow_path), daemon=True)
        slow.start()
        time.sleep(0.5)
        started = time.monotonic()
        status, headers, body = request_from(s, "127.0.0.2", "/sparql?query=ASK%20%7B%7D")
        assert status == 429 and headers["Retry-After"] and b"already have 1 query running" in body
        assert time.monotonic() - started < 0.9  # at once, not after the queue wait
        # a named query of the same client counts too
        assert request_from(s, "127.0.0.2", "/named/orphans")[0] == 429
        # another client is answered meanwhile
        assert request_from(s, "127.0.0.1", "/sparql?query=ASK%20%7B%7D")[0] == 200
        assert slow.is_alive()
    finally:
        s.stop()


def test_serve_attacker_back_to_back_expensive_queries_never_delay_cheap_ones():
    # 127.0.0.2 keeps four threads sending a cross join (each runs to the 3 s timeout);
    # 127.0.0.1 asks cheap questions: each must be answered 200 within 2 s
    s = Served(slow_endpoint(timeout=3, max_queries=2, per_client=1))
    stop = threading.Event()
    attacker_statuses: list[int] = []

    def attack() -> None:
        path = "/sparql?" + urlencode({"query": CROSS_JOIN})
        while not stop.is_set():
            try:
                attacker_statuses.append(request_from(s, "127.0.0.2", path)[0])
            except OSError:  # the server is stopping
                return

    try:
        s.endpoint.pool()
        threads = [threading.Thread(target=attack, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        slowest = 0.0
        for _ in range(8):  # spans at least one timeout and worker replacement
            started = time.monotonic()
            status, _, body = request_from(s, "127.0.0.1", "/sparql?query=ASK%20%7B%7D")
            slowest = max(slowest, time.monotonic() - started)
            assert status == 200, (status, body)
            time.sleep(0.5)
        assert slowest < 2.0
        assert 429 in attacker_statuses and 503 in attacker_statuses  # refused; timed out
    finally:
        stop.set()
        s.stop()


def test_serve_per_client_zero_lifts_the_limit():
    s = Served(Endpoint(slow_endpoint(1, 1).graph, "x", max_queries=2, per_client=0))
    try:
        s.endpoint.pool()
        slow_path = "/sparql?" + urlencode({"query": CROSS_JOIN})
        slow = threading.Thread(target=request_from, args=(s, "127.0.0.2", slow_path), daemon=True)
        slow.start()
        time.sleep(0.5)
        assert request_from(s, "127.0.0.2", "/sparql?query=ASK%20%7B%7D")[0] == 200
    finally:
        s.stop()


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO"])
def test_serve_unknown_method_405_not_501(served, method):
    # found by tests/test_serve_fuzz.py: "CONNECT /sparql HTTP/1.1" got http.server's 501
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", served.server.server_address[1], timeout=10)
    try:
        conn.request(method, "/sparql")
        answer = conn.getresponse()
        assert answer.status == 405 and answer.headers["Allow"] == "GET, POST"
    finally:
        conn.close()
