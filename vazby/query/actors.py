"""Actors and every raw mention that resolved to them: resolution made inspectable.

Each guarantor, implementer, organisation note, funder or organisation of a person is kept
in the graph as a ``vz:Mention`` (the text as printed, its role, its source line) pointing at
the canonical actor it resolved to (``vz:mentionOf``). :func:`actor_mentions` lists every
actor with all its mentions, so that a reader can check that "ASZ", "Agentura" and
"Agentura pro sociální začleňování" became one node; :func:`actors_in_documents` answers
"which organisations appear in more than one document", with source lines.

The same questions ship as SPARQL in ``sparql/actors.rq`` and
``sparql/actors-across-documents.rq``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Node

from ..errors import UnknownEntity
from ..lang import fold
from ..rdf.store import least_values, read_together, table_read, term_value
from .entities import line_number
from .labels import labels_of
from .measures import plan_slugs, span_text

__all__ = [
    "MentionRef",
    "ActorRow",
    "ActorMention",
    "MentionSummary",
    "SUMMARIES_VERSION",
    "actor_mentions",
    "actors_in_documents",
    "summarise_mentions",
]


@dataclass(frozen=True, slots=True)
class MentionRef:
    """One raw mention: the text as printed, its role, and where it is.

    Examples
    --------
    >>> str(MentionRef("ASZ", "guarantor", "plan.txt", 128))
    '"ASZ" guarantor plan.txt:128'
    >>> str(MentionRef("ASZ", "guarantor", "plan.pdf", 40, "plan.pdf:p3:7"))
    '"ASZ" guarantor plan.pdf:p3:7'
    """

    text: str
    role: str
    document: str
    line: int
    #: the span's locator where the file is not addressed by line (PDF, DOCX, ODT)
    locator: str = ""

    def __str__(self) -> str:
        where = span_text(self.document, self.line, self.line, self.locator)
        return f'"{self.text}" {self.role} {where}'


@dataclass(frozen=True, slots=True)
class ActorRow:
    """A canonical actor, the documents and plans it appears in, and its mentions."""

    label: str
    actor_type: str | None
    generic: bool
    documents: tuple[str, ...]
    plans: tuple[str, ...]
    mention_count: int
    mentions: tuple[MentionRef, ...]
    iri: str


#: Stored on each document whose actor summaries the build wrote (``vz:actorSummaries``);
#: raise it when what a summary says changes, so that older graphs are known as such.
SUMMARIES_VERSION = "1"


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention of an actor as the build makes it: the actor it resolved to, the mention's
    node, what holds it (``vz:mentionIn``), the mention as printed, and its source span and
    that span's document."""

    actor: Node
    node: Node
    holder: Node
    ref: MentionRef
    span: Node
    document: Node


@dataclass(frozen=True, slots=True)
class MentionSummary:
    """The mentions of one actor in one document and plan (None: outside any plan): how
    many, each as printed (by line, then text and role, once each, joined by `` | ``), and
    their source spans."""

    actor: Node
    document: Node
    plan: Node | None
    count: int
    listing: str
    spans: tuple[Node, ...]


def summarise_mentions(
    mentions: Iterable[ActorMention], plans: Mapping[Node, Sequence[Node]]
) -> list[MentionSummary]:
    """The mentions of each actor per document and per plan of their holders (``plans``:
    holder → its ``vz:inPlan`` nodes; a holder in none puts its mentions outside any plan),
    as the named query ``actors`` reads them. Sorted by actor, document and plan.

    Examples
    --------
    >>> a = ActorMention("asz", "m1", "measure", MentionRef("ASZ", "guarantor", "p.txt", 9),
    ...                  "lines/9-9", "doc")
    >>> b = ActorMention("asz", "m2", "goal", MentionRef("Agentura", "guarantor", "p.txt", 4),
    ...                  "lines/4-4", "doc")
    >>> [s.listing for s in summarise_mentions([a, b], {"measure": ["plan"], "goal": ["plan"]})]
    ['"Agentura" guarantor p.txt:4 | "ASZ" guarantor p.txt:9']
    """
    groups: dict[tuple[Node, Node, Node | None], list[ActorMention]] = defaultdict(list)
    for mention in mentions:
        for plan in plans.get(mention.holder) or (None,):
            groups[mention.actor, mention.document, plan].append(mention)
    summaries = []
    for (actor, document, plan), items in groups.items():
        refs = sorted({m.ref for m in items}, key=lambda r: (r.line, r.text, r.role))
        summaries.append(
            MentionSummary(
                actor,
                document,
                plan,
                len({m.node for m in items}),
                " | ".join(map(str, refs)),
                tuple(dict.fromkeys(m.span for m in items)),
            )
        )
    summaries.sort(key=lambda s: (str(s.actor), str(s.document), str(s.plan or "")))
    return summaries


# What is read of the mentions of actors, in inner joins read side by side (an OPTIONAL group
# over every mention makes Oxigraph scan whole predicates: 10 s at 100k measures): the text
# and role; the first line and document of each span; the plan of what holds the mention.
_OF_ACTORS = (
    "?mention vz:mentionOf ?actor . ?actor a ?class . VALUES ?class { vz:Actor vz:GenericActor } "
)
_MENTIONS = (
    "SELECT ?mention ?actor ?raw ?role WHERE { "
    + _OF_ACTORS
    + "?mention a vz:Mention ; vz:rawText ?raw ; vz:mentionRole ?role }"
)
_SPANS = (
    "SELECT ?mention ?line ?doc WHERE { "
    + _OF_ACTORS
    + "?mention prov:wasDerivedFrom ?span . ?span vz:firstLine ?line ; vz:document ?doc }"
)
# only spans of files not addressed by line carry a locator: none in a graph of text files
_LOCATED = (
    "SELECT ?mention ?line ?doc ?locator WHERE { "
    + _OF_ACTORS
    + "?mention prov:wasDerivedFrom ?span . ?span vz:locator ?locator ; vz:firstLine ?line ; "
    + "vz:document ?doc }"
)
_PLANS = (
    "SELECT ?mention ?plan WHERE { "
    + _OF_ACTORS
    + "?mention vz:mentionIn ?holder . ?holder vz:inPlan ?p . ?p vz:identifier ?plan }"
)
_ACTORS = """
SELECT ?actor ?generic ?type WHERE {
  VALUES ?class { vz:Actor vz:GenericActor }
  ?actor a ?class .
  OPTIONAL { ?actor vz:generic ?generic }
  OPTIONAL { ?actor vz:actorType ?type }
}
"""
_READS = {
    "mentions": _MENTIONS,
    "spans": _SPANS,
    "located": _LOCATED,
    "plans": _PLANS,
    "actors": _ACTORS,
}


def _local(iri: object) -> str | None:
    if iri is None:
        return None
    text = str(iri)
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def actor_mentions(
    graph: Graph, plan: str | None = None, include_generic: bool = True
) -> list[ActorRow]:
    """Every actor with every raw mention that resolved to it.

    Parameters
    ----------
    graph : rdflib.Graph
        A built graph.
    plan : str, optional
        Only mentions in this plan (its slug), and the actors they name.
    include_generic : bool
        Keep generic actors ("NNO" of one plan).

    Returns
    -------
    list of ActorRow
        Sorted by label (case and diacritics folded), then IRI; mentions sorted by document,
        line, role and text.

    Raises
    ------
    UnknownEntity
        ``plan`` names no plan in the graph.
    """
    if plan is not None and plan not in plan_slugs(graph):
        raise UnknownEntity(f"no plan {plan!r} in the graph; plans: {', '.join(plan_slugs(graph))}")
    got = read_together(graph, {name: table_read(graph, query) for name, query in _READS.items()})
    places: dict[str, tuple[int, str]] = {}  # mention → its least numbered line, document
    for mention, line_cell, doc in got["spans"]:
        line = line_number(line_cell) or 0
        known = places.get(mention)
        if known is None or (line and (known[0] == 0 or line < known[0])):
            places[mention] = (line, doc)
    located = {(m, line_number(line) or 0, doc): loc for m, line, doc, loc in got["located"]}
    in_plans: dict[str, set[str]] = defaultdict(set)  # mention → the plans of its holder
    for mention, slug in got["plans"]:
        in_plans[mention].add(term_value(slug))
    files = least_values(graph, {term_value(d) for _, d in places.values()}, "vz:fileName")
    mentions: dict[str, dict[str, MentionRef]] = defaultdict(dict)  # actor cell → …
    plans: dict[str, set[str]] = defaultdict(set)
    for mention, actor, raw, role in got["mentions"]:
        if mention in mentions[actor] or (plan is not None and plan not in in_plans[mention]):
            continue
        line, doc = places.get(mention, (0, ""))
        file = files.get(term_value(doc), "") if doc else ""
        locator = located.get((mention, line, doc))
        mentions[actor][mention] = MentionRef(
            term_value(raw), term_value(role), file, line, term_value(locator) if locator else ""
        )
        plans[actor] |= in_plans[mention]
    info: dict[str, tuple[bool, str | None]] = {}  # actor cell → generic, type
    for actor, generic, kind in got["actors"]:
        flag = bool(generic) and str(term_value(generic)).lower() == "true"
        before = info.get(actor, (False, None))
        info[actor] = (before[0] or flag, before[1] or _local(term_value(kind) if kind else None))
    terms = {actor: term_value(actor) for actor, refs in mentions.items() if refs}
    labels = labels_of(graph, terms.values())
    rows = []
    for actor, node in terms.items():
        generic, actor_type = info.get(actor, (False, None))
        if generic and not include_generic:
            continue
        ordered = tuple(
            sorted(mentions[actor].values(), key=lambda r: (r.document, r.line, r.role, r.text))
        )
        iri = str(node)
        rows.append(
            ActorRow(
                label=labels.get(iri) or _local(iri) or iri,
                actor_type=actor_type,
                generic=generic,
                documents=tuple(sorted({r.document for r in ordered if r.document})),
                plans=tuple(sorted(plans[actor] if plan is None else {plan})),
                mention_count=len(ordered),
                mentions=ordered,
                iri=iri,
            )
        )
    rows.sort(key=lambda r: (fold(r.label), r.iri))
    return rows


def actors_in_documents(
    graph: Graph, min_documents: int = 2, plan: str | None = None
) -> list[ActorRow]:
    """Organisations mentioned in at least ``min_documents`` source documents.

    Generic actors are left out: "NNO" of one plan is not an organisation that two documents
    can share. Rows are sorted by the number of documents (most first), then by label.

    Parameters
    ----------
    graph : rdflib.Graph
        A built graph.
    min_documents : int
        The least number of distinct documents (default 2).
    plan : str, optional
        Only actors mentioned in this plan (all their mentions are listed).

    Raises
    ------
    UnknownEntity
        ``plan`` names no plan in the graph.
    """
    rows = [
        r for r in actor_mentions(graph, include_generic=False) if len(r.documents) >= min_documents
    ]
    if plan is not None:
        if plan not in plan_slugs(graph):
            raise UnknownEntity(
                f"no plan {plan!r} in the graph; plans: {', '.join(plan_slugs(graph))}"
            )
        rows = [r for r in rows if plan in r.plans]
    rows.sort(key=lambda r: (-len(r.documents), fold(r.label), r.iri))
    return rows
