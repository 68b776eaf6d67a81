"""The endpoint's jobs, evaluated on a graph: the graph a query worker opens, and one
query or named query answered on it.

:mod:`vazby.workers` loads this module in a worker once the worker has left the network
(nothing here may load before that), and :mod:`vazby.serve` reads its own graph with it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import QueryError, UnknownEntity, VazbyError
from .protocol import Reply, render, rows_result, text_reply
from .query.named import run_named
from .rdf.store import (
    bind_prefixes,
    check_store_complete,
    counting,
    load_graph,
    open_store,
    run_query,
)

__all__ = ["open_read_only", "open_source", "answer"]

log = logging.getLogger("vazby.serve")


def open_read_only(path: str | Path) -> Graph:
    """Open a graph file (parsed into memory) or a store folder (read-only) for serving.

    Raises
    ------
    VazbyError
        The path is missing, not RDF, or not an Oxigraph store folder.
    """
    folder = Path(path)
    if not folder.is_dir():
        return load_graph(folder)
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    check_store_complete(folder)
    try:
        inner = ox.Store.read_only(str(folder))
    except (OSError, ValueError) as exc:
        raise VazbyError(f"{path}: cannot open the store read-only: {exc}") from None
    graph = Graph(store=OxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
    return bind_prefixes(counting(graph))


def open_source(path: str | None, ntriples: bytes | None) -> Graph:
    """The graph a query worker evaluates on: a graph file or store folder at ``path``, else
    the ``ntriples`` the endpoint sent (see :class:`vazby.workers.GraphSource`)."""
    if path is not None:
        return open_read_only(path)
    graph = open_store()
    graph.parse(data=ntriples or b"", format="nt")
    return graph


def answer(graph: Graph, job: tuple) -> Reply:
    """Evaluate one job of the endpoint on ``graph``: ``("query", text, accept)`` or
    ``("named", name, params, head, accept)``; every failure is an answer with its status."""
    try:
        if job[0] == "query":
            _, text, accept = job
            return render(run_query(graph, text), accept)
        _, name, params, head, accept = job
        return render(rows_result(head, run_named(graph, name, **params)), accept)
    except QueryError as exc:
        return text_reply(400, str(exc))
    except UnknownEntity as exc:
        return text_reply(404, str(exc))
    except VazbyError as exc:
        return text_reply(400, str(exc))
    except Exception:
        log.exception("query failed")
        return text_reply(500, "internal error; see the server's log")
