"""What every binary reader shares: the file's identity and the zip packages of DOCX and ODT."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePath

from ..errors import LoadError

__all__ = ["identity", "zip_member", "open_zip"]

#: The first bytes of an OLE compound file: a legacy .doc, or an encrypted DOCX/ODT.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def identity(data: bytes, path: str) -> tuple[str, str]:
    """The file name used in locators and the sha256 of the bytes.

    >>> identity(b"", "plans/plan.pdf")[0]
    'plan.pdf'
    """
    return PurePath(path).name, hashlib.sha256(data).hexdigest()


def zip_member(data: bytes, name: str) -> bytes | None:
    """The member ``name`` of the zip archive ``data``, or ``None`` (not a zip, no member).

    Used to recognise a kind by content; never raises.

    >>> zip_member(b"not a zip", "mimetype") is None
    True
    """
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None


def open_zip(data: bytes, path: str, kind: str) -> zipfile.ZipFile:
    """The zip package of a ``kind`` document, or a :class:`LoadError` saying what to do."""
    if data.startswith(OLE_MAGIC):
        raise LoadError(
            path,
            0,
            f"this is not a {kind} package but an OLE file: a password-protected document or "
            "an old binary .doc; remove the password or save it again as .docx or .odt",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise LoadError(
            path, 0, f"broken {kind} file ({error}); open it and save it again"
        ) from None
    if broken is not None:
        raise LoadError(
            path, 0, f"broken {kind} file (damaged member {broken}); open it and save it again"
        )
    return archive
