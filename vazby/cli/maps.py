"""The ``map`` and ``export`` commands: interactive and static maps, and graph files."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import VazbyError
from ..exports.layout import LAYOUTS
from ..exports.mapdata import COLOR_MODES, SIZE_MODES
from ..exports.network import VIEWS
from ..exports.registry import HTML_MAP, NETWORK, RDF, STATIC_MAP, TABLES, Format, choose, names
from .common import GraphCommand, GraphSource, graph_source, handle_errors, open_graph

__all__ = ["map_command", "export", "MAP_KINDS", "EXPORT_KINDS"]

#: The registry kinds each command writes.
MAP_KINDS = (HTML_MAP, STATIC_MAP)
EXPORT_KINDS = (RDF, NETWORK, TABLES)


def _format(output: str, fmt: str | None, kinds: tuple[str, ...], option: str) -> Format:
    """The registry format of ``output``, as a usage error (exit 2) when there is none."""
    try:
        return choose(output, fmt, *kinds)
    except VazbyError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def view_options(fn):
    """The options that choose what a map or a network export shows."""
    options = [
        click.option(
            "--view",
            type=click.Choice(VIEWS),
            default=None,
            help="dependencies (plan ladder + links), actors (measures and "
            "guarantors), overlap (actors sharing measures), full.",
        ),
        click.option("--plan", default=None, help="Only this plan (its slug)."),
        click.option("--area", default=None, help="Only this thematic area (its number)."),
        click.option(
            "--focus", default=None, help="A node (IRI or identifier) and its neighbours."
        ),
        click.option(
            "--depth",
            type=click.IntRange(0),
            default=1,
            show_default=True,
            help="How many steps around --focus.",
        ),
        click.option("--hide-generic", is_flag=True, help="Leave out generic actors (NNO, město)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _view(source: GraphSource, view: str, plan, area, focus, depth, hide_generic):
    from ..exports.network import map_view

    graph = open_graph(source, plan)
    return graph, map_view(
        graph, view, plan=plan, area=area, focus=focus, depth=depth, hide_generic=hide_generic
    )


@click.command("map", cls=GraphCommand)
@graph_source
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="map.html (interactive) or map.svg / map.png / map.pdf (static).",
)
@view_options
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help="Node placement of the HTML map; auto: outline (plans, areas in columns, goals in "
    "rows), spring for the overlap view. Static maps are always layered (Graphviz dot).",
)
@click.option("--title", default=None, help="Title shown over the map.")
@click.option(
    "--color-by",
    type=click.Choice(COLOR_MODES),
    default="type",
    show_default=True,
    help="HTML map: first colouring (the page switches between all).",
)
@click.option(
    "--size-by",
    type=click.Choice(SIZE_MODES),
    default="degree",
    show_default=True,
    help="HTML map: first node sizes (the page switches between all).",
)
@click.option(
    "--labels",
    type=click.Choice(["auto", "all", "none"]),
    default="auto",
    show_default=True,
    help="Static maps: auto and all name every node (Graphviz keeps names apart); none "
    "shows numbers only.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "a3"]),
    default="a4",
    show_default=True,
    help="Static maps: landscape page the map is fitted to.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "cs"]),
    default="en",
    show_default=True,
    help="Static maps: language of the legend.",
)
@click.option("--open", "open_", is_flag=True, help="Open the map when written.")
@handle_errors
def map_command(
    graph,
    output,
    view,
    plan,
    area,
    focus,
    depth,
    hide_generic,
    layout,
    title,
    color_by,
    size_by,
    labels,
    paper,
    lang,
    open_,
):
    """Draw a map of the graph: an offline interactive HTML page or a static picture.

    \b
    vazby map graph.ttl -o map.html --view dependencies --plan ostrava
    vazby map graph.ttl -o map.html --view full --color-by status --size-by budget
    vazby map graph.ttl -o actors.svg --view actors --hide-generic --title "Garanti"
    vazby map graph.ttl -o zatec.pdf --plan zatec-evaluation --paper a3 --lang cs
    """
    target = _format(output, None, MAP_KINDS, "-o/--output")
    _, view_graph = _view(graph, view or "dependencies", plan, area, focus, depth, hide_generic)
    if target.kind == HTML_MAP:
        target.writer(
            view_graph, output, title=title, layout=layout, color_by=color_by, size_by=size_by
        )
    else:
        target.writer(
            view_graph, output, title=title, layout=layout, paper=paper, lang=lang, labels=labels
        )
    click.echo(f"wrote {output}: {len(view_graph)} nodes, {view_graph.number_of_edges()} edges")
    if open_:
        click.launch(str(Path(output).resolve()))


@click.command(cls=GraphCommand)
@graph_source
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="The file to write (for csv: a folder).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(names(*EXPORT_KINDS)),
    default=None,
    help="Default: from the ending of --output.",
)
@view_options
@handle_errors
def export(graph, output, fmt, view, plan, area, focus, depth, hide_generic):
    """Export the graph: RDF (ttl, nt, nq, trig: one named graph per plan, jsonld, xml),
    networks of a view (graphml, gexf, cytoscape, dot) or CSV tables (nodes, edges, measures).

        vazby export graph.ttl -o graph.graphml
        vazby export graph.ttl -o tables/ --format csv --view full
    """
    target = _format(output, fmt, EXPORT_KINDS, "--format")
    if target.kind == RDF:
        if view or plan or area or focus or hide_generic:
            raise click.BadParameter(
                "RDF exports hold the whole graph; view options apply to "
                f"{', '.join(names(NETWORK, TABLES))}",
                param_hint="--view",
            )
        from ..rdf.store import whole_corpus

        # a store's graphs are read in bounded requests, not triple pattern by pattern
        rdf_graph = whole_corpus(open_graph(graph))
        target.writer(rdf_graph, output)
        click.echo(f"wrote {output} ({target.name}): {len(rdf_graph)} triples")
        return
    rdf_graph, view_graph = _view(graph, view or "full", plan, area, focus, depth, hide_generic)
    if target.kind == TABLES:
        files = target.writer(rdf_graph, view_graph, output)
        click.echo(f"wrote {', '.join(str(f) for f in files)}")
        return
    target.writer(view_graph, output)
    click.echo(
        f"wrote {output} ({target.name}): {len(view_graph)} nodes, "
        f"{view_graph.number_of_edges()} edges"
    )
