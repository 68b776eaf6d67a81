"""Loaders: documents in, plain records out.

Use :func:`load_path` for one file and :func:`iter_documents` to walk folders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from .controls import drop_controls
from .detect import detect, loader_module
from .ranges import drop_senseless_numbers
from .records import LoadResult
from .text import read_document

__all__ = ["load_path", "iter_documents", "DOCUMENT_SUFFIXES"]

#: The file endings a folder walk picks up.
DOCUMENT_SUFFIXES = (".txt", ".md", ".text", ".markdown")


def load_path(path: str | Path, loader: str | None = None) -> LoadResult:
    """Read ``path``, pick its loader (or use ``loader``) and return its records.

    Raises
    ------
    LoadError
        The file cannot be read, or no loader recognises it.
    """
    document, dropped = drop_controls(read_document(path))
    name = loader or detect(document)[0]
    result = loader_module(name).load(document)
    if dropped:
        result = dataclasses.replace(result, diagnostics=dropped + result.diagnostics)
    return drop_senseless_numbers(result)


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into document files, folders walked in sorted order.

    A file named explicitly is always taken; inside folders only files with one of
    :data:`DOCUMENT_SUFFIXES` are, and README files are skipped.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in DOCUMENT_SUFFIXES
                    and not child.name.lower().startswith("readme")
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    yield child
        else:
            yield path
