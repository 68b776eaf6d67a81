"""Pick the loader for a document by its content, and say why.

Each loader module offers ``sniff(document) -> Sniff`` and ``load(document) -> LoadResult``.
The registry below lists them; :func:`detect` asks each one and takes the most confident.
The outline reader (:data:`LAST_RESORT`) is asked only when no other loader recognises the
document, or first when the user gave profiles of their own; a document that no loader
recognises is refused with every loader's reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import DetectError
from .records import Document

if TYPE_CHECKING:
    from .profiles import Profile

__all__ = ["Sniff", "LOADERS", "LAST_RESORT", "detect", "loader_module", "layout_profile"]


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
    "outline": "vazby.loaders.outline",
}

#: The loader tried last: any numbered outline, read with the layout profiles.
LAST_RESORT = "outline"

#: A plan loader's verdict below this score is weak: the outline reader is asked too, and
#: takes the document when it places at least :data:`OUTLINE_FIT` of its text.
WEAK = 60
OUTLINE_FIT = 0.8
PLAN_LOADERS = ("action-plan", "evaluation")


def loader_module(name: str) -> ModuleType:
    """The module of the loader called ``name``."""
    return importlib.import_module(LOADERS[name])


def layout_profile(name: str, profiles: Sequence[Profile]) -> Profile | None:
    """The user's profile a plan loader reads with (the first whose ``loader`` is ``name``);
    None for the loader's shipped profile."""
    return next((p for p in profiles if p.loader == name), None)


#: How many opening lines :func:`detect` reads before it reads a whole document.
PREFIX_LINES = 800


def _verdicts(document: Document, profiles: Sequence[Profile]) -> list[tuple[int, str, str]]:
    verdicts = []
    for name in LOADERS:
        if name == LAST_RESORT:
            continue
        module = loader_module(name)
        verdict: Sniff = (
            module.sniff(document, layout_profile(name, profiles))
            if name in PLAN_LOADERS
            else module.sniff(document)
        )
        verdicts.append((verdict.score, name, verdict.reason))
    verdicts.sort(key=lambda v: (-v[0], v[1]))
    return verdicts


def detect(document: Document, profiles: Sequence[Profile] = ()) -> tuple[str, str]:
    """Return ``(loader name, reason)`` for the loader that fits ``document`` best.

    With ``profiles`` (a user's own layouts), the outline reader is asked first and takes
    the document when one of those profiles finds its measures; a profile of the action-plan
    or evaluation layout (``loader =`` in its ``[profile]``) is that loader's words, and the
    loader takes the document when it recognises it in them.

    Raises
    ------
    DetectError
        No loader recognises the document; the message lists each loader's reason.
    """
    outline = loader_module(LAST_RESORT)
    if profiles:
        reading, _ = outline.choose(document, profiles)
        if reading.measures and reading.profile in profiles:
            return LAST_RESORT, outline.why(reading)
        for name in PLAN_LOADERS:
            mine = layout_profile(name, profiles)
            verdict = loader_module(name).sniff(document, mine) if mine is not None else None
            if verdict is not None and verdict.score > 0:
                return name, verdict.reason
    # The layout shows in a document's opening: sniff its first lines, and the whole only
    # when no loader recognises the opening (a plan whose cards start late).
    verdicts = _verdicts(
        replace(document, lines=document.lines[:PREFIX_LINES], rows=document.rows[:PREFIX_LINES]),
        profiles,
    )
    if verdicts[0][0] <= 0 and len(document.lines) > PREFIX_LINES:
        verdicts = _verdicts(document, profiles)
    best_score, best_name, best_reason = verdicts[0]
    if best_name in PLAN_LOADERS and 0 < best_score < WEAK:
        # A plan in nearly a known layout: the known loader reads it only in part.
        reading, _ = outline.choose(document, profiles)
        if reading.measures and reading.coverage.share >= OUTLINE_FIT:
            return LAST_RESORT, (
                f"{outline.why(reading)} (over {best_name}: {best_score}, {best_reason})"
            )
    if best_score <= 0:
        last: Sniff = outline.sniff(document, profiles)
        if last.score > 0:
            return LAST_RESORT, last.reason
        verdicts.append((last.score, LAST_RESORT, last.reason))
        reasons = "; ".join(f"{name}: {reason}" for _, name, reason in verdicts)
        raise DetectError(document.path, 0, f"no loader recognises this document ({reasons})")
    return best_name, best_reason
