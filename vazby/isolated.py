"""A caller's SPARQL text evaluated once, in a worker process that can be killed.

``vazby sparql`` runs a query it did not write the way the endpoint does
(:mod:`vazby.workers`): the worker opens the graph itself, has no network and an
address-space ceiling, and is killed at the deadline, so a query that would run for hours,
eat the machine's memory or crash the engine ends with a message instead. The answer
travels as SPARQL JSON results (SELECT, ASK) or Turtle (CONSTRUCT, DESCRIBE), rendered
by :func:`vazby.protocol.render` and read back here into an rdflib ``Result``.
"""

from __future__ import annotations

import io
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result

from .errors import QueryError, VazbyError
from .workers import GraphSource, GraphUnreadable, Timeout, WorkerDied, WorkerPool

__all__ = ["query_in_worker", "TIMEOUT", "MEMORY_MB"]

#: Default seconds a caller's query may run.
TIMEOUT = 60.0
#: Default address-space ceiling of the worker, in MiB (the graph is held in it too).
MEMORY_MB = 4096
#: Seconds the worker may take to open the graph (a large file is parsed in it).
START_TIMEOUT = 3600.0

_ACCEPT = "application/sparql-results+json, text/turtle"


def query_in_worker(
    graph: str | Path, text: str, timeout: float = TIMEOUT, memory_mb: int | None = MEMORY_MB
) -> Result:
    """Evaluate ``text`` on the graph file or store folder ``graph`` in a fresh worker.

    Raises
    ------
    QueryError
        The query is not valid SPARQL (with the parser's position), ran past ``timeout``
        seconds, or needed more than ``memory_mb`` MiB.
    VazbyError
        The graph cannot be opened (also: within the memory ceiling).
    """
    source = GraphSource(path=str(graph))  # the worker shares our working folder
    try:
        pool = WorkerPool(source, 1, memory_mb, start_timeout=START_TIMEOUT)
    except GraphUnreadable as exc:
        raise VazbyError(exc.reason) from None
    except WorkerDied as exc:
        raise VazbyError(
            f"{graph}: {exc}; if the graph is large, raise the memory ceiling (--memory, "
            f"now {memory_mb} MiB)"
        ) from None
    try:
        reply = pool.run(("query", text, _ACCEPT), timeout)
    except Timeout:
        raise QueryError(
            f"the query ran longer than {timeout:g} s and was stopped; add a LIMIT, narrow it "
            "down, or allow more time with --timeout"
        ) from None
    except WorkerDied:
        raise QueryError(
            f"the query was stopped: it needed more memory than {memory_mb} MiB (--memory) "
            "or ended its worker; add a LIMIT or narrow it down"
        ) from None
    finally:
        pool.close()
    message = reply.body.decode("utf-8", "replace").strip()
    if reply.status != 200:
        raise QueryError(message)
    if reply.content_type.startswith("text/turtle"):
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=reply.body, format="turtle")
        return result
    return Result.parse(io.BytesIO(reply.body), format="json")
