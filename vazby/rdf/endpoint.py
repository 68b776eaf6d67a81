"""A SPARQL 1.1 store over HTTP: queries, updates and the Graph Store Protocol.

One client for everything vazby sends to a store (``vazby publish``, the questions asked
with ``--endpoint``). It authenticates with Basic or Digest, whichever the store asks for
(Virtuoso's ``/sparql-auth`` accepts Digest only); the password comes from a file or from
``VAZBY_PASSWORD`` and appears in no message, log line or argument list.

Stores cap answers silently (Virtuoso's ``ResultSetMaxRows`` cuts a SELECT at 10,000 rows
and says so only in an ``X-SPARQL-MaxRows`` header): :meth:`Endpoint.select` notices a cut
answer, by that header or by counting the rows of a large answer, and reads it again page
by page in a fixed order.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError, VazbyError
from .ordering import order_rows, split_order

__all__ = [
    "PASSWORD_ENV",
    "Endpoint",
    "SelectAnswer",
    "read_password",
    "split_prologue",
    "query_form",
    "json_term",
    "xml_rows",
]

#: The environment variable a password may come from.
PASSWORD_ENV = "VAZBY_PASSWORD"

#: An answer of at least this many rows is counted again, to notice a store that cut it
#: without saying so; below it no store's cap is plausible.
SUSPECT_ROWS = 1000

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
N_TRIPLES = "application/n-triples"

#: Header lines http.client reads before it gives up (its own limit is 100). Virtuoso sends
#: more than 100 with an error (one per line of its message), and the store's words are
#: what tells a user why a query failed.
MAX_HEADERS = 10_000


def read_password(path: str | Path | None, user: str | None = "") -> str | None:
    """The password in the file ``path`` (its first line), else ``$VAZBY_PASSWORD``, else
    None; None as well when no ``user`` is named (None) and no file is given, so that a
    password in the environment does not stop anonymous reading.

    Raises
    ------
    VazbyError
        The file cannot be read or its first line is empty.
    """
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise VazbyError(f"{path}: cannot read the password file: {exc.strerror}") from None
        password = text.splitlines()[0] if text.strip() else ""
        if not password:
            raise VazbyError(f"{path}: the password file is empty")
        return password
    if user is None:
        return None
    return os.environ.get(PASSWORD_ENV) or None


_PROLOGUE = re.compile(
    r"\A(?:\s+|#[^\n]*(?:\n|\Z)|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE
)
_FORM = re.compile(r"\A(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def split_prologue(query: str) -> tuple[str, str]:
    """``(prologue, rest)``: the PREFIX and BASE declarations and comments before the query.

    Examples
    --------
    >>> split_prologue("PREFIX a: <http://a/> # x\\nSELECT ?s WHERE { ?s a:p 1 }")
    ('PREFIX a: <http://a/> # x\\n', 'SELECT ?s WHERE { ?s a:p 1 }')
    """
    end = _PROLOGUE.match(query)
    cut = end.end() if end else 0
    return query[:cut], query[cut:]


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Raises
    ------
    QueryError
        The text is not a query (an update, or not SPARQL).

    Examples
    --------
    >>> query_form("PREFIX x: <http://x/>\\nselect * { ?s ?p ?o }")
    'SELECT'
    """
    match = _FORM.match(split_prologue(query)[1])
    if match is None:
        raise QueryError("SPARQL error: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return match.group(1).upper()


def json_term(cell: dict[str, str]) -> Node:
    """An RDF term from one cell of SPARQL JSON results (with Virtuoso's old
    ``typed-literal``).

    Examples
    --------
    >>> json_term({"type": "literal", "value": "Lhota", "xml:lang": "cs"})
    rdflib.term.Literal('Lhota', lang='cs')
    """
    kind = cell["type"]
    value = cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return Literal(value, lang=cell["xml:lang"])
        datatype = cell.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise QueryError(f"cannot read a term of type {kind!r} in the store's results")


def xml_rows(body: bytes) -> tuple[list[str], list[dict[str, Node]]]:
    """The variables and rows of SPARQL Query Results XML.

    Examples
    --------
    >>> xml_rows(b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    ...          b'<variable name="x"/></head><results><result><binding name="x">'
    ...          b'<literal xml:lang="cs">Lhota</literal></binding></result></results></sparql>')
    (['x'], [{'x': rdflib.term.Literal('Lhota', lang='cs')}])
    """
    root = ElementTree.fromstring(body)
    head = root.find(f"{_RESULTS}head")
    names = [v.get("name", "") for v in (head if head is not None else [])]
    rows = []
    iris: dict[str, URIRef] = {}  # an IRI recurs on many rows: one object for it
    for result in root.iter(f"{_RESULTS}result"):
        row: dict[str, Node] = {}
        for binding in result:
            (value,) = list(binding)
            tag = value.tag[len(_RESULTS) :]
            text = value.text or ""
            if tag == "uri":
                iri = iris.get(text)
                if iri is None:
                    iri = iris[text] = URIRef(text)
                row[binding.get("name", "")] = iri
            elif tag == "bnode":
                row[binding.get("name", "")] = BNode(text)
            else:
                cell = {"type": "literal", "value": text}
                if value.get(_XML_LANG):
                    cell["xml:lang"] = value.get(_XML_LANG, "")
                if value.get("datatype"):
                    cell["datatype"] = value.get("datatype", "")
                row[binding.get("name", "")] = json_term(cell)
        rows.append(row)
    return names, rows


@dataclass
class SelectAnswer:
    """A SELECT's variables and rows (variable name → term; unbound names are absent)."""

    variables: list[str]
    rows: list[dict[str, Node]]
    pages: int = 1


def _safe_url(url: str) -> str:
    """``url`` without any ``user:password@`` (never shown)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def _challenge_auth(user: str, password: str):
    """A ``requests`` auth that answers the store's challenge: Digest, or Basic."""
    from requests.auth import HTTPDigestAuth, _basic_auth_str
    from requests.cookies import extract_cookies_to_jar

    class ChallengeAuth(HTTPDigestAuth):
        basic = False

        def __call__(self, r):
            if self.basic:
                r.headers["Authorization"] = _basic_auth_str(self.username, self.password)
                return r
            return super().__call__(r)

        def handle_401(self, r, **kwargs):
            challenge = r.headers.get("www-authenticate", "").lower()
            if self.basic or "digest" in challenge or "basic" not in challenge:
                return super().handle_401(r, **kwargs)
            self.basic = True
            r.content  # noqa: B018 - read the body so the connection can be reused
            r.close()
            prepared = r.request.copy()
            extract_cookies_to_jar(prepared._cookies, r.request, r.raw)
            prepared.prepare_cookies(prepared._cookies)
            prepared.headers["Authorization"] = _basic_auth_str(self.username, self.password)
            again = r.connection.send(prepared, **kwargs)
            again.history.append(r)
            again.request = prepared
            return again

        def __repr__(self) -> str:  # never the password
            return f"ChallengeAuth(user={self.username!r})"

    return ChallengeAuth(user, password)


@dataclass
class Endpoint:
    """A SPARQL store: its query endpoint ``url`` (and ``update_url`` for updates, the same
    by default), the graphs a query reads as its default graph, and the credentials.

    Nothing is sent until a method is called; the password is kept out of ``repr``.
    """

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    update_url: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    timeout: float = 600.0
    _session: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for url in (self.url, self.update_url):
            if url is None:
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise VazbyError(f"{_safe_url(url)}: not an http(s) URL of a SPARQL endpoint")
            if parts.username or parts.password:
                raise VazbyError(
                    f"{_safe_url(url)}: give the user with --user and the password in a file "
                    f"(--password-file) or ${PASSWORD_ENV}, not in the URL"
                )
        if self.password and not self.user:
            raise VazbyError("a password was given without a user: add --user")

    # -- HTTP -----------------------------------------------------------------------------

    @property
    def session(self):
        if self._session is None:
            import http.client

            import requests

            # a module-wide limit in http.client: raised, never lowered
            http.client._MAXHEADERS = max(http.client._MAXHEADERS, MAX_HEADERS)  # type: ignore[attr-defined]

            session = requests.Session()
            if self.user:
                session.auth = _challenge_auth(self.user, self.password or "")
            session.headers["User-Agent"] = "vazby"
            self._session = session
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def request(self, method: str, url: str, *, what: str, ok: Iterable[int] = (), **kwargs):
        """Send one request; a failure becomes a :class:`VazbyError` naming the URL and
        ``what`` was being done, with the store's own words (never the credentials)."""
        import requests

        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            reason = self._scrub(str(getattr(exc, "args", [exc])[0] if exc.args else exc))
            raise VazbyError(f"{_safe_url(url)}: cannot {what}: {reason}") from None
        if response.status_code < 400 or response.status_code in ok:
            return response
        if response.status_code == 401:
            who = f"as {self.user!r}" if self.user else "without a user (give --user)"
            raise VazbyError(
                f"{_safe_url(url)}: cannot {what}: the store refused the credentials {who} (401)"
            )
        # Virtuoso repeats the whole query after its message: the message is what helps.
        body = self._scrub(response.text.split("\nSPARQL query:", 1)[0].strip())[:600]
        raise VazbyError(
            f"{_safe_url(url)}: cannot {what}: the store answered {response.status_code} "
            f"{response.reason}: {body}"
        )

    def _scrub(self, text: str) -> str:
        if self.password:
            text = text.replace(self.password, "***")
        return text

    def _query_data(self, query: str) -> dict[str, Any]:
        return {"query": query, "default-graph-uri": list(self.default_graphs)}

    # -- queries --------------------------------------------------------------------------

    def _select_once(self, query: str) -> tuple[list[str], list[dict[str, Node]], bool]:
        # XML results first: Virtuoso writes them five times faster than JSON, and its TSV
        # is not the W3C's (no term types).
        response = self.request(
            "POST",
            self.url,
            what="run a query",
            data=self._query_data(query),
            headers={"Accept": f"{SPARQL_XML}, {SPARQL_JSON};q=0.9"},
        )
        kind = response.headers.get("content-type", "")
        try:
            if "json" in kind:
                answer = response.json()
                names = list(answer["head"].get("vars", []))
                cells = answer["results"]["bindings"]
                rows = [{name: json_term(cell) for name, cell in row.items()} for row in cells]
            else:
                names, rows = xml_rows(response.content)
        except (ValueError, KeyError, TypeError, ElementTree.ParseError):
            raise QueryError(
                f"{_safe_url(self.url)}: the store's answer is not SPARQL results: "
                f"{response.text[:200]!r}"
            ) from None
        capped = "x-sparql-maxrows" in response.headers
        return names, rows, capped

    def count(self, query: str) -> int:
        """The number of rows of the SELECT ``query``, counted by the store."""
        prologue, body = split_prologue(query)
        text = f"{prologue}SELECT (COUNT(*) AS ?n) WHERE {{ {{ {body} }} }}"
        _, rows, _ = self._select_once(text)
        return int(str(rows[0]["n"])) if rows else 0

    def select(self, query: str) -> SelectAnswer:
        """The whole answer of the SELECT ``query``, page by page where the store cuts it,
        in the order of its final ``ORDER BY`` (applied here: :mod:`vazby.rdf.ordering`).

        Raises
        ------
        QueryError
            The store rejected the query, or its pages do not add up to its count.
        """
        split = split_order(query)
        if split is not None:
            answer = self._select_all(split[0])
            ordered = order_rows(split_prologue(query)[0], split[1], answer.variables, answer.rows)
            if ordered is not None:
                answer.rows = ordered
                return answer
        return self._select_all(query)

    def _select_all(self, query: str) -> SelectAnswer:
        names, rows, capped = self._select_once(query)
        if not capped and len(rows) < SUSPECT_ROWS:
            return SelectAnswer(names, rows)
        total = self.count(query)
        if len(rows) >= total:
            return SelectAnswer(names, rows)
        return self._paged(query, names, page=len(rows), total=total)

    def _paged(self, query: str, names: list[str], page: int, total: int) -> SelectAnswer:
        # A fixed order inside a subquery, the window outside it: Virtuoso refuses a sorted
        # OFFSET past its sort limit, but pages a sorted subquery freely.
        prologue, body = split_prologue(query)
        variables = " ".join(f"?{n}" for n in names) or "*"
        order = " ".join(f"?{n}" for n in names)
        rows: list[dict[str, Node]] = []
        pages = 0
        while len(rows) < total:
            text = (
                f"{prologue}SELECT {variables} WHERE {{ {{ SELECT {variables} WHERE "
                f"{{ {{ {body} }} }} ORDER BY {order} }} }} LIMIT {page} OFFSET {len(rows)}"
            )
            _, chunk, _ = self._select_once(text)
            pages += 1
            rows.extend(chunk)
            if len(chunk) < page:
                break
        if len(rows) != total:
            raise QueryError(
                f"{_safe_url(self.url)}: the store counted {total} rows but gave {len(rows)} "
                f"in {pages} pages of {page}: it cuts answers in a way vazby cannot page"
            )
        return SelectAnswer(names, rows, pages)

    def ask(self, query: str) -> bool:
        response = self.request(
            "POST",
            self.url,
            what="run a query",
            data=self._query_data(query),
            headers={"Accept": SPARQL_JSON},
        )
        try:
            return bool(response.json()["boolean"])
        except (ValueError, KeyError, TypeError):
            raise QueryError(
                f"{_safe_url(self.url)}: the store's answer to ASK is not SPARQL JSON"
            ) from None

    def construct(self, query: str) -> bytes:
        """The N-Triples of a CONSTRUCT or DESCRIBE."""
        response = self.request(
            "POST",
            self.url,
            what="run a query",
            data=self._query_data(query),
            headers={"Accept": N_TRIPLES},
        )
        return response.content

    # -- updates and graphs ---------------------------------------------------------------

    def update(self, text: str, *, what: str = "update the store") -> None:
        """Send a SPARQL 1.1 Update."""
        self.request(
            "POST",
            self.update_url or self.url,
            what=what,
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def graph_send(self, store_url: str, graph: str, body: bytes, *, replace: bool):
        """Graph Store Protocol: PUT (``replace``) or POST N-Triples into ``graph``; the
        response (the caller looks at unsupported-method statuses)."""
        return self.request(
            "PUT" if replace else "POST",
            store_url,
            what=f"{'replace' if replace else 'add to'} the graph <{graph}>",
            ok=(404, 405, 406, 415, 501),
            params={"graph": graph},
            data=body,
            headers={"Content-Type": N_TRIPLES},
        )

    def subject_triples(self, graph: str, subjects: Iterable[str]) -> list[ox.Triple]:
        """The triples of ``graph`` about ``subjects`` (IRIs), by one CONSTRUCT read as
        N-Triples (far quicker than SELECT results to write and read); the caller keeps the
        answer under the store's cap."""
        return self._graph_triples(graph, _about(subjects))

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        """Every triple of ``graph``, by one CONSTRUCT (a store may cut the answer)."""
        return self._graph_triples(graph, "?s ?p ?o")

    def blank_triples(self, graph: str) -> list[ox.Triple]:
        """The triples of ``graph`` that touch a blank node, by one CONSTRUCT."""
        return self._graph_triples(graph, "?s ?p ?o FILTER(isBlank(?s) || isBlank(?o))")

    def _graph_triples(self, graph: str, pattern: str) -> list[ox.Triple]:
        return self.constructed(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}"
        )

    def triple_count(self, graph: str, subjects: Iterable[str] | None = None) -> int:
        """The number of triples of ``graph`` (about ``subjects``, IRIs, when given), as the
        store counts them."""
        pattern = "?s ?p ?o" if subjects is None else _about(subjects)
        return self.count(f"SELECT * WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}")

    def constructed(self, query: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT, read by Oxigraph."""
        body = self.construct(query)
        try:
            return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError:
            raise QueryError(
                f"{_safe_url(self.url)}: the store's answer to CONSTRUCT is not N-Triples"
            ) from None


def _about(subjects: Iterable[str]) -> str:
    """The pattern of the triples about ``subjects`` (IRIs)."""
    return f"VALUES ?s {{ {' '.join(f'<{s}>' for s in subjects)} }} ?s ?p ?o"
