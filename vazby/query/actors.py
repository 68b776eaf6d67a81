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
from dataclasses import dataclass

from rdflib import Graph

from ..lang import fold
from ..rdf.iris import local_name
from ..rdf.store import kept_rows, least_values, read_together, table_read, term_value, whole_corpus
from .entities import line_number
from .labels import labels_of
from .measures import span_text
from .plans import check_plan, plan_nodes, plan_reads

__all__ = [
    "MentionRef",
    "ActorRow",
    "actor_mentions",
    "actors_in_documents",
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


# What is read of the mentions of actors, in inner joins read side by side (an OPTIONAL group
# over every mention makes Oxigraph scan whole predicates once per mention): the text and
# role; the first line and document of each span; the plan of what holds the mention.
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
}
#: Where the reads of mentions start for one plan: from the things the plan holds.
_IN_PLAN = "?mention vz:mentionIn ?in_holder . ?in_holder vz:inPlan ?in_plan ."


@kept_rows
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
    if plan is None:
        graph = whole_corpus(graph)
    check_plan(graph, plan)
    reads = plan_reads(graph, _READS, plan_nodes(graph, plan), _IN_PLAN)
    got = read_together(graph, {**reads, "actors": table_read(graph, _ACTORS)})
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
        info[actor] = (
            before[0] or flag,
            before[1] or (local_name(term_value(kind)) if kind else None),
        )
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
                label=labels.get(iri) or local_name(iri) or iri,
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
        check_plan(graph, plan)
        rows = [r for r in rows if plan in r.plans]
    rows.sort(key=lambda r: (-len(r.documents), fold(r.label), r.iri))
    return rows
