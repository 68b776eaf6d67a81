"""The card/table rule (:mod:`vazby.query.cardtable`): what `vazby build` prints, what
`vazby query audit` lists and what the named SPARQL question answers are the same findings,
decided from the graph as it is.

Each test writes a small made-up action plan: two cards (1.1.1.2 takes its cost from
1.1.1.1, so they share one budget line) and a summary table in the shape a converter leaves
it (tab-separated cells).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from rdflib import Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from tinygraph import lhota_graph, seeds_graph  # noqa: E402

from vazby.cli import main  # noqa: E402
from vazby.documents.text import read_text  # noqa: E402
from vazby.errors import LoadError  # noqa: E402
from vazby.loaders import action_plan  # noqa: E402
from vazby.loaders.lines import document_of  # noqa: E402
from vazby.ontology.namespace import VZ, XSD  # noqa: E402
from vazby.pipeline import add_one  # noqa: E402
from vazby.query.audit import audit  # noqa: E402
from vazby.query.cardtable import card_table  # noqa: E402
from vazby.query.named import run_named, run_named_sparql  # noqa: E402
from vazby.rdf.build import GraphBuilder, new_graph  # noqa: E402
from vazby.rdf.store import load_graph  # noqa: E402
from vazby.rdf.writers import save_graph  # noqa: E402

T = "\t"
FINANCING = (
    f"Opatření{T}Sociální služba (typ služby) / aktivita{T}Předpokládané náklady (období)"
    f"{T}Zdroje financování"
)
ALLOCATION = (
    f"Tematická oblast{T}Specifický cíl{T}Opatření{T}Alokace v Kč (KPSV+){T}Operační program"
    f"{T}Priorita OP{T}Specifický cíl OP"
)
#: Line of the first card, of its cost and funding, of the second card, of the table header.
CARD, COST, FUNDING, SECOND, HEADER = 7, 10, 11, 13, 21


def plan_text(table: str, cost: str = "2 mil. Kč", funding: str = "OPZ+, rozpočet města") -> str:
    return (
        "1 Vzdělávání\n\nStrategický cíl 1.1: Cíl\n\nSpecifický cíl 1.1.1: Cíl\n\n"
        f"Opatření 1.1.1.1{T}Předškolní klub\nPopis opatření{T}Klub.\nOdpovědný subjekt{T}NNO\n"
        f"Předpokládané náklady{T}{cost}\nZdroje financování{T}{funding}\n\n"
        f"Opatření 1.1.1.2{T}Doprava do klubu\nPopis opatření{T}Svoz.\nOdpovědný subjekt{T}Město\n"
        f"Předpokládané náklady{T}Viz opatření 1.1.1.1\nZdroje financování{T}{funding}\n\n"
        f"Financování\n\n{table}\n\nZdroj: vlastní zpracování\n"
    )


def built(tmp_path: Path, table: str, **card: str) -> SimpleNamespace:
    """The plan read by the action-plan loader and built as `vazby build` builds it: the
    graph, and the diagnostics printed."""
    text = plan_text(table, **card)
    document = document_of(read_text(text, "plan.txt", sha256="0" * 64))
    builder = GraphBuilder(new_graph())
    result = add_one(builder, action_plan.load(document))
    assert not isinstance(result, LoadError), result
    builder.flush()
    return SimpleNamespace(graph=builder.graph, diagnostics=result.diagnostics)


def printed(result) -> list[tuple[str, int, str, tuple[int, ...]]]:
    """The card/table findings a build reports: (kind, line, message, related lines)."""
    kinds = ("card-table-mismatch", "missing-row", "duplicate")
    return [(d.kind, d.line, d.message, d.related) for d in result.diagnostics if d.kind in kinds]


def python_rows(graph) -> Counter:
    return Counter(
        (f.plan, f.id, f.table, f.kind, f.what, f.line)
        for f in card_table(graph)
        if f.what != "title"  # titles are compared by the Python rule only
    )


def sparql_rows(graph) -> Counter:
    """The named query's rows by its SPARQL text; the named query asked of the graph in
    memory, which the Python rule answers, gives the same rows, every column."""
    named = run_named_sparql(graph, "card-table-disagreements")
    assert Counter(_whole(r) for r in run_named(graph, "card-table-disagreements")) == Counter(
        _whole(r) for r in named
    )
    return Counter(
        (r["plan"], r["id"], r["table"], r["kind"], r["what"], int(r["line"])) for r in named
    )


def _whole(row: dict) -> tuple:
    return tuple(sorted(row.items()))


def financing(*rows: str) -> str:
    return "\n".join([FINANCING, *rows])


# -- the rule, as `vazby build` prints it ------------------------------------------------------


def test_amount_disagreement_names_both_values(tmp_path):
    """Card '2 mil. Kč', table '3 mil. Kč (3 roky)'."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}3 mil. Kč (3 roky){T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
    )
    assert printed(result) == [
        (
            "card-table-mismatch",
            HEADER + 1,
            "measure 1.1.1.1: card cost '2 mil. Kč', financing table '3 mil. Kč (3 roky)'",
            (COST,),
        )
    ]


def test_cost_references_and_lenient_source_names_agree(tmp_path):
    """Table 'Viz 1.1.1.1' and card 'Viz opatření 1.1.1.1'; 'Rozpočet města' and
    'rozpočet města' name one source."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč (3 roky){T}OPZ+, Rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
    )
    assert printed(result) == []


def test_shared_line_agrees_when_its_rows_add_up(tmp_path):
    """The line of 2 mil. Kč shared by both cards, split 1,5 + 0,5 mil. in the table."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}1,5 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}0,5 mil. Kč{T}OPZ+, rozpočet města",
        ),
    )
    assert printed(result) == []


def test_shared_line_split_wrongly_is_reported_on_both_rows(tmp_path):
    """1,5 + 1 mil. does not add up to the shared 2 mil. Kč."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}1,5 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}1 mil. Kč{T}OPZ+, rozpočet města",
        ),
    )
    assert [(k, n) for k, n, *_ in printed(result)] == [
        ("card-table-mismatch", HEADER + 1),
        ("card-table-mismatch", HEADER + 2),
    ]


def test_source_missing_from_the_table_reported(tmp_path):
    """Table 'OPZ+' against card 'OPZ+, rozpočet města'."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
    )
    assert printed(result) == [
        (
            "card-table-mismatch",
            HEADER + 1,
            "measure 1.1.1.1: card funding 'OPZ+, rozpočet města', financing table 'OPZ+'",
            (FUNDING,),
        )
    ]


def test_funding_told_in_the_order_the_card_writes_it(tmp_path):
    """Card 'Zdroje financování: rozpočet města, OPZ+' is quoted as written, not sorted."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}rozpočet města, OPZ+",
        ),
        funding="rozpočet města, OPZ+",
    )
    assert [message for _, _, message, _ in printed(result)] == [
        "measure 1.1.1.1: card funding 'rozpočet města, OPZ+', financing table 'OPZ+'"
    ]


def test_source_missing_from_the_card_reported_in_the_allocation_table(tmp_path):
    """Allocation row 'IROP' beside a card funded from 'OPZ+' only."""
    table = ALLOCATION + f"\n{T}{T}1.1.1.1{T}2 mil.{T}IROP{T}2{T}2.1"
    (found,) = printed(built(tmp_path, table, funding="OPZ+"))
    assert found[:2] == ("card-table-mismatch", HEADER + 1)
    assert "card funding 'OPZ+', allocation table 'IROP'" in found[2]


def test_missing_rows_both_ways(tmp_path):
    """A card with no financing row, and a row '9.9.9.9 …' with no card."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"9.9.9.9 Neznámé{T}Aktivita{T}1 mil. Kč{T}OPZ+",
        ),
    )
    assert sorted(printed(result)) == [
        ("missing-row", SECOND, "measure 1.1.1.2 has no row in the financing table", (22,)),
        ("missing-row", HEADER + 2, "financing table: row 9.9.9.9 has no measure card", ()),
    ]


def test_allocation_expects_only_programme_funded_own_amounts(tmp_path):
    """An OPZ+ card with its own amount must be in the allocation table; 'Viz opatření' not."""
    table = ALLOCATION + f"\n{T}{T}3.1.1.1{T}1 mil.{T}OPZ+{T}2{T}2.1"
    found = sorted(printed(built(tmp_path, table, funding="OPZ+")))
    assert [(k, n, m) for k, n, m, _ in found] == [
        ("missing-row", CARD, "measure 1.1.1.1 has no row in the allocation table"),
        ("missing-row", HEADER + 1, "allocation table: row 3.1.1.1 has no measure card"),
    ]


def test_second_row_of_a_measure_is_a_duplicate(tmp_path):
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
        ),
    )
    assert printed(result) == [
        ("duplicate", HEADER + 3, "financing table: measure 1.1.1.1 has two rows", (HEADER + 1,))
    ]


def test_title_pointing_elsewhere_reported(tmp_path):
    """Row '1.1.1.1 Rekonstrukce zbrojnice' beside card 'Předškolní klub'."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Rekonstrukce zbrojnice{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava dětí do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
    )
    ((kind, line, message, related),) = printed(result)
    assert (kind, line, related) == ("card-table-mismatch", HEADER + 1, (CARD,))
    assert "may point at another measure" in message


def test_findings_are_printed_not_stored(tmp_path):
    result = built(tmp_path, financing(f"9.9.9.9 Neznámé{T}Aktivita{T}1 mil. Kč{T}OPZ+"))
    assert printed(result)
    stored = {str(k) for k in result.graph.objects(None, VZ.diagnosticKind)}
    assert not stored & {"card-table-mismatch", "missing-row", "duplicate"}


# -- the same rows from the named SPARQL question ---------------------------------------------

FIXTURES = {
    "agreeing": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
        {},
    ),
    "shared line": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}1,5 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}0,5 mil. Kč{T}OPZ+, rozpočet města",
        ),
        {},
    ),
    "shared line split wrongly": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}1,5 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}1 mil. Kč{T}OPZ+, rozpočet města",
        ),
        {},
    ),
    "wrong amount": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}3 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
        {},
    ),
    "row without amount": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}-{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
        {},
    ),
    "source missing from the card": (
        ALLOCATION + f"\n{T}{T}1.1.1.1{T}2 mil.{T}IROP{T}2{T}2.1",
        {"funding": "OPZ+"},
    ),
    "source missing from the table": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}-",
        ),
        {},
    ),
    "row without a card, card without a row": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"9.9.9.9 Neznámé{T}Aktivita{T}1 mil. Kč{T}OPZ+",
        ),
        {},
    ),
    "allocation card without a row": (
        ALLOCATION + f"\n{T}{T}3.1.1.1{T}1 mil.{T}OPZ+{T}2{T}2.1",
        {"funding": "OPZ+"},
    ),
    "duplicate": (
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}1 mil. Kč{T}OPZ+",
        ),
        {},
    ),
}


@pytest.mark.parametrize("name", list(FIXTURES))
def test_sparql_question_gives_the_rows_of_the_python_rule(tmp_path, name):
    table, card = FIXTURES[name]
    graph = built(tmp_path, table, **card).graph
    assert sparql_rows(graph) == python_rows(graph)


def test_sparql_question_and_python_rule_disagree_with_the_fixtures_as_expected(tmp_path):
    """The fixtures above are not all quiet: each kind of finding is met."""
    met = Counter()
    for i, (table, card) in enumerate(FIXTURES.values()):
        folder = tmp_path / str(i)
        folder.mkdir()
        met.update(
            (kind, what) for *_, kind, what, _ in python_rows(built(folder, table, **card).graph)
        )
    assert set(met) == {
        ("card-table-mismatch", "amount"),
        ("card-table-mismatch", "funding"),
        ("missing-row", "no card"),
        ("missing-row", "no row"),
        ("duplicate", "duplicate"),
    }


@pytest.mark.parametrize("card, row", [("OPZ+, -", "OPZ+"), ("OPZ+", "OPZ+, -")])
def test_a_source_named_only_by_a_dash_counts_on_neither_side(tmp_path, card, row):
    """A "-" beside a source names none: the card and the financing rows agree, by the
    Python rule and by the SPARQL question alike."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}{row}",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}{row}",
        ),
        funding=card,
    )
    assert printed(result) == []
    assert sparql_rows(result.graph) == python_rows(result.graph) == Counter()


def test_sparql_question_gives_the_rows_of_the_python_rule_on_lhota():
    """Sources on budget lines, a blank source, a shared line, a cost reference."""
    graph = lhota_graph().graph
    assert sparql_rows(graph) == python_rows(graph)
    assert {what for *_, what, _ in python_rows(graph)} == {"amount", "no card", "no row"}


def test_sparql_question_gives_the_rows_of_the_python_rule_on_the_seeds():
    graph = seeds_graph()
    assert sparql_rows(graph) == python_rows(graph)


def test_seed_findings_are_what_the_build_prints():
    graph = seeds_graph()
    assert {(f.file, f.line, f.kind, f.message) for f in card_table(graph)} <= {
        (r.file, r.line, r.kind, r.message) for r in audit(graph) if r.origin == "graph"
    }


# -- a graph edited by hand ----------------------------------------------------------------------


def test_query_audit_judges_a_card_amount_edited_by_hand(tmp_path):
    """The card's budget line set to 5 mil. Kč: the table's 2 mil. Kč now disagrees; set back
    to 2 mil. Kč, nothing does."""
    result = built(
        tmp_path,
        financing(
            f"1.1.1.1 Předškolní klub{T}Aktivita{T}2 mil. Kč{T}OPZ+, rozpočet města",
            f"1.1.1.2 Doprava do klubu{T}Aktivita{T}Viz 1.1.1.1{T}OPZ+, rozpočet města",
        ),
    )
    assert printed(result) == []
    path = tmp_path / "graph.ttl"
    save_graph(result.graph, path, "ttl")

    def audited(amount: int) -> list[dict]:
        graph = load_graph(path)
        (line,) = set(graph.objects(None, VZ.fundedBy))
        graph.set((line, VZ.amountCZK, Literal(Decimal(amount), datatype=XSD.decimal)))
        edited = tmp_path / f"edited-{amount}.ttl"
        save_graph(graph, edited, "ttl")
        run = CliRunner().invoke(main, ["query", "audit", str(edited), "--format", "json"])
        assert run.exit_code == 0, run.output
        rows = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        return [r for r in rows if r["kind"] == "card-table-mismatch"]

    (row,) = audited(5_000_000)
    assert (row["source"], row["subject"]) == (f"plan.txt:{HEADER + 1}", "1.1.1.1")
    assert audited(2_000_000) == []
