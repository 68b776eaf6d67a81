"""Layout profiles: the shipped ones load; a broken one is refused at the key's line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from vazby.cli import main
from vazby.errors import ProfileError
from vazby.loaders.profiles import FIELDS, ROLES, parse_profile, read_profile, shipped_profiles

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
    assert listed.stdout.startswith("outline\t")
    shown = runner.invoke(main, ["profiles", "outline"])
    assert shown.exit_code == 0
    copy = tmp_path / "copy.toml"
    copy.write_text(shown.stdout.replace('name = "outline"', 'name = "copy"'), encoding="utf-8")
    assert read_profile(copy).name == "copy"
    missing = runner.invoke(main, ["profiles", "nope"])
    assert missing.exit_code == 1
    assert "the shipped profiles: outline" in missing.stderr


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
