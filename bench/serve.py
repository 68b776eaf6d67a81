"""Load test of ``vazby serve`` on loopback: throughput and latency of cheap queries, alone and
while an expensive query runs beside them; the worker pool's start-up and per-query cost.

It builds a synthetic corpus (``bench/synth.py``, 1,000 measures by default) into a store
folder, serves it read-only on 127.0.0.1 on a free port with the real server and worker pool,
and sends cheap queries (a named query ``deps-up`` and a small SELECT) from client threads
for a fixed time in two phases:

1. **alone**: only the cheap queries;
2. **beside an expensive query**: one client (127.0.0.2) keeps ``--attackers`` threads
   sending a cross join that runs until the timeout kills its worker, while the others send
   the cheap queries. Each cheap client has its own loopback address (127.0.0.10, …), so the
   endpoint's per-client limit treats them as the distinct clients they stand for.

It prints requests per second, p50/p95/p99 latency and the status codes of each phase,
then stops the server and its workers by itself. Nothing leaves the machine.

Usage::

    python bench/serve.py [--measures 1000] [--seconds 10] [--clients 4] [--workers 2]
                          [--timeout 3] [--attackers 3]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vazby.jobs import open_read_only  # noqa: E402
from vazby.pipeline import build_corpus  # noqa: E402
from vazby.serve import Endpoint, make_server  # noqa: E402
from vazby.workers import GraphSource  # noqa: E402

CHEAP = [
    "/sparql?"
    + urlencode({"query": "SELECT ?m ?l WHERE { ?m a vz:Measure ; rdfs:label ?l } LIMIT 20"}),
    "/sparql?" + urlencode({"query": "ASK { ?p a vz:Plan }"}),
]
EXPENSIVE = "/sparql?" + urlencode(
    {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"}
)


def request(port: int, path: str, source: str = "127.0.0.1") -> tuple[int, float]:
    """Status and seconds of one GET sent from the loopback address ``source``."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        answer.read()
        status = answer.status
    finally:
        conn.close()
    return status, time.perf_counter() - started


def phase(port: int, seconds: float, clients: int, attackers: int) -> dict:
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    side: Counter[int] = Counter()
    lock = threading.Lock()

    def cheap(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            status, took = request(port, CHEAP[i % len(CHEAP)], f"127.0.0.{10 + offset}")
            i += 1
            with lock:
                statuses[status] += 1
                if status == 200:
                    latencies.append(took)

    def costly() -> None:
        while time.monotonic() < stop:
            status, _ = request(port, EXPENSIVE, "127.0.0.2")
            with lock:
                side[status] += 1

    threads = [threading.Thread(target=cheap, args=(n,)) for n in range(clients)]
    threads += [threading.Thread(target=costly) for _ in range(attackers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(ordered) * 1000,
        "statuses": dict(statuses),
        "expensive": dict(side),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument(
        "--attackers", type=int, default=3, help="threads of the one expensive client"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        corpus, store = Path(tmp) / "corpus", Path(tmp) / "store"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "synth.py"),
                str(corpus),
                "--measures",
                str(args.measures),
            ],
            check=True,
            capture_output=True,
        )
        built = build_corpus([corpus], store=store)
        built.graph.close()
        print(f"graph: {built.measure_count} measures in {len(built.documents)} documents")

        started = time.perf_counter()
        endpoint = Endpoint(
            open_read_only(store),
            "bench",
            timeout=args.timeout,
            max_queries=args.workers,
            source=GraphSource(path=str(store)),
        )
        pool = endpoint.pool()
        print(
            f"start-up: {args.workers} workers ready in {time.perf_counter() - started:.2f} s"
            f" (network isolation: {pool.network_note or 'yes'})"
        )
        server = make_server(endpoint, "127.0.0.1", 0)
        port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            n = 200
            t0 = time.perf_counter()
            for _ in range(n):
                request(port, CHEAP[1])
            took = (time.perf_counter() - t0) / n * 1000
            print(f"one client, ASK round trip over HTTP: {took:.2f} ms")
            t0 = time.perf_counter()
            for _ in range(n):
                pool.run(("query", "ASK {}", None), 10)
            print(f"worker round trip without HTTP: {(time.perf_counter() - t0) / n * 1000:.2f} ms")
            phases = (("alone", 0), ("beside one client's expensive queries", args.attackers))
            for name, attackers in phases:
                expensive = attackers > 0
                r = phase(port, args.seconds, args.clients, attackers)
                print(
                    f"{name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms,"
                    f" p99 {r['p99']:.1f} ms; statuses {r['statuses']}"
                    + (f"; expensive query statuses {r['expensive']}" if expensive else "")
                )
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
