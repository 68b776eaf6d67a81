"""A node with several labels is called the same in every answer and map."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.exports.network import map_view  # noqa: E402
from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query.labels import best_label, labels_of  # noqa: E402
from vazby.query.measures import measure_rows  # noqa: E402
from vazby.query.views import actor_items, item_names  # noqa: E402

# in every order a store may give them: an English preferred label, an untagged and a Czech
# rdfs:label; the Czech one is the name
MIXED = [
    (SKOS.prefLabel, Literal("Families", lang="en")),
    (RDFS.label, Literal("A rodiny")),
    (RDFS.label, Literal("Rodiny s dětmi", lang="cs")),
]


def _relabelled(node: str):
    tiny = lhota_graph()
    graph = tiny.graph
    node = URIRef(node)
    graph.remove((node, SKOS.prefLabel, None))
    graph.remove((node, RDFS.label, None))
    for predicate, label in MIXED:
        graph.add((node, predicate, label))
    return graph, node


@pytest.mark.parametrize("order", [MIXED, MIXED[::-1]])
def test_best_label_prefers_czech_then_untagged_then_preferred(order):
    labels = [(str(lit), lit.language, p == SKOS.prefLabel) for p, lit in order]
    assert best_label(labels) == "Rodiny s dětmi"
    assert best_label([("Město Žatec", None, False), ("Žatec", None, False)]) == "Město Žatec"
    assert best_label([("Město Žatec", None, False), ("Žatec", None, False)], shortest=True) == (
        "Žatec"
    )
    assert best_label([]) is None


def test_a_target_group_is_named_alike_by_overlap_and_map():
    group = "https://w3id.org/vazby/vocab/target-group/rodiny"
    graph, node = _relabelled(group)
    assert labels_of(graph, [node]) == {group: "Rodiny s dětmi"}
    assert item_names(graph, "target-groups", [group]) == {group: "Rodiny s dětmi"}
    assert map_view(graph, "full").nodes[group]["label"] == "Rodiny s dětmi"
    shown = {g for row in measure_rows(graph) for g in row.target_groups}
    assert "Rodiny s dětmi" in shown and not shown & {"Families", "A rodiny"}


def test_an_actor_is_named_alike_by_overlap_and_map():
    actor = "https://w3id.org/vazby/id/actor/zs-lhota"
    graph, node = _relabelled(actor)
    assert actor_items(graph, "measures")[node].label == "Rodiny s dětmi"
    assert map_view(graph, "actors").nodes[actor]["label"] == "Rodiny s dětmi"


def test_a_node_without_labels_is_named_by_its_iri():
    tiny = lhota_graph()
    actor = URIRef("https://w3id.org/vazby/id/actor/zs-lhota")
    tiny.graph.remove((actor, SKOS.prefLabel, None))
    tiny.graph.remove((actor, RDFS.label, None))
    assert labels_of(tiny.graph, [actor]) == {}
    assert actor_items(tiny.graph, "measures")[actor].label == str(actor)


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_describe_names_a_node_as_the_answers_do(backend):
    from rdflib import Graph

    from vazby.query.entities import describe
    from vazby.rdf.store import open_store

    group = "https://w3id.org/vazby/vocab/target-group/rodiny"
    relabelled, node = _relabelled(group)
    graph = open_store() if backend == "oxigraph" else Graph()
    for triple in relabelled:
        graph.add(triple)
    described = describe(graph, [node])[node]
    assert (described.label, described.id) == ("Rodiny s dětmi", "Rodiny s dětmi")


def test_the_measures_table_titles_a_measure_as_describe_does():
    from vazby.query.entities import describe

    tiny = lhota_graph()
    graph = tiny.graph
    row = measure_rows(graph)[0]
    node = next(
        m
        for m in graph.subjects(VZ.identifier, Literal(row.id))
        if (m, RDF.type, VZ.Measure) in graph
    )
    graph.add((node, RDFS.label, Literal("A title in English", lang="en")))
    graph.add((node, RDFS.label, Literal("Aaa název", lang="cs")))
    assert measure_rows(graph)[0].title == describe(graph, [node])[node].label == "Aaa název"


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_blank_node_actor_is_named_by_its_label(backend):
    from rdflib import BNode, Graph

    from vazby.query.actors import actor_mentions
    from vazby.rdf.store import open_store

    graph = open_store() if backend == "oxigraph" else Graph()
    actor, mention = BNode(), URIRef("urn:mention")
    graph.add((actor, RDF.type, VZ.Actor))
    graph.add((actor, RDFS.label, Literal("Spolek bez IRI", lang="cs")))
    graph.add((actor, SKOS.prefLabel, Literal("Association", lang="en")))
    graph.add((mention, RDF.type, VZ.Mention))
    graph.add((mention, VZ.mentionOf, actor))
    graph.add((mention, VZ.rawText, Literal("spolek")))
    graph.add((mention, VZ.mentionRole, Literal("guarantor")))
    assert [row.label for row in actor_mentions(graph)] == ["Spolek bez IRI"]
    assert labels_of(graph, [actor]) == {str(actor): "Spolek bez IRI"}


def test_map_nodes_take_the_chosen_label_and_the_earliest_line():
    from vazby.query.entities import describe
    from vazby.query.views import actor_measure_graph

    tiny = lhota_graph()
    graph = tiny.graph
    measure = next(m for m in actor_measure_graph(graph) if graph.value(m, RDF.type) == VZ.Measure)
    before = describe(graph, [measure])[measure]
    line = int(before.source.rsplit(":", 1)[1].split("-")[0])
    tiny.derive(measure, 9 if line >= 10 else line + 1)  # one digit less, or a later line
    tiny.derive(measure, 10 * line + 5)  # sorts before as text, comes later as a number
    graph.add((measure, RDFS.label, Literal("A title in English", lang="en")))
    graph.add((measure, RDFS.label, Literal("Aaa název", lang="cs")))
    node = actor_measure_graph(graph).nodes[measure]
    described = describe(graph, [measure])[measure]
    assert node["label"] == described.label == "Aaa název"
    file, lines = described.source.rsplit(":", 1)
    assert node["source"] == f"{file}:{lines.split('-')[0]}"


def _many_labelled(extra: int = 0):
    """600 nodes labelled every way (and ``extra`` other nodes with a Czech prefLabel)."""
    from vazby.rdf.build import new_graph

    graph = new_graph()
    nodes = [URIRef(f"urn:x:{n}") for n in range(600)]
    for n, node in enumerate(nodes):
        kind = n % 4
        if kind == 0:  # a Czech preferred label and an rdfs:label
            graph.add((node, SKOS.prefLabel, Literal(f"pref {n}", lang="cs")))
            graph.add((node, RDFS.label, Literal(f"a label {n}", lang="cs")))
        elif kind == 1:  # an rdfs:label only
            graph.add((node, RDFS.label, Literal(f"label {n}")))
        elif kind == 2:  # an English preferred label, a Czech rdfs:label
            graph.add((node, SKOS.prefLabel, Literal(f"pref {n}", lang="en")))
            graph.add((node, RDFS.label, Literal(f"štítek {n}", lang="cs")))
        else:  # two Czech preferred labels: the least
            graph.add((node, SKOS.prefLabel, Literal(f"b {n}", lang="cs")))
            graph.add((node, SKOS.prefLabel, Literal(f"a {n}", lang="cs")))
    for n in range(extra):
        graph.add((URIRef(f"urn:y:{n}"), SKOS.prefLabel, Literal(f"y {n}", lang="cs")))
    return graph, nodes


@pytest.mark.parametrize("extra", [0, 8 * 600])
def test_labels_of_many_nodes_scans_once_and_names_alike(monkeypatch, extra):
    """Many nodes at once: their Czech preferred labels are read in one scan (unless the
    graph holds more than the scan reads: then bound as few), and named as one by one."""
    import vazby.query.labels as labels_module
    import vazby.rdf.store as store

    graph, nodes = _many_labelled(extra)
    scans = []

    def spy(*args):
        scans.append(store.bounded_scan(*args))
        return scans[-1]

    monkeypatch.setattr(labels_module, "bounded_scan", spy)
    many = labels_of(graph, nodes)
    assert [scan is not None for scan in scans] == [extra == 0]
    assert (many["urn:x:0"], many["urn:x:1"], many["urn:x:2"], many["urn:x:3"]) == (
        "pref 0",
        "label 1",
        "štítek 2",
        "a 3",
    )
    monkeypatch.setattr(store, "SCAN_FROM", 10**9)
    assert labels_of(graph, nodes) == many
