"""A document as vazby sees it: its blocks, tables, cells and locators, for people and
programs (``vazby read``).
"""

from __future__ import annotations

from typing import Any

from .model import Block, Cell, Heading, ListItem, Locator, Paragraph, SourceFile, Table

__all__ = ["as_dict", "as_lines"]


def _place(locator: Locator) -> dict[str, int]:
    fields = ("page", "line", "paragraph", "table", "row", "cell")
    return {name: value for name in fields if (value := getattr(locator, name)) is not None}


def _block_dict(block: Block, name: str) -> dict[str, Any]:
    where = {"locator": block.locator.format(name), "at": _place(block.locator)}
    if isinstance(block, Table):
        return {
            "type": "table",
            **where,
            "rows": [
                {
                    "locator": row.locator.format(name),
                    "at": _place(row.locator),
                    "cells": [_cell_dict(cell, name) for cell in row.cells],
                }
                for row in block.rows
            ],
        }
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, "text": block.text, **where}
    if isinstance(block, ListItem):
        return {
            "type": "item",
            "depth": block.depth,
            "marker": block.marker,
            "text": block.text,
            **where,
        }
    return {"type": "paragraph", "text": block.text, **where}


def _cell_dict(cell: Cell, name: str) -> dict[str, Any]:
    return {
        "locator": cell.locator.format(name),
        "at": _place(cell.locator),
        "text": cell.text,
        "blocks": [_block_dict(block, name) for block in cell.blocks],
    }


def as_dict(source: SourceFile) -> dict[str, Any]:
    """The document as plain data (for JSON): identity, notes and every block.

    Examples
    --------
    >>> from vazby.documents.text import read_text
    >>> data = as_dict(read_text("Cíl\\nGarant\\tMěsto\\n", "p.txt"))
    >>> data["blocks"][1]["rows"][0]["cells"][1]["locator"], data["blocks"][1]["type"]
    ('p.txt:2', 'table')
    """
    return {
        "path": source.path,
        "name": source.name,
        "kind": source.kind,
        "sha256": source.sha256,
        "encoding": source.encoding,
        "notes": [
            {"locator": locator.format(source.name), "message": message}
            for locator, message in source.notes
        ],
        "blocks": [_block_dict(block, source.name) for block in source.blocks],
    }


def as_lines(source: SourceFile) -> list[str]:
    """The document as lines of text: each block after its locator, a table row by row with
    its cells between bars, a cell's own items after it. (The CLI makes them safe for a
    terminal.)

    Examples
    --------
    >>> from vazby.documents.text import read_text
    >>> print("\\n".join(as_lines(read_text("# Cíl\\n\\n| Garant | Město |\\n|--|--|\\n", "p.md"))))
    p.md: markdown, 2 blocks
    p.md:1  heading 1  Cíl
    p.md:3  table 1, 1 row
    p.md:3    row 1 | Garant | Město |
    """
    name = source.name
    lines = [f"{name}: {source.kind}, {len(source.blocks)} blocks"]
    for locator, message in source.notes:
        lines.append(f"{locator.format(name)}  note  {message}")
    for block in source.blocks:
        lines.extend(_block_lines(block, name, ""))
    return lines


def _block_lines(block: Block, name: str, indent: str) -> list[str]:
    where = block.locator.format(name)
    if isinstance(block, Heading):
        return [f"{indent}{where}  heading {block.level}  {block.text}"]
    if isinstance(block, ListItem):
        marker = block.marker or "-"
        return [f"{indent}{where}  item {'  ' * block.depth}{marker} {block.text}"]
    if isinstance(block, Paragraph):
        return [f"{indent}{where}  {block.text}"]
    rows = len(block.rows)
    number = block.locator.table if block.locator.table is not None else ""
    lines = [f"{indent}{where}  table {number}, {rows} row{'s' if rows != 1 else ''}"]
    for r, row in enumerate(block.rows, 1):
        cells = " | ".join(cell.text for cell in row.cells)
        lines.append(f"{indent}{row.locator.format(name)}    row {r} | {cells} |")
        for c, cell in enumerate(row.cells, 1):
            if len(cell.blocks) > 1 or any(not isinstance(b, Paragraph) for b in cell.blocks):
                for inner in cell.blocks:
                    lines.extend(_block_lines(inner, name, f"{indent}      c{c} "))
    return lines
