"""What a node is, as every NetworkX view shows it: type, label, identifier, plan, area,
source and, for a map, the facts a strategist looks for on a measure.

:func:`node_facts` is the one place these rules live, for the map views and the analysis
graphs alike (:mod:`vazby.query.views`):

* the type is the first of the node's classes in :data:`CLASS_TYPES`; a concept with no
  class is typed by the predicate that points at it (:data:`CONCEPT_TYPES`);
* the label is the best-ranked label (:func:`vazby.query.labels.best_label`), else the
  identifier, else the end of the IRI, so that no node is drawn or listed nameless;
* ``plan`` is the plan's slug (a plan's own slug on a plan), ``area`` the thematic area's
  number (an area's own number on an area), so that a filter by plan or area keeps them;
* the source is the earliest span (``file:line``, or the locator of a PDF or ODT page).

It reads the store with one query for the classed nodes and one for the concepts, over the
whole graph or bound to one plan or a few nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef

from ..ontology.namespace import VZ
from ..rdf.iris import local_name
from ..rdf.store import oxigraph, run_query, select, select_columns, select_table, term_value
from .entities import CLASS_TYPES, line_number, plan_filter
from .labels import best_label, cell_language, labels_of
from .measures import measure_rows, source_text

__all__ = ["CLASS_TYPES", "CONCEPT_TYPES", "node_facts", "other_facts"]

#: Concepts are typed by the predicate that points at them.
CONCEPT_TYPES: dict[URIRef, str] = {
    VZ.targets: "target-group",
    VZ.fundingSource: "funding-source",
}

_LEVELS = {VZ.StrategicGoal: "strategic", VZ.SpecificGoal: "specific"}
_CLASSES = list(CLASS_TYPES)
_RANKS = {cls: i for i, cls in enumerate(_CLASSES)}
_CONCEPTS_ORDER = {kind: i for i, kind in enumerate(CONCEPT_TYPES.values())}
#: A class or concept predicate as a raw result cell → its term.
_TERMS = {f"<{term}>": term for term in (*CLASS_TYPES, *CONCEPT_TYPES)}

_TOWNS = "SELECT ?n ?t WHERE { ?n dcterms:spatial ?t }"

#: Every fact of the nodes ``{nodes}`` selects (as ``?n``, with ``?c`` its class or the
#: predicate that points at a concept). One joined query reads a corpus's nodes several
#: times faster than a scan of each predicate joined in Python. The span is read in small
#: OPTIONAL groups joined on ?s: Oxigraph evaluates a larger group (or one nested in another)
#: over the whole graph before joining it, which made a read bound to one plan's 140 nodes
#: take a second at 20,000 measures instead of milliseconds.
_FACTS = """
SELECT ?n ?c ?id ?label ?pref ?plan ?area ?amount ?generic ?f ?l ?loc WHERE {{
  {nodes}
  OPTIONAL {{ ?n vz:identifier ?id }}
  OPTIONAL {{ {{ ?n skos:prefLabel ?label BIND(true AS ?pref) }} UNION {{ ?n rdfs:label ?label }} }}
  OPTIONAL {{ ?n vz:inPlan/vz:identifier ?plan }}
  OPTIONAL {{ ?n vz:inArea/vz:identifier ?area }}
  OPTIONAL {{ ?n vz:amountCZK ?amount }}
  OPTIONAL {{ ?n vz:generic ?generic }}
  OPTIONAL {{ ?n prov:wasDerivedFrom ?s . ?s vz:firstLine ?l }}
  OPTIONAL {{ ?n prov:wasDerivedFrom ?s . ?s vz:document/vz:fileName ?f }}
  OPTIONAL {{ ?n prov:wasDerivedFrom ?s . ?s vz:locator ?loc }}
}}
"""
_CLASSED = "?n a ?c . FILTER(?c IN ({classes})) {plan}"
_CONCEPTS = (
    "{{ SELECT DISTINCT ?n ?c WHERE {{ VALUES ?c {{ {predicates} }} ?x ?c ?n "
    "FILTER(isIRI(?n)) }} }}"
)
#: :data:`_CONCEPTS` for nodes bound in VALUES on the embedded store: a test per node and
#: predicate (there the subquery reads every concept's every use).
_BOUND_CONCEPTS = "VALUES ?c {{ {predicates} }} FILTER EXISTS {{ ?x ?c ?n }}"


class _Found:
    """What was read of one node, before the rules turn it into its facts."""

    __slots__ = ("rank", "concept", "labels", "values", "spans")

    def __init__(self) -> None:
        self.rank: int | None = None  # index of its first class in CLASS_TYPES
        self.concept: str | None = None
        self.labels: set[tuple[str, str | None, bool]] = set()
        self.values: dict[str, Any] = {}
        self.spans: set[tuple[str, int, str]] = set()

    def typed(self, cls: URIRef) -> None:
        rank = _RANKS.get(cls)
        if rank is None:  # a concept, by the first predicate that points at it
            kind = CONCEPT_TYPES[cls]
            if self.concept is None or _CONCEPTS_ORDER[kind] < _CONCEPTS_ORDER[self.concept]:
                self.concept = kind
        elif self.rank is None or rank < self.rank:
            self.rank = rank

    def span(self, doc: object, line: object, locator: object) -> None:
        number = line_number(line)
        if doc is not None and number is not None:
            self.spans.add((str(doc), number, str(locator or "")))


def node_facts(
    graph: Graph,
    *,
    nodes: Iterable[str] | None = None,
    plan: str | None = None,
    types: Iterable[str] | None = None,
    details: bool = False,
) -> dict[str, dict[str, Any]]:
    """IRI → the facts of every node of ``types`` (node type names; default all, concepts
    too), or of those among ``nodes`` or in ``plan``.

    Facts: ``type``, ``label`` and, where the graph has them, ``identifier``, ``level`` (of
    a goal), ``plan``, ``area``, ``amount`` (float), ``generic`` (of an actor, always
    there), ``town`` (of a plan) and ``source``; with ``details`` a measure also has
    ``guarantors``, ``target_groups``, ``funding_sources`` (``"; "``-joined), ``cost``
    (CZK) and ``status``. Facts without a value are left out.

    ``nodes`` or ``plan`` bind the queries to them. A concept belongs to no plan, so
    ``plan`` leaves concepts out.
    """
    wanted = set(types) if types is not None else None
    classes = [c for c, name in CLASS_TYPES.items() if wanted is None or name in wanted]
    concepts = {p: n for p, n in CONCEPT_TYPES.items() if wanted is None or n in wanted}
    bound = None if nodes is None else [URIRef(n) for n in nodes]
    scoped = plan is not None
    if scoped and bound is None:
        # the plan's nodes bound in VALUES: the store then reads each node's facts, where
        # a join with the plan made it read every node's (a second at 20,000 measures)
        bound = _plan_members(graph, plan)  # type: ignore[arg-type]
        scoped = bound is None
    found: dict[str, _Found] = defaultdict(_Found)
    if classes and bound != []:
        scope = plan_filter(plan, "?n") if scoped else ""
        if scoped and VZ.Plan in classes:  # the plan itself is of its plan
            scope = f"{{ {scope} }} UNION {{ ?n a vz:Plan ; vz:identifier {Literal(plan).n3()} }}"
        listed = ", ".join(f"<{c}>" for c in classes)
        _read(graph, _CLASSED.format(classes=listed, plan=scope), bound, found)
    if concepts and plan is None and bound != []:
        listed = " ".join(f"<{p}>" for p in concepts)
        embedded = oxigraph(graph) is not None  # another store reads the subquery right
        query = _BOUND_CONCEPTS if bound is not None and embedded else _CONCEPTS
        _read(graph, query.format(predicates=listed), bound, found)
    towns = _towns(graph, found, whole=bound is None and plan is None)
    facts = {iri: _facts(iri, one, towns.get(iri)) for iri, one in found.items()}
    if details:
        _add_measure_details(graph, facts, plan)
    return facts


#: The nodes of one plan (``?plan`` its slug): the plan itself and what is in it.
_MEMBERS = """
SELECT DISTINCT ?n WHERE {
  ?p vz:identifier ?plan . { ?n vz:inPlan ?p } UNION { ?p a vz:Plan BIND(?p AS ?n) }
}
"""


def _plan_members(graph: Graph, plan: str) -> list[URIRef] | None:
    """The nodes of ``plan``, or None where one is a blank node (no query can bind it)."""
    cells = select_columns(graph, _MEMBERS, {"plan": [Literal(plan)]})[0]
    if not all(cell.startswith("<") for cell in cells):
        return None
    return [URIRef(cell[1:-1]) for cell in cells]


def other_facts(iri: object) -> dict[str, Any]:
    """The facts of a node of none of the known types: type ``other``, named as any
    nameless node is."""
    found = _Found()
    found.concept = "other"
    return _facts(str(iri), found, None)


def _facts(iri: str, found: _Found, town: str | None) -> dict[str, Any]:
    """The rules: a node's type, label, plan, area and source from what was read of it."""
    values = found.values
    if found.rank is not None:
        cls = _CLASSES[found.rank]
        attrs: dict[str, Any] = {"type": CLASS_TYPES[cls]}
        if cls in _LEVELS:
            attrs["level"] = _LEVELS[cls]
    else:
        attrs = {"type": found.concept}
    attrs.update(values)
    ident = values.get("identifier")
    attrs["label"] = best_label(found.labels) or ident or local_name(iri)
    if attrs["type"] == "plan" and ident is not None:
        attrs["plan"] = ident
        if town:
            attrs["town"] = town
    if attrs["type"] == "area" and ident is not None:
        attrs["area"] = ident
    if "amount" in attrs:
        attrs["amount"] = float(attrs["amount"])
    if attrs["type"] == "actor":
        attrs["generic"] = bool(attrs.get("generic", False))
    if found.spans:
        attrs["source"] = source_text(*min(found.spans))
    return attrs


def _read(graph: Graph, nodes: str, bound: list[URIRef] | None, found: dict[str, _Found]) -> None:
    """Add what :data:`_FACTS` reads of the nodes that the pattern ``nodes`` selects (those
    of ``bound`` only, where given) to ``found``."""
    query = _FACTS.format(nodes=nodes)
    # raw cells: a label's language is read from its cell
    names, rows = select_table(graph, query, None if bound is None else {"n": bound}, raw=True)
    at = {name: i for i, name in enumerate(names)}
    n, c, label, pref, f, line, loc = (at[v] for v in ("n", "c", "label", "pref", "f", "l", "loc"))
    single = [
        (key, at[var])
        for key, var in (
            ("identifier", "id"),
            ("plan", "plan"),
            ("area", "area"),
            ("amount", "amount"),
            ("generic", "generic"),
        )
    ]
    for row in rows:
        cell = row[n]
        one = found[cell[1:-1] if cell[0] == "<" else str(term_value(cell))]
        one.typed(_TERMS[row[c]])
        if row[label]:
            one.labels.add((term_value(row[label]), cell_language(row[label]), bool(row[pref])))
        values = one.values
        for key, i in single:
            if row[i] and key not in values:  # the first value read
                value = term_value(row[i])
                values[key] = value in ("true", "1") if key == "generic" else value
        if row[f] and row[line]:
            locator = term_value(row[loc]) if row[loc] else None
            one.span(term_value(row[f]), term_value(row[line]), locator)


def _towns(graph: Graph, found: dict[str, _Found], whole: bool) -> dict[str, str]:
    """Plan IRI → its town, by the town's shortest name ("Žatec" before "Město Žatec")."""
    plans = [URIRef(n) for n, one in found.items() if one.rank == _RANKS[VZ.Plan]]
    if not plans:
        return {}
    rows = run_query(graph, _TOWNS) if whole else select(graph, _TOWNS, {"n": plans})
    towns = {str(r["n"]): str(r["t"]) for r in rows}
    names = labels_of(graph, [URIRef(t) for t in sorted(set(towns.values()))], shortest=True)
    return {plan: names[town] for plan, town in towns.items() if town in names}


def _add_measure_details(graph: Graph, facts: dict[str, dict[str, Any]], plan: str | None) -> None:
    """What a strategist looks for on a measure, from the measures table (one reading):
    guarantors, target groups, funding sources (``"; "``-joined), cost and status."""
    by_key = {
        (a.get("plan"), a.get("identifier")): a for a in facts.values() if a["type"] == "measure"
    }
    for row in measure_rows(graph, plan=plan):
        attrs = by_key.get((row.plan, row.id))
        if attrs is None:
            continue
        for key, values in (
            ("guarantors", row.guarantors),
            ("target_groups", row.target_groups),
            ("funding_sources", row.funding_sources),
        ):
            if values:
                attrs[key] = "; ".join(values)
        if row.cost_czk is not None:
            attrs["cost"] = float(row.cost_czk)
        if row.status:
            attrs["status"] = row.status
