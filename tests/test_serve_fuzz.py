"""A property-based fuzz of the endpoint's HTTP surface, on an ephemeral port of 127.0.0.1:
random methods, paths, query strings, headers and bodies, sent as raw bytes, must never get
a 5xx or stop the server. Bounded by example counts (about half a minute)."""

from __future__ import annotations

import logging
import re
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.query.named import named_queries  # noqa: E402
from vazby.serve import Endpoint, make_server  # noqa: E402

STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")
LOGGED = re.compile(r" (\d{3}) \d+ ms$")


class Recorder(logging.Handler):
    """Every status the server logged (one line per request, pipelined ones too)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statuses: list[int] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        if found := LOGGED.search(message):
            self.statuses.append(int(found.group(1)))


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, Recorder]]:
    endpoint = Endpoint(lhota_graph().graph, "fuzz", timeout=10, max_queries=2, per_client=0)
    srv = make_server(endpoint, "127.0.0.1", 0, max_body=64 * 1024)
    srv.RequestHandlerClass.timeout = 5  # a request cut short is dropped soon
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    recorder = Recorder()
    logger = logging.getLogger("vazby.serve")
    logger.addHandler(recorder)
    logger.setLevel(logging.INFO)
    try:
        yield srv.server_address[1], recorder
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(logging.NOTSET)
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def exchange(port: int, raw: bytes) -> bytes:
    """Send ``raw``, end our side, and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        try:
            conn.sendall(raw)
            conn.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered (431, 413) and closed before reading it all
            pass
        chunks = []
        while True:
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def final_status(answer: bytes) -> int:
    codes = [int(m.group(1)) for m in STATUS.finditer(answer)]
    codes = [c for c in codes if c >= 200]  # "100 Continue" comes before the answer
    assert codes, answer[:200]
    return codes[0]


def alive(port: int) -> None:
    answer = exchange(port, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
    assert final_status(answer) == 200, answer[:300]


text = st.text(st.characters(codec="utf-8"), max_size=40)
broken_escape = st.sampled_from(["%", "%z", "%zz", "%e9", "%ff%fe", "%C3", "%00", "%0d%0a", "%%"])
component = st.one_of(text.map(lambda t: quote(t, safe="")), text.map(quote), broken_escape, text)
piece = st.lists(component, max_size=4).map("".join)
NAMES = [q.name for q in named_queries()]
path = st.one_of(
    st.sampled_from(["/sparql", "/", "/index.html", "/named/", "/sparql/", "//sparql"]),
    st.sampled_from(NAMES).map(lambda n: "/named/" + n),
    piece.map(lambda p: "/named/" + p),
    piece.map(lambda p: "/" + p),
)
query_text = st.one_of(
    st.sampled_from(
        [
            "ASK {}",
            "SELECT * { ?s ?p ?o } LIMIT 2",
            "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
            "DESCRIBE <http://x/>",
            "INSERT DATA { <a:a> <a:b> <a:c> }",
            "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "SELECT * {" + "(" * 300,
            '"""' + '\\"' * 300,
        ]
    ),
    text,
)
key = st.one_of(
    st.sampled_from(
        ["query", "update", "format", "default-graph-uri", "named-graph-uri", "using-graph-uri"]
        + ["node", "graph", "name", "plan", "kind", "?node", "limit"]
    ),
    text,
)
pair = st.tuples(key, st.one_of(query_text, text)).map(
    lambda kv: quote(kv[0], safe="") + "=" + quote(kv[1], safe="")
)
query_string = st.one_of(
    st.just(""),
    st.lists(st.one_of(pair, piece, broken_escape), max_size=4).map(lambda ps: "?" + "&".join(ps)),
)
method = st.one_of(
    st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE"]),
    st.sampled_from(["CONNECT", "PROPFIND", "get", "FOO", "M-SEARCH"]),
)
content_type = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/sparql-query",
        "application/sparql-update",
        "application/sparql-query; charset=latin-1",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json",
        "",
        ";;;",
    ]
)
header_value = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
    st.sampled_from(["text/csv", "*/*;q=x", "text/*;q=0.5, */*;q=1e309", "application/ld+json"]),
    st.integers(1000, 70000).map(lambda n: "a" * n),  # a huge header
)
header = st.tuples(
    st.sampled_from(["Accept", "Expect", "Transfer-Encoding", "Connection", "X-Junk", "Host"]),
    header_value,
)
body = st.one_of(
    st.binary(max_size=300),
    query_text.map(lambda q: q.encode("utf-8")),
    query_text.map(lambda q: ("query=" + quote(q)).encode()),
    st.lists(pair, max_size=3).map(lambda ps: "&".join(ps).encode()),
)
length = st.one_of(
    st.just("exact"), st.sampled_from(["-1", "abc", "", "99999999", "1e3", " 5", "0"])
)


#: A plain request, but for its method and path.
PLAIN = {"query": "", "version": "HTTP/1.1", "ctype": "", "headers": [], "data": b""}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@example(method="GET", path="/nowhere", declared="exact", **PLAIN)  # 404
@example(method="DELETE", path="/sparql", declared="exact", **PLAIN)  # 405
@given(
    method=method,
    path=path,
    query=query_string,
    version=st.sampled_from(["HTTP/1.1", "HTTP/1.0"]),
    ctype=content_type,
    headers=st.lists(header, max_size=3),
    data=body,
    declared=length,
)
def test_fuzz_http_never_5xx_and_server_stays_up(
    server, method, path, query, version, ctype, headers, data, declared
):
    port, recorder = server
    lines = [f"{method} {path}{query} {version}", "Host: 127.0.0.1"]
    if ctype:
        lines.append(f"Content-Type: {ctype}")
    if declared == "exact":
        lines.append(f"Content-Length: {len(data)}")
    else:
        lines.append(f"Content-Length: {declared}")
    lines += [f"{name}: {value}" for name, value in headers]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + data
    answer = exchange(port, raw)
    # a request line cut by a raw line break is HTTP/0.9, answered without a status line;
    # the server's own log line still gives its status
    if answer.startswith(b"HTTP/"):
        assert final_status(answer) < 500, (raw[:300], answer[:300])
    assert [s for s in recorder.statuses if s >= 500] == [], raw[:300]
    assert recorder.errors == [], raw[:300]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
# one request of each kind of answer, whatever the random ones reach (the test below asks
# for every kind)
@example(form="get", query="ASK {}", extra=[], ctype="", accept="*/*")  # 200
@example(form="get", query="SELEC nothing", extra=[], ctype="", accept="*/*")  # 400
@example(
    form="form", query="INSERT DATA { <a:a> <a:b> <a:c> }", extra=[], ctype="", accept=""
)  # 403
@example(form="get", query="ASK {}", extra=[], ctype="", accept="image/png")  # 406
@given(
    form=st.sampled_from(["get", "form", "direct"]),
    query=query_text,
    extra=st.lists(pair, max_size=2),
    ctype=content_type,
    accept=header_value,
)
def test_fuzz_protocol_requests_never_5xx(server, form, query, extra, ctype, accept):
    # requests shaped like the protocol's three forms, so most reach the guard and a worker
    port, recorder = server
    encoded = "&".join(["query=" + quote(query, safe=""), *extra])
    if form == "get":
        head, data = f"GET /sparql?{encoded} HTTP/1.1", b""
    else:
        data = (encoded if form == "form" else query).encode("utf-8")
        kind = "application/x-www-form-urlencoded" if form == "form" else ctype
        head = f"POST /sparql HTTP/1.1\r\nContent-Type: {kind}\r\nContent-Length: {len(data)}"
    raw = f"{head}\r\nHost: x\r\nAccept: {accept}\r\n\r\n".encode() + data
    answer = exchange(port, raw)
    assert final_status(answer) < 500, (raw[:300], answer[:300])
    assert [s for s in recorder.statuses if s >= 500] == [], raw[:300]
    assert recorder.errors == [], raw[:300]


def test_fuzz_server_still_answers_after_the_fuzz(server):
    alive(server[0])


def test_fuzz_reached_every_kind_of_answer(server):
    # the fuzz above is only worth something if it reached the queries and the refusals
    from collections import Counter

    seen = Counter(server[1].statuses)
    print(dict(seen))
    assert {200, 400, 403, 404, 405, 406} <= set(seen)
