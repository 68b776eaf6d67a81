"""Funding of a plan by source and by thematic area, each budget line counted once.

A budget line is one node however many measures share it, so its amount is added once. A
line paid from several sources ("OPZ+, rozpočet města") cannot be split between them: it is
counted under the sources together. A line funding measures of several areas is counted
under those areas together. Measures that name a funding source but have no budget line
are counted as measures without an amount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph

from ..errors import VazbyError
from ..rdf.store import run_query
from .labels import labels_of
from .measures import natural_key
from .queries import check_plan

__all__ = ["FUNDING_BY", "FundingRow", "BudgetLineFacts", "funding", "funding_rows"]

FUNDING_BY = ("source", "area")


@dataclass(frozen=True, slots=True)
class FundingRow:
    """The budget lines of one plan under one key (a source, an area, or several together);
    ``total_czk`` adds each line once."""

    plan: str
    key: str
    lines: int
    measures: int
    total_czk: Decimal


@dataclass(frozen=True, slots=True)
class BudgetLineFacts:
    """One budget line as the funding question reads it."""

    plan: str
    line: str
    amount: Decimal | None
    sources: tuple[str, ...]
    areas: tuple[str, ...]
    measures: tuple[str, ...]


_LINES = """
SELECT ?line ?plan ?amount WHERE {
  ?line a vz:BudgetLine ; vz:inPlan/vz:identifier ?plan .
  OPTIONAL { ?line vz:amountCZK ?amount }
}
"""
_SOURCES = "SELECT ?line ?c WHERE { ?line a vz:BudgetLine ; vz:fundingSource ?c }"
_MEASURES = """
SELECT ?line ?m ?id ?area WHERE {
  ?m vz:fundedBy ?line ; vz:identifier ?id .
  OPTIONAL { ?m vz:inArea/vz:identifier ?area }
}
"""


def _facts(graph: Graph, plan: str | None) -> list[BudgetLineFacts]:
    lines: dict[str, dict] = {}
    for row in run_query(graph, _LINES):
        if plan is not None and str(row["plan"]) != plan:
            continue
        amount = Decimal(str(row["amount"])) if row["amount"] is not None else None
        lines.setdefault(str(row["line"]), {"plan": str(row["plan"]), "amount": amount})
    sources: dict[str, set] = defaultdict(set)
    concepts = []
    for row in run_query(graph, _SOURCES):
        if str(row["line"]) in lines:
            sources[str(row["line"])].add(row["c"])
            concepts.append(row["c"])
    names = labels_of(graph, concepts, shortest=True)
    measures: dict[str, set[str]] = defaultdict(set)
    areas: dict[str, set[str]] = defaultdict(set)
    for row in run_query(graph, _MEASURES):
        line = str(row["line"])
        if line in lines:
            measures[line].add(str(row["id"]))
            if row["area"] is not None:
                areas[line].add(str(row["area"]))
    return [
        BudgetLineFacts(
            plan=facts["plan"],
            line=line,
            amount=facts["amount"],
            sources=tuple(sorted(names.get(str(c), str(c)) for c in sources[line])),
            areas=tuple(sorted(areas[line], key=natural_key)),
            measures=tuple(sorted(measures[line], key=natural_key)),
        )
        for line, facts in sorted(lines.items())
    ]


def funding_rows(lines: list[BudgetLineFacts], by: str = "source") -> list[FundingRow]:
    """Budget lines summed per plan and key: the pure half of :func:`funding`.

    Examples
    --------
    >>> a = BudgetLineFacts("lhota", "l1", Decimal(100), ("OPZ+",), ("1",), ("1.1.1",))
    >>> b = BudgetLineFacts("lhota", "l2", Decimal(50), ("OPZ+", "město"), ("1", "2"),
    ...                     ("1.2.1", "2.1.1"))
    >>> [(r.key, r.lines, r.total_czk) for r in funding_rows([a, b], "source")]
    [('OPZ+', 1, Decimal('100')), ('OPZ+ + město', 1, Decimal('50'))]
    >>> [(r.key, r.measures) for r in funding_rows([a, b], "area")]
    [('1', 1), ('1 + 2', 2)]
    """
    if by not in FUNDING_BY:
        raise VazbyError(f"unknown funding breakdown {by!r}; choose one of {', '.join(FUNDING_BY)}")
    groups: dict[tuple[str, str], list[BudgetLineFacts]] = defaultdict(list)
    for line in lines:
        keys = line.sources if by == "source" else line.areas
        groups[(line.plan, " + ".join(keys) if keys else "—")].append(line)
    rows = [
        FundingRow(
            plan=plan,
            key=key,
            lines=len(members),
            measures=len({m for line in members for m in line.measures}),
            total_czk=sum((line.amount or Decimal(0) for line in members), Decimal(0)),
        )
        for (plan, key), members in groups.items()
    ]
    rows.sort(key=lambda r: (r.plan, natural_key(r.key)))
    return rows


def funding(graph: Graph, by: str = "source", plan: str | None = None) -> list[FundingRow]:
    """Budget lines and their amounts per plan and funding source (or thematic area).

    Parameters
    ----------
    graph : rdflib.Graph
    by : {"source", "area"}
    plan : str, optional
        Only this plan's budget lines.

    Returns
    -------
    list of FundingRow
        Sorted by plan and key.

    Raises
    ------
    UnknownEntity
        ``plan`` is not in the graph.
    """
    check_plan(graph, plan)
    return funding_rows(_facts(graph, plan), by)
