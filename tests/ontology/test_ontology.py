"""The shipped ontology and vocabularies agree with the Python names and with each other."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from vazby.ontology import (
    VOCABULARIES,
    load_ontology,
    load_shapes,
    load_vocabularies,
    ontology_path,
    shapes_path,
    vocab_paths,
)
from vazby.ontology.namespace import ONTOLOGY_IRI, VOCAB, VZ

VZ_TERMS = {str(VZ[name]) for name in VZ.__annotations__}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return load_vocabularies()


def _vz_terms_used(graph: Graph) -> set[str]:
    used = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(ONTOLOGY_IRI):
                used.add(str(node))
    return used


def test_ontology_every_vz_term_is_defined(ontology):
    defined = {
        str(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    assert VZ_TERMS - defined == set()


def test_ontology_every_vz_term_used_exists_in_namespace(ontology):
    assert _vz_terms_used(ontology) - VZ_TERMS == set()


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_ontology_every_term_has_label_in_both_languages(ontology, lang):
    missing = [
        term
        for term in VZ_TERMS
        if not any(
            isinstance(v, Literal) and v.language == lang
            for v in ontology.objects(URIRef(term), RDFS.label)
        )
    ]
    assert missing == []


def test_ontology_every_term_has_english_definition(ontology):
    missing = [
        term
        for term in VZ_TERMS
        if not any(
            v.language == "en"
            for v in ontology.objects(URIRef(term), SKOS.definition)
            if isinstance(v, Literal)
        )
    ]
    assert missing == []


def test_ontology_ladder_and_reuse(ontology):
    # The level ladder: StrategicGoal and SpecificGoal are Goals; actors are organisations.
    assert (VZ.StrategicGoal, RDFS.subClassOf, VZ.Goal) in ontology
    assert (VZ.SpecificGoal, RDFS.subClassOf, VZ.Goal) in ontology
    assert (VZ.Actor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in ontology
    assert (VZ.fundedBy, OWL.inverseOf, VZ.sharedBy) in ontology


def test_ontology_is_declared(ontology):
    assert (URIRef("https://w3id.org/vazby/ontology"), RDF.type, OWL.Ontology) in ontology


def test_shapes_use_only_known_vz_terms():
    assert _vz_terms_used(load_shapes()) - VZ_TERMS == set()


def test_vocabularies_use_only_known_vz_terms(vocab):
    assert _vz_terms_used(vocab) - VZ_TERMS == set()


def test_paths_point_at_shipped_files():
    assert ontology_path().is_file()
    assert shapes_path().is_file()
    assert [p.name for p in vocab_paths()] == [f"{n}.ttl" for n in VOCABULARIES]
    assert all(p.is_file() for p in vocab_paths())


@pytest.mark.parametrize(
    "scheme", ["actor-type", "funding-source", "status", "target-group", "measure-kind", "actor"]
)
def test_vocabulary_concepts_have_czech_and_english_labels(vocab, scheme):
    concepts = set(vocab.subjects(SKOS.inScheme, VOCAB[scheme]))
    assert concepts, scheme
    for concept in concepts:
        langs = {v.language for v in vocab.objects(concept, SKOS.prefLabel)}
        assert {"cs", "en"} <= langs, concept
        assert vocab.value(concept, SKOS.definition) is not None, concept


def test_vocabulary_broader_targets_are_concepts_of_same_scheme(vocab):
    for narrower, broader in vocab.subject_objects(SKOS.broader):
        assert vocab.value(narrower, SKOS.inScheme) == vocab.value(broader, SKOS.inScheme)


def test_vocabulary_curated_actors_have_type_and_labels(vocab):
    actors = set(vocab.subjects(RDF.type, VZ.Actor))
    assert URIRef("https://w3id.org/vazby/id/actor/asz") in actors
    for actor in actors:
        assert vocab.value(actor, SKOS.prefLabel) is not None
        actor_type = vocab.value(actor, VZ.actorType)
        assert vocab.value(actor_type, SKOS.inScheme) == VOCAB["actor-type"], actor


def test_vocabulary_generic_kinds_flagged_generic_with_type(vocab):
    for kind in vocab.subjects(SKOS.inScheme, VOCAB["actor"]):
        assert vocab.value(kind, VZ.generic) == Literal(True), kind
        assert vocab.value(kind, VZ.actorType) is not None, kind
