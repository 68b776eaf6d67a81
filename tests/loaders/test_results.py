"""The results loader: a summary of achievements per town (seed 003 layout).

Unit tests use made-up towns, written inline or in ``tests/fixtures/results_small.txt``;
the seed tests at the end read ``../shared/seeds`` and are skipped when it is absent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from vazby.loaders import results
from vazby.loaders.figures import parse_figures
from vazby.loaders.records import Achievement, Document, LoadResult, Town
from vazby.loaders.text import decode_bytes, read_document

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"


def _doc(*lines: str, name: str = "vysledky.md") -> Document:
    return Document(name, name, "0" * 64, "utf-8", tuple(lines))


def _load(*lines: str) -> LoadResult:
    return results.load(_doc(*lines))


def _figures(text: str) -> list[tuple[str, str]]:
    return [(str(f.quantity), f.unit) for f in parse_figures(text)]


# -- figures -------------------------------------------------------------------------------


def test_figures_count_and_noun_after_number_parsed():
    """ "zaměstnání 187 osob z řad dlouhodobě nezaměstnaných": the noun after the number."""
    assert _figures("zaměstnání 42 osob z řad nezaměstnaných") == [("42", "osob")]


def test_figures_adjective_and_noun_kept_together():
    """ "31 pracovních míst": the unit is the adjective and its noun."""
    assert _figures("vytvoření 9 pracovních míst u technických služeb") == [
        ("9", "pracovních míst")
    ]
    assert _figures("(3 startovací byty)") == [("3", "startovací byty")]


def test_figures_percent_after_preposition_parsed():
    """ "pokles … o 46 procent", also written with a sign."""
    assert _figures("pokles dluhů o 18 procent") == [("18", "procent")]
    assert _figures("pokles dluhů o 18 %") == [("18", "procent")]


def test_figures_years_in_brackets_are_not_figures():
    """ "181 dětí a mládeže (2013) a 143 (2014)": years are not figures; 143 counts dětí."""
    assert _figures("zapojení 64 dětí a mládeže (2017) a 71 (2018)") == [
        ("64", "dětí"),
        ("71", "dětí"),
    ]


def test_figures_year_after_rok_is_not_a_figure():
    """ "účast 82 dětí v roce 2013 na příměstských táborech"."""
    assert _figures("účast 30 dětí v roce 2017 na táborech") == [("30", "dětí")]


def test_figures_number_before_verb_takes_previous_unit():
    """ "podpora 97 osob dluhovou poradnou, 19 započalo oddlužovací proces"."""
    assert _figures("podpora 57 osob, 14 vstoupilo do oddlužení") == [
        ("57", "osob"),
        ("14", "osob"),
    ]
    assert _figures("230 osob v kurzech (56 z nich rekvalifikováno)") == [
        ("230", "osob"),
        ("56", "osob"),
    ]


def test_figures_n_of_m_takes_unit_after_m():
    """ "na 4 z 5 základních škol"."""
    assert _figures("na 2 z 3 základních škol") == [
        ("2", "základních škol"),
        ("3", "základních škol"),
    ]


def test_figures_cardinal_words_parsed_and_durations_skipped():
    """ "(tři asistenti)", "zřízení dvou předškolních klubů", but "za poslední dva roky"."""
    assert _figures("zavedení asistentů (dva asistenti)") == [("2", "asistenti")]
    assert _figures("zřízení šesti předškolních klubů") == [("6", "předškolních klubů")]
    assert _figures("pokles za poslední dva roky") == []


def test_figures_fraction_kept_as_share_in_percent():
    """ "v roce 2013 zapojeno 150 osob, z toho 1/3 sociálně vyloučených"."""
    figures = parse_figures("zapojeno 150 osob, z toho 1/4 z lokality")
    assert [(str(f.quantity), f.unit, f.raw) for f in figures] == [
        ("150", "osob", "150 osob"),
        ("25", "procent", "1/4"),
    ]


def test_figures_times_take_noun_before():
    """ "(domovní schůze 6x, brigády 5x, domovnictví)"."""
    assert _figures("(sousedské schůzky 4x, úklidy 3x)") == [
        ("4", "sousedské schůzky"),
        ("3", "úklidy"),
    ]


def test_figures_approximate_and_thousands_parsed():
    """ "(zapojeno cca 30 osob)"; "3 754 obyvatel" with a thousands space."""
    (figure,) = parse_figures("zapojeno cca 40 osob")
    assert figure.approximate and figure.raw == "cca 40 osob"
    assert parse_figures("žije zde 3 754 obyvatel")[0].quantity == Decimal(3754)


def test_figures_ordinal_date_is_not_a_figure():
    """Dates such as "28. října" are not counts."""
    assert _figures("otevřeno 28. října v ZŠ") == []


# -- towns and achievements ---------------------------------------------------------------


def test_results_fixture_towns_and_achievements_loaded():
    """### headings over "- " bullets, a blank line inside a town's list."""
    result = results.load(read_document(FIXTURES / "results_small.txt"))
    towns = result.of_type(Town)
    assert [(t.id, t.name) for t in towns] == [
        ("dolni-lhota", "Dolní Lhota"),
        ("horni-briza", "Horní Bříza"),
    ]
    achievements = result.of_type(Achievement)
    assert [a.id for a in achievements] == [
        "dolni-lhota/1", "dolni-lhota/2", "dolni-lhota/3", "dolni-lhota/4", "dolni-lhota/5",
        "horni-briza/1", "horni-briza/2",
    ]  # fmt: skip
    assert result.diagnostics == ()


def test_results_bold_emphasis_removed_and_period_from_title():
    """ "- **zaměstnání 187 osob …**" under a title "… ČERVEN 2011 – ČERVEN 2014"."""
    result = results.load(read_document(FIXTURES / "results_small.txt"))
    first = result.of_type(Achievement)[0]
    assert first.text == "zaměstnání 42 osob z řad dlouhodobě nezaměstnaných"
    assert first.period == "2016-01/2018-12"
    assert first.town == "dolni-lhota"
    assert str(first.source) == "results_small.txt:6"


def test_results_continuation_line_joined_to_bullet():
    """A bullet wrapped onto the next line is one achievement spanning both lines."""
    result = results.load(read_document(FIXTURES / "results_small.txt"))
    enterprise = result.of_type(Achievement)[4]
    assert enterprise.text.endswith("zaměstnává osoby se zdravotním postižením (9 pracovních míst)")
    assert (enterprise.source.first_line, enterprise.source.last_line) == (11, 12)
    assert [(str(f.quantity), f.unit) for f in enterprise.figures] == [("9", "pracovních míst")]


def test_results_paragraph_outside_bullets_reported_unplaced():
    """A line that is neither a heading nor a bullet is reported, not dropped."""
    result = _load(
        "### Lhota",
        "- první",
        "- druhý",
        "",
        "Poznámka: čísla jsou předběžná.",
        "### Horka",
        "- třetí",
        "- čtvrtý",
    )
    assert len(result.of_type(Achievement)) == 4
    assert [(d.line, d.kind) for d in result.diagnostics] == [(5, "unplaced")]
    assert "předběžná" in result.diagnostics[0].message


def test_results_bullet_before_town_reported_unplaced():
    """A bullet under the title but before any town cannot be placed."""
    result = _load("# VÝSLEDKY 2019 – 2020", "- obecný výsledek", "### Lhota", "- první", "- druhý")
    assert [a.id for a in result.of_type(Achievement)] == ["lhota/1", "lhota/2"]
    assert [(d.line, d.kind) for d in result.diagnostics] == [(2, "unplaced")]


def test_results_bold_line_heading_and_sub_bullets_joined():
    """Another converter: towns as whole-bold lines, details as indented bullets."""
    result = _load(
        "**Lhota**", "- zavedení nových služeb:", "  - dluhové poradenství",
        "  - pracovní poradenství", "**Horka**", "- zřízení klubu", "- nový domovník",
    )  # fmt: skip
    achievements = result.of_type(Achievement)
    assert (
        achievements[0].text == "zavedení nových služeb:; dluhové poradenství; pracovní poradenství"
    )
    assert [t.name for t in result.of_type(Town)] == ["Lhota", "Horka"]


def test_results_repeated_town_heading_reported_duplicate():
    """The same town twice: one Town, numbering goes on, a "duplicate" diagnostic."""
    result = _load("### Lhota", "- a", "- b", "### Horka", "- c", "- d", "### Lhota", "- e")
    assert [t.id for t in result.of_type(Town)] == ["lhota", "horka"]
    assert result.of_type(Achievement)[-1].id == "lhota/3"
    assert [(d.line, d.kind, d.related) for d in result.diagnostics] == [(7, "duplicate", (1,))]


def test_results_windows_1250_file_loaded(tmp_path):
    """A Windows-1250 export loads the same as UTF-8."""
    path = tmp_path / "vysledky.txt"
    path.write_bytes((FIXTURES / "results_small.txt").read_text(encoding="utf-8").encode("cp1250"))
    document = read_document(path)
    assert document.encoding == "cp1250"
    assert results.sniff(document).score > 0
    assert len(results.load(document).of_type(Achievement)) == 7
    assert decode_bytes("Bříza".encode("cp1250"), "x")[0] == "Bříza"


def test_results_sniff_plain_prose_scores_zero():
    """Minutes or a plan have no town headings over bullet lists."""
    doc = _doc(
        "ZÁPIS", "z jednání pracovní skupiny", "Přítomni:", "Jana Nováková, Petr Malý", "1. Úvod"
    )
    assert results.sniff(doc).score == 0


# -- the seed ------------------------------------------------------------------------------


def _seed() -> LoadResult:
    matches = sorted(SEEDS.glob("003_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("../shared/seeds/003_*.txt is absent")
    return results.load(read_document(matches[0]))


@pytest.mark.seeds
def test_seed_003_towns_and_achievement_counts():
    result = _seed()
    counts = {t.name: 0 for t in result.of_type(Town)}
    by_id = {t.id: t.name for t in result.of_type(Town)}
    for a in result.of_type(Achievement):
        counts[by_id[a.town]] += 1
    assert counts == {
        "Kadaň": 22, "Krupka": 6, "Kolín": 5, "Sokolov": 6, "Mělnicko": 6, "Hodonín": 6,
        "Větrní": 4, "Vejprty": 4,
    }  # fmt: skip
    assert result.diagnostics == ()


@pytest.mark.seeds
def test_seed_003_period_and_figures():
    achievements = {a.id: a for a in _seed().of_type(Achievement)}
    assert {a.period for a in achievements.values()} == {"2011-06/2014-06"}

    def figures(ident: str) -> list[tuple[str, str]]:
        return [(str(f.quantity), f.unit) for f in achievements[ident].figures]

    assert figures("kadan/1") == [("187", "osob")]
    assert figures("kadan/2") == [("46", "procent")]
    assert figures("kadan/7") == [("10", "bytů")]
    assert figures("kadan/8") == [("181", "dětí"), ("143", "dětí")]
    assert figures("kadan/16") == [("97", "osob"), ("19", "osob")]
    assert figures("krupka/1") == [("31", "pracovních míst"), ("16", "osob"), ("15", "osob")]
    assert (
        figures("hodonin/1") == [("30", "osob")]
        and achievements["hodonin/1"].figures[0].approximate
    )
    assert figures("kadan/12") == []


@pytest.mark.seeds
def test_seed_003_sniffed_as_results():
    matches = sorted(SEEDS.glob("003_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("../shared/seeds/003_*.txt is absent")
    from vazby.loaders.detect import detect

    assert detect(read_document(matches[0]))[0] == "results"
