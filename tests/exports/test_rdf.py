"""RDF exports: Turtle, N-Triples, JSON-LD with a context, TriG with a graph per plan."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, URIRef

from vazby.errors import VazbyError
from vazby.rdf.store import load_graph
from vazby.rdf.writers import RDF_WRITERS, partition_by_plan, save_graph, write_rdf

BASE = "https://w3id.org/vazby/id/"
HORNI = BASE + "plan/horni-lhota"
DOLNI = BASE + "plan/dolni-lhota"


def _read_back(path, fmt: str) -> set:
    """The triples of an export, parsed into the same Oxigraph-backed store as the source."""
    if fmt == "trig":
        dataset = Dataset(store="Oxigraph")
        dataset.parse(str(path), format="ox-trig")
        return {(s, p, o) for s, p, o, _ in dataset.quads()}
    return set(load_graph(path, fmt))


@pytest.mark.parametrize("fmt", sorted(RDF_WRITERS))
def test_write_rdf_round_trips_every_triple(hostile, tmp_path, fmt):
    """Titles with markup, Czech diacritics, decimals and booleans all come back unchanged."""
    path = tmp_path / f"graph.{fmt}"
    write_rdf(hostile, path, fmt)
    assert _read_back(path, fmt) == set(hostile)


def test_write_jsonld_compacts_with_vazby_context(mini, tmp_path):
    path = tmp_path / "graph.jsonld"
    write_rdf(mini, path, "jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["vz"] == "https://w3id.org/vazby/ontology#"
    assert document["@context"]["prov"] == "http://www.w3.org/ns/prov#"
    text = path.read_text(encoding="utf-8")
    assert '"vz:guarantor"' in text
    assert "Město Horní Lhota" in text


def test_save_graph_jsonld_goes_through_write_jsonld(mini, tmp_path):
    """``vazby build -o graph.jsonld`` uses the same writer (save_graph picks it)."""
    path = tmp_path / "graph.jsonld"
    save_graph(mini, path)
    assert "@context" in json.loads(path.read_text(encoding="utf-8"))


def test_partition_by_plan_one_graph_per_plan_shared_in_default(mini):
    parts = partition_by_plan(mini)
    assert set(parts) == {URIRef(HORNI + "/graph"), URIRef(DOLNI + "/graph"), None}
    subjects = {name: {str(s) for s, _, _ in triples} for name, triples in parts.items()}
    horni = subjects[URIRef(HORNI + "/graph")]
    assert {HORNI, HORNI + "/measure/1.1.1.1", HORNI + "/measure/1.1.1.1/link/1"} <= horni
    assert HORNI + "/measure/1.1.1.1/mention/guarantor/1" in horni
    assert not any(s.startswith(DOLNI) for s in horni)
    # the source document of a plan and its line spans travel with the plan
    assert BASE + "document/horni-lhota-txt" in horni
    assert BASE + "document/horni-lhota-txt/lines/20-23" in horni
    shared = subjects[None]
    assert BASE + "actor/urad-prace" in shared
    assert "https://w3id.org/vazby/vocab/target-group/rodiny-s-detmi" in shared
    assert sum(len(t) for t in parts.values()) == len(mini)


def test_partition_by_plan_document_without_plan_gets_its_own_graph(mini):
    """Minutes of a meeting have no plan: their resources go to the document's graph."""
    from vazby.ontology.namespace import PROV, RDF, VZ
    from vazby.rdf.store import open_store

    graph = open_store()
    for triple in mini:
        graph.add(triple)
    doc = URIRef(BASE + "document/zapis-txt")
    span = URIRef(BASE + "document/zapis-txt/lines/3-3")
    meeting = URIRef(BASE + "meeting/zapis-2020-06-10")
    graph.add((span, RDF.type, VZ.SourceSpan))
    graph.add((span, VZ.document, doc))
    graph.add((meeting, RDF.type, VZ.Meeting))
    graph.add((meeting, PROV.wasDerivedFrom, span))
    parts = partition_by_plan(graph)
    name = URIRef(str(doc) + "/graph")
    assert {str(s) for s, _, _ in parts[name]} == {str(span), str(meeting)}


def test_write_trig_names_graphs_by_plan(mini, tmp_path):
    path = tmp_path / "graph.trig"
    write_rdf(mini, path, "trig")
    dataset = Dataset()
    dataset.parse(str(path), format="trig")
    names = {str(c.identifier) for c in dataset.graphs() if len(c)}
    assert {HORNI + "/graph", DOLNI + "/graph"} <= names
    dolni = dataset.graph(URIRef(DOLNI + "/graph"))
    assert len(list(dolni.triples((URIRef(DOLNI + "/measure/1.1.1.1"), None, None)))) > 0


def test_write_rdf_unknown_format_raises(mini, tmp_path):
    with pytest.raises(VazbyError, match="unknown RDF format"):
        write_rdf(mini, tmp_path / "x.owl", "owl")


@pytest.mark.seeds
@pytest.mark.parametrize("fmt", sorted(RDF_WRITERS))
def test_write_rdf_seeds_round_trip(seed_graph: Graph, tmp_path, fmt):
    path = tmp_path / f"seeds.{fmt}"
    write_rdf(seed_graph, path, fmt)
    assert _read_back(path, fmt) == set(seed_graph)
