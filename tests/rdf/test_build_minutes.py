"""Minutes records become triples: meeting, persons, agenda, organisation mentions, projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from vazby.loaders import load_path
from vazby.loaders.records import Document, LoadResult, Measure, Mention, Plan
from vazby.ontology.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, VOCAB, VZ
from vazby.rdf.build import GraphBuilder, new_graph
from vazby.rdf.build_minutes import split_funders

BASE = "https://example.org/id/"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def iri(*parts: str) -> URIRef:
    return URIRef(BASE + "/".join(parts))


def _plan_result() -> LoadResult:
    """A made-up plan of the same town whose guarantor is "ASZ" and "Město"."""
    doc = Document(
        "plan.txt", "plan.txt", "cd" * 32, "utf-8", tuple(f"řádek {n}" for n in range(1, 11))
    )
    records = (
        Plan("lhota", "Plán Horní Lhota", "Horní Lhota", "action-plan", doc.span(1)),
        Measure(
            "lhota", "1.1.1", "1.1.1", "Dluhová poradna", "1.1", "1", doc.span(3, 5),
            guarantors=(Mention("ASZ", doc.span(4)), Mention("Kotva z.s.", doc.span(4))),
        ),
    )  # fmt: skip
    return LoadResult(doc, "action-plan", records)


@pytest.fixture(scope="module")
def graph():
    g = new_graph()
    builder = GraphBuilder(g, base=BASE)
    builder.add_results([_plan_result(), load_path(FIXTURES / "minutes_lhota.txt", "minutes")])
    builder.add_vocabulary()
    builder.flush()
    return g


MEETING = iri("meeting", "2021-09-03-bydleni-a-dluhy")


def test_meeting_has_date_body_place_town(graph):
    # "konané dne 03.09.2021" → xsd:date; "… v prostorách Komunitního centra Lípa"
    assert (MEETING, RDF.type, VZ.Meeting) in graph
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert graph.value(MEETING, VZ.meetingDate) == Literal("2021-09-03", datatype=xsd_date)
    assert str(graph.value(MEETING, VZ.place)) == "Komunitního centra Lípa"
    town = graph.value(MEETING, DCTERMS.spatial)
    assert town == iri("municipality", "horni-lhota")
    assert str(graph.value(graph.value(MEETING, VZ.body), RDFS.label)).endswith("BYDLENÍ A DLUHY")
    assert graph.value(MEETING, PROV.wasDerivedFrom) is not None


def test_person_iri_from_name_and_attendance_from_meeting(graph):
    # "Ing. Olga Rybová – koordinátorka KP" under "Hosté:"
    person = iri("person", "olga-rybova")
    assert (person, RDF.type, FOAF.Person) in graph
    assert (MEETING, VZ.guest, person) in graph
    assert str(graph.value(person, VZ.role)) == "koordinátorka KP"
    assert str(graph.value(person, FOAF.title)) == "Ing."
    assert (MEETING, VZ.present, iri("person", "petr-jelinek")) in graph
    assert (MEETING, VZ.excused, iri("person", "karel-sedlak")) in graph
    assert (MEETING, VZ.absent, iri("person", "josef-bartu")) in graph


def test_author_is_creator_of_the_document(graph):
    # "Zápis vyhotovila: Bc. Eva Šimková, DiS."
    docs = list(graph.subjects(DCTERMS.creator, iri("person", "eva-simkova")))
    assert len(docs) == 1 and (docs[0], RDF.type, VZ.SourceDocument) in graph


def test_person_member_of_resolved_organisation_with_mention(graph):
    # "Martin Lukeš – Úřad práce Horní Lhota"
    person = iri("person", "martin-lukes")
    org = graph.value(person, ORG.memberOf)
    assert org is not None and (org, RDF.type, VZ.Actor) in graph
    mentions = list(graph.subjects(VZ.mentionIn, person))
    assert [str(graph.value(m, VZ.rawText)) for m in mentions] == ["Úřad práce Horní Lhota"]


def test_agenda_items_literal_and_node_with_description(graph):
    # "3. Informace poskytovatelů služeb" / "add 3)" / "Poskytovatelé informovali o situaci."
    items = {str(o) for o in graph.objects(MEETING, VZ.agendaItem)}
    assert "3. Informace poskytovatelů služeb" in items and len(items) == 5
    node = URIRef(f"{MEETING}/item/3")
    assert (MEETING, VZ.hasPart, node) in graph
    assert str(graph.value(node, DCTERMS.description)) == "Poskytovatelé informovali o situaci."
    assert len(list(graph.objects(node, PROV.wasDerivedFrom))) == 2  # programme line, discussion


def test_organisation_note_is_a_mention_of_the_resolved_actor(graph):
    # "NZDM Klubko – bez omezení"
    notes = [m for m in graph.subjects(VZ.mentionRole, Literal("organisation-note"))]
    texts = {str(graph.value(m, VZ.rawText)): m for m in notes}
    assert set(texts) == {
        "Agentura pro sociální začleňování",
        "Kotva z.s.",
        "Azylový dům pro ženy",
        "NZDM Klubko",
    }
    klubko = texts["NZDM Klubko"]
    assert str(graph.value(klubko, DCTERMS.description)) == "bez omezení"
    assert (MEETING, VZ.mentions, graph.value(klubko, VZ.mentionOf)) in graph
    assert graph.value(klubko, PROV.wasDerivedFrom) is not None


def test_agency_in_plan_and_minutes_is_one_actor(graph):
    # "ASZ" as a plan's guarantor; "Agentura pro sociální začleňování – projekty" in the programme.
    measure = URIRef(BASE + "plan/lhota/measure/1.1.1")
    guarantors = set(graph.objects(measure, VZ.guarantor))
    noted = set(graph.objects(MEETING, VZ.mentions))
    assert guarantors & noted, "the Agency and Kotva z.s. should each be one node"
    assert len(guarantors & noted) == 2


def test_project_status_implementer_funder_period(graph):
    # "Aktuálně schválen projekt Dluhová poradna Lhota – Kotva z.s. Zahájen 1.10.2021. …"
    project = iri("project", "dluhova-poradna-lhota")
    assert (project, RDF.type, VZ.Project) in graph
    assert graph.value(project, VZ.projectStatus) == VOCAB["status/approved"]
    assert str(graph.value(project, VZ.period)) == "2021-10-01/2023-09-30"
    assert graph.value(project, VZ.implementedBy) is not None
    assert graph.value(project, VZ.funder) is not None
    assert (MEETING, VZ.mentions, project) in graph
    assert graph.value(project, DCTERMS.spatial) == iri("municipality", "horni-lhota")


def test_cofunded_project_has_one_funder_per_name(graph):
    # "Projekt je spolufinancován Krajem Vysočina a Městem Horní Lhota"
    project = iri("project", "sousede-spolu")
    funders = list(graph.subjects(VZ.mentionIn, project))
    raw = sorted(
        str(graph.value(m, VZ.rawText))
        for m in funders
        if str(graph.value(m, VZ.mentionRole)) == "funder"
    )
    assert raw == ["Krajem Vysočina", "Městem Horní Lhota"]


def test_split_funders_keeps_one_call_whole():
    # "výzvy č. 17 OPZ+" is one call; "Krajem Vysočina a Městem Horní Lhota" two funders.
    assert split_funders("Krajem Vysočina a Městem Horní Lhota") == [
        "Krajem Vysočina",
        "Městem Horní Lhota",
    ]


def test_every_minutes_resource_has_provenance(graph):
    for cls in (VZ.Meeting, VZ.Project, FOAF.Person, VZ.Mention):
        for node in graph.subjects(RDF.type, cls):
            assert graph.value(node, PROV.wasDerivedFrom) is not None, node
