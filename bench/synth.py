"""Synthetic social-inclusion plans in the two layouts vazby reads, for benchmarks and tests.

Writes made-up plans of made-up Czech towns ("Horní Lhota", "Nové Údolí nad Jizerkou") in

* the **action-plan** card layout ("Opatření 1.1.1.1<TAB>title", "Popis opatření",
  "Odpovědný subjekt", "Předpokládané náklady" …, then a financing table and a KPSV+
  allocation table that mostly agree with the cards), and
* the **evaluation** layout ("B.1/ SECTION", "1 PRIORITA<TAB>…", "1.1 Obecný cíl<TAB>…",
  "1.1.1 Opatření<TAB>…" with "Hodnocení:", "Garant:", run-together target groups and budget
  lines shared by several measures "(1.1.1, 1.1.2 a 1.1.3)"; numbering restarts per section).

The text comes from a small bank of Czech phrases (``synth_words.toml``) with the leftovers
real conversions carry: ``<p>`` and ``<ul style=…>`` in cells, blank lines between fields, a
title on the line after the measure number, a description without its label. Each document
has its own RNG seeded with the corpus seed and its number, so a seed always writes the same
bytes. Each plan comes with its truth (measure identifiers, shared budget lines, deliberate
card/table disagreements) so that tests can check what a loader made of it.

Command line (``bench/`` must be the script's folder or on ``sys.path``)::

    python bench/synth.py OUTDIR --measures 100000 [--seed 1] [--encoding utf-8|cp1250]

Examples
--------
>>> plan = generate_plan(1, 12, seed=7)
>>> plan.layout, len(plan.measures), plan.file_name
('action-plan', 12, 'plan-0001.txt')
>>> generate_plan(1, 12, seed=7).text == plan.text
True
>>> generate_plan(2, 8, seed=7).measures[0]
'B.1/1.1.1'
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from synth_layouts import WORDS, ActionPlanWriter, EvaluationWriter, SynthPlan

__all__ = [
    "LAYOUTS",
    "SynthPlan",
    "CorpusSummary",
    "town_names",
    "generate_plan",
    "plan_sizes",
    "write_corpus",
    "main",
]

#: The layouts, in the order documents alternate: odd-numbered files are action plans.
LAYOUTS = ("action-plan", "evaluation")
_WRITERS = {"action-plan": ActionPlanWriter, "evaluation": EvaluationWriter}


@dataclass(frozen=True)
class CorpusSummary:
    """What :func:`write_corpus` wrote: paths, layouts and measure counts, not the texts."""

    folder: Path
    files: tuple[Path, ...]
    layouts: tuple[str, ...]
    measures: tuple[int, ...]
    seconds: float

    @property
    def measure_count(self) -> int:
        """Measures in the whole corpus."""
        return sum(self.measures)


def town_names(count: int, seed: int = 0) -> list[str]:
    """Return ``count`` distinct made-up Czech town names, deterministic for ``seed``.

    Adjectives agree with the noun's gender ("Nová Ves", "Nový Dvůr", "Nové Údolí"). The
    first names are the same whatever ``count`` is. When the combinations run out, names
    repeat with a district number ("Horní Lhota 2").

    Parameters
    ----------
    count : int
        How many names.
    seed : int
        Seed of the shuffle.

    Returns
    -------
    list of str

    Examples
    --------
    >>> town_names(3, seed=1) == town_names(5, seed=1)[:3]
    True
    >>> len(set(town_names(3000)))
    3000
    """
    towns = WORDS["towns"]
    combos = [
        f"{adjective} {noun}" + (f" {suffix}" if suffix else "")
        for gender, nouns in towns["nouns"].items()
        for noun in nouns
        for adjective in towns["adjectives"][gender]
        for suffix in towns["suffixes"]
    ]
    random.Random(f"towns:{seed}").shuffle(combos)
    names = combos[:count]
    for district in itertools.count(2):
        if len(names) >= count:
            break
        names.extend(f"{name} {district}" for name in combos[: count - len(names)])
    return names


def generate_plan(
    index: int,
    measures: int,
    seed: int = 0,
    *,
    town: str | None = None,
    layout: str | None = None,
) -> SynthPlan:
    """Generate one plan document of ``measures`` measures.

    Parameters
    ----------
    index : int
        1-based number of the document in its corpus; names the file (``plan-0007.txt``)
        and, unless ``layout`` is given, picks the layout (odd: action plan, even:
        evaluation).
    measures : int
        Number of measures, at least 1.
    seed : int
        Seed of the corpus; the document's RNG is seeded with ``(seed, index)``.
    town : str, optional
        The town. By default a made-up name shared by documents ``2k-1`` and ``2k``, so that
        a town has an action plan and an evaluation.
    layout : str, optional
        One of :data:`LAYOUTS`.

    Returns
    -------
    SynthPlan
        The text and the truth about it.

    Raises
    ------
    ValueError
        ``measures`` is below 1 or ``layout`` is unknown.
    """
    if measures < 1:
        raise ValueError(f"a plan needs at least one measure, not {measures}")
    layout = layout or LAYOUTS[(index - 1) % 2]
    if layout not in _WRITERS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    if town is None:
        town = town_names((index + 1) // 2, seed)[-1]
    plan = SynthPlan(f"plan-{index:04d}.txt", layout, town)
    writer = _WRITERS[layout](random.Random(f"plan:{seed}:{index}"), plan, measures)
    plan.text = "\n".join(writer.write()) + "\n"
    return plan


def plan_sizes(measures: int, per_document: int = 50) -> list[int]:
    """Split ``measures`` into documents of at most ``per_document`` measures, evenly.

    Raises
    ------
    ValueError
        ``measures`` or ``per_document`` is below 1.

    Examples
    --------
    >>> plan_sizes(120)
    [40, 40, 40]
    >>> sum(plan_sizes(100_000)), len(plan_sizes(100_000))
    (100000, 2000)
    """
    if measures < 1 or per_document < 1:
        raise ValueError("measures and per_document must be at least 1")
    count = -(-measures // per_document)
    base, extra = divmod(measures, count)
    return [base + (i < extra) for i in range(count)]


def write_corpus(
    folder: str | Path,
    measures: int,
    seed: int = 0,
    encoding: str = "utf-8",
    per_document: int = 50,
) -> CorpusSummary:
    """Write a corpus of ``measures`` measures, half of its documents in each layout.

    Parameters
    ----------
    folder : str or Path
        Created if missing; ``plan-0001.txt`` … are written into it.
    measures : int
        Total measures across the corpus.
    seed : int
        The same seed writes the same bytes.
    encoding : str
        ``"utf-8"`` or ``"cp1250"`` (Windows-1250, common for Czech files).
    per_document : int
        At most this many measures per document (documents are filled evenly).

    Returns
    -------
    CorpusSummary

    Raises
    ------
    ValueError
        Bad counts; UnicodeEncodeError if ``encoding`` cannot hold Czech text.
    """
    start = time.perf_counter()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    sizes = plan_sizes(measures, per_document)
    towns = town_names(-(-len(sizes) // 2), seed)
    files, layouts = [], []
    for index, size in enumerate(sizes, 1):
        plan = generate_plan(index, size, seed, town=towns[(index - 1) // 2])
        path = out / plan.file_name
        path.write_bytes(plan.text.encode(encoding))
        files.append(path)
        layouts.append(plan.layout)
    seconds = time.perf_counter() - start
    return CorpusSummary(out, tuple(files), tuple(layouts), tuple(sizes), seconds)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="synth.py", description="Write synthetic plans in both layouts vazby reads."
    )
    parser.add_argument("outdir", type=Path, help="folder to write plan-0001.txt … into")
    parser.add_argument("--measures", type=int, required=True, help="total number of measures")
    parser.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    parser.add_argument("--encoding", choices=("utf-8", "cp1250"), default="utf-8")
    parser.add_argument(
        "--per-document", type=int, default=50, help="measures per document (default 50)"
    )
    args = parser.parse_args(argv)
    if args.measures < 1 or args.per_document < 1:
        parser.error("--measures and --per-document must be at least 1")
    summary = write_corpus(args.outdir, args.measures, args.seed, args.encoding, args.per_document)
    print(
        f"wrote {len(summary.files)} documents, {summary.measure_count} measures "
        f"to {summary.folder} in {summary.seconds:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
