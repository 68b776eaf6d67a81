"""What the outline reader adds to the graph: coverage on the document, prose mentions
marked as such, activities of measures; the graph passes the shapes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from vazby.ontology.namespace import VZ
from vazby.pipeline import build_corpus
from vazby.rdf.validate import validate

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "outline"


def test_build_outline_document_carries_profile_and_coverage(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Plán obce Lhotka\nÚvodní slovo starosty.\nCíl 1 Práce\nOpatření 1.1 Služba\n",
        encoding="utf-8",
    )
    graph = build_corpus([plan]).graph
    (doc,) = graph.subjects(VZ.profile, None)
    assert str(graph.value(doc, VZ.profile)) == "outline"
    assert graph.value(doc, VZ.coverage).toPython() == Decimal("0.75")
    assert (int(graph.value(doc, VZ.linesPlaced)), int(graph.value(doc, VZ.linesTotal))) == (3, 4)


def test_build_outline_prose_mentions_and_activities_conform(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Plán obce Lhotka\n"
        "Cíl 1.1 Rodiny\n"
        "Opatření 1.1.1 Rodinné centrum\n"
        "Bude financováno z OPZ+.\n"
        "Aktivita 1.1.1.a Kroužky\n",
        encoding="utf-8",
    )
    result = build_corpus([plan])
    graph = result.graph
    prose = list(graph.subjects(VZ.fromProse, None))
    assert len(prose) == 1 and str(graph.value(prose[0], VZ.rawText)) == "OPZ+"
    (activity,) = graph.subjects(VZ.activityOf, None)
    measure = graph.value(activity, VZ.activityOf)
    assert (measure, VZ.hasPart, activity) in graph
    assert str(graph.value(measure, VZ.identifier)) == "1.1.1"
    assert validate(graph).conforms


def test_build_outline_layouts_all_conform():
    result = build_corpus([LAYOUTS])
    assert len(result.documents) == len(list(LAYOUTS.iterdir())) and not result.errors
    assert {d.profile for d in result.documents} == {"outline"}
    assert validate(result.graph).conforms
