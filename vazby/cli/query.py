"""``vazby query …`` (dependencies, paths, orphans, actor overlap, audit, named queries) and
``vazby sparql``: thin wrappers around :mod:`vazby.query.queries` and :mod:`vazby.query.named`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click
from rdflib.query import Result

from ..errors import QueryError
from ..guard import check_query
from ..isolated import MEMORY_MB, TIMEOUT, query_in_worker
from .common import (
    GraphCommand,
    GraphGroup,
    graph_source,
    handle_errors,
    open_graph,
    output_options,
    print_rows,
)

__all__ = ["query", "sparql"]

plan_option = click.option(
    "--plan",
    default=None,
    metavar="SLUG",
    help="Restrict to one plan (and choose it for ambiguous identifiers).",
)


@click.group(cls=GraphGroup)
def query() -> None:
    """Questions about a graph: what a measure depends on, how two are connected, orphan
    measures, actors working across areas, an audit, and the named SPARQL queries.

        vazby query orphans graph.ttl --kind unowned
    """


@query.command()
@graph_source
@click.argument("identifier")
@click.option(
    "--direction",
    type=click.Choice(["up", "down", "both"]),
    default="up",
    show_default=True,
    help="up: what it relies on; down: what relies on it.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after this many steps (default: unlimited).",
)
@plan_option
@output_options
@handle_errors
def deps(graph, identifier, direction, depth, plan, fmt):
    """What a measure or goal relies on (up) or what relies on it (down), transitively,
    each row with the link kind, the text and the source line, and how it is reached:
    "direct", or "shared-budget" when the path passes through a budget line another measure
    shares (that measure's goals are not this one's). IDENTIFIER is a number as printed
    (1.1.1.1, B.3/1.1.2) or an IRI.

        vazby query deps graph.ttl 1.1.1.1 --direction both --depth 2
    """
    from ..query.queries import dependencies

    rows = dependencies(
        open_graph(graph, plan), identifier, direction=direction, depth=depth, plan=plan
    )
    print_rows(rows, fmt, empty=f"{identifier}: no dependencies {direction}")


@query.command()
@graph_source
@click.argument("source")
@click.argument("target")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="At most this many shortest paths.",
)
@plan_option
@output_options
@handle_errors
def path(graph, source, target, limit, plan, fmt):
    """The shortest connections between two measures or goals, hop by hop, each hop with
    its kind and source line.

        vazby query path graph.ttl 1.1.1.2 2.1.1.1
    """
    from ..query.queries import paths

    rows = paths(open_graph(graph, plan), source, target, plan=plan, limit=limit)
    print_rows(rows, fmt, empty=f"{source} and {target} are not connected")


@query.command()
@graph_source
@click.option(
    "--kind",
    type=click.Choice(["unlinked", "unowned", "unfunded", "unmeasured", "all"]),
    default="all",
    show_default=True,
    help="Which reason to list.",
)
@plan_option
@output_options
@handle_errors
def orphans(graph, kind, plan, fmt):
    """Measures that stand alone, one row per measure and reason: unlinked, unowned
    (no guarantor), unfunded (no amount, no source), unmeasured (no indicator).

        vazby query orphans graph.ttl --kind unfunded --format csv
    """
    from ..query.queries import orphan_measures

    rows = orphan_measures(open_graph(graph, plan), kind, plan)
    print_rows(rows, fmt, empty="no orphan measures" + ("" if kind == "all" else f" ({kind})"))


@query.command()
@graph_source
@click.option(
    "--by",
    type=click.Choice(["measures", "goals", "areas", "plans", "target-groups", "kinds"]),
    default=None,
    help="What actors are compared by (default: areas; with --pairs, "
    "measures). 'kinds' lists kinds of measures shared by towns.",
)
@click.option(
    "--pairs", is_flag=True, help="Pairs of actors sharing items, with Jaccard similarity."
)
@click.option(
    "--min",
    "minimum",
    type=click.IntRange(min=1),
    default=None,
    help="Smallest count listed (default 2; 1 for --pairs).",
)
@click.option("--include-generic", is_flag=True, help="Keep generic actors such as a plan's 'NNO'.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Only the first N rows (the most spread actors, the pairs sharing most).",
)
@plan_option
@output_options
@handle_errors
def overlap(graph, by, pairs, minimum, include_generic, top, plan, fmt):
    """Actors active across several areas, goals, plans or target groups, or (--pairs)
    pairs of actors sharing measures or target groups.

        vazby query overlap graph.ttl --by areas --min 2
        vazby query overlap graph.ttl --pairs --by target-groups
    """
    from ..query.queries import actor_pairs, actor_spread, kind_spread

    g = open_graph(graph, plan)
    if by == "kinds":
        rows = kind_spread(g, minimum=minimum or 2, plan=plan)[:top]
    elif pairs:
        rows = actor_pairs(
            g,
            by or "measures",
            minimum=minimum or 1,
            plan=plan,
            include_generic=include_generic,
            top=top,
        )
    else:
        rows = actor_spread(
            g,
            by or "areas",
            minimum=minimum or 2,
            plan=plan,
            include_generic=include_generic,
            top=top,
        )
    print_rows(rows, fmt)


@query.command()
@graph_source
@plan_option
@output_options
@handle_errors
def audit(graph, plan, fmt):
    """Everything the loaders flagged plus graph checks: dangling links, card/table
    disagreements with both values, missing rows, measures without source, goals
    without measures, cycles, duplicates.

        vazby query audit graph.ttl --format csv
    """
    from ..query.queries import audit as run_audit

    print_rows(run_audit(open_graph(graph, plan), plan), fmt, empty="no findings")


@query.command("list")
@output_options
@handle_errors
def list_queries(fmt):
    """The named SPARQL queries, with their parameters and descriptions.

    vazby query list
    """
    from ..query.named import named_queries

    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": [
                f"?{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.parameters
            ],
            "description": q.description,
        }
        for q in named_queries()
    ]
    print_rows(rows, fmt)


@click.command(cls=GraphCommand)
@graph_source
@click.argument("query_file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("-e", "--expression", default=None, help="The query text itself.")
@click.option("--named", default=None, help="A named query (see `vazby query list`).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the named query; identifiers such as 1.1.1.1 are resolved.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=TIMEOUT,
    show_default=True,
    help="Seconds your query (a file or -e) may run before it is stopped.",
)
@click.option(
    "--memory",
    "memory_mb",
    type=click.IntRange(min=256),
    default=MEMORY_MB,
    show_default=True,
    help="Memory ceiling of the process evaluating your query (graph included), in MiB.",
)
@plan_option
@output_options
@handle_errors
def sparql(graph, query_file, expression, named, params, timeout, memory_mb, plan, fmt):
    """Run a SPARQL query (a file, -e TEXT, or --named NAME) with the vazby prefixes
    (vz:, skos:, prov:, dcterms: …) already declared. A syntax error prints the parser's
    message with the line and column in your text. Your query runs in a separate process
    without network, stopped after --timeout seconds or past --memory MiB.

        vazby sparql graph.ttl -e 'SELECT ?m WHERE { ?m a vz:Measure }'
        vazby sparql graph.ttl --named deps-up --param node=1.1.1.1
    """
    given = [x for x in (query_file, expression, named) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY_FILE, -e/--expression or --named")
    values = _parse_params(params)
    if named:
        from ..query.named import named_query, run_named

        if plan is not None:
            values.setdefault("plan", plan)
        # a query with a ?plan of its own is about that plan; else --plan only resolves
        # identifiers, and the query reads everything
        declared = {p.name for p in named_query(named).parameters}
        scope = values.get("plan") if "plan" in declared else None
        print_rows(run_named(open_graph(graph, scope), named, **values), fmt)
        return
    if values:
        raise click.UsageError("--param is for --named queries")
    text = Path(query_file).read_text(encoding="utf-8") if query_file else expression
    try:
        check_query(text)  # bounded size and depth, before the engine reads it
        if graph.endpoint is not None:
            # the store evaluates it: nothing runs here that a worker would bound
            from ..rdf.store import run_query

            _print_result(run_query(open_graph(graph), text), fmt)
        else:
            _print_result(query_in_worker(graph.path, text, timeout, memory_mb), fmt)
    except QueryError as exc:
        raise QueryError(f"{query_file}: {exc}" if query_file else str(exc)) from None


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        values[name.strip().lstrip("?")] = value
    return values


def _print_result(result: Result, fmt: str | None) -> None:
    if result.type == "ASK":
        click.echo("true" if result.askAnswer else "false")
        return
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if result.graph is not None:
            click.echo(result.graph.serialize(format="turtle"))
        return
    variables = list(result.vars or ())
    rows = [
        {str(v): (None if row.get(v) is None else str(row[v])) for v in variables}
        for row in result.bindings
    ]
    print_rows(rows, fmt, [str(v) for v in variables])


# The actors command of vazby/cli/actors.py joins the group when that module is present.
if importlib.util.find_spec("vazby.cli.actors") is not None:
    from .actors import actors as _actors

    query.add_command(_actors)
