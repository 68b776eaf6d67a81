"""Benchmark a real SPARQL store beside the embedded one: ``vazby publish`` throughput and
every question asked with ``--endpoint``, in one run.

For each corpus (the seeds; synthetic corpora of 10k and 100k measures, made as
``bench/queries.py`` makes them) it starts a private Virtuoso (tests/fixtures/virtuoso.py:
loopback ports, its own folder, the default ``ResultSetMaxRows`` of 10,000 so that paging
is exercised), publishes the graph one graph per plan and again (idempotent), then in one
graph, and prints the triples per second of each (with ``--publish-once`` only the publish
the questions are asked of; a corpus over 10k measures is published once, in the mode of
``--mode``, as each publish takes minutes); then it times each question of
``bench/queries.py``'s workload on the store and on the embedded Oxigraph store and prints
both medians; each run on the store opens it afresh, as a command does, so that a question
that reads a copy of the published graphs (``vazby.rdf.remote``) pays for it every time,
and a question about one plan (its name ends in ``--plan``; the named queries with a
``?plan`` are asked so too) opens it for that plan as ``--plan`` does. A question the
store cannot answer prints its error; one slower than ``--timeout`` prints ``>T``. Over a
corpus of more than ``--whole-corpus-up-to`` measures only the questions about one plan or
one measure and ``info`` are timed; the others are listed as skipped, with the reason. The
server is stopped by its process id at the end.

Usage::

    python bench/store.py [--sizes seeds,10000,100000] [--repeat 3] [--timeout 120]
                          [--only TEXT] [--mode corpus|per-plan] [--publish-once]
                          [--buffers PAGES] [--whole-corpus-up-to MEASURES]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import virtuoso  # noqa: E402
from queries import SEEDS, plans_of, synthetic, tiled, timed, workload  # noqa: E402

from vazby.pipeline import build_corpus  # noqa: E402
from vazby.publish import publish_graph  # noqa: E402
from vazby.query.info import graph_info  # noqa: E402
from vazby.query.measures import measure_rows  # noqa: E402
from vazby.query.named import named_queries, run_named  # noqa: E402
from vazby.rdf.endpoint import Endpoint  # noqa: E402
from vazby.rdf.remote import open_endpoint, published_graphs  # noqa: E402
from vazby.rdf.store import select, triple_count  # noqa: E402


def corpus(size: str, work: Path):
    if size == "seeds":
        return build_corpus([SEEDS]).graph
    measures = int(size)
    if measures <= 10_000:
        return synthetic(measures, work / f"synth-{measures}")
    return tiled(synthetic(10_000, work / "synth-10000"), measures // 10_000)


#: Questions about one measure, answered by the store over a corpus of any size.
ONE_MEASURE = ("query deps", "query path", "sparql deps-")


def about_one(name: str) -> bool:
    """Whether the question ``name`` reads one plan or one measure, not the whole corpus."""
    return name.endswith("--plan") or name.startswith(ONE_MEASURE) or name == "info"


def plan_jobs(plan: str) -> dict:
    """The named queries that take a ``?plan``, asked about ``plan``."""
    return {
        f"sparql {q.name} --plan": lambda g, n=q.name: run_named(g, n, plan=plan)
        for q in named_queries()
        if any(p.name == "plan" for p in q.parameters)
    }


def _fmt(seconds: float | None, limit: float) -> str:
    if seconds is None:
        return f">{limit:.0f} s"
    if seconds != seconds:  # nan: the store refused the question
        return "error"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def run(size: str, args, work: Path) -> None:
    graph = corpus(size, work)
    triples = triple_count(graph)
    (count,) = select(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?m a vz:Measure }")
    print(f"\n== {size}: {count['n']} measures, {triples} triples", flush=True)
    instance = virtuoso.start(max_rows=10_000, buffers=args.buffers)
    try:
        endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
        modes = [("per-plan", True), ("per-plan again", True), ("one graph", False)]
        if args.mode == "per-plan":
            modes = [("one graph", False), ("per-plan", True), ("per-plan again", True)]
        if args.publish_once or (size != "seeds" and int(size) > 10_000):
            modes = [("per-plan" if modes[-1][1] else "one graph", modes[-1][1])]
        for label, per_plan in modes:
            report = publish_graph(
                graph, endpoint, graph_store=instance.graph_store, per_plan=per_plan
            )
            sent, seconds = report.triples, report.seconds
            state = "verified" if report.ok else "NOT VERIFIED"
            graphs = len(published_graphs(endpoint))
            print(
                f"publish {label:15} {sent:>9} triples in {graphs:>4} graphs: {seconds:7.1f} s, "
                f"{sent / seconds:>8,.0f} triples/s (sending and reading back), {state}",
                flush=True,
            )

        plan = plans_of(graph)[0]

        def opened(name, job):
            scope = plan if name.endswith("--plan") else None
            return lambda _: job(open_endpoint(instance.sparql, plan=scope))

        jobs = {
            "table measures": measure_rows,
            "info": graph_info,
            **workload(graph),
            **plan_jobs(plan),
        }
        whole = int(count["n"]) <= args.whole_corpus_up_to
        print(f"{'question':45} {'embedded':>10} {'Virtuoso':>10}", flush=True)
        for name, job in jobs.items():
            if args.only and args.only not in name:
                continue
            if not (whole or about_one(name)):
                print(
                    f"{name:45} skipped: about the whole corpus of {triples} triples "
                    f"(timed up to --whole-corpus-up-to {args.whole_corpus_up_to} measures)",
                    flush=True,
                )
                continue
            local = timed(job, graph, args.repeat, args.timeout)
            there = timed(opened(name, job), graph, args.repeat, args.timeout)
            print(
                f"{name:45} {_fmt(local, args.timeout):>10} {_fmt(there, args.timeout):>10}",
                flush=True,
            )
    finally:
        instance.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="seeds,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default=None, help="time only questions whose name has TEXT")
    parser.add_argument("--buffers", type=int, default=150_000, help="Virtuoso's 8 kB pages")
    parser.add_argument(
        "--mode",
        choices=("corpus", "per-plan"),
        default="corpus",
        help="the publish the questions are asked of (the last one)",
    )
    parser.add_argument(
        "--whole-corpus-up-to",
        type=int,
        default=20_000,
        metavar="MEASURES",
        help="over a larger corpus, time only the questions about one plan or measure and info",
    )
    parser.add_argument(
        "--publish-once",
        action="store_true",
        help="publish only in the mode the questions are asked of (not three times)",
    )
    args = parser.parse_args(argv)
    if not virtuoso.available():
        print("virtuoso-t is not installed: run scripts/setup-virtuoso.sh", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vazby-bench-store-") as tmp:
        for size in args.sizes.split(","):
            run(size, args, Path(tmp))
    print(f"\ntotal {time.perf_counter() - started:.0f} s; medians of {args.repeat} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
