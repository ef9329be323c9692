"""What the ingest and user commands share: option checks, and warehouse errors as messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import duckdb

from fetchers.ingest.pipeline import IngestOptionError, validate_timezone, validate_user
from fetchers.warehouse import WarehouseLockedError, open_landing


def check_timezone(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """click callback: an IANA zone name, or a usage error saying what is expected."""
    if value is None:
        return None
    try:
        return validate_timezone(value)
    except IngestOptionError as error:
        raise click.BadParameter(str(error)) from error


def check_user(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return validate_user(value)
    except IngestOptionError as error:
        raise click.BadParameter(str(error)) from error


@contextmanager
def landing_or_message(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse's landing schema, open; a locked or unusable warehouse becomes a message
    saying what to do (never a traceback)."""
    try:
        with open_landing(path) as connection:
            yield connection
    except WarehouseLockedError as error:
        raise click.ClickException(str(error)) from error
    except (duckdb.Error, OSError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise click.ClickException(
            f"The warehouse {path} could not be used: {first_line}. "
            "Check DUCKDB_PATH and that its folder is writable."
        ) from error
