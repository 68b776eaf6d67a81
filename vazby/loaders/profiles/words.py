"""How a profile's words are matched: labels by the one rule, level words as a pattern."""

from __future__ import annotations

import re

from ...lang import fold

__all__ = ["Labels", "word_alternation"]


class Labels:
    """Labels → what they stand for: the one rule by which a label as printed is read.

    A label matches case and diacritics aside, with the colon and white space around it
    left out; a label written with a final ``*`` matches every label that starts with it
    ("Vazba na*"). A label written whole wins over a prefix, a longer prefix over a
    shorter one.

    Examples
    --------
    >>> labels = Labels((("cost", ("náklady*",)), ("cost_and_funding", ("náklady/zdroj*",)),
    ...                  ("funding", ("zdroj",))))
    >>> labels.key("Náklady:"), labels.key("NÁKLADY/ZDROJE"), labels.key(" Zdroj "), labels.key("x")
    ('cost', 'cost_and_funding', 'funding', None)
    """

    def __init__(self, table: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.exact: dict[str, str] = {}
        prefixes: list[tuple[str, str]] = []
        for key, labels in table:
            for label in labels:
                if label.endswith("*"):
                    prefixes.append((fold(label[:-1], tidy=True).strip(" :"), key))
                else:
                    self.exact.setdefault(fold(label, tidy=True).strip(" :"), key)
        self.prefixes = sorted(prefixes, key=lambda p: -len(p[0]))

    def key(self, label: str) -> str | None:
        """What ``label`` stands for, or None."""
        folded = fold(label, tidy=True).strip(" :")
        found = self.exact.get(folded)
        if found is not None:
            return found
        return next((key for prefix, key in self.prefixes if folded.startswith(prefix)), None)


def word_alternation(words: tuple[str, ...]) -> str:
    """A regular expression of level words, longest first; a word in capitals ("SC", "KA")
    is matched as printed, any other in any case.

    Examples
    --------
    >>> print(word_alternation(("cíl", "KA", "strategický cíl")))
    (?i:strategický\\s+cíl)|(?i:cíl)|KA
    """
    out = []
    for word in sorted(set(words), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in word.split())
        out.append(body if word.isupper() else f"(?i:{body})")
    return "|".join(out)
