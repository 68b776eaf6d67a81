"""What every command shares: output options, row printing, error reporting, progress."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from ..atomic import os_advice
from ..errors import LoadError, VazbyError
from ..exports.tables import ROW_FORMATS, render_rows

__all__ = [
    "output_options",
    "print_rows",
    "handle_errors",
    "graph_argument",
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
        type=click.Choice(ROW_FORMATS),
        default=None,
        help="Output format: table (default on a terminal), csv, tsv or json "
        "(one object per line).",
    )(fn)


def print_rows(rows: Iterable[Any], fmt: str | None, columns: list[str] | None = None) -> None:
    for line in render_rows(rows, fmt or default_format(), columns):
        click.echo(line)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


graph_argument = click.argument("graph", type=click.Path(exists=True, dir_okay=True, readable=True))


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
            echo_err(f"{exc.path}:{exc.line}: error: {exc.message}")
            sys.exit(1)
        except VazbyError as exc:
            echo_err(f"error: {exc}")
            sys.exit(1)
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
