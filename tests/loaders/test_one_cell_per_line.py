"""Cards printed one cell per line (LibreOffice's text export), and cards whose labels are
printed before their values (plain pdftotext), which are refused rather than guessed."""

from __future__ import annotations

import pytest

from vazby.errors import LoadError
from vazby.loaders import load_path
from vazby.loaders.records import Measure

ACTION_PLAN = """\ufeffAkční plán města Horní Lhota

1 Bydlení

Strategický cíl 1.1: Zajistit dostupné bydlení

Specifický cíl 1.1.1: Do roku 2026 získá bydlení 20 domácností

Opatření 1.1.1.1
Startovací byty
Popis opatření
Rekonstrukce pěti bytů pro mladé rodiny.
Odpovědný subjekt
Město Horní Lhota
Harmonogram
01/2025–12/2026
Předpokládané náklady
3 mil. Kč
Zdroje financování
IROP, rozpočet města
Vazba na další cíle
Specifický cíl 1.1.1

Opatření 1.1.1.2
Kontaktní místo pro bydlení
Odpovědný subjekt
NNO
Harmonogram
2025
Předpokládané náklady
-
Zdroje financování
OPZ+
Vazba na další cíle
-
"""


def test_label_alone_takes_the_next_line_as_its_value(tmp_path):
    # "Harmonogram" / "01/2025–12/2026": a two-column table exported one cell per line
    path = tmp_path / "plan.txt"
    path.write_text(ACTION_PLAN, encoding="utf-8")
    result = load_path(path)
    first, second = result.of_type(Measure)
    assert (first.number, first.title) == ("1.1.1.1", "Startovací byty")
    assert [m.text for m in first.guarantors] == ["Město Horní Lhota"]
    assert first.cost is not None and int(first.cost.czk or 0) == 3_000_000
    assert [m.text for m in first.funding_sources] == ["IROP", "rozpočet města"]
    assert (first.schedule.start, first.schedule.end) == ("2025-01", "2026-12")  # type: ignore[union-attr]
    # "Vazba na další cíle" / "Specifický cíl 1.1.1": a value, not a new goal heading
    assert [link.target for link in first.links] == ["1.1.1"]
    assert second.goal == first.goal
    assert [m.text for m in second.funding_sources] == ["OPZ+"]


EVALUATION = """C.1/ RODINA a ŠKOLA
1 PRIORITA
PODPORA RODIN
1.1 Obecný cíl
Do roku 2026 posílí 40 rodin své kompetence
1.1.1 Opatření
Od roku 2024 probíhají setkání rodičů
Hodnocení:
PLNĚNO
Garant:
NNO, Město
Vazba na analýzu, další opatření a cíle:
Potřeba definovaná pracovní skupinou: nízká informovanost rodičů
"""


def test_evaluation_label_alone_with_colon_takes_the_next_line(tmp_path):
    # "Vazba na analýzu, další opatření a cíle:" / "Potřeba …: nízká …": the value may hold
    # a colon of its own
    path = tmp_path / "zprava.txt"
    path.write_text(EVALUATION, encoding="utf-8")
    result = load_path(path, "evaluation")
    [measure] = result.of_type(Measure)
    assert measure.status is not None and measure.status.text == "PLNĚNO"
    assert [m.text for m in measure.guarantors] == ["NNO", "Město"]
    assert not [d for d in result.diagnostics if d.kind == "field" and "Potřeba" in d.message]


STACKED = """C.1/ RODINA a ŠKOLA
1 PRIORITA
1.1 Obecný cíl
1.1.1 Opatření
Hodnocení:
Cílová skupina:
Garant:
Vazba na analýzu, další opatření a
cíle:
Náklady/zdroj:

PODPORA RODIN
Do roku 2026 posílí 40 rodin své kompetence
Od roku 2024 probíhají setkání rodičů
PLNĚNO
Rodiny s dětmi
NNO, Město
"""


@pytest.mark.parametrize("loader", [None, "evaluation"])
def test_labels_printed_before_values_are_refused_not_guessed(tmp_path, loader):
    # plain pdftotext: "Hodnocení:" / "Cílová skupina:" / "Garant:" … then the values
    path = tmp_path / "zprava.txt"
    path.write_text(STACKED, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_path(path, loader)
    message = str(info.value)
    assert message.startswith(f"{path}:5:")
    assert "labels and values cannot be told apart" in message
    assert "pdftotext -layout" in message


def test_a_card_with_few_empty_fields_in_a_row_is_not_a_stack(tmp_path):
    # three empty values in a tab card are cells, not a stack of labels
    text = ACTION_PLAN.replace(
        "Opatření 1.1.1.2\nKontaktní místo pro bydlení\n",
        "Opatření 1.1.1.2\tKontaktní místo pro bydlení\nHarmonogram\t\nPředpokládané náklady\t\n"
        "Zdroje financování\t\nOdpovědný subjekt\tNNO\n",
    )
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    assert len(load_path(path).of_type(Measure)) == 2
