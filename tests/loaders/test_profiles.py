"""Layout profiles: the shipped ones load; a broken one is refused at the key's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.cli import main
from vazby.documents.text import read_text
from vazby.errors import ProfileError
from vazby.loaders import action_plan, evaluation
from vazby.loaders.lines import document_of, document_of_lines
from vazby.loaders.profiles import FIELDS, ROLES, parse_profile, read_profile, shipped_profiles
from vazby.loaders.records import Document, Measure

GOOD = """[profile]
name = "mine"

[[levels]]
role = "measure"
words = ["bod"]

[numbering]
patterns = ['\\d+']

[fields]
guarantors = ["kdo"]
"""


def test_profiles_shipped_outline_profile_is_valid_and_complete():
    names = [p.name for p in shipped_profiles()]
    assert "outline" in names
    outline = next(p for p in shipped_profiles() if p.name == "outline")
    assert {level.role for level in outline.levels} == set(ROLES)
    assert {key for key, _ in outline.fields} == set(FIELDS)


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (GOOD.replace('role = "measure"', 'role = "task"'), 5, "role 'task' is not one of"),
        (GOOD.replace("[fields]", "[fields]\ncolour = ['x']"), 12, "unknown key 'colour'"),
        (GOOD.replace("'\\d+'", "'(\\d+'"), 9, "pattern '(\\\\d+'"),
        (GOOD.replace('words = ["bod"]', "words = []"), 6, "words must be a non-empty list"),
        (GOOD.replace('name = "mine"', 'name = "Můj"'), 2, "[profile] needs a name"),
        (GOOD.replace("[numbering]", "[numbering\n"), 8, "not TOML"),
        (GOOD + "\n[extra]\nx = 1\n", 14, "unknown table [extra]"),
    ],
)
def test_profiles_broken_profile_is_refused_at_the_line_of_its_key(broken, line, words):
    with pytest.raises(ProfileError) as info:
        parse_profile(broken, "mine.toml")
    assert (info.value.path, info.value.line) == ("mine.toml", line)
    assert words in info.value.message


def test_profiles_build_with_a_broken_profile_prints_file_and_line(tmp_path):
    profile = tmp_path / "bad.toml"
    profile.write_text(GOOD.replace('role = "measure"', 'role = "task"'), encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text("Plán\nBod 1 Oprava\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(plan), "--profile", str(profile)])
    assert result.exit_code == 1
    assert f"{profile}:5: error: role 'task' is not one of" in result.stderr
    assert "Traceback" not in result.output


def test_profiles_command_lists_and_shows_profiles(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["profiles"])
    assert listed.exit_code == 0
    names = [line.split("\t")[0] for line in listed.stdout.splitlines() if "\t" in line]
    assert names == ["action-plan", "evaluation", "outline"]
    assert "  read by: the action-plan loader; extends outline" in listed.stdout
    assert "  goal (specific): specifický cíl, specifické cíle; numbered" in listed.stdout
    assert "  field guarantors: odpovědný subjekt, odpovědné subjekty, garant" in listed.stdout
    shown = runner.invoke(main, ["profiles", "outline"])
    assert shown.exit_code == 0
    copy = tmp_path / "copy.toml"
    copy.write_text(shown.stdout.replace('name = "outline"', 'name = "copy"'), encoding="utf-8")
    assert read_profile(copy).name == "copy"
    missing = runner.invoke(main, ["profiles", "nope"])
    assert missing.exit_code == 1
    assert "the shipped profiles: action-plan, evaluation, outline" in missing.stderr


def test_profiles_build_with_a_users_profile_reads_its_layout(tmp_path):
    profile = tmp_path / "mine.toml"
    profile.write_text(GOOD, encoding="utf-8")
    plan = tmp_path / "ukoly.txt"
    plan.write_text("Body obce\nBod 1 Oprava cesty\nKdo: Obec\nBod 2 Lavičky\n", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(main, ["build", str(plan), "-o", str(tmp_path / "no.ttl")])
    assert refused.exit_code == 1
    assert "no loader recognises this document" in refused.stderr
    built = runner.invoke(
        main, ["build", str(plan), "--profile", str(profile), "-o", str(tmp_path / "g.ttl")]
    )
    assert built.exit_code == 0, built.output
    assert "ukoly.txt: mine profile, 100% of lines placed, 2 measures" in built.stderr


# -- the seed layouts as profiles ------------------------------------------------------

SHIPPED = Path(__file__).resolve().parents[2] / "vazby" / "loaders" / "profiles"

ACTION_PLAN = """Plán sociálního začleňování Horní Ves 2024–2027

1 Vzdělávání

Strategický cíl 1.1: Zlepšit přístup ke vzdělání

Specifický cíl 1.1.1: Do roku 2026 nastoupí 20 dětí do školky

{word} 1.1.1.1\tPředškolní klub
Popis opatření\tProvoz klubu.
{label}\tMěsto Horní Ves
Harmonogram\t2024–2026
Předpokládané náklady\t300 000 Kč
"""


def _copy(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """A copy of a shipped profile under another name, with ``edits`` (old, new) made."""
    text = (SHIPPED / f"{name}.toml").read_text(encoding="utf-8")
    text = text.replace(f'name = "{name}"', 'name = "my-plan"')
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "my-plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _action_plan(word: str = "Opatření", label: str = "Odpovědný subjekt") -> Document:
    text = ACTION_PLAN.format(word=word, label=label)
    return document_of(read_text(text, "plan.txt", sha256="0" * 64))


def test_profiles_action_plan_loader_follows_a_label_renamed_in_its_profile(tmp_path):
    renamed = _copy(tmp_path, "action-plan", ('"odpovědný subjekt", ', '"kdo", '))
    mine = read_profile(renamed)
    assert mine.loader == "action-plan"
    document = _action_plan(label="Kdo")
    (shipped,) = [r for r in action_plan.load(document).records if isinstance(r, Measure)]
    (read,) = [r for r in action_plan.load(document, mine).records if isinstance(r, Measure)]
    assert shipped.guarantors == ()  # an unknown label to the shipped profile: kept as printed
    assert ("Kdo", "Město Horní Ves") in shipped.fields
    assert [g.text for g in read.guarantors] == ["Město Horní Ves"]
    # and the label the copy no longer has is no field of it
    (old,) = [r for r in action_plan.load(_action_plan(), mine).records if isinstance(r, Measure)]
    assert old.guarantors == ()


def test_profiles_action_plan_loader_follows_a_level_word_of_its_profile(tmp_path):
    renamed = _copy(tmp_path, "action-plan", ('words = ["opatření"]', 'words = ["akce"]'))
    document = _action_plan(word="Akce")
    assert action_plan.sniff(document).score == 0
    verdict = action_plan.sniff(document, read_profile(renamed))
    assert verdict.score > 0 and verdict.reason.startswith("my-plan profile: 1 measure cards")
    result = action_plan.load(document, read_profile(renamed))
    (measure,) = [r for r in result.records if isinstance(r, Measure)]
    assert (measure.id, measure.title, measure.goal) == ("1.1.1.1", "Předškolní klub", "1.1.1")


def test_profiles_evaluation_loader_follows_a_label_renamed_in_its_profile(tmp_path):
    renamed = _copy(tmp_path, "evaluation", ('status = ["hodnocení*"]', 'status = ["stav*"]'))
    lines = [
        "A.1/ RODINA",
        ("1 Priorita", "Rodina"),
        ("1.1 Obecný cíl", "Cíl"),
        ("1.1.1 Opatření", "Kurzy"),
        ("Stav plnění:", "PLNĚNO"),
        ("Garant:", "NNO"),
    ]
    document = document_of_lines(lines)
    (shipped,) = [r for r in evaluation.load(document).records if isinstance(r, Measure)]
    mine = read_profile(renamed)
    (read,) = [r for r in evaluation.load(document, mine).records if isinstance(r, Measure)]
    assert shipped.status is None
    assert read.status is not None and read.status.text == "PLNĚNO"


def test_profiles_build_reads_an_action_plan_with_a_users_copy_of_its_profile(tmp_path):
    renamed = _copy(tmp_path, "action-plan", ('"odpovědný subjekt", ', '"zodpovídá", '))
    plan = tmp_path / "plan.txt"
    plan.write_text(ACTION_PLAN.format(word="Opatření", label="Zodpovídá"), encoding="utf-8")
    graph = tmp_path / "g.nt"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(plan), "--profile", str(renamed), "-o", str(graph)])
    assert built.exit_code == 0, built.output
    assert "plan.txt: action-plan loader (my-plan profile), " in built.stderr
    assert "unknown field 'Zodpovídá'" not in built.stderr
    assert "guarantor" in graph.read_text(encoding="utf-8")
    plain = runner.invoke(main, ["build", str(plan), "-o", str(tmp_path / "h.nt")])
    assert plain.exit_code == 0, plain.output
    assert "my-plan" not in plain.stderr


@pytest.mark.parametrize(
    ("edit", "key", "words"),
    [
        (('rung = "specific"', 'rung = "middle"'), 'rung = "middle"', "rung 'middle'"),
        (('loader = "action-plan"', 'loader = "cards"'), 'loader = "cards"', "loader 'cards'"),
        (("numbering = ['\\d+\\.\\d+']", "numbering = ['(\\d+)']"), "numbering = ['(", "groups"),
        (("[goal_fields]", "[goal_fields]\ncolour = ['x']"), "colour", "unknown key 'colour'"),
        (("[sections]", "[sections]\nchapters2 = ['x']"), "chapters2", "unknown key"),
    ],
)
def test_profiles_broken_copy_of_a_seed_profile_is_refused_at_its_line(tmp_path, edit, key, words):
    broken = _copy(tmp_path, "action-plan", edit)
    line = next(
        n
        for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith(key)
    )
    with pytest.raises(ProfileError) as info:
        read_profile(broken)
    assert (info.value.path, info.value.line) == (str(broken), line)
    assert words in info.value.message


def test_profiles_a_layout_loader_needs_its_levels(tmp_path):
    broken = _copy(tmp_path, "action-plan", ('rung = "specific"', 'rung = "strategic"'))
    with pytest.raises(ProfileError) as info:
        read_profile(broken)
    assert "needs a [[levels]] table with role = 'goal', rung = 'specific'" in info.value.message
    assert broken.read_text(encoding="utf-8").splitlines()[info.value.line - 1] == "[[levels]]"


EXTENDS = """[profile]
name = "kdo"
extends = "outline"

[fields]
guarantors = ["kdo"]
"""


def test_profiles_extends_takes_what_it_does_not_write_from_the_shipped_profile():
    mine = parse_profile(EXTENDS, "kdo.toml")
    outline = next(p for p in shipped_profiles() if p.name == "outline")
    assert (mine.extends, mine.levels, mine.numbering) == (
        "outline",
        outline.levels,
        outline.numbering,
    )
    fields = dict(mine.fields)
    assert fields["guarantors"] == ("kdo",)  # written: replaces the outline's labels
    assert fields["partners"] == dict(outline.fields)["partners"]
    assert mine.prose == outline.prose


def test_profiles_extends_a_profile_that_is_not_shipped_is_refused_at_its_line():
    with pytest.raises(ProfileError) as info:
        parse_profile(EXTENDS.replace('"outline"', '"outlines"'), "kdo.toml")
    assert (info.value.path, info.value.line) == ("kdo.toml", 3)
    assert "the shipped profiles: action-plan, evaluation, outline" in info.value.message


def test_profiles_action_plan_reads_the_card_fields_it_takes_from_the_outline(tmp_path):
    text = ACTION_PLAN.format(word="Opatření", label="Odpovědný subjekt") + "Partneři\tNNO Háj\n"
    document = document_of(read_text(text, "plan.txt", sha256="0" * 64))
    result = action_plan.load(document)
    assert not [d for d in result.diagnostics if "unknown field" in d.message]
    # without the outline's labels the same card's field is unknown
    alone = _copy(tmp_path, "action-plan", ('extends = "outline"\n', ""))
    result = action_plan.load(document, read_profile(alone))
    assert [d.message for d in result.diagnostics if "unknown field" in d.message] == [
        "measure 1.1.1.1: unknown field 'Partneři'; kept as printed"
    ]
