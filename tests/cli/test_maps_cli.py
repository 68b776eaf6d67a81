"""The ``map`` and ``export`` commands, on a small Turtle graph written inline."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from vazby.cli import COMMANDS, main

#: A made-up plan: one area, one goal, two measures guaranteed by one town and a generic NNO.
GRAPH_TTL = """\
@prefix vz: <https://w3id.org/vazby/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix actor: <https://w3id.org/vazby/id/actor/> .

<https://w3id.org/vazby/id/plan/lhota> a vz:Plan ; vz:identifier "lhota" ;
    rdfs:label "Akční plán Lhota"@cs ; vz:hasPart <https://w3id.org/vazby/id/plan/lhota/area/1> .
<https://w3id.org/vazby/id/plan/lhota/area/1> a vz:ThematicArea ; vz:identifier "1" ;
    rdfs:label "Bydlení"@cs ; vz:inPlan <https://w3id.org/vazby/id/plan/lhota> ;
    vz:hasPart <https://w3id.org/vazby/id/plan/lhota/goal/1.1> .
<https://w3id.org/vazby/id/plan/lhota/goal/1.1> a vz:Goal, vz:StrategicGoal ;
    vz:identifier "1.1" ; rdfs:label "Stabilizovat bydlení"@cs ;
    vz:inPlan <https://w3id.org/vazby/id/plan/lhota> ;
    vz:inArea <https://w3id.org/vazby/id/plan/lhota/area/1> ;
    vz:hasPart <https://w3id.org/vazby/id/plan/lhota/measure/1.1.1>,
               <https://w3id.org/vazby/id/plan/lhota/measure/1.1.2> .
<https://w3id.org/vazby/id/plan/lhota/measure/1.1.1> a vz:Measure ; vz:identifier "1.1.1" ;
    rdfs:label "Sociální byty"@cs ; vz:inPlan <https://w3id.org/vazby/id/plan/lhota> ;
    vz:inArea <https://w3id.org/vazby/id/plan/lhota/area/1> ;
    vz:guarantor actor:mesto-lhota, actor:nno ;
    prov:wasDerivedFrom <https://w3id.org/vazby/id/document/abc/lines/7-9> .
<https://w3id.org/vazby/id/plan/lhota/measure/1.1.2> a vz:Measure ; vz:identifier "1.1.2" ;
    rdfs:label "Domovník-preventista"@cs ; vz:inPlan <https://w3id.org/vazby/id/plan/lhota> ;
    vz:inArea <https://w3id.org/vazby/id/plan/lhota/area/1> ;
    vz:guarantor actor:mesto-lhota, actor:nno .
<https://w3id.org/vazby/id/document/abc/lines/7-9> a vz:SourceSpan ; vz:firstLine 7 ;
    vz:lastLine 9 ; vz:document <https://w3id.org/vazby/id/document/abc> .
<https://w3id.org/vazby/id/document/abc> a vz:SourceDocument ; vz:fileName "lhota.txt" .
<https://w3id.org/vazby/id/actor/mesto-lhota> a vz:Actor ; rdfs:label "Město Lhota"@cs ;
    vz:generic false .
<https://w3id.org/vazby/id/actor/nno> a vz:GenericActor ; rdfs:label "NNO"@cs ; vz:generic true .
"""


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH_TTL, encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_registry_names_map_and_export():
    assert COMMANDS["map"] == "vazby.cli.maps:map_command"
    assert COMMANDS["export"] == "vazby.cli.maps:export"
    for name in ("map", "export"):
        result = _run(name, "--help")
        assert result.exit_code == 0
        assert "vazby " + name in result.output


def test_map_html_writes_offline_page(graph_file, tmp_path):
    out = tmp_path / "mapa.html"
    result = _run("map", str(graph_file), "-o", str(out), "--view", "full")
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: 7 nodes, 8 edges\n"
    text = out.read_text(encoding="utf-8")
    assert "new vis.Network(" in text and "https://cdn" not in text


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_map_static_formats_by_ending(graph_file, tmp_path, suffix):
    out = tmp_path / f"mapa.{suffix}"
    result = _run("map", str(graph_file), "-o", str(out), "--view", "actors", "--title", "Garanti")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_map_hide_generic_and_focus(graph_file, tmp_path):
    out = tmp_path / "overlap.svg"
    result = _run("map", str(graph_file), "-o", str(out), "--view", "actors", "--hide-generic")
    assert result.exit_code == 0
    assert "3 nodes, 2 edges" in result.output
    result = _run("map", str(graph_file), "-o", str(out), "--focus", "1.1", "--depth", "1")
    assert "4 nodes, 3 edges" in result.output


def test_map_unknown_ending_is_usage_error(graph_file, tmp_path):
    result = _run("map", str(graph_file), "-o", str(tmp_path / "mapa.jpg"))
    assert result.exit_code == 2
    assert "end the file in one of" in result.output


def test_map_unknown_plan_is_data_error(graph_file, tmp_path):
    result = _run("map", str(graph_file), "-o", str(tmp_path / "m.svg"), "--plan", "praha")
    assert result.exit_code == 1
    assert "no plan 'praha'" in result.output


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("g.graphml", None),
        ("g.gexf", None),
        ("g.cyjs", None),
        ("g.dot", None),
        ("g.json", "cytoscape"),
    ],
)
def test_export_network_formats(graph_file, tmp_path, name, fmt):
    out = tmp_path / name
    args = ["export", str(graph_file), "-o", str(out)] + (["--format", fmt] if fmt else [])
    result = _run(*args)
    assert result.exit_code == 0, result.output
    assert "7 nodes, 8 edges" in result.output
    if name.endswith(".graphml"):
        assert len(nx.read_graphml(out)) == 7
    if fmt == "cytoscape":
        assert len(json.loads(out.read_text(encoding="utf-8"))["elements"]["nodes"]) == 7


@pytest.mark.parametrize("name", ["g.ttl", "g.nt", "g.jsonld", "g.trig"])
def test_export_rdf_formats(graph_file, tmp_path, name):
    out = tmp_path / name
    result = _run("export", str(graph_file), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "triples" in result.output and out.stat().st_size > 0


def test_export_rdf_refuses_view_options(graph_file, tmp_path):
    result = _run("export", str(graph_file), "-o", str(tmp_path / "g.ttl"), "--view", "actors")
    assert result.exit_code == 2


def test_export_csv_writes_three_tables(graph_file, tmp_path):
    out = tmp_path / "tabulky"
    result = _run("export", str(graph_file), "-o", str(out), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "measures.csv", "nodes.csv"]
    nodes = (out / "nodes.csv").read_text(encoding="utf-8").splitlines()
    assert len(nodes) == 1 + 7


def test_export_without_format_or_known_ending_is_usage_error(graph_file, tmp_path):
    result = _run("export", str(graph_file), "-o", str(tmp_path / "g.data"))
    assert result.exit_code == 2


def test_map_color_by_and_size_by_set_the_first_view(graph_file, tmp_path):
    out = tmp_path / "mapa.html"
    result = _run(
        "map", str(graph_file), "-o", str(out), "--color-by", "area", "--size-by", "budget"
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '"colorBy": "area"' in text and '"sizeBy": "budget"' in text
    result = _run("map", str(graph_file), "-o", str(out), "--color-by", "rainbow")
    assert result.exit_code == 2


def test_map_static_paper_and_czech_legend(graph_file, tmp_path):
    out = tmp_path / "mapa.svg"
    result = _run("map", str(graph_file), "-o", str(out), "--paper", "a3", "--lang", "cs")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert 'width="1191pt" height="842pt"' in text and "Legenda" in text
