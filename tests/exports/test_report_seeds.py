"""Report figures on the seeds, each checked by reading the documents (skipped without them).

Žatec's interim evaluation (000) rates 22 measures under "Hodnocení:": NEPLNĚNO at lines 14,
23, 31, 42, 50, 114 and 169; PLNĚNO at 62, 83, 138, 146 and 156; TRVÁ at 70, 92, 103, 124,
178, 186, 194, 209 and 228; ZATÍM NEPLNĚNO at 218. Sections B.1 (line 9), B.2 (133), B.3 (164)
and B.4 (204) hold 12, 3, 4 and 3 of them. Its "Náklady/zdroj" lines give 1 417 500, 4 861 500
and 12 526 920 Kč (B.1), 13 515 264 Kč (B.2) and 12 406 800 Kč (B.3) from OPZ: five lines for
13 measures, 44 727 984 Kč; "Vlastní zdroje" (no amount) at lines 88, 98, 108, 120, 129 (B.1)
and 214, 224, 233 (B.4).

Ostrava's action plan (001) has 47 measure cards ("Opatření 1.1.1.1" …): 6, 9, 13, 9, 3 and 7
in areas 1 to 6. Their "Předpokládané náklady" add up per area to 175 mil. (25 mil. shared by
four cards through "Viz opatření 1.1.1.1", 100 and 50 mil.), 94 mil. (10+10+15+15+5+5+7+12+15),
68.8 mil., 222 mil., 10.03 mil. and 34.13 mil.: 603 960 000 Kč in 40 lines.
"""

from __future__ import annotations

import shutil

import pytest

from vazby.exports.report import build_report

pytestmark = [
    pytest.mark.seeds,
    pytest.mark.skipif(shutil.which("dot") is None, reason="no Graphviz dot"),
]


def _tables(report) -> dict:
    return {t.key: t for s in report.sections for t in s.tables}


@pytest.fixture(scope="module")
def zatec(seed_graph):
    return build_report(seed_graph, plan="zatec-evaluation")


@pytest.fixture(scope="module")
def ostrava(seed_graph):
    return build_report(seed_graph, plan="ostrava-2022-2027")


def test_report_seeds_zatec_title_names_town(zatec):
    assert zatec.title.startswith("Zpráva o plánu: Město Žatec — PRŮBĚŽNÉ VYHODNOCENÍ")
    assert zatec.documents == ("000_99f841e82baf2f12.txt",)


def test_report_seeds_zatec_measures_by_status(zatec):
    table = _tables(zatec)["by-status"]
    assert {row[1]: row[2] for row in table.rows} == {
        "neplněno": 7,
        "plněno": 5,
        "trvá": 9,
        "zatím neplněno": 1,
    }
    assert table.total[-1] == 22


def test_report_seeds_zatec_measures_by_area(zatec):
    rows = _tables(zatec)["by-area"].rows
    assert [(r[1], r[3]) for r in rows] == [("B.1", 12), ("B.2", 3), ("B.3", 4), ("B.4", 3)]


def test_report_seeds_zatec_funding_by_area_and_source(zatec):
    tables = _tables(zatec)
    by_area = {r[1].split()[0]: (r[2], r[3], r[4]) for r in tables["funding-area"].rows}
    assert by_area["B.1"] == (3 + 5, 12, "18 805 920")  # three OPZ lines, five own-resource
    assert by_area["B.2"] == (1, 2, "13 515 264")
    assert by_area["B.3"] == (1, 4, "12 406 800")
    opz = next(r for r in tables["funding-source"].rows if r[1] == "Operační program Zaměstnanost")
    assert opz[2:] == (5, 13, "44 727 984")
    assert tables["funding-source"].total[-1] == "44 727 984"


def test_report_seeds_ostrava_measures_and_funding_by_area(ostrava):
    tables = _tables(ostrava)
    assert [(r[1], r[3]) for r in tables["by-area"].rows] == [
        ("1", 6),
        ("2", 9),
        ("3", 13),
        ("4", 9),
        ("5", 3),
        ("6", 7),
    ]
    amounts = {r[1].split()[0]: r[4] for r in tables["funding-area"].rows}
    assert amounts == {
        "1": "175 000 000",
        "2": "94 000 000",
        "3": "68 800 000",
        "4": "222 000 000",
        "5": "10 030 000",
        "6": "34 130 000",
    }
    assert tables["funding-area"].total == ("", "celkem", 40, "", "603 960 000")
    assert tables["funding-source"].total[-1] == "603 960 000"


def test_report_seeds_ostrava_cross_area_link_read_at_its_line(ostrava):
    """Measure 2.1.3.4's card links 'Specifický cíl 4.1.2' (area 4) at line 422."""
    rows = _tables(ostrava)["cross-area"].rows
    assert (
        "ostrava-2022-2027",
        "2.1.3.4 (oblast 2)",
        "4.1.2 (oblast 4)",
        "goal",
        "Specifický cíl 4.1.2",
        "001_d1cc97050fcb290c.txt:422",
    ) in rows


def test_report_seeds_ostrava_disagreement_of_card_and_table(ostrava):
    """Card 1.1.1.1 says '25 mil. Kč', the financing table '15 mil. Kč (3 roky)'."""
    rows = _tables(ostrava)["disagreements"].rows
    assert any("1.1.1.1" in r[2] and "25 mil. Kč" in r[2] and "15 mil. Kč" in r[2] for r in rows)


def test_report_seeds_maps_per_plan_area_and_actors(ostrava):
    maps = [m.key for s in ostrava.sections for m in s.maps]
    assert maps[0] == "map-ostrava-2022-2027"
    assert [k for k in maps if k.startswith("map-ostrava-2022-2027-")] == [
        f"map-ostrava-2022-2027-{area}" for area in "123456"
    ]
    assert "actors-ostrava-2022-2027" in maps
