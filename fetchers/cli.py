"""Command line: `python -m fetchers <command>`. Thin: parse options, call one function, report."""

from __future__ import annotations

import click

from fetchers import __version__
from fetchers.ingest.command import ingest


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fetchers")
def cli() -> None:
    """Load Spotify exports into the listening warehouse, enrich them, run the demo."""


# Each command lives in the package of its capability; register it here.
# (registrations below)
cli.add_command(ingest)


def main() -> None:
    cli(prog_name="python -m fetchers")
