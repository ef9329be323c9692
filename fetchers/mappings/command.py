"""`python -m fetchers suggest-mappings`: propose readings of unmapped tags, in the format of the
reviewed decision files, for a person to review."""

from __future__ import annotations

from pathlib import Path

import click

from fetchers.config import WarehouseSettings
from fetchers.mappings.decision_files import (
    DECISIONS_DIR,
    GENRE_TAGS_FILE,
    IGNORED_TAGS_FILE,
    MOOD_TAGS_FILE,
    VOCABULARIES_DIR,
    DecisionFileError,
    claimed_tags,
)
from fetchers.mappings.rules import AliasRule, read_aliases
from fetchers.mappings.suggest import SuggestError, SuggestOptions, suggest_mappings
from fetchers.warehouse import WarehouseLockedError, connect


def _method_inputs() -> tuple[list[AliasRule], set[str]]:
    """The tree's spelling rules and the tags reviewers already decided, from method/."""
    try:
        return read_aliases(VOCABULARIES_DIR / "aliases.yaml"), claimed_tags(DECISIONS_DIR)
    except (OSError, DecisionFileError) as error:
        raise click.ClickException(
            f"Cannot read the method's data ({error}): suggest-mappings runs from a clone of the "
            "repository, where method/ holds it."
        ) from error


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
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("mapping_suggestions"),
    show_default=True,
    help=f"Folder for the proposals: {GENRE_TAGS_FILE}, {MOOD_TAGS_FILE} and {IGNORED_TAGS_FILE}, "
    "in the format of the files of the same name in method/decisions/.",
)
@click.option(
    "--per-tag",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="At most this many alternative genres, and as many moods, per tag.",
)
@click.option(
    "--min-similarity",
    type=click.FloatRange(0, 100),
    default=SuggestOptions.min_similarity,
    show_default=True,
    help="Spelling: only propose names at least this similar (0-100).",
)
@click.option(
    "--min-share",
    type=click.FloatRange(0, 1),
    default=SuggestOptions.min_share,
    show_default=True,
    help="Co-occurrence: the target's least share of the genres (moods) of the tracks that "
    "carry the tag.",
)
@click.option(
    "--min-tracks",
    type=click.IntRange(min=1),
    default=SuggestOptions.min_tracks,
    show_default=True,
    help="Co-occurrence: the fewest tracks carrying both the tag and the target.",
)
@click.option(
    "--min-lift",
    type=click.FloatRange(min=1),
    default=SuggestOptions.min_lift,
    show_default=True,
    help="Co-occurrence: how many times its share over all tracks the target must hold.",
)
@click.option(
    "--min-artists",
    type=click.IntRange(min=1),
    default=SuggestOptions.min_artists,
    show_default=True,
    help="Co-occurrence: the fewest artists whose tracks carry the tag.",
)
def suggest_mappings_command(
    top: int,
    out: Path,
    per_tag: int,
    min_similarity: float,
    min_share: float,
    min_tracks: int,
    min_lift: float,
    min_artists: int,
) -> None:
    """Propose genre/mood readings for unmapped tags (marts.rpt_unmapped_tags), for review.

    Proposals come from the genre tree (its names and aliases.yaml spelling rules), from
    spelling similarity to genre, mood and mapped-tag names, and from co-occurrence: the genres
    and moods of the tracks that carry the tag. Each is a `*` row of genre_tags.csv or
    mood_tags.csv with its evidence in `note`; a tag that is an artist's name is proposed for
    ignored_tags.csv instead. Nothing is applied: copy the rows you accept into the file of the
    same name in method/decisions/ (set the confidence you mean), run
    `python -m tools.build_seeds`, review `git diff seeds/`, bump `method_version` and run
    `dbt build`.
    """
    if out.suffix == ".csv":
        raise click.BadParameter(
            "names a folder for the proposal files, not one CSV file.",
            param_hint="--out",
        )
    path = WarehouseSettings.from_env().duckdb_path
    if not path.is_file():
        raise click.ClickException(
            f"No warehouse at {path}: run `python -m fetchers ingest`, `enrich` and `dbt build` "
            "first (or set DUCKDB_PATH)."
        )
    aliases, decided = _method_inputs()
    options = SuggestOptions(per_tag, min_similarity, min_share, min_tracks, min_lift, min_artists)
    try:
        connection = connect(path, read_only=True)
    except WarehouseLockedError as error:
        raise click.ClickException(str(error)) from error
    try:
        proposals, written = suggest_mappings(
            connection, out, aliases=aliases, decided=decided, top=top, options=options
        )
    except SuggestError as error:
        raise click.ClickException(str(error)) from error
    finally:
        connection.close()
    tagged = {s.tag.tag_normalized for s in proposals.readings}
    tagged |= {named.tag.tag_normalized for named in proposals.artist_names}
    click.echo(
        f"{proposals.n_tags} unmapped tag(s) read; proposals for {len(tagged)} of them: "
        + ", ".join(f"{out / name} ({count} rows)" for name, count in written.items())
        + ". Review them: nothing was applied. To accept a row, copy it into the file of the "
        "same name in method/decisions/ and run `python -m tools.build_seeds`."
    )
