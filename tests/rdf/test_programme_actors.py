"""Actors of a programme report: the document's own abbreviations, and the target group.

Made-up lines of the kind a programme report prints: a team cell that names the programme's
target group ("Obec, expert, cílové skupiny") and activities that name services by the
abbreviations the report defines ("se zástupci OSPOD, SAS a TP").
"""

from __future__ import annotations

from rdflib import URIRef

from vazby.documents.text import read_text
from vazby.loaders import programme_report
from vazby.loaders.lines import document_of
from vazby.loaders.target_groups import names_the_target_group
from vazby.ontology.namespace import RDF, VZ
from vazby.rdf.build import GraphBuilder, new_graph

BASE = "https://example.org/id/"

LINES = (
    "Závěrečná zpráva z realizace poradenského programu obce Vrbová Lhota Poradenský program 3",
    "",
    "Předpokládaný harmonogram realizace",
    "",
    "Pořadí kroků\tPopis\tČasový rámec\tTým/ odpovědnost",
    "1\tSetkání s rodinami\tDo 05/24\tObec, expert, cílové skupiny",
    "",
    "ČÁST 2",
    "",
    "PRŮBĚH REALIZACE PORADENSKÉHO PROGRAMU",
    "",
    "Období\tNázev a typ realizovaných aktivit\tUveďte vazbu aktivity na plnění cíle či "
    "kritéria (číslo cíle či kritéria)\tStručný popis aktivity",
    "leden 2024 až březen 2024\tSchůzky k péči o rodiny\t1.\tSchůzky se zástupci OSPOD, SAS a TP.",
    "",
    "Seznam zkratek",
    "",
    "OSPOD – orgán sociálně-právní ochrany dětí",
    "",
    "SAS – služba aktivizační pro rodiny",
    "",
    "TP – terénní práce",
)


def _graph():
    # read as the text file it stands for: its tab lines are table rows
    doc = document_of(read_text("\n".join(LINES), "zprava.txt", sha256="0" * 64))
    result = programme_report.load(doc)
    graph = new_graph("Oxigraph")
    builder = GraphBuilder(graph, base=BASE)
    builder.add_result(result)
    builder.flush()
    return result, graph


def _actor_labels(graph, node: URIRef, predicate: URIRef) -> set[str]:
    return {
        str(graph.value(m, VZ.rawText))
        for m in graph.subjects(VZ.mentionIn, node)
        if graph.value(m, VZ.mentionOf) in set(graph.objects(node, predicate))
    }


def test_target_group_phrase_in_any_form_is_recognised():
    for text in ("cílové skupiny", "cílová skupiny", "Cílová skupina", "zástupci cílových skupin"):
        assert names_the_target_group(text), text
    for text in ("skupina rodičů", "pracovní skupina", "cílová obec"):
        assert not names_the_target_group(text), text


def test_team_cell_target_group_is_not_an_actor():
    """ "Obec, expert, cílové skupiny": the third is the programme's target group."""
    result, graph = _graph()
    (step,) = [r for r in result.records if getattr(r, "id", "") == "step-1"]
    assert [m.text for m in step.responsible] == ["Obec", "expert"]
    assert [m.text for m in step.participants] == ["cílové skupiny"]
    node = URIRef(BASE + "programme/vrbova-lhota-3/activity/step-1")
    assert _actor_labels(graph, node, VZ.responsible) == {"Obec", "expert"}
    assert _actor_labels(graph, node, VZ.targets) == {"cílové skupiny"}
    for actor in graph.subjects(RDF.type, VZ.Actor):
        assert "cilov" not in str(actor)


def test_abbreviations_of_bodies_in_activity_text_become_actors():
    """OSPOD (a known kind of body) and SAS (a service, by the report's own list) are
    mentioned; TP ("terénní práce", work, not a body) is not."""
    _, graph = _graph()
    (activity,) = [a for a in graph.subjects(RDF.type, VZ.Activity) if "step" not in str(a)]
    mentioned = _actor_labels(graph, activity, VZ.mentions)
    assert mentioned == {"OSPOD", "SAS"}
    for target in graph.objects(activity, VZ.mentions):
        assert (target, RDF.type, VZ.Actor) in graph


def test_computed_total_of_a_yearly_cost_is_stored_beside_it_and_marked():
    from decimal import Decimal

    from vazby.loaders import outline
    from vazby.loaders.records import Amount, Measure

    lines = (
        "Plán",
        "Cíl 1 Děti",
        "Opatření 1.1 Klub",
        "Náklady: 2 mil. Kč ročně",
        "Harmonogram: 2024-2026",
    )
    doc = document_of(read_text("\n".join(lines), "plan.txt", sha256="1" * 64))
    result = outline.load(doc)
    (measure,) = result.of_type(Measure)
    assert isinstance(measure.cost, Amount)
    graph = new_graph("Oxigraph")
    builder = GraphBuilder(graph, base=BASE)
    builder.add_result(result)
    builder.flush()
    node = next(graph.subjects(VZ.computedTotalCZK, None))
    assert Decimal(str(graph.value(node, VZ.amountCZK))) == Decimal(2000000)
    assert Decimal(str(graph.value(node, VZ.computedTotalCZK))) == Decimal(6000000)
    assert int(graph.value(node, VZ.totalYears)) == 3
