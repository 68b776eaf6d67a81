"""build_corpus: one process or several give the same graph; bad files do not stop a build."""

from __future__ import annotations

from pathlib import Path

from vazby.pipeline import build_corpus

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
