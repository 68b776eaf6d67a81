"""Shared fixtures: the seed folder (skipped when absent) and a built seed graph."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = REPO / "examples"


def seed_path(prefix: str) -> Path:
    """The seed document whose name starts with ``prefix`` ("000", "001", …), or skip."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no seed {prefix}_*.txt in {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS


@pytest.fixture(scope="session")
def seed_build(seeds_dir):
    """The five seeds built once per test session (a BuildResult)."""
    from vazby.pipeline import build_corpus

    return build_corpus([seeds_dir])
