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


@pytest.fixture(scope="session")
def document_forms(tmp_path_factory):
    """A :class:`fixtures.forms.Forms` for the session: plans as DOCX, PDF, ODT, converter text.

    Its ``make(path, form)`` skips the calling test, with the reason, when the converter that
    form needs is not installed (``scripts/setup-documents.sh`` installs them).
    """
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fixtures.forms import Forms, ToolMissing

    class SkippingForms(Forms):
        def make_many(self, sources, form):
            try:
                return super().make_many(sources, form)
            except ToolMissing as missing:
                pytest.skip(str(missing))

        def convert_docx(self, docxs, form, options=""):
            try:
                return super().convert_docx(docxs, form, options)
            except ToolMissing as missing:
                pytest.skip(str(missing))

    return SkippingForms(tmp_path_factory.mktemp("forms"))


@pytest.fixture(scope="session")
def virtuoso_store():
    """A private Virtuoso on loopback ports for the whole session (tests/fixtures/virtuoso.py),
    with ``ResultSetMaxRows`` at 1,000 so that paging is exercised; stopped by its process id
    at the end, whatever the tests did. Skipped when Virtuoso is not installed, except under
    CI=true, where its absence fails the run (scripts/setup-virtuoso.sh installs it)."""
    import os
    import sys

    sys.path.insert(0, str(FIXTURES))
    import virtuoso

    if not virtuoso.available():
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is not installed: run scripts/setup-virtuoso.sh")
        pytest.skip("virtuoso-t is not installed (scripts/setup-virtuoso.sh installs it)")
    instance = virtuoso.start(max_rows=1000)
    try:
        yield instance
    finally:
        instance.stop()
