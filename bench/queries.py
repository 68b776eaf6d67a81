"""Benchmark the queries: every ``vazby query`` function and every named SPARQL query.

For each corpus (the seeds; synthetic corpora of 1k, 10k and 100k measures) it prints the
median latency of each query on the embedded store (Oxigraph behind rdflib's API) as first
asked (``first``: the store keeps no answer, as after loading or editing the graph) and as
asked again (``again``: the store has kept the answers of the reads, :mod:`vazby.rdf.cache`)
and, measured in the same run, the same query on rdflib's own in-memory store (``Graph()``,
the triples copied), with the ratio of the first to it.

How the corpora are made:

* **seeds**: ``../shared/seeds`` built by :func:`vazby.pipeline.build_corpus`;
* **1k, 10k**: ``bench/synth.py`` writes plan documents in both layouts, which
  ``build_corpus`` loads and builds (the real pipeline end to end);
* **100k**: building 100k measures through the loaders takes minutes, so the 10k graph is
  *tiled* ten times: each copy renames every plan, document and plan-scoped IRI and the
  plan slugs, so the copies are ten times as many independent plans with the pipeline's
  exact shape (shared vocabulary and named actors stay shared, as across real towns).
  The rdflib side at 100k is sampled on 10k (rdflib needs minutes to load 12M triples);
  the output marks those ratios with ``@10k``.

Usage::

    python bench/queries.py [--sizes seeds,1000,10000,100000] [--repeat 5] [--rdflib-timeout 60]
                             [--only TEXT] [--no-rdflib]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

from vazby.pipeline import build_corpus  # noqa: E402
from vazby.query import queries as q  # noqa: E402
from vazby.query.actors import actor_mentions  # noqa: E402
from vazby.query.info import graph_info  # noqa: E402
from vazby.query.measures import measure_rows  # noqa: E402
from vazby.query.named import named_queries, run_named  # noqa: E402
from vazby.query.views import actor_measure_graph, dependency_graph, map_view  # noqa: E402
from vazby.rdf.cache import CountedStore  # noqa: E402
from vazby.rdf.store import open_store, oxigraph, select, triple_count  # noqa: E402

Query = Callable[[Graph], object]


def synthetic(measures: int, folder: Path) -> Graph:
    """Write a synthetic corpus with bench/synth.py and build it."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "synth.py"),
            str(folder),
            "--measures",
            str(measures),
        ],
        check=True,
        capture_output=True,
    )
    result = build_corpus([folder])
    if result.errors:
        raise SystemExit(f"synthetic corpus failed to build: {result.errors[0]}")
    return result.graph


def tiled(graph: Graph, copies: int) -> Graph:
    """``copies`` renamed copies of ``graph`` (see the module docstring)."""
    inner = graph.store._inner
    name = (
        ox.DefaultGraph()
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID
        else ox.BlankNode(graph.identifier)
    )
    slugs = {
        r["id"] for r in select(graph, "SELECT ?id WHERE { ?p a vz:Plan ; vz:identifier ?id }")
    }
    quads = list(inner.quads_for_pattern(None, None, None, name))
    out = open_store()
    target = (
        ox.DefaultGraph()
        if out.identifier == DATASET_DEFAULT_GRAPH_ID
        else ox.BlankNode(out.identifier)
    )

    def rename(term, k: int):
        if isinstance(term, ox.NamedNode) and (
            "/plan/" in term.value or "/document/" in term.value
        ):
            v = term.value
            for marker in ("/plan/", "/document/"):
                if marker in v:
                    head, tail = v.split(marker, 1)
                    first, _, rest = tail.partition("/")
                    v = f"{head}{marker}{first}-{k}" + (f"/{rest}" if rest else "")
            return ox.NamedNode(v)
        if isinstance(term, ox.Literal) and term.value in slugs:
            return ox.Literal(f"{term.value}-{k}")
        return term

    for k in range(copies):
        out.store._inner.extend(
            [ox.Quad(rename(t.subject, k), t.predicate, rename(t.object, k), target) for t in quads]
        )
    return out


def rdflib_copy(graph: Graph) -> Graph:
    """The same triples in rdflib's own in-memory store."""
    copy = Graph()
    copy.addN((s, p, o, copy) for s, p, o in graph)
    return copy


#: The jobs a command asks with ``--plan`` (of :func:`plans_of`'s first plan): on a store,
#: the command opens it for that plan (:func:`vazby.rdf.remote.plan_scope`).
PLAN_JOBS = ("table measures --plan", "query orphans --plan", "query audit --plan")


def plans_of(graph: Graph) -> list[str]:
    """The identifiers of the graph's plans, sorted."""
    return sorted(
        r["id"] for r in select(graph, "SELECT ?id WHERE { ?p a vz:Plan ; vz:identifier ?id }")
    )


def workload(graph: Graph) -> dict[str, Query]:
    """The queries to time, with arguments chosen from the graph itself."""
    plans = plans_of(graph)
    first = None
    for plan in plans:
        rows = select(
            graph,
            "SELECT ?m WHERE { ?m a vz:Measure ; vz:inPlan/vz:identifier ?plan } ORDER BY ?m",
            {"plan": [_lit(plan)]},
        )
        if len(rows) >= 2:
            first, last = str(rows[0]["m"]), str(rows[-1]["m"])
            break
    if first is None:
        raise SystemExit("no plan with two measures")
    jobs: dict[str, Query] = {
        "query deps up": lambda g: q.dependencies(g, first, direction="up"),
        "query deps down": lambda g: q.dependencies(g, first, direction="down"),
        "query path": lambda g: q.paths(g, first, last),
        "query orphans": lambda g: q.orphan_measures(g),
        "query orphans --plan": lambda g: q.orphan_measures(g, plan=plans[0]),
        "query overlap areas": lambda g: q.actor_spread(g, "areas"),
        "query overlap measures": lambda g: q.actor_spread(g, "measures"),
        "query overlap goals": lambda g: q.actor_spread(g, "goals"),
        "query overlap plans": lambda g: q.actor_spread(g, "plans"),
        "query overlap target-groups": lambda g: q.actor_spread(g, "target-groups"),
        "query overlap pairs": lambda g: q.actor_pairs(g, "measures"),
        "query overlap pairs goals": lambda g: q.actor_pairs(g, "goals"),
        "query overlap pairs plans": lambda g: q.actor_pairs(g, "plans"),
        "query overlap pairs target-groups": lambda g: q.actor_pairs(g, "target-groups"),
        "query overlap pairs target-groups --top 100": lambda g: q.actor_pairs(
            g, "target-groups", top=100
        ),
        "query overlap kinds": lambda g: q.kind_spread(g),
        "query audit": lambda g: q.audit(g),
        "query audit --plan": lambda g: q.audit(g, plans[0]),
        "query actors": lambda g: actor_mentions(g),
        "table measures": lambda g: measure_rows(g),
        "table measures --plan": lambda g: measure_rows(g, plan=plans[0]),
        "info": lambda g: graph_info(g),
        "map view dependencies": lambda g: map_view(g, "dependencies"),
        "map view full": lambda g: map_view(g, "full"),
        "map view actors --plan": lambda g: map_view(g, "actors", plan=plans[0]),
        "deps graph": lambda g: dependency_graph(g),
        "deps graph --plan": lambda g: dependency_graph(g, plan=plans[0]),
        "actor-measure graph": lambda g: actor_measure_graph(g),
    }
    for named in named_queries():
        params = {p.name: URIRef(first) for p in named.parameters if p.type == "IRI"}
        jobs[f"sparql {named.name}"] = lambda g, n=named.name, p=params: run_named(g, n, **p)
    return jobs


def _lit(value: str):
    from rdflib import Literal

    return Literal(value)


class Timeout(Exception):
    pass


def forget(graph: Graph) -> None:
    """Drop the answers the graph's store keeps (:mod:`vazby.rdf.cache`): the next question
    reads the store as if first asked."""
    direct = oxigraph(graph)
    if direct is not None and isinstance(direct[0], CountedStore):
        direct[0].forget()


def timed(
    job: Query, graph: Graph, repeat: int, limit: float | None = None, *, fresh: bool = True
) -> float | None:
    """Median seconds of ``repeat`` runs, each as first asked (``fresh``: the store keeps no
    answer from the run before) or as asked again; None when one run exceeds ``limit``."""
    times = []
    for _ in range(repeat):
        if fresh:
            forget(graph)
        if limit:
            signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(Timeout()))
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            started = time.perf_counter()
            job(graph)
            times.append(time.perf_counter() - started)
        except Timeout:
            return None
        except Exception as exc:  # a store that cannot run the query at all
            if "Timeout" in str(exc):  # the alarm fired inside rdflib and was wrapped
                return None
            print(f"   ({type(exc).__name__}: {str(exc)[:70]})")
            return float("nan")
        finally:
            if limit:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="seeds,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query on Oxigraph")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="runs per query on rdflib")
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=60.0,
        help="give up an rdflib query after this many seconds (ratio shown as >)",
    )
    parser.add_argument(
        "--only", default=None, metavar="TEXT", help="time only the queries whose name has TEXT"
    )
    parser.add_argument(
        "--no-rdflib", action="store_true", help="time Oxigraph only (no rdflib comparison)"
    )
    args = parser.parse_args(argv)
    sizes = args.sizes.split(",")
    rdflib_sample: dict[str, float | None] = {}
    graphs: dict[str, Graph] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            started = time.perf_counter()
            if size == "seeds":
                if not SEEDS.is_dir():
                    print("seeds: ../shared/seeds not found, skipped")
                    continue
                graph = build_corpus([SEEDS]).graph
            elif int(size) >= 100_000 and "10000" in graphs:
                graph = tiled(graphs["10000"], int(size) // 10_000)
            else:
                graph = synthetic(int(size), Path(tmp) / size)
            graphs[size] = graph
            measures = len(select(graph, "SELECT ?m WHERE { ?m a vz:Measure }"))
            print(
                f"\n== {size}: {measures} measures, {triple_count(graph)} triples "
                f"(made in {time.perf_counter() - started:.1f} s)"
            )
            sampled = size not in ("seeds",) and int(size) >= 100_000
            skip = args.no_rdflib
            reference = None if sampled or skip else rdflib_copy(graph)
            print(f"{'query':46} {'first':>10} {'again':>10} {'rdflib':>10} {'ratio':>8}")
            for name, job in workload(graph).items():
                if args.only is not None and args.only not in name:
                    continue
                ours = timed(job, graph, args.repeat)
                timed(job, graph, 1)  # the store keeps this run's answers for the next
                again = timed(job, graph, args.repeat, fresh=False)
                assert ours is not None and again is not None
                head = f"{name:46} {ours * 1000:>7.1f} ms {again * 1000:>7.1f} ms"
                if skip:
                    print(head, flush=True)
                    continue
                if sampled:
                    theirs, note = rdflib_sample.get(name), "@10k"
                else:
                    theirs, note = (
                        timed(job, reference, args.rdflib_repeat, args.rdflib_timeout),
                        "",
                    )
                    if size != "seeds":
                        rdflib_sample[name] = theirs
                if theirs is not None and theirs != theirs:
                    shown, ratio = "fails", "-"
                elif theirs is None:
                    shown, ratio = (
                        f">{args.rdflib_timeout:.0f} s",
                        f">{args.rdflib_timeout / ours:.0f}x",
                    )
                else:
                    shown, ratio = f"{theirs * 1000:.0f} ms", f"{theirs / ours:.0f}x"
                print(f"{head} {shown:>10} {ratio + note:>8}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
