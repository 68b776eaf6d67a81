"""The SPARQL store client: credentials, authentication, errors that never show a password."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vazby.errors import QueryError, VazbyError
from vazby.rdf.endpoint import Endpoint, json_term, query_form, read_password, split_prologue

SECRET = "Tajne-heslo-7f3a9"


def test_read_password_first_line_of_the_file(tmp_path):
    path = tmp_path / "pw"
    path.write_text(f"{SECRET}\nignored\n", encoding="utf-8")
    assert read_password(path, "u") == SECRET


def test_read_password_empty_file_names_the_file(tmp_path):
    path = tmp_path / "pw"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(VazbyError, match=r"pw: the password file is empty"):
        read_password(path, "u")


def test_read_password_missing_file_names_the_file(tmp_path):
    with pytest.raises(VazbyError, match=r"nope: cannot read the password file"):
        read_password(tmp_path / "nope", "u")


def test_read_password_from_the_environment_only_with_a_user(monkeypatch):
    monkeypatch.setenv("VAZBY_PASSWORD", SECRET)
    assert read_password(None, "u") == SECRET
    assert read_password(None, None) is None


def test_endpoint_url_with_credentials_is_refused_without_showing_them():
    with pytest.raises(VazbyError) as caught:
        Endpoint(f"http://me:{SECRET}@127.0.0.1:1/sparql")
    assert SECRET not in str(caught.value)
    assert "--password-file" in str(caught.value)


def test_endpoint_repr_hides_the_password():
    endpoint = Endpoint("http://127.0.0.1:1/sparql", user="me", password=SECRET)
    assert SECRET not in repr(endpoint)
    assert SECRET not in repr(endpoint.session.auth)


def test_endpoint_unreachable_store_is_a_vazby_error_naming_the_url():
    endpoint = Endpoint("http://127.0.0.1:9/sparql", user="me", password=SECRET, timeout=5)
    with pytest.raises(VazbyError, match=r"127\.0\.0\.1:9/sparql: cannot run a query") as caught:
        endpoint.select("SELECT * WHERE { ?s ?p ?o }")
    assert SECRET not in str(caught.value)


def test_split_prologue_keeps_prefixes_and_comments_apart():
    prologue, rest = split_prologue("# c\nPREFIX a: <http://a#>\nBASE <http://b/>\nASK {}")
    assert prologue.endswith("BASE <http://b/>\n") and rest == "ASK {}"


def test_query_form_refuses_an_update():
    with pytest.raises(QueryError, match="not a SELECT"):
        query_form("INSERT DATA { <a:b> <a:c> <a:d> }")


def test_json_term_reads_virtuoso_typed_literal():
    term = json_term(
        {
            "type": "typed-literal",
            "datatype": "http://www.w3.org/2001/XMLSchema#integer",
            "value": "12",
        }
    )
    assert term.toPython() == 12


class _BasicStore(BaseHTTPRequestHandler):
    """A store that demands Basic authentication and answers every query with one row."""

    expected = "Basic " + base64.b64encode(f"me:{SECRET}".encode()).decode()

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (
            b'{"head": {"vars": ["n"]}, "results": {"bindings": '
            b'[{"n": {"type": "literal", "value": "1"}}]}}'
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture()
def basic_store():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BasicStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def test_endpoint_answers_a_basic_challenge(basic_store):
    endpoint = Endpoint(basic_store, user="me", password=SECRET)
    rows = endpoint.select("SELECT ?n WHERE { ?s ?p ?n }").rows
    assert [str(r["n"]) for r in rows] == ["1"]


def test_endpoint_wrong_password_says_so_without_the_password(basic_store):
    endpoint = Endpoint(basic_store, user="me", password=SECRET + "x")
    with pytest.raises(VazbyError, match=r"refused the credentials as 'me' \(401\)") as caught:
        endpoint.select("SELECT ?n WHERE { ?s ?p ?n }")
    assert SECRET not in str(caught.value)


def test_chunks_keep_every_blank_node_triple_in_one_request():
    from rdflib import BNode, Literal, URIRef

    from vazby.publish import _chunks

    a, p = URIRef("http://x/a"), URIRef("http://x/p")
    b = BNode()
    ground = [(a, p, Literal(i)) for i in range(5)]
    blank = [(a, p, b), (b, p, Literal("x"))]
    chunks = _chunks(ground[:3] + blank + ground[3:], 2)
    assert chunks[-1] == blank
    assert [t for c in chunks[:-1] for t in c] == ground
    assert all(len(c) <= 2 for c in chunks[:-1])


class _ChattyRefusal(BaseHTTPRequestHandler):
    """A store that refuses a query with 150 header lines before its message, as Virtuoso
    does when a query's estimated cost exceeds its limit."""

    message = (
        b"Virtuoso 42000 Error The estimated execution time 2221 (sec) exceeds the limit "
        b"of 400 (sec).\n\nSPARQL query:\nSELECT * WHERE { ?s ?p ?o }"
    )

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(500)
        for n in range(150):
            self.send_header(f"X-Detail-{n}", "x")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(self.message)))
        self.end_headers()
        self.wfile.write(self.message)

    def log_message(self, *args):  # quiet
        pass


def test_endpoint_shows_the_store_s_words_after_many_header_lines():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChattyRefusal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = Endpoint(f"http://127.0.0.1:{server.server_address[1]}/sparql", timeout=5)
        with pytest.raises(VazbyError) as caught:
            endpoint.select("SELECT * WHERE { ?s ?p ?o }")
    finally:
        server.shutdown()
        server.server_close()
    message = str(caught.value)
    assert "estimated execution time 2221 (sec) exceeds the limit of 400" in message
    assert "answered 500" in message and "SPARQL query:" not in message
