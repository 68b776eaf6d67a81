"""Loaders: documents in, plain records out.

Use :func:`load_path` for one file and :func:`iter_documents` to walk folders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .detect import LAST_RESORT, detect, loader_module
from .records import LoadResult
from .text import read_document

if TYPE_CHECKING:
    from .profiles import Profile

__all__ = ["load_path", "iter_documents", "DOCUMENT_SUFFIXES"]

#: The file endings a folder walk picks up.
DOCUMENT_SUFFIXES = (".txt", ".md", ".text", ".markdown")


def load_path(
    path: str | Path, loader: str | None = None, profiles: Sequence[Profile] = ()
) -> LoadResult:
    """Read ``path``, pick its loader (or use ``loader``) and return its records.

    ``profiles`` are a user's own layout profiles, tried before the shipped ones.

    Raises
    ------
    LoadError
        The file cannot be read, or no loader recognises it.
    """
    document = read_document(path)
    name = loader or detect(document, profiles)[0]
    if name == LAST_RESORT:
        return loader_module(name).load(document, profiles)
    return loader_module(name).load(document)


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
