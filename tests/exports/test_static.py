"""Static maps laid out by Graphviz: title with the town, legend, labels as text, no label
over another or off the page, A4/A3 landscape, the same bytes for the same graph."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from vazby.errors import VazbyError
from vazby.exports.labels import map_title, node_text
from vazby.exports.network import map_view
from vazby.exports.static import PAPERS, map_dot, render_dot, write_static_map

from .svgtext import SVG, off_page, overlapping, text_boxes

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="no Graphviz dot (run scripts/setup-graphviz.sh)"
)


def _node_counts(path) -> dict[str, int]:
    """Nodes drawn per type: the ``<g class="node vz-<type>">`` groups of the SVG."""
    root = ET.parse(path).getroot()
    counts: Counter = Counter()
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if "node" in classes:
            kind = next((c for c in classes if c.startswith("vz-") and "legend" not in c), None)
            if kind:
                counts[kind.removeprefix("vz-")] += 1
    return dict(counts)


def _legend_texts(path) -> set[str]:
    root = ET.parse(path).getroot()
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "vz-legend")
    texts = {"".join(t.itertext()) for t in legend.iter(f"{SVG}text")}
    for group in root.iter(f"{SVG}g"):  # Graphviz writes a cluster's nodes beside it
        if any(c.startswith("vz-legend") for c in group.get("class", "").split()):
            texts |= {"".join(t.itertext()) for t in group.iter(f"{SVG}text")}
    return texts


def test_node_text_measure_number_and_shortened_wrapped_title():
    """'1.1.1.2 Terénní práce s rodinami a jednotlivci v ohrožení ztráty bydlení' is long."""
    text = node_text(
        {
            "type": "measure",
            "identifier": "1.1.1.2",
            "label": "Terénní práce s rodinami a jednotlivci v ohrožení ztráty bydlení",
        }
    )
    lines = text.split("\n")
    assert lines[0].startswith("1.1.1.2 Terénní")
    assert text.endswith("…") and all(len(line) <= 24 for line in lines)


def test_map_title_names_town_and_plan(mini):
    view = map_view(mini, "dependencies", plan="horni-lhota")
    plan = view.nodes["https://w3id.org/vazby/id/plan/horni-lhota"]
    plan["town"] = "Horní Lhota"
    assert map_title(view) == "Akční plán Horní Lhota 2024–2026"  # named once
    plan["label"] = "Akční plán 2024–2026"
    assert map_title(view) == "Horní Lhota — Akční plán 2024–2026"
    both = map_view(mini, "dependencies")
    assert map_title(both, "cs").startswith("2 plány: ")


def test_write_static_map_svg_draws_every_node_by_type(mini, tmp_path):
    view = map_view(mini, "full")
    path = write_static_map(view, tmp_path / "mapa.svg")
    assert _node_counts(path) == dict(Counter(a["type"] for _, a in view.nodes(data=True)))


def test_write_static_map_svg_title_legend_and_czech_labels(mini, tmp_path):
    """Labels such as 'Úřad práce ČR' and 'Domovník-preventista' keep their diacritics as text."""
    path = write_static_map(
        map_view(mini, "full"), tmp_path / "mapa.svg", title="Vazby — Horní Lhota"
    )
    texts = {"".join(t.itertext()) for t in ET.parse(path).getroot().iter(f"{SVG}text")}
    assert "Vazby — Horní Lhota" in texts
    assert "Úřad práce ČR" in texts
    assert "1.1.1.1 Domovník-" in texts or "1.1.1.1 Domovník-preventista" in texts
    legend = _legend_texts(path)
    assert "measure (4)" in legend and "budget line (1)" in legend
    assert "refers to goal (1)" in legend
    assert "DejaVu Sans" in path.read_text(encoding="utf-8")


def test_write_static_map_czech_legend(mini, tmp_path):
    path = write_static_map(map_view(mini, "full"), tmp_path / "mapa.svg", lang="cs")
    legend = _legend_texts(path)
    assert "opatření (4)" in legend and "Legenda" in legend and "odkaz na cíl (1)" in legend


def test_write_static_map_hostile_text_stays_text(hostile, tmp_path):
    """A measure titled 'Opatření <script>…' is SVG text, not markup."""
    path = write_static_map(map_view(hostile, "full"), tmp_path / "mapa.svg")
    root = ET.parse(path).getroot()
    assert not list(root.iter(f"{SVG}script"))
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "<script>" in texts or "&lt;script" not in texts


@pytest.mark.parametrize("suffix", ["svg", "pdf", "png"])
def test_write_static_map_same_input_same_bytes(mini, tmp_path, suffix):
    first = write_static_map(map_view(mini, "dependencies"), tmp_path / f"a.{suffix}")
    second = write_static_map(map_view(mini, "dependencies"), tmp_path / f"b.{suffix}")
    assert first.read_bytes() == second.read_bytes()


def test_render_dot_pdf_date_does_not_follow_the_clock(monkeypatch):
    """Debian's cairo 1.16 writes the clock into the PDF ('/CreationDate (D:20261208010952Z)')
    and ignores SOURCE_DATE_EPOCH: the date is set to it, the byte offsets kept."""
    stamps = iter([b"20261208010952", b"20261208010953"])
    real = subprocess.run

    def clocked(*args, **kwargs):
        done = real(*args, **kwargs)
        stamp = next(stamps)
        out = re.sub(rb"\(D:\d{14}", b"(D:" + stamp, done.stdout)
        return subprocess.CompletedProcess(done.args, done.returncode, out, done.stderr)

    monkeypatch.setattr(subprocess, "run", clocked)
    first = render_dot("digraph { a -> b }", "pdf")
    second = render_dot("digraph { a -> b }", "pdf")
    assert first == second
    assert b"/CreationDate (D:19700101000000Z)" in first


def test_write_static_map_png_print_resolution(mini, tmp_path):
    """An A4 landscape map at 200 dpi or more (72 is raised to 200): over 2,000 pixels wide."""
    from PIL import Image

    path = write_static_map(map_view(mini, "actors"), tmp_path / "mapa.png", dpi=72)
    with Image.open(path) as image:
        width, height = image.size
    assert width >= 0.9 * 200 * PAPERS["a4"][0] and width > height


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_write_static_map_pdf_landscape_page_with_searchable_text(mini, tmp_path, paper):
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("no poppler-utils (run scripts/setup-graphviz.sh)")
    path = write_static_map(map_view(mini, "dependencies"), tmp_path / "mapa.pdf", paper=paper)
    assert path.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    want_w, want_h = (72 * v for v in PAPERS[paper])
    assert width > height  # landscape
    assert want_w * 0.95 <= width <= want_w + 1 and height <= want_h + 1
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Dluhové poradenství" in " ".join(text.split())


def test_write_static_map_unknown_format_raises(mini, tmp_path):
    with pytest.raises(VazbyError, match="static maps are"):
        write_static_map(map_view(mini, "full"), tmp_path / "mapa.jpg")


def test_map_dot_refuses_force_layouts_and_unknown_paper(mini):
    with pytest.raises(VazbyError, match="laid out in layers"):
        map_dot(map_view(mini, "full"), layout="spring")
    with pytest.raises(VazbyError, match="unknown paper"):
        map_dot(map_view(mini, "full"), paper="letter")


def test_map_dot_cross_references_do_not_move_ranks(mini):
    """A link to goal 2.1 is drawn but does not pull measure 1.1.1.1 out of its layer."""
    text, engine = map_dot(map_view(mini, "dependencies"))
    assert engine == "dot"
    links = [line for line in text.splitlines() if "#CC3311" in line and "->" in line]
    assert links and all('constraint="false"' in line for line in links)


@pytest.mark.parametrize("view_name", ["dependencies", "actors", "full"])
def test_write_static_map_mini_labels_never_overlap(mini, tmp_path, view_name):
    path = write_static_map(map_view(mini, view_name), tmp_path / "m.svg")
    boxes, page = text_boxes(path)
    assert boxes and overlapping(boxes) == [] and off_page(boxes, page) == []


@pytest.mark.seeds
@pytest.mark.parametrize("view_name", ["dependencies", "actors", "overlap", "full"])
@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_write_static_map_seeds_no_label_overlaps_or_leaves_page(
    seed_graph, tmp_path, view_name, paper
):
    view = map_view(seed_graph, view_name)
    path = write_static_map(view, tmp_path / "seeds.svg", paper=paper)
    boxes, page = text_boxes(path)
    assert len(boxes) >= len(view)
    assert overlapping(boxes) == []
    assert off_page(boxes, page) == []
    assert _node_counts(path) == dict(Counter(a["type"] for _, a in view.nodes(data=True)))


@pytest.mark.seeds
@pytest.mark.parametrize("plan", ["zatec-evaluation", "ostrava-2022-2027"])
def test_write_static_map_seed_plan_title_names_town(seed_graph, tmp_path, plan):
    view = map_view(seed_graph, "dependencies", plan=plan)
    path = write_static_map(view, tmp_path / "plan.svg")
    boxes, page = text_boxes(path)
    assert overlapping(boxes) == [] and off_page(boxes, page) == []
    title = boxes[0].text if boxes else ""
    town = {"zatec-evaluation": "Žatec", "ostrava-2022-2027": "Ostrava"}[plan]
    assert town in title and "…" not in title


def test_static_map_refuses_a_view_too_big_for_a_page(monkeypatch, mini, tmp_path):
    from vazby.exports import static

    monkeypatch.setattr(static, "MAX_NODES", 5)
    with pytest.raises(VazbyError, match="narrow it with --plan"):
        write_static_map(map_view(mini, "full"), tmp_path / "m.svg")
    assert not (tmp_path / "m.svg").exists()


def test_map_dot_labels_none_shows_numbers_only(mini):
    text, _ = map_dot(map_view(mini, "dependencies"), labels="none")
    assert 'label="1.1.1.1"' in text and "Domovník" not in text
    with pytest.raises(VazbyError, match="unknown label mode"):
        map_dot(map_view(mini, "dependencies"), labels="some")
