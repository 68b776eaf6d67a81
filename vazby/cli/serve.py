"""``vazby serve``: a read-only SPARQL 1.1 Protocol endpoint (a thin wrapper of vazby.serve)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from .common import echo_err, graph_argument, handle_errors

__all__ = ["serve"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@graph_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--cors", is_flag=True, help="Let web pages on other sites query the endpoint.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before the client gets 503.",
)
@click.option(
    "--max-queries",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Queries running at once; more get 503 busy.",
)
@click.option(
    "--memory",
    "memory_mb",
    type=click.IntRange(min=64),
    default=2048,
    show_default=True,
    help="Memory ceiling of each query worker, in MiB; a query needing more gets 503.",
)
@click.option(
    "--per-client",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Queries one client address may have running at once; more get 429 at once "
    "(0: no limit, e.g. behind a reverse proxy where every client has its address).",
)
@click.option("-q", "--quiet", is_flag=True, help="No log line per request on stderr.")
@handle_errors
def serve(graph, host, port, cors, timeout, max_queries, memory_mb, per_client, quiet):
    """Serve GRAPH (a file or a --store folder) read-only over the SPARQL 1.1 Protocol at
        /sparql, with an index page at / linking the named queries. Updates and SERVICE are
        refused; Ctrl-C stops it. Binds 127.0.0.1 unless --host says otherwise. Each query runs
        in one of --max-queries worker processes without network, killed after --timeout; one
    client address has at most --per-client queries running, so it cannot hold every worker.

        \b
            vazby serve graph.ttl --port 7878
            curl 'http://127.0.0.1:7878/sparql' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 3'
    """
    from ..jobs import open_read_only
    from ..serve import Endpoint, make_server
    from ..workers import GraphSource

    _configure_log(quiet)
    endpoint = Endpoint(
        open_read_only(graph),
        Path(graph).name,
        timeout=timeout,
        max_queries=max_queries,
        memory_mb=memory_mb,
        per_client=per_client,
        source=GraphSource(path=str(Path(graph).resolve())),
    )
    server = make_server(endpoint, host, port, cors=cors)
    endpoint.pool()  # start the workers now: the first query should not wait for them
    bound_host, bound_port = server.server_address[:2]
    if host not in LOOPBACK:
        echo_err(f"warning: listening on {host}: anyone who can reach it can query the graph")
    if not quiet:
        echo_err(
            f"serving {graph} ({endpoint.triples} triples) at "
            f"http://{bound_host}:{bound_port}/sparql (index: /); Ctrl-C stops"
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _configure_log(quiet: bool) -> None:
    logger = logging.getLogger("vazby.serve")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
