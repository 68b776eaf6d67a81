"""Who works where: actors across areas, goals, plans and target groups; pairs of actors;
measure kinds shared by towns.

An actor is a guarantor (``vz:guarantor``) of measures. Generic actors ("NNO" of one plan,
``vz:GenericActor``) say little about who actually works together, so they are left out
unless asked for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain

from rdflib import Graph, URIRef

from ..errors import VazbyError
from ..rdf.store import (
    kept_rows,
    read_together,
    select,
    select_table,
    table_read,
    term_value,
    without_gc,
)
from .entities import plan_filter
from .labels import labels_of
from .measures import natural_key
from .views import DIMENSIONS, actor_items, item_names, pair_counts

__all__ = [
    "ActorSpreadRow",
    "ActorPairRow",
    "KindSpreadRow",
    "actor_spread",
    "actor_pairs",
    "kind_spread",
]


@dataclass(frozen=True, slots=True)
class ActorSpreadRow:
    """An actor and the distinct items (areas, goals, plans …) its measures fall in."""

    actor: str
    by: str
    count: int
    items: tuple[str, ...]
    measures: int
    generic: bool
    iri: str


@dataclass(frozen=True, slots=True)
class ActorPairRow:
    """Two actors sharing items; ``jaccard`` is shared / (items of either), to 3 places."""

    actor_a: str
    actor_b: str
    by: str
    shared: int
    jaccard: float
    items: tuple[str, ...]
    iri_a: str
    iri_b: str


@dataclass(frozen=True, slots=True)
class KindSpreadRow:
    """A kind of measure (crime-prevention assistants, permeable housing …) and the towns
    and plans that have it."""

    kind: str
    towns: int
    town_names: tuple[str, ...]
    plans: tuple[str, ...]
    measures: int
    iri: str


def _check(by: str) -> None:
    if by not in DIMENSIONS:
        raise VazbyError(f"unknown overlap dimension {by!r}; choose one of {', '.join(DIMENSIONS)}")


@kept_rows
@without_gc
def actor_spread(
    graph: Graph,
    by: str = "areas",
    *,
    minimum: int = 2,
    plan: str | None = None,
    include_generic: bool = False,
    top: int | None = None,
) -> list[ActorSpreadRow]:
    """Actors whose measures fall in at least ``minimum`` distinct items of ``by``.

    Parameters
    ----------
    graph : rdflib.Graph
    by : {"measures", "goals", "areas", "plans", "target-groups"}
    minimum : int
        Smallest number of distinct items an actor must reach to be listed.
    plan : str, optional
        Only measures of this plan.
    include_generic : bool
        Keep generic actors ("NNO" of a plan).
    top : int, optional
        Only the first ``top`` rows.

    Returns
    -------
    list of ActorSpreadRow
        Most spread first, then by actor name.
    """
    _check(by)
    actors = actor_items(graph, by, plan=plan, include_generic=include_generic).values()
    listed = [actor for actor in actors if len(actor.items) >= minimum]
    # each name keyed once (an item is held by several actors), equal keys by text
    names = sorted(set(chain.from_iterable(actor.items.values() for actor in listed)))
    rank = {name: i for i, name in enumerate(sorted(names, key=natural_key))}
    rows = []
    for actor in listed:
        items = tuple(sorted(actor.items.values(), key=rank.__getitem__))
        rows.append(
            ActorSpreadRow(
                actor.label,
                by,
                len(items),
                items,
                len(actor.measures),
                actor.generic,
                str(actor.iri),
            )
        )
    rows.sort(key=lambda r: (-r.count, r.actor, r.iri))
    return rows if top is None else rows[:top]


@kept_rows
@without_gc
def actor_pairs(
    graph: Graph,
    by: str = "measures",
    *,
    minimum: int = 1,
    plan: str | None = None,
    include_generic: bool = False,
    top: int | None = None,
) -> list[ActorPairRow]:
    """Pairs of actors sharing at least ``minimum`` items of ``by``, with Jaccard similarity.

    Parameters
    ----------
    top : int, optional
        Only the first ``top`` pairs of the order below (a small vocabulary such as target
        groups is shared by most pairs of a large corpus).

    Returns
    -------
    list of ActorPairRow
        Most shared first, then by Jaccard similarity (before rounding) and names;
        ``actor_a`` sorts before ``actor_b``.
    """
    import numpy as np

    _check(by)
    # measures are named only where a row shows them
    named = by != "measures"
    actors = actor_items(graph, by, plan=plan, include_generic=include_generic, named=named)
    counts = pair_counts(actors)
    order = counts.actors
    # names ranked once: a pair is ordered (first, second) by label, then IRI
    labels = sorted({actors[iri].label for iri in order})
    label_rank = {label: i for i, label in enumerate(labels)}
    ranks = np.array([label_rank[actors[iri].label] for iri in order], dtype=np.int64)
    keep = counts.shared >= minimum
    a, b, shared = counts.first[keep], counts.second[keep], counts.shared[keep]
    jaccard = counts.jaccard()[keep]
    swap = ranks[a] > ranks[b]  # same label: a, earlier by IRI, stays first
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    # the last key sorts first: most shared, most similar, then labels, then IRIs
    picked = np.lexsort((b, a, ranks[b], ranks[a], -jaccard, -shared))
    if top is not None:
        picked = picked[:top]
    chosen = [(actors[order[a[k]]], actors[order[b[k]]], k) for k in picked.tolist()]
    common = [first.items.keys() & second.items.keys() for first, second, _ in chosen]
    names = None if named else item_names(graph, by, set().union(*common))
    rows = []
    for (first, second, k), items in zip(chosen, common, strict=True):
        name = first.items.__getitem__ if names is None else names.__getitem__
        rows.append(
            ActorPairRow(
                first.label,
                second.label,
                by,
                int(shared[k]),
                round(float(jaccard[k]), 3),
                tuple(sorted(map(name, items), key=natural_key)),
                str(first.iri),
                str(second.iri),
            )
        )
    return rows


# Things of each kind with their plan (one optional lookup each), and what has a town of
# its own; plans are then read once each for their slug and town.
_KINDS = """
SELECT ?x ?k ?p WHERE {{ ?x vz:measureKind ?k . {plan} OPTIONAL {{ ?x vz:inPlan ?p }} }}
"""
_TOWNS = "SELECT ?x ?t WHERE { ?x vz:town ?t }"
_PLANS = "SELECT ?p ?plan ?t WHERE { ?p vz:identifier ?plan OPTIONAL { ?p vz:town ?t } }"


@kept_rows
@without_gc
def kind_spread(graph: Graph, *, minimum: int = 2, plan: str | None = None) -> list[KindSpreadRow]:
    """Kinds of measures (``vz:measureKind``) found in at least ``minimum`` towns.

    A measure's town is its plan's town; a narrative resource (an achievement of a town)
    counts through its own ``vz:town``. Resources without a town count under their plan.
    Towns are counted by IRI, so one town under two names counts once.

    Returns
    -------
    list of KindSpreadRow
        Most widespread first, then by label.
    """
    got = read_together(
        graph,
        {
            "kinds": lambda: select_table(graph, _KINDS.format(plan=plan_filter(plan, "?x")))[1],
            "towns": table_read(graph, _TOWNS),
        },
    )
    own_towns: dict = defaultdict(set)
    for x, t in got["towns"]:
        own_towns[term_value(x)].add(term_value(t))
    slugs: dict = defaultdict(set)
    plan_towns: dict = defaultdict(set)
    plan_iris = sorted({p for _, _, p in got["kinds"] if isinstance(p, URIRef)})
    if plan_iris:
        for row in select(graph, _PLANS, {"p": plan_iris}):
            slugs[row["p"]].add(str(row["plan"]))
            if row["t"] is not None:
                plan_towns[row["p"]].add(row["t"])
    towns: dict = defaultdict(set)
    plans: dict = defaultdict(set)
    things: dict = defaultdict(set)
    for x, k, p in got["kinds"]:
        things[k].add(x)
        plans[k] |= slugs.get(p, set())
        # a measure's town is its plan's; else the thing's own; else its plan counts
        towns[k] |= plan_towns.get(p) or own_towns.get(x) or slugs.get(p, set())
    kind_labels = labels_of(graph, things)
    labels = {k: kind_labels.get(str(k), str(k)) for k in things}
    # a town may carry several labels ("Žatec", "Město Žatec"): show the shortest
    all_towns = {t for ts in towns.values() for t in ts}
    town_labels = labels_of(graph, {t for t in all_towns if isinstance(t, URIRef)}, shortest=True)
    town_names = {
        t: town_labels.get(str(t)) or (str(t) if isinstance(t, URIRef) else f"({t})")
        for t in all_towns
    }
    rows = [
        KindSpreadRow(
            labels[k],
            len(towns[k]),
            tuple(sorted(town_names[t] for t in towns[k])),
            tuple(sorted(plans[k])),
            len(things[k]),
            str(k),
        )
        for k in labels
        if len(towns[k]) >= minimum
    ]
    rows.sort(key=lambda r: (-r.towns, r.kind, r.iri))
    return rows
