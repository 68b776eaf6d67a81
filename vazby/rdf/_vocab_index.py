"""The lookup tables behind :mod:`vazby.rdf.resolve`: vocabulary labels by matching key.

Built once per base IRI from the shipped Turtle files and shared by every resolver view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..lang import STOP_WORDS, bag_key, fold, lemma, lemma_key, light_stem, stem_key
from ..ontology import load_vocabularies
from ..ontology.namespace import DEFAULT_BASE, VOCAB, VZ
from .iris import local_name

__all__ = ["Entry", "VocabularyIndex", "vocabulary_index", "phrase_tokens"]

_TOKEN = re.compile(r"[^\W_]+|\+", re.UNICODE)
_SPACE = re.compile(r"\s+")
_SCHEME_IRIS = {
    "actor": VOCAB["actor"],
    "target-group": VOCAB["target-group"],
    "funding-source": VOCAB["funding-source"],
    "status": VOCAB["status"],
    "measure-kind": VOCAB["measure-kind"],
}
_TOWN_SCOPED = VOCAB["actor-type/town-scoped"]
#: Memoised lookups kept before the memo is emptied (bounds memory on huge corpora).
_MEMO_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One resolvable vocabulary item: a concept, a curated actor or a generic kind."""

    iri: URIRef
    label: str
    label_en: str | None
    scheme: str
    slug: str
    generic: bool = False
    town_scoped: bool = False
    actor_type: URIRef | None = None
    #: A top concept; measure kinds' top concepts only group and classify nothing.
    top: bool = False


@lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    return fold(light_stem(lemma(token)))


def _is_abbreviation(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2


def phrase_tokens(text: str, drop_stop_words: bool = True) -> list[tuple[str, bool]]:
    """The matching keys of a text's tokens, each with whether it was printed as an abbreviation.

    Examples
    --------
    >>> phrase_tokens("asistentů prevence kriminality (APK)")
    [('asistent', False), ('prevenk', False), ('kriminalit', False), ('apk', True)]
    """
    out: list[tuple[str, bool]] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        low = word.lower()
        if drop_stop_words and low in STOP_WORDS:
            continue
        out.append((_token_key(low), _is_abbreviation(word)))
    return out


@dataclass
class _Scheme:
    exact: dict[str, tuple[Entry, str]] = field(default_factory=dict)
    # None marks a key that two entries share: ambiguous, so it answers for neither
    lemma: dict[str, Entry | None] = field(default_factory=dict)
    stem: dict[str, Entry | None] = field(default_factory=dict)
    bag: dict[str, Entry | None] = field(default_factory=dict)
    # first token → (phrase keys, needs abbreviation, entry), for containment and scanning
    phrases: dict[str, list[tuple[tuple[str, ...], bool, Entry]]] = field(default_factory=dict)
    phrases_all: dict[str, list[tuple[tuple[str, ...], bool, Entry]]] = field(default_factory=dict)


class VocabularyIndex:
    """Labels of the shipped vocabularies by exact, lemma, stem and bag keys, per scheme."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._schemes: dict[str, _Scheme] = {name: _Scheme() for name in _SCHEME_IRIS}
        self._lookups: dict[tuple[str, str], Entry | None] = {}
        self._contained: dict[tuple[str, str], Entry | None] = {}
        town_types = set(graph.objects(_TOWN_SCOPED, SKOS.member))
        municipality: Entry | None = None
        for scheme, subject in self._subjects():
            entry = self._entry(scheme, subject, town_types)
            if entry.generic and entry.actor_type == VOCAB["actor-type/municipality"]:
                municipality = entry
            self._add_labels(scheme, subject, entry)
        if municipality is None:  # pragma: no cover - guarded by the vocabulary tests
            raise ValueError("actors.ttl defines no generic municipality kind")
        self.municipality_kind = municipality

    # -- building ---------------------------------------------------------------------
    def _subjects(self) -> list[tuple[str, URIRef]]:
        found: set[tuple[str, URIRef]] = set()
        for s in self.graph.subjects(RDF.type, VZ.Actor):
            if isinstance(s, URIRef):
                found.add(("actor", s))
        for scheme, scheme_iri in _SCHEME_IRIS.items():
            for s in self.graph.subjects(SKOS.inScheme, scheme_iri):
                if isinstance(s, URIRef):
                    found.add((scheme, s))
        return sorted(found)

    def _label(self, subject: Node, lang: str) -> str | None:
        for value in self.graph.objects(subject, SKOS.prefLabel):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
        return None

    def _entry(self, scheme: str, subject: URIRef, town_types: set[Node]) -> Entry:
        actor_type = self.graph.value(subject, VZ.actorType)
        generic = self.graph.value(subject, VZ.generic)
        return Entry(
            iri=subject,
            label=self._label(subject, "cs") or local_name(subject),
            label_en=self._label(subject, "en"),
            scheme=scheme,
            slug=local_name(subject),
            generic=isinstance(generic, Literal) and generic.toPython() is True,
            town_scoped=actor_type in town_types,
            actor_type=actor_type if isinstance(actor_type, URIRef) else None,
            top=(subject, SKOS.topConceptOf, None) in self.graph,
        )

    def _add_labels(self, scheme: str, subject: URIRef, entry: Entry) -> None:
        table = self._schemes[scheme]
        for prop, how in (
            (SKOS.prefLabel, "prefLabel"),
            (SKOS.altLabel, "altLabel"),
            (SKOS.hiddenLabel, "altLabel"),
        ):
            for value in sorted(str(v) for v in self.graph.objects(subject, prop)):
                table.exact.setdefault(_norm(value), (entry, how))
                _put(table.lemma, lemma_key(value), entry)
                _put(table.stem, stem_key(value), entry)
                keys = phrase_tokens(value)
                if len(keys) > 1:
                    _put(table.bag, bag_key(value), entry)
                abbreviation = _is_abbreviation(value) and len(keys) == 1
                phrase = tuple(k for k, _ in keys)
                if phrase and not (entry.top and scheme == "measure-kind"):
                    table.phrases_all.setdefault(phrase[0], []).append(
                        (phrase, abbreviation, entry)
                    )
                    if len(phrase) > 1 or abbreviation:
                        table.phrases.setdefault(phrase[0], []).append(
                            (phrase, abbreviation, entry)
                        )
                keys_all = phrase_tokens(value, drop_stop_words=False)
                if scheme == "status" and keys_all:
                    full = tuple(k for k, _ in keys_all)
                    table.phrases_all.setdefault(full[0], []).append((full, abbreviation, entry))

    # -- lookups ----------------------------------------------------------------------
    def exact(self, scheme: str, text: str) -> tuple[Entry, str] | None:
        """The entry whose label is ``text`` up to case, diacritics and spacing."""
        return self._schemes[scheme].exact.get(_norm(text))

    def exact_entry(self, scheme: str, text: str) -> Entry | None:
        hit = self.exact(scheme, text)
        return hit[0] if hit else None

    def lookup(self, scheme: str, text: str) -> Entry | None:
        """Exact, then lemma, stem and word-order-free keys (memoised: mentions repeat)."""
        key = (scheme, text)
        if key not in self._lookups:
            if len(self._lookups) > _MEMO_LIMIT:
                self._lookups.clear()
            self._lookups[key] = self._lookup(scheme, text)
        return self._lookups[key]

    def _lookup(self, scheme: str, text: str) -> Entry | None:
        table = self._schemes[scheme]
        hit = table.exact.get(_norm(text))
        if hit is not None:
            return hit[0]
        found = table.lemma.get(lemma_key(text)) or table.stem.get(stem_key(text))
        if found is None and len(phrase_tokens(text)) > 1:
            found = table.bag.get(bag_key(text))
        return found

    def contained(self, scheme: str, text: str) -> Entry | None:
        """The entry of the longest label that starts ``text``, else of an abbreviation in it.

        A Czech noun phrase puts its head first ("Rozpočet města Ostravy", "Odborní
        pracovníci města a škol"), so a label is looked for at the start only; words
        further on only qualify the head ("… z důvodu sociálního vyloučení"). An
        abbreviation printed in capitals counts anywhere ("zástupci OSPOD").
        """
        key = (scheme, text)
        if key not in self._contained:
            if len(self._contained) > _MEMO_LIMIT:
                self._contained.clear()
            self._contained[key] = self._contained_uncached(scheme, text)
        return self._contained[key]

    def _contained_uncached(self, scheme: str, text: str) -> Entry | None:
        tokens = phrase_tokens(text)
        if not tokens:
            return None
        table = self._schemes[scheme]
        best: tuple[tuple[str, ...], Entry] | None = None
        for phrase, abbreviation, entry in table.phrases_all.get(tokens[0][0], ()):
            if _matches(tokens, 0, phrase, abbreviation) and (
                best is None or len(phrase) > len(best[0])
            ):
                best = (phrase, entry)
        if best is not None:
            return best[1]
        for i, (key, printed_abbreviation) in enumerate(tokens):
            if printed_abbreviation:
                for phrase, abbreviation, entry in table.phrases.get(key, ()):
                    if abbreviation and _matches(tokens, i, phrase, abbreviation):
                        return entry
        return None

    def scan(self, scheme: str, text: str, drop_stop_words: bool = True) -> list[Entry]:
        """Every entry whose label occurs in ``text``, longest first at each position."""
        tokens = phrase_tokens(text, drop_stop_words=drop_stop_words)
        table = self._schemes[scheme].phrases_all
        found: dict[URIRef, Entry] = {}
        i = 0
        while i < len(tokens):
            best: tuple[tuple[str, ...], Entry] | None = None
            for phrase, abbreviation, entry in table.get(tokens[i][0], ()):
                if _matches(tokens, i, phrase, abbreviation) and (
                    best is None or len(phrase) > len(best[0])
                ):
                    best = (phrase, entry)
            if best is None:
                i += 1
                continue
            found.setdefault(best[1].iri, best[1])
            i += len(best[0])
        return list(found.values())


def _put(table: dict[str, Entry | None], key: str, entry: Entry) -> None:
    """Index ``entry`` under ``key``; a key two entries share answers for neither."""
    if key in table and table[key] is not None and table[key] != entry:
        table[key] = None
    else:
        table.setdefault(key, entry)


def _matches(
    tokens: list[tuple[str, bool]], i: int, phrase: tuple[str, ...], abbreviation: bool
) -> bool:
    if tuple(k for k, _ in tokens[i : i + len(phrase)]) != phrase:
        return False
    return not abbreviation or tokens[i][1]


def _norm(text: str) -> str:
    return _SPACE.sub(" ", fold(text).replace("\xa0", " ")).strip(" .,;:")


def _rebased(graph: Graph, base: str) -> Graph:
    if base == DEFAULT_BASE:
        return graph
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)

    def move(node: Node) -> Node:
        if isinstance(node, URIRef) and str(node).startswith(DEFAULT_BASE):
            return URIRef(base + str(node)[len(DEFAULT_BASE) :])
        return node

    out.addN((move(s), p, move(o), out) for s, p, o in graph)
    return out


@lru_cache(maxsize=8)
def vocabulary_index(base: str = DEFAULT_BASE) -> VocabularyIndex:
    """The index of the shipped vocabularies with curated actors under ``base`` (cached)."""
    return VocabularyIndex(_rebased(load_vocabularies(Graph()), base))
