"""The README's Python examples run as doctests, from the project's root (where the bundled
``examples/`` folder is)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_examples(path: Path) -> doctest.TestResults:
    """Run the ``>>>`` examples of a Markdown file as one doctest; (failed, attempted).
    A code fence ends the expected output before it."""
    text = re.sub(r"^\s*```.*$", "", path.read_text("utf-8"), flags=re.MULTILINE)
    test = doctest.DocTestParser().get_doctest(text, {}, path.name, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    return runner.summarize(verbose=False)


def test_the_readme_python_examples_run_as_documented(monkeypatch):
    readme = ROOT / "README.md"
    if ">>> " not in readme.read_text("utf-8"):
        pytest.skip("the README shows no Python example")
    monkeypatch.chdir(ROOT)
    failed, attempted = run_examples(readme)
    assert attempted and not failed


def test_a_wrong_example_fails(tmp_path, capsys):
    page = tmp_path / "page.md"
    page.write_text("Text.\n\n```python\n>>> 1 + 1\n3\n```\n", "utf-8")
    assert run_examples(page) == doctest.TestResults(1, 1)
