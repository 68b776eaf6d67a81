"""The core commands: build, info, table, validate."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import LoadError
from ..exports.registry import RDF, choose, names
from ..ontology.namespace import DEFAULT_BASE
from ..rdf.store import load_graph
from ..rdf.writers import save_graph
from .common import (
    GraphCommand,
    GraphGroup,
    echo_err,
    graph_argument,
    graph_source,
    handle_errors,
    open_graph,
    output_options,
    print_rows,
)

__all__ = ["build", "info", "table", "validate"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the graph to this file (format from the ending, or --format).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(names(RDF)),
    default=None,
    help="RDF format of --output (default: from its ending, else ttl).",
)
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the instance data."
)
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False),
    default=None,
    help="Keep the graph in an on-disk Oxigraph store in this folder.",
)
@click.option(
    "--profile",
    "profile_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A layout profile of your own (TOML, see `vazby profiles outline`), tried before "
    "the shipped ones; may be given more than once.",
)
@click.option("--strict", is_flag=True, help="Exit non-zero when there is any diagnostic.")
@click.option(
    "--redact-persons",
    is_flag=True,
    help="Replace person names with stable pseudonyms (for publishing a graph).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress and no diagnostics on stderr.")
@handle_errors
def build(paths, output, fmt, base, store, profile_files, strict, redact_persons, quiet):
    """Build the knowledge graph from plan documents (files or folders).

    Prints one line per document (its loader or layout profile, the share of its lines
    placed) and every diagnostic as ``file:line: kind: message`` on stderr, and a summary on
    stdout. Examples:

        vazby build examples/ -o graph.ttl

        vazby build plan.txt --profile my-town.toml -o graph.ttl
    """
    from ..exports.stream import STREAM_FORMATS
    from ..loaders.profiles import read_profile
    from ..pipeline import NothingLoaded, build_corpus, write_corpus

    profiles = tuple(read_profile(path) for path in profile_files)

    transform = None
    if redact_persons:
        from ..loaders.redact import redact_results

        transform = redact_results
    started = time.perf_counter()
    progress = _progress(quiet)
    # a file without an ending is Turtle; any other ending must name an RDF format
    name = (
        choose(output, fmt or (None if Path(output).suffix else "ttl"), RDF).name
        if output
        else None
    )
    try:
        if name in STREAM_FORMATS and store is None:
            # Nothing but the file is asked for: stream it, holding no graph in memory.
            result = write_corpus(
                paths,
                output,
                name,
                base=base,
                on_result=progress,
                transform=transform,
                profiles=profiles,
            )
        else:
            result = build_corpus(
                paths,
                base=base,
                store=store,
                on_result=progress,
                transform=transform,
                profiles=profiles,
            )
            if output and result.graph is not None:
                save_graph(result.graph, output, name)
    except NothingLoaded as exc:
        _report_files(exc.errors, exc.skipped)
        raise
    if not quiet:
        for document in result.documents:
            echo_err(document.line())
        for diagnostic in result.diagnostics:
            echo_err(str(diagnostic))
        _report_files(result.errors, result.skipped)
    if output:
        click.echo(f"wrote {output} ({name})")
    elapsed = time.perf_counter() - started
    click.echo(
        f"{len(result.documents)} documents, {result.measure_count} measures, "
        f"{result.triples} triples, {len(result.diagnostics)} diagnostics, "
        f"{len(result.errors)} errors in {elapsed:.2f} s"
    )
    if result.graph is not None and store:
        result.graph.close()  # releases the store's lock for the next command
    if result.errors or (strict and result.diagnostics):
        sys.exit(1)


def _report_files(errors: list[LoadError], skipped: list[LoadError]) -> None:
    """Files refused (errors) and folder files skipped, each with its reason, on stderr."""
    for error in errors:
        echo_err(f"{error.where}: error: {error.message}")
    for note in skipped:
        echo_err(f"{note.path}: skipped: {note.message}")


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    count = [0]

    def report(path, outcome) -> None:
        count[0] += 1
        status = "error" if isinstance(outcome, LoadError) else outcome.loader
        click.echo(f"\r[{count[0]}] {path} ({status})".ljust(78)[:78], err=True, nl=False)

    return report


@click.command(cls=GraphCommand)
@graph_source
@handle_errors
def info(graph):
    """Summarise a graph: triples, resources per class, plans, diagnostics.

    vazby info graph.ttl
    """
    from ..query.info import graph_info

    summary = graph_info(open_graph(graph))
    click.echo(f"triples: {summary.triples}")
    click.echo("documents:")
    for name, loader in summary.documents:
        click.echo(f"  {name}  ({loader})")
    click.echo("plans:")
    from ..loaders.records import percent_of

    placed = {slug: rest for slug, *rest in summary.coverage}
    for slug, label, measures in summary.plans:
        line = f"  {slug}  {measures} measures  {label}"
        if slug in placed:
            reader, done, total, units = placed[slug]
            line += f"  ({reader}, {percent_of(int(done), int(total))}% of {units} placed)"
        click.echo(line)
    click.echo("classes:")
    for name, count in summary.classes:
        click.echo(f"  {name}  {count}")
    click.echo("diagnostics:")
    for kind, count in summary.diagnostics:
        click.echo(f"  {kind}  {count}")


@click.group(cls=GraphGroup)
def table():
    """Tables derived from a graph.

    vazby table measures graph.ttl --format csv
    """


@table.command("measures")
@graph_source
@output_options
@click.option("--plan", default=None, help="Only the measures of this plan (its slug).")
@handle_errors
def table_measures(graph, fmt, plan):
    """One row per measure: plan, id, title, area, goal, guarantors, target groups,
    funding sources, cost in CZK, status, links and source line.

        vazby table measures graph.ttl --format json
    """
    from ..query.measures import measure_rows

    print_rows(measure_rows(open_graph(graph, plan), plan=plan), fmt)


@click.command()
@graph_argument
@handle_errors
def validate(graph):
    """Validate a graph against the shipped SHACL shapes; exit 1 when it does not conform.

    vazby validate graph.ttl
    """
    from ..rdf.validate import validate as run_validation

    report = run_validation(load_graph(graph))
    if report.conforms:
        click.echo("conforms: the graph passes every shape")
        return
    for result in report.results:
        click.echo(f"{result.severity}: {result.focus} {result.path}: {result.message}")
    click.echo(f"does not conform: {len(report.results)} results")
    sys.exit(1)
