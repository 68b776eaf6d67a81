"""build_corpus: one process or several give the same graph; bad files do not stop a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from vazby.pipeline import build_corpus, write_corpus
from vazby.rdf.store import select

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def triples(graph) -> set:
    return {(s, p, str(o), getattr(o, "language", None)) for s, p, o in graph}


def corpus() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt")) + sorted(FIXTURES.glob("*_small.txt"))


def test_build_corpus_parallel_equals_sequential():
    files = corpus()
    assert len(files) >= 3
    one = build_corpus(files, jobs=1)
    two = build_corpus(files, jobs=2)
    assert one.measure_count == two.measure_count > 0
    assert len(one.graph) == len(two.graph)
    assert triples(one.graph) == triples(two.graph)
    assert sorted(map(str, one.diagnostics)) == sorted(map(str, two.diagnostics))
    assert [d.path for d in one.documents] == [d.path for d in two.documents]


def test_build_corpus_bad_file_reported_rest_built(tmp_path):
    bad = tmp_path / "zzz-binary.txt"
    bad.write_bytes(b"\x00\x01binary\x00" * 10)
    for jobs in (1, 2):
        result = build_corpus([*corpus(), bad], jobs=jobs)
        assert [e.path for e in result.errors] == [str(bad)]
        assert result.measure_count > 0


def _parsed(path: Path, fmt: str) -> set[str]:
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS}
    return {str(getattr(t, "triple", t)) for t in ox.parse(path=str(path), format=formats[fmt])}


def _stored(graph) -> set[str]:
    import pyoxigraph as ox

    inner = graph.store._inner
    return {str(q.triple) for q in inner.quads_for_pattern(None, None, None, ox.DefaultGraph())}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq"])
def test_write_corpus_streams_the_same_graph_as_the_store_build(tmp_path, jobs, fmt):
    """The streamed file holds exactly the store build's triples, each once, whether one
    process or several wrote it; the shared resources (vocabulary, plan nodes) appear once."""
    files = corpus()
    built = build_corpus(files, jobs=jobs)
    out = tmp_path / f"graph.{fmt}"
    written = write_corpus(files, out, fmt, jobs=jobs)
    assert _parsed(out, fmt) == _stored(built.graph)
    assert written.triples == built.triples == len(built.graph)
    assert (written.graph, written.path, written.format) == (None, out, fmt)
    assert built.path is None
    assert written.measure_count == built.measure_count
    assert sorted(map(str, written.diagnostics)) == sorted(map(str, built.diagnostics))
    lines = out.read_text(encoding="utf-8").splitlines()
    if fmt != "ttl":
        assert len(lines) == len(set(lines)) == written.triples


def test_write_corpus_leaves_no_file_when_the_build_fails(tmp_path, monkeypatch):
    """A build that stops half way does not leave a truncated graph behind."""
    import vazby.pipeline as pipeline

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "_record", explode)
    out = tmp_path / "graph.ttl"
    with pytest.raises(RuntimeError):
        write_corpus(corpus(), out, "ttl", jobs=1)
    assert list(tmp_path.iterdir()) == []


def test_write_corpus_turtle_groups_each_subject_once(tmp_path):
    """Lines are sorted within a chunk, so a measure's triples sit under one subject."""
    out = tmp_path / "graph.ttl"
    write_corpus(corpus(), out, "ttl", jobs=1)
    text = out.read_text(encoding="utf-8")
    subjects = [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("<")]
    assert len(subjects) == len(set(subjects))


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_sharing_iris_are_reported(tmp_path, jobs):
    """The same file twice, and two different documents of one plan slug, merge into the
    same nodes: each is a diagnostic on the later document, in both kinds of build."""
    evaluation = FIXTURES / "evaluation_small.txt"
    text = evaluation.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b-copy.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c-other-year.txt").write_text(
        text + "\nPoznámka: druhé vydání\n", encoding="utf-8"
    )
    files = sorted(tmp_path.glob("*.txt"))
    built = build_corpus(files, jobs=jobs)
    written = write_corpus(files, tmp_path / "out.nt", "nt", jobs=jobs)
    for result in (built, written):
        kinds = {(Path(d.path).name, d.kind) for d in result.diagnostics}
        assert ("b-copy.txt", "duplicate-document") in kinds
        assert ("c-other-year.txt", "plan-collision") in kinds
        assert ("a.txt", "plan-collision") not in kinds
    rows = select(
        built.graph,
        'SELECT ?m WHERE { ?d vz:diagnosticKind "plan-collision" ; vz:message ?m ; vz:line ?l }',
    )
    assert len(rows) == 1 and "a.txt" in rows[0]["m"]


# -- one bad document never sinks a build ------------------------------------------------------


def _explode_on(monkeypatch, name: str) -> None:
    """Make loading the document called ``name`` fail the way a bug would."""
    import vazby.pipeline as pipeline

    real = pipeline.load_path

    def load(path, *args):
        if Path(path).name == name:
            raise ArithmeticError("[<class 'decimal.InvalidOperation'>]")
        return real(path, *args)

    monkeypatch.setattr(pipeline, "load_path", load)


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_corpus_unexpected_loader_failure_is_that_documents_error(monkeypatch, jobs):
    _explode_on(monkeypatch, "results_small.txt")
    result = build_corpus(corpus(), jobs=jobs)
    (error,) = result.errors
    assert error.path.endswith("results_small.txt") and error.line == 0
    assert "ArithmeticError" in error.message and "other documents are built" in error.message
    assert result.measure_count > 0
    assert len(result.documents) == len(corpus()) - 1


def test_write_corpus_unexpected_loader_failure_file_still_written(monkeypatch, tmp_path):
    _explode_on(monkeypatch, "results_small.txt")
    out = tmp_path / "g.nt"
    result = write_corpus(corpus(), out, "nt", jobs=1)
    assert [Path(e.path).name for e in result.errors] == ["results_small.txt"]
    assert out.stat().st_size > 0 and result.triples > 0


def test_build_corpus_builder_failure_takes_back_that_documents_triples(monkeypatch):
    from vazby.loaders.records import Town
    from vazby.rdf import build

    real = build.BUILDERS[Town]

    def half_then_fail(builder, ctx, record):
        real(builder, ctx, record)  # some triples of the document are already added
        raise KeyError("no such town")

    monkeypatch.setitem(build.BUILDERS, Town, half_then_fail)
    files = [FIXTURES / "action_plan_small.txt", FIXTURES / "results_small.txt"]
    result = build_corpus(files, jobs=1)
    assert [Path(e.path).name for e in result.errors] == ["results_small.txt"]
    names = select(result.graph, "SELECT ?n WHERE { ?d a vz:SourceDocument ; vz:fileName ?n }")
    assert [r["n"] for r in names] == ["action_plan_small.txt"]
    leaked = select(
        result.graph,
        "SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?s), 'lhota')) } LIMIT 1",
    )
    assert leaked == []


CARD_TABLE = ("card-table-mismatch", "missing-row", "duplicate")


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_build_path_prints_the_card_table_findings(tmp_path, jobs):
    """The made-up action plan's card of 1.1.2.1 (1,5 mil. Kč) against its financing row
    (2 mil. Kč), a card without a row and a row without a card, and an example plan's cost,
    whether the graph is held or streamed, by one process or several (the programme's
    indicator rows are another rule, its loader's)."""
    files = corpus()
    expected = [
        ("horni-lhota-akcni-plan.txt", 322, "card-table-mismatch"),
        ("action_plan_small.txt", 120, "missing-row"),
        ("action_plan_small.txt", 180, "card-table-mismatch"),
        ("action_plan_small.txt", 185, "missing-row"),
    ]
    for result in (
        build_corpus(files, jobs=jobs),
        write_corpus(files, tmp_path / "graph.nt", "nt", jobs=jobs),
    ):
        found = [
            (d.path, d.line, d.kind)
            for d in result.diagnostics
            if d.kind in CARD_TABLE and d.path.endswith(("plan.txt", "action_plan_small.txt"))
        ]
        assert sorted(found) == sorted(expected)


def test_card_table_findings_of_a_document_built_again_are_the_same():
    """:func:`table_findings` without the builder's own triples builds the document again."""
    from vazby.pipeline import add_one, load_one, table_findings
    from vazby.rdf.build import GraphBuilder, new_graph

    result = load_one(FIXTURES / "action_plan_small.txt")
    builder = GraphBuilder(new_graph())
    built = add_one(builder, result)
    again = table_findings(builder, result)
    assert again.diagnostics == built.diagnostics
    assert any(d.kind == "card-table-mismatch" for d in again.diagnostics)
