"""The orphan-measure rules, once, over a small index of the facts they read.

A measure is an orphan for one or more reasons (see :func:`vazby.query.queries.orphan_measures`
for what each means to a user):

* ``unlinked``: no link in or out, beyond links to its own parent goals and area; a budget
  line shared with another measure is a link, and so is a link with no target (dangling or
  free text: the card does refer to something);
* ``unowned``: no guarantor;
* ``unfunded``: no budget line with an amount above zero and no funding source other than
  blank ("-") mentions, on the measure or its budget line, nor a cost that refers to a
  measure funded so;
* ``unmeasured``: no output indicator other than blank ones.

The rules run on :class:`OrphanFacts`, the few predicates they read as pairs of strings,
filled from the graph as it is now (:func:`facts_from_graph`): a graph edited by hand answers
as edited. The named query ``orphans.rq`` states the same rules in SPARQL for any store; the
tests hold the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from itertools import compress
from operator import itemgetter
from typing import Any

from rdflib import Graph, URIRef

from ..ontology.namespace import VZ
from ..rdf.store import read_together, select_columns, term_value
from .pairs import Pairs, ancestors

__all__ = [
    "BLANK_MENTIONS",
    "BLANK_REGEX",
    "ORPHAN_KINDS",
    "blank_only",
    "blank_read",
    "OrphanFacts",
    "amount_value",
    "facts_from_graph",
    "facts_of_plan",
    "find_orphans",
    "is_blank",
]

#: Reasons a measure can be an orphan, in the order rows list them.
ORPHAN_KINDS = ("unlinked", "unowned", "unfunded", "unmeasured")

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

#: The predicates whose (subject, object) pairs the rules read; their objects are nodes.
PREDICATES = (
    VZ.fundedBy,
    VZ.fundingSource,
    VZ.linkSource,
    VZ.linkTarget,
    VZ.hasPart,
)

#: The fields whose values the rules judge, beside :data:`PREDICATES`.
FIELDS = (
    VZ.guarantor,
    VZ.indicator,
    VZ.amountCZK,
    VZ.linkKind,
    VZ.mentionIn,
    VZ.mentionOf,
    VZ.rawText,
)

#: Mentions that may say nothing ("-"), each with every mention of the same holder and
#: concept (``?h ?s ?raw``): a funding source named only by blank mentions does not count
#: (:func:`blank_only`). The regular expression lets through at least what :func:`is_blank`
#: calls blank; :func:`is_blank` then decides.
BLANK_MENTIONS = (
    "SELECT ?h ?s ?raw WHERE {\n"
    "  { SELECT ?blank WHERE { ?blank vz:rawText ?text "
    f'FILTER(REGEX(STR(?text), "{BLANK_REGEX}")) }} }}\n'
    "  ?blank vz:mentionIn ?h ; vz:mentionOf ?s .\n"
    "  ?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw .\n"
    "}\n"
)


def blank_only(mentions: Iterable[tuple[Any, Any, str]]) -> set[tuple[Any, Any]]:
    """The (holder, concept) pairs whose every mention says nothing, of (holder, concept,
    raw text) mentions: a ``-`` under "Zdroj financování" names no source.

    Examples
    --------
    >>> sorted(blank_only([("m1", "s", "-"), ("m2", "s", "-"), ("m2", "s", "OPZ+")]))
    [('m1', 's')]
    """
    said: dict[tuple[Any, Any], bool] = {}
    for holder, concept, raw in mentions:
        pair = (holder, concept)
        said[pair] = said.get(pair, False) or not is_blank(raw)
    return {pair for pair, something in said.items() if not something}


def blank_read(columns: list[list[str]]) -> set[tuple[str, str]]:
    """:func:`blank_only` of the columns of :data:`BLANK_MENTIONS` as the store wrote them."""
    holders, concepts, raws = columns
    return blank_only(zip(holders, concepts, map(term_value, raws), strict=True))


class OrphanFacts:
    """What the rules read: the measures; per predicate of :data:`PREDICATES` its (subject,
    object) pairs; and what the fields of :data:`FIELDS` say, judged once: ``guaranteed``
    (subjects of a guarantor), ``indicated`` (of an indicator that is not blank), ``paid``
    (budget lines with an amount above zero), ``cost_links`` (links of kind ``cost``) and
    ``blank_sources`` (the (holder, funding source) pairs named only by blank mentions).

    Nodes are IRI strings.
    """

    def __init__(
        self,
        measures: Iterable[str],
        pairs: dict[str, list[tuple[str, str]]],
        *,
        guaranteed: Iterable[str] = (),
        indicated: Iterable[str] = (),
        paid: Iterable[str] = (),
        cost_links: Iterable[str] = (),
        blank_sources: Iterable[tuple[str, str]] = (),
    ):
        self.measures = set(measures)
        self.pairs = pairs
        self.guaranteed = set(guaranteed)
        self.indicated = set(indicated)
        self.paid = set(paid)
        self.cost_links = set(cost_links)
        self.blank_sources = set(blank_sources)

    def __getitem__(self, predicate: URIRef) -> list[tuple[str, str]]:
        return self.pairs.get(str(predicate), [])


# The facts read from a store: whole predicates, or what passes a field's test in SPARQL;
# an indicator's text is read only where SPARQL's test finds it may be blank.
_GRAPH_READS = {
    "measures": "SELECT ?s WHERE { ?s a vz:Measure }",
    "guaranteed": "SELECT ?s WHERE { ?s vz:guarantor ?o }",
    "indicators": "SELECT ?s ?maybe WHERE { ?s vz:indicator ?o "
    f'BIND(IF(isLiteral(?o) && REGEX(STR(?o), "{BLANK_REGEX}"), ?o, ?unbound) AS ?maybe) }}',
    "amounts": "SELECT ?s ?o WHERE { ?s vz:amountCZK ?o }",
    "cost_links": 'SELECT ?s WHERE { ?s vz:linkKind ?o FILTER(STR(?o) = "cost") }',
    "mentions": BLANK_MENTIONS,
}


def facts_from_graph(graph: Graph) -> OrphanFacts:
    """:class:`OrphanFacts` of a whole graph: a read per predicate, side by side."""
    reads = {str(p): _reader(graph, f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o }}") for p in PREDICATES}
    reads.update({name: _reader(graph, query) for name, query in _GRAPH_READS.items()})
    got = read_together(graph, reads)
    return OrphanFacts(
        got["measures"][0],
        {str(p): list(zip(*got[str(p)], strict=True)) for p in PREDICATES},
        guaranteed=got["guaranteed"][0],
        indicated=(
            s
            for s, maybe in zip(*got["indicators"], strict=True)
            if not maybe or not is_blank(term_value(maybe))
        ),
        paid=(s for s, a in zip(*got["amounts"], strict=True) if _paid(term_value(a))),
        cost_links=got["cost_links"][0],
        blank_sources=blank_read(got["mentions"]),
    )


# The facts of one plan's measures and of the measures their links point at (a cost
# "Viz opatření 1.1.1.1" may refer to another plan): each read binds those measures (?r),
# so a store on disk reads that part only. The rules see every fact about these measures
# and their links, budget lines, goals and mentions; rows of other measures are dropped.
_PLAN_MEASURES = (
    "SELECT DISTINCT ?r WHERE { { ?r vz:inPlan ?in_plan } UNION { ?x vz:inPlan ?in_plan ."
    " ?l vz:linkSource ?x ; vz:linkTarget ?r } ?r a vz:Measure }"
)
_BLANK_OF = (
    "?blank vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?text "
    f'FILTER(REGEX(STR(?text), "{BLANK_REGEX}")) '
    "?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw }"
)
_PLAN_READS = {
    VZ.fundedBy: ("SELECT DISTINCT ?s ?o WHERE { ?r vz:fundedBy ?o . ?s vz:fundedBy ?o }",),
    VZ.fundingSource: (
        "SELECT ?s ?o WHERE { ?r vz:fundingSource ?o BIND(?r AS ?s) }",
        "SELECT DISTINCT ?s ?o WHERE { ?r vz:fundedBy ?s . ?s vz:fundingSource ?o }",
    ),
    VZ.linkSource: (
        "SELECT ?s ?o WHERE { ?s vz:linkSource ?r BIND(?r AS ?o) }",
        "SELECT ?s ?o WHERE { ?s vz:linkTarget ?r ; vz:linkSource ?o }",
    ),
    VZ.linkTarget: (
        "SELECT ?s ?o WHERE { ?s vz:linkSource ?r ; vz:linkTarget ?o }",
        "SELECT ?s ?o WHERE { ?s vz:linkTarget ?r ; vz:linkTarget ?o }",
    ),
    "guaranteed": ("SELECT ?s WHERE { ?r vz:guarantor ?o BIND(?r AS ?s) }",),
    "indicators": (
        "SELECT ?s ?maybe WHERE { ?r vz:indicator ?o BIND(?r AS ?s) "
        f'BIND(IF(isLiteral(?o) && REGEX(STR(?o), "{BLANK_REGEX}"), ?o, ?unbound) AS ?maybe) }}',
    ),
    "amounts": ("SELECT DISTINCT ?s ?o WHERE { ?r vz:fundedBy ?s . ?s vz:amountCZK ?o }",),
    "cost_links": (
        'SELECT ?s WHERE { ?s vz:linkSource ?r ; vz:linkKind ?o FILTER(STR(?o) = "cost") }',
    ),
    "mentions": (
        "SELECT ?h ?s ?raw WHERE { BIND(?r AS ?h) " + _BLANK_OF,
        "SELECT ?h ?s ?raw WHERE { ?r vz:fundedBy ?h . " + _BLANK_OF,
    ),
}


def facts_of_plan(graph: Graph, nodes: list[URIRef]) -> OrphanFacts | None:
    """:class:`OrphanFacts` enough to judge the measures of the plan ``nodes``
    (:func:`vazby.query.plans.plan_nodes`) as the whole graph would: None where one of
    them is a blank node (no query can bind it; read the whole graph instead)."""
    measures = select_columns(graph, _PLAN_MEASURES, {"in_plan": nodes})[0]
    if not all(cell.startswith("<") for cell in measures):
        return None
    bound = {"r": [URIRef(cell[1:-1]) for cell in measures]}
    reads = {
        f"{key}/{n}": _reader(graph, query, bound)
        for key, queries in _PLAN_READS.items()
        for n, query in enumerate(queries)
    }
    got = read_together(graph, reads) if measures else {k: [[], [], []] for k in reads}
    wholes = _wholes(graph, bound["r"])
    if wholes is None:
        return None

    def rows(key: str | URIRef) -> list[tuple[str, ...]]:
        out: dict[tuple[str, ...], None] = {}
        for n in range(len(_PLAN_READS[key])):
            out.update(dict.fromkeys(zip(*got[f"{key}/{n}"], strict=True)))
        return list(out)

    return OrphanFacts(
        [cell[1:-1] for cell in measures],
        {
            **{str(p): [(s, o) for s, o in rows(p)] for p in PREDICATES if p != VZ.hasPart},
            str(VZ.hasPart): wholes,
        },
        guaranteed=(s for (s,) in rows("guaranteed")),
        indicated=(
            s for s, maybe in rows("indicators") if not maybe or not is_blank(term_value(maybe))
        ),
        paid=(s for s, a in rows("amounts") if _paid(term_value(a))),
        cost_links=(s for (s,) in rows("cost_links")),
        blank_sources=blank_only((h, s, term_value(raw)) for h, s, raw in rows("mentions")),
    )


def _wholes(graph: Graph, parts: list[URIRef]) -> list[tuple[str, str]] | None:
    """The (whole, part) pairs of ``vz:hasPart`` above ``parts``, read a level at a time (a
    property path from a VALUES block is refused by some stores); None where a whole is a
    blank node, which the next level cannot bind."""
    pairs: dict[tuple[str, str], None] = {}
    seen = {str(part) for part in parts}
    level = parts
    while level:
        wholes, of = select_columns(graph, "SELECT ?s ?o WHERE { ?s vz:hasPart ?o }", {"o": level})
        if not all(cell.startswith("<") for cell in wholes):
            return None
        found = [(whole[1:-1], part[1:-1]) for whole, part in zip(wholes, of, strict=True)]
        pairs.update(dict.fromkeys(found))
        new = {whole for whole, _ in found} - seen
        seen |= new
        level = [URIRef(whole) for whole in sorted(new)]
    return list(pairs)


def _reader(
    graph: Graph, query: str, bindings: dict[str, list[URIRef]] | None = None
) -> Callable[[], list[list[str]]]:
    """A read of ``query``'s columns: IRIs as plain strings, literals as the store wrote them."""

    def read() -> list[list[str]]:
        return [
            [c[1:-1] if c[:1] == "<" else c for c in column]
            for column in select_columns(graph, query, bindings)
        ]

    return read


def amount_value(text: str) -> Decimal | None:
    """An amount as written, or None where it is no number ("abc", "NaN": an ill-typed or
    hostile literal, which SPARQL does not count as above zero either).

    Examples
    --------
    >>> amount_value("150000.50"), amount_value("abc"), amount_value("NaN")
    (Decimal('150000.50'), None, None)
    """
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return None if value.is_nan() else value


def _paid(text: str) -> bool:
    value = amount_value(text)
    return value is not None and value > 0


def find_orphans(facts: OrphanFacts | Graph) -> dict[str, dict[str, str]]:
    """Reason → {measure IRI → what was (not) found}, for every reason of :data:`ORPHAN_KINDS`,
    of a graph or of the facts read from one (:func:`facts_from_graph`).

    :func:`vazby.query.queries.orphan_measures` gives the same as rows, each measure named.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from vazby.ontology.namespace import RDF, VZ
    >>> from vazby.rdf.store import open_store
    >>> graph = open_store()
    >>> _ = graph.add((URIRef("http://x.test/measure/1"), RDF.type, VZ.Measure))
    >>> find_orphans(graph)["unowned"]
    {'http://x.test/measure/1': 'no guarantor'}
    """
    if isinstance(facts, Graph):
        facts = facts_from_graph(facts)
    return {
        "unlinked": _unlinked(facts),
        "unowned": _lacking(facts, facts.guaranteed, "no guarantor"),
        "unfunded": _unfunded(facts),
        "unmeasured": _lacking(facts, facts.indicated, "no output indicator"),
    }


def _lacking(facts: OrphanFacts, having: set[str], detail: str) -> dict[str, str]:
    return {m: detail for m in facts.measures - having}


def _unlinked(facts: OrphanFacts) -> dict[str, str]:
    every = facts.measures
    targets = Pairs.of_rows(facts[VZ.linkTarget])
    linked: set[str] = set()
    out: list[tuple[str, list[str]]] = []
    for link, source in facts[VZ.linkSource]:
        ends = targets.get(link)
        linked.update(t for t in ends if t != source and t in every)  # a link in
        if source in every:
            out.append((source, ends))
    for ms in Pairs.of_rows(facts[VZ.fundedBy]).turned.repeated.values():
        if len(set(ms)) > 1:  # a budget line shared with another measure
            linked.update(ms)
    has_part = Pairs.of_rows(facts[VZ.hasPart])
    own_only: set[str] = set()
    for source, ends in out:
        if source in linked:
            continue
        if not ends:  # a link without a target (dangling, free text) still refers
            linked.add(source)
            continue
        mine = ancestors(has_part, [source])
        if any(t != source and t not in mine for t in ends):
            linked.add(source)
        else:
            own_only.add(source)
    return {
        m: "links only to its own goal or area" if m in own_only else "no link in or out"
        for m in every - linked
    }


def _unfunded(facts: OrphanFacts) -> dict[str, str]:
    every = facts.measures
    funded_by = facts[VZ.fundedBy]
    measures, lines = map(itemgetter(0), funded_by), map(itemgetter(1), funded_by)
    unpaid = every.difference(compress(measures, map(facts.paid.__contains__, lines)))
    lines_of = Pairs.of_rows([pair for pair in funded_by if pair[0] in unpaid])
    holders = unpaid.union(*(lines_of.get(m) for m in unpaid))
    sourced = Pairs.of_rows([pair for pair in facts[VZ.fundingSource] if pair[0] in holders])
    none: set[str] = set()
    blank: set[str] = set()
    for m in unpaid:
        sources = [(m, c) for c in sourced.get(m)]
        sources += [(line, c) for line in lines_of.get(m) for c in sourced.get(line)]
        if not sources:
            none.add(m)
        elif all(pair in facts.blank_sources for pair in sources):
            blank.add(m)  # every source named only by blank mentions ("-")
    unfunded = none | blank
    decided = set(unfunded)
    # a cost that refers to another measure ("Viz opatření 1.1.1.1") funded itself
    source_of = dict(facts[VZ.linkSource])
    for link, target in facts[VZ.linkTarget]:
        source = source_of.get(link)
        if (
            source in unfunded
            and link in facts.cost_links
            and target in every
            and target not in decided
        ):
            unfunded.discard(source)
    return {
        m: 'funding source only "-"' if m in blank else "no amount and no funding source"
        for m in unfunded
    }
