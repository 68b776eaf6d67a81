"""Map views and the network formats (GraphML, GEXF, Cytoscape JSON, DOT, CSV)."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter

import networkx as nx
import pytest

from vazby.errors import UnknownEntity, VazbyError
from vazby.exports.csv_tables import write_csv_tables
from vazby.exports.network import VIEWS, map_view, write_network

BASE = "https://w3id.org/vazby/id/"
PLAN = BASE + "plan/horni-lhota"
M1 = PLAN + "/measure/1.1.1.1"
M2 = PLAN + "/measure/1.1.1.2"
M3 = PLAN + "/measure/2.1.1.1"
GOAL_21 = PLAN + "/goal/2.1"
BUDGET = PLAN + "/budget/b1"
NNO = BASE + "actor/horni-lhota-nno"
TOWN = BASE + "actor/mesto-horni-lhota"
OFFICE = BASE + "actor/urad-prace"
#: Node counts of the full view of the conftest's two plans, by type.
MINI_FULL_COUNTS = {
    "plan": 2,
    "area": 3,
    "goal": 6,
    "measure": 4,
    "actor": 4,
    "target-group": 2,
    "funding-source": 1,
    "budget-line": 1,
    "need": 1,
}


@pytest.fixture(scope="module")
def graph(mini):
    return mini


def _types(view: nx.MultiDiGraph) -> Counter:
    return Counter(a["type"] for _, a in view.nodes(data=True))


def _edge_set(view: nx.MultiDiGraph) -> Counter:
    return Counter((str(s), str(t), a.get("kind")) for s, t, a in view.edges(data=True))


def test_map_view_full_every_type_counted(graph):
    """Every resource a map shows is one node typed by its class or by the predicate that
    points at it (a concept behind 'Cílová skupina: rodiny s dětmi' is a target group)."""
    assert _types(map_view(graph, "full")) == MINI_FULL_COUNTS


def test_map_view_node_attributes_carry_label_plan_area_source(graph):
    """A card 'Opatření 1.1.1.1 Domovník-preventista ...' at line 20 keeps its provenance."""
    attrs = map_view(graph, "full").nodes[M1]
    assert attrs == {
        "type": "measure",
        "label": "Domovník-preventista v ulici Krátká",
        "identifier": "1.1.1.1",
        "plan": "horni-lhota",
        "area": "1",
        "source": "horni-lhota.txt:20",
        "guarantors": "Město Horní Lhota; NNO",
        "target_groups": "Rodiny s dětmi",
        "funding_sources": "OPZ+",
        "cost": 1417500.0,
    }


def test_map_view_dependencies_part_and_link_edges(graph):
    """'Vazba na další cíle: Strategický cíl 2.1' becomes a link edge with its kind and line."""
    view = map_view(graph, "dependencies")
    assert set(_types(view)) == {"plan", "area", "goal", "measure", "need"}
    assert Counter(a["kind"] for *_, a in view.edges(data=True)) == {"part": 13, "link": 2}
    (attrs,) = [a for a in view.get_edge_data(M1, GOAL_21).values()]
    assert attrs["link_kind"] == "goal"
    assert attrs["raw"] == "Strategický cíl 2.1"
    assert attrs["source"] == "horni-lhota.txt:28"


def test_map_view_dangling_link_makes_no_edge(graph):
    """'Strategický cíl 9.9' names no goal: the link stays in RDF, the map draws nothing."""
    view = map_view(graph, "dependencies")
    assert [a for _, _, a in view.out_edges(M3, data=True) if a["kind"] == "link"] == []


def test_map_view_shared_budget_line_is_one_node(graph):
    """'1 417 500 Kč/OPZ+ (1.1.1.1 a 1.1.1.2)': one budget-line node, two funded-by edges."""
    view = map_view(graph, "full")
    assert view.nodes[BUDGET]["amount"] == 1417500.0
    funders = sorted(s for s, _, a in view.in_edges(BUDGET, data=True) if a["kind"] == "funded-by")
    assert funders == [M1, M2]


def test_map_view_actors_bipartite_guarantors(graph):
    """'Garant: Město Horní Lhota, NNO' gives two guarantor edges from the measure."""
    view = map_view(graph, "actors")
    assert _types(view) == {"measure": 4, "actor": 4}
    assert sorted(t for _, t in view.out_edges(M1)) == sorted([TOWN, NNO])


def test_map_view_overlap_joins_actors_sharing_measures(graph):
    view = map_view(graph, "overlap")
    assert set(_types(view)) == {"actor"}
    weights = {frozenset((s, t)): a["weight"] for s, t, a in view.edges(data=True)}
    assert weights[frozenset((TOWN, NNO))] == 1
    assert weights[frozenset((OFFICE, NNO))] == 1
    assert frozenset((TOWN, OFFICE)) not in weights


def test_map_view_hide_generic_drops_generic_actor(graph):
    """'NNO' is a kind of actor, not an organisation: --hide-generic leaves it out."""
    view = map_view(graph, "overlap", hide_generic=True)
    assert NNO not in view
    assert view.number_of_edges() == 1


def test_map_view_plan_filter_keeps_shared_neighbours(graph):
    view = map_view(graph, "full", plan="dolni-lhota")
    assert {a.get("plan") for _, a in view.nodes(data=True)} == {"dolni-lhota", None}
    assert OFFICE in view and TOWN not in view
    assert _types(view)["measure"] == 1


def test_map_view_area_filter_keeps_area_and_cross_references(graph):
    """Area 2's goal 2.1 is named by measure 1.1.1.1 of area 1 ('Strategický cíl 2.1'): the
    area map keeps that reference, but none of area 1's own ladder."""
    view = map_view(graph, "dependencies", plan="horni-lhota", area="2")
    in_area = sorted(n for n, a in view.nodes(data=True) if a.get("area") == "2")
    assert len(in_area) == 4
    assert sorted(n for n, a in view.nodes(data=True) if a["type"] == "measure") == [M1, M3]
    assert PLAN in view
    assert PLAN + "/area/1" not in view and PLAN + "/goal/1.1.1" not in view


def test_map_view_focus_identifier_needs_plan_when_ambiguous(graph):
    """Both plans have a measure '1.1.1.1': the identifier alone is ambiguous."""
    with pytest.raises(VazbyError, match="add --plan"):
        map_view(graph, "full", focus="1.1.1.1")
    view = map_view(graph, "full", focus="1.1.1.1", plan="horni-lhota", depth=1)
    assert view.graph["focus"] == M1
    assert set(view) == {M1} | set(nx.all_neighbors(map_view(graph, "full"), M1))


def test_map_view_unknown_names_raise(graph):
    with pytest.raises(VazbyError, match="unknown view"):
        map_view(graph, "timeline")
    with pytest.raises(UnknownEntity):
        map_view(graph, "full", plan="no-such-plan")
    with pytest.raises(UnknownEntity):
        map_view(graph, "full", focus="99.99")


@pytest.mark.parametrize("view", VIEWS)
def test_map_view_same_graph_same_order(graph, view):
    first, second = map_view(graph, view), map_view(graph, view)
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(data=True)) == list(second.edges(data=True))


def _assert_same(view: nx.MultiDiGraph, back: nx.Graph) -> None:
    assert sorted(map(str, back.nodes)) == sorted(view.nodes)
    assert Counter(
        (str(s), str(t), a.get("kind")) for s, t, a in back.edges(data=True)
    ) == _edge_set(view)
    for node, attrs in view.nodes(data=True):
        assert back.nodes[node]["type"] == attrs["type"]
        assert back.nodes[node]["label"] == attrs["label"]


@pytest.mark.parametrize("view_name", ["full", "overlap"])
def test_write_graphml_round_trips(graph, tmp_path, view_name):
    view = map_view(graph, view_name)
    write_network(view, tmp_path / "m.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "m.graphml", force_multigraph=True)
    _assert_same(view, back)
    assert back.nodes[BUDGET if view_name == "full" else NNO].get("amount", 0) >= 0


def test_write_gexf_round_trips(graph, tmp_path):
    view = map_view(graph, "full")
    write_network(view, tmp_path / "m.gexf", "gexf")
    back = nx.read_gexf(tmp_path / "m.gexf")
    _assert_same(view, back)
    assert back.nodes[M1]["source"] == "horni-lhota.txt:20"


def test_write_cytoscape_round_trips_with_provenance(graph, tmp_path):
    view = map_view(graph, "full")
    write_network(view, tmp_path / "m.cyjs", "cytoscape")
    document = json.loads((tmp_path / "m.cyjs").read_text(encoding="utf-8"))
    back = nx.cytoscape_graph(document)
    _assert_same(view, back)
    links = [e["data"] for e in document["elements"]["edges"] if e["data"]["kind"] == "link"]
    assert {e["provenance"] for e in links} == {"horni-lhota.txt:28", "horni-lhota.txt:29"}


_DOT_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(->)|([\[\];,={}])|([A-Za-z_]\w*)|(\s+)')


def _read_dot(text: str) -> nx.MultiDiGraph:
    """A reader for the DOT subset dot_text writes: quoted ids, attribute lists, edges."""
    tokens = []
    for m in _DOT_TOKEN.finditer(text):
        if m.group(1) is not None:
            tokens.append(
                ("str", m.group(1).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\"))
            )
        elif m.group(5) is None:
            tokens.append(("sym", m.group(0)))
    assert "".join(m.group(0) for m in _DOT_TOKEN.finditer(text)) == text
    graph = nx.MultiDiGraph()
    i = tokens.index(("sym", "{")) + 1
    while tokens[i] != ("sym", "}"):
        if tokens[i] == ("sym", "node"):
            i = tokens.index(("sym", ";"), i) + 1
            continue
        first = tokens[i][1]
        i += 1
        second = None
        if tokens[i] == ("sym", "->"):
            second = tokens[i + 1][1]
            i += 2
        attrs = {}
        if tokens[i] == ("sym", "["):
            i += 1
            while tokens[i] != ("sym", "]"):
                key, _, value = tokens[i][1], tokens[i + 1], tokens[i + 2][1]
                attrs[key] = value
                i += 3
                if tokens[i] == ("sym", ","):
                    i += 1
            i += 1
        assert tokens[i] == ("sym", ";")
        i += 1
        if second is None:
            graph.add_node(first, **attrs)
        else:
            graph.add_edge(first, second, **attrs)
    return graph


def test_write_dot_round_trips_with_escaped_labels(hostile, tmp_path):
    """A hostile title with quotes and markup ('<img src=x onerror="...">') stays one string."""
    view = map_view(hostile, "full")
    write_network(view, tmp_path / "m.dot", "dot")
    back = _read_dot((tmp_path / "m.dot").read_text(encoding="utf-8"))
    _assert_same(view, back)
    assert back.nodes[M2]["label"] == view.nodes[M2]["label"]


def test_write_network_unknown_format_raises(graph, tmp_path):
    with pytest.raises(VazbyError, match="unknown network format"):
        write_network(map_view(graph, "full"), tmp_path / "x", "xlsx")


def test_write_csv_tables_round_trip(graph, tmp_path):
    view = map_view(graph, "full")
    files = write_csv_tables(graph, view, tmp_path / "tables")
    assert [f.name for f in files] == ["nodes.csv", "edges.csv", "measures.csv"]
    with open(files[0], encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(files[1], encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    with open(files[2], encoding="utf-8", newline="") as handle:
        measures = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in nodes) == sorted(view.nodes)
    assert Counter((r["from"], r["to"], r["kind"]) for r in edges) == _edge_set(view)
    assert len(measures) == 4
    row = next(r for r in measures if r["plan"] == "horni-lhota" and r["id"] == "1.1.1.1")
    assert row["guarantors"] == "Město Horní Lhota; NNO"


@pytest.mark.seeds
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "dot"])
def test_write_network_seeds_round_trip(seed_graph, tmp_path, fmt):
    view = map_view(seed_graph, "full")
    assert len(view) > 0
    path = tmp_path / f"seeds.{fmt}"
    write_network(view, path, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
    elif fmt == "cytoscape":
        back = nx.cytoscape_graph(json.loads(path.read_text(encoding="utf-8")))
    else:
        back = _read_dot(path.read_text(encoding="utf-8"))
    _assert_same(view, back)


@pytest.mark.parametrize(
    ("plan", "area"), [("horni-lhota", None), ("horni-lhota", "2"), (None, "1")]
)
def test_narrow_view_equals_map_view_with_filters(graph, plan, area):
    from vazby.exports.network import narrow_view

    whole = map_view(graph, "dependencies")
    narrowed = narrow_view(whole, plan=plan, area=area)
    direct = map_view(graph, "dependencies", plan=plan, area=area)
    assert dict(narrowed.nodes(data=True)) == dict(direct.nodes(data=True))
    assert sorted(narrowed.edges(data="kind")) == sorted(direct.edges(data="kind"))
    with pytest.raises(VazbyError, match="narrows"):
        narrow_view(map_view(graph, "actors"), plan="horni-lhota")


def test_narrow_view_to_an_unknown_plan_names_the_plans_there(graph):
    """`vazby map --plan praha` on a corpus without Praha says which plans it has."""
    from vazby.exports.network import narrow_view

    with pytest.raises(
        UnknownEntity, match=r"no plan 'praha' in the graph; plans: dolni-lhota, horni-lhota"
    ):
        narrow_view(map_view(graph, "dependencies"), plan="praha")
