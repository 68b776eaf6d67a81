"""Picking a reader by content, and refusing what vazby cannot read with what to do."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from vazby.documents import detect
from vazby.documents.detect import kind_of, read_path, sniff_path
from vazby.errors import LoadError


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf"),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), "docx"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}),
            "odt",
        ),
        ("Opatření 1.1.1.1\tKlub".encode(), "text"),
    ],
)
def test_kind_of_reads_content(data, kind):
    assert kind_of(data, "x") == kind


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old Microsoft Office"),
        (b"{\\rtf1\\ansi Plan}", "RTF"),
        (_zip({"xl/workbook.xml": b"<x/>"}), "Excel"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "spreadsheet",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "JPEG image"),
        (_zip({"notes.txt": b"x"}), "zip archive"),
        (b"PK\x03\x04 not really a zip", "damaged zip"),
        (b"\xef\xbb\xbf<!DOCTYPE html>\n<html><body><h1>Plan</h1>", "web page (HTML)"),
        (b"<!-- saved -->\n<html lang='cs'><p>Opatreni 1.1</p>", "web page (HTML)"),
    ],
)
def test_refused_kinds_say_what_they_are_and_what_to_do(data, words):
    with pytest.raises(LoadError) as info:
        kind_of(data, "plan.docx")
    message = str(info.value)
    assert message.startswith("plan.docx:0:")
    assert words in message
    assert "save it as .docx, .odt or PDF" in message


def test_a_pdf_named_txt_is_read_as_pdf_and_text_named_docx_as_text(tmp_path):
    # the name says nothing: "plan.docx" holding tab text is text
    path = tmp_path / "plan.docx"
    path.write_text("Harmonogram\t2024–2026\n", encoding="utf-8")
    source = read_path(path)
    assert source.kind == "text" and source.name == "plan.docx"
    assert kind_of(b"%PDF-1.4\n...", "plan.txt") == "pdf"


def test_missing_file_and_folder_are_clear_errors(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        read_path(tmp_path / "chybí.txt")
    with pytest.raises(LoadError, match="this is a folder, not a file"):
        read_path(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_says_permission_denied(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(LoadError, match="permission denied"):
            read_path(path)
    finally:
        path.chmod(0o644)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(detect, "MAX_BYTES", 10)
    path = tmp_path / "plan.txt"
    path.write_text("Opatření 1.1.1.1\tKlub\n", encoding="utf-8")
    with pytest.raises(LoadError, match="the limit is 10"):
        read_path(path)


def test_missing_reader_module_is_a_load_error_not_a_crash(monkeypatch):
    monkeypatch.setitem(detect.READERS, "pdf", "vazby.documents.no_such_reader")
    with pytest.raises(LoadError, match="cannot import"):
        detect.read_bytes(b"%PDF-1.7\n", "plan.pdf")


def test_sniff_path_refuses_binary_that_is_no_known_format(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(LoadError, match="binary"):
        sniff_path(path)


def test_kind_of_asks_each_reader_in_order_and_text_takes_the_rest(monkeypatch):
    # the readers' own sniff() is the one test of content: a reader that claims the bytes
    # reads them; the first in READERS order wins; what none claims is text
    from vazby.documents import detect, docx, odt

    data = "Opatření 1.1\tKlub".encode()
    assert detect.kind_of(data, "plan.txt") == "text"
    monkeypatch.setattr(odt, "sniff", lambda data: True)
    assert detect.kind_of(data, "plan.txt") == "odt"
    monkeypatch.setattr(docx, "sniff", lambda data: True)
    assert detect.kind_of(data, "plan.txt") == "docx"
    assert list(detect.READERS)[-1] == "text"
