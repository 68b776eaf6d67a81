"""One way to write each letter: composed accents, and Latin words in Latin letters only.

Text from Macs, some PDF producers and copy-and-paste spells "č" as "c" plus a combining
caron; every rule of the loaders is written in composed letters, so each block's text is
put in Unicode's composed form (NFC). A word that mixes Latin with Cyrillic or Greek letters
("pečovatелů", typed with a switched keyboard, or "Оpatření" with a Cyrillic "О") is a
Latin word: its other letters are set as the Latin letters they look like, or are typed
with. A word written wholly in another script (a Ukrainian name) is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .model import Block, Cell, Heading, ListItem, Locator, Paragraph, Row, SourceFile, Table

__all__ = ["normalise", "normalise_text"]

#: Cyrillic and Greek letters as Latin: a look-alike where there is one ("о", "р", "Ο"),
#: else the key a Czech keyboard types it with in a phonetic layout ("л" → "l").
_LATIN = str.maketrans(
    {
        **dict(zip("аеорсухіјѕԁԛԝ", "aeopcyxijsdqw", strict=True)),
        **dict(zip("АВЕКМНОРСТХІЈЅ", "ABEKMHOPCTXIJS", strict=True)),
        **dict(zip("бвгдзийклмнптфцчшыэё", "bvgdzijklmnptfcčšyee", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαορν", "ABEZHIKMNOPTYXaopv", strict=True)),
        "ж": "ž",
        "ъ": "",
        "ь": "",
    }
)
_WORD = re.compile(r"[^\W\d_]+")
_OTHER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def normalise_text(text: str) -> str:
    """``text`` composed, its mixed-script words in Latin letters.

    Examples
    --------
    >>> normalise_text("pe\\u010dovat\\u0435\\u043b\\u016f") == "pečovatelů"
    True
    >>> normalise_text("c\\u030cas") == "čas"
    True
    >>> normalise_text("Київ a Praha")
    'Київ a Praha'
    """
    return _in_latin(unicodedata.normalize("NFC", text))


def _in_latin(text: str) -> str:
    if not _OTHER.search(text):
        return text
    return _WORD.sub(_latin_word, text)


def _latin_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if _OTHER.search(word) and _LATIN_LETTER.search(word):
        return word.translate(_LATIN)
    return word


def normalise(source: SourceFile) -> tuple[SourceFile, list[Locator]]:
    """``source`` with every block's text normalised, and the blocks whose text changed
    beyond its composition (a mixed-script word set in Latin letters)."""
    changed: list[Locator] = []
    blocks = tuple(_block(block, changed) for block in source.blocks)
    return replace(source, blocks=blocks), changed


def _text(text: str, locator: Locator, changed: list[Locator]) -> str:
    composed = unicodedata.normalize("NFC", text)
    out = _in_latin(composed)
    if out != composed:
        changed.append(locator)
    return out


def _block(block: Block, changed: list[Locator]) -> Block:
    if isinstance(block, Table):
        rows = tuple(
            Row(
                tuple(
                    Cell(tuple(_block(b, changed) for b in cell.blocks), cell.locator)
                    for cell in row.cells
                ),
                row.locator,
            )
            for row in block.rows
        )
        return Table(rows, block.locator)
    if isinstance(block, (Heading, Paragraph, ListItem)):
        return replace(block, text=_text(block.text, block.locator, changed))
    return block
