"""Text made safe for the program that reads it: XML 1.0, spreadsheets, terminals.

One place for each rule, used by every writer of that kind:

- :func:`xml_text`: XML 1.0 forbids most C0 control characters, lone surrogates and
  U+FFFE/U+FFFF anywhere in a document (even escaped); a GraphML, GEXF or SVG file holding
  one is rejected by every XML reader. They become U+FFFD.
- :func:`csv_cell`: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is run as a formula by spreadsheets (CSV injection); as OWASP advises it is
  prefixed with ``'``. Plain numbers (``-12``, ``+3,5``) are left alone. Control
  characters and bidi overrides in a cell become U+FFFD.
- :func:`terminal_text`: control characters, escape sequences and bidirectional overrides
  would let a document retitle, recolour or rewrite the user's terminal; they become U+FFFD.
"""

from __future__ import annotations

import re

__all__ = ["xml_text", "csv_cell", "terminal_text", "escaped_json"]

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
#: What a cell never needs and a terminal would act on (tabs and line ends are quoted).
_CELL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids.

    Examples
    --------
    >>> xml_text("Klub\\x00 pro\\x1b děti")
    'Klub\\ufffd pro\\ufffd děti'
    """
    return _XML_FORBIDDEN.sub("\ufffd", text)


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula.

    Examples
    --------
    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-12,5"), csv_cell("Klub")
    ('\\'=HYPERLINK("http://x")', '-12,5', 'Klub')
    >>> csv_cell("@SUM(A1)"), csv_cell("\\t=1")
    ("'@SUM(A1)", "'\\t=1")
    """
    text = _CELL_CONTROLS.sub("\ufffd", text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def terminal_text(text: str) -> str:
    """``text`` with nothing a terminal would act on (tabs and line ends become spaces).

    Examples
    --------
    >>> terminal_text("Klub\\x1b]0;owned\\x07 pro\\tděti\\n")
    'Klub\\ufffd]0;owned\\ufffd pro děti '
    """
    return _TERMINAL.sub("\ufffd", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))


def escaped_json(text: str) -> str:
    """JSON text with every character a terminal would act on written as a ``\\u`` escape
    (``json.dumps`` escapes C0 controls but not C1 controls or bidi overrides).

    Examples
    --------
    >>> print(escaped_json('"x' + chr(0x202E) + 'y"'))
    "x\\u202ey"
    """
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
