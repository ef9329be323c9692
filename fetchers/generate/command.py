"""`python -m fetchers generate`: write realistic Spotify exports for tests and benchmarks."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

import click

from fetchers.generate.catalogue import CATALOGUE_KINDS
from fetchers.generate.formats import GENERATIONS
from fetchers.generate.generator import GenerateOptions, Manifest, generate_exports
from fetchers.generate.sample import sample_catalogue_rows, sample_users


@click.command("generate")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--users", default=3, show_default=True, type=click.IntRange(min=1))
@click.option("--plays", default=10_000, show_default=True, type=click.IntRange(min=0))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(GENERATIONS),
    help="Export generations, taken by the users in turn (repeatable). "
    "Default: endsong_era, 2025, account_data.",
)
@click.option(
    "--catalogue", default="synthetic", show_default=True, type=click.Choice(CATALOGUE_KINDS)
)
@click.option("--albums", type=click.IntRange(min=4), help="Size of the synthetic catalogue.")
@click.option("--zip", "as_zip", is_flag=True, help="Write my_spotify_data.zip files.")
@click.option(
    "--overlap/--no-overlap",
    default=True,
    show_default=True,
    help="Give every third user an overlapping re-export.",
)
@click.option(
    "--mixed/--no-mixed",
    default=True,
    show_default=True,
    help="Put older years of odd users of 2024/2025 exports in an endsong export.",
)
@click.option(
    "--every-layout",
    is_flag=True,
    help="Give every user overlapping exports of the same listening in every layout "
    "(endsong-era, 2024/2025, account data) with close but distinct plays among them; "
    "--format, --overlap and --mixed are then not used.",
)
@click.option("--rows-per-file", default=12_000, show_default=True, type=click.IntRange(min=1))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day of the histories.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the histories.")
@click.option(
    "--workers",
    default=min(2, os.cpu_count() or 1),
    show_default=True,
    type=click.IntRange(min=1),
    help="Processes generating users in parallel.",
)
@click.option("--username", "usernames", multiple=True, help="Usernames, in user order.")
@click.option("--timezone", "timezones", multiple=True, help="IANA time zones, in user order.")
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the manifest as JSON here (keep it outside OUT_DIR).",
)
@click.option(
    "--sample-metadata",
    is_flag=True,
    help="Write users.json and catalogue.json into OUT_DIR (the demo sample).",
)
def generate(
    out_dir: Path,
    users: int,
    plays: int,
    seed: int,
    formats: tuple[str, ...],
    catalogue: str,
    albums: int | None,
    as_zip: bool,
    overlap: bool,
    mixed: bool,
    every_layout: bool,
    rows_per_file: int,
    since: datetime | None,
    until: datetime | None,
    workers: int,
    usernames: tuple[str, ...],
    timezones: tuple[str, ...],
    manifest_path: Path | None,
    sample_metadata: bool,
) -> None:
    """Write realistic Spotify exports of USERS users with PLAYS plays in all into OUT_DIR."""
    options = GenerateOptions(
        formats=formats or GenerateOptions.formats,
        catalogue=catalogue,
        catalogue_albums=albums,
        zip=as_zip,
        overlap=overlap,
        mixed=mixed,
        every_layout=every_layout,
        rows_per_file=rows_per_file,
        usernames=usernames,
        timezones=timezones,
        workers=workers,
        first_day=since.date() if since else GenerateOptions.first_day,
        last_day=until.date() if until else GenerateOptions.last_day,
    )
    started = time.perf_counter()
    try:
        options.check()
        manifest = generate_exports(out_dir, users, plays, seed, options)
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from error
    elapsed = time.perf_counter() - started
    _report(manifest, elapsed)
    if manifest_path is not None:
        manifest_path.parent.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2))
        click.echo(f"manifest: {manifest_path}")
    if sample_metadata:
        rows = sample_catalogue_rows(out_dir, manifest)
        (out_dir / "users.json").write_text(
            json.dumps(sample_users(manifest), ensure_ascii=False, indent=2) + "\n"
        )
        (out_dir / "catalogue.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        )
        click.echo(f"sample metadata: users.json, catalogue.json ({len(rows)} tracks)")


def _report(manifest: Manifest, elapsed: float) -> None:
    for file in manifest.files:
        where = f"{file.path} :: {file.member}" if file.member else file.path
        click.echo(f"  {where}  [{file.format}, {file.kind}, {file.rows} rows]")
    for user in manifest.users:
        click.echo(
            f"{user.username}: --timezone {user.timezone}; {user.plays} plays "
            f"({user.music_plays} music, {user.podcast_plays} podcast, "
            f"{user.audiobook_plays} audiobook, {user.empty_plays} empty; "
            f"{user.duplicate_rows} overlapping duplicates; {user.close_plays} close plays) "
            f"in {', '.join(user.ingest_paths)}"
        )
    click.echo(
        f"wrote {manifest.plays} plays of {len(manifest.users)} users in "
        f"{len(manifest.files)} files to {manifest.out_dir} in {elapsed:.1f} s"
    )
