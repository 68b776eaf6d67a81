"""vazby profiles: the layout profiles the outline reader knows."""

from __future__ import annotations

import click

from .common import handle_errors

__all__ = ["profiles"]


@click.command()
@click.argument("name", required=False)
@handle_errors
def profiles(name):
    """List the shipped layout profiles, or show one: its level words, numbering patterns,
    field labels and prose cues. A profile of your own has the same shape (TOML); pass it
    to ``vazby build --profile FILE``.

        vazby profiles

        vazby profiles outline > my-town.toml
    """
    from importlib import resources

    from ..loaders.profiles import shipped_profile, shipped_profiles

    if name is None:
        for profile in shipped_profiles():
            click.echo(f"{profile.name}\t{profile.description}")
        return
    profile = shipped_profile(name)
    text = resources.files("vazby.loaders.profiles").joinpath(f"{profile.name}.toml")
    click.echo(text.read_text(encoding="utf-8"), nl=False)
