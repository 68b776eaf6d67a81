"""``vazby read``: a document as vazby sees it."""

from __future__ import annotations

import json

import click

from .common import handle_errors

__all__ = ["read"]


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Lines for people, or JSON for programs.",
)
@handle_errors
def read(path, fmt):
    """Show a document as vazby reads it: its kind, blocks, tables, cells and the locator
    of each (``plan.pdf:p3:7``, ``plan.docx:t2:r5:c1``, ``plan.txt:12``). Example:

        vazby read plan.pdf --format json
    """
    from ..documents.detect import read_path
    from ..documents.view import as_dict, as_lines
    from ..exports.safe import escaped_json, terminal_text

    source = read_path(path)
    if fmt == "json":
        click.echo(escaped_json(json.dumps(as_dict(source), ensure_ascii=False, indent=2)))
    else:
        for line in as_lines(source):
            click.echo(terminal_text(line))
