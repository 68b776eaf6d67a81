"""The outline reader, rule by rule, each with the made-up line that motivated it."""

from __future__ import annotations

import docx
import pytest

from vazby.documents.detect import read_path
from vazby.documents.model import Cell, Heading, ListItem, Locator, Paragraph, Row, Table
from vazby.documents.text import read_text
from vazby.errors import DetectError
from vazby.loaders import outline
from vazby.loaders.lines import document_of
from vazby.loaders.outline_heads import units_of
from vazby.loaders.profiles import parse_profile, shipped_profile
from vazby.loaders.records import Activity, Area, Document, Goal, Measure

OUTLINE = shipped_profile("outline")


def doc(*lines: str, name: str = "plan.txt") -> Document:
    return Document(name, name, "0" * 64, "utf-8", tuple(lines))


def text_doc(*lines: str, name: str = "plan.txt") -> Document:
    """The document a text file of ``lines`` is read into: its tab lines are rows."""
    return document_of(read_text("\n".join(lines), name, sha256="0" * 64))


def para(text: str, n: int) -> Paragraph:
    return Paragraph(text, Locator(paragraph=n))


def table(rows: list[list[str]], number: int = 1) -> Table:
    """A DOCX-like table: cells addressed by table, row and cell."""
    return Table(
        tuple(
            Row(
                tuple(
                    Cell(
                        (Paragraph(text, Locator(table=number, row=r, cell=c)),),
                        Locator(table=number, row=r, cell=c),
                    )
                    for c, text in enumerate(cells, 1)
                ),
                Locator(table=number, row=r),
            )
            for r, cells in enumerate(rows, 1)
        ),
        Locator(table=number),
    )


def measures(result) -> dict[str, Measure]:
    return {m.id: m for m in result.records if isinstance(m, Measure)}


def test_outline_sentence_that_mentions_a_measure_is_prose_not_a_measure():
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1.1: Bydlení",
            "Opatření 1.1.1: Startovací byty",
            "Opatření 1.1.1 vychází z analýzy bytového fondu.",
            "Garant: Město Lhota",
        )
    )
    found = measures(result)
    assert list(found) == ["1.1.1"]
    assert found["1.1.1"].title == "Startovací byty"
    assert found["1.1.1"].description == "Opatření 1.1.1 vychází z analýzy bytového fondu."


def test_outline_level_word_alone_takes_its_title_from_the_next_line():
    result = outline.load(
        doc("Plán", "Cíl 2: Práce", "Opatření 2.3", "Terénní práce", "Garant: Charita")
    )
    found = measures(result)["2.3"]
    assert (found.title, [g.text for g in found.guarantors]) == ("Terénní práce", ["Charita"])


def test_outline_ka_is_the_measure_level_where_no_opatreni_and_zero_padding_is_kept():
    result = outline.load(
        doc("Plán", "Cíl 1 Vzdělávání", "KA 01 Doučování", "Realizátor: Škola", "KA 02 Kroužky")
    )
    assert list(measures(result)) == ["01", "02"]
    assert "the level it calls 'KA'" in result.coverage.reason


def test_outline_activities_below_measures_are_activities_of_the_measure():
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1.1 Rodiny",
            "Opatření 1.1.1 Rodinné centrum",
            "Aktivita 1.1.1.a Kroužky",
            "Aktivita 1.1.1.b Poradna pro rodiče",
            "Termín: 2026",
        )
    )
    activities = [a for a in result.records if isinstance(a, Activity)]
    assert [(a.id, a.title, a.measure) for a in activities] == [
        ("1.1.1.a", "Kroužky", "1.1.1"),
        ("1.1.1.b", "Poradna pro rodiče", "1.1.1"),
    ]
    assert activities[1].period is not None and activities[1].period.start == "2026"


def test_outline_activities_field_bullets_become_activities():
    result = outline.load(
        doc("Plán", "Cíl 1 Děti", "Opatření 1.1 Klub", "Aktivity opatření:", "- výlety", "- tábor")
    )
    activities = [a for a in result.records if isinstance(a, Activity)]
    assert [(a.title, a.measure) for a in activities] == [("výlety", "1.1"), ("tábor", "1.1")]


def test_outline_letter_measures_restart_under_each_goal_and_take_the_goals_id():
    result = outline.load(
        doc(
            "Plán",
            "Cíl 4.1 Senioři",
            "a) Jídelna",
            "Garant: Obec",
            "b) Taxi",
            "Cíl 4.2 Zdraví",
            "a) Asistent",
        )
    )
    assert list(measures(result)) == ["4.1.a", "4.1.b", "4.2.a"]
    assert measures(result)["4.2.a"].goal == "4.2"


def test_outline_letter_measures_under_one_goal_take_the_goals_id():
    # "Cíl 4.1 Senioři" / "a) Jídelna" / "b) Taxi": no goal restarts the letters, yet "a" is
    # no id a plan can be asked about
    result = outline.load(doc("Plán", "Cíl 4.1 Senioři", "a) Jídelna", "Garant: Obec", "b) Taxi"))
    assert list(measures(result)) == ["4.1.a", "4.1.b"]


def test_outline_mixed_numbering_with_numbered_tasks_under_it():
    blocks = (
        Heading("Plán obce", 1, Locator(paragraph=1)),
        Heading("2.1 Bydlení", 2, Locator(paragraph=2)),
        Heading("2.1.a Dostupné byty", 3, Locator(paragraph=3)),
        ListItem("Zmapovat volné byty", 0, Locator(paragraph=4), marker="1."),
        para("Odpovědnost: Odbor majetku", 5),
        ListItem("Zřídit krizový byt", 0, Locator(paragraph=6), marker="2."),
        para("Odpovědnost: Rada obce", 7),
        Heading("2.1.b Prevence", 3, Locator(paragraph=8)),
        ListItem("Poradna", 0, Locator(paragraph=9), marker="1."),
        para("Odpovědnost: Charita", 10),
    )
    reading = outline.read_outline(doc(name="plan.docx"), blocks, OUTLINE)
    found = {m.id: (m.title, m.goal) for m in reading.records if isinstance(m, Measure)}
    assert found == {
        "2.1.a.1": ("Zmapovat volné byty", "2.1.a"),
        "2.1.a.2": ("Zřídit krizový byt", "2.1.a"),
        "2.1.b.1": ("Poradna", "2.1.b"),
    }
    assert reading.coverage.placed == reading.coverage.total


def test_outline_two_column_card_in_a_word_table():
    blocks = (
        Heading("Akční plán", 1, Locator(paragraph=1)),
        Heading("Specifický cíl 3.2 Dluhy", 2, Locator(paragraph=2)),
        table(
            [
                ["Opatření 3.2.1", "Dluhová poradna"],
                ["Odpovědný subjekt", "Poradna Rovnováha"],
                ["Cílová skupina", "Osoby v exekuci"],
                ["", "Senioři"],
                ["Zdroj financování", "OPZ+"],
            ]
        ),
    )
    reading = outline.read_outline(doc(name="plan.docx"), blocks, OUTLINE)
    found = {m.id: m for m in reading.records if isinstance(m, Measure)}["3.2.1"]
    assert found.title == "Dluhová poradna"
    assert [g.text for g in found.target_groups] == ["Osoby v exekuci", "Senioři"]
    assert [f.text for f in found.funding_sources] == ["OPZ+"]


def test_outline_no_area_word_makes_the_top_goal_the_area():
    result = outline.load(doc("Plán", "Strategický cíl 1 Bydlení", "Opatření 1.1 Byty"))
    areas = [(a.id, a.title) for a in result.records if isinstance(a, Area)]
    goals = [(g.id, g.level, g.parent) for g in result.records if isinstance(g, Goal)]
    assert (areas, goals) == ([("1", "Bydlení")], [("1", "strategic", "1")])


def test_outline_funding_named_in_a_sentence_is_read_and_marked_as_prose():
    result = outline.load(
        doc("Plán", "Cíl 1 Práce", "Opatření 1.1 Veřejná služba", "Hrazeno ze státního rozpočtu.")
    )
    sources = measures(result)["1.1"].funding_sources
    assert [(s.text, s.prose, s.source.first_line) for s in sources] == [
        ("státního rozpočtu", True, 4)
    ]


def test_outline_funding_named_in_a_sentence_of_the_cost_field_is_read_as_prose():
    # "Náklady: 2 mil. Kč; financováno z IROP": the source follows the amount in a sentence
    result = outline.load(
        doc("Plán", "Cíl 1 Byty", "Opatření 1.1 Byty", "Náklady: 1,5 mil. Kč, hrazeno z IROP")
    )
    measure = measures(result)["1.1"]
    assert measure.cost is not None and measure.cost.czk == 1_500_000
    assert [(s.text, s.prose, s.source.first_line) for s in measure.funding_sources] == [
        ("IROP", True, 4)
    ]


def test_outline_funding_field_wins_over_prose():
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1 Práce",
            "Opatření 1.1 Služba",
            "Bude financováno z rozpočtu kraje.",
            "Zdroje financování: OPZ+",
        )
    )
    assert [(s.text, s.prose) for s in measures(result)["1.1"].funding_sources] == [("OPZ+", False)]


def test_outline_cost_per_year_is_kept_as_such():
    result = outline.load(
        doc("Plán", "Cíl 1 Děti", "Opatření 1.1 Klub", "Náklady: cca 2 mil. Kč ročně")
    )
    cost = measures(result)["1.1"].cost
    assert cost is not None and (cost.czk, cost.approximate, cost.period) == (
        2000000,
        True,
        "ročně",
    )


def test_outline_text_outside_the_outline_is_unplaced_by_section_and_counted():
    lines = ["Plán", *[f"Úvodní odstavec {n} o historii obce." for n in range(8)]]
    lines += ["Cíl 1 Práce", "Opatření 1.1 Služba"]
    result = outline.load(doc(*lines))
    assert result.coverage is not None
    assert (result.coverage.placed, result.coverage.total) == (3, 11)
    kinds = {d.kind: d.message for d in result.diagnostics}
    assert "8 lines of '(before the first heading)' became no fact (lines 2–9)" in kinds["unplaced"]
    assert "only 27% of the lines placed" in kinds["coverage"]


def test_outline_refuses_a_document_without_outline_naming_the_closest_profile():
    with pytest.raises(DetectError) as info:
        outline.load(doc("Recept", "Mouka 250 g", "Vejce 4 ks"))
    assert "closest profile 'outline'" in str(info.value)
    assert "no numbered headings" in str(info.value)


MY_TOWN = """
[profile]
name = "my-town"
description = "Záměry a kroky obce"

[[levels]]
role = "goal"
words = ["záměr"]

[[levels]]
role = "measure"
words = ["krok"]

[numbering]
patterns = ['\\d+(?:/\\d+)?']

[fields]
guarantors = ["kdo"]
cost = ["peníze"]
"""


def test_outline_a_profile_written_from_scratch_reads_a_layout_no_shipped_profile_reads():
    plan = doc(
        "Obec Dubá: co uděláme",
        "Záměr 1 - Bydlení",
        "Krok 1/1 - Oprava bytů",
        "Kdo: Obec Dubá",
        "Peníze: 2 mil. Kč",
        "Krok 1/2 - Byt pro matky",
    )
    with pytest.raises(DetectError):
        outline.load(plan)
    profile = parse_profile(MY_TOWN, "my-town.toml")
    result = outline.load(plan, [profile])
    found = measures(result)
    assert list(found) == ["1/1", "1/2"]
    assert [g.text for g in found["1/1"].guarantors] == ["Obec Dubá"]
    assert found["1/1"].cost is not None and found["1/1"].cost.czk == 2000000
    assert result.coverage is not None and result.coverage.profile == "my-town"


def test_outline_two_profiles_reading_a_document_equally_is_a_profile_diagnostic():
    twin = parse_profile(MY_TOWN.replace('"my-town"', '"twin"'), "twin.toml")
    mine = parse_profile(MY_TOWN, "my-town.toml")
    plan = doc("Plán", "Záměr 1 - Bydlení", "Krok 1/1 - Oprava", "Kdo: Obec")
    result = outline.load(plan, [mine, twin])
    notes = [d.message for d in result.diagnostics if d.kind == "profile"]
    assert notes == [
        "profiles 'my-town' and 'twin' read this document equally (100% placed); 'my-town' was used"
    ]


# -- headings whose style is lost --------------------------------------------------------


def _areas(result) -> list[tuple[str, str]]:
    return [(a.id, a.title) for a in result.records if isinstance(a, Area)]


def test_outline_bare_numbered_lines_are_headings_when_their_siblings_agree():
    # "1 Bydlení" / "2 Zaměstnanost": a converter dropped the heading style and the dot
    result = outline.load(
        doc(
            "Plán sociálního začleňování obce Vysoká Mez 2025–2027",
            "1 Bydlení",
            "Opatření 1.1 Sociální byty",
            "Garant: Obec Vysoká Mez",
            "2 Zaměstnanost",
            "Opatření 2.1 Veřejně prospěšné práce",
            "Garant: Úřad práce",
        )
    )
    assert _areas(result) == [("1", "Bydlení"), ("2", "Zaměstnanost")]
    assert {m.id: m.area for m in measures(result).values()} == {"1.1": "1", "2.1": "2"}


def test_outline_a_lone_bare_numbered_sentence_stays_prose():
    # "2 NNO zajistí …": a number then words, but a sentence, with no sibling heading
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1 Práce",
            "Opatření 1.1 Služba",
            "Garant: Obec",
            "2 NNO zajistí poradnu pro rodiny v obci.",
            "3 Rodiny",
        )
    )
    assert _areas(result) == [("1", "Práce")]
    assert list(measures(result)) == ["1.1"]


def test_outline_word_heading_style_reaches_the_reader_as_a_heading():
    # A DOCX "Heading 1" paragraph "1 Bydlení" (no dot): the style marks it a heading
    from vazby.documents.model import SourceFile
    from vazby.loaders.lines import document_of

    source = SourceFile(
        "plan.docx",
        "plan.docx",
        "0" * 64,
        "docx",
        (
            Paragraph("Plán obce Nízká Mez", Locator(paragraph=1)),
            Heading("1 Bydlení", 1, Locator(paragraph=2)),
            Heading("Opatření 1.1 Byty", 2, Locator(paragraph=3)),
            Paragraph("Garant: Obec Nízká Mez", Locator(paragraph=4)),
        ),
    )
    document = document_of(source)
    assert [document.heading_level(n) for n in range(1, len(document.lines) + 1)] == [
        0, 0, 1, 0, 2, 0, 0, 0,
    ]  # fmt: skip
    result = outline.load(document)
    assert _areas(result) == [("1", "Bydlení")]
    assert list(measures(result)) == ["1.1"]


def test_outline_cost_per_year_gets_the_schedules_total_beside_it():
    # "Náklady: cca 300 tis. Kč za rok" over "Harmonogram: 2025–2028": 4 years
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1 Děti",
            "Opatření 1.1 Klub",
            "Náklady: cca 300 tis. Kč za rok",
            "Harmonogram: 2025–2028",
            "Opatření 1.2 Tábor",
            "Náklady: 50 tis. Kč ročně",
            "Harmonogram: průběžně",
        )
    )
    club, camp = measures(result)["1.1"].cost, measures(result)["1.2"].cost
    assert club is not None and camp is not None
    assert (club.czk, club.period, club.total_czk, club.total_years) == (
        300000,
        "za rok",
        1200000,
        4,
    )
    assert (camp.czk, camp.total_czk, camp.total_years) == (50000, None, None)


# -- cross-references taught by a profile ------------------------------------------------

REFERENCES = """
[profile]
name = "odkazy"

[[levels]]
role = "area"
words = ["oblast"]

[[levels]]
role = "goal"
words = ["cíl"]

[[levels]]
role = "measure"
words = ["opatření"]

[numbering]
patterns = ['[A-Z](?:\\.\\d{1,2})*']

[fields]
guarantors = ["garant"]
links = ["souvislost*"]

[prose]
links = ["viz", "návaznost na"]

[references]
goal = ["cíl", "cíle"]
measure = ["opatření"]
"""


def test_outline_profile_references_teach_how_a_town_writes_links():
    # "Návaznost na opatření B.1.1." in prose and "Souvislost: viz cíl A.1" as a field
    plan = doc(
        "Plán obce Horní Mez",
        "Oblast A Bydlení",
        "Cíl A.1 Byty",
        "Opatření A.1.1 Startovací byty",
        "Garant: Obec Horní Mez",
        "Návaznost na opatření B.1.1.",
        "Oblast B Práce",
        "Cíl B.1 Zaměstnání",
        "Opatření B.1.1 Veřejná služba",
        "Garant: Úřad práce",
        "Souvislost: viz cíl A.1",
    )
    profile = parse_profile(REFERENCES, "odkazy.toml")
    result = outline.load(plan, [profile])
    found = measures(result)
    links = {
        ident: [(link.kind, link.target, link.source.first_line) for link in m.links]
        for ident, m in found.items()
    }
    assert links == {"A.1.1": [("measure", "B.1.1", 6)], "B.1.1": [("goal", "A.1", 11)]}


def test_profile_references_table_is_checked_with_its_line():
    from vazby.errors import ProfileError

    bad = REFERENCES.replace('goal = ["cíl", "cíle"]', 'goal = "cíl"')
    with pytest.raises(ProfileError, match=r"odkazy\.toml:\d+: references\.goal must be"):
        parse_profile(bad, "odkazy.toml")
    # the cues of prose links are one list, [prose] links, for either rule
    moved = REFERENCES + 'cues = ["viz"]\n'
    with pytest.raises(ProfileError, match="unknown key 'cues' in \\[references\\]"):
        parse_profile(moved, "odkazy.toml")


def test_outline_numbering_that_restarts_in_each_part_keeps_every_part():
    """Numbering restarts in every part of the plan ("B/ ZAMĚSTNANOST" then "Priorita 1"
    again): each part's measures are measures of their own, named by the part's mark."""
    result = outline.load(
        doc(
            "Plán sociálního začleňování Horní Lhota",
            "A/ BYDLENÍ",
            "Priorita 1 Dostupné bydlení",
            "Cíl 1.1 Startovací byty",
            "Opatření 1.1.1 Nové startovací byty",
            "Garant: Město Horní Lhota",
            "Opatření 1.1.2 Poradna pro nájemníky",
            "Garant: Charita",
            "B/ ZAMĚSTNANOST",
            "Priorita 1 Práce",
            "Cíl 1.1 Veřejná služba",
            "Opatření 1.1.1 Veřejně prospěšné práce",
            "Garant: Úřad práce",
        )
    )
    found = measures(result)
    assert sorted(found) == ["A/1.1.1", "A/1.1.2", "B/1.1.1"]
    assert found["B/1.1.1"].title == "Veřejně prospěšné práce"
    assert [g.text for g in found["B/1.1.1"].guarantors] == ["Úřad práce"]
    assert not [d for d in result.diagnostics if d.kind == "duplicate"]
    goals = {g.id for g in result.records if isinstance(g, Goal)}
    assert {"A/1.1", "B/1.1"} <= goals


def test_outline_restart_without_a_part_mark_is_numbered_by_its_order():
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1 Bydlení",
            "Opatření 1.1 Byty",
            "Garant: Město",
            "Cíl 1 Práce",
            "Opatření 1.1 Veřejná služba",
            "Garant: Úřad práce",
        )
    )
    assert sorted(measures(result)) == ["1/1.1", "2/1.1"]


def test_outline_overview_list_then_details_is_no_restart():
    result = outline.load(
        doc(
            "Plán",
            "Cíl 1 Bydlení",
            "Opatření 1.1 Byty",
            "Cíl 1 Bydlení",
            "Opatření 1.1 Byty",
            "Garant: Město",
        )
    )
    assert sorted(measures(result)) == ["1.1"]


def test_outline_summary_table_after_the_last_goal_names_the_measures_not_new_ones():
    """A financing table at the end lists "Opatření 1.1.1 Byty" again with shorter titles,
    after goal 2.1: its rows are the measures printed before, not children of goal 2.1."""
    reading = outline.read_outline(
        doc(name="plan.docx"),
        [
            para("Plán sociálního začleňování", 1),
            para("Cíl 1.1 Bydlení", 2),
            para("Opatření 1.1.1 Startovací byty pro rodiny", 3),
            para("Garant: Město", 4),
            para("Cíl 2.1 Práce", 5),
            para("Opatření 2.1.1 Veřejná služba v obci", 6),
            para("Garant: Úřad práce", 7),
            table(
                [
                    ["Opatření", "Náklady"],
                    ["Opatření 1.1.1 Startovací byty", "2 mil. Kč"],
                    ["Opatření 2.1.1 Veřejná služba", "1 mil. Kč"],
                ]
            ),
        ],
        OUTLINE,
    )
    found = {r.id: r for r in reading.records if isinstance(r, Measure)}
    assert sorted(found) == ["1.1.1", "2.1.1"]
    assert found["1.1.1"].title == "Startovací byty pro rodiny"


# Fields of an evaluation-style plan: "Label:<TAB>value" rows of one table per measure.
EVALUATION_LIKE = (
    "Zpráva o plnění plánu",
    "D/ OPATŘENÍ",
    "D.2/ BYDLENÍ a PRÁCE",
    "1 PRIORITA\tDOSTUPNÉ BYDLENÍ",
    "1.1 Obecný cíl\tDo roku 2026 získá 10 rodin nájemní byt",
    "1.1.1 Opatření\tOd roku 2024 nabízí město startovací byty",
    "Stav plnění:\tPLNĚNO",
    "Garant:\tMěsto, OSPOD a ÚP",
    "Předpoklad realizace/termín:\t2024 – 2026",
    "Vazba na analýzu a cíle:\tReaguje na definovaný problém drahé nájmy, dluhy na nájemném",
    "1.1.2 Opatření\tOd roku 2025 radí rodinám poradna pro bydlení",
    "Hodnocení:\tNEPLNĚNO",
    "Náklady/zdroj:\t800 000 Kč/OPZ+ (1.1.1 a 1.1.2)",
    "D.3/ ZDRAVÍ",
    "1 PRIORITA\tPREVENCE",
    "1.1 Obecný cíl\tDo roku 2026 se zlepší péče o zdraví",
    "1.1.1 Opatření\tOd roku 2024 pracuje v lokalitě zdravotní sestra",
    "Hodnocení:\tTRVÁ",
)


def test_outline_status_label_cells_give_the_measures_status():
    found = measures(outline.load(text_doc(*EVALUATION_LIKE)))
    assert found["D.2/1.1.1"].status is not None
    assert (found["D.2/1.1.1"].status.text, found["D.2/1.1.2"].status.text) == (
        "PLNĚNO",
        "NEPLNĚNO",
    )
    assert found["D.2/1.1.1"].description is None  # the status is no free text


def test_outline_expected_realisation_slash_term_is_the_schedule():
    schedule = measures(outline.load(text_doc(*EVALUATION_LIKE)))["D.2/1.1.1"].schedule
    assert schedule is not None and (schedule.start, schedule.end) == ("2024", "2026")


def test_outline_reacts_to_a_problem_gives_needs_not_text():
    links = measures(outline.load(text_doc(*EVALUATION_LIKE)))["D.2/1.1.1"].links
    assert [(link.kind, link.raw) for link in links if link.kind != "budget"] == [
        ("need", "drahé nájmy"),
        ("need", "dluhy na nájemném"),
    ]


def test_outline_several_label_value_pairs_in_one_row_are_each_a_field():
    blocks = (
        Heading("Akční plán", 1, Locator(paragraph=1)),
        Heading("Cíl 2.1 Práce", 2, Locator(paragraph=2)),
        table(
            [
                ["Opatření 2.1.1", "Veřejná služba"],
                ["Garant:", "Obec Lhotka", "Termín:", "2025"],
                ["Stav plnění:", "TRVÁ", "Cílová skupina:", "Dlouhodobě nezaměstnaní"],
            ]
        ),
    )
    reading = outline.read_outline(doc(name="plan.docx"), blocks, OUTLINE)
    found = {m.id: m for m in reading.records if isinstance(m, Measure)}["2.1.1"]
    assert [g.text for g in found.guarantors] == ["Obec Lhotka"]
    assert found.schedule is not None and found.schedule.start == "2025"
    assert found.status is not None and found.status.text == "TRVÁ"
    assert [g.text for g in found.target_groups] == ["Dlouhodobě nezaměstnaní"]


def test_outline_cost_with_funding_and_a_list_shares_one_budget_line():
    from vazby.loaders.records import BudgetLine

    result = outline.load(text_doc(*EVALUATION_LIKE))
    found = measures(result)
    carrier = found["D.2/1.1.2"]
    assert carrier.cost is not None and carrier.cost.czk == 800000
    assert [s.text for s in carrier.funding_sources] == ["OPZ+"]
    assert found["D.2/1.1.1"].budget_line == carrier.budget_line is not None
    lines = [r for r in result.records if isinstance(r, BudgetLine)]
    assert [(line.id, line.measures, line.amount.czk, line.source.line) for line in lines] == [
        ("D.2/budget/1.1.1-1.1.2", ("D.2/1.1.1", "D.2/1.1.2"), 800000, 13)
    ]
    budget = [(k.kind, k.target, k.raw) for k in found["D.2/1.1.1"].links if k.kind == "budget"]
    assert budget == [("budget", "D.2/1.1.2", "1.1.1 a 1.1.2")]
    assert found["D.3/1.1.1"].budget_line is None


def test_outline_two_abbreviations_joined_by_a_are_two_guarantors():
    guarantors = measures(outline.load(text_doc(*EVALUATION_LIKE)))["D.2/1.1.1"].guarantors
    assert [g.text for g in guarantors] == ["Město", "OSPOD", "ÚP"]


def test_outline_part_mark_that_names_an_area_is_the_area():
    result = outline.load(text_doc(*EVALUATION_LIKE))
    areas = {a.id: a.title for a in result.records if isinstance(a, Area)}
    assert areas == {"D.2": "BYDLENÍ a PRÁCE", "D.3": "ZDRAVÍ"}
    found = measures(result)
    assert (found["D.2/1.1.1"].area, found["D.3/1.1.1"].area) == ("D.2", "D.3")
    goals = {g.id: (g.parent, g.area) for g in result.records if isinstance(g, Goal)}
    assert goals["D.2/1"] == ("D.2", "D.2")
    assert goals["D.2/1.1"] == ("D.2/1", "D.2")


def test_outline_table_rule_and_repeated_title_are_no_description():
    result = outline.load(
        text_doc(
            "Plán",
            "Cíl 1.1 Bydlení",
            "Opatření 1.1.1 Startovací byty",
            "Opatření 3.1.1 Práce",
            "Cíl 1.1 Bydlení",
            "Opatření 1.1.1",
            "Startovací byty",
            "Popis opatření\tMěsto pronajme pět bytů rodinám s dětmi",
            "-----------\t---",
            "Garant\tMěsto",
        )
    )
    assert measures(result)["1.1.1"].description == "Město pronajme pět bytů rodinám s dětmi"


def test_outline_part_mark_after_a_measure_is_not_its_description():
    found = measures(outline.load(text_doc(*EVALUATION_LIKE)))
    assert found["D.2/1.1.2"].description is None


def test_outline_cost_listing_a_measure_the_plan_lacks_is_reported():
    lines = [line.replace("(1.1.1 a 1.1.2)", "(1.1.2 a 1.1.9)") for line in EVALUATION_LIKE]
    result = outline.load(text_doc(*lines))
    dangling = [d for d in result.diagnostics if d.kind == "dangling-link"]
    assert [d.message for d in dangling] == [
        "measure D.2/1.1.2: its cost lists measure D.2/1.1.9, which the document does not contain"
    ]
    assert measures(result)["D.2/1.1.1"].budget_line is None


def test_outline_costs_and_funding_label_with_only_a_source_is_the_funding():
    lines = [*EVALUATION_LIKE, "Náklady/zdroje financování:\tVlastní zdroje"]
    result = outline.load(text_doc(*lines))
    found = measures(result)["D.3/1.1.1"]
    assert ([s.text for s in found.funding_sources], found.cost) == (["Vlastní zdroje"], None)
    assert not [d for d in result.diagnostics if "Vlastní" in d.message]


def test_outline_costs_and_funding_label_reads_the_source_after_a_comma():
    lines = [*EVALUATION_LIKE, "Náklady a zdroje financování:\t50 000 Kč, rozpočet města"]
    found = measures(outline.load(text_doc(*lines)))["D.3/1.1.1"]
    assert found.cost is not None and found.cost.czk == 50000
    assert [s.text for s in found.funding_sources] == ["rozpočet města"]


def test_outline_link_to_a_later_area_by_its_title_is_an_area_link():
    lines = [
        line.replace("Reaguje na definovaný problém", "Posiluje opatření v oblasti zdraví,")
        for line in EVALUATION_LIKE
    ]
    links = measures(outline.load(text_doc(*lines)))["D.2/1.1.1"].links
    assert [(link.kind, link.target) for link in links if link.kind == "area"] == [("area", "D.3")]


def test_outline_target_group_of_the_thematic_area_is_the_areas_groups():
    result = outline.load(
        doc(
            "Plán",
            "Oblast 1 Bydlení",
            "Cílová skupina: Senioři, rodiny s dětmi",
            "Cíl 1.1 Byty",
            "Opatření 1.1.1 Startovací byty",
            "Cílová skupina: Viz cílová skupina tematické oblasti",
        )
    )
    groups = measures(result)["1.1.1"].target_groups
    assert [(g.text, g.source.first_line) for g in groups] == [
        ("Senioři", 3),
        ("rodiny s dětmi", 3),
    ]


def test_outline_area_groups_listed_under_a_lead_in_leave_the_lead_in_out():
    result = outline.load(
        doc(
            "Plán",
            "Oblast 1 Zdraví",
            "Cílová skupina",
            "Oblast zdraví se soustředí na osoby:",
            "- se zdravotním postižením,",
            "- bez domova.",
            "Z hlediska aktérů se jedná o:",
            "- praktické lékaře.",
            "Cíl 1.1 Péče",
            "Opatření 1.1.1 Terénní sestra",
            "Cílová skupina: Viz cílová skupina tematické oblasti",
        )
    )
    area = next(a for a in result.records if isinstance(a, Area))
    assert [g.text for g in area.target_groups] == [
        "osoby se zdravotním postižením",
        "osoby bez domova",
    ]
    assert [a.text for a in area.actors] == ["praktické lékaře"]
    assert [g.text for g in measures(result)["1.1.1"].target_groups] == [
        "osoby se zdravotním postižením",
        "osoby bez domova",
    ]


def test_outline_links_keep_the_letter_of_the_numbers_a_plan_uses():
    # "Vazba na: opatření A.1.1" and "Vazba na: A.1, B.1.1" in a plan numbered A.1.1, B.1.1
    plan = doc(
        "Plán obce Dolní Mez",
        "Oblast A Bydlení",
        "Cíl A.1 Byty",
        "Opatření A.1.1 Startovací byty",
        "Garant: Obec Dolní Mez",
        "Oblast B Práce",
        "Cíl B.1 Zaměstnání",
        "Opatření B.1.1 Veřejná služba",
        "Garant: Úřad práce",
        "Vazba na: opatření A.1.1",
        "Opatření B.1.2 Poradna",
        "Garant: Úřad práce",
        "Vazba na: A.1, B.1.1",
    )
    found = measures(outline.load(plan))
    links = {ident: [(link.kind, link.target) for link in m.links] for ident, m in found.items()}
    assert links == {
        "A.1.1": [],
        "B.1.1": [("measure", "A.1.1")],
        "B.1.2": [("goal", "A.1"), ("measure", "B.1.1")],
    }


def test_outline_links_to_lettered_measures_keep_their_letter():
    # "Návaznost: Opatření I.1.a, II.1.a" in a plan whose measures are "Opatření I.1.b – …"
    plan = doc(
        "Plán města Horní Mez",
        "I. Bydlení",
        "Cíl I.1 Byty",
        "Opatření I.1.a – Sociální byty",
        "Garant: Město Horní Mez",
        "Opatření I.1.b – Prevence ztráty bydlení",
        "Garant: Charita",
        "Návaznost: Opatření I.1.a, II.1.a",
        "II. Práce",
        "Cíl II.1 Zaměstnání",
        "Opatření II.1.a – Veřejná služba",
        "Garant: Úřad práce",
    )
    found = measures(outline.load(plan))
    assert [(link.kind, link.target) for link in found["I.1.b"].links] == [
        ("measure", "I.1.a"),
        ("measure", "II.1.a"),
    ]


def test_outline_sentence_with_a_link_cue_links_the_measure():
    # "Návaznost na opatření 1.1 a 1.2." as a sentence after the fields, no "Vazba na:" field
    plan = doc(
        "Plán obce Dubí",
        "Priorita 1 Služby",
        "Opatření 1.1: Terénní práce",
        "Nositel: Charita Dubí",
        "Opatření 1.2: Poradna",
        "Realizátor: Poradna Lipka",
        "Opatření 1.3: Komunitní centrum",
        "Odpovědnost: obec Dubí",
        "Centrum navazuje na opatření 1.1 a 1.2. Viz také příloha 3.",
        "Opatření 1.4: Klub",
        "Garant: obec Dubí",
        "Návaznost na opatření 1.3.",
    )
    result = outline.load(plan)
    found = measures(result)
    links = [(link.kind, link.target, link.source.first_line) for link in found["1.3"].links]
    assert links == [("measure", "1.1", 9), ("measure", "1.2", 9)]
    assert [(link.kind, link.target) for link in found["1.4"].links] == [("measure", "1.3")]
    assert found["1.1"].links == ()
    assert not [d for d in result.diagnostics if d.kind == "field"]


def test_outline_sentence_after_the_bullets_of_a_label_is_no_activity():
    # "Aktivity opatření:" / "- výběr uchazečů" / "- zaškolení" / "Opatření 1.1.1 vychází z …"
    plan = text_doc(
        "Plán obce Dolní Mez",
        "Cíl 1.1 Zaměstnanost",
        "Opatření 1.1.1 Veřejná služba",
        "Garant: Úřad práce",
        "Aktivity opatření:",
        "- výběr uchazečů",
        "- zaškolení",
        "Opatření 1.1.1 vychází z dobré zkušenosti minulých let.",
    )
    result = outline.load(plan)
    activities = [a.title for a in result.records if isinstance(a, Activity)]
    assert activities == ["výběr uchazečů", "zaškolení"]
    (measure,) = measures(result).values()
    assert "vychází z dobré zkušenosti" in (measure.description or "")


def test_outline_markdown_table_header_and_rows_are_one_table():
    # "| Opatření | Garant | Termín |" / "|---|---|---|" / "| 1.2.1 Asistenti | ZŠ Lhota | 2025 |"
    # read from a .md file: the header names each column's field for the rows under it
    plan = document_of(
        read_text(
            "# Plán obce Dolní Mez\n\n## Cíl 1.2 Podpora škol\n\n"
            "| Opatření | Garant | Termín |\n|---|---|---|\n"
            "| 1.2.1 Školní asistenti | ZŠ Dolní Mez | 2025 |\n"
            "| 1.2.2 Kroužky | DDM Dolní Mez | 2026 |\n",
            "plan.md",
            sha256="0" * 64,
        )
    )
    found = measures(outline.load(plan))
    assert {i: (m.title, [g.text for g in m.guarantors]) for i, m in found.items()} == {
        "1.2.1": ("Školní asistenti", ["ZŠ Dolní Mez"]),
        "1.2.2": ("Kroužky", ["DDM Dolní Mez"]),
    }


def test_outline_key_activities_with_no_measure_above_them_are_the_measures_there():
    # "Cíl 1.1" / "KA 01 Terénní program" … then "Cíl 1.2" / "Opatření 1.2.1 Asistenti" /
    # "Aktivita 1.2.1.1 Nábor": where a part of the plan has no opatření, its KA are its measures
    plan = doc(
        "Plán obce Dolní Mez",
        "Cíl 1.1 Terénní práce",
        "KA 01 Terénní program pro rodiny",
        "Garant: Charita Dolní Mez",
        "KA 02 Dobrovolnické centrum",
        "Garant: MAS Podhůří",
        "Cíl 1.2 Podpora škol",
        "Opatření 1.2.1 Školní asistenti",
        "Garant: ZŠ Dolní Mez",
        "Aktivita 1.2.1.1 Nábor asistentů",
    )
    result = outline.load(plan)
    assert {i: (m.title, m.goal) for i, m in measures(result).items()} == {
        "01": ("Terénní program pro rodiny", "1.1"),
        "02": ("Dobrovolnické centrum", "1.1"),
        "1.2.1": ("Školní asistenti", "1.2"),
    }
    activities = [(a.id, a.measure) for a in result.records if isinstance(a, Activity)]
    assert activities == [("1.2.1.1", "1.2.1")]


def test_outline_a_column_headed_zdroj_is_the_funding():
    # "| Opatření | Garant | Zdroj |": "Zdroj" alone heads the funding column of a goal's table
    plan = text_doc(
        "Plán obce Dolní Mez",
        "Cíl 1.2 Podpora škol",
        "Opatření\tGarant\tZdroj",
        "1.2.1 Školní asistenti\tZŠ Dolní Mez\tOP JAK",
    )
    (measure,) = measures(outline.load(plan)).values()
    assert [s.text for s in measure.funding_sources] == ["OP JAK"]


def test_outline_plan_title_wrapped_before_its_period():
    # a PDF's title "Akční plán obce Malá Lhota" / "2026–2028" on two lines
    result = outline.load(
        doc(
            "Akční plán obce Malá Lhota",
            "2026–2028",
            "Cíl 1.1 Rodina",
            "Opatření 1.1.1: Rodinné centrum",
            "Garant: Obec Malá Lhota",
        )
    )
    plan = next(r for r in result.records if type(r).__name__ == "Plan")
    assert (plan.title, plan.period, plan.slug) == (
        "Akční plán obce Malá Lhota 2026–2028",
        "2026–2028",
        "mala-lhota-2026-2028",
    )
    assert result.coverage.placed == result.coverage.total


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Akční plán obce Bukovec na rok 2026", "2026"),
        ("Akční plán obce Bukovec pro rok 2026", "2026"),
        ("Akční plán obce Bukovec 2026–2027", "2026–2027"),
        ("Akční plán obce Bukovec do roku 2030", None),
    ],
)
def test_outline_plan_of_one_year_has_that_year_as_its_period(title, period):
    # "Akční plán … na rok 2025": a yearly plan's period, and its slug, is the year; a
    # horizon ("do roku 2030") is no period
    result = outline.load(doc(title, "Cíl 1 Rodina", "Opatření 1.1 Poradna", "Garant: Obec"))
    plan = next(r for r in result.records if type(r).__name__ == "Plan")
    assert plan.period == period
    assert plan.slug == (f"bukovec-{period.replace('–', '-')}" if period else "bukovec-plan")


def test_outline_vision_before_the_outline_is_the_plans_vision():
    # "Dlouhodobý cíl: Snížit počet lidí v sociálním vyloučení" before "Cíl 1 …": no goal of
    # its own (it has no number), the vision the whole plan serves
    result = outline.load(
        doc(
            "Akční plán obce Bukov 2025–2026",
            "Dlouhodobý cíl: Snížit počet lidí v sociálním vyloučení",
            "Cíl 1 Bydlení",
            "Opatření 1.1 Byty",
            "Garant: obec Bukov",
        )
    )
    plan = next(r for r in result.records if type(r).__name__ == "Plan")
    assert plan.vision == "Snížit počet lidí v sociálním vyloučení"
    assert result.coverage.placed == result.coverage.total


def test_outline_number_after_cislo_and_fields_after_a_dash():
    # "Opatření č. 1.1: Byty" and "Garant – Obec Lhota": the number after "č.", the value
    # after a spaced dash; "Zodpovídá: Charita" names the guarantor too
    result = outline.load(
        doc(
            "Plán obce Lhota",
            "Cíl č. 1: Bydlení",
            "Opatření č. 1.1: Byty",
            "Garant – Obec Lhota",
            "Opatření č. 1.2: Poradna",
            "Zodpovídá: Charita Lhota",
        )
    )
    found = {m.id: (m.title, [g.text for g in m.guarantors]) for m in measures(result).values()}
    assert found == {"1.1": ("Byty", ["Obec Lhota"]), "1.2": ("Poradna", ["Charita Lhota"])}


def test_outline_numbered_chapters_around_the_plan_are_no_areas():
    # "2. Analytická část" / "2.1 Demografie" … "3. Návrhová část" / "Priorita 1: Bydlení" /
    # "Specifický cíl 2.1": the chapters number the document, not the plan
    result = outline.load(
        doc(
            "Strategický plán města Vranov 2025–2028",
            "1. Úvod",
            "Plán zpracovala pracovní skupina.",
            "2. Analytická část",
            "2.1 Demografie",
            "Ve městě žije 12 000 obyvatel.",
            "3. Návrhová část",
            "Priorita 1: Bydlení",
            "Specifický cíl 1.1 Byty",
            "Opatření 1.1.1 Sociální byty",
            "Garant: Město Vranov",
            "Priorita 2: Práce",
            "Specifický cíl 2.1 Zaměstnávání",
            "Opatření 2.1.1 Sociální podnik",
            "Garant: Město Vranov",
            "4. Implementační část",
            "4.1 Monitoring",
        )
    )
    found = {m.id: (m.area, m.goal) for m in measures(result).values()}
    assert found == {"1.1.1": ("1", "1.1"), "2.1.1": ("2", "2.1")}
    goals = sorted((g.id, g.title) for g in result.records if isinstance(g, Goal))
    assert goals == [("1", "Bydlení"), ("1.1", "Byty"), ("2", "Práce"), ("2.1", "Zaměstnávání")]


def test_outline_goal_table_with_rows_over_several_lines_as_pandoc_prints_it():
    # `pandoc -t plain` prints a Word table as a multiline table: rules of dashes, each row
    # over several lines, a blank line between rows
    plan = text_doc(
        "Plán obce Kamenná 2026–2028",
        "",
        "Cíl 1: Bydlení",
        "",
        "  ---------------------------------------------",
        "  Č.     Opatření      Garant      Náklady",
        "  ------ ------------- ----------- -----------",
        "  1.1    Sociální      Obec        800 000 Kč",
        "         byty          Kamenná",
        "",
        "  1.2    Terénní       Charita     450 tis.",
        "         práce         Kamenná     Kč",
        "  ---------------------------------------------",
    )
    found = {
        m.id: (m.title, [g.text for g in m.guarantors], m.cost.czk if m.cost else None)
        for m in measures(outline.load(plan)).values()
    }
    assert found == {
        "1.1": ("Sociální byty", ["Obec Kamenná"], 800000),
        "1.2": ("Terénní práce", ["Charita Kamenná"], 450000),
    }


def test_outline_plan_title_wrapped_over_three_lines():
    # pdftotext -layout of a title page: "Akční plán sociálního" / "začleňování obce Kamenná"
    # / "2026–2028"
    result = outline.load(
        doc(
            "Akční plán sociálního",
            "začleňování obce Kamenná",
            "2026–2028",
            "Plán schválilo zastupitelstvo obce.",
            "Cíl 1 Rodina",
            "Opatření 1.1 Poradna",
            "Garant: Obec Kamenná",
        )
    )
    plan = next(r for r in result.records if type(r).__name__ == "Plan")
    assert (plan.title, plan.slug) == (
        "Akční plán sociálního začleňování obce Kamenná 2026–2028",
        "kamenna-2026-2028",
    )


def test_outline_one_table_for_the_plan_with_goal_rows_merged_across_it(tmp_path):
    # One Word table: a header "Opatření | Garant | Náklady (tis. Kč) | Zdroj financování",
    # goal rows merged over every column ("Cíl 2: Zaměstnanost"), a row per measure
    document = docx.Document()
    document.add_paragraph("Akční plán obce Lesná 2026–2027")
    table = document.add_table(rows=1, cols=4)
    header = ["Opatření", "Garant", "Náklady (tis. Kč)", "Zdroj financování"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in (
        ["Cíl 1: Bydlení"],
        ["1.1 Sociální byty", "Obec Lesná", "3 000", "IROP"],
        ["Cíl 2: Zaměstnanost"],
        ["2.1 Veřejná služba", "Úřad práce", "", "státní rozpočet"],
    ):
        row = table.add_row()
        if len(values) == 1:
            row.cells[0].merge(row.cells[-1]).text = values[0]
            continue
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    found = {
        m.id: (
            m.goal,
            [g.text for g in m.guarantors],
            m.cost.czk if m.cost else None,
            [f.text for f in m.funding_sources],
        )
        for m in measures(outline.load(document_of(read_path(path)))).values()
    }
    assert found == {
        "1.1": ("1", ["Obec Lesná"], 3_000_000, ["IROP"]),
        "2.1": ("2", ["Úřad práce"], None, ["státní rozpočet"]),
    }


def test_outline_number_printed_up_to_its_title():
    # a PDF of Word's heading numbers: "1.1.1.Sociální byty" (the tab stop right after "1.")
    result = outline.load(
        doc("Plán obce Lhota", "1. Bydlení", "1.1. Byty", "1.1.1.Sociální byty", "Garant: Obec")
    )
    assert {m.id: m.title for m in measures(result).values()} == {"1.1.1": "Sociální byty"}


@pytest.mark.parametrize(
    "lines",
    [
        (
            "• Opatření 1.1 – Sociální byty (garant: Obec Lhota; termín: 2025; "
            "náklady: 300 tis. Kč)",
            "• Opatření 1.2 – Poradna (garant: Charita Lhota, termín: 2026)",
        ),
        (
            "Opatření 1.1 Sociální byty. Garant: Obec Lhota. Termín: 2025. Náklady: 300 tis. Kč.",
            "Opatření 1.2 Poradna. Garant: Charita Lhota. Termín: 2026.",
        ),
    ],
)
def test_outline_fields_on_the_measures_own_line(lines):
    # a list of measures, each with its fields in brackets or in sentences after its title
    result = outline.load(doc("Plán obce Lhota 2025–2026", "Cíl 1 Bydlení", *lines))
    found = {
        m.id: (m.title, [g.text for g in m.guarantors], m.cost.czk if m.cost else None)
        for m in measures(result).values()
    }
    assert found == {
        "1.1": ("Sociální byty", ["Obec Lhota"], 300_000),
        "1.2": ("Poradna", ["Charita Lhota"], None),
    }
    assert measures(result)["1.2"].schedule.raw == "2026"


def test_outline_a_table_of_its_own_after_a_goal_line_keeps_its_own_header():
    # a measures table, "Indikátory cíle" and an indicators table of as many columns: the
    # second table's first row is its header, not a row under the measures' header
    units = units_of(
        (
            table([["Opatření", "Garant", "Náklady"], ["1.1 Byty", "Obec", "5 000 Kč"]], 1),
            para("Indikátory cíle", 3),
            table([["Indikátor", "Výchozí hodnota", "Cíl"], ["počet bytů", "0", "6"]], 2),
        )
    )
    assert [(u.text, u.header) for u in units[3:]] == [
        ("Indikátor | Výchozí hodnota | Cíl", ()),
        ("počet bytů | 0 | 6", ("Indikátor", "Výchozí hodnota", "Cíl")),
    ]
