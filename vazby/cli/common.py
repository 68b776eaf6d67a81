"""What every command shares: output options, row printing, error reporting, progress."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from ..atomic import os_advice
from ..errors import LoadError, VazbyError
from ..exports.registry import ROWS, find, names

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "output_options",
    "print_rows",
    "handle_errors",
    "graph_argument",
    "graph_source",
    "open_graph",
    "GraphSource",
    "GraphCommand",
    "GraphGroup",
    "credential_options",
    "echo_err",
    "default_format",
]


def default_format() -> str:
    """``table`` on a terminal, JSON lines when piped."""
    return "table" if sys.stdout.isatty() else "json"


def output_options(fn: Callable) -> Callable:
    """Add ``--format table|csv|tsv|json`` to a listing command."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(names(ROWS)),
        default=None,
        help="Output format: table (default on a terminal), csv, tsv or json "
        "(one object per line).",
    )(fn)


def print_rows(
    rows: Iterable[Any],
    fmt: str | None,
    columns: list[str] | None = None,
    *,
    empty: str | None = "no rows",
) -> None:
    """Print ``rows`` in ``fmt``; where there are none, say ``empty`` on stderr (None: the
    caller has said it already) and print only the header of known ``columns``, if any."""
    rows = list(rows)
    if not rows:
        if empty:
            echo_err(empty)
        if not columns:
            return
    for line in find(fmt or default_format(), ROWS).writer(rows, columns=columns):
        click.echo(line)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


graph_argument = click.argument("graph", type=click.Path(exists=True, dir_okay=True, readable=True))

# Stands for the GRAPH argument a command is given no value for when --endpoint names a store.
_ENDPOINT_GRAPH = "\x00endpoint"


class GraphCommand(click.Command):
    """A command whose GRAPH argument is left out when ``--endpoint`` names a store."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if any(a == "--endpoint" or a.startswith("--endpoint=") for a in args):
            args = [_ENDPOINT_GRAPH, *args]
        return super().parse_args(ctx, args)


class GraphGroup(click.Group):
    """A group whose commands are :class:`GraphCommand`."""

    command_class = GraphCommand


def credential_options(fn: Callable) -> Callable:
    """Add ``--user`` and ``--password-file`` (the password never on the command line)."""
    fn = click.option(
        "--password-file",
        type=click.Path(dir_okay=False),
        default=None,
        help="A file whose first line is the store's password (else $VAZBY_PASSWORD).",
    )(fn)
    return click.option("--user", default=None, help="The store's user (Basic or Digest).")(fn)


@dataclass(frozen=True, slots=True)
class GraphSource:
    """Where a command's graph is: a file or store folder, or a SPARQL endpoint."""

    path: str | None
    endpoint: str | None = None
    user: str | None = None
    password_file: str | None = None


def graph_source(fn: Callable) -> Callable:
    """Add the GRAPH argument (a graph file or ``--store`` folder) or, in its place,
    ``--endpoint URL`` with ``--user``/``--password-file``; the command is given a
    :class:`GraphSource` as ``graph`` (open it with :func:`open_graph`)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        path = kwargs.pop("graph")
        endpoint = kwargs.pop("endpoint")
        user, password_file = kwargs.pop("user"), kwargs.pop("password_file")
        if path == _ENDPOINT_GRAPH:
            path = None
        if (path is None) == (endpoint is None):
            raise click.UsageError("give a GRAPH (file or store folder) or --endpoint URL")
        if path is not None and not os.path.exists(path):
            raise click.BadParameter(
                f"{path}: no such graph file or store folder", param_hint="GRAPH"
            )
        kwargs["graph"] = GraphSource(path, endpoint, user, password_file)
        return fn(*args, **kwargs)

    command: Callable = credential_options(wrapper)
    command = click.option(
        "--endpoint",
        default=None,
        metavar="URL",
        help="Ask the SPARQL store at URL (where `vazby publish` put the graph) "
        "instead of a GRAPH.",
    )(command)
    return click.argument("graph", required=False, metavar="GRAPH")(command)


def open_graph(source: GraphSource, plan: str | None = None) -> Graph:
    """The graph of a :class:`GraphSource`: loaded from its file or folder, or the graph
    published to its store; for a question about one ``plan`` (its slug), the store's
    graphs that plan's questions read (:func:`vazby.rdf.remote.plan_scope`)."""
    if source.endpoint is None:
        from ..rdf.store import load_graph

        assert source.path is not None
        return load_graph(source.path)
    from ..rdf.endpoint import read_password
    from ..rdf.remote import open_endpoint

    return open_endpoint(
        source.endpoint,
        user=source.user,
        password=read_password(source.password_file, source.user),
        plan=plan,
    )


def handle_errors(fn: Callable) -> Callable:
    """Turn every error into a message on stderr and exit code 1, never a traceback:
    library errors as ``path:line: message``, the operating system's (a full disk, a
    folder that cannot be written) with the path and what to do, anything else as an
    internal error (``VAZBY_DEBUG=1`` shows the traceback). Ctrl-C exits 130."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LoadError as exc:
            echo_err(f"{exc.where}: error: {exc.message}")
            sys.exit(1)
        except VazbyError as exc:
            echo_err(f"error: {exc}")
            sys.exit(1)
        except BrokenPipeError:
            raise  # the reader went away: the group ends quietly (vazby.cli)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename is not None else ""
            echo_err(f"error: {where}{exc.strerror or exc}: {os_advice(exc)}")
            sys.exit(1)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            echo_err("interrupted; outputs not finished were not written")
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("VAZBY_DEBUG"):
                raise
            echo_err(
                f"error: internal error ({type(exc).__name__}: {exc}); run again with "
                "VAZBY_DEBUG=1 to see where, and please report it"
            )
            sys.exit(1)

    return wrapper
