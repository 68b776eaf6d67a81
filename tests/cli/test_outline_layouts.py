"""Plans in layouts neither seed uses, read by the outline reader: `vazby build` then
`vazby table measures`, each layout with its expected measures table.

The plans are made up (tests/fixtures/outline); each file's opening comment in this module
says which way of writing a plan it stands for.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.cli import main

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "outline"
COLUMNS = ("id", "title", "area", "goal", "guarantors", "target_groups", "funding_sources")

EXPECTED = {
    # A card per measure as a two-column Markdown pipe table ("| Garant opatření | … |").
    "markdown_tables.md": [
        (
            "1.1.1",
            "Startovací byty",
            "1",
            "1.1",
            "Město Nová Bystřice nad Lesem",
            "rodiny s dětmi",
            "Integrovaný regionální operační program",
            "4500000",
        ),
        ("1.1.2", "Kontaktní místo pro bydlení", "1", "1.1", "Charita Bystřice", "", "", "250000"),
        (
            "2.1.1",
            "Doučování žáků",
            "2",
            "2.1",
            "Spolek Sova",
            "žáci se sociálním znevýhodněním",
            "Operační program Zaměstnanost plus",
            "120000",
        ),
    ],
    # A label alone on its line, the value on the next ("Nositel" / "Úřad práce …").
    "label_lines.txt": [
        (
            "1.1.1",
            "Pracovní poradna",
            "1",
            "1.1",
            "Úřad práce České republiky",
            "nezaměstnané osoby",
            "",
            "600000",
        ),
        ("1.1.2", "Sociální podnik", "1", "1.1", "Město Kamenný Újezd", "", "", ""),
        ("1.2.1", "Dluhová poradna", "1", "1.2", "Poradna Rovnováha", "", "rozpočet města", ""),
    ],
    # One table per goal, a column per field, a row per measure.
    "table_per_goal.txt": [
        (
            "1.1.1",
            "Terénní sociální práce",
            "1.1",
            "1.1",
            "Město Horní Brod",
            "",
            "Operační program Zaměstnanost plus",
            "900000",
        ),
        ("1.1.2", "Sociální šatník", "1.1", "1.1", "Spolek Ruka", "", "rozpočet města", "30000"),
        (
            "1.2.1",
            "Asistenti prevence kriminality",
            "1.2",
            "1.2",
            "Město Horní Brod",
            "",
            "MV ČR",
            "1200000",
        ),
    ],
    # Roman areas ("I."), roman-decimal goals ("I.1"), measures "a)", "b)" under each goal.
    "roman_letters.txt": [
        ("I.1.a", "Krizový byt", "I", "I.1", "Město Lipová Lhota", "", "", "150000"),
        ("I.1.b", "Nízkoprahová ubytovna", "I", "I.1", "Armáda spásy", "", "", ""),
        ("II.1.a", "Zdravotní asistent", "II", "II.1", "Nemocnice Lipová", "", "", ""),
    ],
    # An overview list of the measures before the details; values wrapped over lines.
    "overview_wrapped.txt": [
        (
            "1.1.1",
            "Komunitní centrum",
            "1",
            "1.1",
            "Město Vysoké Pole; spolkem Hřiště; místní základní školou a farností",
            "mládež; děti",
            "",
            "2000000",
        ),
        ("1.1.2", "Mentoring mladých", "1", "1.1", "Spolek Most", "", "", ""),
        ("2.1.1", "Sociální taxi", "2", "2.1", "Město Vysoké Pole", "", "", ""),
    ],
    # Funding and the guarantor named only in sentences; a sentence that mentions a measure.
    "prose_funding.txt": [
        (
            "1.1.1",
            "Veřejná služba",
            "1",
            "1.1",
            "Město Zelená Hora",
            "",
            "Operační program Zaměstnanost plus; rozpočet města",
            "",
        ),
        (
            "1.1.2",
            "Rekvalifikace",
            "1",
            "1.1",
            "Úřad práce České republiky",
            "",
            "Operační program Zaměstnanost plus",
            "",
        ),
    ],
}


def _measures(tmp_path: Path, name: str, *options: str) -> tuple[list[tuple[str, ...]], str]:
    runner = CliRunner()
    graph = tmp_path / "graph.ttl"
    built = runner.invoke(main, ["build", str(LAYOUTS / name), "-o", str(graph), *options])
    assert built.exit_code == 0, built.output
    table = runner.invoke(main, ["table", "measures", str(graph), "--format", "csv"])
    assert table.exit_code == 0, table.output
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    return [(*(row[c] for c in COLUMNS), row["cost_czk"]) for row in rows], built.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outline_layout_gives_its_measures_table(tmp_path, name):
    rows, stderr = _measures(tmp_path, name)
    assert rows == EXPECTED[name]
    assert f"{name}: outline profile, " in stderr


def test_outline_overview_and_details_are_one_measure_with_the_details_source(tmp_path):
    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    assert runner.invoke(main, ["build", str(LAYOUTS / "overview_wrapped.txt"), "-o", str(graph)])
    table = runner.invoke(main, ["table", "measures", str(graph), "--format", "csv"])
    sources = [row["source"] for row in csv.DictReader(io.StringIO(table.stdout))]
    assert sources == [
        "overview_wrapped.txt:10",
        "overview_wrapped.txt:17",
        "overview_wrapped.txt:21",
    ]


def test_outline_build_prints_profile_and_coverage_per_document(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", str(LAYOUTS / "label_lines.txt"), "-o", str(tmp_path / "g.ttl")]
    )
    assert result.exit_code == 0
    assert "label_lines.txt: outline profile, 100% of lines placed, 3 measures" in result.stderr
