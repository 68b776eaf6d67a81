"""The plan report: its figures from the made-up plans of conftest.py (always run), the same
kinds of figures on the seeds (read in the documents), escaping, and the HTML page."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from vazby.errors import UnknownEntity, VazbyError
from vazby.exports.registry import REPORT, by_suffix
from vazby.exports.report import build_report
from vazby.exports.report_render import report_html, write_report

from .test_html import EXTERNAL

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="no Graphviz dot (run scripts/setup-graphviz.sh)"
)


def _tables(report) -> dict:
    return {t.key: t for s in report.sections for t in s.tables}


class _Page(HTMLParser):
    """The scripts, tables, captions and inline SVGs of a page, as a browser tokenizes it."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.tables = 0
        self.captions: list[str] = []
        self.svgs = 0
        self._caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.tables += tag == "table"
        self.svgs += tag == "svg"
        if tag == "figcaption":
            self._caption = True
            self.captions.append("")

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._caption = False

    def handle_data(self, data):
        if self._caption:
            self.captions[-1] += data


def test_build_report_sections_in_order(mini):
    report = build_report(mini, plan="horni-lhota")
    assert [s.key for s in report.sections] == [
        "outline",
        "measures",
        "funding",
        "orphans",
        "dependencies",
        "actors",
        "diagnostics",
        "maps",
    ]
    assert report.title == "Zpráva o plánu: Akční plán Horní Lhota 2024–2026"
    assert report.documents == ("horni-lhota.txt",)


def test_build_report_outline_areas_goals_and_measure_counts(mini):
    """Goal 1.1.1 'Předcházet ztrátě bydlení' (line 14) holds measures 1.1.1.1 and 1.1.1.2."""
    outline = build_report(mini, plan="horni-lhota").sections[0].outlines[0]
    area = outline.areas[0]
    assert area[:3] == ("1", "Bydlení a sousedské vztahy", "horni-lhota.txt:10")
    assert area[3][1] == ("1.1.1", "Předcházet ztrátě bydlení", 2, "horni-lhota.txt:14", 1)
    assert [a[0] for a in outline.areas] == ["1", "2"]


def test_build_report_measures_by_status_and_area(mini):
    tables = _tables(build_report(mini, plan="horni-lhota"))
    assert tables["by-status"].rows == (("horni-lhota", "(stav neuveden)", 3),)
    assert tables["by-area"].rows == (
        ("horni-lhota", "1", "Bydlení a sousedské vztahy", 2),
        ("horni-lhota", "2", "Zaměstnanost", 1),
    )
    assert tables["by-area"].total == ("", "", "celkem", 3)


def test_build_report_funding_counts_a_shared_line_once(mini):
    """The budget line '1 417 500 Kč' (OPZ+) funds 1.1.1.1 and 1.1.1.2: one line, 1 417 500."""
    tables = _tables(build_report(mini, plan="horni-lhota"))
    assert tables["funding-source"].rows == (("horni-lhota", "OPZ+", 1, 2, "1 417 500"),)
    assert tables["funding-source"].total == ("", "celkem", 1, "", "1 417 500")
    assert tables["funding-area"].rows == (
        ("horni-lhota", "1 Bydlení a sousedské vztahy", 1, 2, "1 417 500"),
    )


def test_build_report_orphans_dependencies_actors_diagnostics(mini):
    tables = _tables(build_report(mini, plan="horni-lhota"))
    assert tables["orphans-by-reason"].rows == (
        ("bez vazby", 0),
        ("bez garanta", 0),
        ("bez financování", 1),
        ("bez indikátoru", 3),
    )
    # 'Vazba na další cíle: Strategický cíl 2.1' on measure 1.1.1.1 (area 1) at line 28
    assert tables["cross-area"].rows == (
        (
            "horni-lhota",
            "1.1.1.1 (oblast 1)",
            "2.1 (oblast 2)",
            "goal",
            "Strategický cíl 2.1",
            "horni-lhota.txt:28",
        ),
    )
    assert tables["actor-pairs"].rows == (("Město Horní Lhota", "Spolek Šance", 1, "0.500"),)
    assert [r[:2] for r in tables["diagnostics"].rows] == [("horni-lhota.txt:78", "dangling-link")]


def test_build_report_every_table_names_its_source(mini):
    report = build_report(mini)
    for section in report.sections:
        for table in section.tables:
            assert table.source.startswith("Zdroj: ") and "výpočet vazby." in table.source
        for figure in section.maps:
            assert figure.source.startswith("Zdroj: ")
    assert "horni-lhota.txt" in _tables(report)["by-status"].source


def test_build_report_english(mini):
    report = build_report(mini, plan="dolni-lhota", lang="en")
    assert report.title == "Plan report: Plán Dolní Lhota 2023"
    assert [s.title for s in report.sections][2] == "Funding"
    assert _tables(report)["by-area"].rows == (("dolni-lhota", "1", "Vzdělávání", 1),)


def test_build_report_unknown_plan_and_language(mini):
    with pytest.raises(UnknownEntity):
        build_report(mini, plan="praha")
    with pytest.raises(VazbyError, match="unknown report language"):
        build_report(mini, lang="de")


def test_report_html_self_contained_sortable_and_sourced(mini):
    html = report_html(build_report(mini, plan="horni-lhota"))
    page = _Page()
    page.feed(html)
    assert EXTERNAL.search(html) is None and "<link" not in html
    assert [s.get("src") for s in page.scripts] == [None]
    assert page.tables >= 8 and html.count('class="vz-sortable"') == page.tables
    assert page.svgs == 4  # the plan, its two areas, its actors
    assert all(c.strip().startswith("Zdroj:") for c in page.captions)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_report_html_hostile_text_is_text(hostile):
    """A measure titled 'Opatření <script>window.__xss = 1 …' and an actor '<img … onerror>'."""
    html = report_html(build_report(hostile, plan="horni-lhota"))
    page = _Page()
    page.feed(html)
    assert len(page.scripts) == 1  # report.js only
    assert "<script>window.__xss" not in html
    assert "&lt;script&gt;window.__xss = 1" in html
    assert re.search(r"<img\b", html) is None
    assert "&lt;img src=x onerror=" in html


def test_write_report_html_and_bad_ending(mini, tmp_path):
    path = write_report(mini, tmp_path / "zprava.html", plan="dolni-lhota", fmt="html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zprava.html"]  # no temporary left
    with pytest.raises(VazbyError, match=r"ending '\.docx'; end the file in one of \.html, \.htm"):
        by_suffix(tmp_path / "zprava.docx", REPORT)
    with pytest.raises(VazbyError, match="written as html or pdf, not 'docx'"):
        write_report(mini, tmp_path / "zprava.docx", fmt="docx")


def test_cli_report_writes_html_and_reports_unknown_plan(mini, tmp_path):
    from vazby.cli import main

    graph = tmp_path / "g.ttl"
    mini.serialize(graph, format="turtle")
    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(main, ["report", str(graph), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    assert "Plan report" not in out.read_text(encoding="utf-8")  # two plans: the corpus title
    assert "Report on the plans" in out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["report", str(graph), "-o", str(out), "--plan", "praha"])
    assert result.exit_code == 1 and "no plan 'praha'" in result.output
    assert "Traceback" not in result.output


def test_inline_svg_refuses_active_content_but_keeps_escaped_text():
    from vazby.exports.report_render import _inline_svg

    with pytest.raises(VazbyError, match="active content"):
        _inline_svg(b"<svg><script>alert(1)</script></svg>", "m")
    with pytest.raises(VazbyError, match="active content"):
        _inline_svg(b'<svg><g onload="alert(1)"></g></svg>', "m")
    kept = _inline_svg(
        b'<?xml version="1.0"?><svg id="a"><text>&lt;img onerror=x&gt;</text></svg>', "m"
    )
    assert str(kept) == '<svg id="m-a"><text>&lt;img onerror=x&gt;</text></svg>'
