"""The evaluation loader: the layout of an interim evaluation report (seed 000).

Unit tests use small made-up documents written inline or in ``tests/fixtures``; the seed
tests at the end read ``../shared/seeds`` and are skipped when it is absent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from vazby.documents.text import read_text
from vazby.loaders import evaluation
from vazby.loaders.evaluation import infer_town
from vazby.loaders.lines import document_of
from vazby.loaders.records import Area, BudgetLine, Document, Goal, LoadResult, Measure, Plan
from vazby.loaders.text import read_document

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"

HEAD = [
    "PRŮBĚŽNÁ ZPRÁVA O PLNĚNÍ",
    "",
    "A/ STRATEGIE",
    "",
    "A.1/ RODINA",
    "1 Priorita\tPODPORA RODIN",
    "1.1 Obecný cíl\tDo roku 2026 posílí rodiny své kompetence",
]


def _doc(*lines: str, name: str = "plan.txt") -> Document:
    """The document a text file of ``lines`` is read into: its tab lines are rows."""
    return document_of(read_text("\n".join(lines), name, sha256="0" * 64))


def _load(*lines: str, name: str = "plan.txt") -> LoadResult:
    return evaluation.load(_doc(*lines, name=name))


def _measures(result: LoadResult) -> dict[str, Measure]:
    return {m.id: m for m in result.of_type(Measure)}


def _kinds(result: LoadResult) -> list[tuple[int, str]]:
    return [(d.line, d.kind) for d in result.diagnostics]


# --- sniff -------------------------------------------------------------------------------


def test_sniff_evaluation_layout_scores_positive() -> None:
    # "1.1.1 Opatření<TAB>…" under "1.1 Obecný cíl<TAB>…" with "Hodnocení:" and "Garant:".
    doc = _doc(*HEAD, "1.1.1 Opatření\tKurzy", "Hodnocení:\tPLNĚNO", "Garant:\tNNO")
    verdict = evaluation.sniff(doc)
    assert verdict.score > 50 and "1 'N.N.N Opatření'" in verdict.reason


def test_sniff_action_plan_cards_score_zero() -> None:
    # The card layout of an action plan: "Opatření 1.1.1.1<TAB>Title", "Odpovědný subjekt".
    doc = _doc(
        "Specifický cíl 1.1.1\tZajistit bydlení",
        "Opatření 1.1.1.1\tSociální byty",
        "Popis opatření\tMěsto zajistí byty",
        "Odpovědný subjekt\tMěsto",
    )
    assert evaluation.sniff(doc).score == 0


def test_sniff_minutes_score_zero() -> None:
    # Minutes of a working group: "Přítomni:", agenda items, no numbered measures.
    doc = _doc("Zápis z jednání pracovní skupiny", "Přítomni: Jan Novák, Eva Malá", "1. Úvod")
    assert evaluation.sniff(doc).score == 0


# --- plan, areas, goals ------------------------------------------------------------------


def test_load_town_from_office_name_gives_slug() -> None:
    # "Pracovníci MěÚ Žatec" names the town in the nominative.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Cílová skupina:\tPracovníci MěÚ Lipník")
    (plan,) = result.of_type(Plan)
    assert (plan.town, plan.slug, plan.kind) == ("Lipník", "lipnik-evaluation", "evaluation")


def test_load_town_full_name_beats_its_prefix_broken_over_a_line() -> None:
    # A title broken before the town's last words ("… MĚSTA HORNÍ VES" / "NAD ORLICÍ")
    # names the short form once more than the text does the full one; two plans of
    # "Horní Ves" and "Horní Ves nad Orlicí" must not share a slug.
    result = _load(
        "PRŮBĚŽNÉ VYHODNOCENÍ PLÁNU MĚSTA HORNÍ VES",
        "NAD ORLICÍ",
        "Vize: Město Horní Ves nad Orlicí je místem pro všechny.",
        "1.1.1 Opatření\tKurzy",
        "Cílová skupina:\tPracovníci MěÚ Horní Ves nad Orlicí",
    )
    (plan,) = result.of_type(Plan)
    assert (plan.town, plan.slug) == ("Horní Ves nad Orlicí", "horni-ves-nad-orlici-evaluation")


def test_load_town_ending_in_a_common_noun_after_a_preposition() -> None:
    # "Velká Hůrka pod Horou", "Nové Město pod Smrkem": after "pod/nad/u/v/na" the
    # capitalised word belongs to the name even when it is a common noun ("hora", "les").
    result = _load(
        *HEAD,
        "1.1.1 Opatření\tKurzy",
        "Cílová skupina:\tPracovníci MěÚ Velká Hůrka pod Horou",
        "Garant:\tMěsto Velká Hůrka pod Horou",
    )
    assert result.of_type(Plan)[0].town == "Velká Hůrka pod Horou"


def test_load_town_adjective_then_common_noun_is_one_name() -> None:
    # "Zadní Údolí", "Nové Město": after a capitalised adjective the capitalised common
    # noun completes the name; two towns "Zadní Údolí" and "Zadní Dvůr" must not both
    # become "Zadní".
    for town in ("Zadní Údolí", "Horní Dvůr"):
        result = _load(
            *HEAD,
            "1.1.1 Opatření\tKurzy",
            f"Cílová skupina:\tPracovníci MěÚ {town}",
            f"Garant:\tMěsto {town}",
        )
        assert result.of_type(Plan)[0].town == town


def test_load_town_a_rare_longer_run_does_not_win() -> None:
    # "MěÚ Lipník Odborná" once among many "Lipník": the next phrase is not the name.
    result = _load(
        *HEAD,
        "1.1.1 Opatření\tKurzy",
        "Cílová skupina:\tMěÚ Lipník",
        "Garant:\tMěsto Lipník",
        "Partneři:\tMěÚ Lipník Kamenná",
    )
    assert result.of_type(Plan)[0].town == "Lipník"


def test_load_town_from_genitive_is_lemmatised() -> None:
    # "… ODPOVÍDAJÍCÍ POTŘEBÁM OBYVATEL ŽATCE": the genitive becomes the nominative.
    result = _load(*HEAD, "1.1.1 Opatření\tByty pro obyvatele Kadaně")
    assert result.of_type(Plan)[0].town == "Kadaň"


def test_load_no_town_falls_back_to_file_stem() -> None:
    # A document that never names its town gets its slug from the file name.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", name="Zprava 2024.txt")
    (plan,) = result.of_type(Plan)
    assert (plan.town, plan.slug) == (None, "zprava-2024")


def test_load_header_lines_are_title_and_vision_not_unplaced() -> None:
    # "PRŮBĚŽNÉ VYHODNOCENÍ …", "B/ STRATEGIE", "Vize: …" form the plan's header.
    result = _load(HEAD[0], "", "A/ STRATEGIE", "", "Vize: Město pro všechny.", *HEAD[4:])
    (plan,) = result.of_type(Plan)
    assert plan.title == "PRŮBĚŽNÁ ZPRÁVA O PLNĚNÍ"
    assert plan.vision == "Město pro všechny."
    assert result.diagnostics == ()


def test_load_section_heading_without_space_gives_area() -> None:
    # "B.4/BYDLENÍ" and "B.1/ PREVENCE, ZDRAVÍ a RODINA": title kept as printed.
    result = _load("A.4/BYDLENÍ", "", "A.5/ PRÁCE a DLUHY")
    assert [(a.id, a.title) for a in result.of_type(Area)] == [
        ("A.4", "BYDLENÍ"),
        ("A.5", "PRÁCE a DLUHY"),
    ]


def test_load_priority_and_general_goal_map_to_levels() -> None:
    # "1 PRIORITA<TAB>…" is strategic, "1.1 Obecný cíl<TAB>…" specific.
    result = _load("A.1/ RODINA", "1. PRIORITA\tRODINY", "1.1 Obecný cíl\tKompetence")
    goals = [(g.id, g.level, g.label_cs, g.parent, g.area) for g in result.of_type(Goal)]
    assert goals == [
        ("A.1/1", "strategic", "Priorita", "A.1", "A.1"),
        ("A.1/1.1", "specific", "Obecný cíl", "A.1/1", "A.1"),
    ]


def test_load_numbering_restarts_per_section_ids_stay_unique() -> None:
    # Every section starts again at "1 Priorita", "1.1 Obecný cíl", "1.1.1 Opatření".
    block = ["1 Priorita\tP", "1.1 Obecný cíl\tG", "1.1.1 Opatření\tM"]
    result = _load("A.1/ JEDNA", *block, "A.2/ DVĚ", *block)
    measures = result.of_type(Measure)
    assert [(m.id, m.number, m.goal, m.area) for m in measures] == [
        ("A.1/1.1.1", "1.1.1", "A.1/1.1", "A.1"),
        ("A.2/1.1.1", "1.1.1", "A.2/1.1", "A.2"),
    ]
    assert result.diagnostics == ()


# --- measure fields ----------------------------------------------------------------------


def test_load_status_is_raw_mention() -> None:
    # "Hodnocení:<TAB>NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2023"
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Hodnocení:\tTRVÁ – POSUNUTO NA 2026")
    status = result.of_type(Measure)[0].status
    assert status is not None
    assert (status.text, status.source.first_line) == ("TRVÁ – POSUNUTO NA 2026", 9)


def test_load_field_labels_match_leniently_and_keep_printed_label() -> None:
    # "Vazba na analýzu dalši opatření a cíle<TAB>…" (no colon), "GARANT", no diacritics.
    result = _load(
        *HEAD,
        "1.1.1 Opatření\tKurzy",
        "HODNOCENI\tPLNĚNO",
        "garant:\tNNO",
        "Vazba na analyzu dalsi opatreni a cile\tNízká docházka",
    )
    measure = result.of_type(Measure)[0]
    assert measure.status is not None and measure.status.text == "PLNĚNO"
    assert [g.text for g in measure.guarantors] == ["NNO"]
    assert [link.raw for link in measure.links] == ["Nízká docházka"]
    assert [label for label, _ in measure.fields] == [
        "HODNOCENI",
        "garant",
        "Vazba na analyzu dalsi opatreni a cile",
    ]


def test_load_label_less_line_continues_field() -> None:
    # "Očekávané dopady:<TAB>…" that runs on to the next line of the cell.
    result = _load(
        *HEAD, "1.1.1 Opatření\tKurzy", "Očekávané dopady:\tLepší péče", "o děti v rodinách"
    )
    assert result.of_type(Measure)[0].impacts == "Lepší péče o děti v rodinách"
    assert result.diagnostics == ()


def test_load_tab_line_after_blank_continues_field() -> None:
    # A blank line, then "<TAB>Snižování rizikového chování …": still the impacts cell.
    result = _load(
        *HEAD, "1.1.1 Opatření\tKurzy", "Očekávané dopady:\tLepší péče", "", "\tMéně konfliktů"
    )
    measure = result.of_type(Measure)[0]
    assert measure.impacts == "Lepší péče Méně konfliktů"
    assert measure.source.last_line == 11
    assert result.diagnostics == ()


def test_load_text_after_blank_without_tab_is_unplaced() -> None:
    # A paragraph that belongs to no field is reported, not glued onto the last field.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Garant:\tNNO", "", "Poznámka zpracovatele")
    assert _kinds(result) == [(11, "unplaced")]
    assert [g.text for g in result.of_type(Measure)[0].guarantors] == ["NNO"]


def test_load_unknown_label_is_field_diagnostic_and_kept() -> None:
    # A label this layout does not know ("Poznámka:") is reported and kept in fields.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Poznámka:\tčeká na dotaci")
    assert _kinds(result) == [(9, "field")]
    assert result.of_type(Measure)[0].fields == (("Poznámka", "čeká na dotaci"),)


def test_load_target_groups_split_into_mentions() -> None:
    # "Cílová skupina:<TAB>Rodiny s dětmi Těhotné ženy … Osoby sociálně vyloučené …"
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Cílová skupina:\tRodiny s dětmi Senioři")
    groups = result.of_type(Measure)[0].target_groups
    assert [g.text for g in groups] == ["Rodiny s dětmi", "Senioři"]
    assert {g.source.first_line for g in groups} == {9}


def test_load_target_groups_keep_the_documents_town_together() -> None:
    # "Cílová skupina:<TAB>Rodiny s dětmi Pracovníci MěÚ Staré Údolí pod Horou": the town
    # the loader reads from the text is one name in the groups of measures and areas.
    result = _load(
        "PRŮBĚŽNÁ ZPRÁVA O PLNĚNÍ",
        "",
        "A.1/ RODINA",
        "Cílová skupina:\tSenioři Pracovníci MěÚ Staré Údolí pod Horou Rodiny s dětmi",
        "1 Priorita\tPODPORA RODIN",
        "1.1 Obecný cíl\tDo roku 2026 posílí rodiny své kompetence",
        "1.1.1 Opatření\tKurzy",
        "Cílová skupina:\tRodiny s dětmi Pracovníci MěÚ Staré Údolí pod Horou",
        "Garant:\tMěsto Staré Údolí pod Horou",
    )
    assert result.of_type(Plan)[0].town == "Staré Údolí pod Horou"
    groups = result.of_type(Measure)[0].target_groups
    assert [g.text for g in groups] == ["Rodiny s dětmi", "Pracovníci MěÚ Staré Údolí pod Horou"]
    area_groups = result.of_type(Area)[0].target_groups
    assert [g.text for g in area_groups] == [
        "Senioři",
        "Pracovníci MěÚ Staré Údolí pod Horou",
        "Rodiny s dětmi",
    ]


def test_load_guarantors_and_indicators_split() -> None:
    # "Garant:<TAB>NNO, Město, ASZ"; "Indikátor výstupu:<TAB>Počet … Počet …".
    result = _load(
        *HEAD,
        "1.1.1 Opatření\tKurzy",
        "Garant:\tNNO, Město, KP a LP",
        "Indikátor výstupu:\tPočet kurzů Počet účastníků",
    )
    measure = result.of_type(Measure)[0]
    assert [g.text for g in measure.guarantors] == ["NNO", "Město", "KP", "LP"]
    assert measure.indicators == ("Počet kurzů", "Počet účastníků")


def test_load_schedule_parsed_to_start_and_end() -> None:
    # "Předpoklad realizace/termín:<TAB>9/2022 – 6/2023"
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Předpoklad realizace/termín:\t9/2024 – 6/2025")
    schedule = result.of_type(Measure)[0].schedule
    assert schedule is not None and (schedule.start, schedule.end) == ("2024-09", "2025-06")


def test_load_area_link_resolved_against_document_titles() -> None:
    # "Posiluje opatření v oblasti zaměstnanosti" in one section → the employment section.
    result = _load(
        "A.1/ RODINA",
        "1 Priorita\tP",
        "1.1 Obecný cíl\tG",
        "1.1.1 Opatření\tKurzy",
        "Vazba na analýzu, další opatření a cíle:\tPosiluje opatření v oblasti zaměstnanosti",
        "A.2/ ZAMĚSTNANOST",
    )
    (link,) = result.of_type(Measure)[0].links
    assert (link.kind, link.target, link.target_type) == ("area", "A.2", "ThematicArea")


def test_load_measure_reference_missing_is_dangling() -> None:
    # An explicit number in "Vazba na …" that names no measure of the section.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Vazba na analýzu:\tNavazuje na opatření 1.1.7")
    assert _kinds(result) == [(9, "dangling-link")]
    assert result.of_type(Measure)[0].links[0].target == "A.1/1.1.7"


# --- costs and budget lines --------------------------------------------------------------

SHARED = [
    *HEAD,
    "1.1.1 Opatření\tKurzy",
    "Garant:\tNNO",
    "1.1.2 Opatření\tPoradna",
    "Náklady/zdroj:\t2 300 000 Kč/OPZ+ (1.1.1 a 1.1.2)",
]


def test_load_shared_budget_line_is_one_record_for_all_listed() -> None:
    # "Náklady/zdroj:<TAB>1 417 500 Kč/OPZ (1.1.1, 1.1.2 a 1.1.3)" printed on the last one.
    result = _load(*SHARED)
    (line,) = result.of_type(BudgetLine)
    assert (line.id, line.amount.czk, line.measures) == (
        "A.1/budget/1.1.1-1.1.2",
        Decimal("2300000"),
        ("A.1/1.1.1", "A.1/1.1.2"),
    )
    assert [f.text for f in line.funding_sources] == ["OPZ+"]
    assert line.source.first_line == 11


def test_load_shared_budget_line_set_on_measure_above_carrier() -> None:
    # The measure above the card that prints the line is funded by it too, via a link.
    measures = _measures(_load(*SHARED))
    first, carrier = measures["A.1/1.1.1"], measures["A.1/1.1.2"]
    assert first.budget_line == carrier.budget_line == "A.1/budget/1.1.1-1.1.2"
    assert first.cost is None and carrier.cost is not None
    (link,) = first.links
    assert (link.kind, link.target, link.raw, link.source.first_line) == (
        "budget",
        "A.1/1.1.2",
        "1.1.1 a 1.1.2",
        11,
    )
    assert carrier.links == ()


def test_load_budget_line_listing_missing_measure_is_dangling() -> None:
    # "(1.1.1, 1.1.2 a 1.1.5)" where there is no measure 1.1.5.
    result = _load(*SHARED[:-1], "Náklady/zdroj:\t90 000 Kč/OPZ (1.1.1, 1.1.2 a 1.1.5)")
    assert _kinds(result) == [(11, "dangling-link")]
    (line,) = result.of_type(BudgetLine)
    assert line.measures == ("A.1/1.1.1", "A.1/1.1.2")
    carrier = _measures(result)["A.1/1.1.2"]
    assert [(x.kind, x.target) for x in carrier.links] == [("budget", "A.1/1.1.5")]


def test_load_own_resources_without_amount_is_budget_line_without_czk() -> None:
    # "Náklady/zdroje financování:<TAB>Vlastní zdroje": funding is still a node.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Náklady/zdroje financování:\tVlastní zdroje")
    (line,) = result.of_type(BudgetLine)
    assert (line.id, line.amount.czk, line.amount.raw) == (
        "A.1/budget/1.1.1",
        None,
        "Vlastní zdroje",
    )
    measure = result.of_type(Measure)[0]
    assert [f.text for f in measure.funding_sources] == ["Vlastní zdroje"]
    assert measure.budget_line == "A.1/budget/1.1.1"


def test_load_measure_without_cost_has_no_budget_line() -> None:
    # A card with no "Náklady" field and listed by no budget line: no funding at all.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "Garant:\tNNO")
    measure = result.of_type(Measure)[0]
    assert (measure.budget_line, measure.cost, measure.funding_sources) == (None, None, ())
    assert result.of_type(BudgetLine) == []


def test_load_cost_reference_to_other_measure_is_cost_link() -> None:
    # "Viz opatření 1.1.1" in a cost field: the cost is that measure's.
    result = _load(*SHARED[:-1], "Náklady/zdroj:\tViz opatření 1.1.1")
    carrier = _measures(result)["A.1/1.1.2"]
    assert [(x.kind, x.target) for x in carrier.links] == [("cost", "A.1/1.1.1")]
    assert result.of_type(BudgetLine) == []


# --- numbering anomalies -----------------------------------------------------------------


def test_load_measure_prefix_disagrees_with_goal_is_numbering() -> None:
    # "1.2.1 Opatření" printed under "1.1 Obecný cíl": loaded under 1.1, reported.
    result = _load(*HEAD, "1.2.1 Opatření\tKurzy")
    assert _kinds(result) == [(8, "numbering")]
    assert result.diagnostics[0].related == (7,)
    assert result.of_type(Measure)[0].goal == "A.1/1.1"


def test_load_repeated_measure_number_is_duplicate_and_loads() -> None:
    # The same "1.1.1 Opatření" twice in one section.
    result = _load(*HEAD, "1.1.1 Opatření\tKurzy", "1.1.1 Opatření\tPoradna")
    assert _kinds(result) == [(9, "duplicate")]
    assert list(_measures(result)) == ["A.1/1.1.1", "A.1/1.1.1_2"]


def test_load_measure_outside_section_is_numbering() -> None:
    # A measure printed before any "X.N/ …" section heading.
    result = _load("ZPRÁVA", "1.1.1 Opatření\tKurzy")
    assert (2, "numbering") in _kinds(result)
    assert result.of_type(Measure)[0].id == "1.1.1"


# --- files: fixtures and encodings -------------------------------------------------------


def test_load_fixture_small_counts_and_facts() -> None:
    # Two sections with restarted numbering, a shared line with a dangling reference.
    result = evaluation.load(read_document(FIXTURES / "evaluation_small.txt"))
    assert result.loader == "evaluation"
    assert result.of_type(Plan)[0].slug == "jablunec-evaluation"
    assert [a.id for a in result.of_type(Area)] == ["C.1", "C.2"]
    assert len(result.of_type(Goal)) == 5
    measures = _measures(result)
    assert list(measures) == ["C.1/1.1.1", "C.1/1.1.2", "C.1/1.2.1", "C.2/1.1.1", "C.2/1.1.2"]
    assert [(d.line, d.kind) for d in result.diagnostics] == [(29, "dangling-link")]
    assert [g.text for g in measures["C.1/1.1.2"].target_groups] == [
        "Pracovníci MěÚ Jablunec",
        "Spolupracující NNO",
        "Rodiny s dětmi",
        "rodiny ohrožené ztrátou bydlení",
    ]
    assert measures["C.1/1.1.2"].impacts == (
        "Dostupné místo pro setkávání rodin Zlepšení vztahů v komunitě"
    )
    areas = {(m.id, x.target) for m in measures.values() for x in m.links if x.kind == "area"}
    assert areas == {("C.1/1.1.2", "C.2"), ("C.2/1.1.1", "C.1")}
    lines = {line.id: line.measures for line in result.of_type(BudgetLine)}
    assert lines == {
        "C.1/budget/1.1.1-1.1.5": ("C.1/1.1.1", "C.1/1.1.2"),
        "C.1/budget/1.2.1": ("C.1/1.2.1",),
        "C.2/budget/1.1.1-1.1.2": ("C.2/1.1.1", "C.2/1.1.2"),
    }


def test_load_fixture_anomalies_every_finding_reported() -> None:
    # Unknown field, numbering, unplaced text, duplicate, empty field, dangling reference.
    result = evaluation.load(read_document(FIXTURES / "evaluation_anomalies.txt"))
    assert _kinds(result) == [
        (8, "field"),
        (10, "numbering"),
        (14, "unplaced"),
        (15, "duplicate"),
        (17, "field"),
        (18, "dangling-link"),
    ]
    assert all(d.path.endswith("evaluation_anomalies.txt") for d in result.diagnostics)
    assert len(result.of_type(Measure)) == 3


def test_load_windows_1250_file_loads_like_utf8(tmp_path: Path) -> None:
    # Czech files saved by Windows tools come in Windows-1250.
    text = (FIXTURES / "evaluation_small.txt").read_text(encoding="utf-8")
    path = tmp_path / "zprava.txt"
    path.write_bytes(text.encode("cp1250"))
    utf8 = evaluation.load(read_document(FIXTURES / "evaluation_small.txt"))
    cp1250 = evaluation.load(read_document(path))
    assert cp1250.document.encoding == "cp1250"
    assert [m.id for m in cp1250.of_type(Measure)] == [m.id for m in utf8.of_type(Measure)]
    assert cp1250.of_type(Plan)[0].town == "Jablunec"


def test_load_every_record_carries_source_span() -> None:
    # Provenance everywhere: each record names its document and lines.
    result = evaluation.load(read_document(FIXTURES / "evaluation_small.txt"))
    for record in result.records:
        source = record.source  # type: ignore[attr-defined]
        assert source.document == "evaluation_small.txt" and source.first_line >= 1


# --- seed 000 ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> LoadResult:
    matches = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("../shared/seeds/000_*.txt is absent")
    return evaluation.load(read_document(matches[0]))


@pytest.mark.seeds
def test_seed_000_sniff_recognises_only_000() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    scores = {p.name[:3]: evaluation.sniff(read_document(p)).score for p in SEEDS.glob("*.txt")}
    assert scores.pop("000") == 100
    assert set(scores.values()) == {0}


@pytest.mark.seeds
def test_seed_000_counts(seed: LoadResult) -> None:
    # Sections B.1–B.4; priorities 4+1+1+1; general goals 6+1+1+1; measures 12+3+4+3.
    goals = seed.of_type(Goal)
    assert [a.id for a in seed.of_type(Area)] == ["B.1", "B.2", "B.3", "B.4"]
    assert sum(g.level == "strategic" for g in goals) == 7
    assert sum(g.level == "specific" for g in goals) == 9
    assert len(seed.of_type(Measure)) == 22
    lines = seed.of_type(BudgetLine)
    assert len(lines) == 13
    assert sum(line.amount.czk is not None for line in lines) == 5
    assert seed.diagnostics == ()


@pytest.mark.seeds
def test_seed_000_plan(seed: LoadResult) -> None:
    (plan,) = seed.of_type(Plan)
    assert (plan.slug, plan.town, plan.kind) == ("zatec-evaluation", "Žatec", "evaluation")
    assert plan.title == "PRŮBĚŽNÉ VYHODNOCENÍ PLÁNU SOCIÁLNÍHO ZAČLEŇOVÁNÍ"
    assert plan.vision is not None and plan.vision.startswith("Prostřednictvím systematické")


@pytest.mark.seeds
def test_seed_000_shared_line_b1(seed: LoadResult) -> None:
    # Line 37 on B.1/1.1.3: "1 417 500 Kč/OPZ (1.1.1, 1.1.2 a 1.1.3)".
    lines = {line.id: line for line in seed.of_type(BudgetLine)}
    line = lines["B.1/budget/1.1.1-1.1.3"]
    assert line.amount.czk == Decimal("1417500") and line.source.first_line == 37
    assert line.measures == ("B.1/1.1.1", "B.1/1.1.2", "B.1/1.1.3")
    assert [f.text for f in line.funding_sources] == ["OPZ"]
    measures = _measures(seed)
    assert measures["B.1/1.1.3"].cost is not None
    for number in ("1.1.1", "1.1.2"):
        measure = measures[f"B.1/{number}"]
        assert measure.budget_line == line.id
        assert ("budget", "B.1/1.1.3") in [(x.kind, x.target) for x in measure.links]


@pytest.mark.seeds
def test_seed_000_shared_line_b3(seed: LoadResult) -> None:
    # Line 201 on B.3/1.1.4: "12 406 800 Kč/OPZ (1.1.1, 1.1.2, 1.1.3 a 1.1.4)".
    lines = {line.id: line for line in seed.of_type(BudgetLine)}
    line = lines["B.3/budget/1.1.1-1.1.4"]
    assert line.amount.czk == Decimal("12406800")
    assert line.measures == ("B.3/1.1.1", "B.3/1.1.2", "B.3/1.1.3", "B.3/1.1.4")


@pytest.mark.seeds
def test_seed_000_area_links(seed: LoadResult) -> None:
    # B.3/1.1.4 "Posiluje opatření v oblasti zaměstnanosti" → B.2;
    # B.2/1.1.1 "Posiluje opatření zaměřená na zadluženost" → B.3.
    measures = _measures(seed)
    areas = {
        m.id: [x.target for x in m.links if x.kind == "area"]
        for m in measures.values()
        if any(x.kind == "area" for x in m.links)
    }
    assert areas == {"B.3/1.1.4": ["B.2"], "B.2/1.1.1": ["B.3"]}


@pytest.mark.seeds
def test_seed_000_guarantors_and_groups(seed: LoadResult) -> None:
    measures = _measures(seed)
    assert [g.text for g in measures["B.1/4.1.2"].guarantors] == ["NNO", "Město", "ASZ"]
    assert [g.text for g in measures["B.4/1.1.2"].guarantors] == [
        "Město",
        "KP",
        "LP",
        "Rada města",
    ]
    assert [g.text for g in measures["B.1/1.1.1"].target_groups] == [
        "Rodiny s dětmi",
        "Těhotné ženy a dospívající dívky 13+",
        "Osoby sociálně vyloučené a ohrožené sociálním vyloučením",
    ]
    assert [g.text for g in measures["B.3/1.1.3"].target_groups] == [
        "Spolupracující NNO",
        "Pracovníci MěÚ Žatec",
        "Odborná veřejnost",
    ]


@pytest.mark.seeds
def test_seed_000_statuses_as_printed(seed: LoadResult) -> None:
    measures = _measures(seed)
    statuses = {k: m.status.text for k, m in measures.items() if m.status is not None}
    assert len(statuses) == 22
    assert statuses["B.1/2.1.2"] == "TRVÁ – ZAHÁJENÍ OD 7/2023"
    assert statuses["B.1/4.1.1"] == "NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2023"
    assert statuses["B.4/1.1.2"] == "ZATÍM NEPLNĚNO – CHYBÍ ZADÁNÍ VÝZKUMU"
    assert statuses["B.2/1.1.3"] == "PLNĚNO"


@pytest.mark.seeds
def test_seed_000_needs_and_continuation(seed: LoadResult) -> None:
    measures = _measures(seed)
    needs = [x.raw for x in measures["B.1/1.1.1"].links if x.kind == "need"]
    assert needs == ["nedostatečná výživa", "nevhodné stravovací návyky v rodině"]
    # Line 74 "<TAB>Snižování rizikového chování …" after a blank line continues impacts.
    impacts = measures["B.1/2.1.2"].impacts
    assert impacts is not None and impacts.endswith("podpory dětí a mládeže")
    assert measures["B.1/2.1.2"].source.last_line == 79
    # B.2/1.1.3 has no cost field and no shared line lists it.
    assert measures["B.2/1.1.3"].budget_line is None


def test_load_title_on_line_after_number_is_read() -> None:
    # A converter that broke "1.1.1 Opatření<TAB>Od roku 2023 …" after the label.
    result = _load(*HEAD, "1.1.1 Opatření", "Kurzy pro rodiče", "Garant:\tNNO")
    measure = result.of_type(Measure)[0]
    assert (measure.title, measure.source.first_line) == ("Kurzy pro rodiče", 8)
    assert result.diagnostics == ()


def test_infer_town_leaves_the_next_group_out_of_the_name() -> None:
    # "Pracovníci MěÚ Dolní Dvůr Senioři" (a run-together target-group cell) beside "Město
    # Dolní Dvůr": "Senioři" starts the next group; it made the plan "dolni-dvur-senioři".
    assert infer_town(["Pracovníci MěÚ Dolní Dvůr Senioři", "Město Dolní Dvůr"]) == "Dolní Dvůr"
    # a name completed after "nad", "pod", "u", "v", "na" seen half as often still wins: a
    # title broken before "nad Orlicí"
    assert infer_town(["Město Horní Ves", "Město Horní Ves nad Orlicí"]) == "Horní Ves nad Orlicí"
