"""Target groups that are not the professionals: each names its own group."""

from __future__ import annotations

from vazby.pipeline import build_corpus
from vazby.query.measures import measure_rows
from vazby.rdf.resolve import Resolver


def test_resolve_professional_public_and_partner_ngos_are_not_professionals():
    resolver = Resolver()
    labels = [
        resolver.target_group(text).label
        for text in ("Odborná veřejnost", "Spolupracující NNO", "Pracovníci MěÚ Lhotka")
    ]
    assert labels == ["odborná veřejnost", "spolupracující organizace", "odborní pracovníci"]


def test_resolve_a_run_together_cell_of_three_groups_gives_three_groups(tmp_path):
    # "Cílová skupina: Spolupracující NNO Pracovníci MěÚ Lhotka Odborná veřejnost"
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Plán města Lhotka\n"
        "Cíl 1 Spolupráce\n"
        "Opatření 1.1: Setkání aktérů\n"
        "Garant: Město Lhotka\n"
        "Cílová skupina: Spolupracující NNO Pracovníci MěÚ Lhotka Odborná veřejnost\n",
        encoding="utf-8",
    )
    (row,) = measure_rows(build_corpus([plan]).graph)
    assert sorted(row.target_groups) == [
        "odborná veřejnost",
        "odborní pracovníci",
        "spolupracující organizace",
    ]


def test_resolve_a_list_of_groups_keeps_relative_clauses_and_pairs_of_unknowns():
    # An area's list, as a plan prints it in the genitive after "podpora …":
    # "seniorů, obětí trestné činnosti, zaměstnanců úřadu, kteří pracují s rodinami, škol a
    #  školských zařízení, dobrovolníků"
    resolver = Resolver()
    labels = [
        r.label
        for r in resolver.target_groups(
            "seniorů, obětí trestné činnosti, zaměstnanců úřadu, kteří pracují s rodinami, "
            "škol a školských zařízení, dobrovolníků"
        )
    ]
    assert "kteří pracují s rodinami" not in labels and "škol" not in labels
    assert "zaměstnanců úřadu, kteří pracují s rodinami" in labels
    assert "škol a školských zařízení" in labels
