"""Build the method's seeds (seeds/*.csv) from the method's data files in method/.

    python -m tools.build_seeds [--method DIR] [--seeds DIR]

(run from the repository root; defaults: method/ and seeds/ of the repository)

Inputs, all in the repository: the vendored vocabularies in method/vocabularies/ (beets genre
tree, list and aliases.yaml spelling rules; Discogs genres and styles; MTG-Jamendo mood/theme
tags) and the reviewed decisions in method/decisions/ (see method/README.md). Output:
genres.csv, moods.csv, map_genre_tags.csv, map_mood_tags.csv, source_entity_priors.csv,
ignored_tags.csv. The seeds are committed: they are the versioned method. To change it, edit a
file in method/decisions/, run this, review the diff of seeds/ and bump `method_version` in
dbt_project.yml.

The reviewed rows are taken as they are; this tool computes only what follows from them and
from the vocabularies: the genre ids and the tree's families and depths, the tag rows of the
automatic rules (a genre's name, an alias rule, a word suffix: fetchers/mappings/rules.py) for
every genre name and candidate tag no reviewed row claims, each mood's own name, and the priors
(specificity x reliability). It refuses a method that leaves a Discogs style or a known mood tag
unread, maps a tag it also ignores, or gives one tag confidences that sum above 1.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from fetchers.mappings.decision_files import (
    GENRE_TAGS_FILE,
    METHOD_DIR,
    MOOD_TAGS_FILE,
    TagReading,
)
from fetchers.mappings.normalize import normalize_tag
from fetchers.mappings.rules import (
    CONFIDENCE_NAME,
    AliasRule,
    ascii_fold,
    index_genre_names,
    resolve_genre,
)
from tools.genre_tree import Genre, edit_tree, genres_from_tree
from tools.method_data import Decisions, Mood, load_decisions, load_vocabularies

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PRIOR_COLUMNS = [
    "source",
    "entity_type",
    "facet",
    "prior",
    "entity_specificity",
    "source_reliability",
    "reason",
]


@dataclass(frozen=True)
class TagRow:
    source: str
    tag_normalized: str
    target_id: str
    confidence: float
    tag_example: str
    rule: str


def reviewed_rows(
    readings: Iterable[TagReading], id_for: dict[str, str], file_name: str
) -> tuple[list[TagRow], set[tuple[str, str]]]:
    """The rows of a reviewed tag-reading file, and every (source, tag) it claims.

    Rows of one (source, tag) are one reading (a split tag has several); spellings that
    normalise alike may each be listed for the reader, but must read the same.
    """
    groups: dict[tuple[str, str], list[TagReading]] = {}
    for reading in readings:
        groups.setdefault((reading.source, reading.tag), []).append(reading)
    rows: list[TagRow] = []
    claimed: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for (source, tag), group in groups.items():
        targets = sorted((r.target, r.confidence) for r in group if r.target and r.confidence)
        where = f"{file_name}: {source} {tag!r}"
        if targets and len(targets) != len(group):
            raise ValueError(f"{where} has a row without a reading beside rows with one")
        if len({target for target, _ in targets}) != len(targets):
            raise ValueError(f"{where} lists the same target twice")
        key = (source, normalize_tag(tag))
        if key in claimed:
            if claimed[key] != targets:
                raise ValueError(f"{where} disagrees with a spelling that normalises alike")
            continue
        claimed[key] = targets
        total = sum(confidence for _, confidence in targets)
        if total > 1.0 + 1e-9:
            raise ValueError(f"{where}: confidences sum to {total} > 1")
        for target, confidence in targets:
            if target not in id_for:
                raise ValueError(f"{where} reads as {target!r}, which is not in the taxonomy")
            rows.append(TagRow(source, key[1], id_for[target], confidence, tag, "curated"))
    return rows, set(claimed)


def build_genre_map(
    genres: list[Genre], decisions: Decisions, candidates: Iterable[str], aliases: list[AliasRule]
) -> list[TagRow]:
    """Reviewed rows first; then, for every tag no reviewed row claims, the automatic rules."""
    id_for = {genre.genre_name: genre.genre_id for genre in genres}
    rows, claimed = reviewed_rows(decisions.genre_tags, id_for, GENRE_TAGS_FILE)
    by_normalized = index_genre_names((genre.genre_name, genre.genre_id) for genre in genres)
    ignored = {normalize_tag(tag) for tag, _ in decisions.ignored_tags}
    # A dropped or renamed beets name stays a tag of its node, by name.
    old_names = {**decisions.tree_drops, **decisions.tree_renames}
    names = [genre.genre_name for genre in genres]
    for tag in [
        *names,
        *(ascii_fold(name) for name in names),
        *decisions.tree_drops,
        *decisions.tree_renames,
        *candidates,
    ]:
        normalized = normalize_tag(tag)
        if not normalized or ("*", normalized) in claimed or normalized in ignored:
            continue
        if tag in old_names:
            resolved = (id_for[old_names[tag]], CONFIDENCE_NAME, "name")
        elif (reading := resolve_genre(tag, by_normalized, aliases)) is not None:
            resolved = (reading.genre_id, reading.confidence, reading.rule)
        else:
            continue
        claimed.add(("*", normalized))
        rows.append(TagRow("*", normalized, *resolved[:2], tag, resolved[2]))
    return sorted(rows, key=lambda row: (row.tag_normalized, row.source, row.target_id))


def build_mood_map(decisions: Decisions, mtg_tags: Iterable[str]) -> list[TagRow]:
    """Reviewed rows and each mood's own name; every known mood tag must be read or set aside."""
    id_for = {mood.mood_id: mood.mood_id for mood in decisions.moods}
    rows, claimed = reviewed_rows(decisions.mood_tags, id_for, MOOD_TAGS_FILE)
    for mood in decisions.moods:
        normalized = normalize_tag(mood.mood_name)
        if ("*", normalized) not in claimed:
            claimed.add(("*", normalized))
            rows.append(
                TagRow("*", normalized, mood.mood_id, CONFIDENCE_NAME, mood.mood_name, "name")
            )
    covered = {tag for _, tag in claimed} | {
        normalize_tag(tag) for tag, _ in decisions.ignored_tags
    }
    themes = {tag for tag, _ in decisions.mtg_themes}
    unresolved = [
        tag
        for tag in [*mtg_tags, *decisions.mood_candidates]
        if normalize_tag(tag) not in covered and tag not in themes
    ]
    if unresolved:
        raise ValueError(
            f"mood tags neither read (mood_tags.csv), ignored nor listed as themes: {unresolved}"
        )
    return sorted(rows, key=lambda row: (row.tag_normalized, row.source, row.target_id))


def source_prior_rows(decisions: Decisions) -> list[dict[str, object]]:
    """prior = entity specificity x source reliability, for every (facet, source, entity)."""
    rows = []
    for facet, sources in decisions.source_reliability.items():
        for source, reliability in sources.items():
            for entity_type, specificity in decisions.entity_specificity.items():
                rows.append(
                    {
                        "source": source,
                        "entity_type": entity_type,
                        "facet": facet,
                        "prior": round(specificity.value * reliability.value, 4),
                        "entity_specificity": specificity.value,
                        "source_reliability": reliability.value,
                        "reason": f"{specificity.reason}; {source}: {reliability.reason}",
                    }
                )
    return sorted(rows, key=lambda row: (row["source"], row["entity_type"], row["facet"]))


def ignored_rows(
    decisions: Decisions, mtg_tags: Iterable[str], mapped_everywhere: set[str]
) -> list[dict[str, str]]:
    """ignored_tags.csv, then the MTG-Jamendo themes the dataset has and no `*` row reads
    (a theme that is a genre, `ballad`, `christmas`, is mapped, so not ignored)."""
    rows: dict[str, dict[str, str]] = {}
    for tag, reason in decisions.ignored_tags:
        normalized = normalize_tag(tag)
        rows.setdefault(
            normalized, {"tag_normalized": normalized, "reason": reason, "tag_example": tag}
        )
    in_dataset = set(mtg_tags)
    for tag, reason in decisions.mtg_themes:
        normalized = normalize_tag(tag)
        if tag in in_dataset and normalized not in mapped_everywhere:
            rows.setdefault(
                normalized, {"tag_normalized": normalized, "reason": reason, "tag_example": tag}
            )
    both = sorted(set(rows) & mapped_everywhere)
    if both:
        raise ValueError(
            f"tags both ignored (ignored_tags.csv) and mapped for every source: {both}"
        )
    return sorted(rows.values(), key=lambda row: row["tag_normalized"])


def _columns(row_type: type) -> list[str]:
    return [field.name for field in fields(row_type)]


def _map_columns(target_column: str) -> list[str]:
    return ["source", "tag_normalized", target_column, "confidence", "tag_example", "rule"]


def _map_rows(rows: list[TagRow], target_column: str) -> Iterable[dict[str, object]]:
    for row in rows:
        yield {
            "source": row.source,
            "tag_normalized": row.tag_normalized,
            target_column: row.target_id,
            "confidence": row.confidence,
            "tag_example": row.tag_example,
            "rule": row.rule,
        }


def _write(path: Path, header: list[str], rows: Iterable[dict[str, object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: ("" if value is None else value) for key, value in row.items()})
            count += 1
    return count


def build(method: Path, seeds: Path) -> dict[str, int]:
    """Write every seed CSV into `seeds` from the data in `method`; return their row counts."""
    vocabularies = load_vocabularies(method / "vocabularies")
    decisions = load_decisions(method / "decisions")
    genres = genres_from_tree(edit_tree(vocabularies.beets_tree, decisions))
    candidates = [*vocabularies.beets_genres, *vocabularies.discogs, *decisions.genre_candidates]
    genre_map = build_genre_map(genres, decisions, candidates, vocabularies.aliases)
    mapped = {row.tag_normalized for row in genre_map}
    missing = [name for name in vocabularies.discogs if normalize_tag(name) not in mapped]
    if missing:
        raise ValueError(f"Discogs genres/styles without a reading: {missing}")
    mood_map = build_mood_map(decisions, vocabularies.mtg_tags)
    mapped_everywhere = {r.tag_normalized for r in [*genre_map, *mood_map] if r.source == "*"}
    ignored = ignored_rows(decisions, vocabularies.mtg_tags, mapped_everywhere)
    seeds.mkdir(parents=True, exist_ok=True)
    return {
        "genres": _write(seeds / "genres.csv", _columns(Genre), (vars(genre) for genre in genres)),
        "moods": _write(
            seeds / "moods.csv", _columns(Mood), (vars(mood) for mood in decisions.moods)
        ),
        "map_genre_tags": _write(
            seeds / "map_genre_tags.csv",
            _map_columns("genre_id"),
            _map_rows(genre_map, "genre_id"),
        ),
        "map_mood_tags": _write(
            seeds / "map_mood_tags.csv", _map_columns("mood_id"), _map_rows(mood_map, "mood_id")
        ),
        "source_entity_priors": _write(
            seeds / "source_entity_priors.csv", PRIOR_COLUMNS, source_prior_rows(decisions)
        ),
        "ignored_tags": _write(
            seeds / "ignored_tags.csv", ["tag_normalized", "reason", "tag_example"], ignored
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--method", type=Path, default=METHOD_DIR, help="the method's data")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="where seeds go")
    args = parser.parse_args(argv)
    try:
        counts = build(args.method, args.seeds)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
