"""Documents to graph in one call: walk, detect, load, resolve, build.

:func:`build_corpus` is what ``vazby build`` and the benchmarks call. One bad document does not
stop the run: its :class:`~vazby.errors.LoadError` is collected and the rest is built.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from .errors import DetectError, LoadError, VazbyError
from .exports.stream import StreamWriter, format_chunk
from .loaders import load_path, located, scan_paths
from .loaders.records import Diagnostic, LoadResult, Measure, Plan, TableRow
from .ontology.namespace import DEFAULT_BASE
from .query.cardtable import card_table
from .rdf.build import GraphBuilder, new_graph
from .rdf.store import begin_store_build, end_store_build, open_store, triple_count

if TYPE_CHECKING:
    from .loaders.profiles import Profile

__all__ = [
    "NothingLoaded",
    "BuildResult",
    "DocumentSummary",
    "build_corpus",
    "load_corpus",
    "load_one",
    "add_one",
    "table_findings",
    "write_corpus",
]


class NothingLoaded(VazbyError):
    """A build loaded no document: every file was refused, or no folder held a readable one.

    ``errors`` are the files refused and ``skipped`` the folder files left out, each with
    its reason; nothing is written.
    """

    def __init__(self, errors: list[LoadError], skipped: list[LoadError]) -> None:
        self.errors = errors
        self.skipped = skipped
        if errors:
            why = f"{len(errors)} file(s) could not be read"
        elif skipped:
            why = f"the folder holds only files vazby cannot read ({len(skipped)} skipped)"
        else:
            why = "no files were found"
        super().__init__(f"no document was loaded: {why}; nothing was written")


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One document of a build: which loader took it and what came out."""

    path: str
    loader: str
    encoding: str
    records: int
    measures: int
    diagnostics: int
    sha256: str = ""
    #: The slug of the plan (programme, meeting) the document is about, and its line.
    plan: str | None = None
    plan_line: int = 0
    #: The kind of file: text, markdown, html, docx, odt or pdf.
    kind: str = "text"
    #: The layout profile (or the loader) that read the document, the share of its text
    #: placed (in percent) and what its units of text are ("lines", "paragraphs and rows").
    profile: str | None = None
    coverage: int | None = None
    units: str = "lines"

    def line(self) -> str:
        """The one line a build prints about this document.

        Examples
        --------
        >>> DocumentSummary("plan.txt", "outline", "utf-8", 9, 3, 0, profile="outline",
        ...                 coverage=87).line()
        'plan.txt: outline profile, 87% of lines placed, 3 measures'
        >>> DocumentSummary("ap.pdf", "action-plan", "utf-8", 9, 3, 0, profile="action-plan",
        ...                 coverage=82, units="paragraphs and rows").line()
        'ap.pdf: action-plan loader, 82% of paragraphs and rows placed, 3 measures'
        >>> DocumentSummary("ap.txt", "action-plan", "utf-8", 9, 3, 0).line()
        'ap.txt: action-plan loader, 3 measures'
        >>> DocumentSummary("ap.txt", "action-plan", "utf-8", 9, 3, 0, profile="my-plan").line()
        'ap.txt: action-plan loader (my-plan profile), 3 measures'
        """
        reader = f"{self.profile} profile" if self.loader == "outline" else f"{self.loader} loader"
        if self.loader != "outline" and self.profile not in (None, self.loader):
            reader = f"{reader} ({self.profile} profile)"
        if self.coverage is not None:
            placed = f"{self.coverage}% of {self.units} placed"
            return f"{self.path}: {reader}, {placed}, {self.measures} measures"
        return f"{self.path}: {reader}, {self.measures} measures"


@dataclass
class BuildResult:
    """The outcome of a build: the graph it holds (:func:`build_corpus`) or the file it
    wrote (:func:`write_corpus`: ``path`` in ``format``, no graph held), its triples, and
    what the documents said."""

    graph: Graph | None = None
    path: Path | None = None
    format: str | None = None
    triples: int = 0
    documents: list[DocumentSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    measure_count: int = 0
    #: Files in folders that vazby cannot read, each with the reason (not errors).
    skipped: list[LoadError] = field(default_factory=list)


def load_corpus(
    paths: Iterable[str | Path],
    on_result: Callable[[Path, LoadResult | LoadError], None] | None = None,
    profiles: Sequence[Profile] = (),
) -> tuple[list[LoadResult], list[LoadError]]:
    """Load every document under ``paths``; return results and per-file errors.

    ``profiles`` are a user's own layout profiles (:mod:`vazby.loaders.profiles`).
    """
    results: list[LoadResult] = []
    errors: list[LoadError] = []
    for path in scan_paths(paths)[0]:
        result = load_one(path, profiles)
        if isinstance(result, LoadError):
            errors.append(result)
            if on_result:
                on_result(path, result)
            continue
        results.append(result)
        if on_result:
            on_result(path, result)
    return results, errors


def load_one(path: Path, profiles: Sequence[Profile] = ()) -> LoadResult | LoadError:
    """Load one document; any failure, expected or not, is that document's error only."""
    try:
        return load_path(path, None, profiles)
    except LoadError as exc:
        return exc
    except Exception as exc:  # a bug met on one document must not sink the others
        return _unexpected(path, "read", exc)


def add_one(builder: GraphBuilder, result: LoadResult) -> LoadResult | LoadError:
    """Build one loaded document into ``builder``; return it with the findings of
    :func:`table_findings` among its diagnostics, or, on an unexpected failure, its error."""
    try:
        mark = builder.mark()
        builder.add_result(result)
        return table_findings(builder, result, builder.graph_since(mark))
    except Exception as exc:  # a bug met on one document must not sink the others
        return _unexpected(Path(result.document.path), "build", exc)


def table_findings(
    builder: GraphBuilder, result: LoadResult, graph: Graph | None = None
) -> LoadResult:
    """The result with the disagreements between its measure cards and its summary tables
    added to its diagnostics, sorted by line.

    They are decided by the one rule, :func:`vazby.query.cardtable.card_table`, over this
    document's part of the graph: ``graph`` when given (the triples ``builder`` built of
    it), else the document built again on its own with ``builder``'s resolver. They are
    reported, not stored: the graph keeps the cards and the rows, and the audit judges them
    as they are then.
    """
    if not any(isinstance(record, TableRow) for record in result.records):
        return result
    if graph is None:
        graph = new_graph()
        GraphBuilder(graph, base=builder.base, resolver=builder.resolver).add_results([result])
    name = result.document.name
    found = [Diagnostic(name, f.line, f.kind, f.message, f.related) for f in card_table(graph)]
    if not found:
        return result
    diagnostics = sorted([*result.diagnostics, *found], key=lambda d: (d.line, d.kind, d.message))
    return located(replace(result, diagnostics=tuple(diagnostics)))


def _unexpected(path: Path, step: str, exc: Exception) -> LoadError:
    detail = str(exc).strip() or "no message"
    return LoadError(
        str(path),
        0,
        f"vazby could not {step} this document ({type(exc).__name__}: {detail[:200]}); the "
        "other documents are built. Please report it with the file.",
    )


def build_corpus(
    paths: Iterable[str | Path],
    *,
    base: str = DEFAULT_BASE,
    store: str | Path | None = None,
    with_vocabulary: bool = True,
    on_result: Callable[[Path, object], None] | None = None,
    transform: Callable[[list[LoadResult]], list[LoadResult]] | None = None,
    jobs: int | None = None,
    profiles: Sequence[Profile] = (),
) -> BuildResult:
    """Build one graph from every document under ``paths``.

    Parameters
    ----------
    paths : iterable of path
        Files and folders; in folders every file vazby can read by content is taken.
    base : str
        Base IRI of the instance data.
    store : path, optional
        Folder of a persistent Oxigraph store; in memory when None.
    with_vocabulary : bool
        Add the shipped concept schemes (labels of actors, groups, sources) to the graph.
    on_result : callable, optional
        Called with each path and its result or error, for progress reports.
    transform : callable, optional
        Applied to all loaded results before building (e.g. person-name redaction); it needs
        every document at once, so a build with a transform runs in one process.
    jobs : int, optional
        Worker processes that load documents and write their triples; by default one per
        core for a corpus of more than :data:`PARALLEL_FROM` documents, else none.
    profiles : sequence of Profile
        A user's own layout profiles, tried before the shipped ones.
    """
    global _worker_profiles
    _worker_profiles = tuple(profiles)
    paths = list(paths)
    files, skipped = scan_paths(paths)
    if store is not None:
        begin_store_build(store)  # until the end: a killed build leaves a store refused
    graph = open_store(store, fresh=True) if store is not None else new_graph()
    builder = GraphBuilder(graph, base=base)
    workers = _worker_count(jobs, len(files), transform)
    outcome = BuildResult(graph=graph, skipped=skipped)
    if workers > 1:
        _build_parallel(files, builder, outcome, workers, on_result)
    else:
        results, outcome.errors = load_corpus(files, on_result, profiles)
        if transform is not None:
            results = transform(results)
        for result in results:
            built = add_one(builder, result)
            if isinstance(built, LoadError):
                outcome.errors.append(built)
                continue
            _record(outcome, built)
        outcome.measure_count = builder.measure_count
    _settle_walked(outcome, paths)
    if not outcome.documents:
        if store is not None:
            graph.close()
        raise NothingLoaded(outcome.errors, skipped)
    _add_scope_diagnostics(outcome, builder)
    if with_vocabulary:
        builder.add_vocabulary()
    builder.flush()
    outcome.triples = triple_count(graph)
    if store is not None:
        end_store_build(store)
    return outcome


def write_corpus(
    paths: Iterable[str | Path],
    output: str | Path,
    fmt: str = "ttl",
    *,
    base: str = DEFAULT_BASE,
    with_vocabulary: bool = True,
    on_result: Callable[[Path, object], None] | None = None,
    transform: Callable[[list[LoadResult]], list[LoadResult]] | None = None,
    jobs: int | None = None,
    profiles: Sequence[Profile] = (),
) -> BuildResult:
    """Build every document under ``paths`` straight into the graph file ``output``.

    The same graph as :func:`build_corpus` followed by
    :func:`~vazby.rdf.store.save_graph`, but no store holds it: chunks of documents are
    built and serialized (in worker processes for a large corpus) and appended to the file
    as they come (:mod:`vazby.exports.stream`), so memory stays flat however large the
    corpus. ``fmt`` is one of :data:`~vazby.exports.stream.STREAM_FORMATS` (``ttl``, ``nt``,
    ``nq``); the file appears only when the build completes.
    """
    global _worker_profiles
    _worker_profiles = tuple(profiles)
    paths = list(paths)
    files, skipped = scan_paths(paths)
    workers = _worker_count(jobs, len(files), transform)
    builder = GraphBuilder(None, base=base, split_shared=True)
    outcome = BuildResult(path=Path(output), format=fmt, skipped=skipped)
    with StreamWriter(output, fmt) as writer:
        if workers > 1:
            _write_parallel(files, builder, outcome, writer, workers, on_result, fmt)
        else:
            results, outcome.errors = load_corpus(files, on_result, profiles)
            if transform is not None:
                results = transform(results)
            for start in range(0, len(results), _CHUNK):
                for result in results[start : start + _CHUNK]:
                    built = add_one(builder, result)
                    if isinstance(built, LoadError):
                        outcome.errors.append(built)
                        continue
                    _record(outcome, built)
                lines = sorted(set(builder.take_lines()))
                writer.write(format_chunk(lines, fmt), len(lines))
                writer.share(builder.take_shared())
            outcome.measure_count = builder.measure_count
        _settle_walked(outcome, paths)
        if not outcome.documents:
            raise NothingLoaded(outcome.errors, skipped)  # the writer drops its temporary file
        _add_scope_diagnostics(outcome, builder)
        if with_vocabulary:
            builder.add_vocabulary()
        writer.share(builder.take_lines())
    outcome.triples = writer.triples
    return outcome


def _settle_walked(outcome: BuildResult, paths: Iterable[str | Path]) -> None:
    """A file found in a folder that no loader recognises is skipped, not an error: a folder
    may hold notes and scripts beside its plans. A file named explicitly stays an error."""
    named = {str(Path(p)) for p in paths}
    errors = []
    for error in outcome.errors:
        if isinstance(error, DetectError) and str(Path(error.path)) not in named:
            outcome.skipped.append(error)
        else:
            errors.append(error)
    outcome.errors = errors


#: Below this many documents a build stays in one process (workers cost more than they save).
PARALLEL_FROM = 16
_CHUNK = 8
_worker_builder: GraphBuilder | None = None
#: The user's profiles of the running build, which forked workers inherit.
_worker_profiles: tuple[Profile, ...] = ()


def _worker_count(jobs: int | None, documents: int, transform: object) -> int:
    if transform is not None or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        return (os.cpu_count() or 1) if documents >= PARALLEL_FROM else 1
    return max(1, jobs)


def _record(outcome: BuildResult, result: LoadResult) -> None:
    outcome.documents.append(summarise(result))
    outcome.diagnostics.extend(result.diagnostics)


def summarise(result: LoadResult) -> DocumentSummary:
    """What a build reports of one loaded document."""
    plan = next((r for r in result.records if isinstance(r, Plan)), None)
    return DocumentSummary(
        path=result.document.path,
        loader=result.loader,
        encoding=result.document.encoding,
        records=len(result.records),
        measures=sum(1 for r in result.records if isinstance(r, Measure)),
        diagnostics=len(result.diagnostics),
        sha256=result.document.sha256,
        plan=plan.slug if plan else None,
        plan_line=plan.source.first_line if plan else 0,
        profile=result.coverage.profile if result.coverage else None,
        coverage=result.coverage.percent if result.coverage else None,
        units=result.coverage.units if result.coverage else result.document.units,
        kind=result.document.kind,
    )


def shared_scope_diagnostics(documents: Iterable[DocumentSummary]) -> list[Diagnostic]:
    """Documents whose resources take the IRIs of an earlier document's: the same content
    twice, or two plans with one slug (two plans of a town with no period in their titles).
    Their nodes merge in the graph; each case is reported on the later document.

    Examples
    --------
    >>> a = DocumentSummary("a.txt", "evaluation", "utf-8", 9, 3, 0, "aa", "lhota-evaluation", 2)
    >>> b = DocumentSummary("b.txt", "evaluation", "utf-8", 9, 3, 0, "bb", "lhota-evaluation", 4)
    >>> [str(d) for d in shared_scope_diagnostics([a, b, a])]  # doctest: +NORMALIZE_WHITESPACE
    ["b.txt:4: plan-collision: plan 'lhota-evaluation' is also the plan of a.txt: the two
      share IRIs and their records merge", 'a.txt:1: duplicate-document: the same content as
      a.txt: built into the same nodes']
    """
    by_content: dict[str, DocumentSummary] = {}
    by_plan: dict[str, DocumentSummary] = {}
    found = []
    for doc in documents:
        first = by_content.get(doc.sha256)
        if first is not None:
            found.append(
                Diagnostic(
                    doc.path,
                    1,
                    "duplicate-document",
                    f"the same content as {first.path}: built into the same nodes",
                )
            )
            continue
        by_content[doc.sha256] = doc
        if doc.plan is None:
            continue
        first = by_plan.setdefault(doc.plan, doc)
        if first is not doc:
            found.append(
                Diagnostic(
                    doc.path,
                    doc.plan_line,
                    "plan-collision",
                    f"plan {doc.plan!r} is also the plan of {first.path}: the two share IRIs "
                    "and their records merge",
                )
            )
    return found


def _add_scope_diagnostics(outcome: BuildResult, builder: GraphBuilder) -> None:
    shas = {d.path: d.sha256 for d in outcome.documents}
    plans = {d.path: d.plan for d in outcome.documents}
    for number, diagnostic in enumerate(shared_scope_diagnostics(outcome.documents), 1):
        outcome.diagnostics.append(diagnostic)
        builder.corpus_diagnostic(diagnostic, shas[diagnostic.path], plans[diagnostic.path], number)


def _load_chunk(
    chunk: list[Path], builder: GraphBuilder
) -> tuple[list[DocumentSummary], list[Diagnostic], list[LoadError], int]:
    """Load a chunk of documents into ``builder``; what a build reports of them."""
    before = builder.measure_count
    summaries: list[DocumentSummary] = []
    diagnostics: list[Diagnostic] = []
    errors: list[LoadError] = []
    for path in chunk:
        result = load_one(path, _worker_profiles)
        if isinstance(result, LoadError):
            errors.append(result)
            continue
        built = add_one(builder, result)
        if isinstance(built, LoadError):
            errors.append(built)
            continue
        summaries.append(summarise(built))
        diagnostics.extend(built.diagnostics)
    return summaries, diagnostics, errors, builder.measure_count - before


def _work(
    chunk: list[Path],
) -> tuple[bytes, list[DocumentSummary], list[Diagnostic], list[LoadError], int]:
    """In a worker: load a chunk of documents and write their triples as N-Triples."""
    builder = _worker_builder
    assert builder is not None
    summaries, diagnostics, errors, measures = _load_chunk(chunk, builder)
    return builder.take_ntriples(), summaries, diagnostics, errors, measures


def _work_stream(chunk: list[Path]) -> tuple[bytes, int, list[str], list, list, list, int]:
    """In a worker: load a chunk, build it, and serialize it in the output format."""
    builder = _worker_builder
    assert builder is not None
    summaries, diagnostics, errors, measures = _load_chunk(chunk, builder)
    lines = sorted(set(builder.take_lines()))
    formatted = format_chunk(lines, _worker_format)
    shared = builder.take_shared()
    return formatted, len(lines), shared, summaries, diagnostics, errors, measures


_worker_format = "nt"


def _in_workers(
    files: list[Path],
    builder: GraphBuilder,
    workers: int,
    work: Callable[[list[Path]], tuple],
    *,
    split_shared: bool = False,
    fmt: str = "nt",
) -> Iterator[tuple]:
    """Run ``work`` over chunks of ``files`` in ``workers`` forked processes; yield each
    chunk's result in order.

    Workers are forked after the parent's resolver has read the vocabularies, so they share
    it; each has its own builder (:data:`_worker_builder`) on that resolver.
    """
    global _worker_builder, _worker_format
    _worker_builder = GraphBuilder(
        None, base=builder.base, resolver=builder.resolver, split_shared=split_shared
    )
    _worker_format = fmt
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    context = multiprocessing.get_context("fork")
    # What the workers inherit (resolver, vocabularies) lives as long as they do: frozen, the
    # collector neither scans it again nor touches its pages (which forked children share).
    gc.collect()
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_init_worker) as pool:
            yield from pool.imap(work, chunks)
    finally:
        _worker_builder = None
        _worker_format = "nt"
        gc.unfreeze()


def _collect(
    outcome: BuildResult,
    report: list,
    on_result: Callable[[Path, object], None] | None,
) -> None:
    """Record what a worker reports of its chunk (summaries, diagnostics, errors and the
    number of measures), and report progress."""
    summaries: list[DocumentSummary]
    diagnostics: list[Diagnostic]
    errors: list[LoadError]
    summaries, diagnostics, errors, measures = report
    outcome.documents.extend(summaries)
    outcome.diagnostics.extend(diagnostics)
    outcome.errors.extend(errors)
    outcome.measure_count += measures
    if on_result is not None:
        for summary in summaries:
            on_result(Path(summary.path), summary)
        for error in errors:
            on_result(Path(error.path), error)


def _write_parallel(
    files: list[Path],
    builder: GraphBuilder,
    outcome: BuildResult,
    writer: StreamWriter,
    workers: int,
    on_result: Callable[[Path, object], None] | None,
    fmt: str,
) -> None:
    """Like :func:`_build_parallel`, but workers serialize their chunks and the parent only
    appends them to ``writer``."""
    chunks = _in_workers(files, builder, workers, _work_stream, split_shared=True, fmt=fmt)
    for data, triples, shared, *report in chunks:
        writer.write(data, triples)
        writer.share(shared)
        _collect(outcome, report, on_result)


def _build_parallel(
    files: list[Path],
    builder: GraphBuilder,
    outcome: BuildResult,
    workers: int,
    on_result: Callable[[Path, object], None] | None,
) -> None:
    """Load and build in ``workers`` forked processes; the parent bulk-loads the N-Triples
    each sends back (Oxigraph parses them in Rust)."""
    for data, *report in _in_workers(files, builder, workers, _work):
        builder.load_ntriples(data)
        _collect(outcome, report, on_result)


def _init_worker() -> None:
    """A worker allocates millions of short-lived tuples and strings per chunk and creates no
    reference cycles of note: collecting every 700 allocations cost a quarter of its time."""
    gc.set_threshold(50_000, 20, 100)
