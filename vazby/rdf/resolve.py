"""Resolve mentions of actors, target groups, funding sources, statuses and measure kinds.

A mention as printed ("NNO", "Nestátní nezisková organizace", "spolupráce s Agenturou",
"statutárním městem Ostrava", "OPZ+", "Rozpočet města Ostravy") becomes a canonical IRI with
its Czech label. The shipped SKOS vocabularies (``vazby/ontology/vocab``) are matched in
tiers, and the first tier that answers wins:

1. exact: the label, case- and diacritics-folded, is a prefLabel, altLabel or hiddenLabel;
2. abbreviation: the document's own list of abbreviations names it ("NNO – Nestátní
   nezisková organizace"), and its expansion resolves;
3. lemma: the Czech lemmas agree (:func:`vazby.lang.lemma_key`), or, coarser, the stems
   (:func:`~vazby.lang.stem_key`) or the set of content stems in any order
   (:func:`~vazby.lang.bag_key`);
4. context: a town-scoped kind names a town ("MěÚ Žatec", "statutárním městem Ostrava") or
   the document's town is known ("Město" in a plan of Žatec, "SMO"/"MMO" in Ostrava's);
5. a shorter text: without brackets or leading connecting words ("ve spolupráci s",
   "případně"), or the longest vocabulary label the mention contains;
6. minted: a stable IRI from the lemmas, ``known=False``.

Decisions:

- A municipality is one actor, ``{base}municipality/{slug of town}`` (the node the builder
  gives a plan's town): its town hall (MěÚ, magistrát, "MMO"), council and departments are
  its organs and resolve to it. Its label is "Statutární město X" for the statutory cities
  and "Město X" otherwise.
- A generic kind ("NNO", "Městský obvod", "škola") becomes one generic actor per plan,
  ``{base}plan/{plan}/actor/{kind}``; without a plan, ``{base}actor/generic/{kind}``.
  Town-scoped kinds (municipality, municipal police, OSPOD) with a known town become the
  town's own actor instead (``known=False``, ``matched_by="context"``: the builder describes
  the node).
- A minted actor whose name is a proper name ("Oblastní charita Most", "Vavřinec z.s.")
  gets ``{base}actor/{slug}``, the same in every document; a common-noun description
  ("bytová komise") is local to its plan, ``{base}plan/{plan}/actor/{slug}``, so that two
  towns' commissions are not one node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import quote

import simplemma
from rdflib import Graph, URIRef

from ..czech import LEGAL_FORM, continues_bodies
from ..lang import fold, lemma_key, slugify
from ..loaders.records import Abbreviation
from ..loaders.text import split_top
from ..ontology.namespace import DEFAULT_BASE
from ._vocab_index import Entry, VocabularyIndex, vocabulary_index

__all__ = ["Resolved", "Resolver", "SCHEMES", "STATUTORY_CITIES"]

#: The schemes a mention can be resolved in.
SCHEMES = ("actor", "target-group", "funding-source", "status", "measure-kind")

#: Czech statutory cities (zákon o obcích, § 4), whose municipality is "Statutární město X".
STATUTORY_CITIES = frozenset(
    """Brno|České Budějovice|Děčín|Frýdek-Místek|Havířov|Hradec Králové|Chomutov|
    Jablonec nad Nisou|Jihlava|Karlovy Vary|Karviná|Kladno|Liberec|Mladá Boleslav|Most|
    Olomouc|Opava|Ostrava|Pardubice|Plzeň|Prostějov|Přerov|Teplice|Třinec|Ústí nad Labem|
    Zlín|Praha|Třebíč""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

#: Words that join a name to the sentence around it and may be dropped from its start:
#: "ve spolupráci se statutárním městem", "spolupráce s Agenturou", "případně jiný program".
_CONNECTIVES = frozenset(
    "a i s se ve v za ze z spolupraci spoluprace spolupraci ucasti podpory pripadne popr "
    "popripade resp event eventualne zejmena napr predevsim pouze rovnez take".split()
)
_DASH_PARTS = re.compile(r"\s[–—-]\s")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LEGAL_FORM = re.compile(rf"\b{LEGAL_FORM}\b", re.I)
#: A legal form at the end of a name ("Vavřinec z.s.", "Spolek Kvítek, o. p. s."): the same
#: organisation is often printed without it, so minted IRIs leave it out.
_LEGAL_FORM_TAIL = re.compile(rf"[,\s]+{LEGAL_FORM}\.?\s*$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*|\d+|\+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A mention resolved to a canonical concept or actor."""

    iri: URIRef
    label: str
    label_en: str | None
    raw: str
    scheme: str
    generic: bool = False
    known: bool = True
    actor_type: URIRef | None = None
    matched_by: str = ""


class Resolver:
    """Resolve mentions against the shipped vocabularies.

    Parameters
    ----------
    base : str
        Base IRI of instance data; curated actors shipped under the default base are
        rewritten to it.

    Examples
    --------
    >>> r = Resolver().for_document(plan="zelenov-2024", town="Zelenov")
    >>> r.actor("Agenturou").label
    'Agentura pro sociální začleňování'
    >>> r.actor("NNO").iri
    rdflib.term.URIRef('https://w3id.org/vazby/id/plan/zelenov-2024/actor/ngo')
    >>> r.actor("MěÚ Zelenov").label
    'Město Zelenov'
    >>> [s.label_en for s in r.statuses("NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2023")]
    ['not met', 'postponed']
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._index: VocabularyIndex = vocabulary_index(self.base)
        self._abbreviations: dict[str, tuple[str, ...]] = {}
        self._plan: str | None = None
        self._town: str | None = None
        self._cache: dict[tuple[str, str], Resolved] = {}

    # -- views ------------------------------------------------------------------------
    def for_document(
        self,
        abbreviations: Iterable[Abbreviation] = (),
        plan: str | None = None,
        town: str | None = None,
    ) -> Resolver:
        """A view of this resolver with one document's abbreviation list, plan and town.

        Parameters
        ----------
        abbreviations : iterable of Abbreviation
            The document's list of abbreviations; "ASZ/ OSZ/ AGENTURA – …/ …" gives each
            abbreviation every expansion, tried in order.
        plan : str, optional
            The plan slug: generic actors become one per plan.
        town : str, optional
            The town the document concerns, in the nominative ("Žatec").
        """
        view = Resolver.__new__(Resolver)
        view.base = self.base
        view._index = self._index
        view._plan = plan
        view._town = town.strip() if town and town.strip() else None
        view._cache = {}
        table: dict[str, tuple[str, ...]] = {}
        for entry in abbreviations:
            expansions = tuple(
                p.strip() for p in re.split(r"\s*/\s*", entry.expansion) if p.strip()
            )
            for abbr in re.split(r"\s*[/,]\s*", entry.abbreviation):
                if abbr.strip() and expansions:
                    table.setdefault(fold(abbr.strip()), expansions)
        view._abbreviations = table
        return view

    # -- public API -------------------------------------------------------------------
    def actor(self, text: str) -> Resolved:
        """Resolve an actor mention (guarantor, responsible body, organisation)."""
        return self._resolve("actor", text)

    def target_group(self, text: str) -> Resolved:
        """Resolve a target-group mention."""
        return self._resolve("target-group", text)

    def target_groups(self, text: str) -> tuple[Resolved, ...]:
        """Resolve a mention that may name several groups joined by "a", "/" or commas.

        A phrase the vocabulary knows whole stays one group ("Děti a mládež"); otherwise,
        when every part joined by "a" / "/" / "," is a known group on its own, each is
        returned ("Těhotné ženy a dospívající dívky 13+" → pregnant women, adolescent girls),
        and so are the other parts when at least two are known (a run of groups in an area's
        list); otherwise the mention resolves as one group.
        """
        raw = _clean(text)
        if self._match("target-group", raw) is None:
            parts = [_clean(p) for p in _GROUP_JOINS.split(raw)]
            parts = [p for p in parts if p]
            if len(parts) > 1 and continues_bodies(parts[0], " ".join(parts[1:])):
                # "Pracovníci MěÚ, NNO a Úřadu práce": the workers of three bodies, one group
                return (replace(self.target_group(parts[0]), raw=text),)
            if len(parts) > 1:
                found = [self._match("target-group", p) for p in parts]
                if all(f is not None for f in found):
                    return tuple({f.iri: replace(f, raw=text) for f in found if f}.values())
                if sum(f is not None for f in found) >= 2:
                    resolved = [r for item in _comma_items(raw) for r in self._group_item(item)]
                    return tuple({f.iri: replace(f, raw=text) for f in resolved}.values())
        return (self.target_group(text),)

    def _group_item(self, item: str) -> list[Resolved]:
        """One item of a list of groups: split on "a", "/", "nebo" only where every part is
        a known group ("škol a školských zařízení" stays one)."""
        parts = [p for p in (_clean(p) for p in _GROUP_JOINS.split(item)) if p]
        found = [self._match("target-group", p) for p in parts]
        if len(parts) > 1 and all(f is not None for f in found):
            return [f for f in found if f is not None]
        return [self._match("target-group", item) or self.target_group(item)]

    def funding_source(self, text: str) -> Resolved:
        """Resolve a funding-source mention."""
        return self._resolve("funding-source", text)

    def statuses(self, text: str) -> tuple[Resolved, ...]:
        """The statuses a printed status names, in order; minted when none is known.

        "NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2023" is (not met, postponed);
        "ZATÍM NEPLNĚNO – CHYBÍ ZADÁNÍ" is (not yet met,): the longest label wins.
        """
        raw = _clean(text)
        if not raw:
            return ()
        found = self._index.scan("status", raw, drop_stop_words=False)
        if found:
            return tuple(self._known(e, text, "lemma") for e in found)
        return (replace(self._mint("status", raw), raw=text),)

    def measure_kinds(self, text: str) -> tuple[Resolved, ...]:
        """The kinds of measure a measure's or achievement's text names, in order of mention."""
        raw = _clean(text)
        if not raw:
            return ()
        return tuple(
            self._known(e, text, "lemma")
            for e in self._index.scan("measure-kind", raw, drop_stop_words=True)
        )

    def municipality(self, town: str) -> Resolved:
        """The municipality actor of ``town`` (nominative), as contextual mentions give it."""
        return self._town_actor(self._index.municipality_kind, town.strip(), town)

    def vocabulary_graph(self) -> Graph:
        """The shipped vocabulary triples, curated actors under this resolver's base.

        The graph is shared: read it, add it to a built graph, do not change it.
        """
        return self._index.graph

    # -- tiers ------------------------------------------------------------------------
    def _resolve(self, scheme: str, text: str) -> Resolved:
        key = (scheme, text)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve_uncached(scheme, text)
            if hit.raw != text:
                hit = replace(hit, raw=text)
            self._cache[key] = hit
        return hit

    def _resolve_uncached(self, scheme: str, text: str) -> Resolved:
        raw = _clean(text)
        found = self._match(scheme, raw)
        if found is not None:
            return found
        shorter_forms = _shorter_forms(raw)
        for shorter in shorter_forms:
            found = self._match(scheme, shorter)
            if found is not None:
                return replace(found, raw=raw)
        for form in (raw, *shorter_forms):
            entry = self._index.contained(scheme, form)
            if entry is not None:
                return self._known(entry, raw, "lemma")
        return self._mint(scheme, raw)

    def _match(self, scheme: str, raw: str) -> Resolved | None:
        if not raw:
            return None
        exact = self._index.exact(scheme, raw)
        if exact is not None:
            return self._known(exact[0], raw, exact[1])
        expansions = self._abbreviations.get(fold(raw))
        if expansions:
            for expansion in expansions:
                entry = self._index.lookup(scheme, expansion) or self._index.contained(
                    scheme, expansion
                )
                if entry is not None:
                    return self._known(entry, raw, "abbreviation")
        entry = self._index.lookup(scheme, raw)
        if entry is not None:
            return self._known(entry, raw, "lemma")
        if scheme == "actor":
            found = self._by_context(raw)
            if found is not None:
                return found
        if expansions:
            minted = self._mint(scheme, expansions[0])
            return replace(minted, raw=raw, matched_by="abbreviation")
        return None

    def _by_context(self, raw: str) -> Resolved | None:
        index = self._index
        if self._town and self._town in STATUTORY_CITIES:
            initials = "".join(w[0] for w in self._town.split() if w[:1].isupper())
            if fold(raw) in {fold("SM" + initials), fold("MM" + initials)}:
                return self._town_actor(index.municipality_kind, self._town, raw)
        words = _WORD.findall(raw)
        for cut in range(len(words) - 1, 0, -1):
            head, tail = words[:cut], words[cut:]
            if not tail[0][:1].isupper():
                continue
            entry = index.lookup("actor", " ".join(head)) or index.exact_entry(
                "actor", " ".join(head)
            )
            if entry is not None and entry.town_scoped:
                return self._town_actor(entry, self._town_name(tail), raw)
        return None

    def _town_name(self, words: list[str]) -> str:
        # "Odbor … MěÚ Zelenov": the town follows a town-scoped body's own name
        for cut in range(len(words) - 1, 0, -1):
            head, rest = words[:cut], words[cut:]
            if not rest[0][:1].isupper():
                continue
            text = " ".join(head)
            entry = self._index.lookup("actor", text) or self._index.exact_entry("actor", text)
            if entry is not None and entry.town_scoped:
                return self._town_name(rest)
        name = " ".join(words)
        if self._town and lemma_key(name) == lemma_key(self._town):
            return self._town
        if len(words) == 1 and simplemma.is_known(words[0], lang="cs"):
            found = simplemma.lemmatize(words[0], lang="cs")
            if found[:1].isupper():
                return found
        return name

    # -- results ----------------------------------------------------------------------
    def _known(self, entry: Entry, raw: str, how: str) -> Resolved:
        if entry.town_scoped and self._town:
            return self._town_actor(entry, self._town, raw)
        if entry.generic:
            where = f"plan/{quote(self._plan, safe='')}/actor/" if self._plan else "actor/generic/"
            return Resolved(
                URIRef(self.base + where + entry.slug),
                entry.label,
                entry.label_en,
                raw,
                entry.scheme,
                generic=True,
                actor_type=entry.actor_type,
                matched_by=how,
            )
        return Resolved(
            entry.iri, entry.label, entry.label_en, raw, entry.scheme,
            actor_type=entry.actor_type, matched_by=how,
        )  # fmt: skip

    def _town_actor(self, entry: Entry, town: str, raw: str) -> Resolved:
        slug = slugify(town)
        if entry is self._index.municipality_kind:
            iri = URIRef(f"{self.base}municipality/{slug}")
            prefix = "Statutární město" if town in STATUTORY_CITIES else "Město"
            label = f"{prefix} {town}"
            label_en: str | None = f"Municipality of {town}"
        else:
            iri = URIRef(f"{self.base}actor/{entry.slug}-{slug}")
            label = f"{entry.label[:1].upper()}{entry.label[1:]} {town}"
            label_en = f"{entry.label_en} of {town}" if entry.label_en else None
        return Resolved(
            iri, label, label_en, raw, "actor", generic=False, known=False,
            actor_type=entry.actor_type, matched_by="context",
        )  # fmt: skip

    def _mint(self, scheme: str, raw: str) -> Resolved:
        name = _LEGAL_FORM_TAIL.sub("", raw) if scheme == "actor" else raw
        slug = slugify(lemma_key(name or raw))[:80].strip("-") or "unnamed"
        if scheme == "actor" and self._plan and not _is_proper_name(raw):
            iri = URIRef(f"{self.base}plan/{quote(self._plan, safe='')}/actor/{slug}")
        else:
            iri = URIRef(f"{self.base}{scheme}/{slug}")
        return Resolved(iri, raw, None, raw, scheme, known=False, matched_by="minted")


_GROUP_JOINS = re.compile(r"\s+a\s+|\s*/\s*|\s*,\s*|\s+nebo\s+")


#: A relative clause continues the item before it: "zaměstnanců veřejné správy, kteří se
#: věnují sociální problematice" is one group.
_RELATIVE = re.compile(r"^(?:kteří|které|která|který|jež|jenž|již|co)\b", re.IGNORECASE)


def _comma_items(text: str) -> list[str]:
    """The items of a list of groups: commas outside brackets, relative clauses kept.

    Examples
    --------
    >>> _comma_items("zaměstnanců úřadu, kteří se věnují rodinám, škol a školek, seniorů")
    ['zaměstnanců úřadu, kteří se věnují rodinám', 'škol a školek', 'seniorů']
    """
    items: list[str] = []
    for part in split_top(text, ",;"):
        if items and _RELATIVE.match(part):
            items[-1] = f"{items[-1]}, {part}"
        else:
            items.append(part)
    return items


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
    return text.strip(" ,;:–—-")


def _shorter_forms(raw: str) -> list[str]:
    """The mention without brackets, without leading connecting words, and its dash parts.

    "Příspěvková organizace kraje – střední škola" names the kind after the dash.
    """
    forms: list[str] = []
    unbracketed = _clean(_BRACKETS.sub(" ", raw))
    parts = (
        [_clean(p) for p in _DASH_PARTS.split(unbracketed)]
        if _DASH_PARTS.search(unbracketed)
        else []
    )
    for text in dict.fromkeys((unbracketed, raw, *parts)):
        start = 0
        for match in _WORD.finditer(text):
            if fold(match.group(0)) not in _CONNECTIVES:
                start = match.start()
                break
        else:
            continue
        stripped = _clean(text[start:])
        for form in (text, stripped):
            if form and form != raw and form not in forms:
                forms.append(form)
    return forms


@lru_cache(maxsize=65536)
def _is_proper_name(raw: str) -> bool:
    """Whether a minted actor's name names one organisation rather than describing a kind."""
    if _LEGAL_FORM.search(raw) or any(q in raw for q in '"„“'):
        return True
    words = _WORD.findall(raw)
    if not words or any(w[:1].isupper() for w in words[1:]):
        return bool(words)
    first = words[0]
    if not first[:1].isupper():
        return False
    # A single capitalised word the vocabularies did not know is a name ("Vavřinec").
    return len(words) == 1 or not simplemma.is_known(first.lower(), lang="cs")
