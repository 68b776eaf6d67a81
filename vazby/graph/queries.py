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

from rdflib import Graph
from rdflib.term import Node

from ..errors import UnknownEntity, VazbyError
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
from .store import select

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


def _measures(graph: Graph, pattern: str, plan: str | None, column: str = "m") -> list[dict]:
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
    every = {r["m"] for r in _measures(graph, "", plan)}
    found: dict[str, dict[Node, str]] = {}
    for k in kinds:
        found[k] = _FINDERS[k](graph, every, plan)
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


def _unlinked(graph: Graph, every: set[Node], plan: str | None) -> dict[Node, str]:
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
    return {
        m: "links only to its own goal or area" if m in own_only else "no link in or out"
        for m in every - linked
    }


def _unowned(graph: Graph, every: set[Node], plan: str | None) -> dict[Node, str]:
    owned = {r["m"] for r in _measures(graph, "?m vz:guarantor ?a .", plan)}
    return {m: "no guarantor" for m in every - owned}


def _unfunded(graph: Graph, every: set[Node], plan: str | None) -> dict[Node, str]:
    funded: set[Node] = set()
    for row in _measures(graph, "?m vz:fundedBy/vz:amountCZK ?a .", plan):
        if float(row["a"]) > 0:
            funded.add(row["m"])
    raws: dict[tuple[Node, Node], list[str | None]] = defaultdict(list)
    for row in _measures(
        graph,
        "{ ?m vz:fundingSource ?s . BIND(?m AS ?h) } UNION "
        "{ ?m vz:fundedBy ?h . ?h vz:fundingSource ?s } "
        "OPTIONAL { ?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw }",
        plan,
    ):
        raws[(row["m"], row["s"])].append(row["raw"])
    blank_only: set[Node] = set()
    for (m, _), texts in raws.items():
        if any(t is None or not is_blank(t) for t in texts):
            funded.add(m)
        else:
            blank_only.add(m)
    direct = set(funded)
    for row in _measures(
        graph, '?l vz:linkSource ?m ; vz:linkKind "cost" ; vz:linkTarget ?t .', plan
    ):
        if row["t"] in direct:
            funded.add(row["m"])
    return {
        m: 'funding source only "-"' if m in blank_only else "no amount and no funding source"
        for m in every - funded
    }


def _unmeasured(graph: Graph, every: set[Node], plan: str | None) -> dict[Node, str]:
    measured = {
        r["m"] for r in _measures(graph, "?m vz:indicator ?i .", plan) if not is_blank(r["i"])
    }
    return {m: "no output indicator" for m in every - measured}


_FINDERS = {
    "unlinked": _unlinked,
    "unowned": _unowned,
    "unfunded": _unfunded,
    "unmeasured": _unmeasured,
}
