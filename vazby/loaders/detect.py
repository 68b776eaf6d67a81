"""Pick the loader for a document by its content, and say why.

Each loader module offers ``sniff(document) -> Sniff`` and ``load(document) -> LoadResult``.
The registry below lists them; :func:`detect` asks each one and takes the most confident.
A document that no loader recognises is refused with every loader's reason.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from types import ModuleType

from ..errors import DetectError
from .records import Document

__all__ = ["Sniff", "LOADERS", "detect", "loader_module"]


@dataclass(frozen=True, slots=True)
class Sniff:
    """A loader's verdict on a document: a score (0 = not mine) and the reason."""

    score: int
    reason: str


#: Loader name → module. Modules are imported when first asked for, not at start-up.
LOADERS: dict[str, str] = {
    "action-plan": "vazby.loaders.action_plan",
    "evaluation": "vazby.loaders.evaluation",
    "minutes": "vazby.loaders.minutes",
    "results": "vazby.loaders.results",
    "programme-report": "vazby.loaders.programme_report",
}


def loader_module(name: str) -> ModuleType:
    """The module of the loader called ``name``."""
    return importlib.import_module(LOADERS[name])


#: How many opening lines :func:`detect` reads before it reads a whole document.
PREFIX_LINES = 800


def _verdicts(document: Document) -> list[tuple[int, str, str]]:
    verdicts = []
    for name in LOADERS:
        verdict: Sniff = loader_module(name).sniff(document)
        verdicts.append((verdict.score, name, verdict.reason))
    verdicts.sort(key=lambda v: (-v[0], v[1]))
    return verdicts


def detect(document: Document) -> tuple[str, str]:
    """Return ``(loader name, reason)`` for the loader that fits ``document`` best.

    Raises
    ------
    DetectError
        No loader recognises the document; the message lists each loader's reason.
    """
    # The layout shows in a document's opening: sniff its first lines, and the whole only
    # when no loader recognises the opening (a plan whose cards start late).
    verdicts = _verdicts(replace(document, lines=document.lines[:PREFIX_LINES]))
    if verdicts[0][0] <= 0 and len(document.lines) > PREFIX_LINES:
        verdicts = _verdicts(document)
    best_score, best_name, best_reason = verdicts[0]
    if best_score <= 0:
        reasons = "; ".join(f"{name}: {reason}" for _, name, reason in verdicts)
        raise DetectError(document.path, 0, f"no loader recognises this document ({reasons})")
    return best_name, best_reason
