"""The ``report`` command: the plan report as one HTML page or a PDF."""

from __future__ import annotations

import click

from ..errors import VazbyError
from .common import GraphCommand, graph_source, handle_errors, open_graph

__all__ = ["report"]


@click.command(cls=GraphCommand)
@graph_source
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="report.html (one self-contained page) or report.pdf (printed by Chromium).",
)
@click.option("--plan", default=None, help="Only this plan (its slug); default every plan.")
@click.option(
    "--lang",
    type=click.Choice(["cs", "en"]),
    default="cs",
    show_default=True,
    help="Language of the report.",
)
@handle_errors
def report(graph, output, plan, lang):
    """Write the report a strategist attaches to an evaluation: outline, measures by status
    and area, funding, orphans, dependencies across areas, actor overlap, diagnostics, maps.

    \b
        vazby report graph.ttl -o zprava.html --plan ostrava-2022-2027
        vazby report graph.ttl -o report.pdf --lang en
    """
    from ..exports.registry import REPORT, by_suffix

    try:
        target = by_suffix(output, REPORT)
    except VazbyError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
    path = target.writer(open_graph(graph, plan), output, plan=plan, lang=lang)
    click.echo(f"wrote {path}")
