"""The plan report as one self-contained HTML page, or as a PDF printed by headless Chromium.

The page is a Jinja template with autoescape on (``assets/report.html``): every text from a
document is escaped, so a measure titled ``<script>…`` shows as text. The maps are Graphviz
SVG inlined in the page (their text escaped by Graphviz, their ids prefixed so that several
maps can share a page). The style and the table sorting (``report.css``, ``report.js``) are
inlined too, and a Content-Security-Policy forbids every load: the page needs nothing from
the network. The PDF is printed from that page by Debian's Chromium (installed by
``scripts/setup-browser.sh``): A4 portrait for the text, A4 landscape pages for the maps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from rdflib import Graph

from ..atomic import atomic_path
from ..errors import VazbyError
from .report import Report, build_report
from .report_text import words
from .static import static_map

__all__ = ["report_html", "write_report", "print_pdf", "chromium"]

ASSETS = Path(__file__).resolve().parent / "assets"
_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_TAG = re.compile(r"<[^>]*>")
_ACTIVE = re.compile(r"^<\s*/?\s*(script|foreignObject|iframe)\b|\son[a-z]+\s*=", re.I)
#: Chromium may take this long to print a report of many maps.
PRINT_TIMEOUT = 180


def _inline_svg(svg: bytes, prefix: str) -> Markup:
    """Graphviz SVG for the page: no XML prolog, ids prefixed, refused if it could run."""
    text = _PROLOG.sub("", svg.decode("utf-8"), count=1)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    if any(_ACTIVE.search(tag) for tag in _TAG.findall(text)):  # tags only: text is escaped
        raise VazbyError(f"map {prefix}: the SVG holds active content; not inlined")
    text = re.sub(r'\bid="', f'id="{prefix}-', text)
    return Markup(text)  # noqa: S704 - Graphviz escaped every label; checked above


def report_html(report: Report) -> str:
    """The HTML text of a :class:`~vazby.exports.report.Report`, maps drawn inline."""
    env = Environment(
        loader=FileSystemLoader(str(ASSETS)),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    svgs = {}
    for section in report.sections:
        for figure in section.maps:
            svg = static_map(figure.view, "svg", lang=report.lang)
            svgs[figure.key] = _inline_svg(svg, figure.key)
    template = env.get_template("report.html")
    return template.render(report=report, w=words(report.lang), svgs=svgs)


def chromium() -> str:
    """The Chromium that prints PDFs.

    Raises
    ------
    VazbyError
        No Chromium on this machine.
    """
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise VazbyError("PDF reports need Chromium: run scripts/setup-browser.sh")


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print an HTML file to PDF with headless Chromium, offline, without header or footer.

    Raises
    ------
    VazbyError
        Chromium is missing, fails or writes nothing.
    """
    with tempfile.TemporaryDirectory(prefix="vazby-chromium-") as profile:
        command = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise VazbyError(f"{pdf}: Chromium did not print within {PRINT_TIMEOUT} s") from None
    if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise VazbyError(f"{pdf}: Chromium could not print the report: {message[0]}")
    return pdf


def write_report(
    graph: Graph, path: str | Path, plan: str | None = None, lang: str = "cs", *, fmt: str
) -> Path:
    """Write the report on ``plan`` (or every plan) as ``fmt``: ``html`` or ``pdf`` (the
    report entries of :mod:`vazby.exports.registry`, which also pick one by a file's ending).

    The file appears whole or not at all.

    Raises
    ------
    VazbyError
        Unknown format or language, unknown plan, Graphviz or Chromium missing.
    """
    target = Path(path)
    if fmt not in ("html", "pdf"):
        raise VazbyError(f"{path}: a report is written as html or pdf, not {fmt!r}")
    html = report_html(build_report(graph, plan, lang))
    with atomic_path(target) as temporary:
        if fmt == "html":
            temporary.write_text(html, encoding="utf-8")
        else:
            with tempfile.TemporaryDirectory(prefix="vazby-report-") as work:
                page = Path(work) / "report.html"
                page.write_text(html, encoding="utf-8")
                print_pdf(page, Path(work) / "report.pdf")
                shutil.copyfile(Path(work) / "report.pdf", temporary)
    return target
