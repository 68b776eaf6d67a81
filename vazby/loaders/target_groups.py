"""Split cells in which a converter ran several names together.

PDF and DOCX converters turn a table cell that listed one target group per line into one
line: "Rodiny s dětmi Těhotné ženy Osoby sociálně vyloučené". A human still reads the
groups because each one starts with a capital letter. This module applies that reading:

* a new item starts at a capitalised word that is not an abbreviation ("NNO", "MěÚ",
  "ÚP" have two or more capitals), not inside parentheses, not a proper name ("Žatec",
  whose lemma stays capitalised), and not right after a preposition or conjunction
  ("Osoby se Zdravotním…", "KP a LP");
* right after an abbreviation, only a capitalised word the lemmatiser knows as a common
  noun starts a new item: "Spolupracující NNO Pracovníci MěÚ Žatec" is "Spolupracující
  NNO" and "Pracovníci MěÚ Žatec" ("Žatec", a known proper name, and any word the
  lemmatiser does not know, such as a small town's name, stay with "MěÚ");
* commas and semicolons outside parentheses separate items too; a part after a comma that
  starts with a lower-case adjective shares the head noun of the item before it:
  "Osoby sociálně vyloučené, ohrožené sociálním vyloučením" reads as "Osoby sociálně
  vyloučené" and "osoby ohrožené sociálním vyloučením" (the head noun is supplied in lower
  case; the printed text stays in the measure's raw fields), unless the part names that
  noun itself ("Osoby v exekuci, zadlužené osoby" stays two groups as printed);
* a part after a comma that starts with an abbreviation continues an item that names people
  of some bodies: "Pracovníci MěÚ, NNO a Úřadu práce" is the workers of all three;
* the names a loader knows from the document (its town, ``names=``) are proper names
  whatever the lemmatiser says: a run of words equal to one of them ("Staré Údolí pod
  Horou", also inflected: "Starého Údolí pod Horou") is never split and starts no item.
  Words are compared by their folded lemma (:func:`vazby.lang.lemma`), so case and the
  inflection of the name do not matter.

Guarantor lists use commas, and "X a Y" names two bodies only when both sides are
abbreviations ("KP a LP"); "Rada a výbor města" stays one item.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from ..czech import (
    LEADING_PUNCT,
    cased_lemma,
    continues_bodies,
    is_abbreviation,
    is_legal_form,
    is_proper_name,
    named_tokens,
)
from ..lang import lemma_key
from .text import split_bodies, split_top

__all__ = [
    "continues_bodies",
    "names_the_target_group",
    "is_abbreviation",
    "is_proper_name",
    "split_run_together",
    "split_groups",
    "split_guarantors",
]

#: Czech prepositions and conjunctions after which a capitalised word continues the item
#: ("Osoby se ztíženým přístupem", "Pracovníci MěÚ a Města"). A closed word class, not a
#: list of endings.
_JOINERS = frozenset(
    """s se v ve z ze k ke ku na o u do od ode pro při po za mezi nad pod před bez přes
    proti kromě dle podle vůči skrz mimo a i nebo či ani ale včetně""".split()
)


def _first_letter(token: str) -> str:
    stripped = token.lstrip(LEADING_PUNCT)
    return stripped[:1]


def _is_common_noun(token: str) -> bool:
    """A capitalised word the lemmatiser knows as a common word ("Pracovníci")."""
    word = token.strip(LEADING_PUNCT + ".,;:)]}")
    return simplemma.is_known(word, lang="cs") and cased_lemma(word)[:1].islower()


def _starts_item(token: str, previous: str | None, following: str | None = None) -> bool:
    letter = _first_letter(token)
    if not letter.isupper() or previous is None:
        return False
    if is_abbreviation(token) or is_proper_name(token):
        return False
    if previous.strip(LEADING_PUNCT).lower() in _JOINERS:
        return False
    if is_abbreviation(previous):
        # "MěÚ Jablunec": an unknown capitalised word after an abbreviation is a name, and
        # so is a known word that a proper noun follows ("MěÚ Horní Lhota").
        if following is not None and is_proper_name(following.strip(LEADING_PUNCT + ",;")):
            return False
        return _is_common_noun(token)
    return True


def _split_words(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """Split on capitalised words outside parentheses and known names (the run-together
    rule)."""
    items: list[list[str]] = []
    depth = 0
    previous: str | None = None
    tokens = text.split()
    named = named_tokens(tokens, names)
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        inside = depth > 0 or token.startswith("(")
        held = inside or index in named  # "MěÚ Dolní Dvůr": no item starts in a known name
        if not held and _starts_item(token, previous, following) and items:
            items.append([token])
        elif items:
            items[-1].append(token)
        else:
            items.append([token])
        depth = max(0, depth + token.count("(") - token.count(")"))
        previous = token
    return [" ".join(words) for words in items]


@lru_cache(maxsize=4096)
def split_run_together(text: str) -> tuple[str, ...]:
    """Split a run-together cell into items at capitalised words (commas are kept).

    Used for output indicators, where a comma belongs to the phrase.

    Examples
    --------
    >>> split_run_together("Počet vhodných míst Počet podpořených osob")
    ('Počet vhodných míst', 'Počet podpořených osob')
    >>> split_run_together("Počet setkání, počet účastníků")
    ('Počet setkání, počet účastníků',)
    """
    return tuple(item.strip() for item in _split_words(" ".join(text.split())) if item.strip())


def _is_adjective(word: str) -> bool:
    """Whether a lower-case word lemmatises to an adjective or participle ("-ý" lemma)."""
    return word.islower() and cased_lemma(word).endswith("ý")


def _head_noun(item: str) -> str | None:
    """The first word of an item that is not an adjective: "Zadlužené osoby" → "osoby"."""
    for word in item.split():
        if word.isalpha() and not _is_adjective(word.lower()):
            return word.lower()
    return None


@lru_cache(maxsize=4096)
def split_groups(text: str, names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Split a target-group cell into the groups a human reads there.

    Parameters
    ----------
    text : str
        The cell as printed.
    names : tuple of str, optional
        Names the document is known to use, such as its town: a run of words equal to one
        of them (by folded lemma) is one name, never split and starting no group. Empty by
        default: the lemmatiser alone decides what is a proper name.

    Returns
    -------
    tuple of str
        The groups in printed order.

    Examples
    --------
    >>> split_groups("Rodiny s dětmi Senioři nad 65 let Osoby bez přístřeší")
    ('Rodiny s dětmi', 'Senioři nad 65 let', 'Osoby bez přístřeší')
    >>> split_groups("Pracovníci MěÚ Žatec Spolupracující NNO")
    ('Pracovníci MěÚ Žatec', 'Spolupracující NNO')
    >>> split_groups("Dlužníci, osoby v exekuci")
    ('Dlužníci', 'osoby v exekuci')
    >>> split_groups("Osoby bez domova, ohrožené ztrátou bydlení")
    ('Osoby bez domova', 'osoby ohrožené ztrátou bydlení')
    >>> split_groups("Osoby bez domova, zadlužené osoby")
    ('Osoby bez domova', 'zadlužené osoby')
    >>> split_groups("Pracovníci MěÚ, NNO a Úřadu práce")
    ('Pracovníci MěÚ, NNO a Úřadu práce',)
    >>> split_groups("Pracovníci MěÚ Dolní Dvůr Senioři")
    ('Pracovníci MěÚ', 'Dolní', 'Dvůr', 'Senioři')
    >>> split_groups("Pracovníci MěÚ Dolní Dvůr Senioři", names=("Dolní Dvůr",))
    ('Pracovníci MěÚ Dolní Dvůr', 'Senioři')
    """
    groups: list[str] = []
    for part in (p for p in split_top(" ".join(text.split())) if p.strip(" .")):
        first = part.split()[0]
        if groups and continues_bodies(groups[-1], part, names):
            groups[-1] = f"{groups[-1]}, {part}"  # "Pracovníci MěÚ, NNO a Úřadu práce"
            continue
        if groups and first.isalpha() and _is_adjective(first):
            head = _head_noun(groups[-1])
            own = {cased_lemma(word.lower()) for word in part.split()}
            if head and cased_lemma(head) not in own:
                part = f"{head} {part}"
        groups.extend(item.strip() for item in _split_words(part, names) if item.strip())
    return tuple(groups)


_AND = re.compile(r"^(?P<a>\S+)\s+(?:a|i|,)\s+(?P<b>\S+)$")


@lru_cache(maxsize=4096)
def split_guarantors(text: str) -> tuple[str, ...]:
    """Split a guarantor cell on commas; split "X a Y" only when both are abbreviations.

    Examples
    --------
    >>> split_guarantors("Město, KP a LP, Rada města")
    ('Město', 'KP', 'LP', 'Rada města')
    >>> split_guarantors("Odbor školství a kultury")
    ('Odbor školství a kultury',)
    """
    names: list[str] = []
    for part in (p for p in split_bodies(" ".join(text.split())) if p.strip(" .")):
        # "Poradna Lipová, z. s.": the legal form keeps its dot
        part = part.strip() if is_legal_form(part.rsplit(",", 1)[-1]) else part.strip(" .")
        pair = _AND.match(part)
        if pair and is_abbreviation(pair["a"]) and is_abbreviation(pair["b"]):
            names.extend((pair["a"], pair["b"]))
        elif part:
            names.append(part)
    return tuple(names)


#: "cílová skupina" as a lemma key: the phrase in any case and number, also mis-inflected
#: ("cílová skupiny"), folds to it.
_THE_TARGET_GROUP = lemma_key("cílová skupina")


def names_the_target_group(text: str) -> bool:
    """Whether ``text`` names a plan's or programme's target group as such, not a body.

    A team cell "Obec, aktéři, cílové skupiny" or "zástupci cílových skupin" lists the
    people the programme is for among those who take part; they are no organisation.
    """
    key = lemma_key(text)
    return key == _THE_TARGET_GROUP or key.endswith(" " + _THE_TARGET_GROUP)
