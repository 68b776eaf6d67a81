"""The orphan-measure rules, once, over a small index of the facts they read.

A measure is an orphan for one or more reasons (see :func:`vazby.graph.queries.orphan_measures`
for what each means to a user):

* ``unlinked``: no link in or out, beyond links to its own parent goals and area; a budget
  line shared with another measure is a link, and so is a link with no target (dangling or
  free text: the card does refer to something);
* ``unowned``: no guarantor;
* ``unfunded``: no budget line with an amount above zero and no funding source other than
  blank ("-") mentions, on the measure or its budget line, nor a cost that refers to a
  measure funded so;
* ``unmeasured``: no output indicator other than blank ones.

The rules run on :class:`OrphanFacts`, the few predicates they read as pairs of strings. The
builder fills it from one document's triples and stores the answer as ``vz:OrphanFinding``
nodes (:func:`finding_triples`), because links never cross documents: every rule is decided
within the document that describes the measure. A graph without stored findings (one not built
by vazby, or edited since) fills it from the store (:func:`facts_from_graph`). The named query
``orphans.rq`` reads the stored findings; the tests check them against the rules in SPARQL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF
from rdflib.term import Identifier, Node

from ..ontology.namespace import VZ
from .store import oxigraph, term_value

__all__ = [
    "BLANK_REGEX",
    "ORPHAN_KINDS",
    "RULES_VERSION",
    "OrphanFacts",
    "facts_from_graph",
    "facts_from_triples",
    "find_orphans",
    "finding_triples",
    "is_blank",
]

#: Reasons a measure can be an orphan, in the order rows list them.
ORPHAN_KINDS = ("unlinked", "unowned", "unfunded", "unmeasured")

#: Stored on each document whose measures' findings the build wrote (``vz:orphanRules``);
#: raise it when a rule changes, so that graphs built by older rules are recomputed.
RULES_VERSION = "1"

_BLANK = re.compile(r"^[\s\-–—−/?xX.]*$")


def is_blank(text: str | None) -> bool:
    """Whether a field's text says nothing: empty, ``-``, ``–``, ``x``, ``?``.

    Examples
    --------
    >>> is_blank(" – "), is_blank("x"), is_blank("OPZ+"), is_blank(None)
    (True, True, False, True)
    """
    return text is None or bool(_BLANK.match(text))


#: A field that says nothing (see :func:`is_blank`), as a SPARQL regular expression inside a
#: string literal. It is ``_BLANK`` with Python's whitespace spelled out: Python's ``\s``
#: also matches the separators U+001C–U+001F (written here as the characters themselves:
#: some SPARQL parsers mishandle a ``\u`` escape in a string), which other regular expression
#: engines do not count as space.
BLANK_REGEX = "^[\\\\s\x1c-\x1f\\\\-–—−/?xX.]*$"

#: The predicates the rules read.
PREDICATES = (
    VZ.guarantor,
    VZ.indicator,
    VZ.fundedBy,
    VZ.amountCZK,
    VZ.fundingSource,
    VZ.mentionIn,
    VZ.mentionOf,
    VZ.rawText,
    VZ.linkSource,
    VZ.linkTarget,
    VZ.linkKind,
    VZ.hasPart,
)


class OrphanFacts:
    """The measures and, per predicate of :data:`PREDICATES`, its (subject, object) pairs.

    Subjects and IRI objects are IRI strings; literal objects are their lexical form.
    """

    def __init__(self, measures: Iterable[str], pairs: dict[str, list[tuple[str, str]]]):
        self.measures = set(measures)
        self.pairs = pairs

    def __getitem__(self, predicate: URIRef) -> list[tuple[str, str]]:
        return self.pairs.get(str(predicate), [])


def facts_from_triples(triples: Iterable[tuple]) -> OrphanFacts:
    """:class:`OrphanFacts` of builder triples (objects are IRIs or N-Triples literals)."""
    wanted = {str(p) for p in PREDICATES}
    measure, rdf_type = str(VZ.Measure), str(RDF.type)
    measures: list[str] = []
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in triples:
        p = str(p)  # rdflib terms never equal plain strings
        if p in wanted:
            pairs[p].append((str(s), str(o) if isinstance(o, Identifier) else term_value(o)))
        elif p == rdf_type and str(o) == measure:
            measures.append(str(s))
    return OrphanFacts(measures, pairs)


def facts_from_graph(graph: Graph) -> OrphanFacts:
    """:class:`OrphanFacts` of a whole graph: one scan per predicate."""
    direct = oxigraph(graph)
    pairs: dict[str, list[tuple[str, str]]] = {}
    if direct is not None:
        import pyoxigraph as ox

        store, name = direct

        def scan(predicate: URIRef, obj=None) -> list[tuple[str, str]]:
            quads = store.quads_for_pattern(None, ox.NamedNode(str(predicate)), obj, name)
            return [(q.subject.value, q.object.value) for q in quads]

        measures = [s for s, _ in scan(RDF.type, ox.NamedNode(str(VZ.Measure)))]
        for p in PREDICATES:
            pairs[str(p)] = scan(p)
    else:
        measures = [str(s) for s in graph.subjects(RDF.type, VZ.Measure)]
        for p in PREDICATES:
            pairs[str(p)] = [(str(s), str(o)) for s, o in graph.subject_objects(p)]
    return OrphanFacts(measures, pairs)


def find_orphans(facts: OrphanFacts) -> dict[str, dict[str, str]]:
    """Reason → {measure IRI → what was (not) found}, for every reason of :data:`ORPHAN_KINDS`."""
    return {
        "unlinked": _unlinked(facts),
        "unowned": _lacking(facts, {s for s, _ in facts[VZ.guarantor]}, "no guarantor"),
        "unfunded": _unfunded(facts),
        "unmeasured": _lacking(
            facts,
            {s for s, text in facts[VZ.indicator] if not is_blank(text)},
            "no output indicator",
        ),
    }


def _lacking(facts: OrphanFacts, having: set[str], detail: str) -> dict[str, str]:
    return {m: detail for m in facts.measures - having}


def _unlinked(facts: OrphanFacts) -> dict[str, str]:
    every = facts.measures
    targets: dict[str, list[str]] = defaultdict(list)
    for link, target in facts[VZ.linkTarget]:
        targets[link].append(target)
    linked: set[str] = set()
    out: list[tuple[str, list[str]]] = []
    for link, source in facts[VZ.linkSource]:
        ends = targets.get(link, [])
        linked.update(t for t in ends if t != source and t in every)  # a link in
        if source in every:
            out.append((source, ends))
    sharers: dict[str, set[str]] = defaultdict(set)
    for m, line in facts[VZ.fundedBy]:
        sharers[line].add(m)
    for ms in sharers.values():
        if len(ms) > 1:  # a budget line shared with another measure
            linked |= ms
    parents: dict[str, list[str]] = defaultdict(list)
    for whole, part in facts[VZ.hasPart]:
        parents[part].append(whole)
    own_only: set[str] = set()
    for source, ends in out:
        if source in linked:
            continue
        if not ends:  # a link without a target (dangling, free text) still refers
            linked.add(source)
            continue
        mine = _ancestors(source, parents)
        if any(t != source and t not in mine for t in ends):
            linked.add(source)
        else:
            own_only.add(source)
    return {
        m: "links only to its own goal or area" if m in own_only else "no link in or out"
        for m in every - linked
    }


def _ancestors(node: str, parents: dict[str, list[str]]) -> set[str]:
    """Everything that has ``node`` as a part, transitively (a cycle of hasPart ends)."""
    seen: set[str] = set()
    todo = list(parents.get(node, ()))
    while todo:
        up = todo.pop()
        if up not in seen:
            seen.add(up)
            todo.extend(parents.get(up, ()))
    return seen


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)


def _unfunded(facts: OrphanFacts) -> dict[str, str]:
    every = facts.measures
    lines: dict[str, list[str]] = defaultdict(list)
    for m, line in facts[VZ.fundedBy]:
        lines[m].append(line)
    paid = {line for line, amount in facts[VZ.amountCZK] if _amount(amount) > 0}
    sourced: dict[str, list[str]] = defaultdict(list)  # holder → funding-source concepts
    for holder, concept in facts[VZ.fundingSource]:
        sourced[holder].append(concept)
    # what each (holder, concept) pair was written as: the raw text of its mentions
    mention_in = dict(facts[VZ.mentionIn])
    mention_of = dict(facts[VZ.mentionOf])
    said: dict[tuple[str, str], list[str]] = defaultdict(list)
    for mention, raw in facts[VZ.rawText]:
        where, what = mention_in.get(mention), mention_of.get(mention)
        if where is not None and what is not None:
            said[(where, what)].append(raw)
    none: set[str] = set()
    blank: set[str] = set()
    for m in every:
        if any(line in paid for line in lines.get(m, ())):
            continue
        sources = [(m, c) for c in sourced.get(m, ())]
        sources += [(line, c) for line in lines.get(m, ()) for c in sourced.get(line, ())]
        if not sources:
            none.add(m)
        elif all(said.get(pair) and all(is_blank(r) for r in said[pair]) for pair in sources):
            blank.add(m)  # every source named only by blank mentions ("-")
    unfunded = none | blank
    # a cost that refers to another measure ("Viz opatření 1.1.1.1") funded itself
    kinds = dict(facts[VZ.linkKind])
    source_of = dict(facts[VZ.linkSource])
    for link, target in facts[VZ.linkTarget]:
        source = source_of.get(link)
        if (
            source in unfunded
            and kinds.get(link) == "cost"
            and target in every
            and target not in none | blank
        ):
            unfunded.discard(source)
    return {
        m: 'funding source only "-"' if m in blank else "no amount and no funding source"
        for m in unfunded
    }


def finding_triples(
    findings: dict[str, dict[str, str]], spans: dict[str, list[Node]]
) -> list[tuple[Node, Node, Node]]:
    """``vz:OrphanFinding`` nodes for :func:`find_orphans`' answer, derived from the spans
    the measures themselves come from (``spans``: measure IRI → its source spans)."""
    triples: list[tuple[Node, Node, Node]] = []
    for reason in ORPHAN_KINDS:
        for m, detail in sorted(findings.get(reason, {}).items()):
            node = URIRef(f"{m}/orphan/{reason}")
            triples += [
                (node, RDF.type, VZ.OrphanFinding),
                (node, VZ.orphanMeasure, URIRef(m)),
                (node, VZ.orphanReason, Literal(reason)),
                (node, VZ.orphanDetail, Literal(detail)),
            ]
            triples += [(node, PROV.wasDerivedFrom, span) for span in spans.get(m, ())]
    return triples
