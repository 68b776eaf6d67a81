"""Pick a file's reader by its content (magic bytes, zip members), never by its name.

PDF, DOCX and ODT have readers of their own (:mod:`vazby.documents.pdf`, ``docx``,
``odt``), each with ``sniff(data) -> bool`` (its one test of the content) and
``read(data, path) -> SourceFile``; :data:`READERS` tries them in order. Anything else
that is text goes to :mod:`vazby.documents.text`. Formats vazby cannot read (old Word
``.doc``, RTF, spreadsheets, images, archives) are refused with what to do instead.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import LoadError
from .characters import normalise
from .encoding import decode_bytes
from .model import SourceFile

__all__ = ["MAX_BYTES", "READERS", "kind_of", "read_bytes", "read_path", "sniff_path"]

#: Files larger than this are refused before they are read.
MAX_BYTES = 64 * 1024 * 1024

#: Kind of file → the module that reads it. Tried in this order: the first whose
#: ``sniff(data) -> bool`` recognises the bytes reads them; text reads what none of them
#: claims and no refusal below names.
READERS: dict[str, str] = {
    "pdf": "vazby.documents.pdf",
    "docx": "vazby.documents.docx",
    "odt": "vazby.documents.odt",
    "text": "vazby.documents.text",
}

_SAVE_AS = "save it as .docx, .odt or PDF (or as UTF-8 text) and try again"

#: Leading bytes of formats that are refused, with what they are.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc or .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)

#: OpenDocument packages that are not text (the ODT reader claims those), by mimetype.
_ODF_MIMES = {
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
}


def kind_of(data: bytes, path: str) -> str:
    """The kind of reader for ``data``: ``"pdf"``, ``"docx"``, ``"odt"`` or ``"text"``.

    Raises
    ------
    LoadError
        The content is a format vazby does not read; the message says what it is and what
        to do.

    Examples
    --------
    >>> kind_of(b"%PDF-1.7\\n...", "x")
    'pdf'
    >>> kind_of("Opatření 1.1\\tKlub".encode(), "x.docx")
    'text'
    >>> kind_of(b"{\\\\rtf1\\\\ansi ...}", "plan.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    vazby.errors.LoadError: plan.txt:0: this is an RTF document, ...: save it as .docx, .odt...
    """
    for kind in READERS:
        if kind != "text" and _reader(kind, path).sniff(data):
            return kind
    for magic, what in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise LoadError(path, 0, f"this is {what}, a binary file vazby cannot read: {_SAVE_AS}")
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise LoadError(
            path, 0, f"this is a WebP image, a binary file vazby cannot read: {_SAVE_AS}"
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        _refuse_zip(data, path)
    if _WEB_PAGE.match(data[:512]):
        raise LoadError(
            path,
            0,
            "this is a web page (HTML), whose markup vazby does not read as a plan: "
            "open it in a word processor and save it as .docx, .odt or PDF",
        )
    return "text"


#: The start of a web page: a doctype or the html element, after a BOM, blanks or comments.
_WEB_PAGE = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)


def _refuse_zip(data: bytes, path: str) -> None:
    """Say what a zip package no reader claimed is (an .ods, .xlsx, .pptx, a damaged or
    plain zip), and refuse it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mime = (
                archive.read("mimetype").decode("ascii", "replace").strip()
                if "mimetype" in names
                else ""
            )
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise LoadError(path, 0, f"this is a damaged zip file ({exc}): {_SAVE_AS}") from None
    if mime in _ODF_MIMES:
        raise LoadError(path, 0, f"this is {_ODF_MIMES[mime]}, which vazby cannot read: {_SAVE_AS}")
    if "xl/workbook.xml" in names:
        what = "an Excel workbook (.xlsx)"
    elif any(name.startswith("ppt/") for name in names):
        what = "a PowerPoint presentation (.pptx)"
    else:
        what = "a zip archive"
    raise LoadError(path, 0, f"this is {what}, a binary file vazby cannot read: {_SAVE_AS}")


def _reader(kind: str, path: str) -> Any:
    """The module that reads ``kind``, imported when first needed."""
    try:
        return importlib.import_module(READERS[kind])
    except ImportError as exc:
        raise LoadError(
            path,
            0,
            f"reading {kind.upper()} files needs {READERS[kind]}, which this copy of vazby "
            f"cannot import ({exc}); save the file as UTF-8 text, or install vazby whole",
        ) from None


def read_bytes(data: bytes, path: str) -> SourceFile:
    """Read a file's bytes with the reader its content calls for.

    Raises
    ------
    LoadError
        The content is refused (see :func:`kind_of`), or its reader cannot read it.
    """
    kind = kind_of(data, path)
    source: SourceFile = _reader(kind, path).read(data, path)
    source, mixed = normalise(source)
    if mixed:
        note = "words mixing Latin with Cyrillic or Greek letters set in Latin letters"
        source = replace(source, notes=(*source.notes, *((at, note) for at in mixed)))
    return source


def _read_file(path: str | Path) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise LoadError(str(path), 0, "this is a folder, not a file")
        if size > MAX_BYTES:
            raise LoadError(str(path), 0, f"the file is {size} bytes; the limit is {MAX_BYTES}")
        return p.read_bytes()
    except FileNotFoundError:
        raise LoadError(str(path), 0, "no such file") from None
    except IsADirectoryError:
        raise LoadError(str(path), 0, "this is a folder, not a file") from None
    except PermissionError:
        raise LoadError(str(path), 0, "permission denied: vazby may not read this file") from None
    except OSError as exc:
        raise LoadError(str(path), 0, f"cannot read the file: {exc.strerror or exc}") from None


def read_path(path: str | Path) -> SourceFile:
    """Read the file at ``path`` into a :class:`SourceFile`, its reader picked by content.

    Raises
    ------
    LoadError
        The file is missing, a folder, not readable, too large, or of a refused kind.
    """
    return read_bytes(_read_file(path), str(path))


def sniff_path(path: str | Path) -> str:
    """The kind of reader the file at ``path`` needs, from its content (for folder walks).

    Raises
    ------
    LoadError
        As :func:`read_path`, and for text that does not decode (binary data).
    """
    data = _read_file(path)
    kind = kind_of(data, str(path))
    if kind == "text":
        decode_bytes(data, str(path))
    return kind
