"""A plan's hierarchy from its heads: which levels nest in which, decided by the document.

No depth is fixed. Heads fall into *kinds* (a level word, or a numbering scheme as printed:
see :meth:`Head.kind`), and the kinds are ordered from the top by the evidence the document
gives, strongest first:

1. the roles of their level words (an area above a goal above a measure above an activity);
2. their numbers: a kind whose numbers extend another's ("1.2.3" under "1.2") is below it,
   when the other numbers each of its heads once;
3. restarting numbers: a kind that prints the same number under different titles ("a)",
   "b)" under every goal) is below the kinds that number once and come before it;
4. otherwise, the order in which the kinds first appear.

An unworded kind whose numbers are those of a worded kind (an overview list "1.1.1 Kurzy"
before the card "Opatření 1.1.1") is that kind: they are the same measures. Each head's
parent is the nearest head before it of a higher kind.

The measure level is the kind the document calls *opatření*; where it has none, the level it
uses as such (*aktivita*, *úkol*, *KA*); where no level has a word, the deepest level whose
sections carry fields. Levels below the measures are activities (a head of theirs with no
measure above it, in a part of the plan without opatření, is a measure there); above them,
the lowest area word (or, with no area word, an unworded top level) gives areas and the
levels between are goals, strategic then specific. An unworded level whose worded levels
below number afresh ("3. Návrhová část" over "Priorita 1") numbers the document's chapters:
it and the unworded levels standing only under it are sections, not areas or goals.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass

from ..lang import fold
from .outline_heads import Head
from .profiles import ROLES

__all__ = ["Node", "Tree", "ancestor", "arrange", "shape_of"]


@dataclass(slots=True)
class Node:
    """A head placed in the outline: its role on the ladder, parent and identifier."""

    head: Head
    kind: tuple[str, ...]
    rank: int
    role: str = "section"  # area, goal, measure, activity, or section (above the areas)
    level: str | None = None  # a goal's rung: strategic or specific
    parent: Node | None = None
    id: str = ""
    end: int = 0  # the unit index where the node's own text ends (exclusive)
    duplicates: tuple[Head, ...] = ()


@dataclass(slots=True)
class Tree:
    """The nodes of a document's outline in reading order, and what decided it."""

    nodes: list[Node]
    order: list[tuple[str, ...]]
    measure_kind: tuple[str, ...] | None
    reason: str


def shape_of(parts: tuple[str, ...], roman: bool) -> str:
    """The numbering scheme of a number's parts: ``1`` digits, ``I`` roman, ``A``/``a`` letters.

    Examples
    --------
    >>> shape_of(("2", "1", "a"), False), shape_of(("III", "1"), True), shape_of(("I",), False)
    ('1.1.a', 'I.1', 'A')
    """

    def one(part: str) -> str:
        if part.isdigit():
            return "1"
        if re.fullmatch(r"[IVXL]+", part) and (len(part) > 1 or roman):
            return "I"
        return "A" if part.isupper() else "a"

    return ".".join(one(p) for p in parts)


def _relative(heads: list[Head]) -> bool:
    """Whether a kind restarts its numbers: one number under different titles."""
    titles: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for h in heads:
        titles[h.parts].add(fold(h.title, tidy=True)[:40])
    return any(len(t) > 1 for t in titles.values())


def _role_index(role: str | None) -> int | None:
    return ROLES.index(role) if role in ROLES else None


def arrange(heads: list[Head], fields_of: dict[int, int]) -> Tree:
    """Order the kinds of ``heads``, place each head under its parent and give it its role.

    ``fields_of`` counts the fields found in each head's own text (by the head's unit), for
    documents that name no measure level.
    """
    roman = any(re.fullmatch(r"[IVXL]{2,}", p) for h in heads for p in h.parts)
    kinds: dict[tuple[str, ...], list[Head]] = {}
    kind_of: dict[int, tuple[str, ...]] = {}
    for h in heads:
        k = h.kind(shape_of(h.parts, roman))
        kinds.setdefault(k, []).append(h)
        kind_of[h.unit] = k
    _merge_overviews(kinds, kind_of)
    order = _order(kinds)
    rank = {k: i for i, k in enumerate(order)}
    nodes: list[Node] = []
    stack: list[Node] = []
    for h in heads:
        k = kind_of[h.unit]
        node = Node(h, k, rank[k])
        while stack and stack[-1].rank >= node.rank:
            stack.pop()
        node.parent = stack[-1] if stack else None
        stack.append(node)
        nodes.append(node)
    measure_kind, reason = _measure_kind(order, kinds, fields_of)
    _assign_roles(nodes, order, kinds, measure_kind)
    _assign_ids(nodes, kinds)
    return Tree(nodes, order, measure_kind, reason)


def _merge_overviews(
    kinds: dict[tuple[str, ...], list[Head]], kind_of: dict[int, tuple[str, ...]]
) -> None:
    worded = {k: {h.parts for h in hs} for k, hs in kinds.items() if k[0] == "w"}
    for k in [k for k in kinds if k[0] == "n"]:
        numbers = {h.parts for h in kinds[k]}
        for w, theirs in worded.items():
            if len(numbers & theirs) * 2 > len(numbers):
                for h in kinds.pop(k):
                    kind_of[h.unit] = w
                    kinds[w].append(h)
                kinds[w].sort(key=lambda h: h.unit)
                break


def _order(kinds: dict[tuple[str, ...], list[Head]]) -> list[tuple[str, ...]]:
    first = {k: hs[0].unit for k, hs in kinds.items()}
    relative = {k: _relative(hs) for k, hs in kinds.items()}
    numbers = {k: {h.parts for h in hs} for k, hs in kinds.items()}
    below: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)  # k -> kinds above
    keys = list(kinds)
    for a in keys:
        for b in keys:
            if a == b:
                continue
            ra, rb = _role_index(kinds[a][0].role), _role_index(kinds[b][0].role)
            if ra is not None and rb is not None and ra != rb:
                if ra > rb:
                    below[a].add(b)
                continue
            votes_ab = 0 if relative[b] else sum(h.parts[:-1] in numbers[b] for h in kinds[a])
            votes_ba = 0 if relative[a] else sum(h.parts[:-1] in numbers[a] for h in kinds[b])
            if votes_ab > votes_ba:
                below[a].add(b)
            elif votes_ab == votes_ba == 0 and relative[a] and not relative[b]:
                if first[b] < first[a]:
                    below[a].add(b)
    # Kahn's algorithm, earliest first among the kinds free to come next; a cycle of
    # contradicting evidence is broken at its earliest kind.
    waiting = {k: set(below[k]) for k in keys}
    ready = [(first[k], k) for k in keys if not waiting[k]]
    heapq.heapify(ready)
    order: list[tuple[str, ...]] = []
    while len(order) < len(keys):
        if not ready:
            k = min((k for k in keys if k not in order), key=lambda k: first[k])
            waiting[k] = set()
            heapq.heappush(ready, (first[k], k))
        _, k = heapq.heappop(ready)
        if k in order:
            continue
        order.append(k)
        for other in keys:
            if k in waiting[other]:
                waiting[other].discard(k)
                if not waiting[other] and other not in order:
                    heapq.heappush(ready, (first[other], other))
    return order


def _measure_kind(
    order: list[tuple[str, ...]], kinds: dict[tuple[str, ...], list[Head]], fields_of: dict
) -> tuple[tuple[str, ...] | None, str]:
    for role, why in (("measure", "the level it calls opatření"), ("activity", "")):
        for k in order:
            if kinds[k][0].role == role:
                word = kinds[k][0].word or ""
                return k, why or f"the level it calls {word!r} (it has no opatření)"
    with_fields = [k for k in order if any(fields_of.get(h.unit, 0) for h in kinds[k])]
    if with_fields:
        return with_fields[-1], "the deepest numbered level whose sections carry fields"
    if order:
        return order[-1], "the deepest numbered level (no level word, no fields)"
    return None, "no numbered headings"


def _assign_roles(
    nodes: list[Node],
    order: list[tuple[str, ...]],
    kinds: dict[tuple[str, ...], list[Head]],
    measure_kind: tuple[str, ...] | None,
) -> None:
    if measure_kind is None:
        return
    m = order.index(measure_kind)
    chapters = _chapters(nodes, order[:m])
    ladder = [k for k in order[:m] if k not in chapters]
    areas = [i for i, k in enumerate(ladder) if kinds[k][0].role == "area"]
    if areas:
        area = areas[-1]
    elif len(ladder) >= 2 and kinds[ladder[0]][0].word is None:
        area = 0
    else:
        area = -1  # no area level: the top goals stand for their areas (see outline.py)
    role: dict[tuple[str, ...], tuple[str, str | None]] = {measure_kind: ("measure", None)}
    role.update({k: ("section", None) for k in chapters})
    for i, k in enumerate(ladder):
        if i < area:
            role[k] = ("section", None)
        elif i == area:
            role[k] = ("area", None)
        else:
            role[k] = ("goal", "strategic" if i == area + 1 else "specific")
    for k in order[m + 1 :]:
        role[k] = ("activity", None)
    for node in nodes:
        node.role, node.level = role[node.kind]
        if node.role == "activity" and ancestor(node, "measure") is None:
            # a part of the plan with no opatření uses its key activities as measures
            node.role = "measure"


def _chapters(nodes: list[Node], above: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The unworded kinds above the measures that number the document's chapters, not its
    plan: the worded heads under their heads mostly number afresh ("3. Návrhová část" over
    "Priorita 1"), and the kinds that stand only under such chapters with nothing under
    them ("2.1 Demografie")."""
    children: dict[int, list[Node]] = defaultdict(list)
    for node in nodes:
        if node.parent is not None:
            children[id(node.parent)].append(node)
    chapters: set[tuple[str, ...]] = set()
    for k in above:
        if k[0] != "n":
            continue
        kids = [
            child
            for node in nodes
            if node.kind == k
            for child in children[id(node)]
            if child.kind[0] == "w"  # a worded level numbers itself; "a)" numbers within
        ]
        extending = sum(
            child.head.parts[: len(child.parent.head.parts)] == child.parent.head.parts
            for child in kids
            if child.parent is not None
        )
        if kids and extending * 2 < len(kids):
            chapters.add(k)
    for k in above:
        mine = [node for node in nodes if node.kind == k]
        if (
            k[0] == "n"
            and k not in chapters
            and chapters
            and mine
            and all(
                node.parent is not None and node.parent.kind in chapters and not children[id(node)]
                for node in mine
            )
        ):
            chapters.add(k)
    return chapters


def ancestor(node: Node, role: str) -> Node | None:
    """The nearest node above ``node`` whose role is ``role``."""
    parent = node.parent
    while parent is not None and parent.role != role:
        parent = parent.parent
    return parent


def _assign_ids(nodes: list[Node], kinds: dict[tuple[str, ...], list[Head]]) -> None:
    """A number that extends its parent's is the id; a restarting one, or a letter, is
    prefixed by the parent's id ("4.1" and "a)" give "4.1.a") so that every id is unique in
    the plan."""
    # a letter ("a)") numbers within its parent even where no parent restarts it
    relative = {
        k: _relative(hs) or all(re.fullmatch("[a-z]", "".join(h.parts)) for h in hs)
        for k, hs in kinds.items()
    }
    for node in nodes:
        number = ".".join(node.head.parts)
        parent = node.parent
        extends = parent is not None and node.head.parts[: len(parent.head.parts)] == (
            parent.head.parts
        )
        # a number deeper than its parent's yet not under it ("1.1.1.1" in a summary table
        # after goal "6.2.3") names a node printed elsewhere, not a child numbered afresh
        deeper = parent is not None and len(node.head.parts) > len(parent.head.parts)
        if parent is not None and relative[node.kind] and not extends and not deeper:
            node.id = f"{parent.id}.{number}"
        else:
            node.id = number
