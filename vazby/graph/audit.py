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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx
from rdflib import Graph

from .dependencies import DIRECTED_KINDS
from .entities import describe, plan_filter
from .measures import natural_key
from .store import select

__all__ = ["AuditRow", "audit", "CHECKS"]


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
        tail = self.source.rsplit(":", 1)[-1].split("-")[0]
        return int(tail) if tail.isdigit() else 0


_DIAGNOSTICS = """
SELECT ?d ?kind ?message ?doc ?line ?rel ?plan WHERE {{
  ?d a vz:Diagnostic ; vz:diagnosticKind ?kind .
  {plan}
  OPTIONAL {{ ?d vz:message ?message }}
  OPTIONAL {{ ?d vz:document/vz:fileName ?doc }}
  OPTIONAL {{ ?d vz:line ?line }}
  OPTIONAL {{ ?d vz:relatedLine ?rel }}
  OPTIONAL {{ ?d vz:inPlan/vz:identifier ?plan }}
}}
"""


def _loader_rows(graph: Graph, plan: str | None) -> list[AuditRow]:
    found: dict = {}
    related: dict = defaultdict(set)
    for row in select(graph, _DIAGNOSTICS.format(plan=plan_filter(plan, "?d"))):
        d = row["d"]
        line = int(row["line"]) if row["line"] is not None else 0
        found[d] = (
            f"{row['doc'] or ''}:{line}",
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


_DANGLING = """
SELECT ?l ?m ?target ?raw WHERE {{
  ?l vz:dangling true ; vz:linkSource ?m . {plan}
  OPTIONAL {{ ?l vz:targetText ?target }} OPTIONAL {{ ?l vz:rawText ?raw }}
}}
"""


def _dangling(graph: Graph, plan: str | None) -> list[AuditRow]:
    rows = select(graph, _DANGLING.format(plan=plan_filter(plan)))
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


_TABLE = """
SELECT ?t ?table ?tid ?tamount ?m ?b ?bamount ?plan WHERE {{
  ?t a vz:TableEntry ; vz:identifier ?tid ; vz:inPlan/vz:identifier ?plan .
  {plan}
  OPTIONAL {{ ?t vz:table ?table }}
  OPTIONAL {{ ?t vz:amountCZK ?tamount }}
  OPTIONAL {{ ?t vz:aboutMeasure ?m .
              OPTIONAL {{ ?m vz:fundedBy ?b . OPTIONAL {{ ?b vz:amountCZK ?bamount }} }} }}
}}
"""

_SHARERS = "SELECT ?b ?m WHERE {{ ?m vz:fundedBy ?b . {plan} }}"


def _money(value: Decimal | None) -> str:
    return "none" if value is None else f"{value:,.0f} Kč".replace(",", " ")


_TABLE_SOURCES = """
SELECT ?x ?s ?raw WHERE {{
  ?x a vz:TableEntry ; vz:fundingSource ?s . {plan}
  OPTIONAL {{ ?n vz:mentionIn ?x ; vz:mentionOf ?s ; vz:rawText ?raw }}
}}
"""

_CARD_SOURCES = """
SELECT ?x ?s ?raw WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{ ?t vz:aboutMeasure ?x . {plan} }} }}
  {{ ?x vz:fundingSource ?s . BIND(?x AS ?h) }}
  UNION {{ ?x vz:fundedBy ?h . ?h vz:fundingSource ?s }}
  OPTIONAL {{ ?n vz:mentionIn ?h ; vz:mentionOf ?s ; vz:rawText ?raw }}
}}
"""


def _source_sets(graph: Graph, query: str, plan: str | None) -> dict:
    """Funding sources per node, leaving out those named only by a blank ("-") mention."""
    from .queries import is_blank

    out: dict = defaultdict(set)
    for row in select(
        graph, query.format(plan=plan_filter(plan, "?t" if "?t " in query else "?x"))
    ):
        if row["raw"] is None or not is_blank(row["raw"]):
            out[row["x"]].add(row["s"])
    return out


def _card_table(graph: Graph, plan: str | None) -> list[AuditRow]:
    entries: dict = {}
    for r in select(graph, _TABLE.format(plan=plan_filter(plan, "?t"))):
        e = entries.setdefault(
            r["t"],
            {
                "table": str(r["table"] or ""),
                "id": str(r["tid"]),
                "plan": str(r["plan"]),
                "m": r["m"],
                "lines": {},
            },
        )
        e["amount"] = Decimal(r["tamount"]) if r["tamount"] is not None else None
        if r["b"] is not None:
            e["lines"][r["b"]] = Decimal(r["bamount"]) if r["bamount"] is not None else None
    sharers: dict = defaultdict(set)
    for r in select(graph, _SHARERS.format(plan=plan_filter(plan, "?b"))):
        sharers[r["b"]].add(r["m"])
    by_table: dict = defaultdict(lambda: defaultdict(list))
    for e in entries.values():
        if e["m"] is not None and e["amount"] is not None:
            by_table[e["table"]][e["m"]].append(e["amount"])
    card_sources = _source_sets(graph, _CARD_SOURCES, plan)
    table_sources = _source_sets(graph, _TABLE_SOURCES, plan)
    findings = []  # (entry, kind, message, with the card's line)
    for t, e in entries.items():
        if e["m"] is None:
            message = f"table {e['table']} has a row for {e['id']}, which has no card"
            findings.append((t, "missing-row", message, False))
            continue
        amounts = [a for a in e["lines"].values() if a is not None]
        if e["amount"] is not None and e["amount"] not in amounts:
            if not any(
                _shared_sum(b, sharers, by_table[e["table"]]) == a
                for b, a in e["lines"].items()
                if a is not None
            ):
                card_text = " + ".join(_money(a) for a in amounts) if amounts else "no amount"
                message = (
                    f"amount of {e['id']}: card {card_text}, "
                    f"table {e['table']} {_money(e['amount'])}"
                )
                findings.append((t, "card-table-mismatch", message, True))
        # a table may name fewer sources than the card (the allocation table names only the
        # operational programme); a source the card does not name is a disagreement
        ts, cs = table_sources.get(t, set()), card_sources.get(e["m"], set())
        if ts and cs and ts - cs:
            message = (
                f"funding of {e['id']}: card {_names(graph, cs)}, "
                f"table {e['table']} {_names(graph, ts)}"
            )
            findings.append((t, "card-table-mismatch", message, True))
    # only the entries with a finding are described, so the cost follows the answer
    entities = describe(
        graph,
        {t for t, *_ in findings}
        | {entries[t]["m"] for t, *_ in findings if entries[t]["m"] is not None},
    )
    out = []
    for t, kind, message, with_card in findings:
        e = entries[t]
        related = (_line(entities[e["m"]].source),) if with_card else ()
        out.append(
            AuditRow(entities[t].source, kind, "graph", e["plan"], e["id"], message, related)
        )
    return out


def _shared_sum(line, sharers: dict, table: dict) -> Decimal | None:
    measures = sharers.get(line, set())
    if len(measures) < 2 or any(m not in table for m in measures):
        return None
    return sum((sum(table[m]) for m in measures), Decimal(0))


def _names(graph: Graph, concepts: set) -> str:
    rows = select(
        graph,
        'SELECT ?c ?l WHERE { OPTIONAL { ?c skos:prefLabel ?l FILTER(lang(?l) = "cs") } '
        "OPTIONAL { ?c skos:prefLabel ?any } }",
        {"c": sorted(concepts)},
    )
    labels = {r["c"]: str(r["l"] or r["any"] or str(r["c"]).rsplit("/", 1)[-1]) for r in rows}
    return ", ".join(sorted(labels.values()))


def _line(source: str) -> int:
    tail = source.rsplit(":", 1)[-1].split("-")[0]
    return int(tail) if tail.isdigit() else 0


_NO_SOURCE = """
SELECT ?x WHERE {{ ?x a vz:Measure . {plan} FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?s }} }}
"""

_EMPTY_GOALS = """
SELECT ?x WHERE {{ ?x a vz:Goal . {plan}
  MINUS {{ ?m a vz:Measure . ?x vz:hasPart+ ?m }} MINUS {{ ?a vz:serves ?y . ?x vz:hasPart* ?y }} }}
"""

_DUPLICATES = """
SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?x a ?type ; prov:wasDerivedFrom ?s . {plan}
  FILTER(?type IN (vz:Measure, vz:Goal, vz:ThematicArea))
}} GROUP BY ?x HAVING (COUNT(DISTINCT ?s) > 1)
"""


def _simple(graph: Graph, plan: str | None) -> list[AuditRow]:
    out = []
    nodes = {
        "no-source": [
            r["x"] for r in select(graph, _NO_SOURCE.format(plan=plan_filter(plan, "?x")))
        ],
        "empty-goal": [
            r["x"] for r in select(graph, _EMPTY_GOALS.format(plan=plan_filter(plan, "?x")))
        ],
        "duplicate": [
            r["x"] for r in select(graph, _DUPLICATES.format(plan=plan_filter(plan, "?x")))
        ],
    }
    entities = describe(graph, {x for xs in nodes.values() for x in xs})
    messages = {
        "no-source": "measure {id} has no source span",
        "empty-goal": "{type} {id} has no measure or activity beneath it",
        "duplicate": "{type} {id} is read from more than one place",
    }
    for kind, xs in nodes.items():
        for x in xs:
            e = entities[x]
            out.append(
                AuditRow(
                    e.source,
                    kind,
                    "graph",
                    e.plan,
                    e.id,
                    messages[kind].format(id=e.id, type=e.type),
                    (),
                )
            )
    return out


_LINKS = """
SELECT ?from ?to ?kind WHERE {{ ?l vz:linkSource ?from ; vz:linkTarget ?to ; vz:linkKind ?kind .
  {plan} }}
"""


def _cycles(graph: Graph, plan: str | None) -> list[AuditRow]:
    directed = nx.DiGraph()
    for r in select(graph, _LINKS.format(plan=plan_filter(plan, "?from"))):
        if str(r["kind"]) in DIRECTED_KINDS:
            directed.add_edge(r["from"], r["to"])
    cycles = [sorted(c, key=str) for c in nx.strongly_connected_components(directed) if len(c) > 1]
    cycles += [[n] for n in directed.nodes if directed.has_edge(n, n)]
    entities = describe(graph, {n for c in cycles for n in c})
    out = []
    for cycle in cycles:
        members = sorted((entities[n] for n in cycle), key=lambda e: natural_key(e.id))
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


#: Graph-level checks, each function(graph, plan) → rows.
CHECKS = {
    "dangling-link": _dangling,
    "card-table": _card_table,
    "simple": _simple,
    "cycle": _cycles,
}


def audit(graph: Graph, plan: str | None = None) -> list[AuditRow]:
    """The loaders' diagnostics and the graph-level checks, without double listing.

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
    if plan is not None:
        from .queries import check_plan

        check_plan(graph, plan)
    loader = _loader_rows(graph, plan)
    named: set = set()
    for row in loader:
        for line in (row.line, *row.related):
            named.add((row.file, row.kind, line))
    rows = list(loader)
    for check in CHECKS.values():
        for row in check(graph, plan):
            if not any((row.file, row.kind, line) in named for line in (row.line, *row.related)):
                rows.append(row)
    rows.sort(key=lambda r: (r.file, r.line, r.kind, r.origin, r.message))
    return rows
