"""Cross-references as a profile says they are written.

A profile's ``[references]`` table names the words printed before a goal's, measure's or
area's number ("cíl 2.1", "opatření B.3") and the cues that make a sentence a reference
("viz", "návaznost na"); the numbers are the profile's own numbering patterns. A "Vazba
na …" field is read whole; in a measure's free text, only a sentence with a cue is.
"""

from __future__ import annotations

import re

from ..lang import fold
from .profiles import Profile
from .profiles import word_alternation as _alternation
from .records import Link, SourceSpan
from .text import DASHES, clean_cell

__all__ = ["ReferenceReader"]

_TARGET_TYPES = {"goal": "Goal", "measure": "Measure", "area": "ThematicArea"}
_JOIN = r"\s*(?:,|;|\ba\b|\bi\b)\s*"


class ReferenceReader:
    """Read the references ``profile`` teaches; inactive when it has no ``[references]``."""

    def __init__(self, profile: Profile) -> None:
        table = dict(profile.references)
        self._kinds = {
            fold(word, tidy=True): kind for kind in _TARGET_TYPES for word in table.get(kind, ())
        }
        self.active = bool(self._kinds)
        if not self.active:
            return
        number = "|".join(f"(?:{p})" for p in profile.numbering)
        self._number = re.compile(rf"(?<![\w.])(?:{number})(?![\w])")
        words = _alternation(tuple(w for kind in _TARGET_TYPES for w in table.get(kind, ())))
        self._reference = re.compile(
            rf"(?<!\w)(?P<word>{words})\s+"
            rf"(?P<refs>(?:{number})(?![\w])(?:{_JOIN}(?:{number})(?![\w]))*)"
        )
        cues = profile.prose_cues("links")  # the one list of cues, [prose] links
        self._cue = re.compile(rf"(?<!\w)(?:{_alternation(cues)})(?!\w)") if cues else None

    def read(self, text: str, source: SourceSpan) -> tuple[list[Link], str]:
        """The references in a links field's value, and the text that named none."""
        text = clean_cell(text)
        links: list[Link] = []
        for m in self._reference.finditer(text):
            kind = self._kinds.get(fold(m.group("word"), tidy=True))
            if kind is None:
                continue
            for ref in self._number.findall(m.group("refs")):
                links.append(Link(kind, ref, m.group(0).strip(), source, _TARGET_TYPES[kind]))
        rest = self._reference.sub(" ", text)
        if self._cue is not None:
            rest = self._cue.sub(" ", rest)
        rest = re.sub(r"\b(a|i)\b", " ", rest).strip(f" ,;.:{DASHES}")
        return links, re.sub(r"\s+", " ", rest)

    def in_prose(self, text: str, source: SourceSpan) -> list[Link]:
        """The references of a sentence that has a cue ("Návaznost na opatření B.3.")."""
        if self._cue is None or not self._cue.search(text):
            return []
        return self.read(text, source)[0]
