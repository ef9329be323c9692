"""Command line: `python -m fetchers <command>`. Thin: parse options, call one function, report."""

from __future__ import annotations

import click

from fetchers import __version__
from fetchers.demo.command import demo
from fetchers.enrich.command import enrich_command
from fetchers.generate.command import generate
from fetchers.ingest.command import ingest
from fetchers.mappings.command import suggest_mappings_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fetchers")
def cli() -> None:
    """Load Spotify exports into the listening warehouse, enrich them, run the demo."""


# Each command lives in the package of its capability; register it here.
cli.add_command(ingest)
cli.add_command(suggest_mappings_command)
cli.add_command(enrich_command)
cli.add_command(generate)
cli.add_command(demo)


def main() -> None:
    cli(prog_name="python -m fetchers")
