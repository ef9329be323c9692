"""The click command `ingest`: parse options, call ingest_paths, print progress and a summary."""

from __future__ import annotations

from pathlib import Path

import click

from fetchers.config import WarehouseSettings
from fetchers.ingest.cli_support import check_timezone, check_user, landing_or_message
from fetchers.ingest.pipeline import ingest_paths
from fetchers.ingest.plan import LoadOptions
from fetchers.ingest.report import FileOutcome, FileStatus, IngestReport
from fetchers.ingest.user_command import ZONE_EXAMPLE, apply_timezone, set_timezone_command_line


@click.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--user",
    callback=check_user,
    help="Whose plays these are: overrides the export's username; required for exports "
    "without one (since late 2024, and account data).",
)
@click.option(
    "--timezone",
    callback=check_timezone,
    help="The user's IANA time zone (e.g. Europe/Berlin); kept until given again. "
    "A new user without it gets UTC. With --user and no PATH: just set that user's zone.",
)
@click.option(
    "--keep-pii",
    is_flag=True,
    default=False,
    help="Keep ip_addr and user_agent (by default they are not stored; they still count "
    "in the duplicate check).",
)
def ingest(paths: tuple[Path, ...], user: str | None, timezone: str | None, keep_pii: bool) -> None:
    """Load Spotify exports (my_spotify_data.zip, folders, .json files) into `landing`.

    Reads Extended Streaming History (Streaming_History_Audio_*.json, endsong*.json) and
    account data (StreamingHistory*.json), recognised by content, and writes every good file
    of the call in one transaction (a bad file is named and left out). Loading the same or an
    overlapping export again adds no duplicate play. The warehouse is DUCKDB_PATH
    (default warehouse.duckdb). `ingest --user NAME --timezone TZ` with no PATH only sets
    that user's time zone (as `user set` does).
    """
    if not paths:
        if user is None or timezone is None:
            raise click.UsageError(
                "Give the export(s) to load (PATH...), or --user NAME --timezone TZ alone "
                "to change a user's time zone."
            )
        apply_timezone(user, timezone)
        return
    options = LoadOptions(user=user, timezone=timezone, keep_pii=keep_pii)
    with landing_or_message(WarehouseSettings.from_env().duckdb_path) as connection:
        report = ingest_paths(connection, list(paths), options, on_file=print_outcome)
    print_summary(report)
    if not report.ok:
        click.get_current_context().exit(1)


def print_outcome(outcome: FileOutcome) -> None:
    """One progress line per file (failures to stderr)."""
    label = "FAILED" if outcome.status is FileStatus.FAILED else outcome.status.label
    detail = outcome.message
    if outcome.status is FileStatus.LOADED and outcome.users:
        detail = f"{detail} (user {', '.join(outcome.users)}; {outcome.format})"
    line = f"{label:>14}  {outcome.name}: {detail}" if detail else f"{label:>14}  {outcome.name}"
    click.echo(line, err=outcome.status is FileStatus.FAILED)


def print_summary(report: IngestReport) -> None:
    """The closing summary: files by outcome, rows loaded and skipped, per user."""
    count = {status: len(report.with_status(status)) for status in FileStatus}
    totals = report.totals
    click.echo(
        f"Files: {count[FileStatus.LOADED]} loaded, {count[FileStatus.ALREADY_LOADED]} already "
        f"loaded, {count[FileStatus.EMPTY]} empty, {count[FileStatus.SKIPPED]} skipped, "
        f"{count[FileStatus.FAILED]} failed. Rows: {totals.rows_loaded} loaded, "
        f"{totals.rows_duplicate} duplicates skipped."
    )
    for user, (files, counts) in report.per_user().items():
        zone = report.user_timezones.get(user, "UTC")
        click.echo(
            f"  {user}: {files} file(s), {counts.rows_loaded} rows loaded, "
            f"{counts.rows_duplicate} duplicates skipped; time zone {zone}"
        )
    for user, zone in report.user_timezones.items():
        if user not in report.per_user():
            click.echo(f"  {user}: nothing new; time zone {zone}")
    for user in report.assumed_utc:
        click.echo(
            f"  {user} is new and no --timezone was given: UTC assumed (their days and hours "
            f"are counted in it). If they live elsewhere: {set_timezone_command_line(user)} "
            f"(e.g. {ZONE_EXAMPLE})"
        )
    for note in report.notes:
        click.echo(note, err=True)
    if report.failed:
        click.echo(
            f"{len(report.failed)} path(s) or file(s) failed (see above); nothing of them was "
            "loaded. Fix or remove them and run again: what loaded is kept, and reloading "
            "adds no duplicates.",
            err=True,
        )
