"""Bulk writing of rdflib triples into the Oxigraph store, past oxrdflib's per-triple path.

oxrdflib's ``addN`` converts every term with a chain of ``isinstance`` checks and replays each
triple through rdflib's event machinery; building 100,000 measures spent most of its time
there. Here triples are written as N-Triples text (IRIs cached, literals escaped with one
``str.translate``) and handed to Oxigraph's Rust parser in one ``bulk_load`` call per batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

__all__ = ["NT", "nt_text", "nt_typed", "NTriplesWriter", "extend_graph", "load_ntriples"]

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class NT(str):
    """An object term already written as N-Triples (a literal), so the builder need not make
    an rdflib ``Literal`` only to write it out again."""

    __slots__ = ()


def nt_text(value: str, lang: str | None = None) -> NT:
    """A plain or language-tagged literal as N-Triples.

    Examples
    --------
    >>> print(nt_text('a "b"', "cs"))
    "a \\"b\\""@cs
    """
    text = '"' + value.translate(_ESCAPE) + '"'
    return NT(text + "@" + lang if lang else text)


def nt_typed(value: object, datatype: str) -> NT:
    """A typed literal as N-Triples; ``datatype`` is the datatype's IRI."""
    return NT('"' + str(value).translate(_ESCAPE) + '"^^<' + datatype + ">")


def _iri(value: str) -> str:
    if _IRI_UNSAFE.search(value):
        value = _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04X}", value)
    return f"<{value}>"


class NTriplesWriter:
    """Turn rdflib terms into N-Triples text, caching the text of IRIs.

    Examples
    --------
    >>> write = NTriplesWriter()
    >>> write.line(URIRef("http://x/a"), URIRef("http://x/p"), Literal('řekl "ano"', lang="cs"))
    '<http://x/a> <http://x/p> "řekl \\\\"ano\\\\""@cs .\\n'
    """

    def __init__(self, max_cached: int = 100_000) -> None:
        self._cache: dict[Node | NT, str] = {}
        self._max = max_cached

    def term(self, term: Node | NT) -> str:
        if type(term) is NT:
            return term
        cached = self._cache.get(term)
        if cached is not None:
            return cached
        kind = type(term)
        if isinstance(term, Literal):
            text = '"' + str(term).translate(_ESCAPE) + '"'
            if term.language:
                text += "@" + term.language
            elif term.datatype:
                text += "^^" + _iri(str(term.datatype))
            return text  # literals are mostly unique: not cached
        if kind is BNode or isinstance(term, BNode):
            text = "_:" + re.sub(r"[^A-Za-z0-9_]", "_", str(term))
        elif isinstance(term, URIRef):
            text = _iri(str(term))
        else:
            raise TypeError(f"cannot store term {term!r} of type {kind.__name__}")
        if len(self._cache) >= self._max:
            self._cache.clear()
        self._cache[term] = text
        return text

    def line(self, s: Node, p: Node, o: Node | NT) -> str:
        term = self.term
        return f"{term(s)} {term(p)} {term(o)} .\n"

    def lines(self, triples: Iterable[tuple[Node, Node, Node | NT]]) -> list[str]:
        """Each of ``triples`` as an N-Triples line (the hot path of a build: the cache is
        read inline and only a miss calls :meth:`term`)."""
        get = self._cache.get
        term = self.term
        nt = NT
        return [
            f"{get(s) or term(s)} {get(p) or term(p)} "
            f"{o if type(o) is nt else (get(o) or term(o))} .\n"
            for s, p, o in triples
        ]

    def text(self, triples: Iterable[tuple[Node, Node, Node | NT]]) -> str:
        """All ``triples`` as one N-Triples text."""
        return "".join(self.lines(triples))


def extend_graph(
    graph: Graph, triples: Iterable[tuple[Node, Node, Node | NT]], writer: NTriplesWriter
) -> None:
    """Add ``triples`` to ``graph``: as one N-Triples batch into Oxigraph when the graph is the
    store's default graph, else through rdflib's ``addN``."""
    inner = getattr(graph.store, "_inner", None)
    text = writer.text(triples)
    if inner is not None and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        load_ntriples(graph, text.encode("utf-8"))
        return
    graph.parse(data=text, format="nt")


def load_ntriples(graph: Graph, data: bytes) -> None:
    """Load N-Triples bytes into ``graph`` (in bulk when it is an Oxigraph default graph)."""
    if not data:
        return
    inner = getattr(graph.store, "_inner", None)
    if inner is not None and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        inner.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    else:
        graph.parse(data=data.decode("utf-8"), format="nt")
