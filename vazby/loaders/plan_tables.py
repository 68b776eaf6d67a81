"""Summary tables of the action-plan layout, read into rows.

Two tables are read, recognised by their header row, not by their caption or position:

* **financing** (``"financing"``): ``Opatření<TAB>Sociální služba … / aktivita<TAB>Předpokládané
  náklady (období)<TAB>Zdroje financování``, one row per measure, "1.1.1.1 Title" in the first
  cell.
* **allocation** (``"allocation"``): a header with "Alokace" and "Operační program", one row
  per measure funded from a call, e.g. ``<TAB><TAB>1.3.1.2<TAB>50 mil.<TAB>IROP<TAB>4<TAB>4.2``.

Rows are located by pattern, not by column index: converters shift cells left or right, so
the measure is the cell with the deepest dotted number, the amount the first money cell after
it, the programme or sources the first text cell after the amount. Section rows ("1 Bydlení"),
separator rows ("---"), blank rows and footnotes ("*100 mil. Kč u opatření …") are skipped.
An amount in brackets, "(100 mil.)", is outside the allocation: it is read, kept out of the
totals, and noted on the row. Total rows ("OPZ+ (KPSV+) celkem: … 222,9 mil. Kč") are checked
against the sum of the rows of that programme (of all rows when the label names no programme
of the table), bracketed parts against the bracketed rows; a disagreement is a ``total``
diagnostic with both figures. A row the reader cannot understand is ``unplaced``.

Whether the rows agree with the measure cards is not decided here: the rows are kept in the
graph (``vz:TableEntry``) and :mod:`vazby.query.cardtable` judges them there, so that a graph
edited by hand is judged as edited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..lang import fold
from .cards import is_separator, split_sources
from .records import Amount, Diagnostic, Document, Mention, TableRow
from .report_tables import split_row
from .text import DASHES, clean_cell, parse_czk

__all__ = ["TableBlock", "find_tables", "read_table"]

_ID = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?(?:\s+(.*))?$")
_MONEY = re.compile(r"\d.*\b(?:mil|mld|tis|Kč|korun)|\bviz\b", re.IGNORECASE)


@dataclass(slots=True)
class TableBlock:
    """A located table: its kind, header line and the lines of its body (1-based)."""

    kind: str
    header: int
    roles: list[str | None]
    lines: list[int] = field(default_factory=list)


def _role(cell: str) -> str | None:
    f = fold(clean_cell(cell), tidy=True)
    if not f:
        return None
    for needle, role in (
        ("alokac", "amount"),
        ("naklad", "amount"),
        ("zdroj", "sources"),
        ("operacni program", "programme"),
    ):
        if needle in f:
            return role
    if f.startswith("specificky cil op") or f.startswith("priorita"):
        return None
    for prefix, role in (("tematick", "area"), ("specificky cil", "goal"), ("opatren", "measure")):
        if f.startswith(prefix):
            return role
    if "sluzb" in f or "aktivit" in f:
        return "service"
    return None


def _header_kind(cells: tuple[str, ...] | None) -> str | None:
    if cells is None:
        return None
    roles = [_role(c) for c in cells]
    if "measure" in roles and "amount" in roles:
        if "programme" in roles:
            return "allocation"
        if "sources" in roles:
            return "financing"
    return None


def find_tables(document: Document, ends_table: Callable[[int, str], bool]) -> list[TableBlock]:
    """Locate the financing and allocation tables by their header rows.

    A table's body runs to a "Zdroj:" caption, a "Tabulka N" caption, or a line for which
    ``ends_table(line_number, text)`` is true (a chapter heading).
    """
    blocks: list[TableBlock] = []
    lines = document.lines
    i = 0
    while i < len(lines):
        header = document.cells(i + 1)
        kind = _header_kind(header)
        if not kind or header is None:
            i += 1
            continue
        block = TableBlock(kind, i + 1, [_role(c) for c in header])
        i += 1
        while i < len(lines):
            text = lines[i]
            cells = document.cells(i + 1)
            f = fold(text, tidy=True)
            if f.startswith(("zdroj:", "tabulka ")) or _header_kind(cells):
                break
            if cells is None and ends_table(i + 1, text):
                break
            block.lines.append(i + 1)
            i += 1
        blocks.append(block)
    return blocks


def _amount(cell: str) -> tuple[Amount, str | None]:
    """Parse a money cell; an amount wholly in brackets is outside the allocation."""
    m = re.fullmatch(r"\((.*)\)", cell.strip())
    if m and re.search(r"\d", m.group(1)):
        inner = parse_czk(m.group(1))
        amount = Amount(raw=cell, czk=inner.czk, approximate=inner.approximate, period=inner.period)
        return amount, "amount in brackets: outside the allocation"
    return parse_czk(cell), None


def _is_money(cell: str) -> bool:
    return bool(_MONEY.search(cell)) or cell.strip() in tuple(DASHES)


@dataclass(slots=True)
class _Total:
    line: int
    label: str
    stated: Amount
    bracketed: Decimal | None


def _read_row(
    document: Document, block: TableBlock, number: int, plan: str
) -> TableRow | _Total | Diagnostic | None:
    cells = split_row(document, number)
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if not filled or all(is_separator(c) for _, c in filled):
        return None
    first = filled[0][1]
    if first.startswith("*") or re.match(r"^\d{1,2}\s+\D", first) and len(filled) == 1:
        return None  # footnote or section row ("1 Bydlení")
    if len(filled) == 1 and not _ID.match(first):
        return None  # a section row without a number ("Zdraví")
    if "celkem" in fold(first, tidy=True):
        money = next((c for _, c in filled[1:] if _is_money(c)), "")
        bracket = re.search(r"\(\+?\s*([^()]*\d[^()]*)\)", money)
        extra = parse_czk(bracket.group(1) + " Kč").czk if bracket else None
        return _Total(number, first.split("celkem")[0].strip(" :"), parse_czk(money), extra)
    ids = [(i, m) for i, c in filled if (m := _ID.match(c))]
    if not ids:
        return Diagnostic(
            document.name, number, "unplaced", f"{block.kind} table: row names no measure"
        )
    depth = max(m.group(1).count(".") for _, m in ids)
    at, match = next((i, m) for i, m in ids if m.group(1).count(".") == depth)
    header_at = block.roles.index("measure")
    values: dict[str, str] = {}
    if at == header_at and len(cells) <= len(block.roles) + 1:
        for role, cell in zip(block.roles, cells, strict=False):
            if role and role != "measure":
                values[role] = cell
    else:  # shifted row: find the cells by what they look like
        after = [c for i, c in filled if i > at]
        money_at = next((k for k, c in enumerate(after) if _is_money(c)), None)
        if money_at is not None:
            values["amount"] = after[money_at]
            text = [c for c in after[money_at + 1 :] if re.search(r"[^\W\d_]", c)]
            if text:
                values["programme" if "programme" in block.roles else "sources"] = text[0]
            if money_at > 0:
                values["service"] = after[0]
    amount, note = _amount(values["amount"]) if "amount" in values else (None, None)
    span = document.span(number)
    sources_text = values.get("sources") or values.get("programme") or ""
    return TableRow(
        plan=plan,
        table=block.kind,
        measure=match.group(1),
        source=span,
        title=(match.group(2) or None),
        amount=amount,
        funding_sources=tuple(Mention(s, span) for s in split_sources(sources_text)),
        service_type=values.get("service") or None,
        programme=values.get("programme") or None,
        note=note,
    )


def _sum(rows: Iterable[TableRow], bracketed: bool) -> Decimal:
    return sum(
        (r.amount.czk for r in rows if r.amount and r.amount.czk and bool(r.note) == bracketed),
        Decimal(0),
    )


def _fmt(value: Decimal | None) -> str:
    return "none" if value is None else f"{value:,.0f} Kč".replace(",", " ")


def read_table(
    document: Document, block: TableBlock, plan: str
) -> tuple[list[TableRow], list[Diagnostic]]:
    """Read a located table's rows and check its total rows."""
    rows: list[TableRow] = []
    totals: list[_Total] = []
    diagnostics: list[Diagnostic] = []
    for number in block.lines:
        item = _read_row(document, block, number, plan)
        if isinstance(item, TableRow):
            rows.append(item)
        elif isinstance(item, _Total):
            totals.append(item)
        elif isinstance(item, Diagnostic):
            diagnostics.append(item)
    programmes = {fold(r.programme or "", tidy=True): r for r in rows if r.programme}
    for total in totals:
        key = fold(total.label.split()[0], tidy=True) if total.label else ""
        scope = (
            [r for r in rows if fold(r.programme or "", tidy=True) == key]
            if key in programmes
            else rows
        )
        for stated, computed, what in (
            (total.stated.czk, _sum(scope, False), "the rows"),
            (total.bracketed, _sum(scope, True), "the bracketed rows"),
        ):
            if (stated or Decimal(0)) != computed:
                diagnostics.append(
                    Diagnostic(
                        document.name,
                        total.line,
                        "total",
                        f"{block.kind} table: {total.label} states {_fmt(stated)}, "
                        f"{what} add up to {_fmt(computed)}",
                    )
                )
    return rows, diagnostics
