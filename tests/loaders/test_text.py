"""Reading documents: encodings, line ends, refusals; and the small parsers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vazby.errors import LoadError
from vazby.loaders.text import (
    clean_cell,
    expand_range,
    parse_czk,
    parse_refs,
    parse_schedule,
    read_document,
)

CZECH = (
    "Opatření 1.1.1.1\tZajištění bytů pro domácnosti v nouzi\n"
    "Odpovědný subjekt\tMěsto Horní Lhota\n"
)


def test_read_document_utf8_keeps_lines_and_hash(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(CZECH, encoding="utf-8")
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert doc.lines[1] == "Odpovědný subjekt\tMěsto Horní Lhota"
    assert len(doc.sha256) == 64
    assert doc.span(2).document == "plan.txt"


def test_read_document_cp1250_decodes_czech(tmp_path):
    """Czech Windows-1250 files are common: 'Odpovědný subjekt' must survive."""
    path = tmp_path / "plan.txt"
    path.write_bytes(CZECH.encode("cp1250"))
    doc = read_document(path)
    assert doc.encoding == "cp1250"
    assert "Odpovědný subjekt\tMěsto Horní Lhota" in doc.lines


def test_read_document_crlf_and_bom_normalised(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xef\xbb\xbf" + CZECH.replace("\n", "\r\n").encode("utf-8"))
    doc = read_document(path)
    assert doc.lines[0].startswith("Opatření")
    assert all("\r" not in line for line in doc.lines)


def test_read_document_utf16_with_bom(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(CZECH.encode("utf-16"))
    assert read_document(path).lines[0].startswith("Opatření 1.1.1.1")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("Opatření".encode()[:-1], "truncated"),
    ],
)
def test_read_document_bad_bytes_raise_load_error_with_path(tmp_path, data, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert words in str(info.value)


def test_read_document_missing_file_names_path(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        read_document(tmp_path / "nothing.txt")


@pytest.mark.parametrize(
    ("text", "czk", "approximate"),
    [
        ("25 mil. Kč", Decimal("25000000"), False),
        ("6,1 mil. Kč", Decimal("6100000"), False),
        ("30 tis. Kč", Decimal("30000"), False),
        ("1 417 500 Kč", Decimal("1417500"), False),
        ("Přibližně 50 mil. Kč", Decimal("50000000"), True),
        ("2,5 mld. Kč", Decimal("2500000000"), False),
        ("12 406 800 Kč/OPZ (1.1.1, 1.1.2, 1.1.3 a 1.1.4)", Decimal("12406800"), False),
        ("1.250.000,50 Kč", Decimal("1250000.5"), False),
        ("(100 mil.)", None, False),
        ("-", None, False),
        ("Vlastní zdroje", None, False),
    ],
)
def test_parse_czk_czech_forms_give_crowns(text, czk, approximate):
    amount = parse_czk(text)
    assert amount.czk == czk
    assert amount.approximate is approximate
    assert amount.raw == text


def test_parse_czk_reference_to_other_measure_kept():
    amount = parse_czk("Viz opatření 2.1.1.1")
    assert amount.czk is None and amount.reference == "2.1.1.1"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("01/2023–12/2025", "2023-01", "2025-12"),
        ("03/2023—02/2026", "2023-03", "2026-02"),
        ("2022–2025", "2022", "2025"),
        ("11/2022 – 2025", "2022-11", "2025"),
        ("9/2022 – 6/2023", "2022-09", "2023-06"),
        ("Zahájení v roce 2024", "2024", None),
        ("12/2023", None, "2023-12"),
        ("2023", "2023", "2023"),
        ("průběžně", None, None),
    ],
)
def test_parse_schedule_forms_give_start_and_end(text, start, end):
    schedule = parse_schedule(text)
    assert (schedule.start, schedule.end) == (start, end)


def test_parse_refs_list_with_a_gives_all():
    assert parse_refs("(2.1.1, 2.1.2, 2.1.3 a 2.1.4)") == ("2.1.1", "2.1.2", "2.1.3", "2.1.4")


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1.– 5.", (1, 2, 3, 4, 5)),
        ("1.- 5.", (1, 2, 3, 4, 5)),
        ("1. - 3.", (1, 2, 3)),
        ("4.", (4,)),
    ],
)
def test_expand_range_enumerations(text, numbers):
    assert expand_range(text) == numbers


def test_clean_cell_strips_html_and_markdown():
    assert clean_cell('<p>Text</p> <ul style="list-style-type: none"> - bod</ul>') == "Text - bod"


def test_read_document_iso_8859_2_not_mistaken_for_cp1250(tmp_path):
    """ISO-8859-2 puts š and ž where Windows-1250 has ą and ź: the Czech reading must win."""
    text = "Příspěvek města: šest žádostí, Šťastná rodina\n"
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("iso-8859-2"))
    doc = read_document(path)
    assert doc.encoding == "iso-8859-2"
    assert doc.lines[0] == text.strip()


def test_read_document_cp1250_with_s_and_z_carons(tmp_path):
    text = "Dluhová poradna: šest žádostí o oddlužení, Žatecký spolek\n"
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("cp1250"))
    doc = read_document(path)
    assert doc.encoding == "cp1250"
    assert doc.lines[0] == text.strip()
