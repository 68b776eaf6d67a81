"""Loader for the interim-evaluation layout (Žatec's "Průběžné vyhodnocení", seed 000).

The layout, as converters leave it::

    B.1/ PREVENCE, ZDRAVÍ a RODINA              section → Area "B.1"
    1 PRIORITA<TAB>PRIMÁRNÍ PREVENCE …          priority → Goal "B.1/1" (strategic)
    1.1 Obecný cíl<TAB>Do roku 2025 …           general goal → Goal "B.1/1.1" (specific)
    1.1.1 Opatření<TAB>Od roku 2023 …           measure → Measure "B.1/1.1.1"
    Hodnocení:<TAB>TRVÁ                         fields, "Label:<TAB>value", colon optional
    Náklady/zdroj:<TAB>1 417 500 Kč/OPZ (1.1.1, 1.1.2 a 1.1.3)

Numbering restarts in every section, so identifiers carry the section; a number whose prefix
disagrees with its enclosing goal is loaded under that goal and reported (``numbering``),
a repeated number gets a ``_2`` suffix (``duplicate``). Area and goal titles are kept as
printed, capitals included: case carries no meaning the graph needs. The level words, the
numbers and the field labels are the evaluation profile's (``profiles/evaluation.toml``, or
a user's copy): labels are matched by prefix ("Náklady/zdroj", "Náklady/zdroje financování"
are one field); the label as printed is kept in ``Measure.fields``. A line
without a label continues the open field or title when it follows it directly, or when it
starts with white space (a table cell's next line, even after a blank line); any other line
that attaches to nothing is an ``unplaced`` diagnostic. The title (first line), part headings
("B/ STRATEGIE") and "Vize:" before the first section are the plan's header. The town is
read from the text (:func:`infer_town`); the plan's slug is ``{town}-evaluation``, or the
file's stem when the text names no town; target-group cells never split the town's name
("Pracovníci MěÚ Dolní Dvůr Senioři" is two groups, not four). Cost lines, shared budget
lines and links are assembled in :mod:`vazby.loaders.evaluation_parts`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma

from ..lang import fold
from .detect import Sniff
from .evaluation_parts import Card, Section, TextBlock, assemble
from .plan_words import default_words
from .profiles import Labels, Profile, level_numbers, shipped_profile
from .records import Diagnostic, Document, LoadResult, Plan
from .text import clean_cell

__all__ = ["sniff", "load", "infer_town", "field_key"]


@dataclass(frozen=True)
class _Words:
    """The words of an evaluation profile: level words (folded, longest first) → level,
    field labels, and the numbers of sections, goals and measures."""

    levels: tuple[tuple[str, str], ...]
    fields: Labels
    section: re.Pattern[str]
    numbered: re.Pattern[str]


@lru_cache(maxsize=8)
def _words(profile: Profile | None = None) -> _Words:
    profile = profile or shipped_profile("evaluation")
    levels = {
        fold(word, tidy=True): level.rung or level.role
        for level in profile.levels
        if level.role in ("goal", "measure")
        for word in level.words
    }
    area = level_numbers(profile, profile.level("area"))
    numbers = "|".join(f"(?:{p})" for p in profile.numbering)
    return _Words(
        tuple(sorted(levels.items(), key=lambda kv: -len(kv[0]))),
        Labels(profile.fields),
        re.compile(rf"^(?P<num>{area})\.?\s*(?:/\s*|\s+)(?P<title>\S.*)$"),
        re.compile(rf"^(?P<num>{numbers})\.?\s+(?P<rest>\S.*)$"),
    )


_PART = re.compile(r"^[A-Z]\s*/\s*\S")


def field_key(label: str, profile: Profile | None = None) -> str | None:
    """What a field label means in ``profile`` (the shipped evaluation profile by default),
    or None for a label the layout does not know.

    Examples
    --------
    >>> field_key("Náklady/zdroje financování"), field_key("Vazba na analýzu dalsi")
    ('cost', 'links')
    >>> field_key("Poznámka") is None
    True
    """
    return _words(profile).fields.key(label)


def _heading(line: str, words: _Words) -> tuple[str, str, str, str] | None:
    """``(number, level, label as printed, title)`` of "1.1 Obecný cíl<TAB>Title"."""
    m = words.numbered.match(line.strip())
    if not m:
        return None
    rest = m["rest"]
    folded = fold(rest[:40], tidy=True)  # the labels are short: fold only the start of the line
    for label, level in words.levels:
        if folded == label or re.match(rf"{re.escape(label)}\b", folded):
            count = len(label.split())
            parts = rest.split(None, count)
            printed = " ".join(parts[:count]).rstrip(":")
            title = parts[count] if len(parts) > count else ""
            return m["num"], level, printed, clean_cell(title.lstrip(":"))
    return None


def _label(
    line: str, cells: tuple[str, ...] | None = None, words: _Words | None = None
) -> tuple[str, str] | None:
    """``(label as printed, value)`` for a field line (``cells``: its cells if it is a table
    row), or None for a label-less line.

    Examples
    --------
    >>> _label("Garant: NNO"), _label("", ("Hodnocení:", "PLNĚNO"))
    (('Garant', 'NNO'), ('Hodnocení', 'PLNĚNO'))
    """
    labels = (words or _words()).fields
    first = line if cells is None else cells[0]
    if first[:1].isspace() or cells is not None and not first:
        return None
    if cells is not None:
        head, value = cells[0], " ".join(cells[1:])
        head = head.strip().rstrip(":").strip()
        if head and head[0].isalpha() and len(head.split()) <= 8:
            return head, clean_cell(value)
    if ":" in line:
        head, value = line.split(":", 1)
        head = head.strip()
        # A label alone on its line ("Vazba na analýzu, další opatření a cíle:", one cell
        # per line) may be as long as a label before a tab.
        most = 8 if not value.strip() and labels.key(head) else 5
        if head and (labels.key(head) or head[0].isupper()) and len(head.split()) <= most:
            if not any(ch.isdigit() for ch in head):
                return head, clean_cell(value)
    alone = line.strip()
    if len(alone.split()) <= 8 and labels.key(alone):
        return alone, ""  # a known label alone on its line, printed without a colon
    return None


@dataclass
class _State:
    """Where the scanner is: the open section and card, and the text block lines join."""

    document: Document
    words: _Words
    sections: list[Section] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    title: TextBlock | None = None
    vision: TextBlock | None = None
    open: TextBlock | None = None
    card: Card | None = None
    blank: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def diagnose(self, line: int, kind: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.document.path, line, kind, message))

    @property
    def section(self) -> Section | None:
        return self.sections[-1] if self.sections else None


def _printed(cells: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A row's cells up to its last filled one; None when that leaves one cell (a label
    with its value cells empty reads as a label alone on its line).

    >>> _printed(("Garant", "NNO", " ")), _printed(("Garant", ""))
    (('Garant', 'NNO'), None)
    """
    if cells is None:
        return None
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end] if end > 1 else None


def _scan_line(state: _State, n: int, raw: str) -> None:
    line = raw.rstrip()
    words = state.words
    if m := words.section.match(line):
        section_id = wanted = re.sub(r"\s+", "", m["num"])
        taken = {section.id for section in state.sections}
        k = 1
        while section_id in taken:
            k += 1
            section_id = f"{wanted}_{k}"
        if section_id != wanted:
            state.diagnose(
                n, "duplicate", f"section {wanted} appears twice; loaded as {section_id}"
            )
        state.sections.append(Section(section_id, TextBlock(n, [m["title"].strip()]), n, n))
        state.card, state.open = None, state.sections[-1].title
        return
    if _PART.match(line):
        # A part heading such as "B/ STRATEGIE": part of the plan's header, not unplaced.
        state.card, state.open = None, None
        return
    if heading := _heading(line, words):
        number, level, printed, title = heading
        section = state.section
        card = Card(level, number, printed, TextBlock(n, [title] if title else []), n, n)
        card.section = section.id if section else None
        state.cards.append(card)
        state.card, state.open = card, card.title
        return
    cells = _printed(state.document.cells(n))
    labelled = _label(line, cells, words)
    waiting = state.open
    if (
        waiting is not None
        and waiting.label
        and not waiting.lines
        and cells is None
        and not (labelled and not labelled[1])
    ):
        # One cell per line: a label alone, then its value on the next line (a value may
        # hold a colon: "Potřeba definovaná pracovní skupinou: …"). A label after a label
        # is no value: see vazby.loaders.stacked.
        waiting.add(n, clean_cell(line))
        _extend(state, n)
        return
    if labelled:
        _scan_field(state, n, *labelled)
        return
    if state.title is None and state.section is None and state.card is None:
        state.title = TextBlock(n, [clean_cell(line)])
        state.open = state.title
        return
    if state.open is not None and (not state.blank or line[:1].isspace()):
        state.open.add(n, clean_cell(line))
        _extend(state, n)
        return
    state.diagnose(n, "unplaced", f"text outside any field: {clean_cell(line)[:80]!r}")


def _scan_field(state: _State, n: int, label: str, value: str) -> None:
    key = state.words.fields.key(label)
    block = TextBlock(n, [value] if value else [], label=label, key=key)
    if state.card is not None:
        state.card.fields.append(block)
        state.open = block
        _extend(state, n)
        return
    section = state.section
    if key == "vision" and section is None and state.vision is None:
        state.vision = state.open = block
    elif key == "target_groups" and section is not None:
        section.fields.append(block)
        section.last = n
        state.open = block
    else:
        state.open = None
        state.diagnose(n, "unplaced", f"field {label!r} outside any measure or goal")


def _extend(state: _State, n: int) -> None:
    if state.card is not None:
        state.card.last = n
    if state.section is not None:
        state.section.last = n


def infer_town(lines: tuple[str, ...] | list[str]) -> str | None:
    """The town a document is about, from how the text names its office or inhabitants.

    Nominative contexts ("MěÚ Kadaň", "Město Horní Lhota", "MĚSTA NOVÉ MĚSTO POD SMRKEM")
    are preferred: every run of up to four capitalised words after them is a candidate, and
    the candidate named most often wins, the longer on a tie ("MěÚ Žatec Odborná veřejnost"
    still gives Žatec when "MěÚ Žatec" stands elsewhere). Genitive contexts ("obyvatel
    Kadaně") are lemmatised with simplemma. A candidate whose lemma is a common noun
    ("města Odbor") is ignored.

    Examples
    --------
    >>> infer_town(["Pracovníci MěÚ Kadaň", "Město Kadaň"])
    'Kadaň'
    >>> infer_town(["BYDLENÍ PRO OBYVATELE KADANĚ"])
    'Kadaň'
    >>> infer_town(["PLÁN MĚSTA HORNÍ LHOTA", "Pracovníci MěÚ Horní Lhota Odborná veřejnost"])
    'Horní Lhota'
    >>> infer_town(["Plán sociálního začleňování města Horní Údolí na období 2025–2027"])
    'Horní Údolí'
    >>> infer_town(["Bez názvu"]) is None
    True
    """
    nominative: Counter[str] = Counter()
    genitive: Counter[str] = Counter()
    for line in lines:
        for m in _TOWN.finditer(line):
            words = m["name"].split()
            if m["name"].isupper():
                words = [
                    w if w in _CONNECTORS else w.capitalize() for w in (x.lower() for x in words)
                ]
            if not words[0][:1].isupper():
                continue
            # "plán města Horní Údolí": a town's name after "města" / "obce" is printed as
            # it is named, unless its first word is declined ("města Kadaně")
            nominative_context = (
                bool(m["nom"])
                or (m["name"].isupper() and len(words) > 1)
                or (bool(m["of"]) and not _declined(words[0]))
            )
            if nominative_context:
                for k in range(1, len(words) + 1):
                    if words[k - 1] in _CONNECTORS:
                        continue
                    name = " ".join(words[:k])
                    # after "pod/nad/u/v/na" a capitalised word is part of the name even
                    # when it is a common noun ("pod Horou", "u Lesa")
                    # and after an adjective that opens the name a capitalised noun
                    # completes it ("Zadní Údolí", "Nové Město")
                    if (
                        (k > 1 and words[k - 2] in _CONNECTORS)
                        or (k == 2 and _adjective(words[0]))
                        or _town_like(words[k - 1])
                    ):
                        nominative[name] += 1
            elif simplemma.is_known(words[0], lang="cs") and _proper(words[0]):
                genitive[simplemma.lemmatize(words[0], lang="cs")] += 1
    if nominative:
        return _fullest(nominative)
    if genitive:
        return max(genitive.items(), key=lambda item: (item[1], len(item[0])))[0]
    return None


def _fullest(counts: Counter[str]) -> str:
    """The name seen most often (the longer on a tie), then any longer name extending it
    with "nad", "pod", "u", "v" or "na" that is seen at least half as often: a title broken
    before "nad Orlicí" names "Horní Ves" once more than the text names "Horní Ves nad
    Orlicí". An extension by other words must be seen as often as the name: "MěÚ Lipník
    Kamenná" once among many "Lipník", or "MěÚ Dolní Dvůr Senioři" (a target-group cell)
    beside "Město Dolní Dvůr", is the next phrase, not the name."""
    name, top = max(counts.items(), key=lambda item: (item[1], len(item[0])))
    while True:
        longer = [
            (c, n)
            for n, c in counts.items()
            if n.startswith(name + " ")
            and (c >= top or (2 * c >= top and n[len(name) + 1 :].split()[0] in _CONNECTORS))
        ]
        if not longer:
            return name
        name = max(longer, key=lambda item: (item[0], len(item[1])))[1]


_CONNECTORS = {"pod", "nad", "u", "v", "na"}


def _town_like(word: str) -> bool:
    """Whether a town's name may end with ``word``: a proper noun ("Lhota", "Smrkem") or a
    word simplemma does not know, but not an abbreviation ("NNO") or a common word
    ("Odborná", "Rodiny") that starts the next phrase."""
    if len(word) > 1 and word.isupper():
        return False
    return not simplemma.is_known(word, lang="cs") or _proper(word)


_CAPITAL = r"[^\W\d_a-zěščřžýáíéúůďťň][^\W\d_]*"
_TOWN = re.compile(
    r"(?:(?P<nom>\b(?:MěÚ|MÚ|Městský úřad|Město|Obec)\s)|(?P<of>(?i:\b(?:města|obce)\s))"
    r"|(?i:\bobyvatel\w*\s))"
    rf"(?P<name>{_CAPITAL}(?:\s+(?:(?i:pod|nad|u|v|na)\s+)?{_CAPITAL}){{0,3}})"
)


def _adjective(word: str) -> bool:
    """Whether ``word`` is a Czech adjective ("Zadní", "Nové", "Velká"): its lemma is a known
    lower-case word ending in -ý or -í."""
    lemma = simplemma.lemmatize(word.lower(), lang="cs")
    return lemma.endswith(("ý", "í")) and simplemma.is_known(word.lower(), lang="cs")


def _declined(word: str) -> bool:
    """Whether ``word`` is an inflected form of a proper name ("Kadaně" of "Kadaň")."""
    lemma = simplemma.lemmatize(word, lang="cs")
    return lemma != word and lemma[:1].isupper()


def _proper(name: str) -> bool:
    return simplemma.lemmatize(name, lang="cs")[:1].isupper()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text, tidy=True)).strip("-") or "plan"


def sniff(document: Document, profile: Profile | None = None) -> Sniff:
    """Whether ``document`` has the evaluation layout (in the words of ``profile``, the
    shipped evaluation profile by default), with a score and the reason.

    Examples
    --------
    >>> from vazby.loaders.lines import document_of_lines
    >>> doc = document_of_lines(["A.1/ RODINA", ("1 Priorita", "Rodina"),
    ...     ("1.1 Obecný cíl", "Cíl"), ("1.1.1 Opatření", "Kurzy"), ("Hodnocení:", "PLNĚNO"),
    ...     ("Garant:", "NNO")])
    >>> sniff(doc).score > 0
    True
    """
    words = _words(profile)
    name = (profile or shipped_profile("evaluation")).name
    counts: Counter[str] = Counter()
    for number, line in enumerate(document.lines, 1):
        heading = _heading(line, words)
        if heading:
            counts[heading[1]] += 1
            continue
        labelled = _label(line, document.cells(number), words)
        if labelled and (key := words.fields.key(labelled[0])):
            counts[key] += 1
    card = default_words().card
    cards = sum(1 for line in document.lines if card.match(line))
    if not counts["measure"]:
        return Sniff(0, f"{name} profile: no 'N.N.N Opatření<TAB>title' measure headings")
    if cards >= counts["measure"]:
        return Sniff(
            0, f"{name} profile: {cards} 'Opatření N.N.N.N' cards: the action-plan card layout"
        )
    score = 40 + 15 * bool(counts["specific"] or counts["strategic"])
    score += sum(10 for key in ("status", "guarantors", "target_groups", "cost") if counts[key])
    score += 5 * bool(counts["status"])
    reason = (
        f"{name} profile: {counts['measure']} 'N.N.N Opatření' headings, "
        f"{counts['specific']} general goals, {counts['strategic']} priorities, "
        f"{counts['status']} 'Hodnocení' fields"
    )
    return Sniff(min(score, 100), reason)


def load(document: Document, profile: Profile | None = None) -> LoadResult:
    """Load an evaluation document into a plan, its areas, goals, measures and budget lines.

    Parameters
    ----------
    document : Document
        The decoded document.
    profile : Profile, optional
        The layout's words; the shipped evaluation profile by default.

    Returns
    -------
    LoadResult
        ``loader="evaluation"``; records in document order (plan, then areas, goals and
        measures as they appear, then budget lines); diagnostics sorted by line.
    """
    state = _State(document, _words(profile))
    for n, raw in enumerate(document.lines, 1):
        if not raw.strip():
            state.blank = True
            continue
        _scan_line(state, n, raw)
        state.blank = False
    town = infer_town(document.lines)
    slug = f"{_slug(town)}-evaluation" if town else _slug(document.name.rsplit(".", 1)[0])
    title = state.title.text if state.title else document.name
    plan = Plan(
        slug=slug,
        title=title,
        town=town,
        kind="evaluation",
        source=document.span(1, max(len(document.lines), 1)),
        vision=state.vision.text if state.vision and state.vision.text else None,
    )
    names = (town,) if town else ()  # target-group cells keep the town's name whole
    records, diagnostics = assemble(document, slug, state.sections, state.cards, names)
    diagnostics = sorted([*state.diagnostics, *diagnostics], key=lambda d: (d.line, d.kind))
    return LoadResult(document, "evaluation", (plan, *records), tuple(diagnostics))
