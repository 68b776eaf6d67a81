"""The interactive map in a real headless Chromium (Debian's, see scripts/setup-browser.sh).

Skipped when /usr/bin/chromium or the playwright package is missing. Every request other
than the map file itself is aborted and recorded; the tests assert there were none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vazby.exports.html import write_map_html
from vazby.exports.network import map_view

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Installed before any page script: records alert() calls instead of showing them.
TRAP = "window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };"


class Page:
    """A page opened from disk with every non-file request aborted and every error kept."""

    def __init__(self, browser, path: Path, ready: str = "window.vazbyMap !== undefined") -> None:
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1500, "height": 950})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.add_init_script(TRAP)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function(ready, timeout=20000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def hidden_count(self) -> int:
        return self.js(
            "window.vazbyMap.nodes.get({filter: function (n) { return n.hidden; }}).length"
        )


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (run scripts/setup-browser.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _corpus_graph(request):
    """The seed graph, or the bundled examples when the seeds are absent."""
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if seeds.is_dir():
        return request.getfixturevalue("seed_graph")
    examples = Path(__file__).resolve().parents[2] / "examples"
    if not any(examples.glob("*")):
        pytest.skip("neither ../shared/seeds nor examples/ is here")
    from vazby.pipeline import build_corpus

    return build_corpus([str(examples)]).graph


def test_browser_corpus_map_renders_searches_filters_offline(browser, request, tmp_path):
    view = map_view(_corpus_graph(request), "full")
    path = write_map_html(view, tmp_path / "map.html")
    page = Page(browser, path)
    try:
        assert page.js("window.vazbyMap.nodes.length") == len(view)
        assert page.js("window.vazbyMap.network.body.nodeIndices.length") == len(view)
        assert page.hidden_count() == 0
        # search: a measure's identifier finds it and lists it
        measure = next(a for _, a in view.nodes(data=True) if a["type"] == "measure")
        page.page.fill("#vz-search", measure["identifier"])
        assert page.page.locator("#vz-results li").count() >= 1
        assert page.page.locator("#vz-search-count").inner_text().endswith("found")
        # filter: unticking the measure type hides exactly the measures
        measures = sum(1 for _, a in view.nodes(data=True) if a["type"] == "measure")
        page.page.uncheck("#vz-type-measure")
        assert page.hidden_count() == measures
        assert page.page.locator("#vz-status").inner_text() == (
            f"showing {len(view) - measures} of {len(view)} nodes"
        )
        page.page.click("#vz-reset")
        assert page.hidden_count() == 0
        # focus: clicking a search result keeps that node and its neighbours only
        page.page.fill("#vz-search", measure["identifier"])
        page.page.locator("#vz-results li").first.click()
        assert 0 < len(view) - page.hidden_count() < len(view)
        page.page.click("#vz-reset")
        page.page.screenshot(path=str(tmp_path / "map.png"))
        assert (tmp_path / "map.png").stat().st_size > 10_000
        assert page.external == []
        assert page.errors == []
    finally:
        page.context.close()


def test_browser_hostile_labels_do_not_run(browser, hostile, tmp_path):
    """A measure titled '<script>window.__xss = 1 ...' and an actor '<img src=x onerror=...>'
    show as text in labels, tooltips, search results and the details panel; nothing runs."""
    view = map_view(hostile, "full")
    path = write_map_html(view, tmp_path / "hostile.html")
    page = Page(browser, path)
    try:
        actor = "https://w3id.org/vazby/id/actor/spolek-x"
        point = page.js(
            "(function () { var n = window.vazbyMap.network;"
            f" return n.canvasToDOM(n.getPositions(['{actor}'])['{actor}']); }})()"
        )
        box = page.page.locator("#mynetwork").bounding_box()
        page.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.page.wait_for_timeout(600)
        tip = page.page.locator("div.vis-tooltip")
        assert "<img src=x onerror=" in tip.inner_text()
        page.page.fill("#vz-search", "alert")
        assert page.page.locator("#vz-results li").count() == 2
        page.page.locator("#vz-results li").first.click()
        assert (
            '<img src=x onerror="window.__xss = 2' in page.page.locator("#vz-details").inner_text()
        )
        page.page.locator("#vz-results li").nth(1).click()
        assert "<script>window.__xss = 1" in page.page.locator("#vz-details").inner_text()
        assert (
            page.page.locator("#vz-details img, #vz-results img, div.vis-tooltip img").count() == 0
        )
        assert page.page.locator("body script:not([type]):not([id])").count() == 1
        assert page.js("window.__xss") is None
        assert page.js("window.__alerts") == []
        assert page.dialogs == []
        assert page.external == []
        assert page.errors == []
        page.page.screenshot(path=str(tmp_path / "hostile.png"))
    finally:
        page.context.close()


#: Each label the map draws: its node's type, size on screen (font size times the network's
#: scale, as vis-network draws it) and box on screen (placed by map.js).
LABELS = """(function () {
  var m = window.vazbyMap, scale = m.network.getScale(), placed = m.labelled(), out = [];
  m.nodes.forEach(function (n) {
    var body = m.network.body.nodes[n.id];
    if (!body || n.hidden) { return; }
    out.push({id: n.id, type: n.vzType, px: body.options.font.size * scale,
              box: placed[n.id] ? placed[n.id].box : null,
              onScreen: placed[n.id] ? placed[n.id].onScreen : false});
  });
  return {scale: scale, labels: out};
})()"""


def _drawn(info: dict) -> list[dict]:
    return [label for label in info["labels"] if label["px"] >= 1]


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    boxes = [(label["id"], label["box"]) for label in labels if label["box"]]
    found = []
    for i, (a, p) in enumerate(boxes):
        for b, q in boxes[i + 1 :]:
            if (
                p["left"] < q["right"]
                and q["left"] < p["right"]
                and p["top"] < q["bottom"]
                and (q["top"] < p["bottom"])
            ):
                found.append((a, b))
    return found


def _hover(page: Page, node: str) -> str:
    point = page.js(
        "(function () { var n = window.vazbyMap.network;"
        f" return n.canvasToDOM(n.getPositions(['{node}'])['{node}']); }})()"
    )
    box = page.page.locator("#mynetwork").bounding_box()
    page.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.page.wait_for_timeout(600)
    return page.page.locator("div.vis-tooltip").inner_text()


def _plan_view(request):
    """One plan of the seeds (Ostrava's action plan), or of the mini fixture without them."""
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if seeds.is_dir():
        return map_view(
            request.getfixturevalue("seed_graph"), "dependencies", plan="ostrava-2022-2027"
        )
    return map_view(request.getfixturevalue("mini"), "dependencies", plan="horni-lhota")


def test_browser_plan_first_view_names_every_area_and_goal_readably(browser, request, tmp_path):
    """At the first view of one plan every area and goal label is drawn at 11 px or more on
    screen, inside the map, and no drawn label covers another."""
    view = _plan_view(request)
    page = Page(browser, write_map_html(view, tmp_path / "plan.html"))
    try:
        info = page.js(LABELS)
        page.page.screenshot(path=str(tmp_path / "plan-first-view.png"))
        named = [lb for lb in info["labels"] if lb["type"] in ("area", "goal")]
        expected = sum(1 for _, a in view.nodes(data=True) if a["type"] in ("area", "goal"))
        assert len(named) == expected > 0
        small = [lb["id"] for lb in named if lb["px"] < 11 or not lb["onScreen"]]
        assert small == []
        assert _overlapping(_drawn(info)) == []
        assert page.errors == [] and page.external == []
    finally:
        page.context.close()


def test_browser_corpus_first_view_labels_never_overlap_and_follow_zoom(browser, request, tmp_path):
    view = map_view(_corpus_graph(request), "dependencies")
    page = Page(browser, write_map_html(view, tmp_path / "corpus.html"))
    try:
        first = page.js(LABELS)
        drawn = _drawn(first)
        assert _overlapping(drawn) == []
        assert {lb["type"] for lb in drawn} >= {"plan", "area", "goal"}
        assert all(11 <= round(lb["px"], 6) <= 14 for lb in drawn)  # readable, any zoom
        page.page.screenshot(path=str(tmp_path / "corpus-first-view.png"))
        # zoomed in four times, measures are named too, still none over another
        page.js("window.vazbyMap.network.moveTo({scale: window.vazbyMap.network.getScale() * 4})")
        page.js("window.vazbyMap.placeLabels()")
        zoomed = _drawn(page.js(LABELS))
        assert any(lb["type"] == "measure" and lb["onScreen"] for lb in zoomed)
        assert _overlapping(zoomed) == []
        page.page.screenshot(path=str(tmp_path / "corpus-zoomed.png"))
        assert page.errors == [] and page.external == []
    finally:
        page.context.close()


def test_browser_measure_tooltip_shows_guarantor_cost_and_source(browser, mini, tmp_path):
    """Measure 1.1.1.1 of the made-up plan: guarantors, target group, funding, cost, link."""
    view = map_view(mini, "dependencies", plan="horni-lhota")
    page = Page(browser, write_map_html(view, tmp_path / "tip.html"))
    try:
        tip = _hover(page, "https://w3id.org/vazby/id/plan/horni-lhota/measure/1.1.1.1")
        assert "guarantors: Město Horní Lhota; NNO" in tip
        assert "cost: 1 417 500 Kč" in tip
        assert "funding sources: OPZ+" in tip and "target groups: Rodiny s dětmi" in tip
        assert "→ 2.1 Zvýšit zaměstnanost (refers to goal)" in tip
        assert "source: horni-lhota.txt:20" in tip
        page.page.screenshot(path=str(tmp_path / "tooltip.png"))
    finally:
        page.context.close()


@pytest.mark.seeds
def test_browser_seed_measure_tooltip_holds_guarantor_and_cost(browser, seed_graph, tmp_path):
    """Ostrava's card 1.1.1.1: 'Statutární město Ostrava' among its guarantors, 25 mil. Kč."""
    view = map_view(seed_graph, "dependencies")
    page = Page(browser, write_map_html(view, tmp_path / "seeds.html"))
    try:
        tip = _hover(page, "https://w3id.org/vazby/id/plan/ostrava-2022-2027/measure/1.1.1.1")
        assert "guarantors: Statutární město Ostrava" in tip
        assert "cost: 25 000 000 Kč" in tip
        assert "source: 001_d1cc97050fcb290c.txt:186" in tip
        page.page.screenshot(path=str(tmp_path / "seed-tooltip.png"))
    finally:
        page.context.close()


def test_browser_legend_shapes_colour_size_collapse_and_keys(browser, mini, tmp_path):
    view = map_view(mini, "dependencies")
    page = Page(browser, write_map_html(view, tmp_path / "modes.html"))
    try:
        shapes = page.page.locator("#vz-legend-nodes svg").evaluate_all(
            "els => els.map(e => e.getAttribute('data-shape'))"
        )
        assert shapes[:4] == ["star", "square", "triangle", "dot"]
        # colour by area: the legend lists the areas, measures take their area's colour
        page.page.select_option("#vz-color", "area")
        legend = page.page.locator("#vz-legend-colors li").all_inner_texts()
        assert any("horni-lhota · 1" in item for item in legend)
        colour = page.js(
            "window.vazbyMap.nodes.get("
            "'https://w3id.org/vazby/id/plan/horni-lhota/measure/1.1.1.1').color"
        )
        assert colour != "#E69F00"
        page.page.select_option("#vz-size", "budget")
        # an area collapses into one node and opens again
        shown = page.js("window.vazbyMap.network.body.nodeIndices.length")
        cluster = page.js(
            "window.vazbyMap.collapse('https://w3id.org/vazby/id/plan/horni-lhota/area/1')"
        )
        assert page.js(f"window.vazbyMap.network.isCluster('{cluster}')") is True
        assert page.js("window.vazbyMap.network.body.nodeIndices.length") == shown - 4
        page.js(f"window.vazbyMap.expand('{cluster}')")
        assert page.js("window.vazbyMap.network.body.nodeIndices.length") == shown
        # keyboard: / to search, Enter to focus, Escape to show all again
        page.page.locator("body").press("/")
        assert page.js("document.activeElement.id") == "vz-search"
        page.page.keyboard.type("2.1.1.1")
        page.page.keyboard.press("Enter")
        assert page.hidden_count() > 0
        page.page.keyboard.press("Escape")
        assert page.hidden_count() == 0
        assert page.errors == [] and page.external == []
    finally:
        page.context.close()


def test_browser_report_renders_offline_and_sorts(browser, mini, tmp_path):
    from vazby.exports.report_render import write_report

    path = write_report(mini, tmp_path / "report.html", fmt="html")
    page = Page(browser, path, ready="window.vazbyReport !== undefined")
    try:
        assert page.js("window.vazbyReport.tables") >= 8
        first = page.page.locator("#table-by-area tbody tr td:nth-child(4)").all_inner_texts()
        page.page.click("#table-by-area th:nth-child(4)")
        page.page.click("#table-by-area th:nth-child(4)")
        after = page.page.locator("#table-by-area tbody tr td:nth-child(4)").all_inner_texts()
        assert sorted(first, key=int, reverse=True) == after
        assert page.page.locator("svg").count() >= 3
        page.page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        assert (tmp_path / "report.png").stat().st_size > 20_000
        assert page.errors == [] and page.external == [] and page.dialogs == []
    finally:
        page.context.close()


def test_report_pdf_printed_by_chromium_has_text_and_a4_pages(mini, tmp_path):
    import shutil
    import subprocess

    from vazby.exports.report_render import write_report

    if not CHROMIUM.exists() or shutil.which("pdftotext") is None:
        pytest.skip("needs /usr/bin/chromium and pdftotext")
    path = write_report(mini, tmp_path / "zprava.pdf", plan="horni-lhota", fmt="pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Zpráva o plánu: Akční plán Horní Lhota 2024–2026" in text
    assert "Financování podle zdroje" in text and "1 417 500" in text
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(path), str(tmp_path / "page")],
        check=False,
    )
