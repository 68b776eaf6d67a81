"""Turn loader records into RDF triples: IRIs, ontology terms, resolved concepts, provenance.

One :class:`GraphBuilder` serves a whole corpus; :meth:`GraphBuilder.add_result` takes one
document's :class:`~vazby.loaders.records.LoadResult`. Record types are dispatched through
the :data:`BUILDERS` registry, so a new document kind adds its records and registers a
function with :func:`register` (see :mod:`vazby.rdf.build`).

IRIs are deterministic and readable: ``{base}plan/{plan}/measure/{id}``,
``{base}plan/{plan}/goal/{id}``, ``{base}actor/{slug}``, so rebuilds diff cleanly.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..lang import slugify
from ..loaders.records import (
    Abbreviation,
    Area,
    BudgetLine,
    Diagnostic,
    Document,
    Goal,
    Link,
    LoadResult,
    Measure,
    Meeting,
    Mention,
    Plan,
    Programme,
    Schedule,
    SourceSpan,
    TableRow,
)
from ..ontology.namespace import (
    DCTERMS,
    DEFAULT_BASE,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VOCAB,
    VZ,
    XSD,
)
from ..query.actors import SUMMARIES_VERSION, ActorMention, MentionRef, summarise_mentions
from ..query.audit import AUDIT_RULES_VERSION, card_table_findings
from ..query.orphans import RULES_VERSION, facts_from_triples, find_orphans, finding_triples
from .bulk import NT, NTriplesWriter, extend_graph, load_ntriples, nt_text, nt_typed
from .resolve import Resolved, Resolver
from .store import open_store

__all__ = ["GraphBuilder", "BUILDERS", "register", "Context", "new_graph"]

Triple = tuple[Node, Node, Node | NT]
_XSD_INTEGER = str(XSD.integer)
_XSD_DECIMAL = str(XSD.decimal)


def _decimal(value: Decimal) -> str:
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
    graph = Graph(store=store)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


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
        self._span_places: dict[Node, tuple[int, URIRef]] = {}  # span → first line, document
        self._concepts: set[URIRef] = set()
        self._minted_labels: dict[URIRef, str] = {}  # of concepts this builder described
        self._file_names: dict[str, str] = {}  # sha256 → file name, of documents added
        self._actor_mentions: list[ActorMention] = []  # of the document being added
        self._shared: list[Triple] | None = [] if split_shared else None
        self.measure_count = 0
        self.document_count = 0

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
        return text.encode("utf-8")

    def take_lines(self) -> list[str]:
        """The accumulated triples as N-Triples lines (each ending in a newline), removed
        from the builder."""
        lines = self._convert.lines(self._triples)
        self._triples = []
        return lines

    def take_shared(self) -> list[str]:
        """The triples kept apart by ``split_shared``, as N-Triples lines, removed from the
        builder."""
        if not self._shared:
            return []
        lines = self._convert.lines(self._shared)
        self._shared = []
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
    def document(self, doc: Document, loader: str) -> URIRef:
        node = self.iri("document", doc.sha256[:16])
        self.add(node, RDF.type, VZ.SourceDocument)
        self.add(node, VZ.fileName, Literal(doc.name))
        self._file_names[doc.sha256] = doc.name
        self.add(node, RDFS.label, Literal(doc.name))
        self.add(node, VZ.sha256, Literal(doc.sha256))
        if doc.encoding:  # text only: a PDF, DOCX or ODT has no text encoding
            self.add(node, VZ.encoding, Literal(doc.encoding))
        self.add(node, DCTERMS["format"], Literal(MEDIA_TYPES.get(doc.kind, "text/plain")))
        self.add(node, VZ.loader, Literal(loader))
        return node

    def span(self, source: SourceSpan) -> URIRef:
        key = (source.sha256, source.first_line, source.last_line)
        node = self._spans.get(key)
        if node is None:
            doc = self.iri("document", source.sha256[:16])
            node = self._spans[key] = URIRef(f"{doc}/lines/{key[1]}-{key[2]}")
            self._span_places[node] = (key[1], doc)
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
                self._minted_labels[iri] = resolved.label
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
        self.derive(node, mention.source)
        if resolved.scheme == "actor" and mention.text and role:
            source = mention.source
            span = self.span(source)  # made by derive() above
            file = self._file_names.get(source.sha256, "")
            ref = MentionRef(mention.text, role, file, source.first_line)
            document = self._span_places[span][1]
            self._actor_mentions.append(ActorMention(target, node, subject, ref, span, document))
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
        self._span_places.clear()
        self._actor_mentions.clear()
        doc_iri = self.document(doc, result.loader)
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
        added = self._triples[start:]
        derived, plans = _derivations(added)
        self._orphan_findings(added, doc_iri, derived)
        self._actor_summaries(doc_iri, plans)
        self._card_table_findings(start, doc_iri, result)
        if self._shared is not None:
            own = (str(doc_iri),) + ((f"{ctx.plan_iri}/",) if ctx.plan_iri is not None else ())
            self._route_shared(start, own)

    def _orphan_findings(
        self, added: list[Triple], doc_iri: URIRef, derived: dict[Node, list[Node]]
    ) -> None:
        """Store the orphan findings of the measures the document's triples (``added``)
        describe; ``derived``: each subject's source spans.

        Links, budget lines and goals never cross documents, so the rules
        (:mod:`vazby.query.orphans`) are decided here, once, and queries read the answer.
        """
        self.add(doc_iri, VZ.orphanRules, Literal(RULES_VERSION))  # checked, if none found
        facts = facts_from_triples(added)
        if not facts.measures:
            return
        spans = {
            str(s): [o for o in found if isinstance(o, URIRef)]
            for s, found in derived.items()
            if str(s) in facts.measures
        }
        places = {  # each measure's earliest span, by its first line and document
            m: min(self._span_places[span] for span in held)
            for m, found in spans.items()
            if (held := [span for span in found if span in self._span_places])
        }
        self._triples.extend(finding_triples(find_orphans(facts), spans, places))

    def _actor_summaries(self, doc_iri: URIRef, plans: dict[Node, list[Node]]) -> None:
        """Store the document's mentions of each actor, per plan of what holds them
        (``plans``), as one ``vz:ActorInDocument``
        (:func:`vazby.query.actors.summarise_mentions`): the named query ``actors`` reads
        these rather than joining every mention to its text, role, line, file and plan."""
        self.add(doc_iri, VZ.actorSummaries, Literal(SUMMARIES_VERSION))  # written, if none
        mentions, self._actor_mentions = self._actor_mentions, []
        if not mentions:
            return
        for n, summary in enumerate(summarise_mentions(mentions, plans), 1):
            node = URIRef(f"{summary.document}/actor/{n}")
            self.add(node, RDF.type, VZ.ActorInDocument)
            self.add(node, VZ.actor, summary.actor)
            self.add(node, VZ.document, summary.document)
            self.add(node, VZ.inPlan, summary.plan)
            self.integer(node, VZ.mentionCount, summary.count)
            self.text(node, VZ.mentionList, summary.listing, lang=None)
            for span in summary.spans:
                self.add(node, PROV.wasDerivedFrom, span)

    def _card_table_findings(self, start: int, doc_iri: URIRef, result: LoadResult) -> None:
        """Store where the document's summary tables disagree with its cards.

        A table row is about a measure of its own document and a card names budget lines
        of its own document, so the check (:func:`vazby.query.audit.card_table_findings`)
        runs here on the document's triples, with the labels of the funding sources they
        name and the slugs of the plans, and the audit reads the answer.
        """
        part = _card_table_part(self._triples[start:], str(doc_iri))
        if part is not None:
            self._store_card_table_findings(part, doc_iri, result)
        self.add(doc_iri, VZ.auditRules, Literal(AUDIT_RULES_VERSION))

    def _store_card_table_findings(
        self, part: _TablePart, doc_iri: URIRef, result: LoadResult
    ) -> None:
        context: list[Triple] = list(self._concept_labels(part.sources))
        for slug in {row.plan for row in result.of_type(TableRow)}:
            context.append((self.iri("plan", slug), VZ.identifier, Literal(slug)))
        store = open_store()
        extend_graph(store, [*part.triples, *context], self._convert)
        for n, (entry, row) in enumerate(card_table_findings(store), 1):
            node = URIRef(f"{doc_iri}/finding/card-table/{n}")
            self._finding(
                node, VZ.AuditFinding, row.kind, row.message, doc_iri, row.line, row.related
            )
            self.text(node, VZ.identifier, row.subject, lang=None)
            self.add(node, VZ.concerns, entry)
            self.add(node, VZ.inPlan, part.plans.get(str(entry)))
            for span in part.spans.get(str(entry), ()):
                self.add(node, PROV.wasDerivedFrom, span)

    def _concept_labels(self, concepts: Iterable[Node]) -> Iterable[Triple]:
        """The preferred labels of ``concepts``: minted here, or in the vocabularies."""
        vocabulary = self.resolver.vocabulary_graph()
        for concept in concepts:
            label = self._minted_labels.get(concept)  # type: ignore[call-overload]
            if label is not None:
                yield (concept, SKOS.prefLabel, Literal(label, lang="cs"))
            else:
                for name in vocabulary.objects(concept, SKOS.prefLabel):
                    yield (concept, SKOS.prefLabel, name)

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


def _derivations(added: list[Triple]) -> tuple[dict[Node, list[Node]], dict[Node, list[Node]]]:
    """One pass over a document's triples for what the stored answers need: each subject's
    source spans (``prov:wasDerivedFrom``) and plans (``vz:inPlan``). (A dictionary finds
    the predicate by its hash; comparing each predicate with ``==`` runs rdflib's Python.)"""
    spans: dict[Node, list[Node]] = defaultdict(list)
    plans: dict[Node, list[Node]] = defaultdict(list)
    wanted = {PROV.wasDerivedFrom: spans, VZ.inPlan: plans}
    for s, p, o in added:
        into = wanted.get(p)  # type: ignore[call-overload]
        if into is not None:
            into[s].append(o)
    return spans, plans


@dataclass
class _TablePart:
    """What the card/table check of one document reads (:func:`_card_table_part`)."""

    triples: list[Triple]
    sources: set[Node]  # the funding sources named, to add their labels
    spans: dict[str, list[Node]]  # of each table row
    plans: dict[str, Node]  # of each table row


_PART_PREDICATES = frozenset(
    str(p)
    for p in (VZ.aboutMeasure, VZ.fundedBy, VZ.mentionIn, VZ.inPlan, VZ.fundingSource)
    + (PROV.wasDerivedFrom,)
)


def _card_table_part(added: list[Triple], doc: str) -> _TablePart | None:
    """The triples of one document the card/table check reads: its table rows, the measures
    they are about, their budget lines and the other measures on those lines, with their
    mentions and source spans, and the document itself; None without table rows.

    Terms are compared as plain strings (rdflib compares its terms in Python)."""
    rdf_type, table_entry = str(RDF.type), str(VZ.TableEntry)
    by: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    entries: set[str] = set()
    for subject, predicate, obj in added:
        p = str(predicate)
        if p in _PART_PREDICATES:
            by[p].append((str(subject), obj))
        elif p == rdf_type and str(obj) == table_entry:
            entries.add(str(subject))
    if not entries:
        return None
    funded_by = by[str(VZ.fundedBy)]
    about = {str(o) for s, o in by[str(VZ.aboutMeasure)] if s in entries}
    lines = {str(o) for s, o in funded_by if s in about}
    holders = entries | about | lines | {s for s, o in funded_by if str(o) in lines}
    wanted = {doc, *holders}
    spans: dict[str, list[Node]] = defaultdict(list)
    for s, o in by[str(PROV.wasDerivedFrom)]:
        if s in holders:
            wanted.add(str(o))
            spans[s].append(o)
    wanted.update(s for s, o in by[str(VZ.mentionIn)] if str(o) in holders)
    return _TablePart(
        [t for t in added if str(t[0]) in wanted],
        {o for s, o in by[str(VZ.fundingSource)] if s in holders},
        spans,
        {s: o for s, o in by[str(VZ.inPlan)] if s in entries},
    )


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


# -- record builders ------------------------------------------------------------------


@register(Plan)
def build_plan(b: GraphBuilder, ctx: Context, plan: Plan) -> None:
    node = ctx.plan_iri or b.iri("plan", plan.slug)
    b.add(node, RDF.type, VZ.Plan)
    b.text(node, RDFS.label, plan.title)
    b.text(node, VZ.identifier, plan.slug, lang=None)
    b.text(node, VZ.planKind, plan.kind, lang=None)
    b.text(node, VZ.period, plan.period, lang=None)
    b.text(node, VZ.vision, plan.vision)
    b.add(node, DCTERMS.source, ctx.doc_iri)
    if plan.town:
        town = b.iri("municipality", slugify(plan.town))
        b.add(town, RDF.type, VZ.Municipality)
        b.text(town, RDFS.label, plan.town)
        b.add(node, DCTERMS.spatial, town)
        b.add(node, VZ.town, town)
    b.derive(node, plan.source)


@register(Area, "area")
def build_area(b: GraphBuilder, ctx: Context, area: Area) -> None:
    node = b.plan_node(area.plan, "area", area.id)
    b.add(node, RDF.type, VZ.ThematicArea)
    b.text(node, RDFS.label, area.title)
    b.text(node, VZ.identifier, area.id, lang=None)
    b.add(node, VZ.inPlan, b.iri("plan", area.plan))
    b.add(b.iri("plan", area.plan), VZ.hasPart, node)
    groups = [(g, r) for g in area.target_groups for r in ctx.resolver.target_groups(g.text)]
    for i, (mention, resolved) in enumerate(groups, 1):
        b.mention(node, VZ.targets, mention, resolved, "target-group", i)
    b.derive(node, area.source)


@register(Goal, "goal")
def build_goal(b: GraphBuilder, ctx: Context, goal: Goal) -> None:
    node = b.plan_node(goal.plan, "goal", goal.id)
    b.add(node, RDF.type, VZ.Goal)
    b.add(node, RDF.type, VZ.StrategicGoal if goal.level == "strategic" else VZ.SpecificGoal)
    b.text(node, RDFS.label, goal.title)
    b.text(node, VZ.identifier, goal.id, lang=None)
    b.text(node, VZ.level, goal.level, lang=None)
    b.text(node, VZ.levelLabel, goal.label_cs)
    b.add(node, VZ.inPlan, b.iri("plan", goal.plan))
    b.add(node, VZ.inArea, b.plan_node(goal.plan, "area", goal.area))
    parent_kind = "goal" if ctx.has("goal", goal.parent) else "area"
    b.add(b.plan_node(goal.plan, parent_kind, goal.parent), VZ.hasPart, node)
    b.text(node, VZ.expectedImpact, goal.impact)
    for indicator in goal.indicators:
        b.text(node, VZ.indicator, indicator)
    b.derive(node, goal.source)


@register(Measure, "measure")
def build_measure(b: GraphBuilder, ctx: Context, m: Measure) -> None:
    b.measure_count += 1
    r = ctx.resolver
    node = b.plan_node(m.plan, "measure", m.id)
    b.add(node, RDF.type, VZ.Measure)
    b.text(node, RDFS.label, m.title)
    b.text(node, VZ.identifier, m.id, lang=None)
    b.text(node, DCTERMS.description, m.description)
    b.add(node, VZ.inPlan, b.iri("plan", m.plan))
    b.add(node, VZ.inArea, b.plan_node(m.plan, "area", m.area))
    b.add(b.plan_node(m.plan, "goal", m.goal), VZ.hasPart, node)
    target_groups = [(g, resolved) for g in m.target_groups for resolved in r.target_groups(g.text)]
    for i, (mention, resolved) in enumerate(target_groups, 1):
        b.mention(node, VZ.targets, mention, resolved, "target-group", i)
    for i, mention in enumerate(m.guarantors, 1):
        b.mention(node, VZ.guarantor, mention, r.actor(mention.text), "guarantor", i)
    _funding_sources(b, ctx, node, m.funding_sources)
    if m.status is not None:
        b.text(node, VZ.statusText, m.status.text)
        for i, resolved in enumerate(r.statuses(m.status.text), 1):
            b.mention(node, VZ.status, m.status, resolved, "status", i)
    for indicator in m.indicators:
        b.text(node, VZ.indicator, indicator)
    b.text(node, VZ.expectedImpact, m.impacts)
    _schedule(b, node, m.schedule)
    if m.cost is not None:
        b.text(node, VZ.costText, m.cost.raw)
    if m.budget_line and ctx.has("budget", m.budget_line):
        b.add(node, VZ.fundedBy, b.budget_node(m.plan, m.budget_line))
    kind_text = " ".join(t for t in (m.title, m.description or "") if t)
    for kind in r.measure_kinds(kind_text):
        b.add(node, VZ.measureKind, b.concept(kind))
    for i, link in enumerate(m.links, 1):
        build_link(b, ctx, node, m.plan, link, i)
    b.derive(node, m.source)


def _funding_sources(
    b: GraphBuilder, ctx: Context, node: URIRef, mentions: tuple[Mention, ...]
) -> None:
    """Funding-source mentions of a measure, budget line or table row, resolved."""
    for i, mention in enumerate(mentions, 1):
        resolved = ctx.resolver.funding_source(mention.text)
        b.mention(node, VZ.fundingSource, mention, resolved, "funding-source", i)


def _schedule(b: GraphBuilder, node: URIRef, schedule: Schedule | None) -> None:
    if schedule is None:
        return
    b.text(node, VZ.scheduleText, schedule.raw)
    for prop, value in ((VZ.scheduleStart, schedule.start), (VZ.scheduleEnd, schedule.end)):
        if value:
            datatype = XSD.gYearMonth if len(value) == 7 else XSD.gYear
            b.add(node, prop, Literal(value, datatype=datatype))


_TARGET_KINDS = {
    "goal": "goal",
    "measure": "measure",
    "cost": "measure",
    "budget": "measure",
    "area": "area",
}


def build_link(
    b: GraphBuilder, ctx: Context, source: URIRef, plan: str, link: Link, index: int
) -> None:
    """A cross-reference as a vz:Link node plus a plain vz:linksTo triple."""
    node = URIRef(f"{source}/link/{index}")
    b.add(node, RDF.type, VZ.Link)
    b.add(node, VZ.linkSource, source)
    b.text(node, VZ.linkKind, link.kind, lang=None)
    b.text(node, VZ.rawText, link.raw)
    b.derive(node, link.source)
    target_kind = _TARGET_KINDS.get(link.kind)
    if link.kind == "need":
        need = b.plan_node(plan, "need", slugify(link.raw)[:80] or "need")
        b.add(need, RDF.type, VZ.Need)
        b.text(need, RDFS.label, link.raw)
        b.add(need, VZ.inPlan, b.iri("plan", plan))
        b.derive(need, link.source)
        b.add(node, VZ.linkTarget, need)
        b.add(source, VZ.linksTo, need)
    elif target_kind and link.target:
        b.text(node, VZ.targetText, link.target, lang=None)
        if ctx.has(target_kind, link.target):
            target = b.plan_node(plan, target_kind, link.target)
            b.add(node, VZ.linkTarget, target)
            b.add(source, VZ.linksTo, target)
        else:
            b.add(node, VZ.dangling, Literal(True))
    elif link.target:
        b.text(node, VZ.targetText, link.target, lang=None)


@register(BudgetLine, "budget")
def build_budget_line(b: GraphBuilder, ctx: Context, line: BudgetLine) -> None:
    node = b.budget_node(line.plan, line.id)
    b.add(node, RDF.type, VZ.BudgetLine)
    b.add(node, VZ.inPlan, b.iri("plan", line.plan))
    b.text(node, VZ.identifier, line.id, lang=None)
    _amount(b, node, line.amount)
    label = line.amount.raw or line.id
    b.text(node, RDFS.label, label)
    _funding_sources(b, ctx, node, line.funding_sources)
    for measure in line.measures:
        if ctx.has("measure", measure):
            b.add(b.plan_node(line.plan, "measure", measure), VZ.fundedBy, node)
    b.derive(node, line.source)


def _amount(b: GraphBuilder, node: URIRef, amount: Any) -> None:
    if amount is None:
        return
    b.text(node, VZ.costText, amount.raw)
    if amount.czk is not None:
        b.add(node, VZ.amountCZK, nt_typed(_decimal(amount.czk), _XSD_DECIMAL))
    if amount.approximate:
        b.add(node, VZ.approximate, Literal(True))
    b.text(node, VZ.costPeriod, amount.period)
    if amount.reference:
        b.text(node, VZ.costReference, amount.reference, lang=None)


@register(TableRow)
def build_table_row(b: GraphBuilder, ctx: Context, row: TableRow) -> None:
    node = b.plan_node(row.plan, "table", f"{row.table}/{row.source.first_line}")
    b.add(node, RDF.type, VZ.TableEntry)
    b.text(node, VZ.table, row.table, lang=None)
    b.text(node, VZ.identifier, row.measure, lang=None)
    b.add(node, VZ.inPlan, b.iri("plan", row.plan))
    if ctx.has("measure", row.measure):
        b.add(node, VZ.aboutMeasure, b.plan_node(row.plan, "measure", row.measure))
    b.text(node, RDFS.label, row.title)
    _amount(b, node, row.amount)
    _funding_sources(b, ctx, node, row.funding_sources)
    b.text(node, VZ.serviceType, row.service_type)
    b.text(node, VZ.programme, row.programme, lang=None)
    b.derive(node, row.source)


@register(Abbreviation)
def build_abbreviation(b: GraphBuilder, ctx: Context, abbr: Abbreviation) -> None:
    node = URIRef(f"{ctx.doc_iri}/abbreviation/{quote(abbr.abbreviation, safe='')}")
    b.add(node, RDF.type, VZ.Abbreviation)
    b.text(node, VZ.abbreviation, abbr.abbreviation, lang=None)
    b.text(node, VZ.expansion, abbr.expansion)
    b.add(node, VZ.document, ctx.doc_iri)
    b.derive(node, abbr.source)


def build_diagnostic(b: GraphBuilder, ctx: Context, d: Diagnostic, number: int) -> None:
    node = URIRef(f"{ctx.doc_iri}/diagnostic/{number}")
    b.diagnostic(node, d, ctx.doc_iri, ctx.plan_iri, ctx.document.sha256)


# Builders of the narrative document kinds register themselves on import.
from . import build_minutes, build_reports  # noqa: E402,F401
