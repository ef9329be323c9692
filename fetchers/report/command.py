"""The click command `report`: write one listener's self-contained HTML report."""

from __future__ import annotations

import re
from pathlib import Path

import click
import duckdb

from fetchers.dashboard.snapshot import SnapshotMissingError, open_snapshot, publish_dir_from_env
from fetchers.report.build import UnknownUserError, build_report


@click.command("report")
@click.option("--user", "username", required=True, help="The listener (as in dim_users).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write (default: report-USER.html in the current folder).",
)
def report_command(username: str, out: Path | None) -> None:
    """Write one self-contained HTML report of USER's listening (charts embedded, offline).

    Overview, trends, heatmaps and albums, read from the published snapshot (PUBLISH_DIR).
    """
    out = out if out is not None else Path(f"report-{_file_safe(username)}.html")
    try:
        with open_snapshot(publish_dir_from_env()) as snapshot:
            document = build_report(snapshot, username)
    except (SnapshotMissingError, UnknownUserError) as error:
        raise click.ClickException(str(error)) from error
    except duckdb.Error as error:
        raise click.ClickException(
            f"The published snapshot could not be read ({error}); publish it again with "
            "`python -m fetchers publish`."
        ) from error
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    click.echo(f"Wrote {out} ({len(document.encode('utf-8')) / 1_000_000:.1f} MB)")


def _file_safe(name: str) -> str:
    """A username as a file-name part (a name may hold slashes or spaces)."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "user"
