"""``vazby query …`` and ``vazby sparql`` on a small graph file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph  # noqa: E402

from vazby.cli import main  # noqa: E402
from vazby.cli.query import query  # noqa: E402


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "lhota.ttl"
    lhota_graph().graph.serialize(str(path), format="ox-turtle")
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_query_every_command_has_help_with_an_example():
    for name, command in query.commands.items():
        result = run("query", name, "--help")
        assert result.exit_code == 0, name
        assert "vazby " in (command.help or ""), name


def test_query_deps_json_rows_say_why(graph_file):
    result = run(
        "query",
        "deps",
        graph_file,
        "1.1.1.2",
        "--plan",
        "lhota",
        "--depth",
        "1",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {(r["id"], r["kind"], r["source"]) for r in rows} == {
        ("1.1.1", "part-of", "lhota-ap.txt:30-39"),
        ("1.1.1.1", "cost", "lhota-ap.txt:37"),
    }


def test_query_deps_ambiguous_identifier_exits_1_and_asks_for_plan(graph_file):
    result = run("query", "deps", graph_file, "1.1.1.1")
    assert result.exit_code == 1
    assert "choose one with --plan" in result.output


def test_query_path_unconnected_says_so(graph_file):
    base = "https://w3id.org/vazby/id/plan/"
    result = run(
        "query",
        "path",
        graph_file,
        base + "horni/measure/1.1.1.1",
        base + "lhota/measure/1.1.1.2",
        "--format",
        "csv",
    )
    assert result.exit_code == 0
    assert "are not connected" in result.output


def test_query_orphans_csv_has_one_row_per_reason(graph_file):
    result = run("query", "orphans", graph_file, "--kind", "unowned", "--format", "csv")
    assert result.exit_code == 0
    assert not result.stderr
    assert result.stdout.splitlines() == [
        "plan,id,reason,title,detail,source",
        "lhota,1.1.1.3,unowned,Domovník,no guarantor,lhota-ap.txt:40-49",
    ]


def test_query_orphans_with_no_answer_says_so_on_stderr(graph_file):
    result = run("query", "orphans", graph_file, "--kind", "unowned", "--plan", "horni")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no orphan measures" in result.stderr


def test_query_overlap_pairs_and_kinds(graph_file):
    pairs = run("query", "overlap", graph_file, "--pairs", "--format", "json")
    assert pairs.exit_code == 0
    assert len(pairs.output.splitlines()) == 2
    kinds = run("query", "overlap", graph_file, "--by", "kinds", "--format", "csv")
    assert kinds.output.splitlines()[1].startswith("Prostupné bydlení,2,")


def test_query_overlap_top_keeps_the_first_rows(graph_file):
    every = run("query", "overlap", graph_file, "--pairs", "--format", "json")
    top = run("query", "overlap", graph_file, "--pairs", "--top", "1", "--format", "json")
    assert top.exit_code == 0
    assert top.output.splitlines() == every.output.splitlines()[:1]
    spread = run("query", "overlap", graph_file, "--by", "plans", "--min", "1", "--top", "2")
    assert spread.exit_code == 0
    zero = run("query", "overlap", graph_file, "--top", "0")
    assert zero.exit_code != 0 and "--top" in zero.output


def test_query_audit_lists_findings(graph_file):
    result = run("query", "audit", graph_file, "--plan", "lhota", "--format", "json")
    assert result.exit_code == 0
    kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
    assert kinds == [
        "empty-goal",
        "missing-row",
        "cycle",
        "missing-row",
        "dangling-link",
        "card-table-mismatch",
        "missing-row",
        "total",
    ]


def test_query_list_names_the_named_queries():
    result = run("query", "list", "--format", "csv")
    assert result.exit_code == 0
    assert any(line.startswith("deps-up,") for line in result.output.splitlines())


def test_sparql_expression_with_predeclared_prefixes(graph_file):
    result = run(
        "sparql",
        graph_file,
        "-e",
        "SELECT ?id WHERE { ?m a vz:Measure ; vz:identifier ?id ; "
        'vz:inPlan/vz:identifier "horni" }',
        "--format",
        "csv",
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == ["id", "1.1.1.1"]


def test_sparql_syntax_error_reports_position_in_users_text(graph_file, tmp_path):
    query_file = tmp_path / "bad.rq"
    query_file.write_text("SELECT ?m WHERE {\n  ?m a vz:Measure .\n  ?m ?m }}\n", encoding="utf-8")
    result = run("sparql", graph_file, str(query_file))
    assert result.exit_code == 1
    assert "bad.rq: SPARQL error: error at line 3" in result.output
    assert "Traceback" not in result.output


def test_sparql_needs_exactly_one_query(graph_file):
    assert run("sparql", graph_file).exit_code == 2


def test_sparql_named_with_identifier_parameter(graph_file):
    result = run(
        "sparql",
        graph_file,
        "--named",
        "deps-down",
        "--param",
        "node=1.1.1.1",
        "--plan",
        "lhota",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    assert {json.loads(line)["id"] for line in result.output.splitlines()} == {
        "1.1.1.2",
        "budget/1.1.1.1",
    }


def test_sparql_bad_param_is_a_usage_error(graph_file):
    result = run("sparql", graph_file, "--named", "orphans", "--param", "plan")
    assert result.exit_code == 2


def test_query_audit_of_a_built_plan_lists_the_missing_row_without_a_note(tmp_path):
    plan = Path(__file__).resolve().parents[1] / "fixtures" / "action_plan_small.txt"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.txt").write_text(plan.read_text("utf-8"), "utf-8")
    out = tmp_path / "graph.nt"
    built = CliRunner().invoke(main, ["build", str(tmp_path / "docs"), "-o", str(out)])
    assert built.exit_code == 0, built.output
    plain = run("query", "audit", str(out), "--format", "csv")
    assert plain.exit_code == 0
    assert "missing-row" in plain.stdout and not plain.stderr
