"""Cards whose labels are printed before their values, which no loader can read.

Plain ``pdftotext`` (without ``-layout``) reads a page column by column: every label of a
card, then every value. The labels stand in a run of lines, alone, with no value between
them, and nothing says which value belongs to which label. Such a document is refused with
what to do instead, so that no field is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cards import match_field
from .evaluation import field_key
from .records import Document

__all__ = ["label_alone", "stacked_labels", "STACKED_RUN"]

#: How many labels alone in a row make a run no card of either layout prints.
STACKED_RUN = 4


def label_alone(line: str, cells: Sequence[str] | None = None) -> bool:
    """Whether a line is a card's field label alone: not a table row (``cells``, its
    cells if it is one), no value.

    Examples
    --------
    >>> label_alone("Harmonogram"), label_alone("Hodnocení:")
    (True, True)
    >>> label_alone("Harmonogram", ("Harmonogram", "")), label_alone("Opatření se týká rodin")
    (False, False)
    """
    text = line.strip()
    if not text or cells is not None or len(text) > 60:
        return False
    found = match_field(text)
    if found is not None and found.key and not found.value:
        return True
    return text.endswith(":") and field_key(text.rstrip(":").strip()) is not None


def stacked_labels(document: Document, run: int = STACKED_RUN) -> list[tuple[int, int]]:
    """The runs of at least ``run`` field labels alone in a row (blank lines and labels
    wrapped onto a second line do not break a run), as (first, last) line numbers.

    Examples
    --------
    >>> lines = ("1.1.1 Opatření", "Hodnocení:", "Cílová skupina:", "Garant:",
    ...          "Vazba na analýzu, další opatření a", "cíle:", "Náklady/zdroj:", "PLNĚNO")
    >>> stacked_labels(Document("p.txt", "p.txt", "0", "utf-8", lines))
    [(2, 7)]
    """
    runs: list[tuple[int, int]] = []
    first = last = count = 0
    for number, line in enumerate(document.lines, 1):
        if not line.strip():
            continue
        if label_alone(line, document.cells(number)):
            first, last, count = (first or number), number, count + 1
            continue
        if count and line.strip().endswith(":") and len(line) <= 20:
            last = number  # the second line of a wrapped label ("cíle:")
            continue
        if count >= run:
            runs.append((first, last))
        first = last = count = 0
    if count >= run:
        runs.append((first, last))
    return runs
