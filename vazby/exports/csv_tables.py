"""CSV tables of a graph: ``nodes.csv`` and ``edges.csv`` of a map view, ``measures.csv``.

The three files go into one folder. ``nodes.csv`` has one row per node (``id`` is the IRI);
``edges.csv`` one row per edge (``from``, ``to``, ``kind`` ...; ``source`` is the
provenance ``file:line``, as in the other exports); ``measures.csv`` is the measures table of
``vazby table measures`` (lists joined with ``"; "``). Spreadsheet programs and
``networkx``/``pandas`` read them back with the same nodes and edges.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..atomic import atomic_path, write_error
from ..query.measures import measure_rows
from .tables import render_rows

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "write_csv_tables"]

NODE_COLUMNS = ["id", "type", "label", "identifier", "plan", "area", "amount", "generic", "source"]
EDGE_COLUMNS = ["from", "to", "kind", "link_kind", "raw", "weight", "measures", "source"]


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    _write_lines(path, list(render_rows(rows, "csv", columns)))


def _write_lines(path: Path, lines: list[str]) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")


def write_csv_tables(graph: Graph, view: nx.MultiDiGraph, folder: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` of ``view`` and ``measures.csv`` of ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        The vazby graph (for the measures table).
    view : networkx.MultiDiGraph
        A :func:`~vazby.exports.network.map_view` graph (for nodes and edges).
    folder : str or Path
        Created when missing.

    Returns
    -------
    list of Path
        The three files written.
    """
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(target, exc, "create the folder") from None
    nodes = [{"id": n, **attrs} for n, attrs in view.nodes(data=True)]
    edges = [{"from": s, "to": t, **attrs} for s, t, attrs in view.edges(data=True)]
    plan = view.graph.get("plan")
    measures = measure_rows(graph, plan=plan if isinstance(plan, str) else None)
    files = [target / "nodes.csv", target / "edges.csv", target / "measures.csv"]
    _write(files[0], nodes, NODE_COLUMNS)
    _write(files[1], edges, EDGE_COLUMNS)
    lines = list(render_rows(measures, "csv"))
    if not lines:
        from ..query.measures import MeasureRow

        lines = [",".join(MeasureRow.__dataclass_fields__)]
    _write_lines(files[2], lines)
    return files
