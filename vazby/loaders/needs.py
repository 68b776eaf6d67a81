"""Read the free text of "Vazba na analýzu, další opatření a cíle" into links.

The field says, in prose, which needs and problems from the analysis a measure answers,
which other thematic areas it strengthens and, sometimes, which measures or goals it
builds on::

    Reaguje na definovaný problém nedostatečná výživa, nevhodné stravovací návyky
    Potřeba definovaná pracovní skupinou: nízká informovanost rodičů, slabá spolupráce
    Posiluje opatření v oblasti zaměstnanosti
    Navazuje na opatření 1.1.2

Rules, phrase by phrase (sentences split at ". " before a capital letter, phrases at
commas and semicolons outside parentheses, but not before a relative clause: ", která …"
belongs to the phrase before it):

* a dotted number ("1.1.2") is a reference: a ``measure`` when it has as many parts as the
  layout's measure numbers, a ``goal`` otherwise; qualified with the section;
* a phrase that speaks of measures or an area ("opatření", "oblast") and names a word of
  another area's title — compared by lemma (simplemma) and without diacritics, against the
  titles of the same document — is an ``area`` link to that area;
* anything else is a ``need``: lead-ins such as "Reaguje na definovaný problém" are
  stripped, and so is where the need was found ("Vychází z analýzy, která popsala X" is
  the need X); "Potřeba definovaná X: a, b" gives the needs "a" and "b", each with the
  definer kept in brackets. A phrase nothing else fits is a need too: never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import simplemma

from ..lang import fold
from .records import Link, SourceSpan
from .text import split_top

__all__ = ["parse_links", "needs_of", "split_phrases", "strip_lead_in", "match_areas"]

_REF = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3})+(?![\d])")
#: Words that announce a reference to other measures or to an area (folded lemmas).
_AREA_CUES = frozenset({"opatreni", "oblast"})
#: "Potřeba definovaná skupinou prevence kriminality: …" — who defined the needs.
_DEFINER = re.compile(
    r"^(?P<lead>potřeb\w*\s+definovan\w*\b.*?)\s*(?::|\s[–-]\s)\s*(?P<rest>.*)$", re.I
)
#: Verbs that introduce a need; then, optionally, "definovaný problém" and the like.
_VERB = re.compile(
    r"^(?:opatření\s+)?(?:reaguje\s+na|reagující\s+na|odpovídá\s+na|posiluje|podporuje"
    r"|eliminuje|řeší)\s+",
    re.I,
)
_PROBLEM = re.compile(
    r"^(?:(?:definovan|zjištěn|popsan)\w*\s+)?(?:problém|potřeb)\w*\s+(?!a\s)", re.I
)
#: A relative pronoun opens a clause about the phrase before it, not a new item of a list.
_RELATIVE = re.compile(r"^(?:kter[ýáéí]\w*|jež|jenž|již|jejichž|jehož|což|kde)\b", re.I)
#: "Vychází z analýzy, která popsala X": where the need was found; X is the need.
_SOURCE = re.compile(
    r"^vychází\s+z(?:e)?\s+(?:\w+\s+)?(?:analýz|šetřen|výzkum|průzkum|mapován|zjištěn)\w*"
    r"\s*,\s*(?:kter\w+|jež|jenž)\s+(?:popsal|zjistil|identifikoval|ukázal|potvrdil"
    r"|pojmenoval|definoval)\w*\s+",
    re.I,
)
#: Prepositions: a need does not start with one ("problémy napříč analýzami").
_PREPOSITIONS = frozenset(
    "s se v ve z ze k ke na o u do od pro při po za mezi nad pod před bez přes napříč dle".split()
)


@lru_cache(maxsize=8192)
def _forms(word: str) -> frozenset[str]:
    """A word's folded form and folded lemma, for comparisons that ignore inflection."""
    lower = word.lower()
    return frozenset(
        {fold(lower, tidy=True), fold(simplemma.lemmatize(lower, lang="cs"), tidy=True)}
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def split_phrases(text: str) -> list[list[str]]:
    """Split the text into sentences, and each sentence into comma-separated phrases.

    A full stop ends a sentence only before a capital letter, so "soc. izolace" stays.

    Examples
    --------
    >>> split_phrases("Nízká informovanost, soc. izolace. Posiluje opatření")
    [['Nízká informovanost', 'soc. izolace'], ['Posiluje opatření']]
    """
    text = " ".join(text.split())
    sentences, start = [], 0
    for stop in re.finditer(r"[.!?]\s+", text):
        if text[stop.end()].isupper():
            sentences.append(text[start : stop.start() + 1])
            start = stop.end()
    sentences.append(text[start:])
    result = []
    for sentence in sentences:
        sentence = sentence.strip().rstrip(".").strip()
        if not sentence:
            continue
        phrases: list[str] = []
        for phrase in split_top(sentence, ",;"):
            if phrases and _RELATIVE.match(phrase.strip()):
                phrases[-1] = f"{phrases[-1].rstrip()}, {phrase.strip()}"
            else:
                phrases.append(phrase)
        result.append([p for p in phrases if p.strip(" .-–")])
    return [phrases for phrases in result if phrases]


def strip_lead_in(phrase: str) -> str:
    """Remove the verb that introduces a need ("Reaguje na definovaný problém …").

    "definovaný problém" goes too unless what is left would start with a preposition.

    Examples
    --------
    >>> strip_lead_in("Reaguje na definovaný problém nízká docházka")
    'nízká docházka'
    >>> strip_lead_in("Reaguje na definované problémy napříč analýzami")
    'definované problémy napříč analýzami'
    >>> strip_lead_in("eliminuje bariéry pro vstup na trh práce")
    'bariéry pro vstup na trh práce'
    >>> strip_lead_in("Vychází z analýzy, která popsala nízkou docházku")
    'nízkou docházku'
    """
    phrase = _SOURCE.sub("", phrase, count=1)
    verb = _VERB.sub("", phrase, count=1).strip()
    if verb and verb != phrase:
        phrase = verb
        problem = _PROBLEM.sub("", phrase, count=1).strip()
        if problem and problem.split()[0].lower() not in _PREPOSITIONS:
            phrase = problem
    phrase = phrase.strip()
    if phrase.count(")") > phrase.count("("):
        phrase = phrase.rstrip(")").strip()
    return phrase


def match_areas(phrase: str, areas: Mapping[str, str], own: str | None = None) -> list[str]:
    """The ids of the areas (other than ``own``) whose title a measure-or-area phrase names.

    Examples
    --------
    >>> areas = {"A.1": "RODINA a ŠKOLA", "A.2": "ZAMĚSTNANOST"}
    >>> match_areas("Posiluje opatření v oblasti zaměstnanosti", areas, own="A.1")
    ['A.2']
    >>> match_areas("Nízká zaměstnanost", areas, own="A.1")
    []
    """
    lower = phrase.lower()
    if "opat" not in lower and "oblast" not in lower:
        return []  # cheap test first: no word that could announce an area
    forms = [_forms(w) for w in _words(phrase)]
    if not any(f & _AREA_CUES for f in forms):
        return []
    content = set().union(*(f for f in forms if not f & _AREA_CUES and len(min(f)) > 2))
    return [
        area_id
        for area_id, title in areas.items()
        if area_id != own and content & _title_forms(title)
    ]


@lru_cache(maxsize=1024)
def _title_forms(title: str) -> frozenset[str]:
    return frozenset().union(*(_forms(w) for w in _words(title) if len(w) > 2))


def _reference_links(
    phrase: str, section: str | None, measure_depth: int, source: SourceSpan
) -> list[Link]:
    links = []
    for match in _REF.finditer(phrase):
        number = match.group(0)
        depth = number.count(".") + 1
        kind, target_type = ("measure", "Measure") if depth == measure_depth else ("goal", "Goal")
        target = f"{section}/{number}" if section else number
        links.append(Link(kind, target, phrase, source, target_type))
    return links


def parse_links(
    text: str,
    *,
    source: SourceSpan,
    areas: Mapping[str, str],
    section: str | None = None,
    measure_depth: int = 3,
) -> tuple[Link, ...]:
    """Turn a "Vazba na …" text into needs, area links and measure or goal references.

    Parameters
    ----------
    text : str
        The field's text as printed.
    source : SourceSpan
        The lines of the field; every link carries it.
    areas : Mapping[str, str]
        Area id → title, for the areas of the same document.
    section : str, optional
        The id of the measure's own area: it is never linked to itself, and numbers are
        qualified with it ("B.1/1.1.2").
    measure_depth : int
        How many parts a measure number has in this layout (``1.1.1``: 3).

    Returns
    -------
    tuple of Link
        In the order of the text. Targets of measure and goal links are not checked here.

    Examples
    --------
    >>> span = SourceSpan("x.txt", "0", 5, 5)
    >>> areas = {"A.1": "RODINA", "A.2": "BYDLENÍ"}
    >>> for link in parse_links("Reaguje na problém chudoba. Posiluje opatření v oblasti "
    ...                         "bydlení, viz 1.2.1", source=span, areas=areas, section="A.1"):
    ...     print(link.kind, link.target, link.raw)
    need None chudoba
    area A.2 Posiluje opatření v oblasti bydlení
    measure A.1/1.2.1 viz 1.2.1
    """
    links: list[Link] = []
    for phrases in split_phrases(text):
        definer: str | None = None
        first = _DEFINER.match(phrases[0])
        if first and first.group("rest").strip():
            definer = first.group("lead").strip()
            phrases = [first.group("rest").strip(), *phrases[1:]]
        for phrase in phrases:
            references = _reference_links(phrase, section, measure_depth, source)
            if references:
                links.extend(references)
                continue
            area_ids = match_areas(phrase, areas, own=section)
            if area_ids:
                links.extend(Link("area", a, phrase, source, "ThematicArea") for a in area_ids)
                continue
            need = strip_lead_in(phrase)
            if definer:
                need = f"{need} ({definer})"
            links.append(Link("need", None, need, source, "Need"))
    return tuple(links)


def needs_of(
    text: str, source: SourceSpan, areas: Mapping[str, str], area: str | None = None
) -> tuple[Link, ...]:
    """The needs and area links of a "Vazba na …" text whose numbers a layout reads its own
    way: the phrases with a number are left to it.

    Examples
    --------
    >>> span = SourceSpan("x.txt", "0", 5, 5)
    >>> [(link.kind, link.raw) for link in needs_of("Reaguje na problém chudoba, viz 1.2",
    ...                                              span, {})]
    [('need', 'chudoba')]
    """
    found = parse_links(text, source=source, areas=areas, section=area)
    return tuple(link for link in found if link.kind in ("need", "area"))
