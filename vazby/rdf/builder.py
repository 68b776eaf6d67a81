"""The machinery that turns loader records into RDF triples: IRIs, provenance, resolved
concepts, and the registry of record builders.

One :class:`GraphBuilder` serves a whole corpus; :meth:`GraphBuilder.add_result` takes one
document's :class:`~vazby.loaders.records.LoadResult`. Record types are dispatched through
the :data:`BUILDERS` registry: each module of builders (:mod:`vazby.rdf.build` for plans,
:mod:`vazby.rdf.build_minutes`, :mod:`vazby.rdf.build_reports`) registers its functions with
:func:`register` and imports this module, never the other way round.

IRIs are deterministic and readable: ``{base}plan/{plan}/measure/{id}``,
``{base}plan/{plan}/goal/{id}``, ``{base}actor/{slug}``, so rebuilds diff cleanly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..loaders.records import (
    Abbreviation,
    Coverage,
    Diagnostic,
    Document,
    LoadResult,
    Meeting,
    Mention,
    Plan,
    Programme,
    SourceSpan,
)
from ..ontology.namespace import (
    DCTERMS,
    DEFAULT_BASE,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VOCAB,
    VZ,
    XSD,
)
from .bulk import NT, NTriplesWriter, extend_graph, load_ntriples, nt_text, nt_typed
from .resolve import Resolved, Resolver
from .store import bind_prefixes, open_store

__all__ = [
    "BUILDERS",
    "Context",
    "GraphBuilder",
    "ID_KINDS",
    "build_diagnostic",
    "document_scope",
    "new_graph",
    "register",
]

Triple = tuple[Node, Node, Node | NT]
_XSD_INTEGER = str(XSD.integer)
_XSD_DECIMAL = str(XSD.decimal)


def decimal_text(value: Decimal) -> str:
    """The canonical xsd:decimal form: no exponent, at least one digit after a point only if
    there is a fraction ("25000000", "1250000.5")."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_SAFE_PART = re.compile(r"[A-Za-z0-9./_+~-]*")


@functools.lru_cache(maxsize=65536)
def _iri_part(part: str) -> str:
    """One IRI path segment, percent-encoded except for ``./-_+~`` (memoised: plan slugs,
    kinds and numbers repeat across a document's records)."""
    return part if _SAFE_PART.fullmatch(part) else quote(part, safe="./-_+~")


#: Record type → function(builder, context, record) adding its triples.
BUILDERS: dict[type, Callable[[GraphBuilder, Context, Any], None]] = {}

#: Record type → the kind of identifier it defines in its document ("measure", "goal", …),
#: so that links can be checked against what exists before any record is built.
ID_KINDS: dict[type, str] = {}


def register(record_type: type, id_kind: str | None = None) -> Callable:
    """Register the function that builds records of ``record_type``.

    ``id_kind`` names the kind of identifier the records define (their ``id`` field), which
    :meth:`Context.has` then answers for.
    """

    def decorate(fn: Callable[[GraphBuilder, Context, Any], None]) -> Callable:
        BUILDERS[record_type] = fn
        if id_kind:
            ID_KINDS[record_type] = id_kind
        return fn

    return decorate


def new_graph(store: str = "Oxigraph") -> Graph:
    """An empty graph in the embedded store (in memory) with vazby's prefixes bound."""
    if store == "Oxigraph":
        return open_store()
    return bind_prefixes(Graph(store=store))


@dataclass
class Context:
    """What the builder knows about the document being built."""

    document: Document
    doc_iri: URIRef
    resolver: Resolver
    plan: str | None = None
    plan_iri: URIRef | None = None
    ids: dict[str, set[str]] = field(default_factory=dict)

    def has(self, kind: str, ident: str) -> bool:
        return ident in self.ids.get(kind, ())


#: The media type of each kind of document (``dcterms:format`` of a ``vz:SourceDocument``).
MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class GraphBuilder:
    """Accumulates triples for a corpus and flushes them into a graph in bulk.

    Parameters
    ----------
    graph : rdflib.Graph or None
        The target graph (normally :func:`new_graph`); None for a builder whose triples are
        taken as N-Triples with :meth:`take_ntriples`.
    base : str
        Base IRI of instance data.
    resolver : Resolver, optional
        The concept resolver; one is created when not given.
    split_shared : bool
        Keep apart the triples about resources other documents may describe too (the plan
        node, towns, persons, minted concepts): everything whose subject is not the
        document's own node, its spans or a resource under its plan. A builder that streams
        its triples (:func:`vazby.pipeline.write_corpus`) takes them with
        :meth:`take_shared` so that they are written once for the whole corpus.
    """

    def __init__(
        self,
        graph: Graph | None,
        base: str = DEFAULT_BASE,
        resolver: Resolver | None = None,
        split_shared: bool = False,
    ):
        self.graph = graph
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.resolver = resolver or Resolver(self.base)
        self._triples: list[Triple] = []
        self._convert = NTriplesWriter()
        self._spans: dict[tuple[str, int, int], URIRef] = {}
        self._concepts: set[URIRef] = set()
        self._shared: list[Triple] | None = [] if split_shared else None
        self.measure_count = 0
        self.document_count = 0
        self._batch = 0  # how many times the pending triples were written out or taken

    # -- IRIs -------------------------------------------------------------------------
    def iri(self, *parts: str) -> URIRef:
        """An instance IRI under the base; each part is percent-encoded but keeps ``./``."""
        return URIRef(self.base + "/".join(map(_iri_part, parts)))

    def plan_node(self, plan: str, kind: str, ident: str) -> URIRef:
        return self.iri("plan", plan, kind, ident)

    def budget_node(self, plan: str, ident: str) -> URIRef:
        """A budget line's IRI; loaders give ids such as ``budget/1.1.1.1`` or
        ``B.1/budget/1.1.1-1.1.3`` that already say what they are."""
        if "budget" in ident.split("/"):
            return self.iri("plan", plan, ident)
        return self.plan_node(plan, "budget", ident)

    # -- triples ----------------------------------------------------------------------
    def add(self, s: Node, p: Node, o: Node | NT | None) -> None:
        if o is not None:
            self._triples.append((s, p, o))

    def text(self, s: Node, p: Node, value: str | None, lang: str | None = "cs") -> None:
        """Add a text literal (Czech by default; ``lang=None`` for a plain string)."""
        if value:
            self._triples.append((s, p, nt_text(value, lang)))

    def integer(self, s: Node, p: Node, value: int) -> None:
        self._triples.append((s, p, nt_typed(value, _XSD_INTEGER)))

    def flush(self) -> None:
        """Write the accumulated triples into the graph."""
        if self._triples:
            if self.graph is None:
                raise ValueError("this builder has no graph: take its triples with take_ntriples()")
            extend_graph(self.graph, self._triples, self._convert)
            self._triples = []
            self._batch += 1

    def mark(self) -> tuple[int, int, int]:
        """Where the pending triples (and those kept apart by ``split_shared``) end now (see
        :meth:`graph_since`)."""
        return self._batch, len(self._triples), len(self._shared or ())

    def graph_since(self, mark: tuple[int, int, int]) -> Graph | None:
        """A graph of its own holding the triples built since ``mark`` (they stay pending
        here), or None when some of them were written out or taken meanwhile."""
        batch, start, shared = mark
        if batch != self._batch:
            return None
        graph = new_graph()
        added = self._triples[start:] + (self._shared or [])[shared:]
        extend_graph(graph, added, self._convert)
        return graph

    def load_ntriples(self, data: bytes) -> None:
        """Load N-Triples written by another builder (see :meth:`take_ntriples`)."""
        self.flush()
        if self.graph is None:
            raise ValueError("this builder has no graph to load into")
        load_ntriples(self.graph, data)

    def take_ntriples(self) -> bytes:
        """The accumulated triples as N-Triples, removed from the builder (for workers that
        build in another process and send their triples to the one holding the store)."""
        text = self._convert.text(self._triples)
        self._triples = []
        self._batch += 1
        return text.encode("utf-8")

    def take_lines(self) -> list[str]:
        """The accumulated triples as N-Triples lines (each ending in a newline), removed
        from the builder."""
        lines = self._convert.lines(self._triples)
        self._triples = []
        self._batch += 1
        return lines

    def take_shared(self) -> list[str]:
        """The triples kept apart by ``split_shared``, as N-Triples lines, removed from the
        builder."""
        if not self._shared:
            return []
        lines = self._convert.lines(self._shared)
        self._shared = []
        self._batch += 1
        return lines

    def _route_shared(self, start: int, own: tuple[str, ...]) -> None:
        """Move the triples added since ``start`` whose subject is outside ``own`` (IRI
        prefixes) to the shared list."""
        assert self._shared is not None
        added = self._triples[start:]
        del self._triples[start:]
        keep, share = self._triples.append, self._shared.append
        for triple in added:
            (keep if str.startswith(triple[0], own) else share)(triple)  # type: ignore[arg-type]

    # -- provenance -------------------------------------------------------------------
    def document(self, doc: Document, loader: str, coverage: Coverage | None = None) -> URIRef:
        node = self.iri("document", doc.sha256[:16])
        self.add(node, RDF.type, VZ.SourceDocument)
        self.add(node, VZ.fileName, Literal(doc.name))
        self.add(node, RDFS.label, Literal(doc.name))
        self.add(node, VZ.sha256, Literal(doc.sha256))
        if doc.encoding:  # text only: a PDF, DOCX or ODT has no text encoding
            self.add(node, VZ.encoding, Literal(doc.encoding))
        self.add(node, DCTERMS["format"], Literal(MEDIA_TYPES.get(doc.kind, "text/plain")))
        self.add(node, VZ.loader, Literal(loader))
        if coverage is not None:
            self.add(node, VZ.profile, Literal(coverage.profile))
            share = Decimal(coverage.placed) / Decimal(coverage.total or 1)
            share = share.quantize(Decimal("0.001"))
            self.add(node, VZ.coverage, nt_typed(decimal_text(share), _XSD_DECIMAL))
            self.integer(node, VZ.linesPlaced, coverage.placed)
            self.integer(node, VZ.linesTotal, coverage.total)
            self.add(node, VZ.coverageUnits, Literal(coverage.units))
            for n, (section, lines) in enumerate(coverage.unplaced, 1):
                part = URIRef(f"{node}/unplaced/{n}")
                self.add(node, VZ.unplacedPart, part)
                self.add(part, RDF.type, VZ.UnplacedPart)
                self.add(part, VZ.document, node)
                self.add(part, RDFS.label, Literal(section))
                self.integer(part, VZ.unitCount, len(lines))
                self.integer(part, VZ.firstLine, lines[0])
                self.integer(part, VZ.lastLine, lines[-1])
        return node

    def span(self, source: SourceSpan) -> URIRef:
        key = (source.sha256, source.first_line, source.last_line)
        node = self._spans.get(key)
        if node is None:
            doc = self.iri("document", source.sha256[:16])
            node = self._spans[key] = URIRef(f"{doc}/lines/{key[1]}-{key[2]}")
            self.add(node, RDF.type, VZ.SourceSpan)
            self.add(node, VZ.document, doc)
            self.integer(node, VZ.firstLine, key[1])
            self.integer(node, VZ.lastLine, key[2])
            if source.locator is not None:
                # A file not addressed by line: where the span is in the file's own terms.
                self.text(node, VZ.locator, source.locator, lang=None)
                for prop, value in (
                    (VZ.page, source.page),
                    (VZ.tableNumber, source.table),
                    (VZ.rowNumber, source.row),
                ):
                    if value is not None:
                        self.integer(node, prop, value)
        return node

    def derive(self, subject: Node, source: SourceSpan) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.span(source))

    # -- resolved mentions ------------------------------------------------------------
    def concept(self, resolved: Resolved) -> URIRef:
        """Add a minted concept's own triples once (labels, type); return its IRI."""
        iri = resolved.iri
        if iri not in self._concepts:
            self._concepts.add(iri)
            if not resolved.known or resolved.generic:
                self._describe_minted(resolved)
        return iri

    def _describe_minted(self, r: Resolved) -> None:
        if r.scheme == "actor":
            self.add(r.iri, RDF.type, VZ.GenericActor if r.generic else VZ.Actor)
            self.add(r.iri, RDF.type, URIRef("http://www.w3.org/ns/org#Organization"))
            self.add(r.iri, SKOS.prefLabel, Literal(r.label, lang="cs"))
            self.add(r.iri, RDFS.label, Literal(r.label, lang="cs"))
            self.add(r.iri, VZ.generic, Literal(r.generic))
            self.add(r.iri, VZ.actorType, r.actor_type)
        else:
            self.add(r.iri, RDF.type, SKOS.Concept)
            self.add(r.iri, SKOS.prefLabel, Literal(r.label, lang="cs"))
            self.add(r.iri, RDFS.label, Literal(r.label, lang="cs"))
            self.add(r.iri, SKOS.inScheme, VOCAB[r.scheme])

    def mention(
        self,
        subject: URIRef,
        predicate: URIRef,
        mention: Mention,
        resolved: Resolved,
        role: str,
        index: int,
        node: URIRef | None = None,
    ) -> URIRef:
        """Link ``subject`` to a resolved concept and keep the raw text as a vz:Mention.

        The mention's IRI is ``{subject}/mention/{role}/{index}`` unless ``node`` names it.
        Returns the concept's IRI.
        """
        target = self.concept(resolved)
        self.add(subject, predicate, target)
        if node is None:
            node = URIRef(f"{subject}/mention/{role}/{index}")
        self.add(node, RDF.type, VZ.Mention)
        self.text(node, VZ.rawText, mention.text)
        self.add(node, VZ.mentionOf, target)
        self.add(node, VZ.mentionIn, subject)
        self.text(node, VZ.mentionRole, role, lang=None)
        if mention.prose:
            self.add(node, VZ.fromProse, Literal(True))
        self.derive(node, mention.source)
        return target

    # -- documents --------------------------------------------------------------------
    def add_result(self, result: LoadResult) -> None:
        """Add every record and diagnostic of one loaded document, or none of them: on any
        failure the document's triples are taken back and the error raised."""
        start, counts = len(self._triples), (self.document_count, self.measure_count)
        try:
            self._add_result(result, start)
        except BaseException:
            del self._triples[start:]
            self.document_count, self.measure_count = counts
            raise
        if len(self._triples) > 200_000 and self.graph is not None:
            self.flush()

    def _add_result(self, result: LoadResult, start: int) -> None:
        doc = result.document
        self.document_count += 1
        self._spans.clear()  # span IRIs carry the document: none is shared across documents
        doc_iri = self.document(doc, result.loader, result.coverage)
        plan_slug, town = document_scope(result)
        resolver = self.resolver.for_document(
            result.of_type(Abbreviation), plan=plan_slug, town=town
        )
        ctx = Context(doc, doc_iri, resolver)
        if plan_slug is not None and result.of_type(Plan):
            ctx.plan = plan_slug
            ctx.plan_iri = self.iri("plan", plan_slug)
        for record in result.records:
            kind = ID_KINDS.get(type(record))
            if kind:
                ctx.ids.setdefault(kind, set()).add(getattr(record, "id"))  # noqa: B009
        for record in result.records:
            builder = BUILDERS.get(type(record))
            if builder is None:
                raise TypeError(f"no graph builder registered for {type(record).__name__}")
            builder(self, ctx, record)
        for number, diagnostic in enumerate(result.diagnostics, 1):
            build_diagnostic(self, ctx, diagnostic, number)
        if self._shared is not None:
            own = (str(doc_iri),) + ((f"{ctx.plan_iri}/",) if ctx.plan_iri is not None else ())
            self._route_shared(start, own)

    def _finding(
        self,
        node: URIRef,
        cls: URIRef,
        kind: str,
        message: str,
        doc_iri: URIRef,
        line: int,
        related: Iterable[int],
    ) -> None:
        """What every finding says (a loader's diagnostic, a check's finding): its class,
        kind and message, and the document, line and related lines it is about."""
        self.add(node, RDF.type, cls)
        self.text(node, VZ.diagnosticKind, kind, lang=None)
        self.text(node, VZ.message, message, lang=None)
        self.add(node, VZ.document, doc_iri)
        self.integer(node, VZ.line, line)
        for other in related:
            self.integer(node, VZ.relatedLine, other)

    def diagnostic(
        self, node: URIRef, d: Diagnostic, doc_iri: URIRef, plan_iri: URIRef | None, sha256: str
    ) -> None:
        """A :class:`Diagnostic` as a ``vz:Diagnostic`` node of the document ``doc_iri``."""
        self._finding(node, VZ.Diagnostic, d.kind, d.message, doc_iri, d.line, d.related)
        self.add(node, VZ.inPlan, plan_iri)
        if d.locator is not None:
            self.text(node, VZ.locator, d.locator, lang=None)
        if d.line > 0:
            self.derive(node, SourceSpan(d.path, sha256, d.line, d.line, d.locator))

    def corpus_diagnostic(self, d: Diagnostic, sha256: str, plan: str | None, number: int) -> None:
        """A finding about a document among the others (see
        :func:`vazby.pipeline.shared_scope_diagnostics`), added after its own records."""
        doc_iri = self.iri("document", sha256[:16])
        node = URIRef(f"{doc_iri}/diagnostic/corpus-{number}")
        self.diagnostic(node, d, doc_iri, self.iri("plan", plan) if plan else None, sha256)

    def add_vocabulary(self) -> None:
        """Add the shipped concept schemes (actors, groups, funding sources, statuses)."""
        self._triples.extend(self.resolver.vocabulary_graph())

    def add_results(self, results: Iterable[LoadResult]) -> None:
        for result in results:
            self.add_result(result)
        self.flush()


def document_scope(result: LoadResult) -> tuple[str | None, str | None]:
    """The plan (or programme, or meeting) a document is about, and its town.

    Actor resolution needs both: "Město" or "obec" in a document about town T is T, and a
    generic "NNO" is one generic actor per plan.
    """
    for record in result.records:
        if isinstance(record, Plan):
            return record.slug, record.town
    for record in result.records:
        if isinstance(record, (Programme, Meeting)):
            return record.id, record.town
    return None, None


def build_diagnostic(b: GraphBuilder, ctx: Context, d: Diagnostic, number: int) -> None:
    node = URIRef(f"{ctx.doc_iri}/diagnostic/{number}")
    b.diagnostic(node, d, ctx.doc_iri, ctx.plan_iri, ctx.document.sha256)
