"""detect: the loader picked by content; long documents sniffed by their opening first."""

from __future__ import annotations

from pathlib import Path

import pytest

from vazby.errors import DetectError
from vazby.loaders.detect import PREFIX_LINES, detect
from vazby.loaders.text import read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_detect_layout_after_a_long_introduction(tmp_path):
    """A plan whose measure cards start only after many pages of prose is still recognised."""
    prose = [f"Úvodní text kapitoly, odstavec {n}." for n in range(PREFIX_LINES + 50)]
    body = (FIXTURES / "evaluation_small.txt").read_text(encoding="utf-8")
    path = tmp_path / "long.txt"
    path.write_text("\n".join(prose) + "\n" + body, encoding="utf-8")
    assert detect(read_document(path))[0] == "evaluation"


def test_detect_unknown_document_lists_every_loaders_reason(tmp_path):
    path = tmp_path / "recipe.txt"
    path.write_text("Bábovka\nmouka 250 g\nvejce 4 ks\n", encoding="utf-8")
    with pytest.raises(DetectError) as info:
        detect(read_document(path))
    message = str(info.value)
    for name in ("action-plan", "evaluation", "minutes", "results", "programme-report"):
        assert name in message


def test_detect_outline_is_the_last_resort_and_says_why(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Plán\nCíl 1 Práce\nOpatření 1.1: Služba\nGarant: Obec\n", encoding="utf-8")
    name, reason = detect(read_document(path))
    assert name == "outline"
    assert reason == (
        "outline profile: 1 measures (the level it calls opatření), 100% of lines placed"
    )


def test_detect_refusal_names_the_outline_readers_closest_profile(tmp_path):
    path = tmp_path / "recipe.txt"
    path.write_text("Bábovka\nmouka 250 g\n", encoding="utf-8")
    with pytest.raises(DetectError) as info:
        detect(read_document(path))
    assert "outline: closest profile 'outline': no numbered headings" in str(info.value)
