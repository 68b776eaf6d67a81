"""Benchmark the maps and the report: how long they take, and what a reader sees.

For each corpus (the seeds; a synthetic corpus of ``--measures`` measures written by
``bench/synth.py`` and built by the pipeline) it prints:

* seconds to make each map view, write the HTML map, and draw the static SVG and PDF;
* the static SVG's label boxes (measured with DejaVu Sans, see tests/exports/svgtext.py):
  how many overlap and how many leave the page;
* in headless Chromium (1500x950, as the browser tests): at the HTML map's first view, the
  network's scale and how many area and goal labels are drawn at 11 px or more, of all;
* seconds to write the report as HTML and as PDF (one plan and every plan).

Usage::

    python bench/maps.py [--measures 1000] [--no-browser]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "exports"))

from svgtext import off_page, overlapping, text_boxes  # noqa: E402

from vazby.errors import VazbyError  # noqa: E402
from vazby.exports.html import write_map_html  # noqa: E402
from vazby.exports.network import map_view  # noqa: E402
from vazby.exports.report_render import write_report  # noqa: E402
from vazby.exports.static import write_static_map  # noqa: E402
from vazby.pipeline import build_corpus  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
FIRST_VIEW = """(function () {
  var m = window.vazbyMap, s = m.network.getScale(), out = {scale: s, named: {}, all: {}};
  m.nodes.forEach(function (n) {
    var t = n.vzType; if (t !== 'area' && t !== 'goal') { return; }
    out.all[t] = (out.all[t] || 0) + 1;
    var b = m.network.body.nodes[n.id];
    if (b.options.font.size * s >= 11) { out.named[t] = (out.named[t] || 0) + 1; }
  });
  return out;
})()"""


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def first_view(paths: list[Path]) -> dict[Path, dict]:
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        for path in paths:
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.vazbyMap !== undefined", timeout=60000)
            page.wait_for_timeout(200)
            found[path] = page.evaluate(FIRST_VIEW)
            page.close()
        browser.close()
    return found


def bench(name: str, graph, folder: Path, browser: bool) -> None:
    print(f"\n== {name}: {len(graph)} triples")
    maps = []
    for view_name in ("dependencies", "actors", "full"):
        view, made = timed(lambda v=view_name: map_view(graph, v))
        html = folder / f"{name}-{view_name}.html"
        _, html_s = timed(lambda v=view, p=html: write_map_html(v, p))
        svg = folder / f"{name}-{view_name}.svg"
        head = f"{view_name:>12}: {len(view):5} nodes  view {made:6.2f} s  html {html_s:6.2f} s"
        try:
            _, svg_s = timed(lambda v=view, p=svg: write_static_map(v, p))
            _, pdf_s = timed(lambda v=view: write_static_map(v, folder / "m.pdf"))
        except VazbyError as exc:
            print(f"{head}  static map refused: {exc}")
        else:
            boxes, page = text_boxes(svg)
            print(
                f"{head}  svg {svg_s:6.2f} s  pdf {pdf_s:6.2f} s  labels {len(boxes)}, "
                f"overlapping {len(overlapping(boxes))}, off page {len(off_page(boxes, page))}"
            )
        maps.append(html)
    plans = sorted(
        {
            a["plan"]
            for _, a in map_view(graph, "dependencies").nodes(data=True)
            if a.get("type") == "plan"
        }
    )
    for plan in plans[:3]:
        html = folder / f"{name}-{plan}.html"
        write_map_html(map_view(graph, "dependencies", plan=plan), html)
        maps.append(html)
    if browser:
        for path, seen in first_view(maps).items():
            named = ", ".join(
                f"{t} {seen['named'].get(t, 0)}/{seen['all'][t]}" for t in sorted(seen["all"])
            )
            print(f"  first view of {path.name}: scale {seen['scale']:.2f}; named {named}")
    _, html_s = timed(lambda: write_report(graph, folder / "report.html"))
    _, plan_s = timed(lambda: write_report(graph, folder / "plan.html", plan=plans[0]))
    _, pdf_s = timed(lambda: write_report(graph, folder / "plan.pdf", plan=plans[0]))
    pages = subprocess.run(
        ["pdfinfo", str(folder / "plan.pdf")], capture_output=True, text=True
    ).stdout
    count = next((ln.split()[-1] for ln in pages.splitlines() if ln.startswith("Pages")), "?")
    print(
        f"  report: every plan html {html_s:.2f} s; plan {plans[0]} html {plan_s:.2f} s, "
        f"pdf {pdf_s:.2f} s ({count} pages)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vazby-bench-maps-") as work:
        folder = Path(work)
        if SEEDS.is_dir():
            bench("seeds", build_corpus([SEEDS]).graph, folder, not args.no_browser)
        if args.measures:
            corpus = folder / "synth"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "synth.py"),
                    str(corpus),
                    "--measures",
                    str(args.measures),
                ],
                check=True,
                capture_output=True,
            )
            graph = build_corpus([corpus]).graph
            bench(f"synth-{args.measures}", graph, folder, not args.no_browser)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
