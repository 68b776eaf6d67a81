"""Find and describe the resources queries talk about: measures, goals, areas, needs, lines.

Users name things as the documents print them (``1.1.1.1``, ``B.3/1.1.2``) or by full IRI;
:func:`resolve` turns that into an :class:`Entity`, raising :class:`UnknownEntity` for an id
that is not in the graph and :class:`AmbiguousEntity` when several plans share it.
:func:`describe` fetches identifier, label, type, plan and source line of many nodes in one
query, so that answers cost in proportion to their size, not to the graph's. A question that
starts from a node a user named can read around it in the request that finds it
(:func:`naming`, :func:`candidates`, :func:`chosen`): in a SPARQL store a request costs more
than its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import UnknownEntity
from ..ontology.namespace import PROV, RDF, RDFS, SKOS, VZ
from ..rdf.iris import local_name
from ..rdf.store import (
    VALUES_AT_ONCE,
    in_chunks,
    is_iri,
    oxigraph,
    select,
    select_table,
    term_value,
    values_clause,
)
from .labels import best_label, cell_language
from .measures import natural_key, span_text

__all__ = [
    "AmbiguousEntity",
    "Entity",
    "CLASS_TYPES",
    "TYPE_NAMES",
    "resolve",
    "describe",
    "describe_with_spans",
    "naming",
    "candidates",
    "chosen",
    "locate",
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


_NAMEABLE_IN = ", ".join(c.n3() for c in _NAMEABLE)


def naming(identifier: str, variable: str, plan: str | None = None) -> str:
    """A SPARQL pattern binding ``?variable`` once to the node ``identifier`` (an IRI) is, or
    to each node in the plan ``plan`` (when given) with ``identifier`` as its number: a read
    that starts from the node a user named, sent in the request that finds it (the caller
    keeps the rows of the node :func:`chosen` chooses).

    Examples
    --------
    >>> print(naming("https://x.org/m", "m"))
    VALUES (?m) { (<https://x.org/m>) }
    >>> print(naming("1.1", "m", "lhota"))
    { SELECT DISTINCT ?m WHERE { ?m vz:identifier "1.1" . ?m vz:inPlan/vz:identifier "lhota" . } }
    """
    identifier = identifier.strip()
    if is_iri(identifier):
        return values_clause({variable: [URIRef(identifier)]})
    var = f"?{variable}"
    bound = f"{var} vz:identifier {Literal(identifier).n3()} ."
    if plan is not None:
        bound += f" {var} vz:inPlan/vz:identifier {Literal(plan).n3()} ."
    return f"{{ SELECT DISTINCT {var} WHERE {{ {bound} }} }}"


def candidates(identifier: str, plan: str | None, end: str) -> str:
    """A SPARQL group whose rows are what :func:`chosen` chooses from: ``?x``, its ``?type``
    and ``?plan``, with ``?end`` the literal ``end`` (which of several identifiers a row is
    about, where one request finds several)."""
    return (
        f"{{ {naming(identifier, 'x', plan)} ?x a ?type . "
        f"OPTIONAL {{ ?x vz:inPlan/vz:identifier ?plan }} FILTER(?type IN ({_NAMEABLE_IN})) "
        f"BIND({Literal(end).n3()} AS ?end) }}"
    )


def chosen(graph: Graph, identifier: str, plan: str | None, rows: Iterable[dict]) -> URIRef | BNode:
    """The node ``identifier`` names, from the rows of :func:`candidates` (as
    :func:`~vazby.rdf.store.select` gives them).

    Raises
    ------
    UnknownEntity
        No row (in ``plan``); the message suggests identifiers that end with it (one more
        request).
    AmbiguousEntity
        Rows of several plans, and ``plan`` was not given.
    """
    identifier = identifier.strip()
    found = [(row["x"], row["type"], row["plan"]) for row in rows]
    found = [r for r in found if plan is None or r[2] == plan]
    if is_iri(identifier):
        if not found:
            raise UnknownEntity(
                f"{identifier}: no measure, goal or area with this IRI in the graph"
            )
        return URIRef(identifier)
    found = [r for r in found if r[2] is not None]  # a number is looked up in its plan
    if not found:
        raise UnknownEntity(_unknown_message(graph, identifier, plan))
    plans = sorted({str(r[2]) for r in found})
    if len(plans) > 1:
        raise AmbiguousEntity(
            f"{identifier} is in several plans ({', '.join(plans)}); choose one with --plan"
        )
    rank = {t: i for i, t in enumerate(_NAMEABLE)}
    return as_node(min(found, key=lambda r: (rank[r[1]], str(r[0])))[0])


def locate(graph: Graph, identifier: str, plan: str | None = None) -> URIRef | BNode:
    """The node of the measure, goal or area ``identifier`` names (see :func:`resolve`),
    found in one request and not described."""
    rows = select(graph, f"SELECT ?x ?type ?plan WHERE {candidates(identifier, plan, '')}")
    return chosen(graph, identifier, plan, rows)


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
    node = locate(graph, identifier, plan)
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


#: What :func:`describe_with_spans` reads of a node, one branch a fact (a join of them
#: multiplies the rows), each branch starting from the nodes (``{values}``): Virtuoso does
#: not carry a ``VALUES`` block outside a ``UNION`` into its branches.
_FACTS = (
    "{{ {values} ?x vz:identifier ?id }}",
    "{{ {values} ?x a ?type FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea, vz:Need, "
    "vz:BudgetLine, vz:Plan)) }}",
    "{{ {values} ?x vz:inPlan/vz:identifier ?plan }}",
    "{{ {values} ?x skos:prefLabel ?label BIND(true AS ?pref) }}",
    "{{ {values} ?x rdfs:label ?label }}",
)

#: The spans a node was read from (those with a first line and a file).
_SPANS = (
    "{{ {values} ?x prov:wasDerivedFrom ?s . ?s vz:firstLine ?first ; "
    "vz:document/vz:fileName ?doc . OPTIONAL {{ ?s vz:lastLine ?last }} "
    "OPTIONAL {{ ?s vz:locator ?locator }} }}"
)

#: Nodes named in one read: every branch binds them, and Virtuoso refuses a query of some
#: 5,000 bound terms (:data:`~vazby.rdf.store.VALUES_AT_ONCE` is for one block).
_NODES_AT_ONCE = VALUES_AT_ONCE // (len(_FACTS) + 1)


def spans_of(graph: Graph, nodes: Iterable[Node]) -> dict[Node, str]:
    """The source of each node as ``file:line`` or ``file:first-last`` (earliest span)."""
    return describe_with_spans(graph, (), nodes)[1]


def line_number(value: object) -> int | None:
    """A line number as stored, or None where it is none."""
    try:
        return int(str(value))
    except ValueError:
        return None


def describe(graph: Graph, nodes: Iterable[Node]) -> dict[Node, Entity]:
    """Identifier, label, type, plan and source of every node (:func:`describe_with_spans`).

    A node without ``vz:identifier`` (a need) is identified by its label.
    """
    return describe_with_spans(graph, nodes, ())[0]


def describe_with_spans(
    graph: Graph, nodes: Iterable[Node], others: Iterable[Node]
) -> tuple[dict[Node, Entity], dict[Node, str]]:
    """:func:`describe` of ``nodes`` and the sources of ``others`` (:func:`spans_of`, keyed
    by node; a node without a span is absent) read together: in a SPARQL store, one request
    for every few hundred nodes (the store's time goes to each request more than to its
    rows)."""
    wanted = list(dict.fromkeys(nodes))
    spanned = list(dict.fromkeys([*wanted, *others]))
    if not spanned:
        return {}, {}
    direct = oxigraph(graph)
    if direct is not None:
        lookup = _Lookup(*direct)
        entities = _describe_direct(lookup, wanted)
        sources = {x: entities[x].source for x in spanned if x in entities}
        for x in spanned:
            if x not in entities:
                key = lookup.earliest_span(lookup.facts(lookup.term(x)))
                sources[x] = "" if key is None else span_text(*key)
        return entities, {x: source for x, source in sources.items() if source}
    described = set(wanted)
    facts: dict[Node, dict[str, str]] = {n: {} for n in wanted}
    labels: dict[Node, list[tuple[str, str | None, bool]]] = {}
    spans: dict[Node, tuple] = {}
    rank = {str(t): i for i, t in enumerate(TYPE_NAMES)}
    for chunk in in_chunks(spanned, _NODES_AT_ONCE):
        mine = [n for n in chunk if n in described]
        branches = [b.format(values=values_clause({"x": mine})) for b in _FACTS] if mine else []
        branches.append(_SPANS.format(values=values_clause({"x": chunk})))
        query = (
            "SELECT ?x ?id ?type ?plan ?label ?pref ?doc ?first ?last ?locator WHERE { "
            + " UNION ".join(branches)
            + " }"
        )
        _, rows = select_table(graph, query, raw=True)
        for x, ident, kind, plan, label, pref, doc, first, last, locator in rows:
            node = term_value(x)
            if doc:
                _earliest(spans, node, doc, first, last, locator)
            elif label:
                labels.setdefault(node, []).append(
                    (term_value(label), cell_language(label), bool(pref))
                )
            else:
                _least(facts[node], ident, kind, plan, rank)
    sources = {x: span_text(*key) for x, key in spans.items()}
    out = {}
    for node, f in facts.items():
        label = best_label(labels.get(node, ())) or ""
        type_name = TYPE_NAMES.get(URIRef(f["type"]), "other") if "type" in f else "other"
        ident = f.get("id") or label or local_name(node)
        out[node] = Entity(
            as_node(node), f.get("plan", ""), ident, type_name, label, sources.get(node, "")
        )
    return out, sources


def _earliest(spans: dict[Node, tuple], node: Node, *cells: str) -> None:
    """Keep the span of raw ``(doc, first, last, locator)`` cells if it is ``node``'s
    earliest so far (one with a first line that is no number is none)."""
    doc, first_cell, last_cell, locator = cells
    first = line_number(term_value(first_cell))
    if first is None:
        return
    last = (line_number(term_value(last_cell)) if last_cell else None) or first
    key = (str(term_value(doc)), first, last, str(term_value(locator)) if locator else "")
    if node not in spans or key < spans[node]:
        spans[node] = key


def _least(facts: dict[str, str], ident: str, kind: str, plan: str, rank: dict) -> None:
    """Keep the least identifier and plan and the first type (:data:`TYPE_NAMES`' order)
    of raw cells."""
    for key, cell in (("id", ident), ("plan", plan)):
        if cell:
            value = str(term_value(cell))
            facts[key] = min(facts.get(key, value), value)
    if kind:
        name = str(term_value(kind))
        if "type" not in facts or rank[name] < rank[facts["type"]]:
            facts["type"] = name


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
