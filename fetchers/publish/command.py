"""The click command `publish`: publish the warehouse's marts as the readers' snapshot now."""

from __future__ import annotations

import click

from fetchers.config import WarehouseSettings, load_environment
from fetchers.publish.location import publish_dir_for
from fetchers.publish.snapshot import NothingToPublishError, publish_from_warehouse
from fetchers.warehouse import WarehouseLockedError


@click.command("publish")
def publish_command() -> None:
    """Publish the current marts to PUBLISH_DIR (default: `published/` beside the warehouse).

    Writes `marts.duckdb` (every mart as a table in schema `marts`) and one `<mart>.parquet` per
    mart, and switches to them atomically: readers that hold the old snapshot open keep reading
    it. Every successful `dbt build` does this by itself; run it after changing PUBLISH_DIR or to
    publish a warehouse built before publishing existed.
    """
    settings = WarehouseSettings.from_env()
    publish_dir = publish_dir_for(settings.duckdb_path, load_environment())
    try:
        result = publish_from_warehouse(settings.duckdb_path, publish_dir)
    except NothingToPublishError as error:
        raise click.ClickException(str(error)) from error
    except WarehouseLockedError as error:
        raise click.ClickException(
            f"{error} A `dbt build` that succeeds publishes the marts by itself."
        ) from error
    click.echo(result.summary())
