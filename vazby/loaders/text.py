"""Reading documents and parsing the small languages inside them.

Encodings, line numbers, Czech numbers and money ("6,1 mil. Kč", "1 417 500 Kč"),
schedules ("01/2023–12/2025", "Zahájení v roce 2024"), reference lists
("1.1.1, 1.1.2 a 1.1.3") and ranges ("1.– 5.").
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..czech import is_legal_form
from ..documents.detect import read_path
from ..documents.encoding import decode_bytes
from ..lang import DASHES
from .lines import document_of
from .ranges import sensible
from .records import Amount, Document, Schedule

__all__ = [
    "read_document",
    "decode_bytes",
    "clean_cell",
    "abbreviation",
    "parse_czk",
    "cost_funding",
    "cost_shared_by",
    "parse_schedule",
    "parse_refs",
    "split_bodies",
    "REF_PATTERN",
    "SCALE_WORD",
    "CURRENCY",
    "expand_range",
    "split_items",
    "split_top",
    "DASHES",
]

_DASH_RE = f"[{re.escape(DASHES)}]"


def read_document(path: str | Path) -> Document:
    """Read a document of any supported kind into the :class:`Document` the loaders read.

    The reader is picked by content (:mod:`vazby.documents.detect`); the file's blocks are
    rendered into lines (:func:`vazby.loaders.lines.document_of`). A text file's lines are
    its own: line ends normalised, numbers 1-based as an editor shows them.

    Raises
    ------
    LoadError
        The file is missing, unreadable, too large, empty, binary or of a refused kind.
    """
    return document_of(read_path(path))


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACE = re.compile(r"\s+")


def abbreviation(
    text: str, cells: tuple[str, ...] | None, line: re.Pattern, cell: re.Pattern
) -> tuple[str, str] | None:
    """``(abbreviation, expansion)`` of a line of a list of abbreviations, or None.

    A line is read by ``line`` (groups ``abbr`` and ``exp``: "MPSV – Ministerstvo práce");
    a table row by its first filled cell: "abbreviation – expansion" itself, or an
    abbreviation alone (``cell``, group ``abbr``) with its expansion in the cells after it.
    Each layout passes the separators it prints.

    Examples
    --------
    >>> line, cell = re.compile(r"(?P<abbr>\\S+) – (?P<exp>.+)"), re.compile(r"(?P<abbr>\\S+)")
    >>> abbreviation("MPSV – Ministerstvo práce", None, line, cell)
    ('MPSV', 'Ministerstvo práce')
    >>> abbreviation("", ("", "IROP", "Integrovaný", "program"), line, cell)
    ('IROP', 'Integrovaný program')
    """
    if cells is None:
        m = line.match(clean_cell(text))
        return (m.group("abbr"), clean_cell(m.group("exp"))) if m else None
    filled = next((i for i, c in enumerate(cells) if c.strip()), len(cells))
    cells = cells[filled:]
    if not cells:
        return None
    rest = " ".join(cells[1:])
    if m := line.match(cells[0]):
        return m.group("abbr"), clean_cell(f"{m.group('exp')} {rest}")
    m = cell.fullmatch(cells[0])
    return (m.group("abbr"), clean_cell(rest)) if m and rest.strip() else None


def clean_cell(text: str) -> str:
    """Strip leftover HTML, Markdown emphasis and extra white space from a cell.

    Examples
    --------
    >>> clean_cell('<p>Podpora</p> <ul style="x"> - jedna</ul> **dvě**')
    'Podpora - jedna dvě'
    >>> clean_cell('  Viz&nbsp;cílová  skupina ')
    'Viz cílová skupina'
    """
    if _PLAIN.fullmatch(text):  # most cells: nothing to strip but the ends
        return text.strip()
    text = _TAG.sub(" ", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = text.replace("**", "").replace("\u2022", " ")
    return _SPACE.sub(" ", text).strip()


_PLAIN = re.compile(r"[^<&*\u2022\s\xa0]*(?: [^<&*\u2022\s\xa0]+)*\s*")


_NUMBER = r"\d{1,3}(?:[ \xa0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
#: The scale and the currency of an amount as printed: "tis. Kč", "mil. CZK", "miliardy korun".
SCALE_WORD = r"mld\.?|miliard\w*|mil\.?|milion\w*|tis\.?|tisíc\w*"
CURRENCY = r"Kč|CZK|korun"
_MONEY = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?P<unit>{SCALE_WORD})?\s*(?:,-\s*)?(?P<kc>{CURRENCY})?",
    re.IGNORECASE,
)
_SCALE = {"mld": Decimal(10) ** 9, "mil": Decimal(10) ** 6, "tis": Decimal(1000)}
_APPROX = re.compile(r"\b(přibližně|cca\.?|asi|odhadem|zhruba|až)\b|~", re.IGNORECASE)
#: An amount per year: "cca 2 mil. Kč ročně", "50 tis. Kč/rok", "300 000 Kč za rok".
_PER_YEAR = re.compile(r"\b(?:ročně|za rok|na rok|každý rok)\b|/\s*rok\b", re.IGNORECASE)
_COST_REF = re.compile(r"\bviz\s+(?:opatření\s+)?(?P<ref>\d+(?:\.\d+)+)", re.IGNORECASE)
_PERIOD = re.compile(
    r"\((?P<period>[^()]*\b(?:rok|roky|let|jednorázově|měsíc\w*)\b[^()]*)\)", re.IGNORECASE
)


def _to_decimal(num: str) -> Decimal:
    num = num.replace("\xa0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", num):
        num = num.replace(" ", "").replace(".", "")
    num = num.replace(" ", "").replace(",", ".")
    return Decimal(num)


def parse_czk(text: str) -> Amount:
    """Parse a Czech cost into CZK.

    Examples
    --------
    >>> parse_czk("25 mil. Kč").czk
    Decimal('25000000')
    >>> parse_czk("6,1 mil. Kč").czk
    Decimal('6100000')
    >>> parse_czk("30 tis. Kč").czk
    Decimal('30000')
    >>> parse_czk("1 417 500 Kč/OPZ (1.1.1, 1.1.2 a 1.1.3)").czk
    Decimal('1417500')
    >>> a = parse_czk("Přibližně 50 mil. Kč")
    >>> (a.czk, a.approximate)
    (Decimal('50000000'), True)
    >>> parse_czk("Viz opatření 1.1.1.1").reference
    '1.1.1.1'
    >>> parse_czk("-").czk is None
    True
    >>> parse_czk("15 mil. Kč (3 roky)").period
    '3 roky'
    >>> a = parse_czk("cca 2 mil. Kč ročně")
    >>> (a.czk, a.approximate, a.period)
    (Decimal('2000000'), True, 'ročně')
    """
    raw = text.strip()
    ref = _COST_REF.search(raw)
    if ref:
        return Amount(raw=raw, reference=ref.group("ref"))
    period_match = _PERIOD.search(raw)
    period = period_match.group("period").strip() if period_match else None
    per_year = _PER_YEAR.search(raw)
    if period is None and per_year:
        period = per_year.group(0).strip()
    body = _PERIOD.sub(" ", raw)
    # Drop reference lists in brackets so that "(1.1.1, 1.1.2)" is not read as a number.
    body = re.sub(r"\([^()]*\)", " ", body)
    for match in _MONEY.finditer(body):
        if not (match.group("unit") or match.group("kc")):
            continue
        try:
            value = _to_decimal(match.group("num"))
        except InvalidOperation:
            continue
        unit = (match.group("unit") or "").lower()
        for prefix, scale in _SCALE.items():
            if unit.startswith(prefix):
                value *= scale
                break
        if sensible(value) and value == value.to_integral():
            value = value.quantize(Decimal(1))
        elif sensible(value):
            value = value.normalize()
        return Amount(  # a senseless value stays: load_path drops it with a diagnostic
            raw=raw,
            czk=value,
            approximate=bool(_APPROX.search(raw)),
            period=period,
        )
    return Amount(raw=raw, period=period)


def cost_funding(text: str, amount: Amount) -> str:
    """The funding source written after a cost's amount: "1 417 500 Kč/OPZ (…)" → "OPZ".

    Examples
    --------
    >>> cost_funding("800 000 Kč/OPZ+ (1.1.1 a 1.1.2)", parse_czk("800 000 Kč"))
    'OPZ+'
    >>> cost_funding("Vlastní zdroje", Amount(raw="Vlastní zdroje"))
    'Vlastní zdroje'
    """
    body = re.sub(r"\([^()]*\)", " ", text)
    if amount.czk is not None:
        body = re.sub(r"^.*?(?:Kč|CZK|korun\w*)[\s,;:/+" + re.escape(DASHES) + r"]*", "", body)
    return " ".join(body.split()).strip(" /,;" + DASHES)


def cost_shared_by(text: str) -> tuple[str, ...]:
    """The measures a cost names in brackets as sharing it: "… Kč/OPZ (1.1.1 a 1.1.2)".

    Examples
    --------
    >>> cost_shared_by("2 300 000 Kč/OPZ+ (1.1.1, 1.1.2 a 1.1.5)")
    ('1.1.1', '1.1.2', '1.1.5')
    >>> cost_shared_by("15 mil. Kč (3 roky)")
    ()
    """
    return parse_refs(" ".join(re.findall(r"\(([^()]*)\)", text)))


_MONTH_YEAR = r"(?:(?P<{m}>\d{{1,2}})\s*/\s*)?(?P<{y}>(?:19|20)\d{{2}})"
_RANGE = re.compile(
    _MONTH_YEAR.format(m="m1", y="y1") + rf"\s*{_DASH_RE}+\s*" + _MONTH_YEAR.format(m="m2", y="y2")
)
_SINGLE = re.compile(_MONTH_YEAR.format(m="m", y="y"))
_START_WORDS = re.compile(r"\b(zahájení|od|začátek|start)\b", re.IGNORECASE)
_END_WORDS = re.compile(r"\b(do|ukončení|konec|nejpozději)\b", re.IGNORECASE)


def _ym(month: str | None, year: str) -> str:
    if month and 1 <= int(month) <= 12:
        return f"{year}-{int(month):02d}"
    return year


def schedule_total(amount: Amount, schedule: Schedule | None) -> Amount:
    """``amount`` with the total over ``schedule`` beside it, when ``amount`` is per year
    and the schedule's first and last year are known (months, when both ends print them).

    Examples
    --------
    >>> a = schedule_total(parse_czk("cca 2 mil. Kč ročně"), parse_schedule("2024–2026"))
    >>> (a.czk, a.total_czk, a.total_years)
    (Decimal('2000000'), Decimal('6000000'), Decimal('3'))
    >>> schedule_total(parse_czk("2 mil. Kč"), parse_schedule("2024–2026")).total_czk is None
    True
    """
    if (
        amount.czk is None
        or not amount.period
        or not _PER_YEAR.search(amount.period)
        or schedule is None
        or not schedule.start
        or not schedule.end
    ):
        return amount
    y1, y2 = int(schedule.start[:4]), int(schedule.end[:4])
    if len(schedule.start) == 7 and len(schedule.end) == 7:
        months = (y2 - y1) * 12 + int(schedule.end[5:]) - int(schedule.start[5:]) + 1
    else:
        months = (y2 - y1 + 1) * 12
    if months <= 0:
        return amount
    years = Decimal(months) / 12
    return replace(amount, total_czk=amount.czk * years, total_years=years)


def parse_schedule(text: str) -> Schedule:
    """Parse a schedule into start and end.

    Examples
    --------
    >>> parse_schedule("01/2023–12/2025")
    Schedule(raw='01/2023–12/2025', start='2023-01', end='2025-12')
    >>> parse_schedule("2023 – 2025")
    Schedule(raw='2023 – 2025', start='2023', end='2025')
    >>> parse_schedule("Zahájení v roce 2024")
    Schedule(raw='Zahájení v roce 2024', start='2024', end=None)
    >>> parse_schedule("12/2023")
    Schedule(raw='12/2023', start=None, end='2023-12')
    >>> parse_schedule("průběžně")
    Schedule(raw='průběžně', start=None, end=None)
    """
    raw = text.strip()
    m = _RANGE.search(raw)
    if m:
        return Schedule(raw, _ym(m.group("m1"), m.group("y1")), _ym(m.group("m2"), m.group("y2")))
    m = _SINGLE.search(raw)
    if not m:
        return Schedule(raw)
    value = _ym(m.group("m"), m.group("y"))
    if _START_WORDS.search(raw):
        return Schedule(raw, start=value)
    if _END_WORDS.search(raw) or m.group("m"):
        return Schedule(raw, end=value)
    return Schedule(raw, start=value, end=value)


#: A goal's or measure's number as plans print it: decimal ("1.2.3"), or after an area's
#: capital letter or roman numeral ("A.1.1", "III.2"), with a small letter last ("I.1.a"),
#: never the digits inside one of those.
REF_PATTERN = r"(?<![\w.])(?:(?-i:[A-Z]|[IVX]{1,5})|\d+)(?:\.\d+)+(?:\.(?-i:[a-z])(?!\w))?\b"
_REF = re.compile(REF_PATTERN)


def parse_refs(text: str) -> tuple[str, ...]:
    """The dotted identifiers in a reference list, in order, without duplicates.

    Examples
    --------
    >>> parse_refs("(1.1.1, 1.1.2 a 1.1.3)")
    ('1.1.1', '1.1.2', '1.1.3')
    >>> parse_refs("1.2.1 a 1.2.2")
    ('1.2.1', '1.2.2')
    >>> parse_refs("3.2.1.1.")
    ('3.2.1.1',)
    >>> parse_refs("opatření A.1.1 a III.2")
    ('A.1.1', 'III.2')
    >>> parse_refs("Opatření I.1.a, II.1.b a 2.1.c.")
    ('I.1.a', 'II.1.b', '2.1.c')
    """
    seen: dict[str, None] = {}
    for match in _REF.finditer(text):
        seen.setdefault(match.group(0), None)
    return tuple(seen)


_ENUM_RANGE = re.compile(rf"(?P<a>\d+)\s*\.?\s*{_DASH_RE}\s*(?P<b>\d+)\s*\.?")
_ENUM_ONE = re.compile(r"(?P<n>\d+)\s*\.")


def expand_range(text: str) -> tuple[int, ...]:
    """Expand enumerations such as ``"1.– 5."``, ``"1. - 5."``, ``"2., 4."`` into numbers.

    Examples
    --------
    >>> expand_range("1.– 5.")
    (1, 2, 3, 4, 5)
    >>> expand_range("4.")
    (4,)
    >>> expand_range("1., 3. a 5.")
    (1, 3, 5)
    >>> expand_range("")
    ()
    """
    numbers: list[int] = []
    rest = text
    for m in _ENUM_RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= b and b - a < 1000:
            numbers.extend(range(a, b + 1))
    rest = _ENUM_RANGE.sub(" ", text)
    numbers.extend(int(m.group("n")) for m in _ENUM_ONE.finditer(rest))
    if not numbers:
        numbers.extend(int(n) for n in re.findall(r"\b\d+\b", rest))
    return tuple(sorted(set(numbers)))


def split_items(text: str) -> tuple[str, ...]:
    """Split a list of names separated by commas or semicolons.

    Examples
    --------
    >>> split_items("OPZ+, rozpočet města")
    ('OPZ+', 'rozpočet města')
    >>> split_items("NNO; Město ;")
    ('NNO', 'Město')
    """
    return tuple(part.strip(" .") for part in re.split(r"\s*[,;]\s*", text) if part.strip(" ."))


def split_bodies(text: str) -> list[str]:
    """Split a list of bodies like :func:`split_top`, a legal form after a comma kept with
    its name.

    Examples
    --------
    >>> split_bodies("Poradna Lipová, z. s., Úřad práce")
    ['Poradna Lipová, z. s.', 'Úřad práce']
    """
    parts: list[str] = []
    for part in split_top(text):
        if parts and is_legal_form(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return parts


def split_top(text: str, separators: str = ",;") -> list[str]:
    """Split on separators that are not inside brackets.

    Examples
    --------
    >>> split_top("MPSV, nadace (MV, MZ), NNO")
    ['MPSV', 'nadace (MV, MZ)', 'NNO']
    """
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]
