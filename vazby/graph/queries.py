"""The questions users bring to vazby, as pure functions returning sorted, typed rows.

* :func:`dependencies` and :func:`paths`: what a measure relies on and what relies on it
  (:mod:`vazby.graph.dependencies`);
* :func:`orphan_measures`: measures that are unlinked, unowned, unfunded or unmeasured;
* :func:`actor_spread`, :func:`actor_pairs`, :func:`kind_spread`: actors active across
  areas, goals, plans or target groups, pairs of actors and their Jaccard similarity, and
  measure kinds shared by towns (:mod:`vazby.graph.overlap`);
* :func:`audit`: what the loaders flagged plus graph-level checks (:mod:`vazby.graph.audit`).

Every function takes identifiers as printed (``1.1.1.1``, ``B.3/1.1.2``) or full IRIs and
raises :class:`~vazby.errors.UnknownEntity` for one the graph does not hold. The same
questions ship as named SPARQL in ``graph/sparql/*.rq`` (:mod:`vazby.graph.named`); the tests
check that the two agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import UnknownEntity, VazbyError
from ..ontology.namespace import VZ
from .audit import AuditRow, audit
from .dependencies import DependencyRow, PathHop, dependencies, paths
from .entities import AmbiguousEntity, Entity, describe, plan_filter, resolve
from .measures import natural_key, plan_slugs
from .overlap import (
    ActorPairRow,
    ActorSpreadRow,
    KindSpreadRow,
    actor_pairs,
    actor_spread,
    kind_spread,
)
from .store import oxigraph, select

__all__ = [
    "AmbiguousEntity",
    "ActorPairRow",
    "ActorSpreadRow",
    "AuditRow",
    "DependencyRow",
    "Entity",
    "KindSpreadRow",
    "ORPHAN_KINDS",
    "OrphanRow",
    "PathHop",
    "actor_pairs",
    "actor_spread",
    "audit",
    "check_plan",
    "dependencies",
    "is_blank",
    "kind_spread",
    "orphan_measures",
    "paths",
    "resolve",
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


@dataclass(frozen=True, slots=True)
class OrphanRow:
    """A measure and one reason it stands alone; ``detail`` says what was (not) found."""

    plan: str
    id: str
    reason: str
    title: str
    detail: str
    source: str


def check_plan(graph: Graph, plan: str | None) -> None:
    """Raise :class:`UnknownEntity` when ``plan`` is given and is not in the graph."""
    if plan is not None:
        slugs = plan_slugs(graph)
        if plan not in slugs:
            raise UnknownEntity(
                f"no plan {plan!r} in the graph; plans: {', '.join(slugs) or 'none'}"
            )


def _measures(graph: Graph, pattern: str, plan: str | None) -> list[dict]:
    query = f"SELECT * WHERE {{ ?m a vz:Measure . {plan_filter(plan)} {pattern} }}"
    return select(graph, query)


def orphan_measures(graph: Graph, kind: str = "all", plan: str | None = None) -> list[OrphanRow]:
    """Measures that stand alone, one row per measure and reason.

    * ``unlinked``: no link in or out, beyond links to its own parent goals and area. A
      budget line shared with another measure *is* a link (the two depend on one amount);
      so are links to needs, unresolved ("text") links and dangling links, since the card
      does refer to something.
    * ``unowned``: no guarantor (a generic one such as "NNO" counts as an owner).
    * ``unfunded``: no budget line with an amount above zero and no funding source other
      than a blank ("-") one, on the measure or on its budget line; a cost that refers to
      another measure ("Viz opatření 1.1.1.1") is funded when that measure is.
    * ``unmeasured``: no output indicator (or only blank ones).

    Each reason is asked so that the store returns only the orphans (anti-joins inside
    the store, or on an Oxigraph store a scan of the few link predicates), so the cost is
    a pass over the measures plus the size of the answer.

    Parameters
    ----------
    graph : rdflib.Graph
    kind : str
        One of :data:`ORPHAN_KINDS` or ``"all"``.
    plan : str, optional
        Only this plan's measures.

    Returns
    -------
    list of OrphanRow
        Sorted by plan, measure number and reason.
    """
    kinds = ORPHAN_KINDS if kind == "all" else (kind,)
    if any(k not in ORPHAN_KINDS for k in kinds):
        raise VazbyError(
            f"unknown orphan kind {kind!r}; choose one of {', '.join(ORPHAN_KINDS)}, all"
        )
    check_plan(graph, plan)
    found: dict[str, dict[Node, str]] = {}
    for k in kinds:
        found[k] = _FINDERS[k](graph, plan)
    orphans = {m for k in kinds for m in found[k]}
    entities = describe(graph, orphans)
    rows = [
        OrphanRow(e.plan, e.id, k, e.label, found[k][m], e.source)
        for k in kinds
        for m, e in ((m, entities[m]) for m in found[k])
    ]
    rank = {k: i for i, k in enumerate(ORPHAN_KINDS)}
    rows.sort(key=lambda r: (r.plan, natural_key(r.id), rank[r.reason]))
    return rows


#: A field that says nothing (see :func:`is_blank`), as a SPARQL regular expression inside a
#: string literal. It is ``_BLANK`` with Python's whitespace spelled out: Python's ``\s``
#: also matches the separators U+001C–U+001F (written here as the characters themselves:
#: some SPARQL parsers mishandle a ``\u`` escape in a string), which other regular expression
#: engines do not count as space.
BLANK_REGEX = "^[\\\\s\x1c-\x1f\\\\-–—−/?xX.]*$"


def _unlinked(graph: Graph, plan: str | None) -> dict[Node, str]:
    direct = oxigraph(graph)
    if direct is not None:
        return _unlinked_direct(graph, *direct, plan)
    every = {r["m"] for r in _measures(graph, "", plan)}
    linked: set[Node] = set()
    own_only: set[Node] = set()
    for row in _measures(
        graph,
        "?l vz:linkSource ?m . "
        "OPTIONAL { ?l vz:linkTarget ?t OPTIONAL { ?t vz:hasPart+ ?m BIND(true AS ?own) } }",
        plan,
    ):
        if row["own"] is None and row["t"] != row["m"]:
            linked.add(row["m"])
        else:
            own_only.add(row["m"])
    for row in _measures(graph, "?l vz:linkTarget ?m ; vz:linkSource ?s . FILTER(?s != ?m)", plan):
        linked.add(row["m"])
    for row in _measures(graph, "?m vz:fundedBy ?b . ?o vz:fundedBy ?b . FILTER(?o != ?m)", plan):
        linked.add(row["m"])
    return _unlinked_rows(every - linked, own_only)


def _unlinked_rows(unlinked, own_only) -> dict[Node, str]:
    return {
        m: "links only to its own goal or area" if m in own_only else "no link in or out"
        for m in unlinked
    }


def _unlinked_direct(graph: Graph, store, name, plan: str | None) -> dict[Node, str]:
    """:func:`_unlinked` from four scans of the store's predicate index (links, lines)."""
    import pyoxigraph as ox

    def pairs(predicate: Node) -> list[tuple[str, str]]:
        p = ox.NamedNode(str(predicate))
        return [
            (q.subject.value, q.object.value) for q in store.quads_for_pattern(None, p, None, name)
        ]

    every = {str(m) for m in _measure_set(graph, plan)}
    targets: dict[str, list[str]] = defaultdict(list)
    for link, target in pairs(VZ.linkTarget):
        targets[link].append(target)
    linked: set[str] = set()
    out: list[tuple[str, list[str]]] = []
    for link, source in pairs(VZ.linkSource):
        ends = targets.get(link, ())
        for target in ends:
            if target != source and target in every:
                linked.add(target)
        if source in every:
            out.append((source, list(ends)))
    sharers: dict[str, set[str]] = defaultdict(set)
    for m, line in pairs(VZ.fundedBy):
        sharers[line].add(m)
    for ms in sharers.values():
        if len(ms) > 1:
            linked |= ms
    # links out: only a candidate's need the ancestry check (is the target its own goal?)
    has_part = ox.NamedNode(str(VZ.hasPart))
    parents: dict[str, set[str]] = {}

    def ancestors(node: str) -> set[str]:
        known = parents.get(node)
        if known is None:
            parents[node] = set()  # guards a cycle of hasPart
            known = set()
            for q in store.quads_for_pattern(None, has_part, ox.NamedNode(node), name):
                up = q.subject.value
                known.add(up)
                known |= ancestors(up)
            parents[node] = known
        return known

    own_only: set[str] = set()
    for source, ends in out:
        if source in linked:
            continue
        if not ends:  # a link without a target (dangling, free text) still refers
            linked.add(source)
        elif any(t != source and t not in ancestors(source) for t in ends):
            linked.add(source)
        else:
            own_only.add(source)
    return _unlinked_rows([URIRef(m) for m in every - linked], {URIRef(m) for m in own_only})


def _measure_set(graph: Graph, plan: str | None) -> set[Node]:
    return {r["m"] for r in _measures(graph, "", plan)}


def _unowned(graph: Graph, plan: str | None) -> dict[Node, str]:
    rows = _measures(graph, "MINUS { ?m vz:guarantor ?a }", plan)
    return {r["m"]: "no guarantor" for r in rows}


def _unmeasured(graph: Graph, plan: str | None) -> dict[Node, str]:
    rows = _measures(
        graph, f'MINUS {{ ?m vz:indicator ?i FILTER(!REGEX(STR(?i), "{BLANK_REGEX}")) }}', plan
    )
    return {r["m"]: "no output indicator" for r in rows}


# Measures without a budget line of an amount above zero: the candidates for "unfunded".
_NO_AMOUNT = "MINUS { ?m vz:fundedBy ?b0 . ?b0 vz:amountCZK ?a0 . FILTER(?a0 > 0) }"
_SOURCE = (
    "{ ?m vz:fundingSource ?s . BIND(?m AS ?h) } "
    "UNION { ?m vz:fundedBy ?h . ?h vz:fundingSource ?s }"
)


def _unfunded(graph: Graph, plan: str | None) -> dict[Node, str]:
    # no amount and no funding source at all
    none = {
        r["m"]
        for r in _measures(
            graph,
            f"{_NO_AMOUNT} MINUS {{ ?m vz:fundingSource ?s1 }} "
            "MINUS { ?m vz:fundedBy ?h1 . ?h1 vz:fundingSource ?s1 }",
            plan,
        )
    }
    # no amount, and every source (on the card or its line) named only by blank mentions:
    # those whose mentions are all blank, then checked to have no source without a mention
    blank = {
        r["m"]
        for r in select(
            graph,
            f"SELECT ?m WHERE {{ ?m a vz:Measure . {plan_filter(plan)} {_NO_AMOUNT} {_SOURCE} "
            "?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw . "
            f'BIND(IF(REGEX(STR(?raw), "{BLANK_REGEX}"), 0, 1) AS ?said) '
            "} GROUP BY ?m HAVING (SUM(?said) = 0)",
        )
    }
    if blank:
        bare = select(
            graph,
            f"SELECT ?m (SUM(IF(BOUND(?raw), 0, 1)) AS ?bare) WHERE {{ {_SOURCE} "
            "OPTIONAL { ?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw } } GROUP BY ?m",
            {"m": sorted(blank)},
        )
        blank = {r["m"] for r in bare if int(r["bare"]) == 0}
    unfunded = none | blank
    # a cost referring to another measure ("Viz opatření 1.1.1.1") that is funded itself
    refs = [
        r
        for r in select(
            graph,
            'SELECT ?m ?t WHERE { ?l vz:linkKind "cost" ; vz:linkSource ?m ; vz:linkTarget ?t }',
        )
        if r["m"] in unfunded
    ]
    if refs:
        every = _measure_set(graph, plan)
        unfunded -= {r["m"] for r in refs if r["t"] in every and r["t"] not in none | blank}
    return {
        m: 'funding source only "-"' if m in blank else "no amount and no funding source"
        for m in unfunded
    }


_FINDERS = {
    "unlinked": _unlinked,
    "unowned": _unowned,
    "unfunded": _unfunded,
    "unmeasured": _unmeasured,
}
