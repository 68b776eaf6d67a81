"""vazby profiles: the layout profiles the outline reader knows."""

from __future__ import annotations

import click

from .common import handle_errors

__all__ = ["profiles"]


@click.command()
@click.argument("name", required=False)
@handle_errors
def profiles(name):
    """List the shipped layout profiles (what reads each, its level words, numbering and
    field labels), or show one whole: the TOML file. A profile of your own has the same
    shape; pass it to ``vazby build --profile FILE``.

        vazby profiles

        vazby profiles outline > my-town.toml
    """
    from importlib import resources

    from ..loaders.profiles import shipped_profile, shipped_profiles

    if name is None:
        for profile in shipped_profiles():
            click.echo(f"{profile.name}\t{profile.description}")
            click.echo("\n".join(profile.summary()))
        return
    profile = shipped_profile(name)
    text = resources.files("vazby.loaders.profiles").joinpath(f"{profile.name}.toml")
    click.echo(text.read_text(encoding="utf-8"), nl=False)
