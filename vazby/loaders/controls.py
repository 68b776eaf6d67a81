"""Control characters are dropped from a document before any loader reads it, each line that
held some reported as an ``encoding`` diagnostic.

A NUL, an escape sequence or a form feed in a document is never content: left in, it reaches
labels, then XML outputs that no reader accepts and terminals it can retitle. Line ends and
a table row's cells stay (layouts use them).
"""

from __future__ import annotations

import dataclasses
import re

from .records import Diagnostic, Document

__all__ = ["drop_controls"]

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Lines reported one by one; beyond this many, one diagnostic counts the rest.
REPORTED_LINES = 20


def drop_controls(document: Document) -> tuple[Document, tuple[Diagnostic, ...]]:
    """``document`` without control characters, and a diagnostic per line that had some.

    Examples
    --------
    >>> doc = Document("x.txt", "x.txt", "0", "utf-8", ("Klub", "Klub\\x1b]0;x\\x07 pro děti"))
    >>> clean, notes = drop_controls(doc)
    >>> clean.lines[1], str(notes[0])
    ('Klub]0;x pro děti', 'x.txt:2: encoding: dropped 2 control characters (U+001B, U+0007)')
    """
    lines = list(document.lines)
    notes: list[Diagnostic] = []
    hidden = 0
    for number, line in enumerate(lines, 1):
        found = _CONTROLS.findall(line)
        if not found:
            continue
        lines[number - 1] = _CONTROLS.sub("", line)
        if len(notes) >= REPORTED_LINES:
            hidden += 1
            continue
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
        plural = "s" if len(found) > 1 else ""
        notes.append(
            Diagnostic(
                document.name,
                number,
                "encoding",
                f"dropped {len(found)} control character{plural} ({names})",
            )
        )
    if hidden:
        notes.append(
            Diagnostic(
                document.name, 0, "encoding", f"dropped control characters on {hidden} more lines"
            )
        )
    if not notes:
        return document, ()
    rows = tuple(
        None if cells is None else tuple(_CONTROLS.sub("", cell) for cell in cells)
        for cells in document.rows
    )
    return dataclasses.replace(document, lines=tuple(lines), rows=rows), tuple(notes)
