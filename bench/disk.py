"""Benchmark the on-disk store at scale: ``vazby build --store DIR`` on a synthetic corpus,
then ``table measures`` (all plans and ``--plan``), ``info`` and every ``vazby query`` on DIR
(orphans, audit and actors also with ``--plan``), each as a subprocess (start-up included)
under a timeout; print the wall times.

Usage::

    python bench/disk.py [--measures 100000] [--timeout 300] [--keep DIR] [--store DIR]

``--store DIR`` with an existing store skips generating and building.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def vazby() -> list[str]:
    """The ``vazby`` command of the running interpreter."""
    return [str(Path(sys.executable).with_name("vazby"))]


def timed(argv: list[str], timeout: float) -> str:
    """Run ``argv`` with output discarded; its wall time, or ``>timeout`` when killed."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return f">{timeout:.0f} s"
    wall = time.perf_counter() - start
    note = "" if done.returncode == 0 else f" (exit {done.returncode})"
    return f"{wall:.2f} s{note}"


#: Run in a subprocess (the store is not held open): the plan to ask about and two of its
#: measures for ``deps`` and ``path``, its first and the last one in the same area (which a
#: path joins through their goals).
_ENDS = """
import sys
from rdflib import Literal
from vazby.query.measures import natural_key
from vazby.query.plans import plan_slugs
from vazby.rdf.store import open_store, select

graph = open_store(sys.argv[1], create=False)
plan = sys.argv[2] or sorted(plan_slugs(graph))[0]
query = "SELECT ?id WHERE { ?m a vz:Measure ; vz:identifier ?id ; vz:inPlan/vz:identifier ?p }"
ids = sorted({str(r["id"]) for r in select(graph, query, {"p": [Literal(plan)]})}, key=natural_key)
area = [i for i in ids if i.split(".")[0] == ids[0].split(".")[0]]
print(plan, ids[0], area[-1])
"""


def plan_and_ends(store: Path, plan: str | None) -> tuple[str, str, str]:
    """The plan to ask about (``plan``, else the first slug in ``store``) and two of its
    measures (:data:`_ENDS`)."""
    out = subprocess.run(
        [sys.executable, "-c", _ENDS, str(store), plan or ""], capture_output=True, text=True
    )
    found, first, last = out.stdout.split()
    return found, first, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="disk.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here")
    parser.add_argument("--store", type=Path, default=None, help="an existing store to ask")
    parser.add_argument("--plan", default=None, help="plan slug for --plan, deps and path")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="vazby-disk-") as tmp:
        store = args.store
        if store is None or not store.exists():
            from synth import write_corpus

            folder = args.keep or Path(tmp) / "corpus"
            write_corpus(folder, args.measures)
            store = store or Path(tmp) / "store"
            build = [*vazby(), "build", str(folder), "--store", str(store), "-q"]
            rows.append((f"build --store ({args.measures:,} measures)", timed(build, args.timeout)))
        plan, first, last = plan_and_ends(store, args.plan)
        s = str(store)
        commands = [
            ("info", ["info", s]),
            ("table measures --plan", ["table", "measures", s, "--plan", plan]),
            (
                "query deps --direction both",
                ["query", "deps", s, first, "--plan", plan, "--direction", "both"],
            ),
            ("query path", ["query", "path", s, first, last, "--plan", plan]),
            ("query overlap", ["query", "overlap", s]),
            ("query orphans", ["query", "orphans", s]),
            ("query audit", ["query", "audit", s]),
            ("query actors", ["query", "actors", s]),
            ("query orphans --plan", ["query", "orphans", s, "--plan", plan]),
            ("query audit --plan", ["query", "audit", s, "--plan", plan]),
            ("query actors --plan", ["query", "actors", s, "--plan", plan]),
            ("table measures", ["table", "measures", s]),
        ]
        for label, tail in commands:
            fmt = [] if tail[0] == "info" else ["--format", "tsv"]
            result = timed([*vazby(), *tail, *fmt], args.timeout)
            rows.append((label, result))
            print(f"{label}: {result}", file=sys.stderr, flush=True)
    width = max(len(label) for label, _ in rows)
    for label, result in rows:
        print(f"{label:<{width}}  {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
