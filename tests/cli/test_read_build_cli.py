"""``vazby read``, and builds that load nothing or walk folders by content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

MARKDOWN_CARD = "# Plán\n\n| Opatření 1.1.1.1 | Klub |\n|---|---|\n| Harmonogram | 2024\\-2026 |\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_read_text_shows_blocks_rows_and_locators(runner, tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN_CARD, encoding="utf-8")
    result = runner.invoke(main, ["read", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "plan.md: markdown, 2 blocks"
    assert "plan.md:1  heading 1  Plán" in lines
    assert any(
        line.startswith("plan.md:5") and "| Harmonogram | 2024-2026 |" in line for line in lines
    )


def test_read_json_has_cells_with_locators(runner, tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN_CARD, encoding="utf-8")
    result = runner.invoke(main, ["read", str(path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.output)
    table = data["blocks"][1]
    assert table["type"] == "table"
    cell = table["rows"][1]["cells"][1]
    assert (cell["text"], cell["locator"], cell["at"]["row"]) == ("2024-2026", "plan.md:5", 2)


def test_read_refused_file_prints_locator_and_message_exit_1(runner, tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = runner.invoke(main, ["read", str(path)])
    assert result.exit_code == 1
    assert f"{path}:0: error: this is an old Microsoft Office file" in result.output
    assert "save it as .docx, .odt or PDF" in result.output
    assert "Traceback" not in result.output


def test_read_terminal_output_has_no_escape_sequences(runner, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Garant\tMěsto \x1b[31mčervená\n", encoding="utf-8")
    result = runner.invoke(main, ["read", str(path)], catch_exceptions=False)
    assert "\x1b" not in result.output


def test_build_that_loads_nothing_exits_1_and_writes_nothing(runner, tmp_path):
    bad = tmp_path / "seznam.txt"
    bad.write_text("Nákupní seznam\nmléko\n", encoding="utf-8")
    out = tmp_path / "graph.ttl"
    for extra in ([], ["--store", str(tmp_path / "store")]):
        result = runner.invoke(main, ["build", str(bad), "-o", str(out), *extra])
        assert result.exit_code == 1
        assert "no document was loaded" in result.output
        assert f"{bad}:0: error: no loader recognises" in result.output
        assert not out.exists()


def test_build_folder_of_only_unreadable_files_says_so(runner, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.rtf").write_bytes(b"{\\rtf1\\ansi Plan}")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    out = tmp_path / "graph.ttl"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "the folder holds only files vazby cannot read (2 skipped)" in result.output
    assert "plan.rtf: skipped: this is an RTF document" in result.output
    assert not out.exists()


def test_build_folder_takes_files_by_content_and_reports_the_skipped(runner, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    # a plan saved without a .txt ending, and a note that is no plan
    shutil.copy(FIXTURES / "evaluation_small.txt", folder / "zprava-2024")
    (folder / "poznamky.md").write_text("Nákupní seznam\n", encoding="utf-8")
    out = tmp_path / "graph.ttl"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 documents, 5 measures" in result.output
    assert "poznamky.md: skipped: no loader recognises" in result.output
    assert out.exists()
