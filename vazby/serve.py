"""A read-only SPARQL 1.1 Protocol endpoint over one graph, on the standard library's server.

``/sparql`` answers ``GET ?query=…``, ``POST`` with ``application/x-www-form-urlencoded``
(``query=…``) and ``POST`` with ``application/sparql-query`` (the query as the body). The
``Accept`` header (or a ``format=`` parameter: json, xml, csv, tsv, ttl, nt, jsonld) picks
the answer: SPARQL results as JSON (default), XML, CSV or TSV for SELECT and ASK; Turtle
(default), N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE. ``/`` is a small page
naming the graph and linking the named queries; ``/named/NAME?param=value`` runs one.

Limits, by design:

- **Read-only.** Updates (``update=``, ``application/sparql-update``, or a query text that
  starts with INSERT, DELETE, LOAD, …) get 403. A store folder is opened read-only; a file
  is parsed into memory and never written back.
- **No federation.** Oxigraph would fetch a ``SERVICE`` clause's endpoint over HTTP, so a
  public endpoint could be used to reach other machines: such queries get 403, decided
  from the query's tokens (:mod:`vazby.guard`), and the workers have no network anyway.
- **Bounded work.** :mod:`vazby.guard` refuses a query too large or too deeply nested
  before the engine reads it. Each query is evaluated in one of ``max_queries`` worker
  processes (:mod:`vazby.workers`) with a memory ceiling and no network; after ``timeout``
  seconds the client gets 503 and the worker is killed, which frees its memory, and a spare
  worker, started ahead, takes its slot at once. A query waits up to ``queue_wait`` seconds
  for a free worker, then gets 503 "busy"; cheap queries keep being answered by the other
  workers.
- **Fair between clients.** One client address has at most ``per_client`` queries in
  flight; a further one gets 429 with ``Retry-After`` at once, so one client sending
  expensive queries back to back holds at most ``per_client`` workers and the others keep
  being served (``max_queries`` must exceed it for that). Behind a reverse proxy every
  client has the proxy's address: set ``per_client`` to 0 (no limit) there.
- **Size.** A request body larger than ``max_body`` bytes gets 413. No traceback ever
  reaches a client: unexpected errors are logged and answered with a plain 500.

Negotiation, result formats and the refusals live in :mod:`vazby.protocol`. All SPARQL
goes through :func:`vazby.rdf.store.run_query`, with the vazby prefixes
declared. One line per request (method, path, status, milliseconds) goes to the
``vazby.serve`` logger.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from rdflib import Graph

from .errors import QueryError, VazbyError
from .guard import QueryRefused, check_query
from .protocol import FORMAT_PARAM, Reply, drain, refusal, text_reply
from .query.named import named_queries
from .rdf.store import open_store, run_query, select
from .workers import Busy, GraphSource, Timeout, WorkerDied, WorkerPool

__all__ = ["Endpoint", "make_server", "MAX_BODY"]

log = logging.getLogger("vazby.serve")

#: Largest request body accepted, in bytes.
MAX_BODY = 1 << 20
#: Address-space ceiling of a query worker, in MiB.
MEMORY_MB = 2048

# -- the endpoint ------------------------------------------------------------------------------


@dataclass
class Endpoint:
    """One graph served read-only, with the limits on time and concurrent queries.

    Parameters
    ----------
    graph : Graph
        The graph; only read.
    label : str
        What the index page calls it (usually the file or folder name).
    timeout : float
        Seconds a query may run before the client gets 503.
    max_queries : int
        Worker processes, i.e. queries evaluated at once.
    memory_mb : int or None
        Address-space ceiling of each worker, in MiB.
    source : GraphSource or None
        What the workers open; None: a copy of ``graph`` sent as N-Triples.
    queue_wait : float
        Seconds a query waits for a free worker before it gets 503 "busy".
    spares : int
        Workers kept ready to replace a killed one at once.
    per_client : int
        Queries one client address may have in flight; 0: no limit.
    """

    graph: Graph
    label: str
    timeout: float = 30.0
    max_queries: int = 2
    memory_mb: int | None = MEMORY_MB
    source: GraphSource | None = None
    queue_wait: float = 1.0
    spares: int = 1
    per_client: int = 1
    _pool: WorkerPool | None = field(init=False, repr=False, default=None)
    _pool_lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _head: dict[str, list[str]] = field(init=False, repr=False, default_factory=dict)
    _in_flight: dict[str, int] = field(init=False, repr=False, default_factory=dict)
    _clients_lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.triples = len(self.graph)
        plans: dict[str, str] = {}
        query = "SELECT ?p ?l WHERE { ?p a vz:Plan OPTIONAL { ?p rdfs:label ?l } } ORDER BY ?p ?l"
        for row in select(self.graph, query):
            plans.setdefault(str(row["p"]), str(row["l"] or ""))
        self.plans = plans

    def query(self, text: str, accept: str | None, client: str | None = None) -> Reply:
        """Run a SPARQL query under the limits and answer in the negotiated format;
        ``client`` is the caller's address (None: not counted per client)."""
        try:  # in this process: a refused or unreadable text never takes a worker's time
            check_query(text)
        except QueryRefused as exc:
            return text_reply(403, str(exc))
        except QueryError as exc:
            return text_reply(400, str(exc))
        return self._limited(("query", text, accept), client)

    def named(
        self, name: str, params: Mapping[str, str], accept: str | None, client: str | None = None
    ) -> Reply:
        """Run the named query ``name`` with its parameters (404 for an unknown name)."""
        queries = {q.name: q for q in named_queries()}
        if name not in queries:
            return text_reply(
                404, f"no named query {name!r}; there are: {', '.join(sorted(queries))}"
            )
        if name not in self._head:  # the variables, read from the query on an empty store
            empty = run_query(open_store(), queries[name].text)
            drain(empty)
            self._head[name] = [str(v) for v in empty.vars or ()]
        return self._limited(("named", name, dict(params), self._head[name], accept), client)

    def pool(self) -> WorkerPool:
        """The worker processes, started at the first query (or by ``serve``)."""
        with self._pool_lock:
            if self._pool is None:
                source = self.source
                if source is None:
                    source = GraphSource(
                        ntriples=self.graph.serialize(format="nt", encoding="utf-8")
                    )
                self._pool = WorkerPool(
                    source, self.max_queries, self.memory_mb, spares=self.spares
                )
                if self._pool.network_note:
                    log.warning(
                        "query workers keep the network (%s): only the query guard stops SERVICE",
                        self._pool.network_note,
                    )
            return self._pool

    def close(self) -> None:
        """Stop the worker processes."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _limited(self, job: tuple, client: str | None) -> Reply:
        if not self._enter(client):
            return text_reply(
                429,
                f"you already have {self.per_client} "
                f"{'query' if self.per_client == 1 else 'queries'} running; send the next "
                "when it has been answered",
                ("Retry-After", "1"),
            )
        try:
            return self.pool().run(job, self.timeout, wait=self.queue_wait)
        except Busy:
            return text_reply(
                503,
                f"busy: {self.max_queries} queries are already running; try again later",
                ("Retry-After", "5"),
            )
        except Timeout:
            return text_reply(
                503,
                f"the query ran longer than {self.timeout:g} s and was stopped. "
                "Add a LIMIT or narrow it down.",
                ("Retry-After", "5"),
            )
        except WorkerDied:
            return text_reply(
                503,
                "the query was stopped: it needed more memory than the endpoint allows "
                f"({self.memory_mb} MiB) or ended its worker. Add a LIMIT or narrow it down.",
                ("Retry-After", "5"),
            )
        finally:
            self._leave(client)

    def _enter(self, client: str | None) -> bool:
        """Count one more query of ``client``, or False if it has its share in flight."""
        if client is None or self.per_client <= 0:
            return True
        with self._clients_lock:
            running = self._in_flight.get(client, 0)
            if running >= self.per_client:
                return False
            self._in_flight[client] = running + 1
            return True

    def _leave(self, client: str | None) -> None:
        if client is None or self.per_client <= 0:
            return
        with self._clients_lock:
            left = self._in_flight.get(client, 0) - 1
            if left > 0:
                self._in_flight[client] = left
            else:  # no entry kept per past client: the table stays as small as the traffic
                self._in_flight.pop(client, None)

    def index(self) -> Reply:
        """The index page: the graph, its triple count, its plans and the named queries."""
        e = html.escape
        out = [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>vazby: {e(self.label)}</title></head><body>",
            f"<h1>{e(self.label)}</h1>",
            f"<p>{self.triples} triples. SPARQL endpoint: <code>/sparql</code> (read-only).</p>",
            "<h2>Plans</h2><ul>",
            *(f"<li>{e(label)} <code>{e(iri)}</code></li>" for iri, label in self.plans.items()),
            "</ul><h2>Named queries</h2><ul>",
        ]
        for q in named_queries():
            link = "/sparql?" + urlencode({"query": q.text}, quote_via=quote)
            out.append(f"<li><a href='{e(link)}'>{e(q.name)}</a>: {e(q.title)}")
            if q.parameters:
                out.append(f"<form action='/named/{e(quote(q.name))}' method='get'>")
                for p in q.parameters:
                    need = "" if p.optional else " required"
                    out.append(
                        f"<label>?{e(p.name)} <input name='{e(p.name)}'{need}"
                        f" title='{e(p.description)}'></label> "
                    )
                out.append("<button>run</button></form>")
            out.append("</li>")
        out.append("</ul></body></html>")
        return Reply(
            200,
            "\n".join(out).encode("utf-8"),
            "text/html; charset=utf-8",
            (("Content-Security-Policy", "default-src 'none'; form-action 'self'"),),
        )


# -- HTTP ---------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "vazby"
    sys_version = ""
    timeout = 60  # seconds a client may stay silent before its connection is dropped

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._dispatch(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(self._get, body=False)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._dispatch(lambda path, params: Reply(204, b"", headers=(("Allow", "GET, POST"),)))

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch(self._not_allowed)

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def __getattr__(self, name: str) -> Callable[[], None]:
        # Any other method (TRACE, CONNECT, FOO): http.server would answer 501, a server
        # error; the request is the client's mistake, so it gets 405 like PUT.
        if name.startswith("do_"):
            return lambda: self._dispatch(self._not_allowed)
        raise AttributeError(name)

    def _not_allowed(self, path: str, params: dict[str, list[str]]) -> Reply:
        return text_reply(405, "this endpoint only reads: use GET or POST", ("Allow", "GET, POST"))

    def _dispatch(self, route: Callable[..., Reply], body: bool = True) -> None:
        started = time.perf_counter()
        url = urlsplit(self.path)
        try:
            reply = route(url.path, parse_qs(url.query, keep_blank_values=True))
        except Exception:
            log.exception("%s %s failed", self.command, url.path)
            reply = text_reply(500, "internal error; see the server's log")
        self._send(reply, body)
        ms = (time.perf_counter() - started) * 1000
        log.info("%s %s %d %.0f ms", self.command, url.path, reply.status, ms)

    def _get(self, path: str, params: dict[str, list[str]]) -> Reply:
        endpoint = self.server.endpoint
        if path in ("/", "/index.html"):
            return endpoint.index()
        if path == "/sparql":
            return self._protocol(params)
        if path.startswith("/named/"):
            given = {k.lstrip("?"): v[-1] for k, v in params.items() if k != "format" and v[-1]}
            return endpoint.named(
                path[len("/named/") :], given, self._accept(params), self.client_address[0]
            )
        return text_reply(404, f"no page {path}; the SPARQL endpoint is /sparql and the index is /")

    def _post(self, path: str, params: dict[str, list[str]]) -> Reply:
        if path != "/sparql":
            if path == "/" or path.startswith("/named/"):
                return self._not_allowed(path, params)
            return text_reply(404, f"no page {path}; POST queries to /sparql")
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return text_reply(411, "send the body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return text_reply(400, "Content-Length is not a number")
        if length < 0 or length > self.server.max_body:
            self.close_connection = True  # the body stays unread
            return text_reply(413, f"the body is larger than {self.server.max_body} bytes")
        data = self.rfile.read(length) if length else b""
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return text_reply(400, "the body is not UTF-8")
        if kind == "application/sparql-update":
            return text_reply(403, refusal("INSERT") or "")
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            return self._protocol(
                {k: params.get(k, []) + form.get(k, []) for k in {*params, *form}}
            )
        if kind == "application/sparql-query":
            if "query" in params:
                return text_reply(400, "give the query either in the body or as query=, not both")
            return self._protocol({**params, "query": [text]})
        return text_reply(
            415,
            f"cannot read a {kind or 'body without Content-Type'}; send "
            "application/sparql-query or application/x-www-form-urlencoded",
        )

    def _protocol(self, params: dict[str, list[str]]) -> Reply:
        if "update" in params or "using-graph-uri" in params:
            return text_reply(403, refusal("INSERT") or "")
        if any(v for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])):
            return text_reply(400, "this endpoint serves one graph: drop default-graph-uri")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return text_reply(
                400,
                "give exactly one SPARQL query: GET /sparql?query=…, or POST it as "
                "application/sparql-query or as query=… (application/x-www-form-urlencoded)",
            )
        return self.server.endpoint.query(queries[0], self._accept(params), self.client_address[0])

    def _accept(self, params: dict[str, list[str]]) -> str | None:
        short = (params.get("format") or [""])[-1].lower()
        return FORMAT_PARAM.get(short, short) if short else self.headers.get("Accept")

    def _send(self, reply: Reply, body: bool) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if body and reply.body:
            self.wfile.write(reply.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: :meth:`_dispatch` logs one line per request itself."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.warning("%s: %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], endpoint: Endpoint, cors: bool, max_body: int):
        self.endpoint = endpoint
        self.cors = cors
        self.max_body = max_body
        super().__init__(address, _Handler)

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.close()


def make_server(
    endpoint: Endpoint,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    cors: bool = False,
    max_body: int = MAX_BODY,
) -> ThreadingHTTPServer:
    """A threading HTTP server for ``endpoint``, bound but not yet serving.

    Call ``serve_forever()`` (in a thread, for tests) and ``shutdown()``/``server_close()``.
    ``port`` 0 takes a free port: read it from ``server.server_address[1]``.

    Raises
    ------
    VazbyError
        The address cannot be bound (in use, or not an address of this machine).
    """
    try:
        return _Server((host, port), endpoint, cors, max_body)
    except OSError as exc:
        raise VazbyError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
