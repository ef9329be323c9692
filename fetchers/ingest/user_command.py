"""The click group `user`: `python -m fetchers user set NAME --timezone TZ` (no export needed)."""

from __future__ import annotations

import shlex

import click

from fetchers.config import WarehouseSettings
from fetchers.ingest.cli_support import check_timezone, check_user, landing_or_message
from fetchers.ingest.users import TimezoneChange, set_timezone

ZONE_EXAMPLE = "Europe/Berlin"


def set_timezone_command_line(user: str) -> str:
    """The command that changes `user`'s zone, ready to paste (the name shell-quoted)."""
    return f"python -m fetchers user set {shlex.quote(user)} --timezone Area/City"


def apply_timezone(user: str, zone: str) -> None:
    """Set the zone in DUCKDB_PATH's warehouse and say what changed and what to run next."""
    with landing_or_message(WarehouseSettings.from_env().duckdb_path) as connection:
        change = set_timezone(connection, user, zone)
    click.echo(describe_change(change))


def describe_change(change: TimezoneChange) -> str:
    if not change.changed:
        return f"{change.user}: time zone is {change.current} already; nothing changed."
    was = f"was {change.previous}" if change.previous else "had none"
    line = f"{change.user}: time zone set to {change.current} ({was})."
    if change.has_plays:
        return line + " Run `dbt build` to count their days and hours in it."
    return line + " No export of theirs is loaded yet; it applies when one is."


@click.group("user")
def user() -> None:
    """Show or change a user's settings (the time zone their days and hours are counted in)."""


@user.command("set")
@click.argument("name", callback=check_user)
@click.option(
    "--timezone",
    "zone",
    required=True,
    callback=check_timezone,
    help=f"The user's IANA time zone (e.g. {ZONE_EXAMPLE}); kept until set again.",
)
def set_user(name: str, zone: str) -> None:
    """Set user NAME's time zone, without loading an export (DUCKDB_PATH's warehouse)."""
    apply_timezone(name, zone)
