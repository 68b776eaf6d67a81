"""The design part of an action plan: areas, goals and where each card sits; the overview.

:func:`read_structure` walks the lines of the design part with a small state machine:
area heading → "Cílová skupina" (target-group and actor bullets) → "Struktura strategických
cílů" (prose) → strategic goal → specific goal ("Očekávaný dopad:", "Indikátory dopadu:"
bullets) → cards. A card runs from its ``Opatření …`` line to the next heading. The words
of those headings and titles are the profile's (:mod:`vazby.loaders.plan_words`).
:func:`read_overview` reads the summary overview printed before the design part
("Specifický cíl 1.1.1 … (2 opatření)"), which creates no records but is checked against them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import simplemma

from ..documents.cells import join_wrapped
from ..lang import fold
from .cards import RawCard, match_field, read_card
from .plan_words import PlanWords
from .records import Area, Diagnostic, Document, Goal, Measure, Mention
from .text import clean_cell

__all__ = [
    "PlacedCard",
    "Body",
    "Overview",
    "read_structure",
    "read_overview",
    "area_lists",
    "names_actors",
]

_BULLET = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+(?P<text>.*)$")
_CAPTION = re.compile(r"^\s*(?:zdroj:|tabulka \d|obrazek \d|poznamka:)")


@dataclass(slots=True)
class _AreaState:
    number: str
    title: str
    first: int
    last: int
    groups: list[Mention] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class _GoalState:
    number: str
    level: str
    title: str
    parent: str
    area: str
    first: int
    last: int
    impact: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PlacedCard:
    """A card with the specific goal and area it is printed under, and the area's lists."""

    card: RawCard
    goal: str | None
    area: str | None
    area_groups: tuple[Mention, ...] = ()
    area_actors: tuple[Mention, ...] = ()


@dataclass(slots=True)
class Body:
    """What the design part holds: areas, goals, placed cards, and findings."""

    areas: list[Area]
    goals: list[Goal]
    cards: list[PlacedCard]
    diagnostics: list[Diagnostic]


def read_structure(
    document: Document,
    lines: range,
    *,
    is_chapter: Callable[[int, str], bool],
    words: PlanWords,
    plan: str,
) -> Body:
    """Read the design part (``lines``, 1-based) into areas, goals and placed cards."""
    name = document.name
    diagnostics: list[Diagnostic] = []
    areas: dict[str, _AreaState] = {}
    goals: dict[str, _GoalState] = {}
    placed: list[tuple[RawCard, str | None, str | None]] = []
    area: _AreaState | None = None
    strategic: _GoalState | None = None
    specific: _GoalState | None = None
    section = ""
    intro = ""
    card_head: tuple[int, re.Match[str]] | None = None
    card_body: list[tuple[int, str]] = []

    def report(line: int, kind: str, message: str, related: tuple[int, ...] = ()) -> None:
        diagnostics.append(Diagnostic(name, line, kind, message, related))

    def close_card() -> None:
        nonlocal card_head
        if card_head is None:
            return
        line, m = card_head
        title = m.group("title") or ""
        card, found = read_card(document, m.group("num"), line, title, card_body, words.fields)
        diagnostics.extend(found)
        placed.append((card, specific.number if specific else None, area.number if area else None))
        card_head = None
        card_body.clear()

    def new_goal(line: int, m: re.Match[str], level: str) -> _GoalState:
        number = m.group("num")
        parent_goal = strategic if level == "specific" else None
        parent = parent_goal.number if parent_goal else (area.number if area else "")
        if level == "strategic" and area and not number.startswith(area.number + "."):
            report(line, "numbering", f"strategic goal {number} is printed in area {area.number}")
        if level == "specific" and parent_goal and not number.startswith(parent + "."):
            report(
                line,
                "numbering",
                f"specific goal {number} is printed under strategic goal {parent}",
            )
        if level == "specific" and not parent_goal:
            report(
                line, "numbering", f"specific goal {number} is printed before any strategic goal"
            )
        if level == "strategic" and not area:
            report(line, "numbering", f"strategic goal {number} is printed before any area")
        state = _GoalState(
            number,
            level,
            clean_cell(m.group("title")),
            parent,
            area.number if area else "",
            line,
            line,
        )
        if number in goals:
            report(line, "duplicate", f"goal {number} is printed twice", (goals[number].first,))
        else:
            goals[number] = state
        return state

    joined, continuations = _wrapped_items(document, lines)
    for line in lines:
        if line in continuations:
            continue
        text = joined.get(line) or document.line(line)
        row = document.cells(line)
        if card_head is not None:
            structural = not _awaits_value(document, card_body, words) and (
                (row is None and words.area.match(text))
                or words.strategic.match(text)
                or words.specific.match(text)
                or words.card.match(text)
                or is_chapter(line, text)
            )
            if not structural:
                card_body.append((line, text))
                continue
            close_card()
        if not text.strip():
            continue
        f = fold(clean_cell(text), tidy=True)
        goal = specific or strategic
        titled = words.section(text) if row is None else None
        goal_field = words.goal_field(text) if goal else None
        if row is None and (m := words.area.match(text)):
            number = m.group("num")
            area = _AreaState(number, clean_cell(m.group("title")), line, line)
            if number in areas:
                report(line, "duplicate", f"area {number} is printed twice", (areas[number].first,))
            else:
                areas[number] = area
            strategic = specific = None
            section, intro = "area", ""
        elif m := words.strategic.match(text):
            strategic, specific, section = new_goal(line, m, "strategic"), None, "goal"
        elif m := words.specific.match(text):
            specific, section = new_goal(line, m, "specific"), "goal"
        elif m := words.card.match(text):
            card_head = (line, m)
        elif titled == "area_groups" and area:
            section, intro = "groups", ""
        elif titled == "structure":
            section = "structure"
        elif goal and goal_field and goal_field[0] == "impacts":
            goal.impact.append(clean_cell(goal_field[1]))
            goal.last, section = line, "impact"
        elif goal and goal_field and goal_field[0] == "indicators":
            if clean_cell(goal_field[1]):
                goal.indicators.append(clean_cell(goal_field[1]))
            goal.last, section = line, "indicators"
        elif section == "groups" and area and (m := _BULLET.match(text)):
            text_item = with_head_noun(intro, clean_cell(m.group("text")).strip(" ,;."))
            item = Mention(text_item, document.span(line))
            (area.actors if names_actors(intro) else area.groups).append(item)
            area.last = line
        elif goal and section == "indicators" and (m := _BULLET.match(text)):
            goal.indicators.append(clean_cell(m.group("text")))
            goal.last = line
        elif section == "groups":
            intro = text
        elif goal and section == "impact" and not _BULLET.match(text):
            goal.impact.append(clean_cell(text))
            goal.last = line
        elif section == "structure" or _CAPTION.match(f):
            continue
        else:
            report(
                line,
                "unplaced",
                f"text attaches to no area, goal or measure: {clean_cell(text)[:60]!r}",
            )
    close_card()
    return _finish(document, plan, areas, goals, placed, diagnostics)


def _awaits_value(document: Document, body: list[tuple[int, str]], words: PlanWords) -> bool:
    """Whether a card printed one cell per line (no table row in it) ends in a label alone,
    so that the next line is its value even when it reads like a heading ("Specifický cíl
    2.1.1")."""
    if any(document.cells(number) is not None for number, _ in body):
        return False  # a card of cells: a label alone there is a field left empty
    last = body[-1][1] if body else ""  # an empty cell is an empty line: no value awaited
    found = match_field(last, None, words.fields) if last.strip() else None
    return bool(found and found.key and not found.value)


def names_actors(intro: str) -> bool:
    """Whether a lead-in announces the area's actors ("Z hlediska aktérů … se jedná o:"),
    not its target groups."""
    folded = fold(intro, tidy=True)
    return "akter" in folded and "cilov" not in folded


def area_lists(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """An area's target groups and actors, listed as bullets under lead-ins, or None when
    the lines hold no bullet (a plain list of groups).

    Examples
    --------
    >>> area_lists(["Oblast se soustředí na osoby:", "- bez domova,", "- v dluzích.",
    ...             "Z hlediska aktérů jde o:", "- NNO"])
    (['osoby bez domova', 'osoby v dluzích'], ['NNO'])
    >>> area_lists(["Senioři, rodiny s dětmi"]) is None
    True
    """
    if not any(_BULLET.match(text) for text in lines):
        return None
    groups: list[str] = []
    actors: list[str] = []
    intro = ""
    for text in lines:
        m = _BULLET.match(text)
        if m is None:
            intro = text  # a lead-in, or prose about the list: no group
            continue
        item = with_head_noun(intro, clean_cell(m.group("text")).strip(" ,;."))
        if item:
            (actors if names_actors(intro) else groups).append(item)
    return groups, actors


#: Nouns that head a list of target groups ("… se soustředí na osoby:").
_GROUP_HEADS = {"osoba", "člověk", "rodina", "domácnost", "dítě", "obyvatel"}


def with_head_noun(intro: str, item: str) -> str:
    """Give a list item the head noun its lead-in ends with, as a reader does.

    "Oblast … se soustředí na osoby:" followed by "- se zdravotním postižením" lists
    "osoby se zdravotním postižením"; an item that starts with a head noun of its own, or a
    lead-in that ends with a preposition ("se soustředí na:"), is left as it is.

    Examples
    --------
    >>> with_head_noun("Oblast zdraví se soustředí na osoby:", "se zdravotním postižením")
    'osoby se zdravotním postižením'
    >>> with_head_noun("Oblast zdraví se soustředí na osoby:", "rodiny s dětmi")
    'rodiny s dětmi'
    >>> with_head_noun("Oblast zdraví se soustředí na osoby:", "seniory")
    'seniory'
    """
    words = re.findall(r"[^\W\d_]+", intro.rstrip().rstrip(":"))
    if not intro.rstrip().endswith(":") or not words or not item:
        return item
    head = words[-1]
    if _lemma(head) not in _GROUP_HEADS:
        return item
    first = re.findall(r"[^\W\d_]+", item)
    # A one-word item is a noun of its own ("seniory"), not an attribute of the head.
    if len(first) < 2 or _lemma(first[0]) in _GROUP_HEADS or first[0][:1].isupper():
        return item
    return f"{head} {item}"


def _lemma(word: str) -> str:
    return simplemma.lemmatize(word.lower(), lang="cs")


def _finish(
    document: Document,
    plan: str,
    areas: dict[str, _AreaState],
    goals: dict[str, _GoalState],
    placed: list[tuple[RawCard, str | None, str | None]],
    diagnostics: list[Diagnostic],
) -> Body:
    area_records = [
        Area(
            plan,
            a.number,
            a.number,
            a.title,
            document.span(a.first, a.last),
            tuple(a.groups),
            tuple(a.actors),
        )
        for a in areas.values()
    ]
    goal_records = [
        Goal(
            plan=plan,
            id=g.number,
            number=g.number,
            level=g.level,
            title=g.title,
            parent=g.parent,
            area=g.area,
            source=document.span(g.first, g.last),
            label_cs="Strategický cíl" if g.level == "strategic" else "Specifický cíl",
            impact=" ".join(g.impact) or None,
            indicators=tuple(g.indicators),
        )
        for g in goals.values()
    ]
    cards = [
        PlacedCard(
            card,
            goal,
            area_id,
            tuple(areas[area_id].groups) if area_id in areas else (),
            tuple(areas[area_id].actors) if area_id in areas else (),
        )
        for card, goal, area_id in placed
    ]
    return Body(area_records, goal_records, cards, diagnostics)


@dataclass(slots=True)
class Overview:
    """The summary overview: goal number → (title, measure count or None, line); the total."""

    goals: dict[str, tuple[str, int | None, int]]
    total: tuple[int, int] | None

    def check(
        self, document: Document, goals: list[Goal], measures: list[Measure]
    ) -> list[Diagnostic]:
        """Compare the overview with the goals and measures read from the design part."""
        out: list[Diagnostic] = []
        name = document.name
        if self.total and self.total[0] != len(measures):
            stated, line = self.total
            out.append(
                Diagnostic(
                    name,
                    line,
                    "total",
                    f"the text says {stated} measures in total; "
                    f"the document has {len(measures)} measure cards",
                )
            )
        if not self.goals:
            return out
        by_id = {g.id: g for g in goals}
        for number, (title, count, line_at) in self.goals.items():
            goal = by_id.get(number)
            if goal is None:
                out.append(
                    Diagnostic(
                        name,
                        line_at,
                        "missing-row",
                        f"the overview lists goal {number}, which the design part does not contain",
                    )
                )
                continue
            if _norm(title) != _norm(goal.title):
                out.append(
                    Diagnostic(
                        name,
                        goal.source.line,
                        "card-table-mismatch",
                        f"goal {number}: heading {goal.title!r}, overview {title!r}",
                        (line_at,),
                    )
                )
            found = sum(1 for m in measures if m.goal == number)
            if count is not None and count != found:
                out.append(
                    Diagnostic(
                        name,
                        line_at,
                        "total",
                        f"the overview counts {count} measures under goal {number}; "
                        f"the document has {found}",
                        (goal.source.line,),
                    )
                )
        for goal in goals:
            if goal.id not in self.goals:
                out.append(
                    Diagnostic(
                        name,
                        goal.source.line,
                        "missing-row",
                        f"goal {goal.id} is missing from the overview",
                    )
                )
        return out


def _norm(title: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(clean_cell(title), tidy=True)).strip()


#: A line indented by two spaces or more: the wrapped rest of the item above it.
_INDENTED = re.compile(r"^ {2,}\S")


def _wrapped_items(document: Document, lines: range) -> tuple[dict[int, str], set[int]]:
    """Bullets wrapped onto indented lines (pandoc and pdftotext indent an item's wrapped
    lines to its text): each such bullet's line with its whole text, and the lines that
    only continue a bullet."""
    joined: dict[int, str] = {}
    continuations: set[int] = set()
    item = expected = 0
    for line in lines:
        raw = document.line(line)
        if item and line == expected and _INDENTED.match(raw) and not _BULLET.match(raw):
            joined[item] = join_wrapped([joined.get(item) or document.line(item), raw])
            continuations.add(line)
            expected = line + 1
            continue
        item = line if document.cells(line) is None and _BULLET.match(raw) else 0
        expected = line + 1
    return joined, continuations


def read_overview(document: Document, lines: range, words: PlanWords) -> Overview:
    """Read the goal lines printed before the design part (the summary overview)."""
    goals: dict[str, tuple[str, int | None, int]] = {}
    total = None
    joined, continuations = _wrapped_items(document, lines)
    for line in lines:
        if line in continuations:
            continue
        text = clean_cell(joined.get(line) or document.line(line))
        if total is None and (m := words.overview_total.search(text)):
            total = (int(m.group("count")), line)
        for pattern in (words.overview_strategic, words.overview_specific):
            for m in pattern.finditer(text):
                count = m.groupdict().get("count")
                title = m.group("title").strip(" -")
                if title:
                    goals.setdefault(m.group("num"), (title, int(count) if count else None, line))
    return Overview(goals, total)
