"""Loaders: documents in, plain records out.

Use :func:`load_path` for one file and :func:`scan_paths` (or :func:`iter_documents`) to
walk folders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import LoadError
from .controls import drop_controls
from .detect import detect, loader_module
from .ranges import drop_senseless_numbers
from .records import Diagnostic, Document, LoadResult
from .text import read_document

__all__ = ["load_path", "iter_documents", "scan_paths", "located"]


def load_path(path: str | Path, loader: str | None = None) -> LoadResult:
    """Read ``path`` (any kind vazby reads, picked by content), pick its loader (or use
    ``loader``) and return its records.

    Raises
    ------
    LoadError
        The file cannot be read, or no loader recognises it.
    """
    document, dropped = drop_controls(read_document(path))
    _refuse_stacked_labels(document)
    name = loader or detect(document)[0]
    result = loader_module(name).load(document)
    if dropped:
        result = dataclasses.replace(result, diagnostics=dropped + result.diagnostics)
    return located(drop_senseless_numbers(result))


def _refuse_stacked_labels(document: Document) -> None:
    from .stacked import stacked_labels

    runs = stacked_labels(document)
    if not runs:
        return
    first, last = runs[0]
    raise LoadError(
        document.path,
        first,
        f"{len(runs)} run(s) of card labels printed before their values (the first at "
        f"{document.where(first)}-{last}), as plain pdftotext writes a page: labels and "
        "values cannot be told apart, so nothing was read. Convert the PDF with "
        "`pdftotext -layout`, or give vazby the PDF itself",
    )


def located(result: LoadResult) -> LoadResult:
    """The result with its diagnostics placed in the file's own terms (``plan.pdf:p3:7``)
    where the document is not addressed by its own lines."""
    document = result.document
    if not document.locators:
        return result
    return dataclasses.replace(
        result, diagnostics=tuple(_locate(document, d) for d in result.diagnostics)
    )


def _locate(document: Document, diagnostic: Diagnostic) -> Diagnostic:
    if diagnostic.locator is not None or diagnostic.path not in (document.path, document.name):
        return diagnostic
    return dataclasses.replace(
        diagnostic,
        locator=document.where(diagnostic.line),
        related_locators=tuple(document.where(n) for n in diagnostic.related),
    )


def scan_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[LoadError]]:
    """Expand files and folders into the files to read, and the folder files skipped.

    A file named explicitly is always taken (and refused when read, with the reason). In a
    folder, walked in sorted order, every file whose *content* vazby can read is taken,
    whatever its name; hidden files and folders and README files are left alone, and every
    other file is returned as skipped, with the reason.
    """
    from ..documents.detect import sniff_path

    files: list[Path] = []
    skipped: list[LoadError] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(path.rglob("*")):
            if (
                not child.is_file()
                or child.name.lower().startswith("readme")
                or any(part.startswith(".") for part in child.relative_to(path).parts)
            ):
                continue
            try:
                sniff_path(child)
            except LoadError as exc:
                skipped.append(exc)
                continue
            files.append(child)
    return files, skipped


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files :func:`scan_paths` takes, in order (the skipped ones left out)."""
    yield from scan_paths(paths)[0]
