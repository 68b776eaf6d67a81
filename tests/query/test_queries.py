"""Dependencies, paths, orphans, actor overlap and the audit, on small graphs and the seeds.

The small graphs are the made-up towns of ``tests/fixtures/tinygraph.py`` (Dolní and Horní
Lhota); the seed tests check facts read in ``../shared/seeds`` by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from rdflib import Graph, Literal, URIRef  # noqa: E402
from tinygraph import TinyGraph, lhota_graph, seeds_graph  # noqa: E402

from vazby.errors import UnknownEntity, VazbyError  # noqa: E402
from vazby.ontology.namespace import VZ  # noqa: E402
from vazby.query.plans import plan_slugs  # noqa: E402
from vazby.query.queries import (  # noqa: E402
    AmbiguousEntity,
    actor_pairs,
    actor_spread,
    audit,
    dependencies,
    kind_spread,
    orphan_measures,
    paths,
    resolve,
)


@pytest.fixture(scope="module")
def lhota():
    return lhota_graph().graph


def ids(rows, direction=None):
    return {r.id for r in rows if direction is None or r.direction == direction}


# -- resolve -------------------------------------------------------------------------------


def test_resolve_printed_number_returns_measure_with_source(lhota):
    entity = resolve(lhota, "1.1.1.2", plan="lhota")
    assert (entity.type, entity.label, entity.source) == (
        "measure",
        "Kontaktní místo",
        "lhota-ap.txt:30-39",
    )


def test_resolve_number_in_two_plans_asks_for_plan(lhota):
    # "1.1.1.1" is printed in both Lhota plans
    with pytest.raises(AmbiguousEntity, match="--plan"):
        resolve(lhota, "1.1.1.1")


def test_resolve_full_iri_returns_entity(lhota):
    entity = resolve(lhota, "https://w3id.org/vazby/id/plan/horni/measure/1.1.1.1")
    assert (entity.plan, entity.id) == ("horni", "1.1.1.1")


def test_resolve_section_less_number_suggests_sectioned_identifier():
    # Žatec-like numbering restarts per section, so the graph holds "B.3/1.1.2"
    t = TinyGraph()
    t.document("eval.txt")
    t.plan("obec", "Vyhodnocení")
    area = t.area("obec", "B.3", "ZADLUŽENOST", 5)
    t.goal("obec", "B.3/1.1", "Obecný cíl", area, "B.3", 6)
    t.measure("obec", "B.3/1.1.2", "Dluhová poradna", "B.3/1.1", "B.3", 7)
    with pytest.raises(UnknownEntity, match=r"did you mean B\.3/1\.1\.2"):
        resolve(t.graph, "1.1.2")


# -- dependencies --------------------------------------------------------------------------


def test_dependencies_cost_reference_is_upstream(lhota):
    # "Předpokládané náklady: Viz opatření 1.1.1.1" on the card of 1.1.1.2 (line 37)
    rows = dependencies(lhota, "1.1.1.2", plan="lhota", depth=1)
    cost = [r for r in rows if r.kind == "cost"]
    assert [(r.id, r.raw, r.source, r.depth) for r in cost] == [
        ("1.1.1.1", "Viz opatření 1.1.1.1", "lhota-ap.txt:37", 1)
    ]


def test_dependencies_shared_budget_reaches_sharing_measure(lhota):
    # "1 000 000 Kč/OPZ+ (1.1.1.3 a 2.1.1.1)": one line, two measures relying on it
    rows = dependencies(lhota, "1.1.1.3", plan="lhota", depth=2)
    line = [r for r in rows if r.id == "budget/b1"][0]
    other = [r for r in rows if r.id == "2.1.1.1"][0]
    assert (line.kind, line.depth) == ("funded-by", 1)
    assert line.type == "budget-line"  # as the map names the node type
    assert (other.kind, other.via, other.depth, other.path) == (
        "shared-budget",
        "budget/b1",
        2,
        ("1.1.1.3", "budget/b1", "2.1.1.1"),
    )


def test_dependencies_goal_reached_through_shared_budget_says_so(lhota):
    """1.1.1.3 shares "1 000 000 Kč/OPZ+ (1.1.1.3 a 2.1.1.1)": the goals of 2.1.1.1 are
    reached only through that line, and their rows say so; 1.1.1.3's own goals are direct."""
    rows = dependencies(lhota, "1.1.1.3", plan="lhota")
    reached = {(r.id, r.reached) for r in rows if r.type == "goal"}
    assert ("1.1.1", "direct") in reached
    assert ("2.1.1", "shared-budget") in reached
    assert ("2.1.1", "direct") not in reached
    line = [r for r in rows if r.id == "budget/b1"][0]
    assert line.reached == "direct"
    other = [r for r in rows if r.id == "2.1.1.1"][0]
    assert other.reached == "shared-budget"


def test_dependencies_parent_chain_is_part_of_upstream(lhota):
    rows = dependencies(lhota, "1.1.1.3", plan="lhota", depth=3)
    assert [(r.id, r.depth) for r in rows if r.kind == "part-of" and r.path[1] == "1.1.1"] == [
        ("1.1.1", 1),
        ("1.1", 2),
        ("1", 3),
    ]


def test_dependencies_depth_one_stops_at_direct_neighbours(lhota):
    rows = dependencies(lhota, "1.1.1.1", plan="lhota", depth=1)
    assert ids(rows) == {"1.1.1", "2.1", "nedostatek bytů", "budget/1.1.1.1"}
    assert {r.depth for r in rows} == {1}


def test_dependencies_cycle_is_flagged_not_looped(lhota):
    # 2.1.1.1 names "opatření 2.1.1.2" (line 68) and 2.1.1.2 names "opatření 2.1.1.1" (78)
    rows = dependencies(lhota, "2.1.1.1", plan="lhota")
    cyclic = sorted((r.id, r.depth) for r in rows if r.cycle)
    assert cyclic == [("2.1.1.1", 2), ("2.1.1.2", 1)]
    assert len(rows) == len({(r.id, r.via, r.kind) for r in rows})


def test_dependencies_shared_budget_alone_is_not_a_cycle(lhota):
    # 1.1.1.3 and 2.1.1.1 share a line both ways; only 2.1.1.1 ⇄ 2.1.1.2 is a cycle
    rows = dependencies(lhota, "1.1.1.3", plan="lhota", direction="both")
    assert {r.id for r in rows if r.cycle} == {"2.1.1.1", "2.1.1.2"}
    assert not [r for r in rows if r.id in ("1.1.1.3", "budget/b1") and r.cycle]


def test_dependencies_downstream_of_goal_lists_children_and_linking_measures(lhota):
    # 1.1.1.1 links to "Strategický cíl 2.1": it relies on goal 2.1
    rows = dependencies(lhota, "2.1", plan="lhota", direction="down", depth=1)
    assert {(r.id, r.kind) for r in rows} == {("2.1.1", "part-of"), ("1.1.1.1", "goal")}


def test_dependencies_dangling_link_leads_nowhere(lhota):
    # "Specifický cíl 9.9" (line 79) names a goal the plan does not have
    rows = dependencies(lhota, "2.1.1.2", plan="lhota")
    assert "9.9" not in ids(rows)


def test_dependencies_unknown_direction_raises(lhota):
    with pytest.raises(VazbyError, match="direction"):
        dependencies(lhota, "2.1", plan="lhota", direction="sideways")


def test_dependencies_unknown_identifier_raises(lhota):
    with pytest.raises(UnknownEntity):
        dependencies(lhota, "7.7.7.7")


# -- paths ---------------------------------------------------------------------------------


def test_paths_shortest_connections_carry_kind_and_source(lhota):
    hops = paths(lhota, "1.1.1.2", "2.1.1.1", plan="lhota")
    assert max(h.path for h in hops) == 2
    assert {h.step for h in hops} == {1, 2, 3, 4}
    second = [(h.from_id, h.to_id, h.kind, h.reverse, h.source) for h in hops if h.path == 2]
    assert second[0] == ("1.1.1.2", "1.1.1.1", "cost", False, "lhota-ap.txt:37")
    assert second[-1][:4] == ("2.1.1", "2.1.1.1", "part-of", True)


def test_paths_between_plans_is_empty(lhota):
    base = "https://w3id.org/vazby/id/plan/"
    assert paths(lhota, base + "horni/measure/1.1.1.1", base + "lhota/measure/1.1.1.1") == []


# -- orphans -------------------------------------------------------------------------------


def test_orphans_on_small_graph_one_row_per_measure_and_reason(lhota):
    rows = [(r.plan, r.id, r.reason) for r in orphan_measures(lhota)]
    assert rows == [
        ("horni", "1.1.1.1", "unlinked"),
        ("lhota", "1.1.1.2", "unmeasured"),
        ("lhota", "1.1.1.3", "unowned"),
        ("lhota", "2.1.1.2", "unfunded"),
        ("lhota", "2.1.1.3", "unlinked"),
    ]


def test_orphans_link_to_own_goal_only_is_unlinked(lhota):
    # 2.1.1.3's only link is "Specifický cíl 2.1.1", its own parent goal
    row = orphan_measures(lhota, "unlinked", plan="lhota")[0]
    assert (row.id, row.detail, row.source) == (
        "2.1.1.3",
        "links only to its own goal or area",
        "lhota-ap.txt:80-89",
    )


def test_orphans_blank_source_is_unfunded(lhota):
    # "Zdroje financování: -" and no amount
    rows = orphan_measures(lhota, "unfunded")
    assert [(r.id, r.detail) for r in rows] == [("2.1.1.2", 'funding source only "-"')]


def test_orphans_cost_reference_to_funded_measure_is_funded(lhota):
    # 1.1.1.2: "Viz opatření 1.1.1.1", whose line has 800 000 Kč
    assert "1.1.1.2" not in ids(orphan_measures(lhota, "unfunded"))


def test_orphans_unknown_plan_raises(lhota):
    with pytest.raises(UnknownEntity, match="no plan"):
        orphan_measures(lhota, plan="nowhere")


def test_orphans_unknown_kind_raises(lhota):
    with pytest.raises(VazbyError):
        orphan_measures(lhota, "lonely")


# -- overlap -------------------------------------------------------------------------------


def test_actor_spread_across_areas_leaves_out_generic(lhota):
    rows = actor_spread(lhota, "areas", minimum=1)
    assert [(r.actor, r.count) for r in rows] == [
        ("Agentura pro sociální začleňování", 2),
        ("Město Dolní Lhota", 2),
        ("Městská policie", 1),
        ("ZŠ Lhota", 1),
    ]
    assert rows[0].items == ("horni:1", "lhota:2")


def test_actor_spread_include_generic_keeps_nno(lhota):
    rows = actor_spread(lhota, "plans", minimum=1, include_generic=True)
    assert [r.actor for r in rows if r.generic] == ["NNO", "NNO"]


def test_actor_pairs_share_measures_with_jaccard(lhota):
    rows = actor_pairs(lhota, "measures")
    assert [(r.actor_a, r.actor_b, r.shared, r.jaccard) for r in rows] == [
        ("Agentura pro sociální začleňování", "Městská policie", 1, 0.5),
        ("Město Dolní Lhota", "ZŠ Lhota", 1, 0.333),
    ]
    assert actor_pairs(lhota, "measures", top=1) == rows[:1]
    assert actor_pairs(lhota, "measures", minimum=2) == []
    spread = actor_spread(lhota, "plans", minimum=1)
    assert actor_spread(lhota, "plans", minimum=1, top=2) == spread[:2]


def test_a_measure_without_a_number_counts_under_its_iri():
    # measures are named only for the rows that show them; one without a number still
    # counts, named by its IRI, rather than dropping out of the counts
    graph = lhota_graph().graph
    before = actor_pairs(graph, "measures")[0]
    a, b = URIRef(before.iri_a), URIRef(before.iri_b)
    (measure,) = set(graph.subjects(VZ.guarantor, a)) & set(graph.subjects(VZ.guarantor, b))
    graph.remove((measure, VZ.identifier, None))
    after = actor_pairs(graph, "measures")[0]
    assert (after.shared, after.jaccard, after.items) == (1, 0.5, (str(measure),))
    spread = {r.iri: r.items for r in actor_spread(graph, "measures", minimum=1)}
    assert str(measure) in spread[before.iri_a]


def test_kind_spread_counts_towns(lhota):
    rows = kind_spread(lhota)
    assert [(r.kind, r.town_names) for r in rows] == [
        ("Prostupné bydlení", ("Dolní Lhota", "Horní Lhota"))
    ]


# -- audit ---------------------------------------------------------------------------------


def test_audit_lists_loader_and_graph_findings_once(lhota):
    rows = [(r.source, r.kind, r.origin, r.subject) for r in audit(lhota)]
    assert rows == [
        ("lhota-ap.txt:13", "empty-goal", "graph", "1.1.2"),
        ("lhota-ap.txt:30", "missing-row", "graph", "1.1.1.2"),
        ("lhota-ap.txt:60-69", "cycle", "graph", "2.1.1.1"),
        ("lhota-ap.txt:70", "missing-row", "graph", "2.1.1.2"),
        ("lhota-ap.txt:79", "dangling-link", "loader", ""),
        ("lhota-ap.txt:103", "card-table-mismatch", "graph", "2.1.1.3"),
        ("lhota-ap.txt:104", "missing-row", "graph", "3.1.1.1"),
        ("lhota-ap.txt:105", "total", "loader", ""),
    ]


def test_audit_shared_line_agrees_when_rows_add_up(lhota):
    # rows 101 and 102 give 500 000 each to 1.1.1.3 and 2.1.1.1, which share 1 000 000
    rows = [r for r in audit(lhota) if r.kind == "card-table-mismatch"]
    assert [r.subject for r in rows] == ["2.1.1.3"]


def test_audit_table_source_missing_on_card_is_a_mismatch():
    t = TinyGraph()
    t.document("ap.txt")
    t.plan("obec", "Akční plán")
    area = t.area("obec", "1", "Bydlení", 2)
    t.goal("obec", "1.1", "Cíl", area, "1", 3)
    irop = t.concept("funding-source", "irop", "IROP")
    city = t.concept("funding-source", "mesto", "Rozpočet města")
    t.measure("obec", "1.1.1", "Byty", "1.1", "1", 4, 9, sources=[(city, "rozpočet města")])
    t.budget("obec", "budget/1.1.1", 5_000_000, "5 mil. Kč", ["1.1.1"], 8)
    t.table_row("obec", "financing", "1.1.1", 5_000_000, 40, [(irop, "IROP")])
    [row] = audit(t.graph)
    # at the row, with the line of the card's funding in related
    assert (row.source, row.kind, row.related) == ("ap.txt:40", "card-table-mismatch", (7,))
    assert row.message == "measure 1.1.1: card funding 'rozpočet města', financing table 'IROP'"


# -- the seeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds():
    return seeds_graph()


OSTRAVA = "ostrava-2022-2027"


def test_seeds_orphans_counts_by_plan_and_reason(seeds):
    rows = orphan_measures(seeds)
    counts = {}
    for r in rows:
        counts[(r.plan, r.reason)] = counts.get((r.plan, r.reason), 0) + 1
    assert counts == {
        (OSTRAVA, "unlinked"): 34,
        (OSTRAVA, "unfunded"): 2,
        ("zatec-evaluation", "unfunded"): 1,
    }


def test_seeds_orphans_specific_measures(seeds):
    rows = {(r.id, r.reason): r for r in orphan_measures(seeds)}
    # 3.1.2.1: "Předpokládané náklady -", "Zdroje financování -" (001, lines 585-586)
    assert rows[("3.1.2.1", "unfunded")].source == "001_d1cc97050fcb290c.txt:578-586"
    # 1.3.1.1: "Vazba na další cíle -"
    assert rows[("1.3.1.1", "unlinked")].source == "001_d1cc97050fcb290c.txt:264-272"
    # Žatec B.2 1.1.3: no "Náklady/zdroj" line at all (000, lines 155-162)
    assert rows[("B.2/1.1.3", "unfunded")].source == "000_99f841e82baf2f12.txt:155-162"
    # 1.1.2.1 says "Viz opatření 1.1.1.1" and links nothing else, but shares the line
    assert ("1.1.2.1", "unlinked") not in rows


def test_seeds_deps_cost_reference_points_to_measure(seeds):
    # 001 line 211: "Předpokládané náklady	Viz opatření 1.1.1.1" on the card of 1.1.2.1
    rows = dependencies(seeds, "1.1.2.1", plan=OSTRAVA, depth=1)
    assert [(r.id, r.kind, r.source) for r in rows if r.kind == "cost"] == [
        ("1.1.1.1", "cost", "001_d1cc97050fcb290c.txt:211")
    ]


def test_seeds_deps_down_of_1_1_1_1_are_the_measures_referring_to_its_cost(seeds):
    rows = dependencies(seeds, "1.1.1.1", plan=OSTRAVA, direction="down", depth=1)
    assert sorted((r.id, r.kind) for r in rows if r.kind == "cost") == [
        ("1.1.2.1", "cost"),
        ("1.1.3.1", "cost"),
        ("1.2.1.1", "cost"),
    ]


def test_seeds_overlap_areas(seeds):
    rows = {r.actor: r for r in actor_spread(seeds, "areas")}
    # Žatec: "Garant: Město" in B.1 (lines 97-128) and B.4 (223, 232)
    assert rows["Město Žatec"].items == ("zatec-evaluation:B.1", "zatec-evaluation:B.4")
    assert rows["Město Žatec"].measures == 6
    assert rows["Statutární město Ostrava"].count == 5


def test_seeds_audit_lists_every_card_table_disagreement(seeds):
    rows = audit(seeds, plan=OSTRAVA)
    mismatches = [r for r in rows if r.kind == "card-table-mismatch"]
    # the overview's goal titles, checked by the loader; the cards against the tables, by
    # the graph rule
    assert [(r.origin, r.line) for r in mismatches] == [
        ("loader", 235),
        ("loader", 304),
        ("graph", 1058),
        ("graph", 1062),
        ("graph", 1110),
        ("graph", 1133),
    ]


# -- the store-scan path and the SPARQL path agree -----------------------------------------


def _edge_graph():
    """Orphan edge cases beside the Lhota ones (cycle, dangling link, shared line, "-",
    cost reference): a dangling link only, a link to the measure itself, a link to its
    area, a blank line source beside a real card source, a source without a mention, a
    blank indicator, and a cost reference to an unfunded measure."""
    t = TinyGraph()
    city = t.actor("mesto-kraj", "Město Kraj")
    dash = t.concept("funding-source", "nezname", "neuvedeno")
    esf = t.concept("funding-source", "esf", "ESF")
    t.document("kraj-ap.txt")
    p = "kraj"
    t.plan(p, "Akční plán Kraj", "Kraj", line=1)
    area = t.area(p, "1", "Bydlení", 2)
    strategic = t.goal(p, "1.1", "Bydlení", area, "1", 3, "strategic")
    t.goal(p, "1.1.1", "Byty", strategic, "1", 4)
    own = {"guarantors": [(city, "Město")], "indicators": ["Počet"]}
    t.measure(p, "1.1.1.1", "Text", "1.1.1", "1", 10, **own)
    t.link(p, "1.1.1.1", "measure", "9.9.9.9", "opatření 9.9.9.9", 11)  # dangling: no target
    graph = t.graph
    t.measure(p, "1.1.1.2", "Sebe", "1.1.1", "1", 20, **own)
    t.link(p, "1.1.1.2", "measure", "1.1.1.2", "opatření 1.1.1.2", 21)
    t.measure(p, "1.1.1.3", "Oblast", "1.1.1", "1", 30, **own)
    t.link(p, "1.1.1.3", "area", "1", "oblast 1", 31, "area")
    t.measure(p, "1.1.1.4", "Zdroj", "1.1.1", "1", 40, sources=[(esf, "ESF")], indicators=["-"])
    t.budget(p, "b4", None, "bez částky", ["1.1.1.4"], 42, sources=[(dash, "-")])
    t.measure(p, "1.1.1.5", "Holý", "1.1.1", "1", 50, **own)
    graph.add((t.node(p, "measure", "1.1.1.5"), VZ.fundingSource, esf))  # no mention
    t.measure(p, "1.1.1.6", "Pomlčka", "1.1.1", "1", 60, sources=[(dash, " – ")], **own)
    t.link(p, "1.1.1.6", "cost", "1.1.1.7", "Viz opatření 1.1.1.7", 61)
    t.measure(p, "1.1.1.7", "Nic", "1.1.1", "1", 70, **own)
    t.link(p, "1.1.1.7", "cost", "1.1.1.6", "Viz opatření 1.1.1.6", 71)
    return graph


@pytest.fixture(scope="module", params=["lhota", "edges"])
def small(request):
    return lhota_graph().graph if request.param == "lhota" else _edge_graph()


def test_orphans_store_scan_and_rdflib_scan_agree(small, monkeypatch):
    from vazby.query import entities
    from vazby.rdf import store

    plans = (None, *plan_slugs(small))
    scanned = {plan: orphan_measures(small, plan=plan) for plan in plans}
    monkeypatch.setattr(store, "oxigraph", lambda graph: None)
    monkeypatch.setattr(entities, "oxigraph", lambda graph: None)
    for plan, rows in scanned.items():
        assert rows == orphan_measures(small, plan=plan), plan
    assert rows


def test_orphans_edge_cases():
    rows = {(r.id, r.reason): r.detail for r in orphan_measures(_edge_graph())}
    assert ("1.1.1.1", "unlinked") not in rows  # a dangling link still refers
    assert rows[("1.1.1.2", "unlinked")] == "links only to its own goal or area"
    assert rows[("1.1.1.3", "unlinked")] == "links only to its own goal or area"
    assert ("1.1.1.4", "unfunded") not in rows  # "-" on the line, "ESF" on the card
    assert rows[("1.1.1.4", "unmeasured")] == "no output indicator"
    assert ("1.1.1.5", "unfunded") not in rows  # a source without a mention counts
    assert rows[("1.1.1.6", "unfunded")] == 'funding source only "-"'
    assert rows[("1.1.1.7", "unfunded")] == "no amount and no funding source"
    assert ("1.1.1.4", "unowned") in rows


def test_describe_store_scan_and_sparql_agree(small, monkeypatch):
    from vazby.query import entities
    from vazby.rdf.store import select

    nodes = [r["x"] for r in select(small, "SELECT DISTINCT ?x WHERE { ?x ?p ?o }")]
    scanned = entities.describe(small, nodes), entities.spans_of(small, nodes)
    monkeypatch.setattr(entities, "oxigraph", lambda graph: None)
    assert scanned == (entities.describe(small, nodes), entities.spans_of(small, nodes))


@pytest.mark.parametrize(
    "text", ["", "-", " – ", "—", "x", "X", "?", "/", ". .", "\u00a0-\u2003", "-\x1c", "\t-\n"]
)
def test_blank_regex_agrees_with_is_blank_in_both_stores(text):
    from vazby.query.queries import BLANK_REGEX, is_blank
    from vazby.rdf.store import open_store, select

    query = f'SELECT ?t WHERE {{ FILTER(REGEX(?t, "{BLANK_REGEX}")) }}'
    for graph in (open_store(), Graph()):
        rows = select(graph, query, {"t": [Literal(text)]})
        assert bool(rows) == is_blank(text), (text, graph.store)
    for other in ("OPZ+", "x1", "- ESF"):
        assert not is_blank(other)
        assert not select(open_store(), query, {"t": [Literal(other)]})
