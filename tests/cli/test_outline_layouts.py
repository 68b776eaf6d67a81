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
    # Priorities, an overview list, label lines with the value below, "Label<TAB>value",
    # key activities "KA 01", funding and a link named only in sentences.
    "priority_label_lines.txt": [
        (
            "1.1",
            "Terénní sociální práce",
            "1",
            "1",
            "Charita Dubí Lhota",
            "osoby sociálně vyloučené; senioři",
            "",
            "600000",
        ),
        (
            "1.2",
            "Dluhová poradna",
            "1",
            "1",
            "Poradna Lipka, z. ú.",
            "",
            "rozpočet města; Operační program Zaměstnanost plus",
            "",
        ),
        ("2.1", "Komunitní centrum", "2", "2", "Město Dubí Lhota", "", "", "1200000"),
    ],
    # A yearly plan; a department of the town hall as guarantor; the source of the money
    # named in the cost's own sentence; an amount per year.
    "yearly_cost_sentence.txt": [
        (
            "1.1",
            "Krizový byt",
            "1",
            "1",
            "Město Bukovec",
            "domácnosti v bytové nouzi",
            "rozpočet města",
            "350000",
        ),
        (
            "1.2",
            "Prostupné bydlení",
            "1",
            "1",
            "Charita Bukovec",
            "",
            "Integrovaný regionální operační program",
            "1500000",
        ),
        (
            "2.1",
            "Pracovní poradna",
            "2",
            "2",
            "Úřad práce České republiky",
            "",
            "Operační program Zaměstnanost plus",
            "200000",
        ),
    ],
    # Numbered chapters around the plan ("2. Analytická část", "2.1 Demografie"), priorities
    # and specific goals in bold, measure fields as bullets "- Garant: …".
    "chapters_around_priorities.md": [
        (
            "1.1.1",
            "Sociální byty",
            "1",
            "1.1",
            "Město Vranov",
            "domácnosti v bytové nouzi",
            "Integrovaný regionální operační program",
            "2400000",
        ),
        (
            "1.1.2",
            "Prevence ztráty bydlení",
            "1",
            "1.1",
            "Charita Vranov",
            "",
            "Operační program Zaměstnanost plus",
            "600000",
        ),
        ("2.1.1", "Sociální podnik", "2", "2.1", "Město Vranov", "", "rozpočet města", "1000000"),
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


def test_outline_reads_a_word_plan_with_heading_styles_and_a_card_table(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Plán sociálního začleňování obce Malá Lhota 2025–2027", 0)
    document.add_heading("Oblast 1: Bydlení", 1)
    document.add_heading("Cíl 1.1 Dostupné bydlení", 2)
    document.add_heading("Opatření 1.1.1 Startovací byty", 3)
    card = document.add_table(rows=3, cols=2)
    for r, (label, value) in enumerate(
        [
            ("Garant", "Obec Malá Lhota"),
            ("Cílová skupina", "Rodiny s dětmi"),
            ("Náklady", "1 mil. Kč"),
        ]
    ):
        card.cell(r, 0).text, card.cell(r, 1).text = label, value
    document.add_paragraph("Financováno z IROP.")
    document.add_heading("Opatření 1.1.2 Poradna", 3)
    document.add_paragraph("Garant: Charita")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    built = runner.invoke(main, ["build", str(path), "-o", str(graph)])
    assert built.exit_code == 0, built.output
    assert (
        "plan.docx: outline profile, 100% of paragraphs and rows placed, 2 measures" in built.stderr
    )
    table = runner.invoke(main, ["table", "measures", str(graph), "--format", "csv"])
    rows = [
        (
            r["id"],
            r["title"],
            r["guarantors"],
            r["target_groups"],
            r["funding_sources"],
            r["cost_czk"],
            r["source"],
        )
        for r in csv.DictReader(io.StringIO(table.stdout))
    ]
    assert rows == [
        (
            "1.1.1",
            "Startovací byty",
            "Město Malá Lhota",
            "rodiny s dětmi",
            "Integrovaný regionální operační program",
            "1000000",
            "plan.docx:¶4-¶11",
        ),
        ("1.1.2", "Poradna", "Charita", "", "", "", "plan.docx:¶12-¶13"),
    ]


def test_outline_info_shows_each_plans_profile_and_coverage(tmp_path):
    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    assert runner.invoke(main, ["build", str(LAYOUTS / "markdown_tables.md"), "-o", str(graph)])
    info = runner.invoke(main, ["info", str(graph)])
    assert info.exit_code == 0
    assert (
        "  nova-bystrice-nad-lesem-2025-2028  3 measures  Plán sociálního začleňování města "
        "Nová Bystřice nad Lesem 2025–2028  (outline profile, 95% of lines placed)"
    ) in info.stdout
