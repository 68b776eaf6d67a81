"""The GRAPH-or-``--endpoint`` choice every question takes, without a store."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vazby.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UNREACHABLE = "http://127.0.0.1:9/sparql"


def test_table_measures_without_graph_or_endpoint_is_a_usage_error():
    result = CliRunner().invoke(main, ["table", "measures"])
    assert result.exit_code == 2
    assert "give a GRAPH (file or store folder) or --endpoint URL" in result.output


def test_query_deps_with_endpoint_takes_the_identifier_in_place_of_graph():
    result = CliRunner().invoke(main, ["query", "deps", "1.1.1.1", "--endpoint", UNREACHABLE])
    assert result.exit_code == 1
    assert f"error: {UNREACHABLE}: cannot run a query" in result.stderr


def test_info_with_unreachable_endpoint_names_it_and_prints_no_traceback():
    result = CliRunner().invoke(main, ["info", "--endpoint", UNREACHABLE])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert UNREACHABLE in result.stderr


def test_graph_file_still_works_beside_the_endpoint_option(tmp_path):
    out = tmp_path / "g.ttl"
    built = CliRunner().invoke(
        main, ["build", str(FIXTURES / "action_plan_small.txt"), "-o", str(out), "-q"]
    )
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(main, ["table", "measures", str(out), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.startswith("plan,id,title")


def test_missing_graph_file_is_a_usage_error_naming_it():
    result = CliRunner().invoke(main, ["info", "no-such.ttl"])
    assert result.exit_code == 2
    assert "no-such.ttl: no such graph file or store folder" in result.stderr


def test_publish_unreachable_store_exits_1_naming_it(tmp_path):
    out = tmp_path / "g.nt"
    CliRunner().invoke(
        main, ["build", str(FIXTURES / "action_plan_small.txt"), "-o", str(out), "-q"]
    )
    result = CliRunner().invoke(main, ["publish", str(out), "--endpoint", UNREACHABLE, "-q"])
    assert result.exit_code == 1
    assert "127.0.0.1:9/sparql" in result.stderr
