"""The linters the README promises are clean, run as part of the suite so CI sees them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "vazby", "tests", "bench"],
        ["ruff", "format", "--check", "vazby", "tests", "bench"],
        ["mypy", "vazby"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_linter_is_clean(command, tmp_path):
    env_cache = ["--cache-dir", str(tmp_path / "cache")] if command[0] == "mypy" else []
    run = subprocess.run(
        [sys.executable, "-m", *command, *env_cache],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
