"""Benchmark the outline reader: one made-up plan in an outline layout of N measures.

The plan has areas ("Oblast A"), goals ("Cíl A.1"), measures ("Opatření A.1.1: title") with
five colon fields each and a sentence naming the funding; it is written to a temporary file
and read with the loader API (``load_path``: decode, detect, read the outline), best of
three (the reader's memo of its last documents emptied before each). Printed: lines,
measures, seconds, measures per second, and the coverage reported.

Usage::

    python bench/outline.py                  # 1,000 measures
    python bench/outline.py --measures 5000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from vazby.loaders import load_path, outline
from vazby.loaders.records import Measure


def plan_text(measures: int) -> str:
    lines = ["Plán sociálního začleňování města Dolní Brod 2025–2027", ""]
    per_goal, goals_per_area = 5, 4
    n = 0
    area = 0
    while n < measures:
        area += 1
        lines.append(f"Oblast {area}: Oblast číslo {area}")
        for g in range(1, goals_per_area + 1):
            lines.append(f"Cíl {area}.{g} Cíl číslo {g}")
            for m in range(1, per_goal + 1):
                n += 1
                lines += [
                    f"Opatření {area}.{g}.{m}: Opatření číslo {n}",
                    "Garant: Město Dolní Brod",
                    "Cílová skupina: Rodiny s dětmi, senioři",
                    "Termín: 2025–2027",
                    f"Náklady: {n * 1000} Kč",
                    "Popis: Služba pro obyvatele lokality.",
                    "Bude financováno z OPZ+ a z rozpočtu města.",
                ]
                if n >= measures:
                    return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.txt"
        text = plan_text(args.measures)
        path.write_text(text, encoding="utf-8")
        best = float("inf")
        result = None
        for _ in range(3):
            outline.forget()  # no reading kept from the run before
            started = time.perf_counter()
            result = load_path(path)
            best = min(best, time.perf_counter() - started)
        assert result is not None and result.coverage is not None
        found = len(result.of_type(Measure))
        print(
            f"outline reader: {text.count(chr(10))} lines, {found} measures in {best:.3f} s "
            f"({found / best:,.0f} measures/s); loader {result.loader}, "
            f"{result.coverage.percent}% of lines placed"
        )


if __name__ == "__main__":
    main()
