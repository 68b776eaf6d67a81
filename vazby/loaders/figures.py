"""Figures stated in running Czech text: a number and the unit it counts.

"zaměstnání 187 osob" → 187 osob; "pokles … o 46 procent" → 46 procent; "(31 pracovních
míst, 16 osob pracuje druhým rokem, 15 vstoupilo do systému)" → 31 pracovních míst, 16 osob,
15 osob. The reading, word by word:

* a number is digits ("187", "3 754", "2,5"), a percentage ("46 %"), a fraction ("1/3",
  kept as a share in percent: 33.33 procent, the raw text keeps "1/3"), a count of times
  ("domovní schůze 6x": the unit is the noun phrase before it), or a cardinal word from two
  to twenty in any case ("dvou", "šesti", "tři");
* its unit is the noun phrase right after it: adjectives are taken up to their noun
  ("pracovních míst", "startovací byty"), told apart with simplemma's lemmas (an
  adjective's lemma ends in -ý/-í); a preposition, conjunction, verb or adverb is no unit;
* a number with no noun of its own ("15 vstoupilo", "143 (2014)", "56 z nich") counts the
  unit of the figure before it in the same text; "4 z 5 základních škol" counts the unit of
  the number after "z";
* years are not figures ("(2013)", "v roce 2013", "2011–2014"), nor are durations
  ("za poslední dva roky") or ordinals ("28. října").
"""

from __future__ import annotations

import re
from decimal import Decimal

import simplemma

from .ranges import sensible
from .records import Figure

__all__ = ["parse_figures"]

_TOKEN = re.compile(
    r"(?P<frac>\d+/\d+)"
    r"|(?P<num>\d{1,3}(?:[ \xa0\u202f]\d{3})+(?:,\d+)?(?![\d,])|\d+(?:,\d+)?)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<punct>\S)"
)
#: Prepositions, conjunctions and relative pronouns: closed word classes, never a unit.
_JOINERS = frozenset(
    """a i ani nebo či ale s se v ve z ze k ke ku na o u do od ode pro při po za mezi nad pod
    před bez přes proti kromě dle podle vůči mimo než jak jako což který která které""".split()
)
_CARDINALS = {
    "dva": 2, "tři": 3, "čtyři": 4, "pět": 5, "šest": 6, "sedm": 7, "osm": 8, "devět": 9,
    "deset": 10, "jedenáct": 11, "dvanáct": 12, "třináct": 13, "čtrnáct": 14, "patnáct": 15,
    "šestnáct": 16, "sedmnáct": 17, "osmnáct": 18, "devatenáct": 19, "dvacet": 20,
}  # fmt: skip
#: Lemmas of time units: "dva roky" is a duration, not an outcome.
_TIME_UNITS = frozenset({"rok", "léto", "měsíc", "týden", "den"})
#: Lemmas of words that make the number after them a year.
_YEAR_WORDS = frozenset({"rok", "období", "léto"})
_APPROX_WORDS = frozenset(
    {"cca", "přibližně", "zhruba", "asi", "okolo", "kolem", "odhadem", "téměř"}
)
_SCALES = {"tis": Decimal(1000), "mil": Decimal(10) ** 6, "mld": Decimal(10) ** 9}
_INFINITIVE = ("at", "át", "et", "ět", "it", "ít", "out", "ýt", "ct", "ci", "ést", "st")
_FINITE = ("l", "la", "lo", "li", "ly", "no", "na", "ny", "ni", "en", "je", "jí", "ou", "á", "í")
_ADJ_ENDINGS = ("ých", "ích", "ými", "ími", "ého", "ému", "ý", "í")
_CLAUSE_BREAK = frozenset("(),;:")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


class _Tok:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int, end: int) -> None:
        self.kind, self.text, self.start, self.end = kind, text, start, end


_Found = dict[int, tuple[Decimal, str | None, int]]


def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word.lower(), lang="cs")).lower()


def _known(word: str) -> bool:
    return bool(simplemma.is_known(word.lower(), lang="cs"))


def _is_verb(word: str) -> bool:
    low = word.lower()
    lem = _lemma(low)
    if lem != low and len(lem) > 3 and lem.endswith(_INFINITIVE) and low.endswith(_FINITE):
        return True
    return not _known(low) and lem == low and low.endswith(("lo", "la", "li", "ly", "no", "ny"))


def _is_adverb(word: str, value: Decimal) -> bool:
    low = word.lower()
    return value != 1 and _known(low) and _lemma(low) == low and low.endswith(("o", "ě"))


def _is_adjective(word: str) -> bool:
    low = word.lower()
    if _known(low):
        return _lemma(low).endswith(("ý", "í"))
    return low.endswith(_ADJ_ENDINGS)


def _content_word(tok: _Tok | None, value: Decimal) -> bool:
    if tok is None or tok.kind != "word" or tok.text.lower() in _JOINERS:
        return False
    return not _is_verb(tok.text) and not _is_adverb(tok.text, value)


def _unit_after(toks: list[_Tok], j: int, value: Decimal) -> tuple[str | None, int]:
    """The unit phrase from token ``j`` and the index after it; "" for a duration."""
    if j >= len(toks):
        return None, j
    tok = toks[j]
    if tok.kind == "punct" and tok.text == "%":
        return "procent", j + 1
    if tok.kind == "word" and tok.text.lower() == "kč":
        return "Kč", j + 1
    if not _content_word(tok, value):
        return None, j
    if _lemma(tok.text) in _TIME_UNITS:
        return "", j + 1
    words = [tok.text]
    k = j + 1
    while _is_adjective(words[-1]) and len(words) < 4:
        nxt = toks[k] if k < len(toks) else None
        if nxt is None or not _content_word(nxt, value):
            break
        words.append(nxt.text)
        k += 1
    return " ".join(words), k


def _decimal(text: str) -> Decimal:
    return Decimal(re.sub(r"[ \xa0\u202f]", "", text).replace(",", "."))


def _tidy(value: Decimal) -> Decimal:
    """A decimal without trailing zeros and never in exponent notation."""
    if not sensible(value):  # left as it is: load_path drops it with a diagnostic
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _is_year(toks: list[_Tok], i: int, unit: str | None) -> bool:
    if not re.fullmatch(r"(?:19|20)\d{2}", toks[i].text):
        return False
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is not None and prev.kind == "word" and _lemma(prev.text) in _YEAR_WORDS:
        return True
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return True
    if nxt is not None and nxt.text in _DASHES or prev is not None and prev.text in _DASHES:
        return True
    return unit is None


def _times_unit(toks: list[_Tok], i: int) -> str:
    """The noun phrase before "6x", back to the previous clause break."""
    k = i - 1
    while k >= 0 and not (toks[k].kind == "punct" and toks[k].text in _CLAUSE_BREAK):
        k -= 1
    words = [t.text for t in toks[k + 1 : i] if t.kind == "word"]
    return " ".join(words[-3:]) if words else "krát"


def _is_ordinal(toks: list[_Tok], i: int) -> bool:
    """ "28. října", "1. 5.": a number with a dot before a lower-case word or a number."""
    if i + 2 >= len(toks) or toks[i + 1].text != ".":
        return False
    after = toks[i + 2]
    return after.kind == "num" or (after.kind == "word" and after.text[:1].islower())


def _read(toks: list[_Tok], i: int, found: _Found, pending: list[int]) -> None:
    """Read the figure at token ``i``, if it is one, into ``found``."""
    tok = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if tok.kind == "frac":
        num, den = (int(p) for p in tok.text.split("/"))
        if den:
            share = (Decimal(100 * num) / Decimal(den)).quantize(Decimal("0.01"))
            found[i] = (_tidy(share), "procent", i + 1)
        return
    if tok.kind == "word":
        if _lemma(tok.text) in _CARDINALS:
            value = Decimal(_CARDINALS[_lemma(tok.text)])
            unit, end = _unit_after(toks, i + 1, value)
            if unit:
                found[i] = (value, unit, end)
        return
    if tok.kind != "num" or _is_ordinal(toks, i):
        return
    value = _decimal(tok.text)
    if nxt is not None and nxt.kind == "word" and nxt.start == tok.end and nxt.text in "xX×":
        found[i] = (_tidy(value), _times_unit(toks, i), i + 2)
        return
    j = i + 1
    if nxt is not None and nxt.kind == "word" and nxt.text.lower() in _SCALES:
        value *= _SCALES[nxt.text.lower()]
        j = i + 3 if i + 2 < len(toks) and toks[i + 2].text == "." else i + 2
    unit, end = _unit_after(toks, j, value)
    if unit == "" or _is_year(toks, i, unit):
        return
    found[i] = (_tidy(value), unit, end)
    if unit is None:
        pending.append(i)


def _resolve_elided(toks: list[_Tok], found: _Found, pending: list[int]) -> None:
    """Give a number without a noun the unit of "z 5 <unit>" after it or of the figure before."""
    for i in pending:
        value = found[i][0]
        unit: str | None = None
        if i + 2 < len(toks) and toks[i + 1].text.lower() in ("z", "ze") and (i + 2) in found:
            unit = found[i + 2][1]
        if unit is None:
            before = [found[k][1] for k in sorted(found) if k < i and found[k][1]]
            unit = before[-1] if before else None
        found[i] = (value, unit, i + 1)


def parse_figures(text: str) -> tuple[Figure, ...]:
    """The figures a text states, in order.

    Parameters
    ----------
    text : str
        Running text, cleaned of markup.

    Returns
    -------
    tuple of Figure
        One per number with a unit; ``raw`` is the number and its unit as printed.

    Examples
    --------
    >>> def show(text):
    ...     return [(str(f.quantity), f.unit) for f in parse_figures(text)]
    >>> show("zaměstnání 187 osob z řad nezaměstnaných")
    [('187', 'osob')]
    >>> show("31 pracovních míst, 15 vstoupilo letos")
    [('31', 'pracovních míst'), ('15', 'pracovních míst')]
    >>> show("zapojení 80 dětí (2019) a 95 (2020)")
    [('80', 'dětí'), ('95', 'dětí')]
    >>> show("pokles za dva roky o 12 %")
    [('12', 'procent')]
    """
    toks = [
        _Tok(m.lastgroup or "punct", m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]
    found: _Found = {}
    pending: list[int] = []
    for i in range(len(toks)):
        _read(toks, i, found, pending)
    _resolve_elided(toks, found, pending)
    figures = []
    for i in sorted(found):
        value, unit, end = found[i]
        if not unit:
            continue
        approximate = i > 0 and toks[i - 1].text.lower() in _APPROX_WORDS
        start = i - 1 if approximate else i
        raw = text[toks[start].start : toks[max(end, i + 1) - 1].end]
        figures.append(Figure(value, unit, raw, approximate=approximate))
    return tuple(figures)
