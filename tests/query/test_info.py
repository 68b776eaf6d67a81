"""vazby info's plan rows: slug, label and measures, read as bounded parts joined here."""

from __future__ import annotations

from vazby.query.info import graph_info
from vazby.rdf.store import open_store

DATA = """
@prefix vz: <https://w3id.org/vazby/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix x: <http://x.test/> .
x:lhota a vz:Plan ; vz:identifier "lhota" ; rdfs:label "Plán Lhoty"@cs .
x:dubi a vz:Plan ; vz:identifier "dubi" .
x:vrch a vz:Plan ; vz:identifier "vrch" ; rdfs:label "Vrch"@cs , "Vrch 2"@cs .
x:m1 a vz:Measure ; vz:inPlan x:lhota .
x:m2 a vz:Measure ; vz:inPlan x:lhota .
x:m3 a vz:Measure ; vz:inPlan x:vrch .
x:note vz:inPlan x:lhota .
"""


def test_info_plans_count_measures_and_keep_plans_without_label_or_measures():
    graph = open_store()
    graph.parse(data=DATA, format="turtle")
    assert graph_info(graph).plans == (
        ("dubi", "", 0),
        ("lhota", "Plán Lhoty", 2),
        ("vrch", "Vrch", 1),
        ("vrch", "Vrch 2", 1),
    )
