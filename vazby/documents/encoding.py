"""Text encodings: a document's bytes to text, as Czech town halls' files come.

UTF-8 (with or without BOM), UTF-16 with a BOM, and the Czech 8-bit encodings
(Windows-1250, ISO-8859-2, CP852), with charset-normalizer for the rare other ones.
"""

from __future__ import annotations

import re

from ..errors import LoadError

__all__ = ["decode_bytes"]


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode a document's bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; anything else
    is tried as Windows-1250 and ISO-8859-2, the Czech 8-bit encodings, and kept only if
    the result reads as Czech text. Binary data is refused.

    Raises
    ------
    LoadError
        The bytes are empty, binary, or in no encoding that gives readable text.

    Examples
    --------
    >>> decode_bytes("Opatření".encode("cp1250"), "x.txt")
    ('Opatření', 'cp1250')
    >>> decode_bytes("Opatření".encode("utf-8"), "x.txt")
    ('Opatření', 'utf-8')
    """
    if not data.strip():
        raise LoadError(path, 0, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="strict"), "utf-8-sig", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), "utf-16", path)
        except UnicodeDecodeError as exc:
            raise LoadError(path, 0, f"broken UTF-16 text: {exc.reason}") from None
    if b"\x00" in data[:8192]:
        raise LoadError(path, 0, "this is a binary file, not a text document; convert it to text")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # A truncated multi-byte character at the very end: keep what is there and say so.
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        line = data[: utf8_error.start].count(b"\n") + 1
        raise LoadError(path, line, "the file ends in the middle of a UTF-8 character: truncated?")
    # On a tie the earlier, more common encoding wins (max keeps the first maximum).
    best = max(
        ((_czech_score(text), encoding, text) for encoding, text in _decodings(data)),
        key=lambda candidate: candidate[0],
        default=None,
    )
    if best is not None and best[0] >= 0:
        return _checked(best[2], best[1], path)
    guess = _normalizer_guess(data)
    if guess is not None:
        return _checked(guess[0], guess[1], path)
    line = data[: utf8_error.start].count(b"\n") + 1
    raise LoadError(
        path,
        line,
        "not UTF-8 and not Windows-1250/ISO-8859-2 text; re-save the file as UTF-8",
    )


#: Letters of Czech beyond ASCII, and punctuation converters commonly produce.
_CZECH = set("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ")
_PUNCT = set("\u2013\u2014\u201e\u201c\u201d\u201a\u2018\u2019\u2026\u2022\u20ac§°×«»·\xa0")


def _decodings(data: bytes):
    for encoding in ("cp1250", "iso-8859-2", "cp852"):
        try:
            yield encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue


def _czech_score(text: str) -> int:
    """How Czech a decoding reads: Czech letters count for, other non-ASCII characters against.

    Windows-1250 and ISO-8859-2 differ exactly in š, ž, ť, ś, ź, ą: the wrong choice turns
    Czech letters into Polish ones and control characters, which this score punishes.
    """
    czech = foreign = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in _CZECH:
            czech += 1
        elif ch not in _PUNCT:
            foreign += 1
    return czech - 5 * foreign


def _normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer about documents in other encodings (rare, but users have them)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None or match.encoding is None:
        return None
    return str(match), match.encoding


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _checked(text: str, encoding: str, path: str) -> tuple[str, str]:
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 200):
        raise LoadError(path, 0, "this looks like a binary file, not a text document")
    return text, encoding
