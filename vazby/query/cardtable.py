"""Whether each measure's card agrees with the summary tables of its plan: the one rule.

The tables are the rows a loader read (``vz:TableEntry``: a table such as ``financing`` or
``allocation``, the measure number, its amount, funding sources and title); the cards are
the measures with their budget lines and funding sources. Everything is read from the graph
as it is, so a graph edited by hand is judged as edited. The same rule, but for titles, is
the named SPARQL question ``card-table-disagreements``. Findings, per table of a plan:

* ``duplicate``: a second row for the same measure;
* ``missing-row``: a row whose measure has no card; a card without a row in the financing
  table; a card without a row in the allocation table when the card has an amount of its
  own (not a reference to another measure's cost) and a funding source one of that table's
  rows names;
* ``card-table-mismatch``, at the row with the card's line in ``related``:

  - *amount*: the row's amount is none of the card's budget lines', unless a line shared by
    several measures is what the rows of all its measures in that table add up to. A row
    citing another measure's cost ("Viz 1.1.1.1") agrees with a card citing the same one or
    funded by the same line; a row with no amount agrees with a card with none;
  - *funding*: funding sources are compared as concepts, leaving out those named only by a
    blank mention ("-"); a card naming none has its budget lines' sources. The financing
    table repeats a card's sources, so the two must name the same; the allocation table
    names only the operational programme, so a source the card does not name is a
    disagreement;
  - *title*: a row and card sharing fewer than half of the shorter title's words (the
    number may point at another measure).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..lang import fold
from ..rdf.store import (
    VALUES_AT_ONCE,
    in_chunks,
    is_iri,
    kept_rows,
    named_columns,
    reading,
    term_value,
)
from .entities import line_number, plan_filter
from .measures import mention_order
from .orphans import amount_value, blank_sources

__all__ = ["Finding", "KINDS", "card_reads", "card_table", "disagreement_rows", "judge"]

#: The kinds of finding the rule makes.
KINDS = ("card-table-mismatch", "missing-row", "duplicate")


@dataclass(frozen=True, slots=True)
class Finding:
    """One disagreement: the plan, the measure number and table it is about, where it is
    (file, first line, and the locator as printed) and the card's lines in ``related``."""

    plan: str
    id: str
    table: str
    kind: str
    #: What disagrees: ``amount``, ``funding``, ``title``, ``duplicate``, ``no card`` (a row
    #: about no card) or ``no row`` (a card without a row).
    what: str
    message: str
    file: str
    line: int
    locator: str
    related: tuple[int, ...] = ()
    #: The node the finding is at (the row, or the card): its IRI, or a blank node's id.
    at: str = ""


# -- reading -----------------------------------------------------------------------------------

#: Where a node was read: the first line, the file and the locator of its source span.
_SPAN = """OPTIONAL {{ {node} prov:wasDerivedFrom ?span . ?span vz:firstLine ?line
    OPTIONAL {{ ?span vz:document/vz:fileName ?file }}
    OPTIONAL {{ ?span vz:locator ?locator }} }}"""

#: Only the cards of plans with a summary table; the other reads take whole predicates.
_WITH_TABLES = "{{ SELECT DISTINCT ?p WHERE {{ ?tableRow a vz:TableEntry ; vz:inPlan ?p }} }}"

_ROWS = """
SELECT ?t ?table ?id ?plan ?m ?amount ?ref ?cost ?title ?line ?file ?locator WHERE {{
  ?t a vz:TableEntry ; vz:identifier ?id ; vz:inPlan ?p . ?p vz:identifier ?plan . {plan}
  OPTIONAL {{ ?t vz:table ?table }}
  OPTIONAL {{ ?t vz:aboutMeasure ?m . ?m a vz:Measure }}
  OPTIONAL {{ ?t vz:amountCZK ?amount }}
  OPTIONAL {{ ?t vz:costReference ?ref }}
  OPTIONAL {{ ?t vz:costText ?cost }}
  OPTIONAL {{ ?t rdfs:label ?title }}
  {span}
}}
"""

_MEASURES = """
SELECT ?m ?id ?plan ?cost ?title ?line ?file ?locator WHERE {{
  ?m a vz:Measure ; vz:identifier ?id ; vz:inPlan ?p . ?p vz:identifier ?plan . {plan}
  {tables}
  OPTIONAL {{ ?m vz:costText ?cost }}
  OPTIONAL {{ ?m rdfs:label ?title }}
  {span}
}}
"""

_LINES = """
SELECT ?m ?b ?amount ?line WHERE {{
  ?m vz:fundedBy ?b . {plan}
  OPTIONAL {{ ?b vz:amountCZK ?amount }}
  OPTIONAL {{ ?b prov:wasDerivedFrom/vz:firstLine ?line }}
}}
"""

_SOURCES = """
SELECT ?h ?s WHERE {{ ?h vz:fundingSource ?s . {plan} }}
"""

#: The funding sources a few holders name, as written, for the findings' messages: read
#: for the holders of funding disagreements only (a corpus has a mention per source named).
_MENTIONS = """
SELECT ?h ?n ?raw ?line WHERE {
  ?n vz:mentionRole "funding-source" ; vz:mentionIn ?h ; vz:rawText ?raw .
  OPTIONAL { ?n prov:wasDerivedFrom/vz:firstLine ?line }
}
"""

#: Cards citing another measure's cost ("Viz opatření 1.1.1.1"): a link of kind ``cost``.
_COST_LINKS = """
SELECT ?m ?target ?line WHERE {{
  ?l vz:linkSource ?m ; vz:linkKind ?kind . {plan}
  FILTER(STR(?kind) = "cost")
  OPTIONAL {{ ?l vz:targetText ?target }}
  OPTIONAL {{ ?l prov:wasDerivedFrom/vz:firstLine ?line }}
}}
"""


def _answer(
    graph: Graph, query: str, bindings: Mapping[str, Sequence[Node]] | None = None
) -> dict[str, list[str | None]]:
    """The columns of ``query`` by variable name, each cell a plain string (an IRI without
    its brackets, a literal's lexical form) or None: this rule only reads text, and an
    rdflib term for each of a corpus's mentions costs more than the rule itself."""
    cells: dict[str, str | None] = {"": None}
    out = {}
    for name, column in named_columns(graph, query, bindings).items():
        for cell in set(column).difference(cells):  # each distinct cell read once
            cells[cell] = _text(cell)
        out[name] = list(map(cells.__getitem__, column))
    return out


Answer = Mapping[str, list]


def _text(cell: str) -> str:
    """A cell as the store writes it (``<iri>``, ``"text"``) as plain text."""
    return cell[1:-1] if cell[0] == "<" else str(term_value(cell))


def _line(value: object) -> int:
    """A line number as stored (:func:`~vazby.query.entities.line_number`); 0 for none."""
    return line_number(value) or 0


@dataclass(slots=True)
class _Node:
    """A table row or a card, as the rule reads it."""

    node: str
    id: str
    plan: str
    file: str = ""
    line: int = 0
    locator: str = ""
    title: str | None = None
    cost: str | None = None
    table: str = ""
    measure: str | None = None
    amount: Decimal | None = None
    reference: str | None = None

    @property
    def where(self) -> str:
        return self.locator or f"{self.file}:{self.line}"


def _nodes(answer: Answer, key: str) -> dict[str, _Node]:
    """One :class:`_Node` per ``key`` of the answer's rows, the earliest span's place."""
    out: dict[str, _Node] = {}
    unbound = [None] * len(answer[key])
    columns = [
        answer.get(name, unbound)
        for name in (key, "id", "plan", "line", "file", "locator", "title", "cost")
        + ("table", "m", "amount", "ref")
    ]
    for node, ident, plan, at, file, locator, title, cost, table, m, amount, ref in zip(
        *columns, strict=True
    ):
        n = out.get(node)
        if n is None:
            n = out[node] = _Node(node, str(ident), str(plan))
        line = _line(at)
        if line and (not n.line or line < n.line):
            n.line, n.file, n.locator = line, str(file or ""), str(locator or "")
        n.title = n.title or title
        n.cost = n.cost or cost
        if table is not None:
            n.table = table
        if m is not None and n.measure is None:
            n.measure = m
        if amount is not None and n.amount is None:
            n.amount = amount_value(amount)
        if ref is not None:
            n.reference = ref
    return out


@dataclass
class _Facts:
    """What the rule reads of the plans with summary tables."""

    rows: dict[str, _Node]
    cards: dict[str, _Node]
    lines: dict[str, set[str]]  # measure → its budget lines
    sharers: dict[str, set[str]]  # budget line → its measures
    line_amount: dict[str, Decimal | None]
    line_place: dict[str, int]
    sources: dict[str, set[str]]  # holder → funding sources that count
    cost_refs: dict[str, tuple[str, int]]  # card → (the measure cited, line)
    rows_of: dict[tuple[str, str], list[_Node]] = field(default_factory=dict)
    #: Each plan's cards in reading order, and each card by plan and number.
    cards_of: dict[str, list[_Node]] = field(default_factory=dict)
    numbered: dict[tuple[str, str], _Node] = field(default_factory=dict)

    @classmethod
    def of(cls, got: Mapping[str, Any]) -> _Facts:
        """The facts of the answers of :func:`card_reads`."""
        rows = _nodes(got["rows"], "t")
        cards = _nodes(got["cards"], "m")
        lines: dict[str, set[str]] = defaultdict(set)
        sharers: dict[str, set[str]] = defaultdict(set)
        line_amount: dict[str, Decimal | None] = {}
        line_place: dict[str, int] = {}
        got_lines = got["lines"]
        for m, b, amount, line in zip(
            *(got_lines[k] for k in ("m", "b", "amount", "line")), strict=True
        ):
            lines[m].add(b)
            sharers[b].add(m)
            if amount is not None or b not in line_amount:
                line_amount[b] = amount_value(amount) if amount is not None else None
            if line is not None:
                line_place[b] = _line(line)
        named: dict[str, set[str]] = defaultdict(set)
        for holder, source in zip(got["sources"]["h"], got["sources"]["s"], strict=True):
            named[holder].add(source)
        blank = {(_text(h), _text(s)) for h, s in got["blank"]}
        blanked = {h for h, _ in blank}
        sources = {
            h: {s for s in ss if (h, s) not in blank} if h in blanked else ss
            for h, ss in named.items()
        }
        for card in cards:  # a card naming no source is funded from its budget lines'
            if card not in named:
                sources[card] = set().union(*(sources.get(b, set()) for b in lines.get(card, ())))
        cost = got["cost"]
        cost_refs = {
            m: (target or "", _line(line))
            for m, target, line in zip(cost["m"], cost["target"], cost["line"], strict=True)
        }
        facts = cls(
            rows,
            cards,
            lines,
            sharers,
            line_amount,
            line_place,
            sources,
            cost_refs,
        )
        for row in sorted(rows.values(), key=lambda r: (r.line, r.node)):
            if row.measure is not None:
                facts.rows_of.setdefault((row.measure, row.table), []).append(row)
        for read in sorted(cards.values(), key=lambda c: (c.line, c.node)):
            facts.cards_of.setdefault(read.plan, []).append(read)
            facts.numbered.setdefault((read.plan, read.id), read)
        return facts

    def card_of(self, row: _Node) -> _Node | None:
        return self.cards.get(row.measure) if row.measure is not None else None

    def by_id(self, plan: str, ident: str) -> _Node | None:
        return self.numbered.get((plan, ident))


# -- judging -----------------------------------------------------------------------------------


@kept_rows
def card_table(graph: Graph, plan: str | None = None) -> list[Finding]:
    """Every disagreement between the cards and the summary tables (of one plan, or all).

    Returns
    -------
    list of Finding
        Sorted by file, line, kind and message.
    """
    with reading(graph, card_reads(graph, plan)) as got:  # judged as the answers come
        return judge(graph, got)


def card_reads(graph: Graph, plan: str | None) -> dict[str, Callable[[], Any]]:
    """The reads the rule judges (of one plan, or all), the longest first: to run side by
    side (:func:`vazby.rdf.store.reading`), with other questions' reads or alone."""

    def ask(query: str, variable: str) -> Callable[[], Answer]:
        text = query.format(
            plan=plan_filter(plan, variable),
            tables=_WITH_TABLES.format(),
            span=_SPAN.format(node=variable),
        )
        return lambda: _answer(graph, text)

    return {
        "rows": ask(_ROWS, "?t"),
        "cards": ask(_MEASURES, "?m"),
        "lines": ask(_LINES, "?m"),
        "sources": ask(_SOURCES, "?h"),
        "cost": ask(_COST_LINKS, "?m"),
        "blank": lambda: blank_sources(graph),
    }


def judge(graph: Graph, got: Mapping[str, Any]) -> list[Finding]:
    """The findings of the answers of :func:`card_reads` (the funding sources of funding
    disagreements are read as written from ``graph``), sorted as :func:`card_table`'s."""
    facts = _Facts.of(got)
    found: list[Finding] = []
    gaps: list[tuple[_Node, _Node]] = []  # (row, card) naming other funding sources
    tables: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for row in sorted(facts.rows.values(), key=lambda r: (r.line, r.node)):
        tables[(row.plan, row.table)].append(row)
    for (plan_id, table), rows in tables.items():
        found += _judge_table(facts, plan_id, table, rows, gaps)
    holders = {
        n for row, card in gaps for n in (row.node, card.node, *facts.lines.get(card.node, ()))
    }
    said = _mentions(graph, holders)
    found += [_funding(facts, said, row, card) for row, card in gaps]
    found.sort(key=lambda f: (f.file, f.line, f.kind, f.message))
    return found


def disagreement_rows(graph: Graph, plan: str | None = None) -> list[dict[str, Any]]:
    """The findings as the named query ``card-table-disagreements`` gives them: plain rows
    (:func:`vazby.rdf.store.select`) of its columns, in its order. Like the query, titles
    are not compared and a node read from no line has no row."""
    found = sorted(
        (f for f in card_table(graph, plan) if f.what != "title" and f.line),
        key=lambda f: (f.plan, f.file, f.line, f.kind, f.what),
    )
    rows = []
    for f in found:
        rows.append(
            {
                "plan": f.plan,
                "id": f.id,
                "table": f.table,
                "kind": f.kind,
                "what": f.what,
                "file": f.file or None,
                "line": str(f.line),
                # a place is named by the span's locator, else by its file and line
                "locator": None if not f.file and f.locator == f":{f.line}" else f.locator,
                "at": URIRef(f.at) if is_iri(f.at) else BNode(f.at),
            }
        )
    return rows


#: Holder → its funding-source mentions as (order, raw text, line), in reading order
#: (:func:`~vazby.query.measures.mention_order`).
Said = Mapping[str, list[tuple[str, str, int]]]


def _mentions(graph: Graph, holders: set[str]) -> Said:
    """The funding-source mentions of ``holders``, bound by VALUES (a blank node, which a
    query cannot bind, has its mentions read with everyone's)."""
    said: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    if all(map(is_iri, holders)):  # a blank node's label is no IRI
        answers = [
            _answer(graph, _MENTIONS, {"h": [URIRef(h) for h in some]})
            for some in in_chunks(sorted(holders), VALUES_AT_ONCE)
        ]
    else:
        answers = [_answer(graph, _MENTIONS)]
    for answer in answers:
        for h, n, raw, line in zip(*(answer[k] for k in ("h", "n", "raw", "line")), strict=True):
            if h in holders:
                said[h].add((mention_order(str(n)), str(raw), _line(line)))
    return {h: sorted(v) for h, v in said.items()}


def _finding(
    at: _Node, row: _Node, kind: str, what: str, message: str, related: Iterable[int] = ()
) -> Finding:
    return Finding(
        row.plan,
        at.id,
        row.table,
        kind,
        what,
        message,
        at.file,
        at.line,
        at.where,
        tuple(related),
        at.node,
    )


def _judge_table(
    facts: _Facts, plan: str, table: str, rows: list[_Node], gaps: list[tuple[_Node, _Node]]
) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, _Node] = {}
    for row in rows:
        if row.id in seen:
            message = f"{table} table: measure {row.id} has two rows"
            out.append(_finding(row, row, "duplicate", "duplicate", message, (seen[row.id].line,)))
            continue
        seen[row.id] = row
        card = facts.card_of(row)
        if card is None:
            message = f"{table} table: row {row.id} has no measure card"
            out.append(_finding(row, row, "missing-row", "no card", message))
            continue
        out += _compare(facts, row, card, gaps)
    out += _cards_without_rows(facts, plan, table, rows, seen)
    return out


def _compare(
    facts: _Facts, row: _Node, card: _Node, gaps: list[tuple[_Node, _Node]]
) -> list[Finding]:
    """How one row disagrees with its card: amount and title; funding sources go to
    ``gaps``, told once the sources' mentions are read (:func:`_funding`)."""
    out = []
    kind, table = "card-table-mismatch", row.table
    if not _amount_agrees(facts, row, card):
        said = _cost(facts, card)
        message = f"measure {card.id}: card cost {said!r}, {table} table {_cost(facts, row)!r}"
        out.append(_finding(row, row, kind, "amount", message, (_cost_line(facts, card),)))
    card_sources, row_sources = (
        facts.sources.get(card.node, set()),
        facts.sources.get(row.node, set()),
    )
    # the financing table repeats every source of the card; the allocation table names
    # only the operational programme, which must be one of the card's
    agree = card_sources == row_sources if table == "financing" else row_sources <= card_sources
    if not agree:
        gaps.append((row, card))
    if row.title and card.title and _shared_words(row.title, card.title) < 0.5:
        message = (
            f"measure {card.id}: card title {card.title!r}, {table} table {row.title!r}: "
            "the number may point at another measure"
        )
        out.append(_finding(row, row, kind, "title", message, (card.line,)))
    return out


def _amount_agrees(facts: _Facts, row: _Node, card: _Node) -> bool:
    lines = facts.lines.get(card.node, set())
    amounts = {b: facts.line_amount.get(b) for b in lines}
    if row.amount is not None:
        if row.amount in amounts.values():
            return True
        return any(
            a is not None and _shared_sum(facts, b, row.table) == a for b, a in amounts.items()
        )
    if row.reference is not None:
        cited = facts.by_id(row.plan, row.reference)
        if facts.cost_refs.get(card.node, ("",))[0] == row.reference:
            return True
        return cited is not None and bool(lines & facts.lines.get(cited.node, set()))
    return card.node not in facts.cost_refs and all(a is None for a in amounts.values())


def _shared_sum(facts: _Facts, line: str, table: str) -> Decimal | None:
    """What the rows of ``table`` give the measures sharing ``line``, when each has one."""
    measures = facts.sharers.get(line, set())
    if len(measures) < 2:
        return None
    total = Decimal(0)
    for m in measures:
        rows = facts.rows_of.get((m, table), [])
        amounts = [r.amount for r in rows if r.amount is not None]
        if not rows or len(amounts) < len(rows):
            return None
        total += sum(amounts, Decimal(0))
    return total


def _cost(facts: _Facts, node: _Node) -> str:
    """A card's or row's cost as written, else its amounts in CZK, else "-"."""
    if node.cost:
        return node.cost
    amounts = [node.amount] if node.amount is not None else []
    amounts += sorted(
        a for b in facts.lines.get(node.node, ()) if (a := facts.line_amount.get(b)) is not None
    )
    if amounts:
        return " + ".join(f"{a:,.0f} Kč".replace(",", " ") for a in amounts)
    return f"Viz {node.reference}" if node.reference else "-"


def _cost_line(facts: _Facts, card: _Node) -> int:
    """The line of a card's cost: its reference, else its own budget line, else the card."""
    if card.node in facts.cost_refs and facts.cost_refs[card.node][1]:
        return facts.cost_refs[card.node][1]
    for b in sorted(facts.lines.get(card.node, ())):
        if facts.sharers.get(b) and facts.line_place.get(b):
            return facts.line_place[b]
    return card.line


def _funding(facts: _Facts, said: Said, row: _Node, card: _Node) -> Finding:
    """A row naming other funding sources than its card, at the row, with the line of the
    card's first funding mention."""
    message = (
        f"measure {card.id}: card funding {_said(facts, said, card.node)!r}, "
        f"{row.table} table {_said(facts, said, row.node)!r}"
    )
    mentions = said.get(card.node)
    line = mentions[0][2] if mentions else card.line
    return _finding(row, row, "card-table-mismatch", "funding", message, (line,))


def _said(facts: _Facts, said: Said, holder: str) -> str:
    """The funding sources a card (else its budget lines) or a row names, as written."""
    told = said.get(holder) or [
        m for b in sorted(facts.lines.get(holder, ())) for m in said.get(b, ())
    ]
    return ", ".join(raw for _, raw, _ in told) or "-"


def _cards_without_rows(
    facts: _Facts, plan: str, table: str, rows: list[_Node], seen: dict[str, _Node]
) -> list[Finding]:
    """Cards of the plan with no row in the table; in the allocation table only cards with
    an amount of their own and a funding source the table names."""
    named = set().union(*(facts.sources.get(r.node, set()) for r in rows))
    first = rows[0].line
    out = []
    for card in facts.cards_of.get(plan, ()):
        if card.id in seen:
            continue
        if table != "financing":
            own = card.node not in facts.cost_refs and any(
                facts.line_amount.get(b) is not None for b in facts.lines.get(card.node, ())
            )
            if not own or not facts.sources.get(card.node, set()) & named:
                continue
        message = f"measure {card.id} has no row in the {table} table"
        out.append(_finding(card, rows[0], "missing-row", "no row", message, (first,)))
    return out


def _shared_words(a: str, b: str) -> float:
    """The share of the shorter title's words (their first five letters) the other has."""
    if a == b:  # most rows repeat their card's title
        return 1.0
    wa = {w[:5] for w in fold(a, tidy=True).split() if len(w) > 2}
    wb = {w[:5] for w in fold(b, tidy=True).split() if len(w) > 2}
    if not wa or not wb:
        return 1.0
    return len(wa & wb) / min(len(wa), len(wb))
