"""Render rows (dataclasses or dicts) as a text table, CSV, TSV or JSON lines.

One renderer serves every listing command (the ``rows`` formats of
:mod:`vazby.exports.registry`), so ``--format`` means the same everywhere:
JSON is one object per line; CSV/TSV join lists with ``"; "``; the table aligns columns.
CSV and TSV cells never start a formula and the table carries no control characters
(:mod:`vazby.exports.safe`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from .safe import csv_cell, escaped_json, terminal_text

__all__ = ["row_dict", "render_rows"]


def row_dict(row: Any) -> dict[str, Any]:
    """A row as an ordered dict: dataclass fields in order, or the mapping itself."""
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    return dict(row)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (tuple, list)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_rows(
    rows: Iterable[Any], fmt: str = "table", columns: Sequence[str] | None = None
) -> Iterator[str]:
    """Yield the lines of ``rows`` rendered in ``fmt`` (no trailing newlines).

    Examples
    --------
    >>> list(render_rows([{"id": "1.1", "links": ["5.2", "4.1.2"]}], "csv"))
    ['id,links', '1.1,5.2; 4.1.2']
    >>> list(render_rows([{"id": "1.1", "cost": Decimal("25000000")}], "json"))
    ['{"id": "1.1", "cost": 25000000}']
    >>> print("\\n".join(render_rows([{"a": "x", "bb": 10}], "table")))
    a  bb
    -  --
    x  10
    """
    dicts = [row_dict(r) for r in rows]
    cols = list(columns) if columns else (list(dicts[0]) if dicts else [])
    if fmt == "json":
        for d in dicts:
            row = json.dumps({c: _json_value(d.get(c)) for c in cols}, ensure_ascii=False)
            yield escaped_json(row)
        return
    if fmt in ("csv", "tsv"):
        for d in [dict(zip(cols, cols, strict=True))] + dicts:
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="")
            writer.writerow([csv_cell(_cell(d.get(c))) for c in cols])
            yield buffer.getvalue()
        return
    if fmt != "table":  # the listing formats of vazby.exports.registry
        raise ValueError(f"unknown row format {fmt!r}")
    cells = [[terminal_text(_cell(d.get(c))) for c in cols] for d in dicts]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    widths = [min(w, 60) for w in widths]

    def line(values: Sequence[str]) -> str:
        parts = [
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
            for v, w in zip(values, widths, strict=True)
        ]
        return "  ".join(parts).rstrip()

    yield line(cols)
    yield line(["-" * w for w in widths])
    for r in cells:
        yield line(r)
