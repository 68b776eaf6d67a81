"""``vazby query actors``: every canonical actor with the raw mentions that resolved to it."""

from __future__ import annotations

import click

from .common import (
    GraphCommand,
    graph_source,
    handle_errors,
    open_graph,
    output_options,
    print_rows,
)

__all__ = ["actors"]


@click.command(cls=GraphCommand)
@graph_source
@click.option("--plan", default=None, metavar="SLUG", help="Only the mentions in this plan.")
@click.option(
    "--min-documents",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Only organisations mentioned in at least N documents (generic actors left out).",
)
@output_options
@handle_errors
def actors(graph, plan, min_documents, fmt):
    """Each canonical actor with every raw mention that resolved to it (text, role,
    document:line), its type, and the documents and plans it appears in. With
    --min-documents 2: the organisations that appear in more than one document.

        vazby query actors graph.ttl
        vazby query actors graph.ttl --min-documents 2 --format json
    """
    from ..query.actors import actor_mentions, actors_in_documents

    g = open_graph(graph, plan)
    if min_documents is not None:
        rows = actors_in_documents(g, min_documents=min_documents, plan=plan)
    else:
        rows = actor_mentions(g, plan=plan)
    print_rows(rows, fmt)
