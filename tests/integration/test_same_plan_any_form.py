"""The same plan in any form gives the same graph: made-up plans in both layouts, and the
seeds 000 and 001, as DOCX, PDF and ODT and as each converter's text, against the text form.

The forms are made by the real tools (``tests/fixtures/forms.py``); a test skips when a
tool is missing (``scripts/setup-documents.sh`` installs them).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest

from vazby.documents.detect import read_path
from vazby.documents.model import Table
from vazby.errors import LoadError
from vazby.loaders import load_path
from vazby.pipeline import build_corpus
from vazby.query.measures import measure_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

PLANS = ("action_plan_small", "evaluation_small")
FORMS = ("docx", "pdf", "odt", "soffice-txt", "pdftotext-layout", "pandoc-plain", "pandoc-gfm")

#: Forms whose diagnostics differ from the text form's, and why. Measures are equal in all.
SUMMARY_TABLES = (
    "summary tables (financing, allocation) of several narrow columns whose cells wrap "
    "are not rebuilt row for row from this form, so their card/table checks differ"
)
DIAGNOSTICS_DIFFER = {
    ("action_plan_small", "pdftotext-layout"): SUMMARY_TABLES,
    ("action_plan_small", "soffice-txt"): (
        "one cell per line keeps no table: the summary tables' rows cannot be told apart "
        "and an unknown label alone ('Poznámka') is no field"
    ),
    ("001", "pdf"): SUMMARY_TABLES + " (the PDF reader's aligned tables)",
    ("001", "pdftotext-layout"): SUMMARY_TABLES,
    ("001", "soffice-txt"): (
        "one cell per line keeps no table: the summary tables' rows cannot be told apart"
    ),
}


@cache
def _built(path: str) -> tuple[list[dict], list[tuple[str, str]]]:
    """The measures table (without the sources, which differ by design) and the findings."""
    result = build_corpus([path], with_vocabulary=False)
    rows = []
    for row in measure_rows(result.graph):
        values = dataclasses.asdict(row)
        values.pop("source")
        rows.append(values)
    return rows, sorted((d.kind, d.message) for d in result.diagnostics)


def _xfail_if_known(request, plan: str, form: str) -> None:
    reason = DIAGNOSTICS_DIFFER.get((plan, form))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("plan", PLANS)
def test_made_up_plan_in_any_form_gives_the_same_measures_table(document_forms, plan, form):
    text = FIXTURES / f"{plan}.txt"
    made = document_forms.make(text, form)
    expected, _ = _built(str(text))
    got, _ = _built(str(made))
    assert got == expected


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("plan", PLANS)
def test_made_up_plan_in_any_form_gives_the_same_diagnostics(document_forms, request, plan, form):
    _xfail_if_known(request, plan, form)
    text = FIXTURES / f"{plan}.txt"
    made = document_forms.make(text, form)
    assert _built(str(made))[1] == _built(str(text))[1]


@pytest.mark.parametrize("plan", PLANS)
def test_plain_pdftotext_is_refused_not_guessed(document_forms, plan):
    made = document_forms.make(FIXTURES / f"{plan}.txt", "pdftotext")
    with pytest.raises(LoadError, match="labels and values cannot be told apart"):
        load_path(made)


@pytest.mark.parametrize("plan", PLANS)
def test_pdf_locators_land_on_the_measures_row(document_forms, plan):
    """Following a measure's locator into the PDF lands on the page and line of its card."""
    pdf = document_forms.make(FIXTURES / f"{plan}.txt", "pdf")
    rows = measure_rows(build_corpus([pdf], with_vocabulary=False).graph)
    source = read_path(pdf)
    printed: dict[tuple[int | None, int | None], str] = {}
    for block in source.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                place = (row.locator.page, row.locator.line)
                printed[place] = " ".join(cell.text for cell in row.cells)
        else:
            printed[(block.locator.page, block.locator.line)] = block.text
    assert rows
    for row in rows:
        assert row.source.startswith(f"{pdf.name}:p")
        page, line = row.source.split(":")[1:3]
        text = printed[(int(page[1:]), int(line.split("-")[0]))]
        number = row.id.rsplit("/", 1)[-1]
        # the card's heading line; "Opatření 1.1.2" is a card the loader renumbers 1.1.2.2
        assert "Opatření" in text
        assert number in text or number.rsplit(".", 1)[0] in text


def _seed(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is absent ({SEEDS})")
    return matches[0]


@pytest.mark.seeds
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_in_any_form_gives_the_seed_texts_measures_table(document_forms, prefix, form):
    seed = _seed(prefix)
    made = document_forms.make_many([_seed("000"), _seed("001")], form)[int(prefix)]
    assert _built(str(made))[0] == _built(str(seed))[0]


@pytest.mark.seeds
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_in_any_form_gives_the_seed_texts_diagnostics(document_forms, request, prefix, form):
    _xfail_if_known(request, prefix, form)
    seed = _seed(prefix)
    made = document_forms.make_many([_seed("000"), _seed("001")], form)[int(prefix)]
    assert _built(str(made))[1] == _built(str(seed))[1]


def test_folder_of_forms_is_walked_by_content(document_forms, tmp_path):
    """``vazby build folder/``: DOCX, PDF, ODT and Markdown are taken by content, whatever
    their names; a spreadsheet beside them is skipped with the reason."""
    plan = FIXTURES / "evaluation_small.txt"
    folder = tmp_path / "plans"
    folder.mkdir()
    for form, name in (("docx", "a"), ("pdf", "b.bin"), ("odt", "c"), ("pandoc-gfm", "d.txt")):
        (folder / name).write_bytes(document_forms.make(plan, form).read_bytes())
    (folder / "e.xlsx").write_bytes(_xlsx())
    result = build_corpus([folder], with_vocabulary=False)
    kinds = sorted((d.kind, d.encoding) for d in result.documents)
    assert kinds == [("docx", ""), ("html", "utf-8"), ("odt", ""), ("pdf", "")]  # gfm: <table>
    assert result.measure_count == 4 * 5
    [skipped] = result.skipped
    assert "e.xlsx" in skipped.path and "Excel" in skipped.message


def _xlsx() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()
