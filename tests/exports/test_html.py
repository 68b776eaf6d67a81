"""The interactive map: self-contained, offline, escaped, laid out in Python."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from vazby.exports.html import map_html, write_map_html
from vazby.exports.network import map_view

#: A resource the browser would fetch: src/href/url()/@import pointing at a network address.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:url\()?\s*["']?(?:https?:)?//)""",
    re.IGNORECASE,
)


def _json_block(html: str, block_id: str):
    match = re.search(
        rf'<script type="application/json" id="{block_id}">(.*?)</script>', html, re.S
    )
    assert match, block_id
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def hostile_html(hostile) -> str:
    return map_html(map_view(hostile, "full"))


def test_map_html_no_external_resources(hostile_html):
    """pyvis's own template links Bootstrap and vis from CDNs; ours must link nothing."""
    assert EXTERNAL.search(hostile_html) is None
    assert "cdn." not in hostile_html and "bootstrap" not in hostile_html.lower()
    assert "<link" not in hostile_html
    assert re.search(r"<script[^>]*\bsrc=", hostile_html) is None


class _Scripts(HTMLParser):
    """Collects the script elements as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def test_map_html_inlines_vis_network_in_five_scripts(hostile_html):
    """vis-network, three JSON data blocks and map.js: nothing else, none with a src."""
    assert "new vis.Network(" in hostile_html
    parser = _Scripts()
    parser.feed(hostile_html)
    assert [s.get("id") for s in parser.scripts] == [
        None,
        "vz-nodes",
        "vz-edges",
        "vz-config",
        None,
    ]
    assert all("src" not in s for s in parser.scripts)


def test_map_html_payloads_never_appear_as_markup(hostile_html):
    """A measure titled '<script>window.__xss = 1 ...</script>' and an actor
    '<img src=x onerror=...>' reach the page only as escaped JSON text."""
    assert "<script>window.__xss" not in hostile_html
    assert "<img src=x" not in hostile_html
    nodes = _json_block(hostile_html, "vz-nodes")
    labels = {n["vzLabel"] for n in nodes}
    assert any("<script>window.__xss = 1; alert(1)</script>" in label for label in labels)
    assert '<img src=x onerror="window.__xss = 2; alert(2)">' in labels
    # the data blocks hold no raw "<" at all, so neither "</script>" nor "<!--" can occur
    for block in ("vz-nodes", "vz-edges", "vz-config"):
        raw = re.search(rf'id="{block}">(.*?)</script>', hostile_html, re.S).group(1)
        assert "<" not in raw and ">" not in raw


def test_map_html_title_is_escaped(mini):
    html = map_html(map_view(mini, "full"), title="Mapa <b>Horní</b> Lhota & okolí")
    assert "<title>Mapa &lt;b&gt;Horní&lt;/b&gt; Lhota &amp; okolí</title>" in html


def test_map_html_uses_no_innerhtml():
    """Tooltips and lists are built with textContent; vis gets DOM elements, not HTML."""
    from vazby.exports.html import ASSETS

    script = (ASSETS / "map.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script


def test_map_html_nodes_typed_sized_and_placed(mini):
    view = map_view(mini, "full")
    html = map_html(view)
    nodes = _json_block(html, "vz-nodes")
    assert len(nodes) == len(view)
    assert {n["id"] for n in nodes} == set(view)
    by_id = {n["id"]: n for n in nodes}
    measure = by_id["https://w3id.org/vazby/id/plan/horni-lhota/measure/1.1.1.1"]
    assert measure["vzType"] == "measure" and measure["shape"] == "dot"
    assert ["source", "horni-lhota.txt:20"] in measure["vzInfo"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    # node size grows with degree
    degree = dict(view.degree())
    ordered = sorted(nodes, key=lambda n: degree[n["id"]])
    assert ordered[0]["size"] < ordered[-1]["size"]
    assert len(_json_block(html, "vz-edges")) == view.number_of_edges()


def test_map_html_physics_off_and_legend_counts(mini):
    view = map_view(mini, "full")
    config = _json_block(map_html(view), "vz-config")
    assert config["options"]["physics"]["enabled"] is False
    legend = {t["type"]: t["count"] for t in config["nodeTypes"]}
    assert legend["measure"] == 4 and legend["actor"] == 4 and legend["budget-line"] == 1
    assert [p for p, _ in config["plans"]] == ["dolni-lhota", "horni-lhota"]
    assert [a for a, _ in config["areas"]] == ["dolni-lhota|1", "horni-lhota|1", "horni-lhota|2"]
    kinds = {k["legend"]: k for k in config["edgeKinds"]}
    assert kinds["refers to goal"]["dashes"] is True and kinds["part of"]["dashes"] is False


def test_map_html_same_input_same_bytes(mini):
    view = map_view(mini, "dependencies")
    assert map_html(view) == map_html(map_view(mini, "dependencies"))


def test_write_map_html_writes_utf8(mini, tmp_path):
    path = write_map_html(map_view(mini, "full"), tmp_path / "mapa.html")
    text = path.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in text
    assert "Horn\\u00ed Lhota" in text or "Horní Lhota" in text


@pytest.mark.seeds
def test_map_html_seeds_every_node_present_and_offline(seed_graph):
    view = map_view(seed_graph, "full")
    html = map_html(view)
    assert EXTERNAL.search(html) is None
    assert len(_json_block(html, "vz-nodes")) == len(view)
