"""Static maps: SVG/PNG/PDF with title, legend, Czech labels, deterministic output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from vazby.errors import VazbyError
from vazby.exports.network import map_view
from vazby.exports.static import label_nodes, write_static_map

SVG = "{http://www.w3.org/2000/svg}"


def _svg_counts(path) -> dict[str, int]:
    """Nodes drawn per type: marks (path or use) inside each ``vz-nodes-<type>`` group."""
    root = ET.parse(path).getroot()
    counts = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if gid.startswith("vz-nodes-"):
            marks = [e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}use")]
            marks = [e for e in marks if e.get("id") is None]  # leave out marker <defs>
            counts[gid.removeprefix("vz-nodes-")] = len(marks)
    return counts


def _svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_write_static_map_svg_draws_every_node_by_type(mini, tmp_path):
    view = map_view(mini, "full")
    path = write_static_map(view, tmp_path / "mapa.svg")
    assert _svg_counts(path) == dict(Counter(a["type"] for _, a in view.nodes(data=True)))


def test_write_static_map_svg_title_legend_and_czech_labels(mini, tmp_path):
    """Labels such as 'Úřad práce ČR' and 'Domovník-preventista' keep their diacritics as text."""
    path = write_static_map(
        map_view(mini, "full"), tmp_path / "mapa.svg", title="Vazby — Horní Lhota"
    )
    texts = _svg_texts(path)
    assert "Vazby — Horní Lhota" in texts
    assert "Úřad práce ČR" in texts
    assert "1.1.1.1 Domovník-preventista v ulici …" in texts
    root = ET.parse(path).getroot()
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "vz-legend")
    legend_texts = ["".join(t.itertext()) for t in legend.iter(f"{SVG}text")]
    assert "measure (4)" in legend_texts and "budget line (1)" in legend_texts
    assert "refers to goal (1)" in legend_texts
    assert "DejaVu Sans" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", ["svg", "pdf", "png"])
def test_write_static_map_same_input_same_bytes(mini, tmp_path, suffix):
    first = write_static_map(map_view(mini, "dependencies"), tmp_path / f"a.{suffix}")
    second = write_static_map(map_view(mini, "dependencies"), tmp_path / f"b.{suffix}")
    assert first.read_bytes() == second.read_bytes()


def test_write_static_map_png_print_resolution(mini, tmp_path):
    from PIL import Image

    path = write_static_map(map_view(mini, "actors"), tmp_path / "mapa.png", dpi=72)
    with Image.open(path) as image:
        dpi = image.info["dpi"]
    assert round(dpi[0]) >= 200 and round(dpi[1]) >= 200


def test_write_static_map_pdf_is_pdf(mini, tmp_path):
    path = write_static_map(map_view(mini, "overlap"), tmp_path / "mapa.pdf")
    assert path.read_bytes().startswith(b"%PDF-")


def test_write_static_map_unknown_format_raises(mini, tmp_path):
    with pytest.raises(VazbyError, match="static maps are"):
        write_static_map(map_view(mini, "full"), tmp_path / "mapa.jpg")


def test_label_nodes_large_map_keeps_named_types(mini):
    """Past the limit, plans, areas, actors and concepts keep their labels."""
    view = map_view(mini, "full")
    chosen = label_nodes(view, "auto", limit=5)
    types = Counter(view.nodes[n]["type"] for n in chosen)
    assert types["plan"] == 2 and types["actor"] == 4 and types["area"] == 3
    assert label_nodes(view, "none") == []
    with pytest.raises(VazbyError):
        label_nodes(view, "some")


@pytest.mark.seeds
@pytest.mark.parametrize("view_name", ["dependencies", "full"])
def test_write_static_map_seeds_node_count_and_legend(seed_graph, tmp_path, view_name):
    view = map_view(seed_graph, view_name)
    path = write_static_map(view, tmp_path / "seeds.svg")
    expected = Counter(a["type"] for _, a in view.nodes(data=True))
    assert _svg_counts(path) == dict(expected)
    root = ET.parse(path).getroot()
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "vz-legend")
    legend_texts = {"".join(t.itertext()) for t in legend.iter(f"{SVG}text")}
    assert f"measure ({expected['measure']})" in legend_texts
