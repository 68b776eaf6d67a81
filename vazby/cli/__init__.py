"""The ``vazby`` command: one click group whose commands are thin wrappers of the library.

Data goes to stdout, progress and diagnostics to stderr; exit 1 for data errors, 2 for
usage errors (click's own).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from .. import __version__

__all__ = ["main", "COMMANDS"]

#: Command name → "module:attribute" of the click command, imported when the group loads.
COMMANDS: dict[str, str] = {
    "build": "vazby.cli.core:build",
    "read": "vazby.cli.read:read",
    "info": "vazby.cli.core:info",
    "table": "vazby.cli.core:table",
    "validate": "vazby.cli.core:validate",
    "profiles": "vazby.cli.profiles:profiles",
    "query": "vazby.cli.query:query",
    "sparql": "vazby.cli.query:sparql",
    "map": "vazby.cli.maps:map_command",
    "export": "vazby.cli.maps:export",
    "report": "vazby.cli.report:report",
    "serve": "vazby.cli.serve:serve",
    "publish": "vazby.cli.publish:publish",
}


class _Vazby(click.Group):
    """The group that ends quietly, with exit 0, when the reader of its output goes away
    (``vazby table … | head``): the reader has what it asked for."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # what is still buffered for stdout must not fail again at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)


@click.group(cls=_Vazby, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vazby")
def main() -> None:
    """vazby: social-inclusion plans as a knowledge graph of measures, goals, actors,
    target groups, funding and the links between them.

        vazby build examples/ -o graph.ttl
        vazby table measures graph.ttl
    """


for _name, _target in COMMANDS.items():
    _module, _attr = _target.split(":")
    main.add_command(getattr(importlib.import_module(_module), _attr), _name)
