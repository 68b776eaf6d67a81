"""Person names as Czech documents print them: titles, lists, and inflected references.

Attendance lists run names together with commas ("Mgr. Jana Malá, Petr Vlk, DiS., Ing. Eva
Nová"); a converter sometimes leaves a full stop where a comma was ("Jana Malá. Eva Nová").
Academic titles stand before ("Mgr.", "Ing.", "PhDr.") or after a name ("DiS.", "Ph.D."),
and a suffix title may be cut off by a comma ("Petr Vlk, DiS."): it belongs to the name
before it, it is not a person of its own.

In prose the same people come back inflected and shortened ("pana Petra Vlka", "Ing. Malá",
"Pan Vlk Petr"). :func:`find_references` finds them by comparing light stems
(:func:`vazby.lang.light_stem`) of capitalised words with the stems of known names, so that
both the minutes loader (to avoid counting a person twice) and the redaction of names
(:mod:`vazby.loaders.redact`) see the same references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..lang import fold, light_stem
from .text import DASHES

__all__ = [
    "PREFIX_TITLES",
    "SUFFIX_TITLES",
    "ParsedName",
    "is_title",
    "split_names",
    "parse_name",
    "looks_like_name",
    "name_key",
    "Reference",
    "NameIndex",
]

#: Academic titles printed before a name (folded, without dots and spaces).
PREFIX_TITLES = frozenset(
    "bc bca mgr mga ing ingarch judr mudr mddr mvdr phdr rndr paeddr pharmdr thdr thlic "
    "rsdr dr doc prof".split()
)
#: Titles printed after a name.
SUFFIX_TITLES = frozenset("dis phd thd csc drsc mba llm msc ma ba mpa dba".split())

_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*", re.UNICODE)
_DASH_SPLIT = re.compile(rf"\s+[{re.escape(DASHES)}]\s+")


def _title_key(token: str) -> str:
    return fold(token).replace(".", "").replace(" ", "")


def is_title(token: str) -> bool:
    """Whether ``token`` is an academic title (before or after a name).

    Examples
    --------
    >>> is_title("Mgr."), is_title("DiS."), is_title("Ph.D."), is_title("Malá")
    (True, True, True, False)
    """
    return _title_key(token) in PREFIX_TITLES | SUFFIX_TITLES


def _is_initial(token: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]\.", token))


def split_names(text: str) -> list[str]:
    """Split an attendance list into one string per person, titles kept with their name.

    Commas and semicolons separate names; a piece that is only a suffix title ("DiS.")
    joins the name before it; a full stop after a surname followed by another name
    separates two people.

    Examples
    --------
    >>> split_names("Mgr. Jana Malá, Petr Vlk, DiS., Ing. Eva Nová")
    ['Mgr. Jana Malá', 'Petr Vlk, DiS.', 'Ing. Eva Nová']
    >>> split_names("Jana Malá. Eva Nová, ")
    ['Jana Malá', 'Eva Nová']
    """
    people: list[str] = []
    for piece in re.split(r"\s*[,;]\s*", text):
        piece = piece.strip()
        if not piece:
            continue
        if all(is_title(tok) for tok in piece.split()) and people:
            people[-1] = f"{people[-1]}, {piece}"
            continue
        current: list[str] = []
        for token in piece.split():
            current.append(token)
            if token.endswith(".") and not is_title(token) and not _is_initial(token):
                people.append(" ".join(current).rstrip("."))
                current = []
        if current:
            people.append(" ".join(current))
    return [cleaned for cleaned in (_trim(p) for p in people) if cleaned]


def _trim(entry: str) -> str:
    """Strip a stray full stop, but not the one of a trailing title ("DiS.")."""
    entry = entry.strip()
    if entry.endswith(".") and not is_title(entry.split()[-1]):
        entry = entry.rstrip(".").strip()
    return entry


@dataclass(frozen=True, slots=True)
class ParsedName:
    """One person as printed in a list: name without titles, titles, and what follows a dash.

    ``tail`` is the text after " – " or inside brackets: a role ("koordinátorka KP") when it
    begins with a lower-case letter, an organisation ("Státní zdravotní ústav") otherwise.
    """

    name: str
    title: str | None
    role: str | None
    organisation: str | None


def parse_name(text: str) -> ParsedName:
    """Parse one list entry into name, titles, role and organisation.

    Examples
    --------
    >>> parse_name("Ing. Eva Nová – koordinátorka KP")
    ParsedName(name='Eva Nová', title='Ing.', role='koordinátorka KP', organisation=None)
    >>> parse_name("Petr Vlk, DiS.")
    ParsedName(name='Petr Vlk', title='DiS.', role=None, organisation=None)
    >>> parse_name("Karel Los (Charita Dolní Ves)").organisation
    'Charita Dolní Ves'
    """
    tail: str | None = None
    parts = _DASH_SPLIT.split(text.strip(), maxsplit=1)
    head = parts[0]
    if len(parts) == 2:
        tail = parts[1].strip(" .,")
    else:
        bracket = re.search(r"\(([^()]+)\)\s*$", head)
        if bracket:
            tail = bracket.group(1).strip()
            head = head[: bracket.start()]
    titles: list[str] = []
    words: list[str] = []
    for token in head.replace(",", " ").split():
        if is_title(token):
            titles.append(token if token.endswith(".") or token.isupper() else token + ".")
        else:
            words.append(token)
    role = organisation = None
    if tail:
        if tail[0].islower():
            role = tail
        else:
            organisation = tail
    return ParsedName(" ".join(words).strip(" ."), " ".join(titles) or None, role, organisation)


def looks_like_name(name: str) -> bool:
    """Whether ``name`` reads as a person's name: one to four capitalised words.

    Examples
    --------
    >>> looks_like_name("Eva Nová"), looks_like_name("zástupce MAS")
    (True, False)
    """
    words = name.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words)


def name_key(name: str) -> str:
    """A normalised key of a name: titles dropped, folded, tokens sorted.

    "Vlk Petr" and "Petr Vlk" have one key, so that one person is one key across documents.

    Examples
    --------
    >>> name_key("Ing. Petr Vlk") == name_key("Vlk Petr")
    True
    """
    words = [fold(w) for w in _WORD.findall(name) if not is_title(w) and not is_title(w + ".")]
    return " ".join(sorted(words))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return fold(light_stem(word.lower()))


@dataclass(frozen=True, slots=True)
class Reference:
    """A stretch of text that names a known person: ``text[start:end]`` is person ``index``."""

    start: int
    end: int
    index: int


class NameIndex:
    """Known names, to find their (inflected, shortened) references in prose.

    A reference is a run of capitalised words that contains a surname of a known person
    (any word of the name but the first, or the only word), optionally with that person's
    given name before or after it and academic titles before it.

    Examples
    --------
    >>> index = NameIndex(["Petr Vlk", "Eva Nová"])
    >>> text = "Pan Vlk Petr přivítal pana Petra Vlka a Ing. Novou."
    >>> [(text[r.start:r.end], r.index) for r in index.references(text)]
    [('Vlk Petr', 0), ('Petra Vlka', 0), ('Ing. Novou', 1)]
    >>> listed = "Eva Nová, DiS., Petr Vlk"
    >>> [listed[r.start:r.end] for r in index.references(listed)]
    ['Eva Nová', 'Petr Vlk']
    >>> twins = NameIndex(["Jana Bílá", "Petr Bílý"])
    >>> [r.index for r in twins.references("Petr Bílý a paní Bílá")]
    [1, 0]
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self._surnames: dict[str, list[int]] = {}
        self._stems: dict[int, set[str]] = {}
        self._given: dict[int, set[str]] = {}
        for index, name in enumerate(self.names):
            words = [w for w in _WORD.findall(name) if not is_title(w + ".") and not is_title(w)]
            if not words:
                continue
            surnames = words[1:] if len(words) > 1 else words
            for word in surnames:
                self._surnames.setdefault(_stem(word), []).append(index)
            self._given[index] = {_stem(words[0])} if len(words) > 1 else set()
            self._stems[index] = {_stem(w) for w in words}

    def person_of(self, word: str) -> int | None:
        """The index of the (first) person whose surname ``word`` is a form of, or None."""
        if not word[:1].isupper():
            return None
        found = self._surnames.get(_stem(word))
        return found[0] if found else None

    def references(self, text: str) -> list[Reference]:
        """Every reference to a known person in ``text``, left to right."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
        found: list[Reference] = []
        i = 0
        while i < len(tokens):
            word = _WORD.search(tokens[i][2])
            index = self.person_of(word.group(0)) if word else None
            if index is None:
                i += 1
                continue
            first = last = i
            candidates = self._surnames[_stem(word.group(0))] if word else [index]
            stems = set().union(*(self._stems[c] for c in candidates))
            while (
                last + 1 < len(tokens)
                and tokens[last][2][-1:].isalpha()
                and self._is_part(tokens[last + 1][2], stems)
            ):
                last += 1
            while (
                first > 0
                and tokens[first - 1][2][-1:].isalpha()
                and self._is_part(tokens[first - 1][2], stems)
            ):
                first -= 1
            run = {
                _stem(m.group(0)) for _, _, t in tokens[first : last + 1] for m in _WORD.finditer(t)
            }
            # Two people who share a surname: the given name next to it decides.
            index = next((c for c in candidates if self._given[c] & run), candidates[0])
            while first > 0 and _title_key(tokens[first - 1][2]) in PREFIX_TITLES:
                first -= 1
            start = tokens[first][0]
            end = tokens[last][1]
            while end > start and not text[end - 1].isalnum() and text[end - 1] != ".":
                end -= 1
            if text[end - 1] == "." and not is_title(text[tokens[last][0] : end]):
                end -= 1
            found.append(Reference(start, end, index))
            i = last + 1
        return found

    @staticmethod
    def _is_part(token: str, stems: set[str]) -> bool:
        word = _WORD.search(token)
        if word is None or word.start() != 0 or not word.group(0)[:1].isupper():
            return False
        return _stem(word.group(0)) in stems and len(token) - word.end() <= 1
