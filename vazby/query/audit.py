"""Everything worth a second look: the loaders' diagnostics plus checks on the whole graph.

Graph-level checks (origin ``graph``):

* ``dangling-link``: a link whose target is not in the plan;
* ``card-table-mismatch``, ``missing-row`` and ``duplicate`` (of a table row): a measure's
  card and the summary tables of its plan disagree, decided by
  :func:`vazby.query.cardtable.card_table`, the one rule (``vazby build`` prints the same
  findings per document);
* ``no-source``: a measure without a source span;
* ``empty-goal``: a goal with no measure beneath it and no activity serving it or a
  sub-goal (a programme's goals are served by activities, not measures);
* ``cycle``: measures that rely on each other through directed links;
* ``duplicate``: a measure, goal or area read from more than one place.

The dangling-link check repeats the loaders' own on purpose, as a check on the graph; a
graph finding is left out when a loader's dangling-link diagnostic already names the same
line (its own line or a related one), so nothing is listed twice. Amounts that do not add
up to a stated total are reported by the loaders (kind ``total``), which see the totals;
the graph keeps no total to recheck.

How the graph is read: each check names the few reads it needs, whole predicates for the
whole graph or, for one plan, what its nodes reach; :func:`audit` runs all the reads at
once (the store answers without holding the GIL, so two run side by side) and the checks
join them in sets and dictionaries, keeping terms as the N-Triples text the store writes.
Source lines, labels and the like are fetched only for the findings.
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, compress, filterfalse
from typing import Any

import networkx as nx
from rdflib import Graph, Literal

from ..rdf.store import (
    kept_rows,
    oxigraph,
    reading,
    select,
    select_columns,
    term_value,
    whole_corpus,
    without_gc,
)
from .cardtable import card_reads, judge
from .dependencies import DIRECTED_KINDS
from .entities import describe, plan_filter
from .measures import natural_key
from .pairs import Pairs, ancestors
from .plans import check_plan

__all__ = [
    "AuditRow",
    "CHECKS",
    "audit",
]


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One finding: where (``file:line`` and related lines), what, and who found it."""

    source: str
    kind: str
    origin: str
    plan: str
    subject: str
    message: str
    related: tuple[int, ...]

    @property
    def file(self) -> str:
        return self.source.rsplit(":", 1)[0] if ":" in self.source else self.source

    @property
    def line(self) -> int:
        return _line(self.source)


# -- reading the store ---------------------------------------------------------------------

Read = Callable[[], Any]


def _rows(columns: list[list[str]]) -> list[tuple[str, ...]]:
    return list(zip(*columns, strict=True))


class _Prefixed(Mapping[str, Any]):
    """The answers whose names start with ``prefix``, without it."""

    def __init__(self, answers: Mapping[str, Any], prefix: str) -> None:
        self._answers, self._prefix = answers, prefix

    def __getitem__(self, name: str) -> Any:
        return self._answers[self._prefix + name]

    def __iter__(self) -> Iterator[str]:
        n = len(self._prefix)
        return (name[n:] for name in self._answers if name.startswith(self._prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class _Scope:
    """The whole graph (``plan`` None) or one plan, with the plan's nodes as N-Triples terms
    when a VALUES block can name them."""

    plan: str | None
    nodes: tuple[str, ...] | None = None

    @classmethod
    def of(cls, graph: Graph, plan: str | None) -> _Scope:
        if plan is None or oxigraph(graph) is None:  # rdflib mishandles VALUES in a UNION
            return cls(plan)
        query = f"SELECT DISTINCT ?p WHERE {{ ?p vz:identifier {Literal(plan).n3()} }}"
        nodes = tuple(select_columns(graph, query)[0])
        return cls(plan, nodes if all(node.startswith("<") for node in nodes) else None)

    def anchor(self, variable: str) -> str:
        """A pattern keeping ``variable`` in the plan, to open a WHERE clause with (the store
        then starts from the plan's nodes); empty for the whole graph."""
        if self.plan is None:
            return ""
        if self.nodes is None:
            return plan_filter(self.plan, variable)
        return f"VALUES ?in_plan {{ {' '.join(self.nodes)} }} {variable} vz:inPlan ?in_plan ."


@dataclass(frozen=True)
class _Check:
    """A graph-level check: the reads it needs, and the rows it makes of their answers."""

    reads: Callable[[Graph, _Scope], dict[str, Read]]
    judge: Callable[[Graph, _Scope, Mapping[str, Any]], list[AuditRow]]

    def __call__(self, graph: Graph, plan: str | None = None) -> list[AuditRow]:
        scope = _Scope.of(graph, plan)
        with reading(graph, self.reads(graph, scope)) as answers:
            return self.judge(graph, scope, answers)


def _nodes(cells: Iterable[str]) -> dict[str, Any]:
    """``{cell: term}`` of IRI or blank-node cells."""
    return {cell: term_value(cell) for cell in cells}


def _line(source: str) -> int:
    """The first line of a ``file:line`` or ``file:first-last`` source (0 without one)."""
    tail = source.rsplit(":", 1)[-1].split("-")[0]
    return int(tail) if tail.isdigit() else 0


# -- the loaders' diagnostics ----------------------------------------------------------------

_DIAGNOSTICS = """
SELECT ?d ?kind ?message ?doc ?line ?rel ?plan ?locator WHERE {{
  ?d a vz:Diagnostic ; vz:diagnosticKind ?kind .
  {plan}
  OPTIONAL {{ ?d vz:message ?message }}
  OPTIONAL {{ ?d vz:document/vz:fileName ?doc }}
  OPTIONAL {{ ?d vz:line ?line }}
  OPTIONAL {{ ?d vz:relatedLine ?rel }}
  OPTIONAL {{ ?d vz:inPlan/vz:identifier ?plan }}
  OPTIONAL {{ ?d vz:locator ?locator }}
}}
"""


def _loader_rows(graph: Graph, plan: str | None) -> list[AuditRow]:
    found: dict = {}
    related: dict = defaultdict(set)
    for row in select(graph, _DIAGNOSTICS.format(plan=plan_filter(plan, "?d"))):
        d = row["d"]
        line = int(row["line"]) if row["line"] is not None else 0
        found[d] = (
            str(row["locator"] or "") or f"{row['doc'] or ''}:{line}",
            str(row["kind"]),
            str(row["plan"] or ""),
            str(row["message"] or ""),
        )
        if row["rel"] is not None:
            related[d].add(int(row["rel"]))
    return [
        AuditRow(source, kind, "loader", p, "", message, tuple(sorted(related[d])))
        for d, (source, kind, p, message) in found.items()
    ]


# -- dangling links ----------------------------------------------------------------------------

_DANGLING = """
SELECT ?l ?m ?target ?raw WHERE {{
  ?l vz:dangling true ; vz:linkSource ?m . {plan}
  OPTIONAL {{ ?l vz:targetText ?target }} OPTIONAL {{ ?l vz:rawText ?raw }}
}}
"""


def _dangling_reads(graph: Graph, scope: _Scope) -> dict[str, Read]:
    query = _DANGLING.format(plan=plan_filter(scope.plan))
    return {"dangling": lambda: select(graph, query)}


def _dangling(graph: Graph, scope: _Scope, read: Mapping[str, Any]) -> list[AuditRow]:
    rows = read["dangling"]
    entities = describe(graph, {r["l"] for r in rows} | {r["m"] for r in rows})
    out = []
    for r in rows:
        m = entities[r["m"]]
        target = r["target"] or r["raw"] or ""
        out.append(
            AuditRow(
                entities[r["l"]].source,
                "dangling-link",
                "graph",
                m.plan,
                m.id,
                f"{m.id} refers to {target!r}, which is not in the plan (text: {r['raw'] or ''!r})",
                (),
            )
        )
    return out


# -- card and table ----------------------------------------------------------------------------


def _card_reads(graph: Graph, scope: _Scope) -> dict[str, Read]:
    # the rule's own reads, started with the other checks' (not a pool of its own inside
    # one of theirs): its judging then runs while they read
    return card_reads(graph, scope.plan)


def _card_table(graph: Graph, scope: _Scope, read: Mapping[str, Any]) -> list[AuditRow]:
    return [
        AuditRow(f.locator, f.kind, "graph", f.plan, f.id, f.message, f.related)
        for f in judge(graph, read)
    ]


# -- sources, duplicates and empty goals -------------------------------------------------------

#: Measures, goals or areas, each with its source spans: a row per span, or one with none.
#: For the whole graph a span is written ``true`` (its IRI is not needed); one plan may
#: have several nodes, hence DISTINCT.
_MEMBERS = """
SELECT ?x ?span WHERE {{ ?x a {cls} .
  OPTIONAL {{ ?x prov:wasDerivedFrom ?s BIND(true AS ?span) }} }}
"""
_PLAN_MEMBERS = """
SELECT DISTINCT ?x ?span WHERE {{ {anchor_x} ?x a {cls} .
  OPTIONAL {{ ?x prov:wasDerivedFrom ?span }} }}
"""

#: What is part of what: every ``vz:hasPart`` for the whole graph; for one plan, what its
#: goals reach, saying whether the part is a measure.
_PARTS = "SELECT ?x ?y WHERE { ?x vz:hasPart ?y }"
_PLAN_PARTS = """
SELECT DISTINCT ?x ?y ?measure WHERE {{ {anchor_g} ?g a vz:Goal . ?g vz:hasPart* ?x .
  ?x vz:hasPart ?y . OPTIONAL {{ ?y a ?measure FILTER(?measure = vz:Measure) }} }}
"""

_SERVED = "SELECT DISTINCT ?y WHERE { ?a vz:serves ?y }"


@dataclass(frozen=True)
class _Members:
    """The measures, goals or areas of a scope: all, those without a source span, those
    read from more than one place."""

    all: list[str]
    unsourced: list[str]
    repeated: list[str]

    @classmethod
    def of(cls, columns: list[list[str]]) -> _Members:
        """From (node, span) columns: a node has a row per span, or one with no span."""
        nodes, spans = columns
        distinct = list(dict.fromkeys(nodes))
        unsourced = list(compress(nodes, map(operator.not_, spans))) if "" in spans else []
        repeated: list[str] = []
        if len(distinct) < len(nodes):  # a node with several spans has several rows
            counts = Counter(compress(nodes, spans))
            repeated = [x for x in distinct if counts[x] > 1]
        return cls(distinct, unsourced, repeated)


def _members_read(graph: Graph, query: str) -> Read:
    return lambda: _Members.of(select_columns(graph, query))


def _simple_reads(graph: Graph, scope: _Scope) -> dict[str, Read]:
    members = _MEMBERS if scope.plan is None else _PLAN_MEMBERS
    reads: dict[str, Read] = {}
    for name, cls in (("measures", "vz:Measure"), ("goals", "vz:Goal")):
        query = members.format(anchor_x=scope.anchor("?x"), cls=cls)
        reads[name] = _members_read(graph, query)
    if scope.plan is None:
        reads["parts"] = lambda: (Pairs.of(select_columns(graph, _PARTS)), None)
    else:
        query = _PLAN_PARTS.format(anchor_g=scope.anchor("?g"))
        reads["parts"] = lambda: _plan_parts(select_columns(graph, query))
    areas = members.format(anchor_x=scope.anchor("?x"), cls="vz:ThematicArea")
    reads["areas"] = lambda: _Members.of(select_columns(graph, areas))
    reads["served"] = lambda: select_columns(graph, _SERVED)[0]
    return reads


def _plan_parts(columns: list[list[str]]) -> tuple[Pairs, list[str]]:
    """The (whole, part) pairs a plan's goals reach, and the parts that are measures (whose
    class is read rather than a boolean: Virtuoso answers ``BOUND`` with an integer)."""
    wholes, parts, measure = columns
    return Pairs(wholes, parts), list(compress(parts, measure))


def _filled(read: Mapping[str, Any]) -> set[str]:
    """Everything with a measure beneath it, or served by an activity (itself or a part)."""
    parts, measures = read["parts"]
    if measures is None:  # the whole graph's
        measures = read["measures"].all
    return ancestors(parts, chain(measures, read["served"])) | set(read["served"])


_MESSAGES = {
    "no-source": "measure {id} has no source span",
    "empty-goal": "{type} {id} has no measure or activity beneath it",
    "duplicate": "{type} {id} is read from more than one place",
}


def _simple(graph: Graph, scope: _Scope, read: Mapping[str, Any]) -> list[AuditRow]:
    filled = _filled(read)
    repeated = read["measures"].repeated + read["goals"].repeated + read["areas"].repeated
    found = {
        "no-source": read["measures"].unsourced,
        "empty-goal": list(filterfalse(filled.__contains__, read["goals"].all)),
        "duplicate": list(dict.fromkeys(repeated)),
    }
    nodes = _nodes({x for xs in found.values() for x in xs})
    entities = describe(graph, nodes.values())
    out = []
    for kind, xs in found.items():
        for x in xs:
            e = entities[nodes[x]]
            message = _MESSAGES[kind].format(id=e.id, type=e.type)
            out.append(AuditRow(e.source, kind, "graph", e.plan, e.id, message, ()))
    return out


# -- cycles ------------------------------------------------------------------------------------

#: The directed links (see ``DIRECTED_KINDS``), read from their kinds for the whole graph.
_DIRECTED = """
SELECT ?from ?to WHERE {{ {anchor_from}
  {{ SELECT ?l WHERE {{ ?l vz:linkKind ?kind FILTER(STR(?kind) IN ({kinds})) }} }}
  ?l vz:linkSource ?from ; vz:linkTarget ?to . }}
"""
_PLAN_DIRECTED = """
SELECT ?from ?to WHERE {{ {anchor_from}
  ?l vz:linkSource ?from ; vz:linkTarget ?to ; vz:linkKind ?kind .
  FILTER(STR(?kind) IN ({kinds})) }}
"""


def _cycle_reads(graph: Graph, scope: _Scope) -> dict[str, Read]:
    kinds = ", ".join(Literal(k).n3() for k in sorted(DIRECTED_KINDS))
    template = _DIRECTED if scope.plan is None else _PLAN_DIRECTED
    query = template.format(anchor_from=scope.anchor("?from"), kinds=kinds)
    return {"directed": lambda: select_columns(graph, query)}


def _circular(edges: list[list[str]]) -> nx.DiGraph:
    """The directed graph of the (from, to) columns without the edges no cycle can take:
    those from a node nothing enters or to a node nothing leaves, again until none is."""
    froms, tos = edges
    while froms:
        entered, left = set(tos), set(froms)
        keep = [a in entered and b in left for a, b in zip(froms, tos, strict=True)]
        if all(keep):
            break
        froms, tos = list(compress(froms, keep)), list(compress(tos, keep))
    directed = nx.DiGraph()
    directed.add_edges_from(zip(froms, tos, strict=True))
    return directed


def _cycles(graph: Graph, scope: _Scope, read: Mapping[str, Any]) -> list[AuditRow]:
    directed = _circular(read["directed"])
    cycles = [sorted(c, key=str) for c in nx.strongly_connected_components(directed) if len(c) > 1]
    cycles += [[n] for n in directed.nodes if directed.has_edge(n, n)]
    nodes = _nodes({n for c in cycles for n in c})
    entities = describe(graph, nodes.values())
    out = []
    for cycle in cycles:
        members = sorted((entities[nodes[n]] for n in cycle), key=lambda e: natural_key(e.id))
        first = min(members, key=lambda e: (e.source, natural_key(e.id)))
        ids = " → ".join(e.id for e in members)
        out.append(
            AuditRow(
                first.source,
                "cycle",
                "graph",
                first.plan,
                first.id,
                f"measures rely on each other in a cycle: {ids}",
                tuple(sorted({_line(e.source) for e in members} - {_line(first.source)})),
            )
        )
    return out


#: Rough cost of each read on a large graph, to start the longest first.
_COST = {
    "measures": 8,
    "parts": 5,
    "goals": 5,
}


#: Graph-level checks, each function(graph, plan) → rows.
CHECKS = {
    "dangling-link": _Check(_dangling_reads, _dangling),
    "card-table": _Check(_card_reads, _card_table),
    "simple": _Check(_simple_reads, _simple),
    "cycle": _Check(_cycle_reads, _cycles),
}

#: The order :func:`audit` reads and judges the checks in.
_JUDGED = ("card-table", "simple", "cycle", "dangling-link")


@kept_rows
@without_gc
def audit(graph: Graph, plan: str | None = None) -> list[AuditRow]:
    """The loaders' diagnostics and the graph-level checks.

    Every check reads the graph as it is now: a graph edited by hand is checked as edited.

    Parameters
    ----------
    graph : rdflib.Graph
    plan : str, optional
        Only findings about this plan.

    Returns
    -------
    list of AuditRow
        Sorted by file, line, kind and message.
    """
    if plan is None:
        graph = whole_corpus(graph)
    check_plan(graph, plan)
    scope = _Scope.of(graph, plan)
    checks = CHECKS
    reads: dict[str, Read] = {"loader": lambda: _loader_rows(graph, plan)}
    for name in _JUDGED:  # the card/table reads first: its judging is the longest
        mine = checks[name].reads(graph, scope)
        for key in sorted(mine, key=lambda key: -_COST.get(key, 0)):
            reads[f"{name}/{key}"] = mine[key]
    rows = []
    with reading(graph, reads) as answers:
        loader = answers["loader"]
        # the loaders report the dangling links they see; the graph's own are listed only
        # where no loader diagnostic names the same line
        named = {
            (row.file, line)
            for row in loader
            if row.kind == "dangling-link"
            for line in (row.line, *row.related)
        }
        rows.extend(loader)
        for name in _JUDGED:
            for row in checks[name].judge(graph, scope, _Prefixed(answers, f"{name}/")):
                if name != "dangling-link" or not any(
                    (row.file, line) in named for line in (row.line, *row.related)
                ):
                    rows.append(row)
    rows.sort(key=lambda r: (r.file, r.line, r.kind, r.origin, r.message))
    return rows
