"""``vazby serve`` as a real process on 127.0.0.1, queried by plain ``urllib`` and by
rdflib's own SPARQL client (``Graph(store="SPARQLStore")``); every answer must equal
``run_query`` on the same graph file loaded here."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.rdf.store import load_graph, run_query  # noqa: E402

#: Ordered so that row lists compare directly.
MEASURES = """SELECT ?m ?id ?label WHERE {
  ?m a vz:Measure ; vz:identifier ?id . OPTIONAL { ?m rdfs:label ?label }
} ORDER BY ?m ?label"""
CONSTRUCT = "CONSTRUCT { ?m vz:fundedBy ?b . ?b ?p ?o } WHERE { ?m vz:fundedBy ?b . ?b ?p ?o }"
START_SECONDS = 60


def free_port() -> int:
    """A port of 127.0.0.1 that was free a moment ago; skip when none can be bound."""
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
    except OSError as exc:
        pytest.skip(f"cannot bind a port on 127.0.0.1: {exc}")
    finally:
        probe.close()


def vazby_command() -> list[str]:
    script = shutil.which("vazby", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from vazby.cli import main; main()"]


def start(graph: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Start ``vazby serve`` and wait until it answers; retry a port taken meanwhile."""
    for _ in range(3):
        port = free_port()
        with log.open("wb") as err:
            proc = subprocess.Popen(
                [*vazby_command(), "serve", str(graph), "--port", str(port), "--timeout", "20"],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as answer:
                    if answer.status == 200:
                        return proc, base
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
            pytest.fail(f"vazby serve did not answer in {START_SECONDS} s:\n{log.read_text()}")
        if "cannot listen" not in log.read_text():
            pytest.fail(f"vazby serve exited with {proc.returncode}:\n{log.read_text()}")
    pytest.skip(f"no port of 127.0.0.1 could be bound: {log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Graph, Path]]:
    folder = tmp_path_factory.mktemp("serve")
    graph_file = folder / "lhota.ttl"
    lhota_graph().graph.serialize(str(graph_file), format="ox-turtle")
    log = folder / "serve.log"
    proc, base = start(graph_file, log)
    try:
        yield base, load_graph(graph_file), log
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def fetch(base: str, path: str, data: bytes | None = None, **headers: str) -> tuple[int, bytes]:
    headers = {k.replace("_", "-"): v for k, v in headers.items()}
    req = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def rows(result) -> list[tuple]:
    names = list(result.vars or ())
    return [tuple(b.get(v) for v in names) for b in result.bindings]


def test_protocol_urllib_get_json_equals_run_query(server):
    base, local, _ = server
    status, body = fetch(base, "/sparql?" + urlencode({"query": MEASURES}))
    assert status == 200
    expected = rows(run_query(local, MEASURES))
    assert rows(Result.parse(io.BytesIO(body), format="json")) == expected
    assert len(expected) == 7


def test_protocol_urllib_post_form_xml_and_raw_tsv_equal_run_query(server):
    base, local, _ = server
    expected = rows(run_query(local, MEASURES))
    status, body = fetch(
        base,
        "/sparql",
        urlencode({"query": MEASURES}).encode(),
        Content_Type="application/x-www-form-urlencoded",
        Accept="application/sparql-results+xml",
    )
    assert status == 200 and rows(Result.parse(io.BytesIO(body), format="xml")) == expected
    status, body = fetch(
        base,
        "/sparql",
        MEASURES.encode(),
        Content_Type="application/sparql-query",
        Accept="text/tab-separated-values",
    )
    assert status == 200 and rows(Result.parse(io.BytesIO(body), format="tsv")) == expected


def test_protocol_rdflib_sparqlstore_select_ask_construct_equal_run_query(server):
    base, local, _ = server
    remote = Graph(store="SPARQLStore")
    remote.open(base + "/sparql")
    assert [tuple(r) for r in remote.query(MEASURES)] == rows(run_query(local, MEASURES))
    assert remote.query("ASK { ?m a vz:Measure }").askAnswer is True
    assert remote.query("ASK { ?m a vz:Nothing }").askAnswer is False
    constructed = remote.query(CONSTRUCT).graph
    assert len(constructed) > 0
    assert isomorphic(constructed, run_query(local, CONSTRUCT).graph)
    assert len(remote) == len(local)


def test_protocol_updates_refused_and_graph_unchanged(server):
    base, local, _ = server
    store = SPARQLUpdateStore(query_endpoint=base + "/sparql", update_endpoint=base + "/sparql")
    with pytest.raises(urllib.error.HTTPError) as refused:
        store.update("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert refused.value.code == 403
    count_all = urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    status, body = fetch(base, "/sparql?" + count_all)
    count = Result.parse(io.BytesIO(body), format="json").bindings[0]
    assert status == 200 and int(next(iter(count.values()))) == len(local)


def test_protocol_errors_are_plain_text_and_logged(server):
    base, _, log = server
    status, body = fetch(base, "/sparql?" + urlencode({"query": "SELECT ?m WHERE { ?m"}))
    assert status == 400 and body.startswith(b"SPARQL error:") and b"Traceback" not in body
    assert fetch(base, "/nowhere")[0] == 404
    deadline = time.monotonic() + 5
    while "GET /nowhere 404" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "GET /nowhere 404" in log.read_text()
