"""Replace person names with stable pseudonyms before a graph is built (``--redact-persons``).

Every :class:`~vazby.loaders.records.Person` of every loaded document gets a pseudonym
"Osoba N"; the same name is then replaced wherever it appears in any other record's text
(descriptions, organisation notes, project texts, diagnostics, the document's lines),
inflected or shortened as Czech prose has it ("pana Petra Vlka", "Ing. Vlk", "Pan Vlk Petr"),
found by :class:`~vazby.loaders.persons.NameIndex`.

How the pseudonym is made
-------------------------
The name is normalised with :func:`~vazby.loaders.persons.name_key` (titles dropped, folded
to lower case without diacritics, words sorted, so "Ing. Petr Vlk" and "Vlk Petr" are one
person). N is read from HMAC-SHA256 of that key under a secret key: the first 48 bits,
modulo 90,000, plus 10,000, so N has five digits. The same person therefore gets the same
pseudonym in every document and on every run with the same key, and nobody without the key
can compute a pseudonym from a guessed name. Two names that land on the same N (rare) are
told apart deterministically: the one whose key sorts later is hashed again with a counter.

The key comes from the ``key`` argument, else from the environment variable
``VAZBY_PSEUDONYM_KEY``, else a built-in default. The default makes pseudonyms reproducible
but public: anyone can check a guessed name against it, so set your own key before
publishing a graph.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
from typing import Any

from ..lang import slugify
from .persons import NameIndex, name_key
from .records import Document, LoadResult, Person, SourceSpan

__all__ = ["redact_results", "pseudonym", "Redactor", "KEY_VARIABLE"]

#: The environment variable holding the pseudonym key.
KEY_VARIABLE = "VAZBY_PSEUDONYM_KEY"
_DEFAULT_KEY = b"vazby-pseudonyms-v1"


def _key(key: bytes | str | None) -> bytes:
    if key is None:
        key = os.environ.get(KEY_VARIABLE) or _DEFAULT_KEY
    return key.encode("utf-8") if isinstance(key, str) else key


def pseudonym(name: str, key: bytes | str | None = None, attempt: int = 0) -> str:
    """The pseudonym of ``name`` under ``key``: "Osoba" and five digits.

    Examples
    --------
    >>> pseudonym("Ing. Petr Vlk", key="k") == pseudonym("Vlk Petr", key="k")
    True
    >>> pseudonym("Petr Vlk", key="k") != pseudonym("Petr Vlk", key="other")
    True
    >>> pseudonym("Petr Vlk", key="k").startswith("Osoba ")
    True
    """
    message = name_key(name) + (f"#{attempt}" if attempt else "")
    digest = hmac.new(_key(key), message.encode("utf-8"), hashlib.sha256).digest()
    return f"Osoba {int.from_bytes(digest[:6], 'big') % 90_000 + 10_000}"


class Redactor:
    """Pseudonyms for a set of names, and the replacement of those names in any text.

    Parameters
    ----------
    names : list of str
        Every person's name as the records hold it.
    key : bytes or str, optional
        The HMAC key (see the module docstring).

    Examples
    --------
    >>> r = Redactor(["Petr Vlk", "Eva Nová"], key="k")
    >>> r.text("Pan Petr Vlk přivítal Ing. Novou.") == (
    ...     f"Pan {r.pseudonyms['Petr Vlk']} přivítal {r.pseudonyms['Eva Nová']}."
    ... )
    True
    """

    def __init__(self, names: list[str], key: bytes | str | None = None) -> None:
        by_key: dict[str, str] = {}
        for name in names:
            by_key.setdefault(name_key(name), name)
        taken: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        for normalised in sorted(by_key):
            attempt = 0
            while True:
                alias = pseudonym(by_key[normalised], key, attempt)
                if alias not in taken:
                    break
                attempt += 1
            taken[alias] = normalised
            self.by_key[normalised] = alias
        self.pseudonyms = {name: self.by_key[name_key(name)] for name in names}
        self._names = list(dict.fromkeys(names))
        self._index = NameIndex(self._names)

    def text(self, text: str) -> str:
        """``text`` with every reference to a known person replaced by the pseudonym."""
        references = self._index.references(text)
        for ref in reversed(references):
            alias = self.pseudonyms[self._names[ref.index]]
            text = text[: ref.start] + alias + text[ref.end :]
        return text

    def value(self, value: Any) -> Any:
        """Redact a record field: strings, tuples and nested records, recursively."""
        if isinstance(value, str):
            return self.text(value) if value else value
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if isinstance(value, SourceSpan) or not dataclasses.is_dataclass(value):
            return value
        return self.record(value)

    def record(self, record: Any) -> Any:
        """A copy of ``record`` with names replaced; a Person gets its pseudonym as name and id."""
        changes = {f.name: self.value(getattr(record, f.name)) for f in dataclasses.fields(record)}
        if isinstance(record, Person):
            alias = self.pseudonyms[record.name]
            changes["name"] = alias
            changes["id"] = slugify(alias)
        return dataclasses.replace(record, **changes)


def redact_results(results: list[LoadResult], key: bytes | str | None = None) -> list[LoadResult]:
    """Replace every person's name in ``results`` with a stable pseudonym.

    Parameters
    ----------
    results : list of LoadResult
        The loaded documents of one build.
    key : bytes or str, optional
        The HMAC key; default ``$VAZBY_PSEUDONYM_KEY`` or a built-in (public) key.

    Returns
    -------
    list of LoadResult
        New results: persons renamed "Osoba N", the same names replaced in every text field
        of every record, in diagnostics and in the documents' lines. Documents keep their
        file name and hash, so provenance still points at the original file.
    """
    names = [r.name for result in results for r in result.records if isinstance(r, Person)]
    if not names:
        return list(results)
    redactor = Redactor(names, key)
    redacted = []
    for result in results:
        document: Document = dataclasses.replace(
            result.document,
            lines=tuple(redactor.text(line) for line in result.document.lines),
            rows=tuple(
                None if cells is None else tuple(redactor.text(cell) for cell in cells)
                for cells in result.document.rows
            ),
        )
        redacted.append(
            LoadResult(
                document=document,
                loader=result.loader,
                records=tuple(redactor.record(r) for r in result.records),
                diagnostics=tuple(
                    dataclasses.replace(d, message=redactor.text(d.message))
                    for d in result.diagnostics
                ),
            )
        )
    return redacted
