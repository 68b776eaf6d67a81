"""How Czech text names bodies, read the same way by the loaders and the resolver.

An abbreviation has two or more capitals ("NNO", "MěÚ"); a proper name is a capitalised word
whose lemma stays capitalised ("Žatec"); a part after a comma that starts with an
abbreviation goes on naming whose people a group is ("Pracovníci MěÚ, NNO a Úřadu práce").
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from .lang import fold, lemma

__all__ = [
    "UPPER",
    "LOWER",
    "LEADING_PUNCT",
    "LEGAL_FORM",
    "is_legal_form",
    "cased_lemma",
    "continues_bodies",
    "is_abbreviation",
    "is_proper_name",
    "named_tokens",
]

#: Czech capital and small letters, for a regular expression's character class ("[{UPPER}]").
UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
LOWER = "a-záčďéěíňóřšťúůýž"

LEADING_PUNCT = "\"'„“‚‘«»([{-–—•*"

#: A Czech legal form printed after a body's name, without its final dot: "z. s." (spolek),
#: "o. p. s.", "s. r. o." / "spol. s r. o.", "z. ú.", "a. s.", "o. s.", "p. o.", "v. o. s.".
LEGAL_FORM = (
    r"(?:spol\.\s?s\s?r\.\s?o|o\.\s?p\.\s?s|s\.\s?r\.\s?o|v\.\s?o\.\s?s"
    r"|z\.\s?s|z\.\s?ú|a\.\s?s|o\.\s?s|p\.\s?o)"
)
_LEGAL_FORM_ALONE = re.compile(rf"\s*{LEGAL_FORM}\.?\s*", re.IGNORECASE)


def is_legal_form(text: str) -> bool:
    """Whether ``text`` is a legal form alone ("z. s.", "o.p.s"), as after a comma.

    >>> is_legal_form(" z. s."), is_legal_form("spol. s r. o."), is_legal_form("NNO")
    (True, True, False)
    """
    return _LEGAL_FORM_ALONE.fullmatch(text) is not None


def is_abbreviation(token: str) -> bool:
    """Whether a token is an abbreviation: two or more capital letters ("NNO", "MěÚ", "OPZ+").

    Examples
    --------
    >>> is_abbreviation("MěÚ"), is_abbreviation("NNO"), is_abbreviation("Osoby")
    (True, True, False)
    """
    return sum(ch.isupper() for ch in token) >= 2


@lru_cache(maxsize=4096)
def cased_lemma(word: str) -> str:
    """simplemma's Czech lemma of a word, its case kept ("Žatce" → "Žatec")."""
    return simplemma.lemmatize(word, lang="cs")


def is_proper_name(token: str) -> bool:
    """Whether a capitalised word is a proper name: its lemma stays capitalised.

    simplemma knows Czech place names and lemmatises them to the capitalised nominative
    ("Žatce" → "Žatec"), while common nouns lose the capital ("Pracovníci" → "pracovník").
    Words the lemmatiser does not know are not taken for proper names.

    Examples
    --------
    >>> is_proper_name("Žatec"), is_proper_name("Pracovníci")
    (True, False)
    """
    word = token.strip(LEADING_PUNCT + ".,;:)]}")
    if not word[:1].isupper() or not word.isalpha():
        return False
    if not simplemma.is_known(word, lang="cs"):
        return False
    return cased_lemma(word)[:1].isupper()


def _name_key(token: str) -> str:
    """How a word of a known name is compared: its lemma, folded ("Starého" → "stary")."""
    return fold(lemma(token.strip(LEADING_PUNCT + ".,;:)]}").lower()))


def named_tokens(tokens: list[str], names: tuple[str, ...]) -> frozenset[int]:
    """The indices of the tokens that stand in a run of words equal to one of ``names``.

    Examples
    --------
    >>> sorted(named_tokens("Pracovníci MěÚ Dolní Dvůr Senioři".split(), ("Dolní Dvůr",)))
    [2, 3]
    >>> sorted(named_tokens("Obyvatelé Starého Údolí".split(), ("staré  údolí",)))
    [1, 2]
    >>> named_tokens("Dolní Senioři".split(), ("Dolní Dvůr",))
    frozenset()
    """
    if not names:
        return frozenset()
    keys = [_name_key(token) for token in tokens]
    found: set[int] = set()
    for name in names:
        wanted = [_name_key(word) for word in name.split()]
        size = len(wanted)
        for start in range(len(keys) - size + 1 if size else 0):
            if keys[start : start + size] == wanted:
                found.update(range(start, start + size))
    return frozenset(found)


def continues_bodies(group: str, part: str, names: tuple[str, ...] = ()) -> bool:
    """Whether a part after a comma goes on naming whose people ``group`` is: the group is a
    word, then only abbreviations and proper names ("Pracovníci MěÚ", "Klienti OSPOD
    Žatec"; the words of ``names`` count as proper names), and the part starts with an
    abbreviation ("NNO a Úřadu práce").

    Examples
    --------
    >>> continues_bodies("Pracovníci MěÚ", "NNO a Úřadu práce"), continues_bodies("Senioři", "NNO")
    (True, False)
    >>> continues_bodies("Pracovníci MěÚ Dolní Dvůr", "NNO", names=("Dolní Dvůr",))
    True
    """
    words, first = group.split(), part.split()[:1]
    if len(words) < 2 or words[0].isupper() or not first:  # in capitals, every word looks
        return False  # like an abbreviation
    if not is_abbreviation(first[0]):
        return False
    named = named_tokens(words, names)
    return all(
        k in named or is_abbreviation(w) or is_proper_name(w) for k, w in enumerate(words[1:], 1)
    )
