"""The small languages inside meeting minutes: sentences, dates, project statuses, funders.

Minutes are prose. What a project's status is, who funds it and when it runs is said with
a handful of verbs and phrases ("schválen", "nebyl schválen", "čekající na hodnocení",
"v realizaci", "zahájen v dubnu 2020", "spolufinancován Ministerstvem …", "výzva č. 52
OPZ", "grant od Nadace …"). The tables below hold those phrases (folded: lower case,
no diacritics); the functions find them in any sentence of any town's minutes.
"""

from __future__ import annotations

import re

from ..czech import LEGAL_FORM
from ..lang import fold
from .persons import is_title
from .text import DASHES

__all__ = [
    "STATUS_PATTERNS",
    "sentences",
    "parse_date",
    "project_status",
    "find_funder",
    "find_period",
    "merge_periods",
    "split_head",
    "strip_stop",
    "looks_like_organisation",
]

#: Project status → folded phrases that say it, checked in this order (the negations
#: first: "nebyl schválen" is not "schválen"; a running project was approved before).
STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern))
    for status, pattern in (
        (
            "rejected",
            r"\bnebyl[aoy]?\s+(?:\w+\s+)?(?:schvalen|podporen|doporucen)\w*"
            r"|\bne(?:schvalen|podporen|doporucen)\w*|\bzamitnut\w*|\bneuspel\w*",
        ),
        (
            "running",
            r"\bv\s+realizaci\b|\bzahajen[aoy]?\b|\brealizuje\s+se\b|\bfunguje\b|\bprobiha\b"
            r"|\bbezi\b",
        ),
        (
            "waiting",
            r"\bcekajici\b|\bceka\w*\s+na\s+(?:hodnoceni|schvaleni|rozhodnuti|vysledek)"
            r"|\bv\s+hodnoceni\b|\bprosel\w*\s+(?:\w+\s+)?hodnocen\w*|\bpodan\w*\s+k\s+hodnoceni",
        ),
        (
            "approved",
            r"\bschvalen[aoy]?\b|\bpodporen[aoy]?\b|\bdoporucen[aoy]?\s+k\s+financovani"
            r"|\bziskal[aoy]?\s+(?:\w+\s+)?(?:grant|dotac|podpor)\w*",
        ),
        ("planned", r"\bv\s+priprave\b|\bpripravuje\s+se\b|\bplanovan[yaeo]?\b"),
    )
)

_NON_FINAL = frozenset("c tzv napr resp apod cca tj mj str odst pism sb".split())


def sentences(text: str) -> list[tuple[int, str]]:
    """Split prose into sentences; return ``(offset, sentence)`` pairs.

    A full stop ends a sentence when a capital letter follows, unless it closes an
    abbreviation, an academic title, an initial or a date ("1.6. 2020").

    Examples
    --------
    >>> [s for _, s in sentences("Zahájen 1.6. 2020. Ing. Malá přišla. Viz tzv. Úmluva.")]
    ['Zahájen 1.6. 2020.', 'Ing. Malá přišla.', 'Viz tzv. Úmluva.']
    """
    result: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"[.!?…]+[\"“”»)]*\s+(?=[\"„«(]?[^\W\d_])", text):
        before = text[start : match.start() + 1].split()
        last = before[-1] if before else ""
        if match.group(0)[0] == ".":
            word = fold(last).strip("(").replace(".", "")
            nxt = text[match.end() :].split(maxsplit=1)
            follows_upper = bool(nxt) and nxt[0].lstrip('„"«(')[:1].isupper()
            if (
                word in _NON_FINAL
                or is_title(last)
                or re.fullmatch(r"[^\W\d_]\.", last)
                or not follows_upper
            ):
                continue
        result.append((start, text[start : match.end()].strip()))
        start = match.end()
    if text[start:].strip():
        result.append((start, text[start:].strip()))
    return result


_MONTHS = (
    ("led", 1), ("unor", 2), ("brez", 3), ("dub", 4), ("kvet", 5), ("cervenc", 7),
    ("cervenec", 7), ("cerv", 6), ("srp", 8), ("zari", 9), ("rij", 10), ("listopad", 11),
    ("prosin", 12),
)  # fmt: skip
_MONTH_WORD = r"(?:led|unor|brez|dub|kvet|cerv|srp|zari|rij|listopad|prosin)[a-z]*"
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*((?:19|20)\d{2})\b")
_WORDY_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s*\.\s*)?({_MONTH_WORD})\s+((?:19|20)\d{{2}})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})\s*/\s*((?:19|20)\d{2})\b")


def _month(word: str) -> int | None:
    for prefix, number in _MONTHS:
        if word.startswith(prefix):
            return number
    return None


def parse_date(text: str) -> tuple[str, int, int] | None:
    """The first date in ``text`` as ``(ISO string, start, end)`` of the match.

    A date with a day is ``YYYY-MM-DD``; a month and year is ``YYYY-MM``.

    Examples
    --------
    >>> parse_date("konané dne 10.06.2020")[0]
    '2020-06-10'
    >>> parse_date("byl zahájen v dubnu 2020")[0]
    '2020-04'
    >>> parse_date("dne 3. září 2021")[0]
    '2021-09-03'
    >>> parse_date("bez data") is None
    True
    """
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    m = _NUMERIC_DATE.search(folded)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        found.append(
            (m.start(), m.end(), f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}")
        )
    m = _WORDY_DATE.search(folded)
    if m and _month(m.group(2)):
        month = _month(m.group(2))
        iso = f"{m.group(3)}-{month:02d}"
        if m.group(1):
            iso += f"-{int(m.group(1)):02d}"
        found.append((m.start(), m.end(), iso))
    m = _SLASH_DATE.search(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        found.append((m.start(), m.end(), f"{m.group(2)}-{int(m.group(1)):02d}"))
    if not found:
        return None
    start, end, iso = min(found)
    return iso, start, end


def project_status(text: str) -> str | None:
    """The status a sentence gives a project: approved / rejected / waiting / running / planned.

    Examples
    --------
    >>> project_status("Druhý projekt nebyl schválen.")
    'rejected'
    >>> project_status("Aktuálně schválen projekt Lepší bydlení")
    'approved'
    >>> project_status("Projekty čekající na hodnocení:")
    'waiting'
    >>> project_status("projekt je již v realizaci") , project_status("Úvod")
    ('running', None)
    """
    folded = fold(text)
    for status, pattern in STATUS_PATTERNS:
        if pattern.search(folded):
            return status
    return None


_PROGRAMME = r"(?:OPZ\+?|IROP|OP\s?Z|KPSV\w*\+?|ESF\+?|OP\s+\w+)"
_FUNDER_PATTERNS = (
    # "KPSVL výzva č. 052 Operačního programu zaměstnanost", "výzvy KPSVL 052 OPZ"
    re.compile(
        rf"(?:(?:{_PROGRAMME})\s+)?(?i:výzv\w*)\s+(?:(?i:č)\.\s*)?(?:{_PROGRAMME}\s+)?\d+"
        rf"(?:\s+(?:{_PROGRAMME}|(?i:operačního\s+programu)\s+\w+))?"
    ),
    # "v otevřené výzvě OPZ"
    re.compile(rf"(?i:otevřen\w*\s+výzv\w*)\s+{_PROGRAMME}"),
    # "grant od Nadace ČEZ", "dotace z Nadace Dobrý den"
    re.compile(r"(?i:nadac\w*)\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w-]*(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w-]*)*"),
    # "spolufinancován Ministerstvem vnitra ČR a Městem Dolní Ves", "financován z OPZ"
    re.compile(r"(?i:(?:spolu)?financován\w*)\s+(?:(?i:z|ze)\s+)?(?P<who>[^.;]+)"),
)


def find_funder(text: str) -> tuple[str, int, int] | None:
    """The first funder or call named in ``text``: ``(text as printed, start, end)``.

    Examples
    --------
    >>> find_funder("podán do výzvy č. 17 OPZ+ v březnu")[0]
    'výzvy č. 17 OPZ+'
    >>> find_funder("získala grant od Nadace Lípa, a to včas")[0]
    'Nadace Lípa'
    >>> find_funder("Projekt je spolufinancován Krajem Vysočina a obcí.")[0]
    'Krajem Vysočina a obcí'
    """
    best: tuple[str, int, int] | None = None
    for pattern in _FUNDER_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        start, end = (m.start("who"), m.end("who")) if "who" in pattern.groupindex else m.span()
        candidate = (text[start:end].strip(" ,"), start, end)
        if best is None or start < best[1]:
            best = candidate
    return best


_START = re.compile(r"\b(?:zahajen\w*|zahajeni|od|zacatek\s+realizace|start)\s+(?:dne\s+|v\s+)?$")
_END = re.compile(r"\b(?:konec\s+realizace|ukonceni\w*|ukoncen\w*|do|konec)\s+(?:dne\s+|v\s+)?$")


def merge_periods(first: str | None, second: str | None) -> str | None:
    """Fill the open ends of one period from another.

    Examples
    --------
    >>> merge_periods("2020-06-01/..", "../2022-06-30")
    '2020-06-01/2022-06-30'
    """
    if first is None or second is None:
        return first or second
    a_start, a_end = first.split("/")
    b_start, b_end = second.split("/")
    start = a_start if a_start != ".." else b_start
    end = a_end if a_end != ".." else b_end
    return f"{start}/{end}"


def find_period(text: str) -> str | None:
    """The period a project runs, as an ISO 8601 interval ``start/end`` (``..`` = open).

    Only dates introduced by a start word ("zahájen", "od") or an end word ("konec
    realizace", "do") count, so that a submission date ("podán v září 2019") does not.

    Examples
    --------
    >>> find_period("Zahájen 1.6. 2020. Konec realizace 30.6.2022.")
    '2020-06-01/2022-06-30'
    >>> find_period("projekt, který byl zahájen v dubnu 2020")
    '2020-04/..'
    >>> find_period("Podán v září 2019.") is None
    True
    """
    start = end = None
    rest, offset = text, 0
    while True:
        found = parse_date(rest)
        if found is None:
            break
        iso, s, e = found
        before = fold(text[max(0, offset + s - 40) : offset + s])
        if start is None and _START.search(before):
            start = iso
        elif end is None and _END.search(before):
            end = iso
        rest, offset = rest[e:], offset + e
    if start is None and end is None:
        return None
    return f"{start or '..'}/{end or '..'}"


_DASH = rf"\s+[{re.escape(DASHES)}]\s+"
_LEGAL_FORMS = re.compile(rf"\b{LEGAL_FORM}\.", re.I)


def strip_stop(text: str) -> str:
    """Strip a sentence's full stop, but not the one of a legal form ("Kotva z.s.").

    Examples
    --------
    >>> strip_stop("Kotva z.s."), strip_stop("Charita Dolní Ves.")
    ('Kotva z.s.', 'Charita Dolní Ves')
    """
    text = text.strip(" ,;")
    if text.endswith(".") and not _LEGAL_FORMS.search(text[-8:]):
        text = text[:-1].rstrip()
    return text


def split_head(line: str) -> tuple[str, str] | None:
    """Split "Head – what the text says of it" at its first spaced dash.

    Examples
    --------
    >>> split_head("Spolek Kotva z.s. – pokračuje v běžném režimu")
    ('Spolek Kotva z.s.', 'pokračuje v běžném režimu')
    >>> split_head("Bez pomlčky") is None
    True
    >>> split_head("Místo (TPM - zpravidla 3 měsíce) je vytvořené") is None
    True
    """
    text = line.strip()
    for m in re.finditer(_DASH, text):
        head, tail = text[: m.start()].strip(), text[m.end() :].strip()
        if head.count("(") != head.count(")"):
            continue  # a dash inside brackets: "(TPM - zpravidla 3-6 měsíců)"
        return (head, tail) if head and tail else None
    return None


#: Heads that structure the minutes rather than name an organisation (folded prefixes).
STRUCTURAL_HEADS = (
    "doplneni", "poznamka", "komentar", "dotaz", "diskuse", "diskuze", "zaver", "usneseni",
    "ukol", "termin", "hlasovani", "informace", "predstaveni", "uvod", "ruzne", "aktuality",
)  # fmt: skip


def looks_like_organisation(head: str) -> bool:
    """Whether the head of a "Head – text" line can be an organisation's or service's name.

    A name is short (at most eight words), starts with a capital letter or is an
    abbreviation, holds no sentence (a full stop other than in a legal form such as
    "z.s."), and is not a structural word of minutes ("Doplnění zápisu", "Úvod").

    Examples
    --------
    >>> looks_like_organisation("Spolek Kotva z.s."), looks_like_organisation("NRUK")
    (True, True)
    >>> looks_like_organisation("Doplnění zápisu"), looks_like_organisation("Dnes. Zítra")
    (False, False)
    """
    words = head.split()
    if not words or len(words) > 8 or not words[0][:1].isupper():
        return False
    if fold(head).startswith(STRUCTURAL_HEADS):
        return False
    stripped = _LEGAL_FORMS.sub("", head)
    if "." in stripped.rstrip(".") or ":" in stripped:
        return False
    return not any(is_title(w) for w in words)
