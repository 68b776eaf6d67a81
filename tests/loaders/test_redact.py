"""Person names replaced with stable pseudonyms, wherever and however they are printed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from vazby.documents.text import read_text
from vazby.lang import fold
from vazby.loaders import load_path
from vazby.loaders.lines import document_of
from vazby.loaders.minutes import load
from vazby.loaders.records import (
    Diagnostic,
    Document,
    LoadResult,
    OrganisationNote,
    Person,
    Project,
)
from vazby.loaders.redact import KEY_VARIABLE, Redactor, pseudonym, redact_results
from vazby.pipeline import build_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _doc(text: str, name: str) -> Document:
    return Document(
        name, name, name.encode().hex().ljust(64, "0")[:64], "utf-8", tuple(text.split("\n"))
    )


def test_pseudonym_same_person_any_title_or_order_same_alias():
    # "Ing. Olga Rybová" in the guest list, "Rybová Olga" elsewhere.
    assert pseudonym("Ing. Olga Rybová", key="k") == pseudonym("Rybová Olga", key="k")
    assert re.fullmatch(r"Osoba \d{5}", pseudonym("Olga Rybová", key="k"))


def test_pseudonym_depends_on_key():
    assert pseudonym("Olga Rybová", key="one") != pseudonym("Olga Rybová", key="two")


def test_pseudonym_key_from_environment(monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, "secret")
    assert pseudonym("Olga Rybová") == pseudonym("Olga Rybová", key="secret")


def test_redactor_replaces_inflected_and_shortened_forms():
    # "pana Martina Lukeše", "Pan Lukeš Martin", "Ing. Rybová", "starostovi Hronkovi"
    r = Redactor(["Martin Lukeš", "Olga Rybová", "Hronkovi"], key="k")
    text = (
        "Ing. Rybová přivítala pana Martina Lukeše. Pan Lukeš Martin poděkoval starostovi Hronkovi."
    )
    out = r.text(text)
    lukes, rybova, hronek = (r.pseudonyms[n] for n in ("Martin Lukeš", "Olga Rybová", "Hronkovi"))
    assert out == f"{rybova} přivítala pana {lukes}. Pan {lukes} poděkoval starostovi {hronek}."


def test_redactor_keeps_words_that_are_not_names():
    # "Město Horní Lhota je realizátorem" – no person called Lhota.
    r = Redactor(["Jana Veselá"], key="k")
    assert (
        r.text("Město Horní Lhota je realizátorem projektu.")
        == "Město Horní Lhota je realizátorem projektu."
    )


def test_redactor_people_sharing_a_surname_told_apart_by_given_name():
    # "Irena Blailová, Ota Blail" – one family name, two people.
    r = Redactor(["Irena Blailová", "Ota Blail"], key="k")
    assert (
        r.text("Ota Blail a Irena Blailová")
        == f"{r.pseudonyms['Ota Blail']} a {r.pseudonyms['Irena Blailová']}"
    )
    assert r.pseudonyms["Ota Blail"] != r.pseudonyms["Irena Blailová"]


MINUTES_A = """Zápis z jednání komise
konané dne 01.02.2022
Přítomni: Mgr. Olga Rybová, Petr Jelínek
add 1)
Kotva z.s. – paní Rybová představila službu
Aktuálně schválen projekt Dobrý soused – Kotva z.s. Projekt vede Petr Jelínek."""

MINUTES_B = """Zápis z jednání komise
konané dne 01.03.2022
Omluveni: Rybová Olga
add 1)
Ing. Rybová poslala omluvu."""


def test_redact_results_same_person_same_alias_across_documents():
    results = [load(_doc(MINUTES_A, "a.txt")), load(_doc(MINUTES_B, "b.txt"))]
    redacted = redact_results(results, key="k")
    people = [(r.document.name, p.name, p.id) for r in redacted for p in r.of_type(Person)]
    alias = pseudonym("Olga Rybová", key="k")
    assert ("a.txt", alias, alias.lower().replace(" ", "-")) in people
    assert ("b.txt", alias, alias.lower().replace(" ", "-")) in people
    assert len({name for _, name, _ in people}) == 2


def test_redact_results_names_gone_from_every_text():
    results = [load(_doc(MINUTES_A, "a.txt")), load(_doc(MINUTES_B, "b.txt"))]
    results.append(
        LoadResult(
            results[1].document,
            "minutes",
            (),
            (Diagnostic("b.txt", 5, "unplaced", "'Ing. Rybová poslala'"),),
        )
    )
    redacted = redact_results(results, key="k")
    blob = repr(redacted)
    for form in ("Rybov", "Jelínek", "Olga", "rybova", "jelinek"):
        assert form not in blob, form
    [note] = redacted[0].of_type(OrganisationNote)
    assert note.text.startswith("paní Osoba ")
    [project] = redacted[0].of_type(Project)
    assert project.description.startswith("Projekt vede Osoba ")


def test_redact_results_without_persons_unchanged():
    result = LoadResult(_doc("x", "x.txt"), "minutes", ())
    assert redact_results([result]) == [result]


def _person_forms(results) -> set[str]:
    """Full names and every name word of the persons, folded."""
    forms = set()
    for result in results:
        for person in result.of_type(Person):
            forms.add(fold(person.name))
            forms.update(fold(w) for w in person.name.split()[1:] or person.name.split())
    return forms


def test_build_redacted_fixture_no_name_survives(tmp_path):
    # Every name of "minutes_lhota.txt", in any form, is gone from the serialized graph.
    shutil.copy(FIXTURES / "minutes_lhota.txt", tmp_path / "minutes_lhota.txt")
    forms = _person_forms([load_path(tmp_path / "minutes_lhota.txt", "minutes")])
    assert {"olga rybova", "lukes", "hronkovi"} <= forms
    built = build_corpus([tmp_path], transform=redact_results)
    text = fold(built.graph.serialize(format="nt"))
    survivors = sorted(f for f in forms if re.search(rf"\b{re.escape(f)}\b", text))
    assert survivors == []
    assert "osoba " in text


@pytest.mark.seeds
def test_build_redacted_seeds_no_name_of_the_minutes_survives():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    minutes = [load_path(p, "minutes") for p in sorted(SEEDS.glob("002_*.txt"))]
    forms = _person_forms(minutes)
    assert len({p.name for r in minutes for p in r.of_type(Person)}) == 31
    built = build_corpus([SEEDS], transform=redact_results)
    text = fold(built.graph.serialize(format="nt"))
    # inflected forms from the prose too: "pana Davida Kuchára", "místostarostovi Špičkovi"
    forms |= {"kuchara", "davida kuchara", "spickovi", "koranova"}
    survivors = sorted(f for f in forms if re.search(rf"\b{re.escape(f)}\b", text))
    assert survivors == []


def test_cli_build_redacted_streamed_file_no_name_survives(tmp_path):
    # `vazby build --redact-persons -o graph.ttl` streams the file: the redaction must
    # reach it too, and it must hold what the in-memory redacted build holds.
    from click.testing import CliRunner

    from vazby.cli import main

    shutil.copy(FIXTURES / "minutes_lhota.txt", tmp_path / "minutes_lhota.txt")
    forms = _person_forms([load_path(tmp_path / "minutes_lhota.txt", "minutes")])
    out = tmp_path / "out" / "graph.ttl"
    out.parent.mkdir()
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "minutes_lhota.txt"), "--redact-persons", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = fold(out.read_text(encoding="utf-8"))
    survivors = sorted(f for f in forms if re.search(rf"\b{re.escape(f)}\b", text))
    assert survivors == []
    built = build_corpus([tmp_path / "minutes_lhota.txt"], transform=redact_results)
    assert f"{len(built.graph)} triples" in result.output


def test_redact_results_names_gone_from_table_cells_too():
    # "Garant | Ing. Olga Rybová": a name in a table row is in the row's cells as well.
    text = MINUTES_B + "\nGarant\tIng. Olga Rybová"
    document = document_of(read_text(text, "b.txt", sha256="b" * 64))
    [result] = redact_results([load(document)], key="k")
    cells = result.document.cells(len(result.document.lines))
    assert cells is not None and cells[0] == "Garant"
    assert "Rybov" not in cells[1] and cells[1].startswith("Osoba ")
