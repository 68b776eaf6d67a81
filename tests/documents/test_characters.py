"""Letters written one way: composed accents, Latin words in Latin letters."""

from __future__ import annotations

import unicodedata

from vazby.documents.detect import read_bytes
from vazby.documents.model import Table


def _texts(data: str, name: str = "plan.txt") -> tuple[list[str], list[str]]:
    source = read_bytes(data.encode("utf-8"), name)
    texts = [block.text for block in source.blocks if not isinstance(block, Table)]
    return texts, [note for _, note in source.notes]


def test_decomposed_accents_are_composed():
    # "Opatření 1.1 Startovací byty" saved on a Mac: "r" + combining caron
    texts, notes = _texts(unicodedata.normalize("NFD", "Opatření 1.1 Startovací byty\n"))
    assert texts == ["Opatření 1.1 Startovací byty"]
    assert notes == []


def test_a_latin_word_with_cyrillic_letters_is_set_in_latin_letters_and_noted():
    # "neformálních pečovatелů" (Cyrillic "ел") and "Оpatření" (a Cyrillic "О")
    texts, notes = _texts("Cílová skupina: neformálních pečovat\u0435\u043bů\n\u041epatření 2.1\n")
    assert texts == ["Cílová skupina: neformálních pečovatelů", "Opatření 2.1"]
    assert notes == ["words mixing Latin with Cyrillic or Greek letters set in Latin letters"] * 2


def test_a_word_wholly_in_another_script_is_left_as_it_is():
    texts, notes = _texts("Partner: Громада Київ, z. s.\n")
    assert texts == ["Partner: Громада Київ, z. s."]
    assert notes == []
