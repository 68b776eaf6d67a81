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

    def __init__(self, browser, path: Path) -> None:
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
        self.page.wait_for_function("window.vazbyMap !== undefined", timeout=20000)

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
