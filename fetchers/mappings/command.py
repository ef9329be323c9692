"""`python -m fetchers suggest-mappings`: write mapping suggestions for unmapped tags to a CSV."""

from __future__ import annotations

from pathlib import Path

import click

from fetchers.config import WarehouseSettings
from fetchers.mappings.suggest import SuggestError, suggest_mappings
from fetchers.warehouse import WarehouseLockedError, connect


@click.command("suggest-mappings")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Look at the N unmapped tags with the most evidence weight.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mapping_suggestions.csv"),
    show_default=True,
    help="Where to write the suggestions (CSV).",
)
@click.option(
    "--per-tag",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="At most this many proposed genres/moods per tag.",
)
@click.option(
    "--min-similarity",
    type=click.FloatRange(0, 100),
    default=80.0,
    show_default=True,
    help="Only propose matches at least this similar (0-100).",
)
def suggest_mappings_command(top: int, out: Path, per_tag: int, min_similarity: float) -> None:
    """Propose genre/mood mappings for unmapped tags (from marts.rpt_unmapped_tags) for review.

    Nothing is applied: copy the rows you accept into method/decisions/genre_tags.csv or
    mood_tags.csv, run `python -m tools.build_seeds`, bump `method_version` and run `dbt build`.
    """
    path = WarehouseSettings.from_env().duckdb_path
    if not path.is_file():
        raise click.ClickException(
            f"No warehouse at {path}: run `python -m fetchers ingest`, `enrich` and `dbt build` "
            "first (or set DUCKDB_PATH)."
        )
    try:
        connection = connect(path, read_only=True)
    except WarehouseLockedError as error:
        raise click.ClickException(str(error)) from error
    try:
        n_tags, suggestions = suggest_mappings(
            connection, out, top=top, per_tag=per_tag, min_similarity=min_similarity
        )
    except SuggestError as error:
        raise click.ClickException(str(error)) from error
    finally:
        connection.close()
    tagged = len({(s.source, s.tag_normalized) for s in suggestions})
    click.echo(
        f"{n_tags} unmapped tag(s) read; {len(suggestions)} suggestion(s) for {tagged} of them "
        f"written to {out}. Review them: nothing was applied."
    )
