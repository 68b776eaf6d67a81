"""``vazby publish``: put a graph into a SPARQL 1.1 store and check it is all there."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..ontology.namespace import DEFAULT_BASE
from .common import credential_options, echo_err, graph_argument, handle_errors

__all__ = ["publish"]

#: Examples of missing or unexpected triples shown per graph.
SHOWN = 3


@click.command()
@graph_argument
@click.option(
    "--endpoint", required=True, metavar="URL", help="The store's SPARQL query/update endpoint."
)
@click.option(
    "--graph-store",
    metavar="URL",
    default=None,
    help="The store's Graph Store Protocol address (default: guessed from --endpoint for "
    "Virtuoso, Fuseki and Oxigraph; SPARQL Update when there is none).",
)
@credential_options
@click.option(
    "--graph-per-plan",
    is_flag=True,
    help="One named graph per plan (and per plan-less document), shared actors, towns and "
    "vocabularies in graphs of their own; default: one graph for everything.",
)
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the graph names."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@handle_errors
def publish(graph, endpoint, graph_store, user, password_file, graph_per_plan, base, quiet):
    """Publish GRAPH (a graph file or --store folder) to a SPARQL store, replacing what an
    earlier publish put there, then read every graph back and compare it triple by triple.

        vazby publish graph.ttl --endpoint http://localhost:8890/sparql-auth \\
            --user vazby --password-file ~/.vazby-password --graph-per-plan
    """
    from ..publish import guess_graph_store, publish_graph
    from ..rdf.endpoint import Endpoint, read_password
    from ..rdf.store import load_graph

    store = Endpoint(endpoint, user=user, password=read_password(password_file, user))
    with _progress(quiet) as progress:
        report = publish_graph(
            load_graph(graph),
            store,
            graph_store=graph_store or guess_graph_store(endpoint),
            base=base,
            per_plan=graph_per_plan,
            progress=progress,
        )
    rate = report.triples / report.seconds if report.seconds else 0.0
    click.echo(
        f"published {report.triples} triples in {len(report.checks)} graphs by "
        f"{report.method} in {report.seconds:.2f} s ({rate:,.0f} triples/s)"
    )
    for check in report.checks:
        if check.ok and not check.unexpected and not check.unread:
            continue
        click.echo(
            f"{check.name}: sent {check.sent}, the store holds {check.held}: "
            f"{len(check.missing)} missing, {len(check.unexpected) + check.unread} not sent"
            + ("" if check.replace else " (a shared graph: other publishes add to it)")
        )
        for triple in check.missing[:SHOWN]:
            click.echo("  missing: " + " ".join(t.n3() for t in triple))
        for triple in check.unexpected[:SHOWN]:
            click.echo("  not sent: " + " ".join(t.n3() for t in triple))
        if check.unread:
            click.echo(f"  not sent: {check.unread} more triples, not read (too many to list)")
    if not report.ok:
        echo_err("error: the store does not hold exactly the published triples (listed above)")
        sys.exit(1)
    click.echo("verified: every graph holds the triples sent")


class _progress:
    """A progress bar of triples sent, on stderr (none with --quiet)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.shown = 0

    def __enter__(self):
        return None if self.quiet else self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="publishing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
