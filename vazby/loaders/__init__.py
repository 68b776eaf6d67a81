"""Loaders: documents in, plain records out.

Use :func:`load_path` for one file and :func:`scan_paths` (or :func:`iter_documents`) to
walk folders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents.detect import sniff_path
from ..errors import LoadError
from .controls import drop_controls
from .coverage import counted
from .detect import LAST_RESORT, PLAN_LOADERS, detect, layout_profile, loader_module
from .ranges import drop_senseless_numbers
from .records import Diagnostic, Document, LoadResult
from .stacked import stacked_labels
from .text import read_document

if TYPE_CHECKING:
    from .profiles import Profile

__all__ = ["load_path", "iter_documents", "scan_paths", "located", "reader_notes"]


def load_path(
    path: str | Path, loader: str | None = None, profiles: Sequence[Profile] = ()
) -> LoadResult:
    """Read ``path`` (any kind vazby reads, picked by content), pick its loader (or use
    ``loader``) and return its records.

    ``profiles`` are a user's own layout profiles, tried before the shipped ones.

    Raises
    ------
    LoadError
        The file cannot be read, or no loader recognises it.
    """
    document, dropped = drop_controls(read_document(path))
    try:
        _refuse_stacked_labels(document)
        name = loader or detect(document, profiles)[0]
        layout = layout_profile(name, profiles) if name in PLAN_LOADERS else None
        if name == LAST_RESORT:
            result = loader_module(name).load(document, profiles)
        elif name in PLAN_LOADERS:
            result = loader_module(name).load(document, layout)
        else:
            result = loader_module(name).load(document)
    except LoadError as exc:
        raise _located_error(document, exc) from exc
    noted = dropped + reader_notes(document)
    if noted:
        result = replace(result, diagnostics=noted + result.diagnostics)
    result = counted(drop_senseless_numbers(result))
    if layout is not None and result.coverage is not None:
        # the layout's loader read the document in the words of the user's profile
        result = replace(result, coverage=replace(result.coverage, profile=layout.name))
    return located(result)


def reader_notes(document: Document) -> tuple[Diagnostic, ...]:
    """What the file's reader left out (footnotes, comments, form fields, pages without text …),
    as ``reader`` diagnostics at the first line rendered from the place they name (0 where
    they name the whole file), so that nothing a reader skips goes unreported.

    Examples
    --------
    >>> from vazby.documents.model import Locator
    >>> doc = Document("in/p.docx", "p.docx", "ab", "", ("Cíl",), (Locator(paragraph=1),),
    ...                "docx", unread=(("p.docx:¶1", "footnote not read into the text"),))
    >>> str(reader_notes(doc)[0])
    'p.docx:¶1: reader: footnote not read into the text'
    """
    if not document.unread:
        return ()
    first: dict[str, int] = {}
    for number, locator in enumerate(document.locators, 1):
        if locator is not None:
            first.setdefault(locator.format(document.name), number)
    return tuple(
        Diagnostic(document.path, first.get(where, 0), "reader", message, locator=where)
        for where, message in document.unread
    )


def _located_error(document: Document, error: LoadError) -> LoadError:
    """The error with its rendered line translated into the file's own locator
    (``plan.pdf:p3:7``) where the document is not addressed by its own lines."""
    if (
        error.locator is not None
        or not document.locators
        or error.path not in (document.path, document.name)
        or document.locator(error.line) is None
    ):
        return error
    return type(error)(error.path, error.line, error.message, document.where(error.line))


def _refuse_stacked_labels(document: Document) -> None:
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
    return replace(result, diagnostics=tuple(_locate(document, d) for d in result.diagnostics))


def _locate(document: Document, diagnostic: Diagnostic) -> Diagnostic:
    if diagnostic.locator is not None or diagnostic.path not in (document.path, document.name):
        return diagnostic
    return replace(
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
