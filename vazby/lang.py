"""Czech normalisation for matching mentions to concepts.

Czech inflects: one organisation is printed "Statutární město Ostrava", "statutárním městem
Ostrava", "Magistrát města Ostravy"; a kind of measure is "domovník-preventista" or
"domovníků-preventistů". Matching therefore compares *keys*, not strings:

- :func:`lemma_key` lemmatises every token with simplemma's Czech model, guards negation
  (simplemma turns "nestátní" into "státní"), splits hyphenated compounds, and folds
  diacritics. Tokens the lemmatiser does not know (proper names, rarer words such as
  "preventistů" or "statutárním") fall back to a light stemmer, so that their forms still
  meet.
- :func:`stem_key` stems every lemma as well; it is coarser and is used as a second tier when
  one form of a word is in the lemmatiser's dictionary and another is not
  or when the lemmatiser gives different lemmas for forms of one word.
- :func:`bag_key` is the sorted list of content stems: Czech word order is free
  ("ohrožené sociálním vyloučením" / "sociálním vyloučením ohrožené").
- :func:`slugify` makes ASCII slugs for IRIs.

The light stemmer follows the published light stemmer for Czech of Dolamic and Savoy
(2009, as in Lucene's ``CzechStemmer``): it removes case and possessive endings and undoes
the commonest alternations. It is a general algorithm, applied only where the lemmatiser has
no answer; it knows nothing of any particular document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

import simplemma

__all__ = [
    "tokens",
    "lemma",
    "lemma_key",
    "is_word",
    "broken_word",
    "stem_key",
    "bag_key",
    "light_stem",
    "slugify",
    "fold",
    "DASHES",
]

_TOKEN = re.compile(r"[^\W_]+|\+", re.UNICODE)
#: Function words that carry no meaning for matching: conjunctions and prepositions.
STOP_WORDS = frozenset(
    "a i nebo či ani s se v ve z ze k ke o u na do od po pro při za před mezi nad pod bez "
    "vč včetně jejich jeho její".split()
)


#: Every dash a converter may produce, for ranges and empty cells.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACE = re.compile(r"\s+")


def _letter_table(dashes: bool) -> dict[int, str]:
    """Latin letters with diacritics (U+00C0–U+024F) → their base letters; with ``dashes``,
    every dash → "-"."""
    table: dict[int, str] = {ord(dash): "-" for dash in DASHES} if dashes else {}
    for code in range(0xC0, 0x250):
        base = "".join(
            ch for ch in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(ch)
        )
        if base and base != chr(code):
            table[code] = base
    return table


_LETTERS = _letter_table(dashes=False)
_LETTERS_AND_DASHES = _letter_table(dashes=True)
#: Text the tables fold alone (ASCII, Latin letters; dashes where they become "-"); other
#: text is decomposed.
_LATIN = re.compile(r"[\x00-\x7f\u00c0-\u024f]*")
_LATIN_AND_DASHES = re.compile(r"[\x00-\x7f\u00c0-\u024f\u2010-\u2015\u2212]*")


@lru_cache(maxsize=131072)
def fold(text: str, *, tidy: bool = False) -> str:
    """Lower-case ``text`` and strip its diacritics (Unicode decomposition, so ligatures
    come apart too). With ``tidy``, for matching the labels of table cells and cards, also
    write every dash as "-" and runs of white space as one space, and strip the ends.

    Examples
    --------
    >>> fold("Úřad práce ČR")
    'urad prace cr'
    >>> fold("Žatec \u2013  MěÚ ", tidy=True), fold("Žatec \u2013  MěÚ ")
    ('zatec - meu', 'zatec \u2013  meu ')
    >>> fold("Oﬁcina")  # a ligature, outside the table: Unicode decomposition
    'oficina'
    """
    if tidy:
        table, latin = _LETTERS_AND_DASHES, _LATIN_AND_DASHES
    else:  # lower-cased first: a few letters decompose to capitals ("ᴬ" → "A") and stay so
        table, latin, text = _LETTERS, _LATIN, text.lower()
    if latin.fullmatch(text):
        text = text.translate(table)
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(table)
    return _SPACE.sub(" ", text.lower()).strip() if tidy else text


def tokens(text: str) -> list[str]:
    """Split ``text`` into lower-case word tokens; hyphens split compounds, ``+`` is kept.

    Examples
    --------
    >>> tokens("domovníků-preventistů, OPZ+")
    ['domovníků', 'preventistů', 'opz', '+']
    """
    return [m.group(0) for m in _TOKEN.finditer(text.lower())]


def _drop_ending(word: str) -> str:
    n = len(word)
    if n > 7 and word.endswith("atech"):
        return word[:-5]
    if n > 6 and word.endswith(("ětem", "etem", "atům")):
        return word[:-4]
    if n > 5 and word.endswith(
        (
            "ech", "ich", "ích", "ého", "ěmi", "emi", "ému", "ěte", "ete", "ěti", "eti",
            "ího", "iho", "ími", "ímu", "imu", "ách", "ata", "aty", "ých", "ama", "ami",
            "ové", "ovi", "ými",
        )
    ):  # fmt: skip
        return word[:-3]
    if n > 4 and word.endswith(
        ("em", "es", "ém", "ím", "ům", "at", "ám", "os", "us", "ým", "mi", "ou")
    ):
        return word[:-2]
    if n > 3 and word[-1] in "aeiouůyáéíýě":
        return word[:-1]
    return word


def _normalise_stem(word: str) -> str:
    if len(word) > 3 and word[-2] == "e" and word[-1] not in "aeiouyáéíóúůýě":
        word = word[:-2] + word[-1]  # the fleeting e: "Žatec" / "Žatce"
    if word.endswith("čt"):
        return word[:-2] + "ck"
    if word.endswith("št"):
        return word[:-2] + "sk"
    if word[-1:] in ("c", "č"):
        return word[:-1] + "k"
    if word[-1:] in ("z", "ž"):
        return word[:-1] + "h"
    if len(word) > 2 and word[-2] == "ů":
        return word[:-2] + "o" + word[-1]
    return word


def light_stem(word: str) -> str:
    """Stem one lower-case Czech word with the light stemmer of Dolamic and Savoy.

    Examples
    --------
    >>> light_stem("preventistů") == light_stem("preventista")
    True
    >>> light_stem("statutárním") == light_stem("statutární")
    True
    >>> light_stem("exekuci") == light_stem("exekuce")
    True
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    stem = _drop_ending(word)
    if len(stem) > 5 and stem.endswith(("ov", "in", "ův")):
        stem = stem[:-2]
    return _normalise_stem(stem) if stem else word


@lru_cache(maxsize=65536)
def lemma(token: str) -> str:
    """The lemma of one lower-case token, negation kept, unknown words lightly stemmed.

    simplemma drops the negative prefix ("nestátní" → "státní"); when the token began
    with "ne" and its lemma continues the rest of the token, the "ne" is put back.
    The superlative "nej-" is not a negation.

    Examples
    --------
    >>> lemma("nestátní"), lemma("neziskové"), lemma("státní")
    ('nestátní', 'neziskový', 'státní')
    >>> lemma("nejvyšší")
    'vysoký'
    >>> lemma("městem")
    'město'
    """
    if not token.isalpha():
        return token
    found = simplemma.lemmatize(token, lang="cs").lower()
    known = simplemma.is_known(token, lang="cs")
    if not known and found == token:
        return light_stem(token)
    if (
        token.startswith("ne")
        and not token.startswith("nej")
        and not found.startswith("ne")
        and len(token) > 4
        and fold(found[:2]) == fold(token[2:4])
    ):
        return "ne" + found
    return found


@lru_cache(maxsize=65536)
def is_word(token: str, *, inflected: bool = False) -> bool:
    """Whether simplemma's Czech lexicon holds the lower-case ``token``; with
    ``inflected``, also as an inflected form of a word it holds.

    Examples
    --------
    >>> is_word("financování"), is_word("financov"), is_word("ání")
    (True, False, False)
    >>> is_word("vyloučených"), is_word("vyloučených", inflected=True)
    (False, True)
    """
    if simplemma.is_known(token, lang="cs"):
        return True
    if not inflected:
        return False
    found = simplemma.lemmatize(token, lang="cs").lower()
    return found != token and simplemma.is_known(found, lang="cs")


def broken_word(
    head: str, tail: str, words: Collection[str] = frozenset(), *, narrow: bool = False
) -> bool:
    """Whether ``head`` at a line's end and ``tail`` at the next line's start are one word
    too long for its column, broken without a hyphen: neither half is one of the document's
    ``words`` (folded), the two together are; in a ``narrow`` table cell, also where the two
    together are a word (of the document or the lexicon) and one half is none of the
    lexicon's.

    Examples
    --------
    >>> broken_word("multidisciplinárn", "ích", {"multidisciplinárních"})
    True
    >>> broken_word("financov", "ání", narrow=True), broken_word("pro", "rodiny", narrow=True)
    (True, False)
    >>> broken_word("financován", "í", narrow=True), broken_word("Bukovin", "a", narrow=True)
    (True, False)
    """
    strip = ".,;:!?()„“”\"'"
    lower = tail.strip(strip)[:1].islower()
    head, tail = head.strip(strip).casefold(), tail.strip(strip).casefold()
    if not (head and tail and head[-1].isalpha() and tail[0].isalpha()):
        return False
    if head not in words and tail not in words and head + tail in words:
        return True
    if not (narrow and lower and (head + tail in words or is_word(head + tail, inflected=True))):
        return False
    # the halves by the lexicon alone (a borderless table's cells print them inside lines);
    # a single letter is a word only if Czech has it as one ("a", "k", "v"), not "í", "h"
    return not _one_word(head) or not _one_word(tail)


#: Czech words of one letter.
_ONE_LETTER = frozenset("aikosuvz")


def _one_word(token: str) -> bool:
    if len(token) == 1:
        return token in _ONE_LETTER
    return is_word(token)


def lemma_key(text: str) -> str:
    """A matching key: lemmas of the tokens, negation kept, diacritics folded.

    Examples
    --------
    >>> lemma_key("Nestátní neziskové organizace") == lemma_key("nestátní nezisková organizace")
    True
    >>> lemma_key("nestátní nezisková organizace") == lemma_key("státní zisková organizace")
    False
    >>> lemma_key("domovníků-preventistů") == lemma_key("domovník-preventista")
    True
    >>> lemma_key("statutárním městem Ostrava") == lemma_key("Statutární město Ostrava")
    True
    >>> lemma_key("Agenturou")
    'agentura'
    """
    return " ".join(fold(lemma(tok)) for tok in tokens(text))


def stem_key(text: str) -> str:
    """A coarser key: every lemma stemmed as well.

    Examples
    --------
    >>> stem_key("Rodiny s dětmi")
    'rodin s dit'
    >>> stem_key("zadlužené osoby") == stem_key("zadlužených osob")
    True
    """
    return " ".join(fold(light_stem(lemma(tok))) for tok in tokens(text))


def bag_key(text: str) -> str:
    """The sorted content stems (a multiset), for word-order variants; function words dropped.

    Examples
    --------
    >>> bag_key("ohrožené sociálním vyloučením") == bag_key("sociálním vyloučením ohrožené")
    True
    """
    stems = [fold(light_stem(lemma(tok))) for tok in tokens(text) if tok not in STOP_WORDS]
    return " ".join(sorted(stems))


def slugify(text: str) -> str:
    """An ASCII slug for IRIs: folded, non-alphanumerics turned into single hyphens.

    ``+`` becomes ``plus`` so that "OPZ" and "OPZ+" stay apart.

    Examples
    --------
    >>> slugify("Oblastní charita Most")
    'oblastni-charita-most'
    >>> slugify("OPZ+")
    'opz-plus'
    >>> slugify("  ")
    ''
    """
    text = fold(text).replace("+", " plus ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
