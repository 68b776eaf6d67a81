"""Documents to graph in one call: walk, detect, load, resolve, build.

:func:`build_corpus` is what ``vazby build`` and the benchmarks call. One bad document does not
stop the run: its :class:`~vazby.errors.LoadError` is collected and the rest is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import LoadError
from .graph.build import GraphBuilder, new_graph
from .graph.store import open_store
from .loaders import iter_documents, load_path
from .loaders.records import Diagnostic, LoadResult, Measure
from .ontology.namespace import DEFAULT_BASE

__all__ = ["BuildResult", "DocumentSummary", "build_corpus", "load_corpus"]


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One document of a build: which loader took it and what came out."""

    path: str
    loader: str
    encoding: str
    records: int
    measures: int
    diagnostics: int


@dataclass
class BuildResult:
    """The outcome of :func:`build_corpus`."""

    graph: Graph
    documents: list[DocumentSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    measure_count: int = 0


def load_corpus(
    paths: Iterable[str | Path],
    on_result: Callable[[Path, LoadResult | LoadError], None] | None = None,
) -> tuple[list[LoadResult], list[LoadError]]:
    """Load every document under ``paths``; return results and per-file errors."""
    results: list[LoadResult] = []
    errors: list[LoadError] = []
    for path in iter_documents(paths):
        try:
            result = load_path(path)
        except LoadError as exc:
            errors.append(exc)
            if on_result:
                on_result(path, exc)
            continue
        results.append(result)
        if on_result:
            on_result(path, result)
    return results, errors


def build_corpus(
    paths: Iterable[str | Path],
    *,
    base: str = DEFAULT_BASE,
    store: str | Path | None = None,
    with_vocabulary: bool = True,
    on_result: Callable[[Path, LoadResult | LoadError], None] | None = None,
    transform: Callable[[list[LoadResult]], list[LoadResult]] | None = None,
) -> BuildResult:
    """Build one graph from every document under ``paths``.

    Parameters
    ----------
    paths : iterable of path
        Files and folders; folders are walked for ``.txt``/``.md`` documents.
    base : str
        Base IRI of the instance data.
    store : path, optional
        Folder of a persistent Oxigraph store; in memory when None.
    with_vocabulary : bool
        Add the shipped concept schemes (labels of actors, groups, sources) to the graph.
    on_result : callable, optional
        Called with each path and its result or error, for progress reports.
    transform : callable, optional
        Applied to the loaded results before building (e.g. person-name redaction).
    """
    graph = open_store(store, fresh=True) if store is not None else new_graph()
    builder = GraphBuilder(graph, base=base)
    results, errors = load_corpus(paths, on_result)
    if transform is not None:
        results = transform(results)
    outcome = BuildResult(graph=graph, errors=errors)
    for result in results:
        builder.add_result(result)
        measures = sum(1 for r in result.records if isinstance(r, Measure))
        outcome.documents.append(
            DocumentSummary(
                path=result.document.path,
                loader=result.loader,
                encoding=result.document.encoding,
                records=len(result.records),
                measures=measures,
                diagnostics=len(result.diagnostics),
            )
        )
        outcome.diagnostics.extend(result.diagnostics)
    if with_vocabulary:
        builder.add_vocabulary()
    builder.flush()
    outcome.measure_count = builder.measure_count
    return outcome
