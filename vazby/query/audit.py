"""Everything worth a second look: the loaders' diagnostics plus checks on the whole graph.

Graph-level checks (origin ``graph``):

* ``dangling-link``: a link whose target is not in the plan;
* ``card-table-mismatch``: a summary-table row whose amount differs from the card's, or
  that names a funding source the card does not (both values in the message). A budget
  line shared by several measures agrees with the table when the rows of its measures in
  that table add up to it;
* ``missing-row``: a table row about a measure that has no card;
* ``no-source``: a measure without a source span;
* ``empty-goal``: a goal with no measure beneath it and no activity serving it or a
  sub-goal (a programme's goals are served by activities, not measures);
* ``cycle``: measures that rely on each other through directed links;
* ``duplicate``: a measure, goal or area read from more than one place.

The card/table and dangling-link checks repeat the loaders' own on purpose, as a check on
the graph; a graph finding is left out when a loader diagnostic of the same kind already
names the same line (its own line or a related one), so nothing is listed twice. Amounts
that do not add up to a stated total are reported by the loaders (kind ``total``), which
see the totals; the graph keeps no total to recheck.

How the graph is read: each check names the few reads it needs, whole predicates for the
whole graph or, for one plan, what its nodes reach; :func:`audit` runs all the reads at
once (the store answers without holding the GIL, so two run side by side) and the checks
join them in sets and dictionaries, keeping terms as the N-Triples text the store writes.
The card/table check first picks, so joined, the table rows that may disagree (a superset)
and decides only those by the rules. Source lines, labels and the like are fetched only
for the findings.
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, compress, filterfalse
from typing import Any

import networkx as nx
from rdflib import Graph, Literal

from ..rdf.iris import local_name
from ..rdf.store import (
    oxigraph,
    reading,
    select,
    select_columns,
    term_value,
    without_gc,
)
from .dependencies import DIRECTED_KINDS
from .entities import describe, plan_filter
from .labels import labels_of
from .measures import natural_key
from .orphans import amount_value, blank_read, blank_sources
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

#: A true boolean cell, as Oxigraph or rdflib write it.
_TRUE = frozenset({"true", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'})

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

#: What the card/table check reads, as (subject, object) pairs: whole predicates for the
#: whole graph; for one plan, what its table rows ``?t`` reach (their measures and the
#: measures' budget lines), and the measures sharing a budget line ``?b`` of the plan.
_CARD_READS: dict[str, tuple[str, str]] = {
    "sources": (
        "SELECT ?x ?s WHERE { ?x vz:fundingSource ?s }",
        "SELECT DISTINCT ?x ?s WHERE {{ "
        "{{ {anchor_t} ?t vz:fundingSource ?s BIND(?t AS ?x) }} "
        "UNION {{ {anchor_t} ?t vz:aboutMeasure ?x . ?x vz:fundingSource ?s }} "
        "UNION {{ {anchor_t} ?t vz:aboutMeasure ?m . ?m vz:fundedBy ?x . "
        "?x vz:fundingSource ?s }} }}",
    ),
    "amounts": (
        "SELECT ?x ?a WHERE { ?x vz:amountCZK ?a }",
        "SELECT DISTINCT ?x ?a WHERE {{ "
        "{{ {anchor_t} ?t vz:amountCZK ?a BIND(?t AS ?x) }} "
        "UNION {{ {anchor_t} ?t vz:aboutMeasure ?m . ?m vz:fundedBy ?x . ?x vz:amountCZK ?a }} }}",
    ),
    "lines": (
        "SELECT ?m ?b WHERE { ?m vz:fundedBy ?b }",
        "SELECT DISTINCT ?m ?b WHERE {{ {anchor_t} ?t vz:aboutMeasure ?m . ?m vz:fundedBy ?b }}",
    ),
    "about": (
        "SELECT ?t ?m WHERE { ?t vz:aboutMeasure ?m }",
        "SELECT DISTINCT ?t ?m WHERE {{ {anchor_t} ?t vz:aboutMeasure ?m }}",
    ),
    "sharers": (
        "",  # the whole graph's are its lines, reversed
        "SELECT DISTINCT ?b ?m WHERE {{ {anchor_b} ?m vz:fundedBy ?b }}",
    ),
}

_ENTRIES = (
    "SELECT ?t WHERE { ?t a vz:TableEntry }",
    "SELECT DISTINCT ?t WHERE {{ {anchor_t} ?t a vz:TableEntry }}",
)

#: For one plan: every mention in its table rows, their measures and budget lines.
_PLAN_MENTIONS = """
SELECT DISTINCT ?h ?s ?raw WHERE {{
  {{ {anchor_t} ?t a vz:TableEntry BIND(?t AS ?h) }}
  UNION {{ {anchor_t} ?t vz:aboutMeasure ?h }}
  UNION {{ {anchor_t} ?t vz:aboutMeasure ?m . ?m vz:fundedBy ?h }}
  ?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw .
}}
"""


def _pairs_read(graph: Graph, query: str) -> Read:
    return lambda: Pairs.of(select_columns(graph, query))


def _card_reads(graph: Graph, scope: _Scope) -> dict[str, Read]:
    whole = scope.plan is None
    anchors = {"anchor_t": scope.anchor("?t"), "anchor_b": scope.anchor("?b")}
    mentions = _PLAN_MENTIONS.format(**anchors)
    reads: dict[str, Read] = {
        "unkept": (lambda: blank_sources(graph))
        if whole
        else lambda: blank_read(select_columns(graph, mentions))
    }
    for name, (all_of_it, one_plan) in _CARD_READS.items():
        query = all_of_it if whole else one_plan.format(**anchors)
        if query:
            reads[name] = _pairs_read(graph, query)
    entries = _ENTRIES[0] if whole else _ENTRIES[1].format(**anchors)
    reads["entries"] = lambda: dict.fromkeys(select_columns(graph, entries)[0])
    return reads


def _card_suspects(read: Mapping[str, Any]) -> dict[str, str]:
    """Table rows that may disagree with their card, and how (``missing``, ``amount``,
    ``sources``): a superset of the findings, joined in sets without a Python step per
    fact. The same amount written otherwise, a budget line shared or a holder with several
    values make a row a suspect; :func:`_card_table` decides."""
    about, lines, entries = read["about"], read["lines"], read["entries"]
    by_amount = _amount_suspects(about, lines, read["amounts"])
    by_source = _source_suspects(about, lines, read["sources"], set())
    unkept = read["unkept"]  # the longest read, asked for last
    if unkept:
        by_source = _source_suspects(about, lines, read["sources"], unkept)
    odd = by_amount | by_source
    rows_t, rows_m = about.keys, about.values
    out: dict[str, str] = {t: "missing" for t in entries.keys() - about.last.keys()}
    for t, m in compress(zip(rows_t, rows_m, strict=True), map(odd.__contains__, rows_m)):
        out[t] = ("amount " if m in by_amount else "") + ("sources" if m in by_source else "")
    if len(about.last) < len(rows_t):  # a row about several measures: decide it in full
        for t, n in Counter(rows_t).items():
            if n > 1:
                out[t] = "amount sources"
    return {t: why for t, why in out.items() if t in entries}


def _amount_suspects(about: Pairs, lines: Pairs, amounts: Pairs) -> set[str]:
    """Measures with a table row whose amount no budget line of theirs is written as."""
    said = set(zip(map(about.last.get, amounts.keys), amounts.values, strict=True))
    said.difference_update(zip(lines.keys, map(amounts.last.get, lines.values), strict=True))
    return {m for m, _ in said if m is not None}


def _source_suspects(
    about: Pairs, lines: Pairs, sources: Pairs, unkept: set[tuple[str, str]]
) -> set[str]:
    """Measures with a table row naming a funding source that neither the card nor a
    budget line of theirs names (a pair in ``unkept`` names nothing)."""
    holders, names = sources.keys, sources.values
    if unkept:
        kept = [pair not in unkept for pair in zip(holders, names, strict=True)]
        holders, names = list(compress(holders, kept)), list(compress(names, kept))
    said = set(zip(map(about.last.get, holders), names, strict=True))
    card = dict(zip(about.values, about.values, strict=True))  # a measure names for itself,
    card.update(lines.back)  # a budget line for its measure
    said.difference_update(zip(map(card.get, holders), names, strict=True))
    return {m for m, _ in said if m is not None}


@dataclass
class _CardFacts:
    """What the card/table check knows of its suspects, as N-Triples cells: per subject its
    measures (``about``), budget lines, the measures sharing a line, amounts and funding
    sources; the table rows in scope, and the (holder, source) pairs that do not count."""

    entries: dict[str, None]  # in reading order
    about: dict[str, list[str]]
    lines: dict[str, list[str]]
    shared: dict[str, list[str]]
    amounts: dict[str, list[str]]
    sources: dict[str, list[str]]
    unkept: set[tuple[str, str]]
    _rows_of: dict[str, list[str]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, read: Mapping[str, Any], suspects: Iterable[str]) -> _CardFacts:
        """The facts the decision on ``suspects`` needs, picked from the columns read."""
        entries = read["entries"]
        about = read["about"].among(set(suspects))
        measures = {m for ms in about.values() for m in ms}
        lines = read["lines"].among(measures)
        line_set = {b for bs in lines.values() for b in bs}
        sharers = read.get("sharers") or read["lines"].turned  # the plan's, or all
        shared = sharers.among(line_set)
        # every row about these measures or the others sharing their lines, to add up
        wanted = measures.union(*shared.values())
        rows_t, rows_m = read["about"].keys, read["about"].values
        others = {t for t in compress(rows_t, map(wanted.__contains__, rows_m)) if t in entries}
        about.update(read["about"].among(others - about.keys()))
        holders = set(about) | line_set
        return cls(
            entries=entries,
            about=about,
            lines=lines,
            shared=shared,
            amounts=read["amounts"].among(holders),
            sources=read["sources"].among(holders | measures),
            unkept=read["unkept"],
        )

    def measure(self, entry: str) -> str | None:
        """The measure a table row is about (the first one read)."""
        measures = self.about.get(entry)
        return measures[0] if measures else None

    def sharers(self, line: str) -> set[str]:
        """The measures a budget line funds (of the plan's lines, for one plan)."""
        return set(self.shared.get(line, ()))

    def rows_of(self, measure: str) -> list[str]:
        """The table rows about a measure (rows of measures sharing a suspect's line)."""
        if self._rows_of is None:
            rows: dict[str, list[str]] = {}
            for t in self.about:
                m = self.measure(t)
                if t in self.entries and m is not None:
                    rows.setdefault(m, []).append(t)
            self._rows_of = rows
        return self._rows_of.get(measure, [])

    def amount(self, holder: str) -> Decimal | None:
        """The amount of a table row or budget line (the last one read, when several)."""
        said = self.amounts.get(holder)
        return amount_value(term_value(said[-1])) if said else None

    def kept(self, holder: str) -> set[str]:
        """The funding sources of a holder that count (named by more than blank mentions)."""
        unkept = self.unkept
        return {s for s in self.sources.get(holder, ()) if (holder, s) not in unkept}

    def card_sources(self, measure: str) -> set[str]:
        """The funding sources that count on a measure's card and its budget lines."""
        out = self.kept(measure)
        for line in self.lines.get(measure, ()):
            out |= self.kept(line)
        return out


_ENTRY_DETAILS = """
SELECT ?t ?table ?tid ?plan WHERE {{
  VALUES ?t {{ {entries} }}
  ?t a vz:TableEntry ; vz:identifier ?tid ; vz:inPlan/vz:identifier ?plan .
  OPTIONAL {{ ?t vz:table ?table }}
}}
"""


def _entry_details(graph: Graph, entries: Iterable[str]) -> dict[str, dict[str, str]]:
    """Table, identifier and plan of table rows; a row without identifier or plan is left
    out, as the check ignores it."""
    wanted = sorted(set(entries))
    out: dict[str, dict[str, str]] = {}
    if not wanted:
        return out
    query = _ENTRY_DETAILS.format(entries=" ".join(wanted))
    for t, table, tid, plan in _rows(select_columns(graph, query)):
        out.setdefault(
            t,
            {
                "table": term_value(table) if table else "",
                "id": term_value(tid),
                "plan": term_value(plan),
            },
        )
    return out


def _money(value: Decimal | None) -> str:
    return "none" if value is None else f"{value:,.0f} Kč".replace(",", " ")


def _card_table(graph: Graph, scope: _Scope, read: Mapping[str, Any]) -> list[AuditRow]:
    return [row for _, row in _card_findings(graph, read)]


def _card_findings(graph: Graph, read: Mapping[str, Any]) -> list[tuple[str, AuditRow]]:
    """The card/table findings, each with its table row (an N-Triples cell)."""
    suspects = _card_suspects(read)
    facts = _CardFacts.of(read, suspects)
    details = _entry_details(graph, suspects)
    _share_details(graph, facts, suspects, details)
    # (entry, measure, kind, message or (table sources, card sources), with card)
    findings: list[tuple[str, str | None, str, Any, bool]] = []
    for t in read["entries"]:
        why, e = suspects.get(t), details.get(t)
        if why is None or e is None:
            continue
        m = facts.measure(t)
        if m is None:
            message = f"table {e['table']} has a row for {e['id']}, which has no card"
            findings.append((t, None, "missing-row", message, False))
            continue
        if "amount" in why:
            disagreement = _amount_message(facts, details, t)
            if disagreement is not None:
                findings.append((t, m, "card-table-mismatch", disagreement, True))
        # a table may name fewer sources than the card (the allocation table names only the
        # operational programme); a source the card does not name is a disagreement
        if "sources" in why:
            ts, cs = facts.kept(t), facts.card_sources(m)
            if ts and cs and ts - cs:
                findings.append((t, m, "card-table-mismatch", (ts, cs), True))
    return _card_rows(graph, findings, details)


def _share_details(graph: Graph, facts: _CardFacts, suspects: dict, details: dict) -> None:
    """Add to ``details`` the table rows of measures sharing a budget line with a row whose
    amount is in doubt (:func:`_shared_sum` adds them up)."""
    wanted = set()
    for t, why in suspects.items():
        if "amount" in why and t in details:
            for m in facts.about[t]:
                for line in facts.lines.get(m, ()):
                    for sharer in facts.sharers(line):
                        wanted.update(facts.rows_of(sharer))
    details.update(_entry_details(graph, wanted - details.keys()))


def _amount_message(facts: _CardFacts, details: dict, t: str) -> str | None:
    """How a table row's amount disagrees with its card's; None when it agrees."""
    e = details[t]
    amount = facts.amount(t)
    lines = {b: facts.amount(b) for m in facts.about[t] for b in facts.lines.get(m, ())}
    amounts = [a for a in lines.values() if a is not None]
    if amount is None or amount in amounts:
        return None
    if any(
        _shared_sum(facts, details, b, e["table"]) == a for b, a in lines.items() if a is not None
    ):
        return None
    card_text = " + ".join(_money(a) for a in amounts) if amounts else "no amount"
    return f"amount of {e['id']}: card {card_text}, table {e['table']} {_money(amount)}"


def _shared_sum(facts: _CardFacts, details: dict, line: str, table: str) -> Decimal | None:
    """What the rows of ``table`` give the measures sharing ``line``, when each has one."""
    measures = facts.sharers(line)
    if len(measures) < 2:
        return None
    total = Decimal(0)
    for m in measures:
        amounts = [
            facts.amount(t)
            for t in facts.rows_of(m)
            if t in details and details[t]["table"] == table and t in facts.amounts
        ]
        if not amounts:
            return None
        for amount in amounts:
            if amount is None:
                return None
            total += amount
    return total


def _card_rows(graph: Graph, findings: list, details: dict) -> list[tuple[str, AuditRow]]:
    """The rows of the card/table findings, each with its table row: only their rows and
    measures are described."""
    nodes = _nodes({cell for t, m, *_ in findings for cell in (t, m) if cell is not None})
    entities = describe(graph, nodes.values())
    concepts = {s for *_, said, _ in findings if isinstance(said, tuple) for s in said[0] | said[1]}
    labels = _labels(graph, concepts)
    out = []
    for t, m, kind, said, with_card in findings:
        e = details[t]
        if isinstance(said, tuple):
            said = (
                f"funding of {e['id']}: card {_names(labels, said[1])}, "
                f"table {e['table']} {_names(labels, said[0])}"
            )
        related = (_line(entities[nodes[m]].source),) if with_card else ()
        source = entities[nodes[t]].source
        out.append((t, AuditRow(source, kind, "graph", e["plan"], e["id"], said, related)))
    return out


def _labels(graph: Graph, concepts: Iterable[str]) -> dict[str, str]:
    """Each concept's name (:func:`vazby.query.labels.labels_of`, else its IRI's last
    segment)."""
    nodes = _nodes(sorted(set(concepts)))
    names = labels_of(graph, nodes.values())
    return {cell: names.get(str(node)) or local_name(node) for cell, node in nodes.items()}


def _names(labels: dict[str, str], concepts: set[str]) -> str:
    return ", ".join(sorted(labels[c] for c in concepts))


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
  ?x vz:hasPart ?y . OPTIONAL {{ ?y a ?type FILTER(?type = vz:Measure) }}
  BIND(BOUND(?type) AS ?measure) }}
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
    """The (whole, part) pairs a plan's goals reach, and the parts that are measures."""
    wholes, parts, measure = columns
    return Pairs(wholes, parts), list(compress(parts, map(_TRUE.__contains__, measure)))


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
    "unkept": 9,
    "measures": 8,
    "sources": 7,
    "parts": 5,
    "goals": 5,
    "amounts": 4,
    "lines": 3,
    "about": 3,
    "entries": 2,
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


@without_gc
def audit(graph: Graph, plan: str | None = None) -> list[AuditRow]:
    """The loaders' diagnostics and the graph-level checks, without double listing.

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
        named: set = set()
        for row in loader:
            for line in (row.line, *row.related):
                named.add((row.file, row.kind, line))
        rows.extend(loader)
        for name in _JUDGED:
            for row in checks[name].judge(graph, scope, _Prefixed(answers, f"{name}/")):
                if not any(
                    (row.file, row.kind, line) in named for line in (row.line, *row.related)
                ):
                    rows.append(row)
    rows.sort(key=lambda r: (r.file, r.line, r.kind, r.origin, r.message))
    return rows
