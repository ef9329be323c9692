"""The click command `demo`: ingest the bundled sample, enrich it offline, dbt build, summarise."""

from __future__ import annotations

from pathlib import Path

import click
import duckdb

from fetchers.config import WarehouseSettings
from fetchers.dbt_runner import run_dbt
from fetchers.demo.sample import sample_users
from fetchers.demo.summary import format_summary, summarise
from fetchers.enrich.command import ProgressLine, format_report
from fetchers.enrich.run import EnrichError, enrich_from_shipped_cache
from fetchers.ingest.command import print_outcome, print_summary
from fetchers.ingest.pipeline import ingest_paths
from fetchers.ingest.plan import LoadOptions
from fetchers.warehouse import WarehouseLockedError, open_landing


@click.command("demo")
def demo() -> None:
    """Run the whole pipeline on the bundled sample data: offline, no token needed.

    Ingests three sample users' exports into DUCKDB_PATH (default warehouse.duckdb), enriches
    them from the bundled response cache, runs `dbt build` and prints what the marts say.
    Running it again changes nothing: every step is idempotent.
    """
    duckdb_path = WarehouseSettings.from_env().duckdb_path
    click.echo(f"Warehouse: {duckdb_path}")
    try:
        _ingest(duckdb_path)
        _enrich(duckdb_path)
    except WarehouseLockedError as error:
        raise click.ClickException(str(error)) from error
    except duckdb.Error as error:
        raise click.ClickException(
            f"The warehouse {duckdb_path} could not be used: {error}"
        ) from error

    click.echo("\n== 3/4 dbt build (every model and test)")
    outcome = run_dbt(["build"], duckdb_path=duckdb_path, stream_output=True)
    if not outcome.success:
        raise click.ClickException(
            "dbt build failed:\n" + "\n".join(outcome.failures) + "\nFix the cause and run again."
        )

    click.echo("\n== 4/4 What the marts say")
    click.echo(format_summary(summarise(duckdb_path), duckdb_path))


def _ingest(duckdb_path: Path) -> None:
    click.echo("\n== 1/4 Ingest the sample exports")
    with open_landing(duckdb_path) as connection:
        for user in sample_users():
            click.echo(f"-- {user.user} ({user.timezone})")
            options = LoadOptions(user=user.user, timezone=user.timezone)
            report = ingest_paths(connection, list(user.paths), options, on_file=print_outcome)
            print_summary(report)
            if not report.ok:
                raise click.ClickException(f"The sample of {user.user} did not load: see above.")


def _enrich(duckdb_path: Path) -> None:
    click.echo("\n== 2/4 Enrich from the bundled response cache (offline)")

    progress = ProgressLine()
    try:
        report = enrich_from_shipped_cache(duckdb_path, progress=progress)
    except EnrichError as error:
        progress.finish()
        raise click.ClickException(str(error)) from error
    progress.finish()
    click.echo(format_report(report))
