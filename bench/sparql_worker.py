"""What running ``vazby sparql``'s query in a killable worker costs, against evaluating it
in the command's own process: on a synthetic corpus (``bench/synth.py``) saved as a
Turtle file and as a store folder, the wall time of a cheap query (``ASK``) and of a
named-query-sized SELECT both ways. The difference is the worker's start-up (a Python
process, rdflib, and the graph opened once more).

Usage::

    python bench/sparql_worker.py [--measures 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vazby.isolated import query_in_worker  # noqa: E402
from vazby.pipeline import build_corpus  # noqa: E402
from vazby.rdf.store import load_graph, run_query, save_graph  # noqa: E402

QUERIES = {
    "ASK": "ASK { ?p a vz:Plan }",
    "SELECT 20 measures": "SELECT ?m ?l WHERE { ?m a vz:Measure ; rdfs:label ?l } LIMIT 20",
}


def in_process(path: Path, text: str) -> None:
    graph = load_graph(path)
    try:
        result = run_query(graph, text)
        list(result) if result.type == "SELECT" else result.askAnswer  # noqa: B018
    finally:
        graph.close()  # a store folder stays locked while open


def timed(fn, path: Path, text: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(path, text)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, store, file = Path(tmp) / "corpus", Path(tmp) / "store", Path(tmp) / "g.ttl"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "synth.py"), str(corpus)]
            + ["--measures", str(args.measures)],
            check=True,
            capture_output=True,
        )
        built = build_corpus([corpus], store=store)
        save_graph(built.graph, file)
        triples = len(built.graph)
        built.graph.close()
        print(f"graph: {built.measure_count} measures, {triples} triples")
        for label, path in (("Turtle file", file), ("store folder", store)):
            for name, text in QUERIES.items():
                here = timed(in_process, path, text, args.repeat)
                there = timed(query_in_worker, path, text, args.repeat)
                print(
                    f"{label}, {name}: in process {here:.2f} s, in a worker {there:.2f} s "
                    f"(+{there - here:.2f} s), median of {args.repeat}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
