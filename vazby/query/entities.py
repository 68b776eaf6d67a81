"""Find and describe the resources queries talk about: measures, goals, areas, needs, lines.

Users name things as the documents print them (``1.1.1.1``, ``B.3/1.1.2``) or by full IRI;
:func:`resolve` turns that into an :class:`Entity`, raising :class:`UnknownEntity` for an id
that is not in the graph and :class:`AmbiguousEntity` when several plans share it.
:func:`describe` fetches identifier, label, type, plan and source line of many nodes in one
query, so that answers cost in proportion to their size, not to the graph's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import UnknownEntity
from ..ontology.namespace import PROV, RDF, RDFS, SKOS, VZ
from ..rdf.iris import local_name
from ..rdf.store import is_iri, oxigraph, select
from .labels import best_label, labels_of
from .measures import natural_key, span_text

__all__ = [
    "AmbiguousEntity",
    "Entity",
    "CLASS_TYPES",
    "TYPE_NAMES",
    "resolve",
    "describe",
    "spans_of",
    "plan_filter",
]

#: Ontology class → node type name, for every answer, analysis graph and map; where a node
#: has several of these classes, the first in this order wins.
CLASS_TYPES: dict[URIRef, str] = {
    VZ.Plan: "plan",
    VZ.ThematicArea: "area",
    VZ.StrategicGoal: "goal",
    VZ.SpecificGoal: "goal",
    VZ.Goal: "goal",
    VZ.Measure: "measure",
    VZ.GenericActor: "actor",
    VZ.Actor: "actor",
    VZ.BudgetLine: "budget-line",
    VZ.Need: "need",
    VZ.Project: "project",
    VZ.Activity: "activity",
    VZ.Meeting: "meeting",
    VZ.Achievement: "achievement",
    VZ.Municipality: "municipality",
}

#: The classes query rows report by name (anything else is "other"), in the order above.
TYPE_NAMES: dict[URIRef, str] = {
    c: name
    for c, name in CLASS_TYPES.items()
    if c in (VZ.Plan, VZ.ThematicArea, VZ.Goal, VZ.Measure, VZ.BudgetLine, VZ.Need)
}

#: Classes an identifier typed by a user may name, in order of preference.
_NAMEABLE = (VZ.Measure, VZ.Goal, VZ.ThematicArea)


class AmbiguousEntity(UnknownEntity):
    """An identifier names resources in several plans; the message lists them."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A resource as rows show it: IRI, plan slug, identifier, type, label and source line."""

    iri: URIRef | BNode  # a blank node (from a graph built elsewhere) stays one
    plan: str
    id: str
    type: str
    label: str
    source: str

    def sort_key(self) -> tuple:
        return (self.plan, natural_key(self.id), self.type)


_FIND = """
SELECT ?x ?type ?plan WHERE {
  ?x vz:identifier ?id ; a ?type ; vz:inPlan/vz:identifier ?plan .
  FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea))
}
"""

_FIND_IRI = """
SELECT ?type ?plan WHERE {
  ?x a ?type . OPTIONAL { ?x vz:inPlan/vz:identifier ?plan }
  FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea))
}
"""

_SUFFIX = """
SELECT DISTINCT ?id ?plan WHERE {
  ?x a ?type ; vz:identifier ?id ; vz:inPlan/vz:identifier ?plan .
  FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea) && STRENDS(STR(?id), ?suffix))
}
"""


def resolve(graph: Graph, identifier: str, plan: str | None = None) -> Entity:
    """The measure, goal or area that ``identifier`` names.

    Parameters
    ----------
    graph : rdflib.Graph
        A vazby graph.
    identifier : str
        The number as printed (``1.1.1.1``, ``B.3/1.1.2``) or a full IRI.
    plan : str, optional
        Slug of the plan to look in; needed when several plans use the same number.

    Returns
    -------
    Entity

    Raises
    ------
    UnknownEntity
        Nothing in the graph (or in ``plan``) has that identifier; the message suggests
        identifiers that end with it (Žatec's numbers carry their section: ``B.3/1.1.2``).
    AmbiguousEntity
        Several plans have it and ``plan`` was not given.
    """
    identifier = identifier.strip()
    if is_iri(identifier):
        node = URIRef(identifier)
        found = [(row["type"], row["plan"]) for row in select(graph, _FIND_IRI, {"x": [node]})]
        found = [(t, p) for t, p in found if plan is None or str(p) == plan]
        if not found:
            raise UnknownEntity(
                f"{identifier}: no measure, goal or area with this IRI in the graph"
            )
        return describe(graph, [node])[node]
    rows = [
        (row["x"], row["type"], str(row["plan"]))
        for row in select(graph, _FIND, {"id": [Literal(identifier)]})
    ]
    if plan is not None:
        rows = [r for r in rows if r[2] == plan]
    if not rows:
        raise UnknownEntity(_unknown_message(graph, identifier, plan))
    plans = sorted({r[2] for r in rows})
    if len(plans) > 1:
        raise AmbiguousEntity(
            f"{identifier} is in several plans ({', '.join(plans)}); choose one with --plan"
        )
    rank = {t: i for i, t in enumerate(_NAMEABLE)}
    node = min(rows, key=lambda r: (rank[r[1]], str(r[0])))[0]
    return describe(graph, [node])[node]


def _unknown_message(graph: Graph, identifier: str, plan: str | None) -> str:
    where = f" in plan {plan}" if plan else ""
    suffix = Literal("/" + identifier)
    near = sorted(
        {
            f"{row['id']} ({row['plan']})"
            for row in select(graph, _SUFFIX, {"suffix": [suffix]})
            if plan is None or str(row["plan"]) == plan
        },
        key=natural_key,
    )
    hint = f"; did you mean {', '.join(near[:5])}?" if near else ""
    return f"{identifier}: no measure, goal or area with this identifier{where}{hint}"


_DESCRIBE = """
SELECT ?x ?id ?type ?plan WHERE {
  OPTIONAL { ?x vz:identifier ?id }
  OPTIONAL { ?x a ?type FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea, vz:Need,
                                         vz:BudgetLine, vz:Plan)) }
  OPTIONAL { ?x vz:inPlan/vz:identifier ?plan }
}
"""

_SPANS = """
SELECT ?x ?doc ?first ?last ?locator WHERE {
  ?x prov:wasDerivedFrom ?s . ?s vz:firstLine ?first ; vz:document/vz:fileName ?doc .
  OPTIONAL { ?s vz:lastLine ?last }
  OPTIONAL { ?s vz:locator ?locator }
}
"""


def spans_of(graph: Graph, nodes: Iterable[Node]) -> dict[Node, str]:
    """The source of each node as ``file:line`` or ``file:first-last`` (earliest span)."""
    wanted = list(dict.fromkeys(nodes))
    found: dict[Node, tuple] = {}
    if not wanted:
        return {}
    direct = oxigraph(graph)
    if direct is not None:
        lookup = _Lookup(*direct)
        return {
            x: span_text(*key)
            for x in wanted
            if (key := lookup.earliest_span(lookup.facts(lookup.term(x)))) is not None
        }
    for row in select(graph, _SPANS, {"x": wanted}):
        first = line_number(row["first"])
        if first is None:  # not a line number: no span
            continue
        last = (line_number(row["last"]) if row["last"] is not None else None) or first
        key = (str(row["doc"]), first, last, str(row["locator"] or ""))
        if row["x"] not in found or key < found[row["x"]]:
            found[row["x"]] = key
    return {x: span_text(*key) for x, key in found.items()}


def line_number(value: object) -> int | None:
    """A line number as stored, or None where it is none."""
    try:
        return int(str(value))
    except ValueError:
        return None


def describe(graph: Graph, nodes: Iterable[Node]) -> dict[Node, Entity]:
    """Identifier, label, type, plan and source of every node, fetched in two queries.

    A node without ``vz:identifier`` (a need) is identified by its label.
    """
    wanted = list(dict.fromkeys(nodes))
    if not wanted:
        return {}
    direct = oxigraph(graph)
    if direct is not None:
        return _describe_direct(_Lookup(*direct), wanted)
    facts: dict[Node, dict[str, str]] = {n: {} for n in wanted}
    rank = {t: i for i, t in enumerate(TYPE_NAMES)}
    for row in select(graph, _DESCRIBE, {"x": wanted}):
        f = facts[row["x"]]
        for key in ("id", "plan"):
            if row[key] is not None:
                value = str(row[key])
                f[key] = min(f.get(key, value), value)
        if row["type"] is not None:
            kind = row["type"]
            if "type" not in f or rank[kind] < rank[URIRef(f["type"])]:
                f["type"] = str(kind)
    sources = spans_of(graph, wanted)
    names = labels_of(graph, wanted)
    out = {}
    for node, f in facts.items():
        label = names.get(str(node), "")
        type_name = TYPE_NAMES.get(URIRef(f["type"]), "other") if "type" in f else "other"
        ident = f.get("id") or label or local_name(node)
        out[node] = Entity(
            as_node(node), f.get("plan", ""), ident, type_name, label, sources.get(node, "")
        )
    return out


class _Lookup:
    """Per-node reads from a pyoxigraph store (``quads_for_pattern`` on a bound subject).

    Describing thousands of nodes with one SPARQL query joins a ``VALUES`` block of them
    with six patterns; reading each node's few triples from the store's subject index is
    cheaper. Each node and each of its spans is read in one call (a measure has about 20
    triples: one call for all of them costs less than one per predicate), and the facts of
    plans and documents (shared by many nodes) are read once.
    """

    def __init__(self, store, name) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.quads = store.quads_for_pattern
        self.name = name
        self.types = {str(t): i for i, t in enumerate(TYPE_NAMES)}
        self._plans: dict[str, list[str]] = {}
        self._docs: dict[str, list[str]] = {}

    def term(self, node: Node):
        if isinstance(node, BNode):
            return self.ox.BlankNode(str(node))
        return self.ox.NamedNode(str(node))

    def facts(self, subject) -> dict[str, list]:
        """The objects of ``subject``'s triples, by predicate IRI."""
        out: dict[str, list] = {}
        for q in self.quads(subject, None, None, self.name):
            p = q.predicate.value
            if p in out:
                out[p].append(q.object)
            else:
                out[p] = [q.object]
        return out

    def nodes(self, objects: list) -> list:
        """The objects that can be subjects (a literal in their place is ignored)."""
        return [o for o in objects if not isinstance(o, self.ox.Literal)]

    def _values(self, subject, predicate: str) -> list[str]:
        return [o.value for o in self.facts(subject).get(predicate, ())]

    def plan(self, facts: dict[str, list]) -> str | None:
        """The least identifier of the plans a node is in (``vz:inPlan``)."""
        found = None
        for p in self.nodes(facts.get(_IN_PLAN, [])):
            ids = self._plans.get(p.value)
            if ids is None:
                ids = self._plans[p.value] = self._values(p, _IDENTIFIER)
            for value in ids:
                if found is None or value < found:
                    found = value
        return found

    def earliest_span(self, facts: dict[str, list]) -> tuple[str, int, int, str] | None:
        """``(file, first, last, locator)`` of the earliest span with a first line and a
        file (the locator empty where the file is addressed by line)."""
        best = None
        for span in self.nodes(facts.get(_DERIVED, [])):
            known = self.facts(span)
            firsts = known.get(_FIRST)
            if not firsts:
                continue
            files: list[str] = []
            for d in self.nodes(known.get(_DOCUMENT, [])):
                names = self._docs.get(d.value)
                if names is None:
                    names = self._docs[d.value] = self._values(d, _FILE_NAME)
                files += names
            lasts = [n for x in known.get(_LAST, ()) if (n := line_number(x.value)) is not None]
            for f in firsts:
                first = line_number(f.value)
                if first is None:  # not a line number: no span
                    continue
                locator = next((x.value for x in known.get(_LOCATOR, ())), "")
                for doc in files:
                    for last in lasts or [first]:
                        key = (doc, first, last, locator)
                        if best is None or key < best:
                            best = key
        return best


_IDENTIFIER, _TYPE = str(VZ.identifier), str(RDF.type)
_LABEL, _PREF_LABEL = str(RDFS.label), str(SKOS.prefLabel)
_IN_PLAN, _DERIVED, _DOCUMENT = str(VZ.inPlan), str(PROV.wasDerivedFrom), str(VZ.document)
_FIRST, _LAST, _FILE_NAME = str(VZ.firstLine), str(VZ.lastLine), str(VZ.fileName)
_LOCATOR = str(VZ.locator)


def _describe_direct(lookup: _Lookup, wanted: list[Node]) -> dict[Node, Entity]:
    out = {}
    kinds = list(TYPE_NAMES.values())
    for node in wanted:
        facts = lookup.facts(lookup.term(node))
        ids = [o.value for o in facts.get(_IDENTIFIER, ())]
        labels = [
            (o.value, getattr(o, "language", None), p == _PREF_LABEL)
            for p in (_LABEL, _PREF_LABEL)
            for o in facts.get(p, ())
        ]
        ranks = [lookup.types.get(o.value) for o in facts.get(_TYPE, ())]
        rank = min((r for r in ranks if r is not None), default=None)
        span = lookup.earliest_span(facts)
        label = best_label(labels) or ""
        ident = (min(ids) if ids else "") or label or local_name(node)
        out[node] = Entity(
            as_node(node),
            lookup.plan(facts) or "",
            ident,
            kinds[rank] if rank is not None else "other",
            label,
            span_text(*span) if span is not None else "",
        )
    return out


def as_node(node: Node) -> URIRef | BNode:
    """The node as an ``Entity`` holds it: a ``URIRef``, or a blank node as itself (its id is
    no IRI)."""
    return node if isinstance(node, (URIRef, BNode)) else URIRef(str(node))


def plan_filter(plan: str | None, variable: str = "?m") -> str:
    """A SPARQL pattern restricting ``variable`` to one plan (empty when ``plan`` is None)."""
    if plan is None:
        return ""
    return f"{variable} vz:inPlan/vz:identifier {Literal(plan).n3()} ."
