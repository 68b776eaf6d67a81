"""The format registry: every entry written through the command that serves its kind and read
back where a parser exists; endings chosen per command; unknown names and endings refused
with the registry's names, without a traceback."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from vazby.cli import main
from vazby.errors import VazbyError
from vazby.exports import registry
from vazby.exports.registry import (
    FORMATS,
    HTML_MAP,
    NETWORK,
    RDF,
    REPORT,
    ROWS,
    STATIC_MAP,
    TABLES,
    by_suffix,
    find,
    formats,
    names,
)
from vazby.protocol import FORMAT_PARAM, GRAPH_TYPES
from vazby.rdf.store import FORMATS as RDF_SYNTAXES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: The registry kinds each command writes; a command's endings must name one format each.
COMMAND_KINDS = {
    "export": (RDF, NETWORK, TABLES),
    "build -o": (RDF,),
    "map": (HTML_MAP, STATIC_MAP),
    "report": (REPORT,),
    "--format": (ROWS,),
}


def _run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled (made-up) example plans built once to Turtle."""
    out = tmp_path_factory.mktemp("registry") / "graph.ttl"
    result = _run("build", EXAMPLES, "-q", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _triples(path: Path, name: str) -> int:
    """How many triples a file of the RDF format ``name`` holds (graphs merged)."""
    if name in ("nq", "trig"):
        dataset = Dataset()
        dataset.parse(str(path), format=RDF_SYNTAXES[name].parser)
        return len({(s, p, o) for s, p, o, _ in dataset.quads()})
    return len(Graph().parse(str(path), format=RDF_SYNTAXES[name].parser))


def test_names_are_unique_within_a_kind_and_every_kind_is_known():
    seen = [(f.kind, f.name) for f in FORMATS]
    assert len(seen) == len(set(seen))
    assert {f.kind for f in FORMATS} == set(registry.KINDS)


@pytest.mark.parametrize("command", sorted(COMMAND_KINDS))
def test_each_command_ending_names_one_format(command):
    endings = [s for f in formats(*COMMAND_KINDS[command]) for s in f.suffixes]
    assert len(endings) == len(set(endings)), command
    for fmt in formats(*COMMAND_KINDS[command]):
        for suffix in fmt.suffixes:
            assert by_suffix(f"x{suffix.upper()}", *COMMAND_KINDS[command]) is fmt


def test_unknown_name_and_ending_list_the_registry_names():
    with pytest.raises(VazbyError, match="graphml, gexf, cytoscape, dot") as err:
        find("xlsx", NETWORK)
    assert "unknown network format 'xlsx'" in str(err.value)
    with pytest.raises(VazbyError, match=r"graph\.owx: cannot tell the RDF format") as err:
        by_suffix("graph.owx", RDF)
    assert ".ttl, .turtle, .nt" in str(err.value)
    assert "formats ttl, nt, nq, trig, jsonld, xml" in str(err.value)


def test_serve_offers_every_rdf_format_with_a_media_type():
    assert list(GRAPH_TYPES.values()) == [f.name for f in formats(RDF)]
    assert next(iter(GRAPH_TYPES)) == "text/turtle"  # the default answer
    for fmt in formats(RDF):
        assert fmt.media_type in FORMAT_PARAM[fmt.name]


@pytest.mark.parametrize("fmt", formats(RDF), ids=lambda f: f.name)
def test_export_rdf_round_trips(built, tmp_path, fmt):
    out = tmp_path / f"graph{fmt.suffixes[0]}"
    result = _run("export", built, "-o", out, "--format", fmt.name)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert _triples(out, fmt.name) == len(Graph().parse(str(built), format="turtle"))
    assert f"({fmt.name})" in result.output


def _read_network(path: Path, name: str) -> nx.Graph:
    if name == "graphml":
        return nx.read_graphml(path)
    if name == "gexf":
        return nx.read_gexf(path)
    if name == "cytoscape":
        return nx.cytoscape_graph(json.loads(path.read_text("utf-8")))
    assert name == "dot", f"no reader for {name}: add one to this test"
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    done = subprocess.run(["dot", "-Tjson", str(path)], capture_output=True, check=True)
    drawn = json.loads(done.stdout)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(len(drawn.get("objects", []))))
    graph.add_edges_from((e["tail"], e["head"]) for e in drawn.get("edges", []))
    return graph


@pytest.mark.parametrize("fmt", formats(NETWORK), ids=lambda f: f.name)
def test_export_network_round_trips(built, tmp_path, fmt):
    out = tmp_path / f"net{fmt.suffixes[0]}"
    result = _run("export", built, "-o", out, "--format", fmt.name, "--view", "full")
    assert result.exit_code == 0, result.output
    nodes, edges = (int(x) for x in result.output.split(": ")[1].split()[::2])
    read = _read_network(out, fmt.name)
    assert (len(read), read.number_of_edges()) == (nodes, edges) and nodes > 0
    # the ending alone chooses the same format
    again = tmp_path / f"again{fmt.suffixes[-1]}"
    assert _run("export", built, "-o", again, "--view", "full").exit_code == 0
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("fmt", formats(TABLES), ids=lambda f: f.name)
def test_export_tables_round_trip(built, tmp_path, fmt):
    out = tmp_path / "tables"
    result = _run("export", built, "-o", out, "--format", fmt.name)
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["edges.csv", "measures.csv", "nodes.csv"]
    for file in files:
        rows = list(csv.reader(file.open(encoding="utf-8")))
        assert len(rows) > 1 and len({len(r) for r in rows}) == 1, file.name


@pytest.mark.parametrize("fmt", formats(HTML_MAP, STATIC_MAP), ids=lambda f: f.name)
def test_map_every_format_by_its_ending(built, tmp_path, fmt):
    if fmt.kind == STATIC_MAP and shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    out = tmp_path / f"map{fmt.suffixes[-1]}"
    result = _run("map", built, "-o", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt.name == "html":
        assert data.startswith(b"<!DOCTYPE html>") or b"<html" in data[:500]
    elif fmt.name == "svg":
        assert ElementTree.fromstring(data).tag.endswith("svg")
    elif fmt.name == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif fmt.name == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        pytest.fail(f"no check for the map format {fmt.name}: add one to this test")


@pytest.mark.parametrize("fmt", formats(REPORT), ids=lambda f: f.name)
def test_report_every_format_by_its_ending(built, tmp_path, fmt):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    if fmt.name == "pdf" and not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("Chromium is not installed")
    out = tmp_path / f"zprava{fmt.suffixes[0]}"
    result = _run("report", built, "-o", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") if fmt.name == "pdf" else b"</html>" in data


@pytest.mark.parametrize("fmt", formats(ROWS), ids=lambda f: f.name)
def test_listing_every_row_format(built, fmt):
    result = _run("table", "measures", built, "--format", fmt.name)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    if fmt.name == "json":
        assert all(json.loads(line)["id"] for line in lines)
    elif fmt.name in ("csv", "tsv"):
        rows = list(csv.reader(lines, delimiter="," if fmt.name == "csv" else "\t"))
        assert rows[0][:2] == ["plan", "id"] and len(rows) > 1
    else:
        assert lines[0].split()[:2] == ["plan", "id"] and set(lines[1]) <= {"-", " "}


def test_build_output_every_rdf_ending(tmp_path):
    counts = {}
    for fmt in formats(RDF):
        for suffix in fmt.suffixes:
            out = tmp_path / f"graph{suffix}"
            result = _run("build", EXAMPLES, "-q", "-o", out)
            assert result.exit_code == 0, result.output
            assert f"wrote {out} ({fmt.name})" in result.output
            counts[suffix] = _triples(out, fmt.name)
    assert len(set(counts.values())) == 1, counts


def test_build_unknown_ending_is_an_error_listing_formats(tmp_path):
    out = tmp_path / "graph.owx"
    result = _run("build", EXAMPLES, "-q", "-o", out)
    assert result.exit_code == 1
    assert f"{out}: cannot tell the RDF format from the ending '.owx'" in result.output
    assert "formats ttl, nt, nq, trig, jsonld, xml" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("command", "name"),
    [("export", "graph.xlsx"), ("map", "mapa.jpg"), ("report", "zprava.docx")],
)
def test_unknown_ending_is_a_usage_error_listing_formats(built, tmp_path, command, name):
    result = _run(command, built, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert "cannot tell the" in result.output
    kinds = {"export": COMMAND_KINDS["export"], "map": COMMAND_KINDS["map"]}
    assert ", ".join(names(*kinds.get(command, (REPORT,)))) in result.output
    assert not (tmp_path / name).exists()


def test_export_unknown_format_name_lists_the_registry_names(built, tmp_path):
    result = _run("export", built, "-o", tmp_path / "x", "--format", "xlsx")
    assert result.exit_code == 2
    for name in names(RDF, NETWORK, TABLES):
        assert name in result.output
