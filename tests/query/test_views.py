"""NetworkX views derived from the RDF graph: dependencies, actor–measure, actor overlap."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, SKOS, Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query.views import (  # noqa: E402
    VIEWS,
    actor_measure_graph,
    actor_overlap_graph,
    dependency_graph,
)

BASE = "https://w3id.org/vazby/id/plan/lhota/"


def iri(path: str) -> URIRef:
    """Nodes of the views are the RDF terms themselves."""
    return URIRef(path if path.startswith("http") else BASE + path)


@pytest.fixture(scope="module")
def lhota():
    return lhota_graph().graph


def test_dependency_graph_nodes_carry_iri_label_type_plan_area_source(lhota):
    view = dependency_graph(lhota, plan="lhota")
    node = view.nodes[iri("measure/1.1.1.2")]
    assert node == {
        "iri": BASE + "measure/1.1.1.2",
        "id": "1.1.1.2",
        "label": "Kontaktní místo",
        "type": "measure",
        "plan": "lhota",
        "area": "1",
        "source": "lhota-ap.txt:30",
    }


def test_dependency_graph_edges_have_kinds_and_shared_line_both_ways(lhota):
    # "1 000 000 Kč/OPZ+ (1.1.1.3 a 2.1.1.1)": each measure funded-by the line, the line
    # shared with each measure
    view = dependency_graph(lhota, plan="lhota")
    line = iri("budget/budget/b1")
    assert view.has_edge(iri("measure/1.1.1.3"), line, key="funded-by")
    assert view.has_edge(line, iri("measure/2.1.1.1"), key="shared-budget")
    assert view.has_edge(iri("measure/1.1.1.2"), iri("measure/1.1.1.1"), key="cost")
    assert view.has_edge(iri("goal/1.1"), iri("area/1"), key="part-of")
    assert not any(v == "https://w3id.org/vazby/id/plan/lhota" for _, v in view.edges())


def test_dependency_graph_dangling_link_has_no_edge(lhota):
    view = dependency_graph(lhota)
    assert not any("9.9" in str(v) for v in view.nodes)


def test_actor_measure_graph_is_bipartite_without_generic_actors(lhota):
    view = actor_measure_graph(lhota)
    actors = {n for n, d in view.nodes(data=True) if d["bipartite"] == 0}
    assert nx.is_bipartite(view)
    assert sorted(view.nodes[a]["label"] for a in actors) == [
        "Agentura pro sociální začleňování",
        "Město Dolní Lhota",
        "Městská policie",
        "ZŠ Lhota",
    ]
    assert view.nodes[iri("measure/2.1.1.1")]["source"] == "lhota-ap.txt:60"


def test_actor_measure_graph_include_generic_adds_nno(lhota):
    view = actor_measure_graph(lhota, include_generic=True)
    assert [d["label"] for _, d in view.nodes(data=True) if d.get("generic")] == ["NNO", "NNO"]


def test_actor_overlap_graph_weights_and_jaccard(lhota):
    view = actor_overlap_graph(lhota, "measures")
    edge = view.edges[
        iri("https://w3id.org/vazby/id/actor/mesto-dolni-lhota"),
        iri("https://w3id.org/vazby/id/actor/zs-lhota"),
    ]
    # the city guarantees 1.1.1.1 and 2.1.1.1, the school 2.1.1.1 and 2.1.1.2
    assert (edge["weight"], round(edge["jaccard"], 3)) == (1, 0.333)


def test_views_registry_names_every_view():
    assert set(VIEWS) == {"dependencies", "actor-measure", "actor-overlap"}


def _actors(holdings: dict[str, list[str]]):
    from vazby.query.views import Actor

    actors = {}
    for name, items in holdings.items():
        actor = Actor(URIRef(f"http://x/actor/{name}"), name, False)
        actor.items = {f"http://x/item/{i}": i for i in items}
        actors[actor.iri] = actor
    return actors


@pytest.mark.parametrize("crowd", [3, 40, 200])
def test_pair_counts_equal_counting_pair_by_pair(crowd):
    """Items held by a few actors are counted pair by pair, crowded ones (a target group
    most actors serve) by a matrix product: both must give the plain count."""
    import random
    from itertools import combinations

    from vazby.query.views import pair_counts

    rng = random.Random(crowd)
    names = [f"a{k:03d}" for k in range(crowd + 5)]
    holdings: dict[str, list[str]] = {n: [] for n in names}
    for item in range(60):
        for n in rng.sample(names, rng.randint(1, len(names))):
            holdings[n].append(f"i{item}")
    holdings["loner"] = []  # an actor sharing nothing
    actors = _actors(holdings)
    expected = {}
    for a, b in combinations(sorted(actors), 2):
        shared = len(actors[a].items.keys() & actors[b].items.keys())
        if shared:
            expected[(a, b)] = shared
    counts = pair_counts(actors)
    got = {
        (counts.actors[a], counts.actors[b]): s
        for a, b, s in zip(
            counts.first.tolist(), counts.second.tolist(), counts.shared.tolist(), strict=True
        )
    }
    assert got == expected
    union = {
        pair: len(actors[pair[0]].items) + len(actors[pair[1]].items) - s
        for pair, s in expected.items()
    }
    jaccard = dict(zip(got, counts.jaccard().tolist(), strict=True))
    assert all(abs(jaccard[p] - expected[p] / union[p]) < 1e-12 for p in expected)


def test_pair_counts_of_no_actors():
    from vazby.query.views import pair_counts

    counts = pair_counts({})
    assert counts.actors == [] and len(counts.shared) == 0


@pytest.mark.parametrize("extra", [0, 8 * 600])
def test_actor_facts_of_many_actors_read_generic_flags_alike(monkeypatch, extra):
    """Many actors at once: the generic ones are read in one scan (unless the graph holds
    more than the scan reads), and flagged as when each is asked."""
    import vazby.rdf.store as store
    from vazby.query.views import _actor_facts
    from vazby.rdf.build import new_graph

    graph = new_graph()
    cells = []
    for n in range(600):
        actor = URIRef(f"urn:actor:{n}")
        cells.append(f"<{actor}>")
        graph.add((actor, RDF.type, VZ.GenericActor if n % 3 == 0 else VZ.Actor))
        if n % 3 == 1:
            graph.add((actor, VZ.generic, Literal(True)))
        graph.add((actor, SKOS.prefLabel, Literal(f"aktér {n}", lang="cs")))
    for n in range(extra):
        graph.add((URIRef(f"urn:other:{n}"), RDF.type, VZ.GenericActor))
    facts = _actor_facts(graph, cells)
    assert [facts[c][1] for c in cells[:3]] == [True, True, False]
    assert sum(generic for _, generic in facts.values()) == 400
    assert (facts[cells[4]], facts[cells[5]]) == (("aktér 4", True), ("aktér 5", False))
    monkeypatch.setattr(store, "SCAN_FROM", 10**9)
    assert _actor_facts(graph, cells) == facts


# --- the maps' views come from this module too -------------------------------------------


def test_map_view_is_this_modules_projection():
    """One RDF → NetworkX projection: the exports write the map views, they do not make them."""
    from vazby.exports import network
    from vazby.query import views

    assert network.map_view is views.map_view and network.narrow_view is views.narrow_view
    assert network.VIEWS == views.MAP_VIEWS


def test_map_view_unknown_plan_is_the_one_plan_check(lhota):
    """The map answers "no such plan" as every question does: with the plans it has."""
    from vazby.errors import UnknownEntity
    from vazby.query.views import map_view

    with pytest.raises(UnknownEntity, match=r"no plan 'praha' in the graph; plans: horni, lhota"):
        map_view(lhota, "full", plan="praha")


def test_map_view_unlabelled_node_is_named_by_its_last_segment():
    """A measure read with no name or number ("Opatření:" left empty) shows its IRI's end."""
    from rdflib import Graph

    from vazby.query.views import map_view

    g = Graph()
    g.add((iri("measure/x-7"), RDF.type, VZ.Measure))
    g.add((iri("area/9/"), RDF.type, VZ.ThematicArea))
    labels = {n: a["label"] for n, a in map_view(g, "full").nodes(data=True)}
    assert labels == {BASE + "area/9/": "9", BASE + "measure/x-7": "x-7"}


def test_map_overlap_weights_are_the_overlap_questions_counts(lhota):
    """The overlap map and the overlap question count the measures two actors share alike."""
    from vazby.query.views import map_view

    drawn = map_view(lhota, "overlap", hide_generic=True)
    asked = actor_overlap_graph(lhota)
    weights = {frozenset((a, b)): w for a, b, w in drawn.edges(data="weight")}
    assert weights == {frozenset(map(str, (a, b))): w for a, b, w in asked.edges(data="weight")}
    assert weights and all(w >= 1 for w in weights.values())


def test_nameless_nodes_are_named_alike_in_maps_and_analysis_graphs():
    """A measure read with a number but no title ("Opatření 1.2.3:") is shown by its number,
    one with neither by its IRI's end, in the map and in the dependency graph alike."""
    from rdflib import Graph

    from vazby.query.views import map_view

    g = Graph()
    g.add((iri("https://w3id.org/vazby/id/plan/lhota"), RDF.type, VZ.Plan))
    g.add((iri("https://w3id.org/vazby/id/plan/lhota"), VZ.identifier, Literal("lhota")))
    for path, number in (("measure/1.2.3", "1.2.3"), ("measure/x-7", None)):
        g.add((iri(path), RDF.type, VZ.Measure))
        g.add((iri(path), VZ.inPlan, iri("https://w3id.org/vazby/id/plan/lhota")))
        if number:
            g.add((iri(path), VZ.identifier, Literal(number)))
    drawn = map_view(g, "full").nodes
    for analysis in (dependency_graph(g), dependency_graph(g, plan="lhota")):
        for path, name in (("measure/1.2.3", "1.2.3"), ("measure/x-7", "x-7")):
            assert analysis.nodes[iri(path)]["label"] == drawn[BASE + path]["label"] == name
            assert analysis.nodes[iri(path)]["id"] == name


def test_area_nodes_carry_their_own_number_in_every_view(lhota):
    """Filtering nodes by area ("1") keeps the area itself, in the map and in analysis."""
    from vazby.query.views import map_view

    drawn = map_view(lhota, "dependencies").nodes[BASE + "area/1"]
    for analysis in (dependency_graph(lhota), dependency_graph(lhota, plan="lhota")):
        assert analysis.nodes[iri("area/1")]["area"] == drawn["area"] == "1"


@pytest.mark.parametrize("details", [False, True])
def test_node_facts_bound_to_a_plan_or_nodes_equal_the_whole_graphs(lhota, details):
    """The two ways of reading (scans of the whole graph, one query bound to a plan or to
    nodes) give every node the same facts."""
    from vazby.query.nodes import CLASS_TYPES, node_facts

    classed = set(CLASS_TYPES.values())
    whole = node_facts(lhota, details=details)
    of_plan = {n: a for n, a in whole.items() if a.get("plan") == "lhota"}
    assert {a["type"] for a in of_plan.values()} >= {"plan", "area", "goal", "measure"}
    assert node_facts(lhota, plan="lhota", details=details) == of_plan
    classed_nodes = {n: a for n, a in whole.items() if a["type"] in classed}
    assert node_facts(lhota, nodes=classed_nodes, details=details) == classed_nodes
    measures = {n: a for n, a in of_plan.items() if a["type"] == "measure"}
    assert node_facts(lhota, nodes=measures, types=["measure"], details=details) == measures


def test_dependency_graph_ends_outside_the_ladder_are_typed_and_named_as_on_the_map():
    """A measure's link to a meeting ("projednáno na jednání 10. 6.") reaches a node the map
    types and names; one to an indicator of no known type is named by its IRI's end."""
    from rdflib import RDFS, Graph

    from vazby.query.views import map_view

    g = Graph()
    meeting, indicator = iri("meeting/2020-06-10"), iri("indicator/3.12")
    g.add((iri("measure/1.1.1.1"), RDF.type, VZ.Measure))
    g.add((meeting, RDF.type, VZ.Meeting))
    g.add((meeting, RDFS.label, Literal("Jednání 10. 6. 2020", lang="cs")))
    for k, target in enumerate((meeting, indicator)):
        link = iri(f"link/{k}")
        g.add((link, RDF.type, VZ.Link))
        g.add((link, VZ.linkSource, iri("measure/1.1.1.1")))
        g.add((link, VZ.linkTarget, target))
        g.add((link, VZ.linkKind, Literal("mentions")))
    nodes = dependency_graph(g).nodes
    drawn = map_view(g, "full").nodes[str(meeting)]
    assert (nodes[meeting]["type"], nodes[meeting]["label"]) == ("meeting", "Jednání 10. 6. 2020")
    assert (drawn["type"], drawn["label"]) == ("meeting", "Jednání 10. 6. 2020")
    assert (nodes[indicator]["type"], nodes[indicator]["label"]) == ("other", "3.12")


def _drawn(view: nx.MultiDiGraph) -> tuple:
    return (
        dict(view.graph),
        sorted((n, sorted(a.items())) for n, a in view.nodes(data=True)),
        sorted((s, o, sorted(a.items())) for s, o, a in view.edges(data=True)),
    )


@pytest.mark.parametrize("view", ["dependencies", "actors", "overlap", "full"])
def test_a_plans_map_read_around_the_plan_is_the_whole_graphs_cut(lhota, view, monkeypatch):
    """A map of one plan reads the plan's nodes and what is one step away; it draws what the
    whole graph's map cut to the plan draws (the other town's actors and its cross links
    stay out, the shared vocabulary in)."""
    from vazby.query import views

    lhota = lhota_graph().graph
    # a shared node reached only by its own edge to the plan's, as a hand-edited graph may have
    actor = URIRef("http://example.org/actor/spolek")
    lhota.add((actor, RDF.type, VZ.Actor))
    lhota.add((actor, URIRef("http://example.org/supports"), iri("measure/1.1.1.1")))
    plans = ["lhota", "horni"]
    scoped = {plan: _drawn(views.map_view(lhota, view, plan=plan)) for plan in plans}
    focus = "1.1.1.1" if view != "overlap" else None  # the overlap view draws actors only
    focused = _drawn(views.map_view(lhota, view, plan="lhota", focus=focus, depth=2))
    monkeypatch.setattr(views, "_plan_part", lambda graph, plan: None)  # the whole graph
    for plan in plans:
        assert scoped[plan] == _drawn(views.map_view(lhota, view, plan=plan))
        assert scoped[plan][1]  # something is drawn
    whole = views.map_view(lhota, view, plan="lhota", focus=focus, depth=2)
    assert focused == _drawn(whole)


def test_every_seed_plans_map_read_around_the_plan_is_the_whole_graphs_cut(monkeypatch):
    from tinygraph import seeds_graph

    from vazby.query import views
    from vazby.query.plans import plan_slugs

    graph = seeds_graph()
    cases = [(view, plan) for plan in plan_slugs(graph) for view in views.MAP_VIEWS]
    scoped = [_drawn(views.map_view(graph, view, plan=plan)) for view, plan in cases]
    monkeypatch.setattr(views, "_plan_part", lambda graph, plan: None)  # the whole graph
    assert scoped == [_drawn(views.map_view(graph, view, plan=plan)) for view, plan in cases]
