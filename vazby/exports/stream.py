"""Write a graph file chunk by chunk, as a build produces it, without holding the graph.

A build of a large corpus into a file (``vazby build PATH -o graph.ttl``) need not keep its
millions of triples in a store only to serialize them at the end: each worker turns its chunk
of documents into N-Triples, then into the output format (:func:`format_chunk`, Oxigraph's
serializer, in the worker), and the parent appends the chunks to the file
(:class:`StreamWriter`). Triples about resources several documents may describe (plans,
towns, minted concepts, the vocabularies) are collected apart, de-duplicated, and written
once at the end.

Within a chunk the lines are sorted and de-duplicated, so each subject's triples are
together and Turtle groups them under one subject. The file parses to the same set of
triples as the in-memory build (tests compare the two).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyoxigraph as ox

from ..atomic import clean_stale, temporary_for, write_error
from ..ontology.namespace import PREFIXES

__all__ = ["STREAM_FORMATS", "StreamWriter", "format_chunk", "sorted_lines"]

#: Formats a build can stream: our name → Oxigraph's format.
STREAM_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,  # N-Triples lines are N-Quads lines of the default graph
}

_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _turtle_header() -> bytes:
    return ox.serialize([], format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES) or b""


def sorted_lines(lines: Iterable[str]) -> list[str]:
    """N-Triples lines sorted and without repeats (blank lines dropped).

    Examples
    --------
    >>> sorted_lines(["<b> <p> <c> .\\n", "<a> <p> <c> .\\n", "<b> <p> <c> .\\n", ""])
    ['<a> <p> <c> .\\n', '<b> <p> <c> .\\n']
    """
    return sorted({line if line.endswith("\n") else line + "\n" for line in lines if line.strip()})


def format_chunk(lines: list[str], fmt: str) -> bytes:
    """Sorted, unique N-Triples ``lines`` in the output format ``fmt`` (no header)."""
    data = "".join(lines).encode("utf-8")
    if fmt in ("nt", "nq") or not data:
        return data
    if fmt != "ttl":
        raise ValueError(f"cannot stream {fmt!r}; choose one of {', '.join(STREAM_FORMATS)}")
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    out = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES) or b""
    header = _HEADER
    if not out.startswith(header):  # the serializer wrote its prefixes differently
        raise RuntimeError("unexpected Turtle prefix header from the serializer")
    return out[len(header) :]


_HEADER = _turtle_header()


class StreamWriter:
    """Append formatted chunks to a graph file; the file appears (atomically renamed from a
    temporary beside it) only when :meth:`close` is reached without an error.

    ``shared`` lines (resources several documents describe, the vocabularies) are collected
    with :meth:`share`, de-duplicated, and written by :meth:`close` in one sorted block.
    """

    def __init__(self, path: str | Path, fmt: str) -> None:
        if fmt not in STREAM_FORMATS:
            raise ValueError(f"cannot stream the format {fmt!r}")
        self.path = Path(path)
        self.fmt = fmt
        self.triples = 0
        self._shared: set[str] = set()
        clean_stale(self.path)
        self._temporary = temporary_for(self.path)
        try:
            self._file: BinaryIO = open(self._temporary, "wb")  # noqa: SIM115 (see close)
        except OSError as exc:
            raise write_error(self.path, exc) from None
        if fmt == "ttl":
            self._append(_HEADER)

    def _append(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as exc:  # a full disk: the previous file stays as it was
            self.abort()
            raise write_error(self.path, exc) from None

    def write(self, chunk: bytes, triples: int) -> None:
        """Append a chunk made by :func:`format_chunk` holding ``triples`` triples."""
        self._append(chunk)
        self.triples += triples

    def share(self, lines: Iterable[str]) -> None:
        """Keep N-Triples lines to write once at the end."""
        self._shared.update(line for line in lines if line.strip())

    def close(self) -> None:
        """Write the shared block and move the file into place."""
        lines = sorted_lines(self._shared)
        self._shared = set()
        self.write(format_chunk(lines, self.fmt), len(lines))
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.abort()
            raise write_error(self.path, exc) from None

    def abort(self) -> None:
        """Drop the partial file."""
        try:
            self._file.close()
        except OSError:
            pass  # closing flushes, which fails again on a full disk
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> StreamWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()
