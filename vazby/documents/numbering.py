"""List markers as a word processor prints them: counters per list and level, formatted.

Shared by the DOCX and ODT readers: they find a paragraph's list, level and the level's
format, and :class:`Counters` gives the marker ("1.", "a)", "2.1") or ``None`` for a bullet.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LevelFormat", "Counters", "format_number"]


@dataclass(frozen=True, slots=True)
class LevelFormat:
    """How one level of a list prints its marker.

    ``kind`` is a DOCX ``numFmt`` ("decimal", "lowerLetter", "upperRoman", "bullet", …);
    ``template`` the marker with ``%1``…``%9`` standing for the counters of levels 1…9
    ("%1.", "%1.%2)"); ``start`` the first number.
    """

    kind: str
    template: str
    start: int = 1


def format_number(value: int, kind: str) -> str:
    """One counter in a list format.

    >>> [format_number(n, k) for n, k in [(3, "decimal"), (2, "lowerLetter"), (4, "upperRoman")]]
    ['3', 'b', 'IV']
    """
    if kind in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if kind == "upperLetter" else letters
    if kind in ("lowerRoman", "upperRoman"):
        numerals = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]  # fmt: skip
        roman = ""
        for amount, numeral in numerals:
            while value >= amount:
                roman += numeral
                value -= amount
        return roman.upper() if kind == "upperRoman" else roman
    return str(value)


class Counters:
    """The running counters of every list in a document.

    >>> counters = Counters()
    >>> levels = {0: LevelFormat("decimal", "%1."), 1: LevelFormat("lowerLetter", "%2)")}
    >>> [counters.marker("list", d, levels[d]) for d in (0, 1, 1, 0, 1)]
    ['1.', 'a)', 'b)', '2.', 'a)']
    >>> counters.marker("other", 0, LevelFormat("bullet", "•")) is None
    True
    """

    def __init__(self) -> None:
        self._values: dict[str, dict[int, int]] = {}
        self._formats: dict[str, dict[int, LevelFormat]] = {}

    def restart(self, key: str) -> None:
        """Start list ``key`` again from its first number (a new list of the same style)."""
        self._values.pop(key, None)

    def marker(self, key: str, level: int, fmt: LevelFormat) -> str | None:
        """Count an item of list ``key`` at ``level`` (from 0); its marker, None for bullets."""
        values = self._values.setdefault(key, {})
        formats = self._formats.setdefault(key, {})
        for deeper in [d for d in values if d > level]:
            del values[deeper]  # a shallower item restarts the levels below it
        values[level] = values.get(level, fmt.start - 1) + 1
        formats[level] = fmt
        if fmt.kind in ("bullet", "none", ""):
            return None
        text = fmt.template
        for depth in range(level, -1, -1):  # %10 never occurs: nine levels at most
            placeholder = f"%{depth + 1}"
            if placeholder in text:
                shown = formats.get(depth, fmt)
                text = text.replace(
                    placeholder, format_number(values.get(depth, shown.start), shown.kind)
                )
        return text.strip() or None
