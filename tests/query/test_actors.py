"""Actors across documents: every raw mention of each canonical actor, in Python and SPARQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.cli.actors import actors as actors_command
from vazby.errors import UnknownEntity
from vazby.lang import fold
from vazby.loaders import load_path
from vazby.loaders.records import Document, LoadResult, Measure, Mention, Plan
from vazby.query.actors import MentionRef, actor_mentions, actors_in_documents
from vazby.query.named import run_named
from vazby.rdf.build import GraphBuilder, new_graph
from vazby.rdf.writers import save_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _plan() -> LoadResult:
    """A made-up plan: "ASZ" and "NNO" guarantee one measure, "Agenturou" another."""
    doc = Document(
        "plan_lhota.txt",
        "plan_lhota.txt",
        "ef" * 32,
        "utf-8",
        tuple(f"ř {n}" for n in range(1, 21)),
    )
    return LoadResult(
        doc,
        "action-plan",
        (
            Plan("lhota", "Plán Horní Lhota", "Horní Lhota", "action-plan", doc.span(1)),
            Measure("lhota", "1.1.1", "1.1.1", "Poradna", "1.1", "1", doc.span(3, 6),
                    guarantors=(Mention("ASZ", doc.span(4)), Mention("NNO", doc.span(5)))),
            Measure("lhota", "1.1.2", "1.1.2", "Kulaté stoly", "1.1", "1", doc.span(8, 9),
                    guarantors=(Mention("ve spolupráci s Agenturou", doc.span(9)),)),
        ),
    )  # fmt: skip


@pytest.fixture(scope="module")
def graph():
    g = new_graph()
    builder = GraphBuilder(g)
    builder.add_results([_plan(), load_path(FIXTURES / "minutes_lhota.txt", "minutes")])
    builder.add_vocabulary()
    builder.flush()
    return g


def _by_label(rows):
    return {r.label: r for r in rows}


def test_actor_mentions_lists_every_raw_form_with_line(graph):
    # "ASZ" (plan line 4), "Agenturou" (line 9), "Agentura pro sociální začleňování – projekty"
    # (minutes line 19): one actor, three mentions.
    agency = _by_label(actor_mentions(graph))["Agentura pro sociální začleňování"]
    assert [str(m) for m in agency.mentions] == [
        '"Agentura pro sociální začleňování" organisation-note minutes_lhota.txt:19',
        '"ASZ" guarantor plan_lhota.txt:4',
        '"ve spolupráci s Agenturou" guarantor plan_lhota.txt:9',
    ]
    assert agency.documents == ("minutes_lhota.txt", "plan_lhota.txt")
    assert agency.plans == ("lhota",)
    assert agency.actor_type == "agency" and agency.generic is False


def test_actor_mentions_sorted_and_generic_flagged(graph):
    rows = actor_mentions(graph)
    labels = [fold(r.label) for r in rows]
    assert labels == sorted(labels)
    generic = [r for r in rows if r.generic]
    assert generic and all(r.actor_type for r in generic)
    assert not any(r.generic for r in actor_mentions(graph, include_generic=False))


def test_actor_mentions_plan_keeps_that_plans_mentions(graph):
    rows = actor_mentions(graph, plan="lhota")
    agency = _by_label(rows)["Agentura pro sociální začleňování"]
    assert {m.document for m in agency.mentions} == {"plan_lhota.txt"}
    assert all(m.document == "plan_lhota.txt" for r in rows for m in r.mentions)


def test_actor_mentions_unknown_plan_raises(graph):
    with pytest.raises(UnknownEntity):
        actor_mentions(graph, plan="nowhere")


def test_actors_in_documents_keeps_shared_organisations(graph):
    # Only the Agency is named in both documents ("ASZ" in the plan, the programme of the minutes).
    shared = actors_in_documents(graph)
    assert [r.label for r in shared] == ["Agentura pro sociální začleňování"]
    assert actors_in_documents(graph, min_documents=3) == []
    assert len(actors_in_documents(graph, min_documents=1)) > 5


def test_sparql_actors_across_documents_agrees(graph):
    rows = run_named(graph, "actors-across-documents")
    assert [(r["label"], int(r["documents"])) for r in rows] == [
        ("Agentura pro sociální začleňování", 2)
    ]
    assert '"ASZ" guarantor plan_lhota.txt:4' in r_sources(rows[0])


def r_sources(row) -> list[str]:
    return str(row["sources"]).split(" | ")


def test_sparql_actors_agrees_with_python(graph):
    python = {r.iri: r.mention_count for r in actor_mentions(graph)}
    sparql = {str(r["actor"]): int(r["mentions"]) for r in run_named(graph, "actors")}
    assert sparql == python
    in_plan = {str(r["actor"]) for r in run_named(graph, "actors", plan="lhota")}
    assert in_plan == {r.iri for r in actor_mentions(graph, plan="lhota")}


def _actor_rows(rows) -> list[tuple]:
    """Named-query rows with their lists as sets (the order across documents is the
    engine's)."""
    return sorted(
        (
            str(r["actor"]),
            str(r["label"]),
            int(r["mentions"]),
            int(r["documents"]),
            frozenset(str(r["files"]).split(", ")),
            frozenset(p for p in str(r["plans"]).split(", ") if p),
            frozenset(str(r["sources"]).split(" | ")),
        )
        for r in rows
    )


def test_named_actors_lists_what_the_python_question_lists(graph):
    """The named query and :func:`actor_mentions` read every mention: the same rows, and one
    plan's mentions are fewer."""
    stored = _actor_rows(run_named(graph, "actors"))
    assert len(stored) > 5
    in_plan = _actor_rows(run_named(graph, "actors", plan="lhota"))
    assert len(in_plan) == 2 < len(stored)
    python = {
        (r.iri, r.mention_count, frozenset(r.documents), frozenset(map(str, r.mentions)))
        for r in actor_mentions(graph)
    }
    assert python == {(a, n, files, sources) for a, _, n, _, files, _, sources in stored}


def test_mention_ref_prints_text_role_and_place():
    assert str(MentionRef("MMO", "guarantor", "p.txt", 3)) == '"MMO" guarantor p.txt:3'


def test_cli_actors_json_rows(graph, tmp_path):
    path = tmp_path / "g.ttl"
    save_graph(graph, path)
    result = CliRunner().invoke(
        actors_command,
        [str(path), "--min-documents", "2", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["label"] for r in rows] == ["Agentura pro sociální začleňování"]
    assert '"ASZ" guarantor plan_lhota.txt:4' in rows[0]["mentions"]


def test_cli_actors_unknown_plan_exits_1(graph, tmp_path):
    path = tmp_path / "g.ttl"
    save_graph(graph, path)
    result = CliRunner().invoke(actors_command, [str(path), "--plan", "nowhere"])
    assert result.exit_code == 1


# -- the seeds ----------------------------------------------------------------------


@pytest.mark.seeds
def test_seeds_agency_is_one_node_in_four_documents(seed_build):
    # 000 "Garant: ASZ", 001 "Odpovědný subjekt: Agentura", 002 "5. Agentura pro sociální
    # začleňování – aktuality, projekty", 004 "koordinace MAS/ASZ".
    rows = [
        r
        for r in actor_mentions(seed_build.graph)
        if any(m.text in ("ASZ", "Agentura") for m in r.mentions)
    ]
    assert len(rows) == 1
    agency = rows[0]
    assert [d[:3] for d in agency.documents] == ["000", "001", "002", "004"]
    places = {(m.document[:3], m.line, m.text) for m in agency.mentions}
    assert ("000", 128, "ASZ") in places
    assert ("001", 582, "Agentura") in places
    assert ("002", 20, "Agentura pro sociální začleňování") in places
    assert ("004", 182, "ASZ") in places


@pytest.mark.seeds
def test_seeds_minutes_organisations_share_nodes_with_projects(seed_build):
    # "Oblastní charita Most – kritika …" (note) and "Na rozcestí dospělosti … – Oblastní
    # charita Most" (project): one actor, two mentions in 002.
    charity = _by_label(actor_mentions(seed_build.graph))["Oblastní charita Most"]
    assert [(m.role, m.line) for m in charity.mentions] == [
        ("organisation-note", 32),
        ("implementer", 47),
    ]


@pytest.mark.seeds
def test_seeds_sparql_across_documents_names_the_agency(seed_build):
    rows = run_named(seed_build.graph, "actors-across-documents")
    by_label = {r["label"]: r for r in rows}
    assert int(by_label["Agentura pro sociální začleňování"]["documents"]) == 4
    assert '"ASZ" guarantor 000_99f841e82baf2f12.txt:128' in r_sources(
        by_label["Agentura pro sociální začleňování"]
    )
