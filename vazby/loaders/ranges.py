"""Numbers out of any sensible range are left out of a document's records, each with a
``field`` diagnostic.

A figure of 29 digits in a results summary, or 23 digits before "mil. Kč" in a cost, is a
typing or conversion accident, never a fact; left in, it breaks arithmetic (Python's decimals
keep 28 digits) and every total it joins. One rule for every loader, applied by
:func:`vazby.loaders.load_path` to what the loader returns: any ``Decimal`` of a record (an
amount in CZK, a figure's quantity, at any depth) beyond :data:`SENSIBLE_MAX` is dropped; an
optional field becomes None, a required one takes its object out of the tuple that holds it.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from .records import Diagnostic, LoadResult, SourceSpan

__all__ = ["SENSIBLE_MAX", "sensible", "drop_senseless_numbers"]

#: Larger than any amount or count a municipal plan can state (the Czech state budget is
#: some 2 × 10^12 CZK).
SENSIBLE_MAX = Decimal(10) ** 13

_DROP = object()


def sensible(value: Decimal) -> bool:
    """Whether ``value`` is a finite number within ±:data:`SENSIBLE_MAX`.

    Examples
    --------
    >>> sensible(Decimal("25000000")), sensible(Decimal("4" + "0" * 28))
    (True, False)
    >>> sensible(Decimal("NaN"))
    False
    """
    return value.is_finite() and abs(value) <= SENSIBLE_MAX


def drop_senseless_numbers(result: LoadResult) -> LoadResult:
    """``result`` without the numbers :func:`sensible` refuses, plus a ``field``
    diagnostic for each, at the line of the record that stated it."""
    notes: list[Diagnostic] = []
    records = []
    for record in result.records:
        span = getattr(record, "source", None)
        kept = _clean(record, span, result.document.path, notes)
        if kept is not _DROP:
            records.append(kept)
    if not notes:
        return result
    return dataclasses.replace(
        result, records=tuple(records), diagnostics=result.diagnostics + tuple(notes)
    )


def _clean(obj: Any, span: SourceSpan | None, path: str, notes: list[Diagnostic]) -> Any:
    if isinstance(obj, tuple):
        items = [_clean(item, span, path, notes) for item in obj]
        kept = tuple(item for item in items if item is not _DROP)
        unchanged = len(kept) == len(obj) and all(a is b for a, b in zip(kept, obj, strict=True))
        return obj if unchanged else kept
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type | SourceSpan):
        return obj
    own = getattr(obj, "source", None)
    span = own if isinstance(own, SourceSpan) else span
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Decimal):
            if sensible(value):
                continue
            notes.append(_note(obj, f.name, value, span, path))
            if f.default is None:
                changes[f.name] = None
                continue
            return _DROP
        if isinstance(value, tuple) or dataclasses.is_dataclass(value):
            cleaned = _clean(value, span, path, notes)
            if cleaned is _DROP:
                if f.default is None:
                    changes[f.name] = None
                    continue
                return _DROP
            if cleaned is not value:
                changes[f.name] = cleaned
    return dataclasses.replace(obj, **changes) if changes else obj


def _note(obj: Any, name: str, value: Decimal, span: SourceSpan | None, path: str) -> Diagnostic:
    raw = getattr(obj, "raw", None)
    stated = f" in {raw!r}" if isinstance(raw, str) and raw else ""
    size = f"has {value.adjusted() + 1} digits" if value.is_finite() else "is not a number"
    return Diagnostic(
        span.document if span is not None else path,
        span.first_line if span is not None else 0,
        "field",
        f"{type(obj).__name__.lower()} {name}{stated} {size}, beyond any sensible figure "
        "(over 10^13): left out; correct the number in the document",
    )
