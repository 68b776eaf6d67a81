"""The named queries of the outline reader's facts: activities of measures, coverage."""

from __future__ import annotations

from vazby.pipeline import build_corpus
from vazby.query.named import run_named


def test_named_activities_and_coverage(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Plán obce Lhotka\n"
        "Úvod k plánu.\n"
        "Cíl 1.1 Rodiny\n"
        "Opatření 1.1.1 Rodinné centrum\n"
        "Aktivita 1.1.1.a Kroužky\n"
        "Aktivita 1.1.1.b Poradna\n",
        encoding="utf-8",
    )
    graph = build_corpus([plan]).graph
    rows = run_named(graph, "activities")
    assert [(str(r["measure"]), str(r["id"]), str(r["label"]), int(r["line"])) for r in rows] == [
        ("1.1.1", "1.1.1.a", "Kroužky", 5),
        ("1.1.1", "1.1.1.b", "Poradna", 6),
    ]
    (row,) = run_named(graph, "coverage")
    assert (str(row["doc"]), str(row["profile"]), int(row["placed"]), int(row["total"])) == (
        "plan.txt",
        "outline",
        5,
        6,
    )
