"""Turn the scanned blocks of an evaluation document into records (second pass).

:mod:`vazby.loaders.evaluation` scans the lines into sections, cards and fields; this
module gives them identifiers qualified by section ("B.1/1.1.2"), checks the numbering,
reads the fields, builds the shared budget lines and resolves the links, which needs the
whole document: a budget line printed on measure 1.1.3 also funds 1.1.1 and 1.1.2 above it.
Target-group cells are split with the names the document is known to use (its town, from
:func:`vazby.loaders.evaluation.infer_town`), so that "Pracovníci MěÚ Dolní Dvůr" keeps the
town's name whole.

Budget lines: every card with a cost or funding field gets one :class:`BudgetLine`, also
without an amount ("Vlastní zdroje"), so that the funding source is a node. Its id is
``{section}/budget/{first}-{last}`` of the measures it lists, or ``{section}/budget/{n}``
of the carrier when it lists none. The carrier holds ``cost`` and ``funding_sources``; each
other listed measure gets ``budget_line`` and a ``budget`` link to the carrier. A listed
measure that does not exist stays out of ``BudgetLine.measures``; the carrier keeps a
``budget`` link to it and a ``dangling-link`` diagnostic says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .needs import parse_links
from .records import (
    Amount,
    Area,
    BudgetLine,
    Diagnostic,
    Document,
    Goal,
    Link,
    Measure,
    Mention,
    SourceSpan,
)
from .target_groups import split_groups, split_guarantors, split_run_together
from .text import DASHES, cost_funding, cost_shared_by, parse_czk, parse_schedule, split_items

__all__ = ["TextBlock", "Card", "Section", "assemble"]

_MEASURE_DEPTH = 3
_GOAL_KEYS = {"impacts", "indicators"}


@dataclass
class TextBlock:
    """A title or a field: its lines of text, and the label and key of a field."""

    first: int
    lines: list[str]
    label: str = ""
    key: str | None = None
    last: int = 0

    def __post_init__(self) -> None:
        self.last = self.last or self.first

    def add(self, n: int, text: str) -> None:
        """Append a continuation line."""
        if text:
            self.lines.append(text)
        self.last = n

    @property
    def text(self) -> str:
        """The lines joined with spaces."""
        return " ".join(line for line in self.lines if line).strip()


@dataclass
class Card:
    """A heading ("1.1 Obecný cíl", "1.1.1 Opatření") with its title and fields."""

    level: str
    number: str
    label: str
    title: TextBlock
    first: int
    last: int
    fields: list[TextBlock] = field(default_factory=list)
    section: str | None = None
    id: str = ""


@dataclass
class Section:
    """A section heading ("B.1/ PREVENCE, ZDRAVÍ a RODINA") and its own fields."""

    id: str
    title: TextBlock
    first: int
    last: int
    fields: list[TextBlock] = field(default_factory=list)


@dataclass
class _Draft:
    """What the second pass adds to a measure before it is frozen."""

    card: Card
    goal: str
    area: str
    links: list[Link] = field(default_factory=list)
    budget_line: str | None = None
    cost: Amount | None = None
    funding: list[Mention] = field(default_factory=list)


class _Assembler:
    def __init__(self, document: Document, plan: str, names: tuple[str, ...] = ()) -> None:
        self.document = document
        self.plan = plan
        self.names = names
        self.diagnostics: list[Diagnostic] = []
        self.ids: dict[str, set[str]] = {"goal": set(), "measure": set(), "budget": set()}

    def diagnose(self, line: int, kind: str, message: str, related: tuple[int, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(self.document.path, line, kind, message, related))

    def span(self, first: int, last: int) -> SourceSpan:
        return self.document.span(first, last)

    def unique(self, kind: str, wanted: str, line: int) -> str:
        """``wanted``, or ``wanted_2`` … with a ``duplicate`` diagnostic when it is taken."""
        seen = self.ids[kind]
        found, k = wanted, 1
        while found in seen:
            k += 1
            found = f"{wanted}_{k}"
        if found != wanted:
            self.diagnose(line, "duplicate", f"{kind} {wanted} appears twice; loaded as {found}")
        seen.add(found)
        return found

    def mentions(self, block: TextBlock, parts: tuple[str, ...]) -> tuple[Mention, ...]:
        span = self.span(block.first, block.last)
        return tuple(Mention(part, span) for part in parts)

    def split_groups(self, text: str) -> tuple[str, ...]:
        """The target groups of a cell, the document's known names kept whole."""
        return split_groups(text, names=self.names)


def _qualify(section: str | None, number: str) -> str:
    return f"{section}/{number}" if section else number


def _parent_number(number: str) -> str:
    return number.rsplit(".", 1)[0] if "." in number else ""


def _place_cards(asm: _Assembler, cards: list[Card]) -> tuple[list[Goal], list[_Draft]]:
    """Give every card its id and parent, and report numbering that does not fit."""
    goals: list[Goal] = []
    drafts: list[_Draft] = []
    priority: Card | None = None
    general: Card | None = None
    section: str | None = None
    for card in cards:
        if card.section != section:
            section, priority, general = card.section, None, None
        area = section or ""
        card.id = asm.unique(
            "measure" if card.level == "measure" else "goal",
            _qualify(section, card.number),
            card.first,
        )
        if section is None:
            asm.diagnose(card.first, "numbering", f"{card.label} {card.number} is in no section")
        if card.level == "strategic":
            priority, general = card, None
            goals.append(_goal(asm, card, parent=area, area=area))
            continue
        parent = general if card.level == "measure" else priority
        parent = parent or (priority if card.level == "measure" else None)
        if parent is None:
            asm.diagnose(
                card.first, "numbering", f"{card.label} {card.number} has no enclosing goal"
            )
        elif _parent_number(card.number) != parent.number:
            asm.diagnose(
                card.first,
                "numbering",
                f"{card.label} {card.number} stands under {parent.label} {parent.number}",
                (parent.first,),
            )
        parent_id = parent.id if parent else area
        if card.level == "specific":
            general = card
            goals.append(_goal(asm, card, parent=parent_id, area=area))
        else:
            drafts.append(_Draft(card, goal=parent_id, area=area))
    return goals, drafts


def _goal(asm: _Assembler, card: Card, parent: str, area: str) -> Goal:
    impact: list[str] = []
    indicators: list[str] = []
    for block in card.fields:
        if block.key == "impacts":
            impact.append(block.text)
        elif block.key == "indicators":
            indicators.extend(split_run_together(block.text))
        else:
            asm.diagnose(block.first, "field", f"field {block.label!r} of a goal is not read")
    if not card.title.text:
        asm.diagnose(card.first, "field", f"{card.label} {card.number} has no title")
    return Goal(
        plan=asm.plan,
        id=card.id,
        number=card.number,
        level=card.level,
        title=card.title.text,
        parent=parent,
        area=area,
        source=asm.span(card.first, card.title.last),
        label_cs=card.label.capitalize(),
        impact=" ".join(impact) or None,
        indicators=tuple(indicators),
    )


def _budget(asm: _Assembler, drafts: dict[str, _Draft], draft: _Draft) -> BudgetLine | None:
    """The budget line of a measure's cost and funding fields, linked to what it lists."""
    card = draft.card
    costs = [b for b in card.fields if b.key == "cost"]
    funds = [b for b in card.fields if b.key == "funding"]
    if not costs and not funds:
        return None
    block = costs[0] if costs else funds[0]
    span = asm.span(block.first, block.last)
    text = block.text
    if text.strip(DASHES + " ") == "":
        asm.diagnose(block.first, "field", f"empty field {block.label!r}")
        return None
    amount = parse_czk(text) if costs else Amount(raw=text)
    if amount.reference:
        target = _qualify(card.section, amount.reference)
        draft.links.append(Link("cost", target, text, span, "Measure"))
        if target not in drafts:
            asm.diagnose(block.first, "dangling-link", f"cost refers to missing measure {target}")
        return None
    if amount.czk is None and costs and re.search(r"\d", text):
        asm.diagnose(block.first, "field", f"no amount in CZK could be read from {text!r}")
    funding = split_items(cost_funding(text, amount)) if costs else ()
    for extra in funds if costs else funds[:1]:
        funding += split_items(extra.text)
    draft.cost = amount
    draft.funding = list(asm.mentions(block, funding))
    listed_text = " ".join(re.findall(r"\(([^()]*)\)", text))
    listed = [_qualify(card.section, ref) for ref in cost_shared_by(text)]
    members = [m for m in listed if m in drafts]
    if card.id not in members:
        members.insert(0, card.id)
    numbers = [ref.split("/")[-1] for ref in listed] or [card.number]
    wanted = f"{card.section or ''}/budget/{numbers[0]}"
    if len(numbers) > 1:
        wanted += f"-{numbers[-1]}"
    line_id = asm.unique("budget", wanted.lstrip("/"), block.first)
    for target in listed:
        if target not in drafts:
            asm.diagnose(
                block.first, "dangling-link", f"budget line lists missing measure {target}"
            )
            draft.links.append(Link("budget", target, listed_text, span, "Measure"))
    for member in members:
        other = drafts[member]
        if other.budget_line is not None:
            asm.diagnose(
                block.first,
                "duplicate",
                f"measure {member} is already funded by budget line {other.budget_line}",
                (other.card.first,),
            )
            continue
        other.budget_line = line_id
        if member != card.id:
            other.links.append(Link("budget", card.id, listed_text, span, "Measure"))
    return BudgetLine(asm.plan, line_id, amount, tuple(members), span, tuple(draft.funding))


def _measure(asm: _Assembler, draft: _Draft, areas: dict[str, str]) -> Measure:
    card = draft.card
    values: dict[str, TextBlock] = {}
    for block in card.fields:
        if block.key is None:
            asm.diagnose(block.first, "field", f"unknown field {block.label!r}")
        elif not block.text and block.key not in {"cost", "funding"}:
            asm.diagnose(block.first, "field", f"empty field {block.label!r}")
        elif block.key in values:
            asm.diagnose(block.first, "field", f"field {block.label!r} repeated; values joined")
            values[block.key].lines.extend(block.lines)
            values[block.key].last = max(values[block.key].last, block.last)
        else:
            values[block.key] = TextBlock(block.first, list(block.lines), block.label, block.key)
            values[block.key].last = block.last

    def text(key: str) -> str | None:
        return values[key].text if key in values and values[key].text else None

    links: tuple[Link, ...] = ()
    if "links" in values:
        found = values["links"]
        span = asm.span(found.first, found.last)
        links = parse_links(found.text, source=span, areas=areas, section=card.section)
    for link in links:
        known = asm.ids["measure" if link.kind == "measure" else "goal"]
        if link.kind in {"measure", "goal"} and link.target not in known:
            message = f"{link.kind} {link.target} not found ({link.raw!r})"
            asm.diagnose(link.source.first_line, "dangling-link", message)
    status = values.get("status")
    if not card.title.text:
        asm.diagnose(card.first, "field", f"measure {card.number} has no title")
    return Measure(
        plan=asm.plan,
        id=card.id,
        number=card.number,
        title=card.title.text,
        goal=draft.goal,
        area=draft.area,
        source=asm.span(card.first, card.last),
        description=text("description"),
        target_groups=_mentions(asm, values, "target_groups", asm.split_groups),
        guarantors=_mentions(asm, values, "guarantors", split_guarantors),
        indicators=split_run_together(text("indicators") or ""),
        impacts=text("impacts"),
        schedule=parse_schedule(values["schedule"].text) if text("schedule") else None,
        cost=draft.cost,
        funding_sources=tuple(draft.funding),
        budget_line=draft.budget_line,
        status=Mention(status.text, asm.span(status.first, status.last)) if status else None,
        links=(*links, *draft.links),
        fields=tuple((b.label, b.text) for b in card.fields),
    )


def _mentions(
    asm: _Assembler,
    values: dict[str, TextBlock],
    key: str,
    split: Callable[[str], tuple[str, ...]],
) -> tuple[Mention, ...]:
    block = values.get(key)
    return asm.mentions(block, split(block.text)) if block and block.text else ()


def _area(asm: _Assembler, section: Section) -> Area:
    groups: tuple[Mention, ...] = ()
    for block in section.fields:
        groups += asm.mentions(block, asm.split_groups(block.text))
    return Area(
        plan=asm.plan,
        id=section.id,
        number=section.id,
        title=section.title.text,
        source=asm.span(section.first, section.last),
        target_groups=groups,
    )


def assemble(
    document: Document,
    plan: str,
    sections: list[Section],
    cards: list[Card],
    names: tuple[str, ...] = (),
) -> tuple[list[object], list[Diagnostic]]:
    """Records and diagnostics of the scanned sections and cards.

    Parameters
    ----------
    document : Document
        The document, for source spans and diagnostic paths.
    plan : str
        The plan's slug.
    sections, cards : list
        What the scanner found, in document order.
    names : tuple of str, optional
        Names the document uses that target-group cells must not split (its town).

    Returns
    -------
    tuple
        The records (areas, goals and measures in document order, then budget lines) and
        the diagnostics of this pass.
    """
    asm = _Assembler(document, plan, names)
    areas = [_area(asm, section) for section in sections]
    titles = {area.id: area.title for area in areas}
    goals, draft_list = _place_cards(asm, cards)
    drafts = {draft.card.id: draft for draft in draft_list}
    asm.ids["budget"] = set()
    budget_lines = [line for d in draft_list if (line := _budget(asm, drafts, d)) is not None]
    measures = [_measure(asm, draft, titles) for draft in draft_list]
    ordered: list[Area | Goal | Measure] = [*areas, *goals, *measures]
    ordered.sort(key=lambda record: record.source.first_line)
    return [*ordered, *budget_lines], asm.diagnostics
