"""The core commands through click: build, info, table measures, validate; errors as path:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.cli import COMMANDS, main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

MEASURE_KEYS = [
    "plan",
    "id",
    "title",
    "area",
    "goal",
    "guarantors",
    "target_groups",
    "funding_sources",
    "cost_czk",
    "status",
    "links",
    "source",
]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory):
    if not any(EXAMPLES.glob("*.txt")):
        pytest.skip("no bundled examples yet")
    out = tmp_path_factory.mktemp("g") / "graph.ttl"
    result = CliRunner().invoke(
        main, ["build", str(EXAMPLES), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out


def test_every_command_has_help_with_an_example(runner):
    for name in COMMANDS:
        result = runner.invoke(main, [name, "--help"], catch_exceptions=False)
        assert result.exit_code == 0
        assert "vazby " in result.output, f"{name} help has no example"


def test_build_examples_writes_graph_and_summary(example_graph):
    assert example_graph.stat().st_size > 1000


def test_info_counts_plans_and_classes(runner, example_graph):
    result = runner.invoke(main, ["info", str(example_graph)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "vz:Measure" in result.output
    assert "plans:" in result.output


def test_table_measures_json_has_exact_keys(runner, example_graph):
    result = runner.invoke(
        main, ["table", "measures", str(example_graph), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows
    for row in rows:
        assert list(row) == MEASURE_KEYS
        assert isinstance(row["guarantors"], list) and isinstance(row["links"], list)
        assert row["cost_czk"] is None or isinstance(row["cost_czk"], (int, float))
        assert ":" in row["source"]


def test_table_measures_csv_joins_lists(runner, example_graph):
    result = runner.invoke(
        main, ["table", "measures", str(example_graph), "--format", "csv"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == ",".join(MEASURE_KEYS)


def test_table_measures_unknown_plan_exits_1(runner, example_graph):
    result = runner.invoke(main, ["table", "measures", str(example_graph), "--plan", "nowhere"])
    assert result.exit_code == 1
    assert "nowhere" in result.output


def test_validate_examples_conforms(runner, example_graph):
    result = runner.invoke(main, ["validate", str(example_graph)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        ("Nákupní seznam\nmléko\nchléb\n".encode(), "no loader recognises"),
    ],
)
def test_build_bad_file_reports_path_line_and_exits_1(runner, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = runner.invoke(main, ["build", str(bad), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_build_strict_fails_on_diagnostics(runner, tmp_path):
    if not any(EXAMPLES.glob("*.txt")):
        pytest.skip("no bundled examples yet")
    result = runner.invoke(
        main, ["build", str(EXAMPLES), "--strict", "-o", str(tmp_path / "g.ttl")]
    )
    assert result.exit_code == 1  # the examples carry deliberate inconsistencies
    assert ": numbering:" in result.output or ": card-table-mismatch:" in result.output


def test_build_store_reopened_without_parsing(runner, tmp_path):
    if not any(EXAMPLES.glob("*.txt")):
        pytest.skip("no bundled examples yet")
    store = tmp_path / "store"
    result = runner.invoke(
        main, ["build", str(EXAMPLES), "--store", str(store)], catch_exceptions=False
    )
    assert result.exit_code == 0
    again = runner.invoke(
        main, ["table", "measures", str(store), "--format", "json"], catch_exceptions=False
    )
    assert again.exit_code == 0
    assert len(again.output.splitlines()) > 5


def test_info_on_missing_graph_is_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["info", str(tmp_path / "none.ttl")])
    assert result.exit_code == 2


def test_info_on_broken_turtle_names_file(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b ", encoding="utf-8")
    result = runner.invoke(main, ["info", str(bad)])
    assert result.exit_code == 1
    assert "bad.ttl" in result.output


def test_every_command_and_subcommand_is_documented_in_readme():
    import click

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"vazby {name}" in readme, f"README does not document `vazby {name}`"
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert f"vazby {name} {sub}" in readme, f"README lacks `vazby {name} {sub}`"


@pytest.mark.parametrize("ending", ["ttl", "nt", "jsonld", "trig"])
def test_build_output_in_missing_folder_is_an_error_not_a_traceback(runner, tmp_path, ending):
    out = tmp_path / "no-such-folder" / f"g.{ending}"
    result = runner.invoke(main, ["build", str(EXAMPLES), "-q", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{out}: cannot write (" in result.output
    assert "the folder does not exist" in result.output
    assert "Traceback" not in result.output
    assert not out.parent.exists()
