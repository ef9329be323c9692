"""The click command `demo`: ingest the bundled sample, enrich it offline, dbt build, summarise.

One line per stage (on a terminal the line of a running stage updates in place); dbt's own
output goes to a log file the closing line of its stage names. No ANSI codes unless the output
is a terminal.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
import duckdb

from fetchers.config import WarehouseSettings
from fetchers.dbt_runner import PROJECT_DIR, node_done, nodes_run, run_dbt
from fetchers.demo.sample import sample_users
from fetchers.demo.summary import format_summary, summarise
from fetchers.enrich.run import EnrichError, EnrichReport, enrich_from_shipped_cache
from fetchers.ingest.pipeline import ingest_paths
from fetchers.ingest.plan import LoadOptions
from fetchers.ingest.report import FileStatus, IngestReport
from fetchers.warehouse import WarehouseLockedError, open_landing

DBT_LOG_NAME = "demo-dbt.log"
_NODE_KINDS = (
    ("model", "models"),
    ("test", "data tests"),
    ("unit_test", "unit tests"),
    ("seed", "seeds"),
)


class StageLine:
    """A stage's one line: rewritten in place while it runs on a terminal, else printed once
    when the stage ends."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = click.get_text_stream("stdout").isatty()
        self._width = 0

    def update(self, text: str) -> None:
        if self.tty:
            self._show(text, end="")

    def done(self, text: str) -> None:
        if self.tty:
            self._show(text, end="\n")
        else:
            click.echo(f"{self.label:<10} {text}")

    def _show(self, text: str, *, end: str) -> None:
        line = f"{self.label:<10} {text}"
        padding = " " * max(0, self._width - len(line))
        self._width = len(line)
        click.echo(f"\r{line}{padding}", nl=False)
        if end:
            click.echo(end, nl=False)


@click.command("demo")
def demo() -> None:
    """Run the whole pipeline on the bundled sample data: offline, no token needed.

    Ingests three sample users' exports into DUCKDB_PATH (default warehouse.duckdb), enriches
    them from the bundled response cache, runs `dbt build` (its output goes to
    logs/demo-dbt.log beside the warehouse) and prints what the marts say. Running it again
    changes nothing: every step is idempotent.
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
    _build(duckdb_path)
    click.echo()
    click.echo(format_summary(summarise(duckdb_path), duckdb_path))


def _ingest(duckdb_path: Path) -> None:
    line = StageLine("ingest")
    reports: list[IngestReport] = []
    with open_landing(duckdb_path) as connection:
        for user in sample_users():
            line.update(f"{user.user} ...")
            options = LoadOptions(user=user.user, timezone=user.timezone)
            report = ingest_paths(connection, list(user.paths), options)
            if not report.ok:
                failed = "\n".join(f"  {o.name}: {o.message}" for o in report.failed)
                raise click.ClickException(f"The sample of {user.user} did not load:\n{failed}")
            reports.append(report)
    line.done(describe_ingest(reports))


def describe_ingest(reports: list[IngestReport]) -> str:
    """`3 sample users, 5 files (4 loaded, 1 skipped): 1,500 new plays, 0 duplicates skipped`."""
    files = [outcome for report in reports for outcome in report.files]
    by_status = [
        f"{count} {status.label}"
        for status in FileStatus
        if (count := sum(outcome.status is status for outcome in files))
    ]
    rows = sum(report.totals.rows_loaded for report in reports)
    duplicates = sum(report.totals.rows_duplicate for report in reports)
    return (
        f"{len(reports)} sample users, {len(files)} files ({', '.join(by_status)}): "
        f"{rows:,} new plays, {duplicates:,} duplicates skipped"
    )


def _enrich(duckdb_path: Path) -> None:
    line = StageLine("enrich")

    def progress(done: dict[str, tuple[int, int]]) -> None:
        line.update("  ".join(f"{source} {d}/{t}" for source, (d, t) in done.items()))

    try:
        report = enrich_from_shipped_cache(duckdb_path, progress=progress)
    except EnrichError as error:
        line.done("failed")
        raise click.ClickException(str(error)) from error
    line.done(describe_enrich(report))


def describe_enrich(report: EnrichReport) -> str:
    evidence = sum(source.evidence_rows for source in report.sources.values())
    text = (
        f"{report.tracks:,} tracks answered from the bundled response cache; "
        f"{evidence:,} new tag evidence rows"
    )
    later = sum(report.left_for_later.values())
    if later:
        text += f"; {later:,} lookups not in the cache (left for a later run)"
    return text


def _build(duckdb_path: Path) -> None:
    line = StageLine("dbt build")
    log_path = duckdb_path.resolve().parent / "logs" / DBT_LOG_NAME
    log_path.parent.mkdir(parents=True, exist_ok=True)
    shown_log = _shown(log_path)
    started = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:

        def on_line(text: str) -> None:
            log.write(text + "\n")
            done = node_done(text)
            if done is not None:
                line.update(f"{done[0]}/{done[1]} nodes done ...")

        outcome = run_dbt(["build"], duckdb_path=duckdb_path, on_line=on_line)
    seconds = time.monotonic() - started
    if not outcome.success:
        line.done(f"FAILED after {seconds:.0f} s; full log: {shown_log}")
        raise click.ClickException(
            "dbt build failed:\n"
            + "\n".join(outcome.failures)
            + f"\nThe full dbt log is {shown_log}. Fix the cause and run again."
        )
    nodes = describe_nodes(nodes_run(PROJECT_DIR / "target"))
    line.done(f"{nodes} in {seconds:.0f} s; log: {shown_log}")


def describe_nodes(counts: dict[str, int]) -> str:
    """`330 nodes (120 models, 180 data tests, 24 unit tests, 4 seeds, 2 others)`."""
    total = sum(counts.values())
    parts = [f"{counts[kind]} {label}" for kind, label in _NODE_KINDS if counts.get(kind)]
    others = total - sum(counts.get(kind, 0) for kind, _ in _NODE_KINDS)
    if others:
        parts.append(f"{others} others")
    return f"{total} nodes" + (f" ({', '.join(parts)})" if parts else "")


def _shown(path: Path) -> str:
    """The path relative to the working directory when it is below it (shorter to read)."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)
