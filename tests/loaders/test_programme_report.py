"""The programme-report loader: final report of a consultancy programme (seed 004 layout).

Unit tests use a made-up town in ``tests/fixtures/programme_small.txt`` or inline text; the
seed tests at the end read ``../shared/seeds`` and are skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vazby.documents.text import read_text
from vazby.loaders import programme_report
from vazby.loaders.lines import document_of
from vazby.loaders.records import (
    Abbreviation,
    Activity,
    Criterion,
    Document,
    IndicatorAssessment,
    LoadResult,
    Programme,
    ProgrammeGoal,
)
from vazby.loaders.report_tables import pair_abbreviations, parse_period
from vazby.loaders.text import read_document

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"
TITLE = "Závěrečná zpráva z realizace poradenského programu obce Horní Lhota"


def _doc(*lines: str, name: str = "zprava.txt") -> Document:
    """The document a text file of ``lines`` is read into: its tab lines are rows."""
    return document_of(read_text("\n".join(lines), name, sha256="0" * 64))


def _load(*lines: str) -> LoadResult:
    return programme_report.load(_doc(TITLE, "", *lines))


@pytest.fixture(scope="module")
def small() -> LoadResult:
    return programme_report.load(read_document(FIXTURES / "programme_small.txt"))


def _goals(result: LoadResult) -> dict[str, ProgrammeGoal]:
    return {g.id: g for g in result.of_type(ProgrammeGoal)}


# -- title, period, table of contents ------------------------------------------------------


def test_programme_title_line_gives_town_number_and_subtitle(small):
    """ "Závěrečná zpráva z realizace poradenského programu města <Town> Poradenský program 11"."""
    (programme,) = small.of_type(Programme)
    assert (programme.id, programme.town, programme.title) == (
        "dolni-lhota-7",
        "Dolní Lhota",
        "Podpora bydlení rodin",
    )
    assert programme.source.first_line == 3


def test_programme_period_with_czech_months_parsed(small):
    """ "Období realizace" then "Červenec 2023–červen 2024"."""
    period = small.of_type(Programme)[0].period
    assert (period.start, period.end) == ("2022-01", "2022-12")
    assert parse_period("říjen 2023 až prosinec 2023").start == "2023-10"
    assert parse_period("Do 06/23").end == "2023-06"


def test_programme_table_of_contents_not_taken_for_sections(small):
    """ "OBDOBÍ REALIZACE\\t3" in the contents is skipped; the section itself is read."""
    lines_used = {d.line for d in small.diagnostics}
    assert not lines_used & set(range(7, 13))
    assert [p.text for p in small.of_type(Programme)[0].facts] == ["Dolní Lhota má 2 150 obyvatel."]


def test_programme_front_matter_reported_unplaced(small):
    """A logo caption ("Spolufinancováno …") before the title is reported, not dropped."""
    assert [(d.line, d.kind) for d in small.diagnostics if d.line < 3] == [(1, "unplaced")]


# -- goals ---------------------------------------------------------------------------------


def test_programme_goals_long_term_specific_and_lettered_subgoals(small):
    """ "1. …" then " - a. …": specific goals under the long-term goal, sub-goals under them."""
    goals = _goals(small)
    assert list(goals) == ["long-term", "1", "1.a", "1.b", "2", "3"]
    assert goals["1"].parent == "long-term" and goals["1.b"].parent == "1"
    assert goals["1.b"].level == "sub" and goals["1.b"].title == "Sdílení dat s OSPOD."


def test_programme_goal_evaluation_attached_and_goals_not_duplicated(small):
    """The evaluation part repeats "1. …" and adds "Způsob plnění cíle: …"."""
    goals = _goals(small)
    assert goals["1"].evaluation == "Pasport bytů byl zpracován."
    assert goals["2"].evaluation == "Pravidla byla schválena radou obce."
    assert goals["3"].evaluation is None
    assert goals["1"].source.first_line == 32


def test_programme_goal_text_on_next_line_joined():
    """A goal wrapped onto a second line (no blank line between) is one goal."""
    result = _load("Specifické cíle", "", "1. Zřízení klubu", "pro děti a mládež.", "2. Osvěta.")
    goals = _goals(result)
    assert goals["1"].title == "Zřízení klubu pro děti a mládež."
    assert (goals["1"].source.first_line, goals["1"].source.last_line) == (5, 6)


# -- schedule, outputs, criteria ----------------------------------------------------------


def test_programme_planned_steps_with_team_mentions(small):
    """ "1\\tBudování sítě …\\tDo 06/23\\tLK, obec, aktéři": a planned step, team as mentions."""
    steps = [a for a in small.of_type(Activity) if a.status == "planned"]
    assert [(s.id, s.title, s.period.end if s.period else None) for s in steps] == [
        ("step-1", "Vstupní analýza", "2022-03"),
        ("step-2", "Návrh pravidel", None),
    ]
    assert [m.text for m in steps[1].responsible] == ["Obec", "MAS", "expert"]


def test_programme_outputs_listed_one_per_item(small):
    """ "1. funkční platforma spolupráce," "2. … a": list items, trailing "," and "a" dropped."""
    assert tuple(p.text for p in small.of_type(Programme)[0].outputs) == (
        "pasport bytů",
        "pravidla přidělování",
        "kontaktní místo",
    )


def test_programme_criteria_with_baseline_indicators(small):
    """ "Název kritéria: …" then "Ukazatel\\tPopis výchozí situace…" rows."""
    assert [(c.id, c.title) for c in small.of_type(Criterion)] == [
        ("1", "Obec zná potřeby rodin v bytové nouzi"),
        ("2", "Obec má pravidla pro přidělování bytů"),
    ]
    indicators = {i.id: i for i in small.of_type(IndicatorAssessment)}
    assert indicators["1.2"].baseline == "Spolupráce je nahodilá."
    assert indicators["2.1"].criterion == "2"


def test_programme_assessment_matched_to_baseline_by_similarity(small):
    """The final table words indicators a little differently ("s OSPOD a s poskytovateli")."""
    indicators = {i.id: i for i in small.of_type(IndicatorAssessment)}
    assert indicators["1.2"].assessment == "Spolupráce je pravidelná."
    assert indicators["1.2"].assessment_source.first_line == 87


def test_programme_assessment_row_split_by_page_break_merged(small):
    """ "\\třešení, případné konflikty jsou korektně řešeny.\\t" continues the row above."""
    indicators = {i.id: i for i in small.of_type(IndicatorAssessment)}
    assert indicators["1.1"].assessment == "Přehled se vede od léta 2022."
    span = indicators["1.1"].assessment_source
    assert (span.first_line, span.last_line) == (84, 86)


def test_programme_unmatched_indicators_reported_missing_row(small):
    """An indicator only in the final table is kept and reported; so is one never assessed."""
    indicators = {i.id: i for i in small.of_type(IndicatorAssessment)}
    assert (
        indicators["2.2"].baseline is None
        and indicators["2.2"].assessment == "Rozpočet je zveřejněn."
    )
    missing = [(d.line, d.kind) for d in small.diagnostics if d.kind == "missing-row"]
    assert missing == [(63, "missing-row"), (88, "missing-row")]


# -- activities ----------------------------------------------------------------------------


def test_programme_activities_ranges_expanded_and_period_carried(small):
    """ "1.- 5." expands to goals 1..5; an empty period cell is the period of the row above."""
    done = [a for a in small.of_type(Activity) if a.status == "done"]
    assert [(a.id, a.goals) for a in done] == [
        ("1", ("1",)),
        ("2", ("1", "2", "3")),
        ("3", ("2", "7")),
    ]
    assert done[1].period == done[0].period and done[1].period.raw == "leden 2022 až březen 2022"
    assert done[0].description == "Sběr dat z evidence bytů ve spolupráci s MAS."


def test_programme_activity_goal_that_does_not_exist_reported_dangling(small):
    """ "2., 7." in a report with goals 1–3: goal 7 is kept and reported."""
    assert [(d.line, d.kind) for d in small.diagnostics if d.kind == "dangling-link"] == [
        (77, "dangling-link")
    ]


def test_programme_expert_comment_attached_to_block_above(small):
    """ "Komentář experta:" and its paragraph belong to the activities above it only."""
    done = [a for a in small.of_type(Activity) if a.status == "done"]
    assert [a.comment for a in done] == ["Vedení obce přijalo program vstřícně."] * 2 + [None]


def test_programme_text_in_activity_table_reported_unplaced():
    """A stray paragraph among the activity rows is reported (goal 1 is undefined here)."""
    result = _load(
        "Průběh realizace poradenského programu", "",
        "Období\tNázev aktivit\tVazba na cíl\tPopis",
        "leden 2024\tSetkání\t1.\tPopis.", "", "Poznámka redakce.",
    )  # fmt: skip
    assert [(d.line, d.kind) for d in result.diagnostics] == [(6, "dangling-link"), (8, "unplaced")]


# -- abbreviations and free text -----------------------------------------------------------


def test_programme_abbreviations_split_and_paired(small):
    """ "ASZ/ OSZ/ AGENTURA – Agentura pro …/ Odbor pro …": each gets its own expansion."""
    abbreviations = {a.abbreviation: a.expansion for a in small.of_type(Abbreviation)}
    assert abbreviations == {
        "LK": "lokální konzultant",
        "MAS": "místní akční skupina",
        "ASZ": "Agentura pro sociální začleňování",
        "OSZ": "Odbor pro sociální začleňování",
        "OSPOD": "orgán sociálně-právní ochrany dětí",
    }
    assert (
        pair_abbreviations(["ZZ", "QQ"], ["Alfa beta", "Gama delta"])
        == ["Alfa beta / Gama delta"] * 2
    )


def test_programme_free_text_sections_kept(small):
    """ "Další možný plán spolupráce" and its paragraph are kept on the programme."""
    sections = {p.name: p.text for p in small.of_type(Programme)[0].sections}
    assert sections["Další možný plán spolupráce"] == "Obec zváží další spolupráci."


def test_programme_sniff_minutes_scores_zero():
    doc = _doc("ZÁPIS", "z jednání pracovní skupiny", "Přítomni:", "Jana Nováková", "1. Úvod")
    assert programme_report.sniff(doc).score == 0


# -- the seed ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> LoadResult:
    matches = sorted(SEEDS.glob("004_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("../shared/seeds/004_*.txt is absent")
    return programme_report.load(read_document(matches[0]))


@pytest.mark.seeds
def test_seed_004_programme(seed):
    (programme,) = seed.of_type(Programme)
    assert programme.town == "Nové Město pod Smrkem"
    assert programme.title == "Podpora realizace prorodinných opatření"
    assert (programme.period.start, programme.period.end) == ("2023-07", "2024-06")
    assert len(programme.facts) == 6
    assert tuple(p.text for p in programme.outputs) == (
        "funkční platforma spolupráce",
        "zavedené programy na podporu rodičovských kompetencí",
        "posílení participace dětí",
    )


@pytest.mark.seeds
def test_seed_004_goals(seed):
    goals = _goals(seed)
    assert [g for g in goals if goals[g].level == "specific"] == ["1", "2", "3", "4", "5"]
    assert [g for g in goals if goals[g].level == "sub"] == [
        "1.a",
        "1.b",
        "1.c",
        "1.d",
        "4.a",
        "4.b",
        "4.c",
    ]
    assert goals["long-term"].title.startswith("Obec vytváří podmínky pro zajištění podpory dětem")
    assert all(goals[n].evaluation for n in "12345")
    assert goals["2"].evaluation.startswith("Možnost zavedení specifických programů")


@pytest.mark.seeds
def test_seed_004_criteria_and_indicators(seed):
    criteria = seed.of_type(Criterion)
    assert [c.title for c in criteria] == [
        "Obec se aktivně zajímá o potřeby ohrožených rodin s dětmi na svém území",
        "Obec koordinuje zajištění komplexní podpory rodinám",
        "Inicie a realizace prorodinných aktivit",
    ]
    indicators = seed.of_type(IndicatorAssessment)
    assert [sum(1 for i in indicators if i.criterion == c.id) for c in criteria] == [4, 10, 12]
    assert all(i.baseline and i.assessment for i in indicators)
    by_id = {i.id: i for i in indicators}
    assert by_id["2.2"].baseline.startswith("Není vytvořen stabilní systém sběru dat.")
    assert by_id["2.2"].assessment.endswith(
        "Doporučení pro monitoring situace je součástí doporučení v rámci PP."
    )
    assert (
        by_id["1.3"].assessment_source.first_line,
        by_id["1.3"].assessment_source.last_line,
    ) == (219, 221)
    assert by_id["3.9"].assessment.endswith("s výjimkou aktivit APK.")
    assert not [d for d in seed.diagnostics if d.kind in ("missing-row", "card-table-mismatch")]


@pytest.mark.seeds
def test_seed_004_activities_and_goals(seed):
    activities = [a for a in seed.of_type(Activity) if a.status == "done"]
    assert len(activities) == 11
    assert [a.goals for a in activities].count(("1", "2", "3", "4", "5")) == 10
    assert activities[1].title == "Konzultace tematického výzkumu k cílové skupině dětí a mládeže"
    assert activities[1].goals == ("4",)
    assert [a.period.raw for a in activities].count("duben 2024 až červen 2024") == 3
    assert (
        activities[5].title == "Individuální konzultace s aktéry"
        and activities[5].period.start == "2023-10"
    )
    assert activities[2].comment.startswith("Vstup poradenského programu do lokality")
    assert activities[10].comment.startswith("V daném období byly provedeny finální konzultace")
    steps = [a for a in seed.of_type(Activity) if a.status == "planned"]
    assert len(steps) == 5 and [m.text for m in steps[0].responsible] == ["LK", "obec", "aktéři"]
    assert not [d for d in seed.diagnostics if d.kind == "dangling-link"]


@pytest.mark.seeds
def test_seed_004_abbreviations(seed):
    abbreviations = {a.abbreviation: a.expansion for a in seed.of_type(Abbreviation)}
    assert len(abbreviations) == 19
    assert abbreviations["OSPOD"] == "orgán sociálně právní ochrany dětí"
    assert abbreviations["SAS"] == "sociálně aktivizační služba"
    assert abbreviations["ASZ"] == "Agentura pro sociální začleňování"
    assert abbreviations["OSZ"].startswith("Odbor pro sociální začleňování")
    assert abbreviations["LK"] == "lokální konzultant"


@pytest.mark.seeds
def test_seed_004_only_front_matter_unplaced(seed):
    assert [(d.line, d.kind) for d in seed.diagnostics] == [
        (5, "unplaced"),
        (6, "unplaced"),
        (12, "unplaced"),
    ]


# -- provenance of the report's prose -------------------------------------------------------


def _lines(span) -> tuple[int, int]:
    return span.first_line, span.last_line


def test_programme_passages_carry_their_own_lines(small):
    """ "Základní údaje o lokalitě" / "Dolní Lhota má 2 150 obyvatel.": a fact of the locality
    is derived from its heading and paragraph, not from the title line."""
    (programme,) = small.of_type(Programme)
    assert [(p.name, p.text, _lines(p.source)) for p in programme.facts] == [
        ("Základní údaje o lokalitě", "Dolní Lhota má 2 150 obyvatel.", (20, 22))
    ]
    texts = {p.name: _lines(p.source) for p in programme.sections}
    assert texts["Další možný plán spolupráce"] == (102, 104)


def test_programme_outputs_and_period_carry_their_own_lines(small):
    """ "1. pasport bytů," is line 48; "Leden 2022–prosinec 2022" under "Období realizace"."""
    (programme,) = small.of_type(Programme)
    assert [(p.text, _lines(p.source)) for p in programme.outputs] == [
        ("pasport bytů", (48, 48)),
        ("pravidla přidělování", (49, 49)),
        ("kontaktní místo", (50, 50)),
    ]
    assert _lines(programme.period_source) == (16, 18)


def test_programme_goal_evaluation_and_restatement_carry_their_lines(small):
    """The evaluation part prints "1. Zmapování …" again (line 94) and "Způsob plnění cíle:
    …" (line 96): both are sources of goal 1; goal 3 is never evaluated."""
    goals = _goals(small)
    assert _lines(goals["1"].evaluation_source) == (96, 96)
    assert [_lines(s) for s in goals["1"].restated] == [(94, 94)]
    assert goals["3"].evaluation_source is None and goals["3"].restated == ()


def test_programme_expert_comment_carries_its_lines(small):
    """ "Komentář experta:" (line 73) and its paragraph (line 75) are the comment's source."""
    done = [a for a in small.of_type(Activity) if a.status == "done"]
    assert [_lines(a.comment_source) if a.comment_source else None for a in done] == [
        (73, 75),
        (73, 75),
        None,
    ]


def test_programme_prose_counts_as_placed(small):
    """What the report says in prose became facts, so its lines are placed."""
    from vazby.loaders.coverage import placed_lines

    placed = placed_lines(small)
    assert {16, 18, 20, 22, 48, 49, 50, 73, 75, 94, 96, 102, 104} <= placed
    assert not {7, 9, 10} & placed  # the table of contents became no fact
