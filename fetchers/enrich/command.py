"""`python -m fetchers enrich`: parse options, run enrichment, print progress and a summary."""

from __future__ import annotations

import click

from fetchers.config import load_environment
from fetchers.enrich.rows import SOURCES
from fetchers.enrich.run import EnrichError, EnrichInterrupted, EnrichReport, enrich
from fetchers.enrich.settings import EnrichSettings, SettingsError
from fetchers.warehouse import WarehouseLockedError


def _environment_with_contact(wanted: tuple[str, ...], offline: bool) -> dict[str, str]:
    """The environment, with MUSICBRAINZ_CONTACT asked for on a terminal when it is missing
    (MusicBrainz requires a contact in the User-Agent); without a terminal it stays unset and
    MusicBrainz is skipped with a notice."""
    env = load_environment()
    missing = not (env.get("MUSICBRAINZ_CONTACT") or "").strip()
    interactive = click.get_text_stream("stdin").isatty()
    if "musicbrainz" in wanted and not offline and missing and interactive:
        contact = click.prompt(
            "MusicBrainz asks every client for a contact (your e-mail or a URL) in its "
            "User-Agent. Contact (empty: skip MusicBrainz; set MUSICBRAINZ_CONTACT in .env "
            "to stop this question)",
            default="",
            show_default=False,
        ).strip()
        if contact:
            env = {**env, "MUSICBRAINZ_CONTACT": contact}
    return env


class ProgressLine:
    """One line on stderr per batch (rewritten in place on a terminal)."""

    def __init__(self) -> None:
        self.tty = click.get_text_stream("stderr").isatty()
        self.shown = False

    def __call__(self, done: dict[str, tuple[int, int]]) -> None:
        line = "enrich: " + "  ".join(f"{s} {d}/{t}" for s, (d, t) in done.items())
        click.echo(("\r" + line) if self.tty else line, err=True, nl=not self.tty)
        self.shown = True

    def finish(self) -> None:
        if self.tty and self.shown:
            click.echo("", err=True)
            self.shown = False

    def notice(self, line: str) -> None:
        """A line of its own, between progress lines (a source taken out of the run)."""
        self.finish()
        click.echo(line, err=True)


def format_report(report: EnrichReport) -> str:
    lines = [
        f"{report.tracks} distinct tracks played; {report.batches} batch(es) written.",
        f"{'source':<12} {'tracks':>7} {'requests':>9} {'cache hits':>11} {'retries':>8} "
        f"{'failures':>9} {'offline misses':>15} {'evidence rows':>14} {'left for later':>15}",
    ]
    for s in report.sources.values():
        lines.append(
            f"{s.source:<12} {s.subjects:>7} {s.requests:>9} {s.cache_hits:>11} {s.retries:>8} "
            f"{s.failures:>9} {s.cache_misses:>15} {s.evidence_rows:>14} {s.incomplete:>15}"
        )
    if report.methods:
        lines.append(
            "MusicBrainz tracks by method: "
            + ", ".join(f"{method} {count}" for method, count in report.methods.items())
        )
    return "\n".join(lines)


def format_left_for_later(report: EnrichReport) -> str:
    """What a failed or cut-short run did not fetch, and that a later run will."""
    parts = [
        f"{source} {count} track(s)" + (" (taken out of the run)" if source in report.down else "")
        for source, count in report.left_for_later.items()
    ]
    parts += [f"{source} (taken out of the run)" for source in report.down if source not in
              report.left_for_later]  # fmt: skip
    return (
        "Not fetched this run: " + ", ".join(parts) + ". Nothing about them was recorded as "
        "found or not found: run `python -m fetchers enrich` again once the services are "
        "reachable, and it fetches what is missing."
    )


def format_interrupted(report: EnrichReport) -> str:
    return (
        f"Interrupted: {report.batches} batch(es) of {report.tracks_written} track(s) were "
        "written; the batch in progress was not. Run `python -m fetchers enrich` again to "
        "resume: what was written is skipped."
    )


def format_nothing_answered(cache_path: str) -> str:
    return (
        f"--offline, and the response cache ({cache_path}) holds no answer for these tracks: "
        "nothing was enriched. Run `python -m fetchers enrich` without --offline (with a "
        "network) to fetch them, or set ENRICH_CACHE_PATH to a cache that has them."
    )


@click.command("enrich")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(SOURCES),
    help="Only these sources (repeatable). Default: all whose credentials are set.",
)
@click.option("--limit", type=click.IntRange(min=1), help="At most N tracks (most played first).")
@click.option("--refresh", is_flag=True, help="Fetch again what was already fetched.")
@click.option("--offline", is_flag=True, help="Answer from the response cache only; no requests.")
def enrich_command(
    sources: tuple[str, ...], limit: int | None, refresh: bool, offline: bool
) -> None:
    """Resolve track identities and collect tag evidence and album track lists into landing."""
    progress = ProgressLine()
    try:
        wanted = sources or SOURCES
        settings = EnrichSettings.from_env(
            _environment_with_contact(wanted, offline), offline=offline
        )
        if any(source in settings.services for source in wanted):  # else enrich says it all
            for source in wanted:
                if source in settings.skipped:
                    click.echo(settings.skipped[source], err=True)
        report = enrich(
            settings,
            sources=sources or None,
            limit=limit,
            refresh=refresh,
            offline=offline,
            progress=progress,
            notice=progress.notice,
            status=progress.notice,
        )
    except (WarehouseLockedError, EnrichError, SettingsError) as error:
        progress.finish()
        raise click.ClickException(str(error)) from None
    except EnrichInterrupted as interrupted:
        progress.finish()
        click.echo(format_interrupted(interrupted.report), err=True)
        raise click.exceptions.Exit(130) from None
    progress.finish()
    if report.tracks == 0:
        click.echo(
            "No played tracks in landing: load exports first with `python -m fetchers ingest`.",
            err=True,
        )
    click.echo(format_report(report))
    if report.nothing_answered:
        raise click.ClickException(format_nothing_answered(str(settings.cache_path)))
    if report.down or (report.left_for_later and not offline):
        raise click.ClickException(format_left_for_later(report))
